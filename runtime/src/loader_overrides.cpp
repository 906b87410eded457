// Host param overrides (bylaw/runtime.h LoadOptions::params,
// EvaluateOptions::params): ResolveOverrides (loader.h) reads them for a
// loaded model, and the loader bakes LoadOptions' into the params.
#include <nlohmann/json.hpp>

#include "exact_json.h"
#include "json_adapter.h"
#include "loader.h"
#include "loader_internal.h"

namespace bylaw::runtime::runtime_internal {

Status ResolveOverrides(const Model& model, const ParamOverrides& overrides,
                        std::vector<Value>* storage, std::vector<const Value*>* slots) {
  slots->assign(model.params.size(), nullptr);
  storage->clear();
  storage->reserve(overrides.size());
  for (const auto& [name, text] : overrides) {
    auto it = model.param_by_name.find(name);
    if (it == model.param_by_name.end() || it->second == nullptr) {
      return Error{"param_override", "unknown or ambiguous param `" + name + "`", {}};
    }
    const Param& p = *it->second;
    nlohmann::json j;
    ExactJsonError bad;
    if (!ParseJsonExact(text, &j, &bad)) {
      if (!bad.token.empty()) {
        return Error{"param_override",
                     "override of `" + name + "`: number " + bad.token + " is out of range",
                     {}};
      }
      return Error{"param_override", "override of `" + name + "` is not JSON", {}};
    }
    std::vector<std::string> errors;
    Value v = FromJson(model, p.type, j, "$." + name, &errors);
    if (!errors.empty()) return Error{"param_override", errors.front(), errors};
    storage->push_back(std::move(v));
    (*slots)[static_cast<std::size_t>(&p - &model.params[0])] = &storage->back();
  }
  return {};
}

// Overrides given at load time replace every value of their params.
bool Loader::ApplyOverrides() {
  std::vector<Value> storage;
  std::vector<const Value*> slots;
  Status st = ResolveOverrides(m_, options_.params, &storage, &slots);
  if (!st.ok()) return Fail(st.error().code.c_str(), st.error().message);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] == nullptr) continue;
    Param& p = m_.params[i];
    ParamValue pv;
    pv.id = p.name + "#override";
    pv.value = *slots[i];
    p.values.clear();
    p.values.push_back(std::move(pv));
    p.overridden = true;
  }
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
