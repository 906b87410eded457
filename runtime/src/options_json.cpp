// Options given as JSON (see options_json.h; ParseEvaluateOptions in
// bylaw/runtime.h).
#include "options_json.h"

#include <stdexcept>
#include <string>

#include "exact_json.h"

namespace bylaw::runtime {
namespace runtime_internal {
namespace {

using nlohmann::json;

// Whether `j` nests no deeper than `levels` (the recursion stops there).
bool NestsAtMost(const json& j, int levels) {
  if (!j.is_structured()) return true;
  if (levels == 0) return false;
  for (const json& v : j) {
    if (!NestsAtMost(v, levels - 1)) return false;
  }
  return true;
}

}  // namespace

Status BoolOption(const json& j, const char* key, bool* out) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (!it->is_boolean()) {
    return Error{"invalid_options",
                 std::string("option `") + key + "` must be a boolean, got " + it->type_name(),
                 {}};
  }
  *out = it->get<bool>();
  return {};
}

// Param values are scalars or short lists: a value nested deeper than any
// param type is refused before it is serialised (recursively) for the
// runtime to read.
ParamOverrides ParamOverridesFromJson(const json& j) {
  constexpr int kMaxParamNesting = 32;
  ParamOverrides out;
  if (!j.is_object()) {
    throw std::invalid_argument(std::string("option `params` must be an object, got ") +
                                j.type_name());
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!NestsAtMost(it.value(), kMaxParamNesting)) {
      throw std::invalid_argument("param `" + it.key() + "`: value nested deeper than " +
                                  std::to_string(kMaxParamNesting) + " levels");
    }
    out[it.key()] = DumpJsonExact(it.value(), /*replace=*/false);
  }
  return out;
}

}  // namespace runtime_internal

Result<EvaluateOptions> ParseEvaluateOptions(std::string_view options_json) {
  namespace ri = runtime_internal;
  EvaluateOptions options;
  // Exact JSON: a decimal param override keeps every digit (exact_json.h).
  nlohmann::json j;
  ri::ExactJsonError bad;
  if (!ri::ParseJsonExact(options_json, &j, &bad) || !j.is_object()) {
    return Error{"invalid_options", "options are not a JSON object", {}};
  }
  if (auto st = ri::BoolOption(j, "trace", &options.trace); !st.ok()) return st.error();
  if (auto st =
          ri::BoolOption(j, "trace_tables_and_rules_only", &options.trace_tables_and_rules_only);
      !st.ok()) {
    return st.error();
  }
  if (auto it = j.find("as_of"); it != j.end()) {
    if (!it->is_string()) {
      return Error{
          "invalid_options",
          std::string("option `as_of` must be a string \"YYYY-MM-DD\", got ") + it->type_name(),
          {}};
    }
    Result<std::int64_t> day = ParseDate(it->get<std::string>());
    if (!day.ok()) return day.error();
    options.as_of = *day;
  }
  if (auto it = j.find("params"); it != j.end()) {
    try {
      options.params = ri::ParamOverridesFromJson(*it);
    } catch (const std::invalid_argument& e) {
      return Error{"invalid_options", e.what(), {}};
    }
  }
  return options;
}

}  // namespace bylaw::runtime
