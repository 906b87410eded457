// Exact decimal numbers and day numbers (see exact_number.h).
#include "exact_number.h"

#include <algorithm>

#include "bylaw/base/civil_date.h"

#include "bylaw/runtime/decimal.h"

namespace bylaw::dsl::analyze_internal {
namespace {

constexpr int kMaxScale = 30;

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Floor division for a positive divisor.
__int128 FloorDiv(__int128 a, __int128 b) {
  __int128 q = a / b;
  if ((a % b != 0) && (a < 0)) --q;
  return q;
}

}  // namespace

ExactNumber ExactNumber::Integer(long long value) {
  ExactNumber n;
  n.mantissa_ = value;
  return n;
}

std::optional<ExactNumber> ExactNumber::Parse(const std::string& text) {
  ExactNumber n;
  // A decimal is read by the runtime's own reader (bylaw/runtime/decimal.h),
  // so the analysis reasons about exactly the number that will run, and
  // about none that the runtime refuses. Integers (which go beyond the
  // decimal range) are read below.
  if (text.find('.') != std::string::npos) {
    std::int64_t units = 0;
    if (runtime::ParseDecimalText(text, &units) != runtime::DecimalStatus::kOk) {
      return std::nullopt;
    }
    n.mantissa_ = units;
    n.scale_ = runtime::kDecimalDigits;
    return n;
  }
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  bool digits = false, point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') continue;
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (n.scale_ >= kMaxScale || n.mantissa_ > Pow10(36)) return std::nullopt;
    n.mantissa_ = n.mantissa_ * 10 + (c - '0');
    if (point) ++n.scale_;
  }
  if (!digits) return std::nullopt;
  if (negative) n.mantissa_ = -n.mantissa_;
  return n;
}

ExactNumber ExactNumber::FromDate(int year, int month, int day) {
  return Integer(
      base::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

bool ExactNumber::IsInteger() const {
  return mantissa_ % Pow10(scale_) == 0;
}

ExactNumber ExactNumber::Floor() const {
  ExactNumber n;
  n.mantissa_ = FloorDiv(mantissa_, Pow10(scale_));
  return n;
}

ExactNumber ExactNumber::Plus(long long k) const {
  ExactNumber n = *this;
  n.mantissa_ += static_cast<__int128>(k) * Pow10(scale_);
  return n;
}

ExactNumber ExactNumber::Negated() const {
  ExactNumber n = *this;
  n.mantissa_ = -n.mantissa_;
  return n;
}

ExactNumber ExactNumber::Add(const ExactNumber& o) const {
  const int s = std::max(scale_, o.scale_);
  return FromScaled(ScaledTo(s) + o.ScaledTo(s), s);
}

ExactNumber ExactNumber::Times(const ExactNumber& o) const {
  return FromScaled(mantissa_ * o.mantissa_, scale_ + o.scale_);
}

__int128 ExactNumber::ScaledTo(int scale) const {
  return mantissa_ * Pow10(std::max(0, scale - scale_));
}

ExactNumber ExactNumber::FromScaled(__int128 mantissa, int scale) {
  ExactNumber n;
  n.mantissa_ = mantissa;
  n.scale_ = scale;
  while (n.scale_ > 0 && n.mantissa_ % 10 == 0) {
    n.mantissa_ /= 10;
    --n.scale_;
  }
  return n;
}

ExactNumber ExactNumber::Midpoint(const ExactNumber& a, const ExactNumber& b) {
  const int s = std::max(a.scale_, b.scale_);
  const __int128 sum =
      a.mantissa_ * Pow10(s - a.scale_) + b.mantissa_ * Pow10(s - b.scale_);
  ExactNumber n;
  // sum / 2 = sum * 5 / 10.
  n.mantissa_ = sum * 5;
  n.scale_ = s + 1;
  // Drop trailing zeros so that printing stays short.
  while (n.scale_ > 0 && n.mantissa_ % 10 == 0) {
    n.mantissa_ /= 10;
    --n.scale_;
  }
  return n;
}

int ExactNumber::Compare(const ExactNumber& o) const {
  const int s = std::max(scale_, o.scale_);
  const __int128 a = mantissa_ * Pow10(s - scale_);
  const __int128 b = o.mantissa_ * Pow10(s - o.scale_);
  return a < b ? -1 : (a > b ? 1 : 0);
}

std::string ExactNumber::ToString() const {
  __int128 m = mantissa_;
  int s = scale_;
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  const bool negative = m < 0;
  if (negative) m = -m;
  // Digits from the least significant, the point after `s` of them.
  std::string reversed;
  int written = 0;
  do {
    if (s > 0 && written == s) reversed.push_back('.');
    reversed.push_back(static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
    ++written;
  } while (m != 0 || written <= s);
  if (negative) reversed.push_back('-');
  return std::string(reversed.rbegin(), reversed.rend());
}

std::string ExactNumber::ToDateString() const {
  return base::FormatDate(static_cast<std::int64_t>(Floor().mantissa_));
}

}  // namespace bylaw::dsl::analyze_internal
