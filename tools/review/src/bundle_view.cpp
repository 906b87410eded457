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

std::optional<bundle::Type> TypeAt(const json& node, const char* key) {
  const json* t = &node;
  if (key != nullptr) {
    t = bundle::Find(node, key);
    if (t == nullptr) return std::nullopt;
  }
  bundle::Type out;
  bundle::ReadError ignored;
  if (!bundle::ReadType(*t, "type", &out, &ignored)) return std::nullopt;
  return out;
}

std::optional<BundleView> BundleView::Parse(std::string_view text,
                                            std::string* error) {
  BundleView view;
  bundle::ReadError read;
  view.doc_ = bundle::Document::Parse(text, &read);
  if (view.doc_ == nullptr || !view.doc_->ReadDeclarations(&read)) {
    *error = "not a bylaw bundle this release reads: " + read.message;
    return std::nullopt;
  }
  std::optional<BundleView> out(std::move(view));
  out->Index();
  return out;
}

void BundleView::Index() {
  const bundle::Document& d = *doc_;
  auto index = [&](const char* kind, const auto& decls) {
    auto& by_name = decls_[kind];
    for (const auto& decl : decls) by_name[decl.name] = decl.json;
  };
  auto& rulesets = decls_["ruleset"];
  for (const bundle::RulesetDecl& r : d.rulesets()) rulesets[r.id] = r.json;
  index("enum", d.enums());
  index("record", d.records());
  index("param", d.params());
  index("matter", d.matters());
  index("reason", d.reasons());
  index("table", d.tables());
  index("rule", d.rules());
  index("scorecard", d.scorecards());
  index("def", d.defs());
  index("let", d.lets());
  index("decision", d.decisions());
  for (const bundle::EnumDecl& e : d.enums()) {
    auto& members = enums_[e.name];
    for (const bundle::EnumMember& m : e.members) members.push_back(m.name);
  }
  for (const bundle::MatterDecl& m : d.matters()) matter_ids_.push_back(m.id);
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

const std::vector<bundle::Binding>* BundleView::RecordFields(const std::string& name) const {
  const bundle::RecordDecl* r = doc_->FindRecord(name);
  return r == nullptr ? nullptr : &r->fields;
}

const std::vector<std::string>* BundleView::EnumMembers(const std::string& name) const {
  auto it = enums_.find(name);
  return it == enums_.end() ? nullptr : &it->second;
}

const json* BundleView::FindDecision(const std::string& name) const {
  const bundle::DecisionDecl* d = doc_->FindDecision(name);
  return d == nullptr ? nullptr : d->json;
}

DiffSource BundleView::Source(const std::string& id) const {
  DiffSource s;
  s.id = id;
  auto it = doc_->sources().find(id);
  if (it == doc_->sources().end()) return s;
  s.file = it->second.file;
  s.line = it->second.line;
  return s;
}

}  // namespace bylaw::review::review_internal
