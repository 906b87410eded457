// Conversion between runtime::Value and JSON (nlohmann), typed by the
// Bundle's types: facts in (with errors naming JSON paths), outputs and
// trace out. Public API: bylaw/runtime.h (Rulebook::ParseFacts,
// Outcome::ToJson).
#ifndef BYLAW_RUNTIME_SRC_JSON_ADAPTER_H_
#define BYLAW_RUNTIME_SRC_JSON_ADAPTER_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

// Converts `j` to a Value of `type`; numbers are read exactly from the
// text ParseJsonExact kept (exact_json.h), or from a double's shortest
// spelling in a tree parsed otherwise. Each problem appends one line
// `PATH: message` to `errors` (and conversion goes on, so that every bad
// field is reported); the returned Value is then unusable. Absent record
// fields become Missing (Null when the field type is optional); unknown
// fields are errors.
Value FromJson(const Model& model, const TypeDesc* type, const nlohmann::json& j,
               const std::string& path, std::vector<std::string>* errors);

// The output encoding of docs/bundle.md: decimals as numbers (a
// non-integral one as a number kept as its exact text, exact_json.h: dump
// the tree with DumpJsonExact, never plain dump()), percents as "3%"
// strings, dates as "YYYY-MM-DD", enums by member name, matters by id,
// records as objects (missing fields omitted).
nlohmann::json ToJson(const Value& v);

// `j` as an error message quotes it: compact JSON cut to about 40
// characters (`[1,2,...`). Never serialises more than it shows, so a huge
// or deeply nested value cannot blow the stack or the message.
std::string ShownJson(const nlohmann::json& j);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_JSON_ADAPTER_H_
