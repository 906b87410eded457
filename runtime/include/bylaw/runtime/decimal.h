// Decimals: bylaw's one exact fixed-point number (docs/language.md,
// "Numbers"; docs/bundle.md, section 4).
//
// A decimal is a signed 64-bit count of millionths (10^-6 units): 2.5 is
// 2500000 units, 3% is 0.03, so 30000 units. The range is symmetric,
// -9223372036854.775807 to 9223372036854.775807 (INT64_MIN is never a
// decimal, so negation cannot overflow); at most 6 significant fractional
// digits. Every spelling is read from its text - a rule literal, a bundle
// literal, a JSON number token of a facts document - and never through a
// binary floating-point number; a value outside the range or with more
// digits is refused, never rounded. Arithmetic is exact on 128-bit
// intermediates; a product or quotient that needs more than 6 fractional
// digits rounds half away from zero (四舍五入) to 6, and a result outside
// the range is an overflow the caller reports (the evaluator's
// `ARITHMETIC`). Percents use the same units and read with 4 fractional
// digits (`12.5%` is 0.125).
//
// Everything here is a pure function of its arguments; safe from any
// thread. Header of the runtime library (decimal.cpp).
#ifndef BYLAW_RUNTIME_DECIMAL_H_
#define BYLAW_RUNTIME_DECIMAL_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "bylaw/runtime/value.h"  // kDecimalScale: units per 1, 10^6

namespace bylaw::runtime {

// A decimal carries kDecimalDigits fractional digits: kDecimalScale units
// per 1.
inline constexpr int kDecimalDigits = 6;
static_assert(kDecimalScale == 1'000'000, "kDecimalScale is 10^kDecimalDigits");
// Largest magnitude in units; the smallest decimal is -kDecimalMaxUnits.
inline constexpr std::int64_t kDecimalMaxUnits = std::numeric_limits<std::int64_t>::max();
// The range as the docs and error messages write it.
inline constexpr std::string_view kDecimalRangeText =
    "-9223372036854.775807 to 9223372036854.775807";
// A percent literal's fractional digits (two go to the division by 100).
inline constexpr int kPercentDigits = 4;

// Why a spelling is not a decimal.
enum class DecimalStatus : std::uint8_t {
  kOk,
  kSyntax,       // not a number of the expected grammar
  kTooPrecise,   // more significant fractional digits than allowed
  kOutOfRange,   // outside -kDecimalMaxUnits..kDecimalMaxUnits units
};

// Reads `text` as a number of the language and bundle grammar, `[+-]?D+(.D+)?`
// (`2.5`, `-0.125`, `12`), into `*units` = text x 10^digits, where
// `digits` is kDecimalDigits for a decimal or kPercentDigits for the
// number part of a percent. Trailing fractional zeros are not significant
// (`2.5000000` is 2.5). `*units` is set only on kOk.
DecimalStatus ParseDecimalText(std::string_view text, std::int64_t* units,
                               int digits = kDecimalDigits);

// The same for a JSON number token (RFC 8259: `-?(0|[1-9]D*)(.D+)?([eE][+-]?D+)?`),
// exponent included: `1e3` is 1000, `25e-1` is 2.5, `1e400` is kOutOfRange.
DecimalStatus ParseJsonNumberDecimal(std::string_view token, std::int64_t* units);

// What a non-kOk status means, for messages: "is out of range
// (-9223372036854.775807 to 9223372036854.775807)", "has more than 6
// fractional digits" (4 for a percent, `digits`).
std::string DecimalStatusText(DecimalStatus status, int digits = kDecimalDigits);

// `units` written in the language's spelling without trailing zeros:
// `0.03`, `12`, `-2.5`. Exact for every int64.
std::string FormatDecimal(std::int64_t units);
// The same number as a percent, without the `%`: 30000 units -> `3`.
std::string FormatPercentNumber(std::int64_t units);

// Checked arithmetic on numbers: an operand is an int or a decimal's
// units. The result is a decimal in units, computed exactly on 128 bits;
// `*` and `/` round half away from zero to 6 fractional digits (a product
// with an int never needs to). On anything but kOk, `*out` is left alone.
struct DecimalOperand {
  std::int64_t value = 0;  // the int, or the decimal's units
  bool is_int = false;
};
enum class DecimalOp : std::uint8_t { kAdd, kSub, kMul, kDiv };
enum class ArithStatus : std::uint8_t { kOk, kOutOfRange, kDivisionByZero };
ArithStatus DecimalArith(DecimalOp op, DecimalOperand a, DecimalOperand b, std::int64_t* out);

// An int as a decimal: i x 10^6 units; false when out of range.
bool DecimalFromInt(std::int64_t i, std::int64_t* units);

// -1, 0 or 1 as an int compares with a decimal of `units`, exactly (no
// overflow for any int64).
int CompareIntWithDecimal(std::int64_t i, std::int64_t units);

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_DECIMAL_H_
