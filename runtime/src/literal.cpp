// Boost.Spirit X3 grammars for literal values (see literal.h).
#include "literal.h"

#include <boost/spirit/home/x3.hpp>
#include <string>

#include "bylaw/runtime/value.h"

namespace bylaw::runtime::runtime_internal {
namespace {

namespace x3 = boost::spirit::x3;

// Digits as a string so that the fraction is never rounded through a double.
struct NumberParts {
  bool negative = false;
  std::string whole;
  std::string frac;
};

std::optional<NumberParts> ParseNumber(std::string_view text) {
  NumberParts p;
  auto first = text.begin();
  const auto last = text.end();
  auto neg = [&](auto&) { p.negative = true; };
  auto whole = [&](auto& ctx) {
    auto r = x3::_attr(ctx);
    p.whole.assign(r.begin(), r.end());
  };
  auto frac = [&](auto& ctx) {
    auto r = x3::_attr(ctx);
    p.frac.assign(r.begin(), r.end());
  };
  const bool ok = x3::parse(
      first, last,
      -(x3::lit('-')[neg] | x3::lit('+')) >> x3::raw[+x3::digit][whole] >>
          -(x3::lit('.') >> x3::raw[+x3::digit][frac]));
  if (!ok || first != last) return std::nullopt;
  return p;
}

std::optional<std::int64_t> Scale(const NumberParts& p, int extra_digits) {
  // value = whole.frac * 10^(6 - extra_digits) with frac at most
  // 6 - extra_digits digits.
  const std::size_t max_frac = static_cast<std::size_t>(6 - extra_digits);
  if (p.frac.size() > max_frac) return std::nullopt;
  if (p.whole.size() > 12) return std::nullopt;  // keeps the product in range
  std::int64_t whole = std::stoll(p.whole);
  std::string frac = p.frac;
  frac.resize(max_frac, '0');
  std::int64_t f = frac.empty() ? 0 : std::stoll(frac);
  std::int64_t unit = 1;
  for (std::size_t i = 0; i < max_frac; ++i) unit *= 10;
  std::int64_t v = whole * unit + f;
  return p.negative ? -v : v;
}

}  // namespace

std::optional<std::int64_t> ParseDateLiteral(std::string_view text) {
  auto first = text.begin();
  const auto last = text.end();
  unsigned y = 0, m = 0, d = 0;
  x3::uint_parser<unsigned, 10, 4, 4> year;
  x3::uint_parser<unsigned, 10, 2, 2> two;
  auto fy = [&](auto& ctx) { y = x3::_attr(ctx); };
  auto fm = [&](auto& ctx) { m = x3::_attr(ctx); };
  auto fd = [&](auto& ctx) { d = x3::_attr(ctx); };
  if (!x3::parse(first, last, year[fy] >> '-' >> two[fm] >> '-' >> two[fd]) ||
      first != last) {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (static_cast<int>(d) > max_day) return std::nullopt;
  return DaysFromCivil(static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
}

std::optional<std::int64_t> ParseDecimalLiteral(std::string_view text) {
  auto parts = ParseNumber(text);
  if (!parts) return std::nullopt;
  return Scale(*parts, 0);
}

std::optional<std::int64_t> ParsePercentLiteral(std::string_view text) {
  if (text.empty() || text.back() != '%') return std::nullopt;
  auto parts = ParseNumber(text.substr(0, text.size() - 1));
  if (!parts) return std::nullopt;
  // n% = n / 100: scale by 10^4 instead of 10^6.
  return Scale(*parts, 2);
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
