// Reading a bundle for the diff (see bundle_view.h).
#include "bundle_view.h"

#include "bylaw/bundle/schema.h"

namespace bylaw::review::review_internal {

const std::vector<DeclKindInfo>& DeclKinds() {
  static const std::vector<DeclKindInfo> kinds = {
      {"ruleset", bundle::section::kRulesets},
      {"enum", bundle::section::kEnums},
      {"record", bundle::section::kRecords},
      {"param", bundle::section::kParams},
      {"matter", bundle::section::kMatters},
      {"reason", bundle::section::kReasons},
      {"table", bundle::section::kTables},
      {"rule", bundle::section::kRules},
      {"scorecard", bundle::section::kScorecards},
      {"def", bundle::section::kDefs},
      {"let", bundle::section::kLets},
      {"decision", bundle::section::kDecisions},
  };
  return kinds;
}

DeclKey KeyOf(std::string_view kind, std::string_view name) {
  return std::string(kind) + ":" + std::string(name);
}

std::optional<BundleView> BundleView::Parse(std::string_view text,
                                            std::string* error) {
  BundleView view;
  view.doc_ = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (view.doc_.is_discarded() || !view.doc_.is_object() ||
      view.doc_.value(bundle::section::kFormat, "") != bundle::kFormat) {
    *error = "not a bylaw bundle";
    return std::nullopt;
  }
  for (const DeclKindInfo& k : DeclKinds()) {
    auto it = view.doc_.find(k.section);
    if (it == view.doc_.end() || !it->is_array()) {
      *error = std::string("the bundle has no `") + k.section + "` array";
      return std::nullopt;
    }
  }
  std::optional<BundleView> out(std::move(view));
  out->Index();
  return out;
}

void BundleView::Index() {
  for (const DeclKindInfo& k : DeclKinds()) {
    auto& by_name = decls_[k.kind];
    for (const json& d : doc_[k.section]) {
      const char* key = std::string_view(k.kind) == "ruleset" ? "id" : "name";
      if (d.is_object() && d.contains(key) && d[key].is_string()) {
        by_name[d[key].get<std::string>()] = &d;
      }
    }
  }
  for (const json& r : doc_[bundle::section::kRecords]) {
    auto& fields = records_[r.value("name", "")];
    for (const json& f : r.value("fields", json::array())) {
      fields.emplace_back(f.value("name", ""), f.value("type", ""));
    }
  }
  for (const json& e : doc_[bundle::section::kEnums]) {
    auto& members = enums_[e.value("name", "")];
    for (const json& m : e.value("members", json::array())) {
      members.push_back(m.value("name", ""));
    }
  }
  for (const json& m : doc_[bundle::section::kMatters]) matter_ids_.push_back(m.value("id", ""));
}

const json* BundleView::Find(std::string_view kind, const std::string& name) const {
  auto k = decls_.find(kind);
  if (k == decls_.end()) return nullptr;
  auto it = k->second.find(name);
  return it == k->second.end() ? nullptr : it->second;
}

const json* BundleView::Find(const DeclKey& key) const {
  const std::size_t colon = key.find(':');
  if (colon == std::string::npos) return nullptr;
  return Find(std::string_view(key).substr(0, colon), key.substr(colon + 1));
}

std::vector<std::string> BundleView::Names(std::string_view kind) const {
  std::vector<std::string> out;
  auto k = decls_.find(kind);
  if (k == decls_.end()) return out;
  for (const auto& [name, decl] : k->second) out.push_back(name);
  return out;
}

std::set<DeclKey> BundleView::Refs(const json& code) {
  std::set<DeclKey> out;
  ForEachIrObject(code, [&](const json& j) {
    if (auto op = j.find("op"); op != j.end() && op->is_string()) {
      const std::string& o = op->get_ref<const std::string&>();
      const std::string name = j.value("name", "");
      if (o == bundle::op::kCallTable) out.insert(KeyOf("table", name));
      if (o == bundle::op::kCallRule) out.insert(KeyOf("rule", name));
      if (o == bundle::op::kCallScorecard) out.insert(KeyOf("scorecard", name));
      if (o == bundle::op::kCallDef) out.insert(KeyOf("def", name));
      if (o == bundle::op::kParam) out.insert(KeyOf("param", name));
      if (o == bundle::op::kGlobal) out.insert(KeyOf("let", name));
    }
    return true;
  });
  return out;
}

const std::vector<std::pair<std::string, std::string>>* BundleView::RecordFields(
    const std::string& name) const {
  auto it = records_.find(name);
  return it == records_.end() ? nullptr : &it->second;
}

const std::vector<std::string>* BundleView::EnumMembers(const std::string& name) const {
  auto it = enums_.find(name);
  return it == enums_.end() ? nullptr : &it->second;
}

const json* BundleView::FindDecision(const std::string& name) const {
  if (const json* d = Find("decision", name)) return d;
  const json* found = nullptr;
  for (const std::string& q : Names("decision")) {
    const std::size_t dot = q.rfind('.');
    if (q.substr(dot == std::string::npos ? 0 : dot + 1) != name) continue;
    if (found != nullptr) return nullptr;  // ambiguous
    found = Find("decision", q);
  }
  return found;
}

DiffSource BundleView::Source(const std::string& id) const {
  DiffSource s;
  s.id = id;
  auto sources = doc_.find(bundle::section::kSources);
  if (sources == doc_.end() || !sources->is_object()) return s;
  auto it = sources->find(id);
  if (it == sources->end() || !it->is_object()) return s;
  s.file = it->value("file", "");
  s.line = it->value("line", 0);
  return s;
}

}  // namespace bylaw::review::review_internal
