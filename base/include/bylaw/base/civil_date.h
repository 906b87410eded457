// Civil dates as day numbers (days since 1970-01-01, proleptic Gregorian
// calendar), as every layer counts them: the runtime's date values, the
// analyser's exact numbers and the diff's fact space. The conversions are
// the ones std::chrono::year_month_day performs (Howard Hinnant's
// days_from_civil and civil_from_days, which libstdc++ and libc++ use),
// carried out on 64-bit day numbers and years: std::chrono::year stops at
// +-32767, and date arithmetic on facts (`+ 100000 years`) goes further,
// where the layers must still agree. base_test checks them against
// <chrono> over its whole range. Part of the internal toolkit (base/, never
// installed).
#ifndef BYLAW_BASE_CIVIL_DATE_H_
#define BYLAW_BASE_CIVIL_DATE_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace bylaw::base {

struct CivilDate {
  std::int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// The day number of `year-month-day`. `month` must be 1..12 and `day`
// 1..31; a day past the month's end counts on into the next month.
constexpr std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The date of day number `days`.
constexpr CivilDate CivilFromDays(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = doy - (153 * mp + 2) / 5 + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = static_cast<std::int64_t>(yoe) + era * 400 + (out.month <= 2);
  return out;
}

constexpr bool IsLeapYear(std::int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// 28..31; `month` must be 1..12.
constexpr unsigned DaysInMonth(std::int64_t year, unsigned month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

// `days` moved by `months` calendar months (negative: back), the day of
// the month clamped to the last day of the month reached: 2024-01-31 plus
// one month is 2024-02-29.
constexpr std::int64_t AddMonths(std::int64_t days, std::int64_t months) {
  const CivilDate c = CivilFromDays(days);
  const std::int64_t total = c.year * 12 + (c.month - 1) + months;
  const std::int64_t year = total >= 0 ? total / 12 : (total - 11) / 12;
  const auto month = static_cast<unsigned>(total - year * 12) + 1;
  const unsigned last = DaysInMonth(year, month);
  return DaysFromCivil(year, month, c.day < last ? c.day : last);
}

// `YYYY-MM-DD` (at least four year digits, a `-` before a negative year).
inline std::string FormatDate(std::int64_t days) {
  const CivilDate c = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

}  // namespace bylaw::base

#endif  // BYLAW_BASE_CIVIL_DATE_H_
