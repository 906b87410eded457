// Literal checks used by the AST builder (dsl/src/parse/literals.h).
#include <catch2/catch.hpp>

#include "literals.h"

namespace bylaw::dsl::parse_internal {
namespace {

TEST_CASE("Unescape handles every escape") {
  struct Case {
    const char* body;
    const char* value;
    std::size_t errors;
  };
  static const Case kCases[] = {
      {"plain", "plain", 0},
      {"a\\\"b", "a\"b", 0},
      {"a\\\\b", "a\\b", 0},
      {"\\n\\t", "\n\t", 0},
      {"\\u{41}\\u{4E2D}\\u{1F600}", "A中\xF0\x9F\x98\x80", 0},
      {"\\q", "\\q", 1},
      {"\\u{}", "\\u{}", 1},
      {"\\u{1234567}", "\\u{1234567}", 1},
      {"\\u{D800}", "\\u{D800}", 1},
      {"\\u41", "\\u41", 1},
      {"中文\\", "中文\\", 0},  // a lone trailing backslash stays
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.body) {
      std::vector<EscapeError> errors;
      CHECK(Unescape(c.body, &errors) == c.value);
      CHECK(errors.size() == c.errors);
    }
  }
}

TEST_CASE("DateProblem knows the calendar") {
  CHECK_FALSE(DateProblem(2024, 2, 29));
  CHECK_FALSE(DateProblem(2000, 2, 29));
  CHECK(DateProblem(1900, 2, 29) == std::string("1900-02 has 28 days"));
  CHECK(DateProblem(2023, 4, 31) == std::string("2023-04 has 30 days"));
  CHECK_FALSE(DateProblem(2023, 12, 31));
  CHECK(DateProblem(2023, 0, 1) == std::string("there is no month 0"));
  CHECK(DateProblem(2023, 1, 0) == std::string("2023-01 has 31 days"));
}

TEST_CASE("ParseInt64 stops at the int64 range") {
  CHECK(ParseInt64("0") == 0);
  CHECK(ParseInt64("9223372036854775807") == INT64_MAX);
  CHECK_FALSE(ParseInt64("9223372036854775808"));
  CHECK_FALSE(ParseInt64(""));
  CHECK(ParseInt64("007") == 7);
}

}  // namespace
}  // namespace bylaw::dsl::parse_internal
