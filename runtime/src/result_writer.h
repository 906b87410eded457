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
#include <vector>

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

struct JsonKeys;
struct Model;

// `keys` for objects whose keys are `names` (model.h, JsonKeys); left
// empty when a name is not valid UTF-8.
void BuildJsonKeys(const std::vector<std::string>& names, JsonKeys* keys);

// The JsonKeys of every record type's fields and every decision's outputs
// of `model`: at load, so that each outcome written neither sorts nor
// escapes its keys.
void BuildJsonKeys(Model* model);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_RESULT_WRITER_H_
