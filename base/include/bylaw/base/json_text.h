// Writing JSON text by hand on the plan's hot paths (facts documents and
// assessment lines), without building a DOM. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_JSON_TEXT_H_
#define BYLAW_PLAN_SRC_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bylaw::plan::plan_internal {

// Appends `text` as a JSON string (quotes included). `text` must be valid
// UTF-8 (see Utf8Valid): it is copied as is apart from the escapes JSON needs.
void AppendJsonString(std::string_view text, std::string* out);

// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool Utf8Valid(std::string_view text);

void AppendInt(std::int64_t value, std::string* out);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_JSON_TEXT_H_
