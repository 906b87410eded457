// Reads the bundle's vocabulary for the booklet (contract_view.h).
#include "contract_view.h"

#include <memory>

#include "bylaw/bundle/reader.h"

namespace bylaw::booklet::booklet_internal {

TypeInfo InfoOf(const bundle::Type& type) {
  TypeInfo t;
  t.optional = type.optional;
  const bundle::Type* element = &type;
  if (type.is_collection() && type.element != nullptr) {
    t.container = bundle::KindName(type.kind);
    element = type.element.get();
  }
  t.element = element->name.empty() ? bundle::KindName(element->kind) : element->name;
  return t;
}

const FieldInfo* RecordInfo::Find(std::string_view field) const {
  for (const FieldInfo& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

Result<ContractView> ContractView::Parse(std::string_view bundle_json) {
  ContractView v;
  bundle::ReadError error;
  std::unique_ptr<bundle::Document> doc = bundle::Document::Parse(bundle_json, &error);
  if (doc == nullptr && error.code != bundle::code::kNotJson &&
      error.code != bundle::code::kFormat) {
    return Error{kBadRules, "the bundle cannot be read: " + error.message, {}};
  }
  if (doc == nullptr) return Error{kBadRules, "the rules are not a bylaw bundle", {}};
  if (!doc->ReadDeclarations(&error)) {
    return Error{kBadRules, "the bundle cannot be read: " + error.message, {}};
  }
  v.hash_ = doc->hash();
  for (const bundle::EnumDecl& e : doc->enums()) {
    std::vector<Member>& members = v.enums_[e.name];
    for (const bundle::EnumMember& m : e.members) {
      members.push_back({m.name, m.label.empty() ? m.name : m.label});
    }
  }
  for (const bundle::RecordDecl& r : doc->records()) {
    RecordInfo info{r.name, r.label, {}};
    for (const bundle::Binding& f : r.fields) {
      FieldInfo field{f.name, f.label.empty() ? f.name : f.label, bundle::Spelling(f.type),
                      InfoOf(f.type)};
      info.fields.push_back(std::move(field));
    }
    v.records_[info.name] = std::move(info);
  }
  for (const bundle::DecisionDecl& d : doc->decisions()) {
    auto& params = v.params_[d.name];
    for (const bundle::Binding& p : d.params) params[p.name] = InfoOf(p.type);
    auto& outputs = v.outputs_[d.name];
    for (const bundle::DecisionItem& item : d.items) {
      if (item.output && item.has_type) outputs[item.name] = InfoOf(item.type);
    }
  }
  // Decisions by unique last segment too, as hosts address them.
  for (const bundle::DecisionDecl& d : doc->decisions()) {
    const std::string last(bundle::LastSegment(d.name));
    if (last != d.name && doc->FindDecision(last) == &d) {
      v.params_[last] = v.params_[d.name];
      v.outputs_[last] = v.outputs_[d.name];
    }
  }
  for (const bundle::MatterDecl& m : doc->matters()) {
    v.matter_names_[m.id] = m.name;
    const json* methods = m.fields ? bundle::Find(*m.fields, "methods") : nullptr;
    const json* items = methods ? bundle::Find(*methods, "items") : nullptr;
    if (items == nullptr || !items->is_array()) continue;
    for (const json& item : *items) {
      if (!item.is_object() || !item.contains("value")) continue;
      const json& value = item["value"];
      v.matter_methods_[m.id].push_back(value.is_string() ? value.get<std::string>()
                                                          : value.dump());
      bundle::Type type;
      const json* t = bundle::Find(item, "type");
      v.matter_method_types_[m.id].push_back(
          t != nullptr && bundle::ReadType(*t, "type", &type, &error) ? type.name : std::string());
    }
  }
  for (const bundle::RulesetDecl& r : doc->rulesets()) {
    v.rulesets_.push_back({r.id, r.title, r.version, r.status, r.source});
  }
  return v;
}

const std::vector<Member>* ContractView::Enum(const std::string& name) const {
  auto it = enums_.find(name);
  return it == enums_.end() ? nullptr : &it->second;
}

Member ContractView::MemberOf(const std::string& type, const std::string& name) const {
  if (const std::vector<Member>* members = Enum(type)) {
    for (const Member& m : *members) {
      if (m.name == name) return m;
    }
  }
  return {name, name};
}

TypeInfo ContractView::OutputType(std::string_view decision, std::string_view output) const {
  auto d = outputs_.find(decision);
  if (d == outputs_.end()) return {};
  auto o = d->second.find(std::string(output));
  return o == d->second.end() ? TypeInfo{} : o->second;
}

std::string ContractView::MatterName(const std::string& id) const {
  auto it = matter_names_.find(id);
  return it == matter_names_.end() ? id : it->second;
}

std::vector<std::string> ContractView::MatterMethods(const std::string& id) const {
  std::vector<std::string> out;
  auto names = matter_methods_.find(id);
  if (names == matter_methods_.end()) return out;
  const std::vector<std::string>& types = matter_method_types_.at(id);
  for (std::size_t i = 0; i < names->second.size(); ++i) out.push_back(MemberOf(types[i], names->second[i]).label);
  return out;
}

const RecordInfo* ContractView::Record(const std::string& name) const {
  auto it = records_.find(name);
  return it == records_.end() ? nullptr : &it->second;
}

const RecordInfo* ContractView::ParamRecord(std::string_view decision, std::string_view param) const {
  auto d = params_.find(decision);
  if (d == params_.end()) return nullptr;
  auto p = d->second.find(std::string(param));
  return p == d->second.end() || !p->second.container.empty() ? nullptr : Record(p->second.element);
}

}  // namespace bylaw::booklet::booklet_internal
