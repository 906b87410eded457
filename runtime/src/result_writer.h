// Writes an Outcome (and runtime Values) as JSON text straight into a
// caller's std::string, without building a JSON tree: the batch path's
// output side. The text is byte for byte what DumpJsonExact (exact_json.h)
// gives for the adapter's tree (keys sorted, nlohmann's string formatting,
// decimals with their exact digits, never through a double), so
// Outcome::ToJson and the fast path cannot drift apart. Public API:
// bylaw/runtime.h (Outcome::ToJson, Outcome::AppendJson).
#ifndef BYLAW_RUNTIME_SRC_RESULT_WRITER_H_
#define BYLAW_RUNTIME_SRC_RESULT_WRITER_H_

#include <string>
#include <string_view>

#include "bylaw/runtime.h"

namespace bylaw::runtime::runtime_internal {

// Appends `o` as `{"as_of", "complete", "decision", "errors", "outputs",
// "trace" (only when traced and `with_trace`)}`. False when a string in it
// is not valid UTF-8 (nlohmann refuses to dump those); `out` is then
// unspecified past its old size.
bool AppendOutcomeJson(const Outcome& o, bool with_trace, std::string* out);

// Appends `v` in the output encoding of json_adapter.h's ToJson. False on
// ill-formed UTF-8, as above.
bool AppendValueJson(const Value& v, std::string* out);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_RESULT_WRITER_H_
