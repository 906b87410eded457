// Options given as JSON: the one mapping of the hosts' option names onto
// EvaluateOptions (public: ParseEvaluateOptions in bylaw/runtime.h) and
// the param overrides shared with the C API's LoadOptions.
#ifndef BYLAW_RUNTIME_SRC_OPTIONS_JSON_H_
#define BYLAW_RUNTIME_SRC_OPTIONS_JSON_H_

#include <nlohmann/json.hpp>

#include "bylaw/runtime.h"

namespace bylaw::runtime::runtime_internal {

// The option `key` of the options object `j` into `*out` (left alone when
// absent); `invalid_options` naming it when it is not a JSON boolean.
Status BoolOption(const nlohmann::json& j, const char* key, bool* out);

// `params` (an object of overrides by name) as ParamOverrides, each value
// as exact JSON text. Throws std::invalid_argument when `j` is not an
// object or a value nests deeper than any param type.
ParamOverrides ParamOverridesFromJson(const nlohmann::json& j);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_OPTIONS_JSON_H_
