// Exact decimals (see bylaw/runtime/decimal.h): one reader for both
// grammars, one printer, checked 128-bit arithmetic.
#include "bylaw/runtime/decimal.h"

#include <cstdint>
#include <string>

namespace bylaw::runtime {
namespace {

// A number split into its parts, digits as written.
struct Parts {
  bool negative = false;
  std::string_view whole;  // digits before the point
  std::string_view frac;   // digits after it
  std::int64_t exponent = 0;  // saturated at +-kMaxExponent
};

constexpr std::int64_t kMaxExponent = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::size_t Digits(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  return j - i;
}

// `[+-]?D+(.D+)?`
bool SplitText(std::string_view s, Parts* p) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) p->negative = s[i++] == '-';
  const std::size_t w = Digits(s, i);
  if (w == 0) return false;
  p->whole = s.substr(i, w);
  i += w;
  if (i < s.size() && s[i] == '.') {
    const std::size_t f = Digits(s, ++i);
    if (f == 0) return false;
    p->frac = s.substr(i, f);
    i += f;
  }
  return i == s.size();
}

// RFC 8259 `-?(0|[1-9]D*)(.D+)?([eE][+-]?D+)?`
bool SplitJson(std::string_view s, Parts* p) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') {
    p->negative = true;
    ++i;
  }
  const std::size_t w = Digits(s, i);
  if (w == 0 || (w > 1 && s[i] == '0')) return false;
  p->whole = s.substr(i, w);
  i += w;
  if (i < s.size() && s[i] == '.') {
    const std::size_t f = Digits(s, ++i);
    if (f == 0) return false;
    p->frac = s.substr(i, f);
    i += f;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    const std::size_t e = Digits(s, i);
    if (e == 0) return false;
    std::int64_t x = 0;
    for (std::size_t k = i; k < i + e; ++k) {
      x = x * 10 + (s[k] - '0');
      if (x > kMaxExponent) x = kMaxExponent;
    }
    p->exponent = neg ? -x : x;
    i += e;
  }
  return i == s.size();
}

// value = (whole frac) x 10^(exponent - |frac|); units = value x 10^digits.
DecimalStatus ToUnits(const Parts& p, int digits, std::int64_t* units) {
  // The significant digits: whole and frac without leading zeros (of the
  // whole) and trailing zeros (of the whole run), each trailing zero
  // raising the power instead.
  // The digits of whole then frac, without copying them.
  const std::size_t size = p.whole.size() + p.frac.size();
  auto d = [&p](std::size_t k) {
    return k < p.whole.size() ? p.whole[k] : p.frac[k - p.whole.size()];
  };
  std::int64_t power = p.exponent - static_cast<std::int64_t>(p.frac.size()) + digits;
  std::size_t first = 0;
  while (first < size && d(first) == '0') ++first;
  if (first == size) {
    *units = 0;
    return DecimalStatus::kOk;
  }
  std::size_t last = size;
  while (d(last - 1) == '0') {
    --last;
    ++power;
  }
  const auto count = static_cast<std::int64_t>(last - first);
  // The magnitude in units has count + power integer digits; the range
  // has 19.
  if (count + power > 19) return DecimalStatus::kOutOfRange;
  if (power < 0) return DecimalStatus::kTooPrecise;
  unsigned __int128 m = 0;
  for (std::size_t k = first; k < last; ++k) m = m * 10 + static_cast<unsigned>(d(k) - '0');
  for (std::int64_t k = 0; k < power; ++k) m *= 10;
  if (m > static_cast<unsigned __int128>(kDecimalMaxUnits)) return DecimalStatus::kOutOfRange;
  const auto v = static_cast<std::int64_t>(m);
  *units = p.negative ? -v : v;
  return DecimalStatus::kOk;
}

bool InRange(__int128 x) { return x >= -kDecimalMaxUnits && x <= kDecimalMaxUnits; }

// num / den rounded half away from zero; den != 0.
__int128 RoundDiv(__int128 num, __int128 den) {
  const bool neg = (num < 0) != (den < 0);
  const __int128 n = num < 0 ? -num : num;
  const __int128 d = den < 0 ? -den : den;
  const __int128 q = (n + d / 2) / d;
  return neg ? -q : q;
}

