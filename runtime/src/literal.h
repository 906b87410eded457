// Parsing of literal spellings shared by the bundle loader and the facts
// adapter: dates `2024-09-02`, decimals `-2.5`, percents `12.5%`, durations
// `6 months`. Implemented with Boost.Spirit X3 in literal.cpp (X3 stays out
// of headers). Public API: bylaw/runtime.h (ParseDate).
#ifndef BYLAW_RUNTIME_SRC_LITERAL_H_
#define BYLAW_RUNTIME_SRC_LITERAL_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace bylaw::runtime::runtime_internal {

// A real calendar day; days since 1970-01-01.
std::optional<std::int64_t> ParseDateLiteral(std::string_view text);
// A decimal in the decimal range with at most 6 significant fractional
// digits, in 10^-6 units (ParseDecimalText of bylaw/runtime/decimal.h,
// which says why not).
std::optional<std::int64_t> ParseDecimalLiteral(std::string_view text);
// `3%`, `12.5%` (at most 4 fractional digits), in 10^-6 units: 3% -> 30000.
std::optional<std::int64_t> ParsePercentLiteral(std::string_view text);

struct DurationLiteral {
  std::int32_t months = 0;
  std::int32_t days = 0;
};
// `N day(s)`, `N month(s)`, `N year(s)`.
std::optional<DurationLiteral> ParseDurationLiteral(std::string_view text);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_LITERAL_H_
