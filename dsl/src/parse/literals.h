// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// Checks and conversions of literal spellings that the grammar accepts but
// that may still be wrong: string escapes, calendar dates, integer sizes.
// Free of ANTLR so that tests can call them directly.
#ifndef BYLAW_DSL_SRC_PARSE_LITERALS_H_
#define BYLAW_DSL_SRC_PARSE_LITERALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::dsl::parse_internal {

// A bad escape in a string body: byte offsets within the body.
struct EscapeError {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string message;
};

// Unescapes the text between a string's quotes: `\"`, `\\`, `\n`, `\t` and
// `\u{XXXX}` (1 to 6 hex digits, a Unicode scalar value). A bad escape is
// kept as written and reported in `errors`.
std::string Unescape(std::string_view body, std::vector<EscapeError>* errors);

// Whether year-month-day is a day of the proleptic Gregorian calendar;
// when not, the reason (e.g. "2023-02 has 28 days").
std::optional<std::string> DateProblem(int year, int month, int day);

// Parses a non-empty string of ASCII digits; nullopt when it exceeds int64.
std::optional<std::int64_t> ParseInt64(std::string_view digits);

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_LITERALS_H_
