// Civil dates (bylaw/base/civil_date.h) against <chrono>: the day numbers,
// month arithmetic with the end-of-month clamp and the text form agree with
// std::chrono over its whole range, and the 64-bit conversions still round
// trip beyond it, where std::chrono::year stops.
#include "bylaw/base/civil_date.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace base = bylaw::base;
namespace chr = std::chrono;

namespace {

chr::year_month_day Ymd(std::int64_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

std::int64_t DayNumber(chr::year_month_day ymd) {
  return chr::sys_days{ymd}.time_since_epoch().count();
}

// std::chrono's first and last representable days.
const std::int64_t kFirst = DayNumber(chr::year::min() / chr::January / 1);
const std::int64_t kLast = DayNumber(chr::year::max() / chr::December / 31);

}  // namespace

TEST_CASE("day numbers are std::chrono's over its whole range") {
  // Every day of the years around the Gregorian reform and today's, then
  // a stride through the rest that visits every day of the month and every
  // place in the 400-year cycle.
  const auto check = [](std::int64_t n) {
    const chr::year_month_day ymd = Ymd(n);
    const base::CivilDate c = base::CivilFromDays(n);
    REQUIRE(c.year == static_cast<int>(ymd.year()));
    REQUIRE(c.month == static_cast<unsigned>(ymd.month()));
    REQUIRE(c.day == static_cast<unsigned>(ymd.day()));
    REQUIRE(base::DaysFromCivil(c.year, c.month, c.day) == n);
  };
  for (std::int64_t n = DayNumber(chr::year{1500} / 1 / 1); n <= DayNumber(chr::year{2500} / 1 / 1);
       ++n) {
    check(n);
  }
  for (std::int64_t n = kFirst; n <= kLast; n += 97) check(n);
  check(kFirst);
  check(kLast);
  CHECK(base::DaysFromCivil(1970, 1, 1) == 0);
  CHECK(base::DaysFromCivil(2024, 9, 2) == DayNumber(chr::year{2024} / 9 / 2));
}

TEST_CASE("leap years and month lengths are std::chrono's") {
  for (int y = -2000; y <= 2400; ++y) {
    INFO(y);
    REQUIRE(base::IsLeapYear(y) == chr::year{y}.is_leap());
    for (unsigned m = 1; m <= 12; ++m) {
      REQUIRE(base::DaysInMonth(y, m) ==
              static_cast<unsigned>((chr::year{y} / chr::month{m} / chr::last).day()));
    }
  }
}

TEST_CASE("adding months clamps to the month's last day, as std::chrono's last does") {
  for (std::int64_t n = DayNumber(chr::year{1999} / 11 / 1);
       n <= DayNumber(chr::year{2005} / 3 / 1); ++n) {
    for (int months : {-25, -13, -12, -1, 0, 1, 2, 11, 12, 13, 48, 1200}) {
      chr::year_month_day want = Ymd(n) + chr::months{months};
      if (!want.ok()) want = want.year() / want.month() / chr::last;
      INFO(n << " + " << months);
      REQUIRE(base::AddMonths(n, months) == DayNumber(want));
    }
  }
  CHECK(base::FormatDate(base::AddMonths(base::DaysFromCivil(2024, 1, 31), 1)) == "2024-02-29");
  CHECK(base::FormatDate(base::AddMonths(base::DaysFromCivil(2023, 3, 31), -1)) == "2023-02-28");
}

TEST_CASE("dates are written YYYY-MM-DD, and beyond std::chrono still round-trip") {
  CHECK(base::FormatDate(0) == "1970-01-01");
  CHECK(base::FormatDate(base::DaysFromCivil(2026, 12, 7)) == "2026-12-07");
  CHECK(base::FormatDate(base::DaysFromCivil(5, 3, 4)) == "0005-03-04");
  CHECK(base::FormatDate(base::DaysFromCivil(-5, 3, 4)) == "-005-03-04");
  for (std::int64_t n : {kLast + 1, kFirst - 1, std::int64_t{1} << 40, -(std::int64_t{1} << 40)}) {
    const base::CivilDate c = base::CivilFromDays(n);
    INFO(n);
    CHECK(base::DaysFromCivil(c.year, c.month, c.day) == n);
  }
  CHECK(base::FormatDate(kLast + 1) == "32768-01-01");
}
