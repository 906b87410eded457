// Building probe decisions (see probe.h).
#include "probe.h"

#include <set>

#include "bylaw/bundle/schema.h"

namespace bylaw::review::review_internal {
namespace {

void VarNames(const json& code, std::set<std::string>* out) {
  ForEachIrObject(code, [&](const json& j) {
    if (auto op = j.find("op"); op != j.end() && *op == bundle::op::kVar)
      out->insert(j.value("name", ""));
    return true;
  });
}

}  // namespace

std::vector<std::pair<std::string, json>> ParamsOf(const json& decl) {
  std::vector<std::pair<std::string, json>> out;
  for (const json& p : decl.value("params", json::array())) {
    out.emplace_back(p.value("name", ""), p.value("type", json()));
  }
  return out;
}

std::vector<json> NeededLets(const json& decision, const json& code) {
  std::set<std::string> needed;
  VarNames(code, &needed);
  const json items = decision.value("items", json::array());
  std::vector<bool> keep(items.size(), false);
  for (std::size_t i = items.size(); i-- > 0;) {
    if (items[i].value("kind", "") != "let") continue;
    if (!needed.count(items[i].value("name", ""))) continue;
    keep[i] = true;
    VarNames(items[i].value("expr", json()), &needed);
  }
  std::vector<json> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (keep[i]) out.push_back(items[i]);
  }
  return out;
}

std::optional<ProbeSpec> OutputProbe(const json& decision, const std::string& output) {
  for (const json& item : decision.value("items", json::array())) {
    if (item.value("kind", "") != "output" || item.value("name", "") != output) continue;
    ProbeSpec spec;
    spec.ruleset = decision.value("ruleset", "");
    spec.params = ParamsOf(decision);
    spec.expr = item.value("expr", json());
    json both = json::array({spec.expr});
    if (item.contains("else") && !item["else"].is_null()) {
      spec.fallback = item["else"];
      both.push_back(*spec.fallback);
    }
    spec.lets = NeededLets(decision, both);
    return spec;
  }
  return std::nullopt;
}

ProbeSpec TableProbe(const json& table) {
  ProbeSpec spec;
  spec.ruleset = table.value("ruleset", "");
  spec.params = ParamsOf(table);
  json args = json::array();
  for (const auto& [name, type] : spec.params)
    args.push_back({{"op", bundle::op::kVar}, {"name", name}});
  spec.expr = {{"op", bundle::op::kCallTable}, {"name", table.value("name", "")}, {"args", args}};
  return spec;
}

ProbeSpec CallProbe(const json& decision, const json& call) {
  ProbeSpec spec;
  spec.ruleset = decision.value("ruleset", "");
  spec.params = ParamsOf(decision);
  spec.expr = call;
  spec.lets = NeededLets(decision, call);
  return spec;
}

std::string ProbeBundle::Add(const ProbeSpec& spec) {
  const std::string n = std::to_string(++count_);
  const std::string record = "__diff.Args" + n;
  const std::string name = "__diff.probe" + n;
  const json record_type = {{bundle::type::kKind, bundle::kind::kRecord},
                            {bundle::type::kName, record}};
  json fields = json::array();
  for (const auto& [pname, ptype] : spec.params) {
    fields.push_back({{"name", pname}, {"type", ptype}});
  }
  doc_["records"].push_back({{"name", record}, {"facts", true}, {"fields", fields}});
  json items = json::array();
  // Each original param becomes a let reading a field of `__args`, so
  // that the code below resolves `var p` to it unchanged.
  for (const auto& [pname, ptype] : spec.params) {
    items.push_back({{"kind", "let"},
                     {"name", pname},
                     {"type", ptype},
                     {"expr",
                      {{"op", bundle::op::kField},
                       {"base", {{"op", bundle::op::kVar}, {"name", "__args"}}},
                       {"type", record_type},
                       {"name", pname}}}});
  }
  for (const json& let : spec.lets) items.push_back(let);
  // The answer's type is not known here, and the runtime needs none.
  json out = {
      {"kind", "output"}, {"id", name + "#answer"}, {"name", "answer"}, {"expr", spec.expr}};
  if (spec.fallback) out["else"] = *spec.fallback;
  items.push_back(std::move(out));
  doc_["decisions"].push_back(
      {{"name", name},
       {"label", ""},
       {"ruleset", spec.ruleset},
       {"params", json::array({{{"name", "__args"}, {"type", record_type}}})},
       {"items", items}});
  return name;
}

std::shared_ptr<const runtime::Rulebook> ProbeBundle::Load(std::string* error) const {
  runtime::LoadOptions options;
  options.verify_hash = false;
  auto book = runtime::LoadBundle(doc_.dump(), options);
  if (!book.ok()) {
    *error = book.error().ToString();
    return nullptr;
  }
  return *book;
}

}  // namespace bylaw::review::review_internal
