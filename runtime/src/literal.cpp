// Boost.Spirit X3 grammars for dates and durations; numbers through
// bylaw/runtime/decimal.h (see literal.h).
#include "literal.h"

#include <boost/spirit/home/x3.hpp>
#include <string>

#include "bylaw/runtime/decimal.h"
#include "bylaw/runtime/value.h"

namespace bylaw::runtime::runtime_internal {

namespace x3 = boost::spirit::x3;

std::optional<std::int64_t> ParseDateLiteral(std::string_view text) {
  // YYYY-MM-DD, ASCII digits exactly so: by hand, as every fact date and
  // `as_of` of a facts document passes here (an X3 grammar cost ~5x).
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n, unsigned* out) {
    unsigned v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + static_cast<unsigned>(text[i] - '0');
    }
    *out = v;
    return true;
  };
  unsigned y = 0, m = 0, d = 0;
  if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d)) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (static_cast<int>(d) > max_day) return std::nullopt;
  return DaysFromCivil(static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
}

std::optional<std::int64_t> ParseDecimalLiteral(std::string_view text) {
  std::int64_t units = 0;
  if (ParseDecimalText(text, &units) != DecimalStatus::kOk) return std::nullopt;
  return units;
}

std::optional<std::int64_t> ParsePercentLiteral(std::string_view text) {
  if (text.empty() || text.back() != '%') return std::nullopt;
  // n% = n / 100: n read with 4 fractional digits is n% with 6.
  std::int64_t units = 0;
  if (ParseDecimalText(text.substr(0, text.size() - 1), &units, kPercentDigits) !=
      DecimalStatus::kOk) {
    return std::nullopt;
  }
  return units;
}

std::optional<DurationLiteral> ParseDurationLiteral(std::string_view text) {
  auto first = text.begin();
  const auto last = text.end();
  unsigned n = 0;
  int unit = -1;
  auto fn = [&](auto& ctx) { n = x3::_attr(ctx); };
  auto day = [&](auto&) { unit = 0; };
  auto month = [&](auto&) { unit = 1; };
  auto year = [&](auto&) { unit = 2; };
  auto units = (x3::lit("days") | x3::lit("day"))[day] |
               (x3::lit("months") | x3::lit("month"))[month] |
               (x3::lit("years") | x3::lit("year"))[year];
  if (!x3::phrase_parse(first, last, x3::uint_[fn] >> units, x3::space) ||
      first != last || n > 100000) {
    return std::nullopt;
  }
  DurationLiteral d;
  const auto count = static_cast<std::int32_t>(n);
  if (unit == 0) d.days = count;
  if (unit == 1) d.months = count;
  if (unit == 2) d.months = count * 12;
  return d;
}

}  // namespace bylaw::runtime::runtime_internal
