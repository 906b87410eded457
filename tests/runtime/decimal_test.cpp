// The one decimal (bylaw/runtime/decimal.h): both grammars at the edges of
// the range and the scale, printing, checked arithmetic with its rounding
// rule, and a property test of parse/format/compare/arithmetic against an
// independent exact reference (digit strings and __int128 long division)
// on random numbers near the limits.
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <cstdint>
#include <limits>
#include <string>

#include "bylaw/runtime/decimal.h"

namespace rt = bylaw::runtime;
using rt::DecimalStatus;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct ParseCase {
  const char* text;
  DecimalStatus status;
  std::int64_t units;
};

}  // namespace

TEST_CASE("decimal text: exact at the edges of the range and the scale", "[decimal]") {
  static const ParseCase cases[] = {
      {"2.5", DecimalStatus::kOk, 2'500'000},
      {"-0.125", DecimalStatus::kOk, -125'000},
      {"+3", DecimalStatus::kOk, 3'000'000},
      {"007", DecimalStatus::kOk, 7'000'000},
      {"0.000001", DecimalStatus::kOk, 1},
      {"2.5000000000", DecimalStatus::kOk, 2'500'000},  // zeros are not digits of precision
      {"12345678901.123455", DecimalStatus::kOk, 12'345'678'901'123'455},
      {"12345678901.123456", DecimalStatus::kOk, 12'345'678'901'123'456},
      {"9223372036854.775807", DecimalStatus::kOk, kMax},
      {"-9223372036854.775807", DecimalStatus::kOk, -kMax},
      {"9223372036854.775808", DecimalStatus::kOutOfRange, 0},
      {"-9223372036854.775808", DecimalStatus::kOutOfRange, 0},  // symmetric range
      {"99999999999999999999999", DecimalStatus::kOutOfRange, 0},
      {"0.1234567", DecimalStatus::kTooPrecise, 0},
      {"0.0000001", DecimalStatus::kTooPrecise, 0},
      {"", DecimalStatus::kSyntax, 0},
      {"1.", DecimalStatus::kSyntax, 0},
      {".5", DecimalStatus::kSyntax, 0},
      {"1e3", DecimalStatus::kSyntax, 0},  // exponents are JSON's, not the language's
      {"1,5", DecimalStatus::kSyntax, 0},
  };
  for (const ParseCase& c : cases) {
    CAPTURE(c.text);
    std::int64_t units = -42;
    CHECK(rt::ParseDecimalText(c.text, &units) == c.status);
    CHECK(units == (c.status == DecimalStatus::kOk ? c.units : -42));
  }
  // The number part of a percent keeps 4 fractional digits.
  std::int64_t units = 0;
  CHECK(rt::ParseDecimalText("12.5", &units, rt::kPercentDigits) == DecimalStatus::kOk);
  CHECK(units == 125'000);
  CHECK(rt::ParseDecimalText("1.23456", &units, rt::kPercentDigits) ==
        DecimalStatus::kTooPrecise);
  CHECK(rt::ParseDecimalText("922337203685477.5807", &units, rt::kPercentDigits) ==
        DecimalStatus::kOk);
  CHECK(units == kMax);
  CHECK(rt::ParseDecimalText("922337203685477.5808", &units, rt::kPercentDigits) ==
        DecimalStatus::kOutOfRange);
}

TEST_CASE("decimal JSON numbers: exponents, and no double anywhere", "[decimal]") {
  static const ParseCase cases[] = {
      {"1e3", DecimalStatus::kOk, 1'000'000'000},
      {"25e-1", DecimalStatus::kOk, 2'500'000},
      {"1E+2", DecimalStatus::kOk, 100'000'000},
      {"-0", DecimalStatus::kOk, 0},
      {"0e400", DecimalStatus::kOk, 0},
      {"0.0", DecimalStatus::kOk, 0},
      {"12345678901.123455", DecimalStatus::kOk, 12'345'678'901'123'455},
      {"1.2345678901123455e10", DecimalStatus::kOk, 12'345'678'901'123'455},
      {"9223372036854775807e-6", DecimalStatus::kOk, kMax},
      {"9223372036854775808e-6", DecimalStatus::kOutOfRange, 0},
      {"1e400", DecimalStatus::kOutOfRange, 0},
      {"1e99999999999999999999", DecimalStatus::kOutOfRange, 0},
      {"99999999999999999999999", DecimalStatus::kOutOfRange, 0},
      {"1e-7", DecimalStatus::kTooPrecise, 0},
      {"1e-400", DecimalStatus::kTooPrecise, 0},
      {"012", DecimalStatus::kSyntax, 0},
      {"+1", DecimalStatus::kSyntax, 0},
      {"1.", DecimalStatus::kSyntax, 0},
      {"1e", DecimalStatus::kSyntax, 0},
  };
  for (const ParseCase& c : cases) {
    CAPTURE(c.text);
    std::int64_t units = -42;
    CHECK(rt::ParseJsonNumberDecimal(c.text, &units) == c.status);
    CHECK(units == (c.status == DecimalStatus::kOk ? c.units : -42));
  }
}

TEST_CASE("decimal printing is exact for every unit count", "[decimal]") {
  CHECK(rt::FormatDecimal(0) == "0");
  CHECK(rt::FormatDecimal(30'000) == "0.03");
  CHECK(rt::FormatDecimal(-1) == "-0.000001");
  CHECK(rt::FormatDecimal(12'000'000) == "12");
  CHECK(rt::FormatDecimal(kMax) == "9223372036854.775807");
  CHECK(rt::FormatDecimal(-kMax) == "-9223372036854.775807");
  CHECK(rt::FormatDecimal(std::numeric_limits<std::int64_t>::min()) ==
        "-9223372036854.775808");
  CHECK(rt::FormatPercentNumber(30'000) == "3");
  CHECK(rt::FormatPercentNumber(125'000) == "12.5");
  CHECK(rt::FormatPercentNumber(kMax) == "922337203685477.5807");
}

TEST_CASE("decimal arithmetic: overflow is refused, rounding is half away from zero",
          "[decimal]") {
  using rt::ArithStatus;
  using rt::DecimalOp;
  auto dec = [](std::int64_t u) { return rt::DecimalOperand{u, false}; };
  auto num = [](std::int64_t i) { return rt::DecimalOperand{i, true}; };
  std::int64_t r = -42;
  CHECK(rt::DecimalArith(DecimalOp::kAdd, dec(kMax), dec(1), &r) == ArithStatus::kOutOfRange);
  CHECK(rt::DecimalArith(DecimalOp::kSub, dec(-kMax), dec(1), &r) == ArithStatus::kOutOfRange);
  CHECK(r == -42);
  CHECK(rt::DecimalArith(DecimalOp::kAdd, dec(kMax - 1), dec(1), &r) == ArithStatus::kOk);
  CHECK(r == kMax);
  // 0.000001 * 0.5 = 0.0000005: a tie, away from zero.
  CHECK(rt::DecimalArith(DecimalOp::kMul, dec(1), dec(500'000), &r) == ArithStatus::kOk);
  CHECK(r == 1);
  CHECK(rt::DecimalArith(DecimalOp::kMul, dec(-1), dec(500'000), &r) == ArithStatus::kOk);
  CHECK(r == -1);
  // 0.000001 * 0.4 = 0.0000004 rounds to 0.
  CHECK(rt::DecimalArith(DecimalOp::kMul, dec(1), dec(400'000), &r) == ArithStatus::kOk);
  CHECK(r == 0);
  // 1 / 3 and 2 / 3 (int / int is a decimal).
  CHECK(rt::DecimalArith(DecimalOp::kDiv, num(1), num(3), &r) == ArithStatus::kOk);
  CHECK(r == 333'333);
  CHECK(rt::DecimalArith(DecimalOp::kDiv, num(2), num(3), &r) == ArithStatus::kOk);
  CHECK(r == 666'667);
  CHECK(rt::DecimalArith(DecimalOp::kDiv, num(-2), num(3), &r) == ArithStatus::kOk);
  CHECK(r == -666'667);
  CHECK(rt::DecimalArith(DecimalOp::kDiv, num(1), dec(0), &r) == ArithStatus::kDivisionByZero);
  // Products with a large int never wrap: 10^18 * 10^12 is refused.
  CHECK(rt::DecimalArith(DecimalOp::kMul, num(1'000'000'000'000'000'000),
                         dec(1'000'000'000'000'000'000), &r) == ArithStatus::kOutOfRange);
  // An int beyond the decimal range still multiplies exactly when the
  // product fits: 10^15 * 0.001 = 10^12.
  CHECK(rt::DecimalArith(DecimalOp::kMul, num(1'000'000'000'000'000), dec(1'000), &r) ==
        ArithStatus::kOk);
  CHECK(r == 1'000'000'000'000'000'000);
  CHECK(rt::DecimalArith(DecimalOp::kMul, num(9'223'372'036'854), num(1), &r) == ArithStatus::kOk);
  CHECK(rt::DecimalArith(DecimalOp::kMul, num(9'223'372'036'855), num(1), &r) ==
        ArithStatus::kOutOfRange);
  // Percent arithmetic is on the same units: 3% * 200 = 6.
  CHECK(rt::DecimalArith(DecimalOp::kMul, dec(30'000), num(200), &r) == ArithStatus::kOk);
  CHECK(r == 6'000'000);
  CHECK(rt::CompareIntWithDecimal(std::numeric_limits<std::int64_t>::min(), -kMax) < 0);
  CHECK(rt::CompareIntWithDecimal(kMax, kMax) > 0);
  CHECK(rt::CompareIntWithDecimal(3, 3'000'000) == 0);
  CHECK(rt::DecimalFromInt(9'223'372'036'854, &r));
  CHECK(r == 9'223'372'036'854'000'000);
  CHECK_FALSE(rt::DecimalFromInt(9'223'372'036'855, &r));
  CHECK_FALSE(rt::DecimalFromInt(std::numeric_limits<std::int64_t>::min(), &r));
}

// ----------------------------------------------------------- the reference

namespace {

// Digits of |x| in decimal, from an unsigned 128-bit value.
std::string Digits128(unsigned __int128 x) {
  if (x == 0) return "0";
  std::string s;
  while (x != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(x % 10)));
    x /= 10;
  }
  return s;
}

// The reference spelling: sign, the digits of |units| padded to 7, a
// point before the last 6, trailing fractional zeros and a bare point cut.
std::string ReferenceFormat(std::int64_t units) {
  const bool neg = units < 0;
  const unsigned __int128 mag =
      neg ? static_cast<unsigned __int128>(-static_cast<__int128>(units))
          : static_cast<unsigned __int128>(units);
  std::string d = Digits128(mag);
  if (d.size() < 7) d.insert(0, 7 - d.size(), '0');
  std::string s = d.substr(0, d.size() - 6) + "." + d.substr(d.size() - 6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return (neg ? "-" : "") + s;
}

// num / den rounded half away from zero by floor division and an explicit
// comparison of twice the remainder (a different method from decimal.cpp).
__int128 ReferenceRound(__int128 num, __int128 den) {
  const bool neg = (num < 0) != (den < 0);
  const unsigned __int128 n = num < 0 ? -static_cast<unsigned __int128>(num) : num;
  const unsigned __int128 d = den < 0 ? -static_cast<unsigned __int128>(den) : den;
  unsigned __int128 q = n / d;
  const unsigned __int128 rem = n % d;
  if (rem * 2 >= d) ++q;
  return neg ? -static_cast<__int128>(q) : static_cast<__int128>(q);
}

constexpr __int128 kMaxWide = kMax;

// Unit counts mostly near the edges: the range's ends, multiples of 10^6
// near them, tiny values, and anything.
rc::Gen<std::int64_t> NearLimits() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::inRange<std::int64_t>(0, 1'000'000),
                   [](std::int64_t k) { return kMax - k; }),
      rc::gen::map(rc::gen::inRange<std::int64_t>(0, 1'000'000),
                   [](std::int64_t k) { return -kMax + k; }),
      rc::gen::map(rc::gen::inRange<std::int64_t>(-9'223'372, 9'223'372),
                   [](std::int64_t k) { return k * 1'000'000'000'000; }),
      rc::gen::inRange<std::int64_t>(-3'000'000, 3'000'000),
      rc::gen::map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t x) {
        return x == std::numeric_limits<std::int64_t>::min() ? 0 : x;
      }));
}

}  // namespace

TEST_CASE("property: decimal parse, print, compare and arithmetic are exact", "[decimal]") {
  CHECK(rc::check("print and both grammars agree with the digit reference", [] {
    const std::int64_t u = *NearLimits();
    const std::string text = rt::FormatDecimal(u);
    RC_ASSERT(text == ReferenceFormat(u));
    std::int64_t back = 0;
    RC_ASSERT(rt::ParseDecimalText(text, &back) == DecimalStatus::kOk);
    RC_ASSERT(back == u);
    // The same number as a JSON token with an exponent: digits e-6.
    RC_ASSERT(rt::ParseJsonNumberDecimal(std::to_string(u) + "e-6", &back) == DecimalStatus::kOk);
    RC_ASSERT(back == u);
    // One more digit of precision than the scale is refused, not rounded.
    if (u != 0) {
      RC_ASSERT(rt::ParseJsonNumberDecimal(std::to_string(u) + "1e-7", &back) ==
                DecimalStatus::kTooPrecise);
    }
  }));
  CHECK(rc::check("arithmetic matches the 128-bit reference, overflow included", [] {
    const std::int64_t a = *NearLimits();
    const std::int64_t b = *NearLimits();
    const bool a_int = *rc::gen::inRange(0, 4) == 0;
    const bool b_int = *rc::gen::inRange(0, 4) == 0;
    const auto op = static_cast<rt::DecimalOp>(*rc::gen::inRange(0, 4));
    // Reference in units of 10^-6; ints widened (|x| < 2^83).
    const __int128 x = a_int ? static_cast<__int128>(a) * 1'000'000 : a;
    const __int128 y = b_int ? static_cast<__int128>(b) * 1'000'000 : b;
    bool fits = true;  // whether the reference's own arithmetic stays exact
    __int128 want = 0;
    switch (op) {
      case rt::DecimalOp::kAdd: want = x + y; break;
      case rt::DecimalOp::kSub: want = x - y; break;
      case rt::DecimalOp::kMul:
        if (a_int || b_int) {
          // i * (units or j * 10^6): exact when the int factor is small.
          const __int128 i = a_int ? a : b;
          const __int128 other = a_int ? y : x;
          const unsigned __int128 mi = i < 0 ? -i : i;
          const unsigned __int128 mo = other < 0 ? -other : other;
          fits = mo == 0 || mi <= (static_cast<unsigned __int128>(1) << 126) / mo;
          if (fits) want = i * other;
        } else {
          want = ReferenceRound(static_cast<__int128>(a) * b, 1'000'000);
        }
        break;
      case rt::DecimalOp::kDiv:
        if (y == 0) {
          std::int64_t r = 0;
          RC_ASSERT(rt::DecimalArith(op, {a, a_int}, {b, b_int}, &r) ==
                    rt::ArithStatus::kDivisionByZero);
          return;
        }
        want = ReferenceRound(x * 1'000'000, y);
        break;
    }
    std::int64_t got = 0;
    const rt::ArithStatus status = rt::DecimalArith(op, {a, a_int}, {b, b_int}, &got);
    if (!fits) {
      // Beyond 2^126 the product is certainly out of range.
      RC_ASSERT(status == rt::ArithStatus::kOutOfRange);
      return;
    }
    if (want > kMaxWide || want < -kMaxWide) {
      RC_ASSERT(status == rt::ArithStatus::kOutOfRange);
    } else {
      RC_ASSERT(status == rt::ArithStatus::kOk);
      RC_ASSERT(static_cast<__int128>(got) == want);
    }
  }));
  CHECK(rc::check("int and decimal compare exactly", [] {
    const std::int64_t i = *rc::gen::oneOf(
        rc::gen::arbitrary<std::int64_t>(),
        rc::gen::inRange<std::int64_t>(-9'223'372'036'855, 9'223'372'036'855));
    const std::int64_t u = *NearLimits();
    const __int128 x = static_cast<__int128>(i) * 1'000'000;
    const int want = x < u ? -1 : x > u ? 1 : 0;
    RC_ASSERT(rt::CompareIntWithDecimal(i, u) == want);
  }));
}