bool Store(__int128 r, std::int64_t* out) {
  if (!InRange(r)) return false;
  *out = static_cast<std::int64_t>(r);
  return true;
}

// `units` with the point `point` digits from the right, trailing zeros off.
std::string FormatFixed(std::int64_t units, int point) {
  const bool neg = units < 0;
  const std::uint64_t mag =
      neg ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  std::uint64_t unit = 1;
  for (int k = 0; k < point; ++k) unit *= 10;
  std::string out = neg ? "-" : "";
  out += std::to_string(mag / unit);
  std::string frac = std::to_string(mag % unit);
  if (frac != "0") {
    frac.insert(0, static_cast<std::size_t>(point) - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

}  // namespace

DecimalStatus ParseDecimalText(std::string_view text, std::int64_t* units, int digits) {
  Parts p;
  if (!SplitText(text, &p)) return DecimalStatus::kSyntax;
  return ToUnits(p, digits, units);
}

DecimalStatus ParseJsonNumberDecimal(std::string_view token, std::int64_t* units) {
  Parts p;
  if (!SplitJson(token, &p)) return DecimalStatus::kSyntax;
  return ToUnits(p, kDecimalDigits, units);
}

std::string DecimalStatusText(DecimalStatus status, int digits) {
  switch (status) {
    case DecimalStatus::kOk: return "is a decimal";
    case DecimalStatus::kSyntax: return "is not a decimal number";
    case DecimalStatus::kTooPrecise:
      return "has more than " + std::to_string(digits) + " fractional digits";
    case DecimalStatus::kOutOfRange:
      return digits == kPercentDigits
                 ? "is out of range (-922337203685477.5807% to 922337203685477.5807%)"
                 : "is out of range (" + std::string(kDecimalRangeText) + ")";
  }
  return "?";
}

std::string FormatDecimal(std::int64_t units) { return FormatFixed(units, kDecimalDigits); }

std::string FormatPercentNumber(std::int64_t units) { return FormatFixed(units, kPercentDigits); }

ArithStatus DecimalArith(DecimalOp op, DecimalOperand a, DecimalOperand b, std::int64_t* out) {
  // |wide| < 2^83, so sums, and wide * 10^6, stay far inside 128 bits.
  auto wide = [](DecimalOperand x) {
    return x.is_int ? static_cast<__int128>(x.value) * kDecimalScale
                    : static_cast<__int128>(x.value);
  };
  __int128 r = 0;
  switch (op) {
    case DecimalOp::kAdd: r = wide(a) + wide(b); break;
    case DecimalOp::kSub: r = wide(a) - wide(b); break;
    case DecimalOp::kMul:
      // An int factor multiplies the units exactly; |int x int64| < 2^126.
      if (a.is_int && b.is_int) {
        r = static_cast<__int128>(a.value) * b.value;
        if (r > kDecimalMaxUnits / kDecimalScale || r < -(kDecimalMaxUnits / kDecimalScale)) {
          return ArithStatus::kOutOfRange;
        }
        r *= kDecimalScale;
      } else if (a.is_int || b.is_int) {
        r = static_cast<__int128>(a.value) * b.value;
      } else {
        r = RoundDiv(static_cast<__int128>(a.value) * b.value, kDecimalScale);
      }
      break;
    case DecimalOp::kDiv:
      if (b.value == 0) return ArithStatus::kDivisionByZero;
      r = RoundDiv(wide(a) * kDecimalScale, wide(b));
      break;
  }
  return Store(r, out) ? ArithStatus::kOk : ArithStatus::kOutOfRange;
}

bool DecimalFromInt(std::int64_t i, std::int64_t* units) {
  return Store(static_cast<__int128>(i) * kDecimalScale, units);
}

int CompareIntWithDecimal(std::int64_t i, std::int64_t units) {
  const __int128 x = static_cast<__int128>(i) * kDecimalScale;
  return x < units ? -1 : x > units ? 1 : 0;
}

}  // namespace bylaw::runtime
