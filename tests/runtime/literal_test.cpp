// Literal parsing (Boost.Spirit X3): dates, decimals, percents, durations.
#include <catch2/catch.hpp>

#include "bylaw/runtime.h"
#include "literal.h"

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;

TEST_CASE("dates parse to days since 1970-01-01 and reject impossible days") {
  struct Case {
    const char* text;
    bool ok;
  };
  static const Case kCases[] = {
      {"1970-01-01", true},
      {"2024-02-29", true},
      {"2023-02-29", false},
      {"2000-02-29", true},
      {"1900-02-29", false},
      {"2024-13-01", false},
      {"2024-9-2", false},
      {"2024-09-02x", false},
      {"", false},
      // Exactly four, two and two ASCII digits (the grammar was X3's).
      {"0000-01-01", true},
      {"9999-12-31", true},
      {"+024-01-01", false},
      {"-024-01-01", false},
      {" 024-01-01", false},
      {"2024-01-0a", false},
      {"2024-1a-01", false},
      {"2024/01/01", false},
      {"2024-01-01 ", false},
      {"2024-00-10", false},
      {"2024-01-00", false},
      {"2024-04-31", false},
      {"2024-01-32", false},
      {"20240-1-01", false},
      {"2024-01-\xd9\xa1", false},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.text) { CHECK(ri::ParseDateLiteral(c.text).has_value() == c.ok); }
  }
  CHECK(*ri::ParseDateLiteral("1970-01-02") == 1);
  CHECK(*ri::ParseDateLiteral("2024-09-02") - *ri::ParseDateLiteral("2024-08-31") == 2);
  CHECK(rt::FormatDate(*ri::ParseDateLiteral("2024-09-02")) == "2024-09-02");
  CHECK(rt::FormatDate(*ri::ParseDateLiteral("1969-12-31")) == "1969-12-31");
}

TEST_CASE("decimals and percents are exact fixed point; 3% equals 0.03") {
  CHECK(*ri::ParseDecimalLiteral("0.03") == 30000);
  CHECK(*ri::ParsePercentLiteral("3%") == 30000);
  CHECK(*ri::ParsePercentLiteral("12.5%") == 125000);
  CHECK(*ri::ParsePercentLiteral("100%") == 1000000);
  CHECK(*ri::ParseDecimalLiteral("-2.5") == -2500000);
  CHECK(*ri::ParseDecimalLiteral("7") == 7000000);
  CHECK_FALSE(ri::ParseDecimalLiteral("0.1234567"));  // more than 6 digits
  CHECK_FALSE(ri::ParsePercentLiteral("0.12345%"));
  CHECK_FALSE(ri::ParseDecimalLiteral("1e3"));
  CHECK_FALSE(ri::ParseDecimalLiteral("."));
  CHECK_FALSE(ri::ParsePercentLiteral("3"));
  CHECK(rt::Value::DecimalScaled(30000).ToString() == "0.03");
  CHECK(rt::Value::PercentScaled(30000).ToString() == "3%");
}

TEST_CASE("durations in days, months, years") {
  auto d = ri::ParseDurationLiteral("6 months");
  REQUIRE(d);
  CHECK(d->months == 6);
  CHECK(ri::ParseDurationLiteral("1 year")->months == 12);
  CHECK(ri::ParseDurationLiteral("30 days")->days == 30);
  CHECK(ri::ParseDurationLiteral("1 day")->days == 1);
  CHECK_FALSE(ri::ParseDurationLiteral("6 weeks"));
  CHECK_FALSE(ri::ParseDurationLiteral("months"));
}
