// JSON text helpers of the CLI that keep decimals exact: the runtime writes
// decimals as JSON numbers with their exact digits (bylaw/runtime/decimal.h),
// which a round trip through nlohmann's double would round.
#ifndef BYLAW_TOOLS_CLI_JSON_TEXT_H_
#define BYLAW_TOOLS_CLI_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bylaw::cli {

// Parses `text`; integers that fit 64 bits stay numbers, every other
// number becomes a string of its exact text (`"12345678901.123455"`), which
// a facts document accepts for a decimal. Discarded when not JSON.
nlohmann::json ParseKeepingDecimals(std::string_view text);

// Compact JSON text (no whitespace outside strings, as Outcome::ToJson
// writes it) indented as nlohmann's dump(indent) would, without reading
// any number.
std::string IndentJson(std::string_view compact, int indent);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_JSON_TEXT_H_
