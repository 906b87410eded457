// JSON text to a nlohmann tree in which no number goes through a double:
// the reader of facts documents and param overrides (the DOM path of
// Rulebook::ParseFacts, bylaw/runtime.h). Integers that fit int64 or
// uint64 become number_integer / number_unsigned as nlohmann makes them;
// every other number - a fraction, an exponent, an integer beyond 64 bits -
// becomes a binary node of subtype kNumberTextSubtype holding the number's
// token exactly as written, for FromJson (json_adapter.h) to read with
// bylaw/runtime/decimal.h. A JSON document never yields a binary node
// otherwise, so the two cannot be confused.
#ifndef BYLAW_RUNTIME_SRC_EXACT_JSON_H_
#define BYLAW_RUNTIME_SRC_EXACT_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bylaw::runtime::runtime_internal {

inline constexpr std::uint8_t kNumberTextSubtype = 0x42;

// The outcome of ParseJsonExact.
struct ExactJsonError {
  // A number too large for any double (`1e400`): nlohmann's lexer cannot
  // go past it, so parsing stops there. `path` (`$.a.b[2]`) and `token`
  // name it; otherwise both are empty and the text is simply not JSON.
  std::string path;
  std::string token;
  // Where the text stopped being JSON: 1-based, the column in characters
  // (UTF-8 code points) of the character a bad literal, string or number
  // goes wrong at, or where a token out of place begins (one past the last
  // character when the text ends too soon); 0 when the
  // parse failed for another reason (e.g. allocation). `reason` is
  // nlohmann's description without its position ("syntax error while
  // parsing object key - invalid literal; last read: '{n'; ...").
  std::size_t line = 0;
  std::size_t column = 0;
  std::string reason;
};

// Parses `text` (RFC 8259, as nlohmann accepts it; a repeated key keeps
// its last value). False when it is not JSON; `*error` then says whether a
// number out of every range was the reason. Never throws.
bool ParseJsonExact(std::string_view text, nlohmann::json* out, ExactJsonError* error);

// Whether `j` is a number kept as text, and that text.
bool IsNumberText(const nlohmann::json& j);
std::string_view NumberText(const nlohmann::json& j);

// `j` as compact JSON text, exactly as nlohmann's dump(-1) writes it
// (keys in order, its string escaping; with `replace`, ill-formed UTF-8
// becomes U+FFFD as error_handler_t::replace does, else it throws
// nlohmann::json::type_error as dump() does), except that a number kept
// as text is written as that text. The canonical form of docs/bundle.md
// 1.1 is DumpJsonExact(ParseJsonExact(text), true).
std::string DumpJsonExact(const nlohmann::json& j, bool replace);

// The JSON number token of any number node: the kept text, an integer in
// decimal, a double in nlohmann's shortest round-trip spelling (for trees
// not made by ParseJsonExact). Empty for a non-number.
std::string NumberToken(const nlohmann::json& j);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_EXACT_JSON_H_
