// Reads the bundle's vocabulary for the booklet (contract_view.h).
#include "contract_view.h"

#include <exception>
#include <set>

#include "bylaw/bundle/schema.h"

namespace bylaw::booklet::booklet_internal {

TypeInfo ParseType(std::string_view type) {
  TypeInfo t;
  if (!type.empty() && type.back() == '?') {
    t.optional = true;
    type.remove_suffix(1);
  }
  for (const char* c : {"list", "set"}) {
    const std::string open = std::string(c) + "<";
    if (type.rfind(open, 0) == 0 && type.back() == '>') {
      t.container = c;
      type = type.substr(open.size(), type.size() - open.size() - 1);
      break;
    }
  }
  t.element = std::string(type);
  return t;
}

const FieldInfo* RecordInfo::Find(std::string_view field) const {
  for (const FieldInfo& f : fields) {
    if (f.name == field) return &f;
  }
  return nullptr;
}

namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<ContractView> ContractView::Parse(std::string_view bundle_json) {
  ContractView v;
  try {
    const json doc = json::parse(bundle_json);
    if (!doc.is_object() || Str(doc, bundle::section::kFormat) != bundle::kFormat) {
      return Error{kBadRules, "the rules are not a bylaw bundle", {}};
    }
    v.hash_ = Str(doc, "hash");
    for (const json& e : doc.value(bundle::section::kEnums, json::array())) {
      std::vector<Member>& members = v.enums_[Str(e, "name")];
      for (const json& m : e.value("members", json::array())) {
        std::string label = Str(m, "label");
        members.push_back({Str(m, "name"), label.empty() ? Str(m, "name") : label});
      }
    }
    for (const json& r : doc.value(bundle::section::kRecords, json::array())) {
      RecordInfo info{Str(r, "name"), Str(r, "label"), {}};
      for (const json& f : r.value("fields", json::array())) {
        FieldInfo field{Str(f, "name"), Str(f, "label"), Str(f, "type"), {}};
        if (field.label.empty()) field.label = field.name;
        field.parsed = ParseType(field.type);
        info.fields.push_back(std::move(field));
      }
      v.records_[info.name] = std::move(info);
    }
    std::map<std::string, int> last_segments;
    for (const json& d : doc.value(bundle::section::kDecisions, json::array())) {
      const std::string name = Str(d, "name");
      auto& params = v.params_[name];
      for (const json& p : d.value("params", json::array())) params[Str(p, "name")] = Str(p, "type");
      auto& outputs = v.outputs_[name];
      for (const json& item : d.value("items", json::array())) {
        if (Str(item, "kind") == "output") outputs[Str(item, "name")] = Str(item, "type");
      }
      ++last_segments[name.substr(name.rfind('.') + 1)];
    }
    for (const json& d : doc.value(bundle::section::kDecisions, json::array())) {
      const std::string name = Str(d, "name");
      const std::string last = name.substr(name.rfind('.') + 1);
      if (last_segments[last] == 1 && last != name) {
        v.params_[last] = v.params_[name];
        v.outputs_[last] = v.outputs_[name];
      }
    }
    for (const json& m : doc.value("matters", json::array())) {
      const std::string id = Str(m, "id");
      v.matter_names_[id] = Str(m, "name");
      const json methods = m.value("fields", json::object()).value("methods", json::object());
      for (const json& item : methods.value("items", json::array())) {
        if (!item.is_object() || !item.contains("value")) continue;
        const std::string name = item["value"].is_string() ? item["value"].get<std::string>() : item["value"].dump();
        v.matter_methods_[id].push_back(name);
        v.matter_method_types_[id].push_back(Str(item, "type"));
      }
    }
    for (const json& r : doc.value("rulesets", json::array())) {
      v.rulesets_.push_back({Str(r, "id"), Str(r, "title"), Str(r, "version"), Str(r, "status"),
                             Str(r, "source")});
    }
  } catch (const std::exception& e) {
    return Error{kBadRules, std::string("the bundle cannot be read: ") + e.what(), {}};
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

std::string ContractView::OutputType(std::string_view decision, std::string_view output) const {
  auto d = outputs_.find(decision);
  if (d == outputs_.end()) return "";
  auto o = d->second.find(std::string(output));
  return o == d->second.end() ? "" : o->second;
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
  return p == d->second.end() ? nullptr : Record(p->second);
}

}  // namespace bylaw::booklet::booklet_internal
