// The register's schema from the bundle text (inputs.h): the record type of
// decision `frequency`'s `enterprise` param, so that the register's columns
// follow the rules rather than a list kept in the plan.
#include <nlohmann/json.hpp>

#include "bylaw/plan/inputs.h"

namespace bylaw::plan {
namespace {

using json = nlohmann::json;
using Kind = FieldSpec::Kind;

Error RulesError(std::string message) { return Error{kBadRules, std::move(message), {}}; }

std::string ShortName(const std::string& qualified) {
  const std::size_t dot = qualified.rfind('.');
  return dot == std::string::npos ? qualified : qualified.substr(dot + 1);
}

const json* FindNamed(const json& doc, const char* section, const std::string& name) {
  auto it = doc.find(section);
  if (it == doc.end() || !it->is_array()) return nullptr;
  for (const json& item : *it) {
    auto n = item.find("name");
    if (n != item.end() && n->is_string() && n->get_ref<const std::string&>() == name) return &item;
  }
  return nullptr;
}

std::vector<std::string> Members(const json& enum_decl) {
  std::vector<std::string> out;
  for (const json& m : enum_decl.value("members", json::array())) out.push_back(m.value("name", ""));
  return out;
}

bool ScalarKind(const std::string& type, Kind* kind) {
  static const std::pair<const char*, Kind> kScalars[] = {
      {"text", Kind::kText},       {"bool", Kind::kBool},   {"int", Kind::kInt},
      {"decimal", Kind::kDecimal}, {"percent", Kind::kPercent}, {"date", Kind::kDate}};
  for (const auto& [name, k] : kScalars) {
    if (type == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

// A scalar or enum type (no list, no record) into `spec`.
bool ScalarField(const json& doc, const std::string& type, FieldSpec* spec) {
  if (ScalarKind(type, &spec->kind)) return true;
  if (const json* e = FindNamed(doc, "enums", type)) {
    spec->kind = Kind::kEnum;
    spec->enum_name = ShortName(type);
    spec->members = Members(*e);
    return true;
  }
  return false;
}

Result<FieldSpec> Field(const json& doc, const std::string& record, const json& field) {
  FieldSpec spec;
  spec.name = field.value("name", "");
  std::string type = field.value("type", "");
  auto unsupported = [&] {
    return RulesError("field `" + spec.name + "` of `" + record + "` has type `" + type +
                      "`, which a register cannot hold");
  };
  std::string t = type;
  if (!t.empty() && t.back() == '?') {
    spec.optional = true;
    t.pop_back();
  }
  if (ScalarField(doc, t, &spec)) return spec;
  const bool list = t.rfind("list<", 0) == 0;
  const bool set = t.rfind("set<", 0) == 0;
  if (!(list || set) || t.back() != '>') return unsupported();
  const std::string element = t.substr(list ? 5 : 4, t.size() - (list ? 6 : 5));
  FieldSpec elem;
  if (ScalarField(doc, element, &elem)) {
    spec.kind = Kind::kList;
    spec.set = set;
    spec.element = elem.kind;
    spec.enum_name = elem.enum_name;
    spec.members = elem.members;
    return spec;
  }
  const json* rec = FindNamed(doc, "records", element);
  if (rec == nullptr || set) return unsupported();
  spec.kind = Kind::kRecordList;
  for (const json& sub : rec->value("fields", json::array())) {
    FieldSpec s;
    s.name = sub.value("name", "");
    std::string st = sub.value("type", "");
    if (!st.empty() && st.back() == '?') {
      s.optional = true;
      st.pop_back();
    }
    if (!ScalarField(doc, st, &s)) return unsupported();
    spec.fields.push_back(std::move(s));
  }
  return spec;
}

}  // namespace

int RegisterSchema::Find(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<RegisterSchema> ReadRegisterSchema(std::string_view bundle_json,
                                          const runtime::Rulebook& book) {
  return runtime::CatchExceptions("internal", [&]() -> Result<RegisterSchema> {  // no exception crosses the API
  const json doc = json::parse(bundle_json.begin(), bundle_json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return RulesError("the bundle is not a JSON object");
  if (doc.value("hash", "") != book.hash()) {
    return RulesError("the bundle text is not the one the rulebook was loaded from (hash differs)");
  }
  auto decision = [&](const char* name) -> const json* {
    auto ref = book.FindDecision(name);
    if (!ref.ok()) return nullptr;
    return FindNamed(doc, "decisions", std::string(ref->name()));
  };
  const json* frequency = decision("frequency");
  if (frequency == nullptr) return RulesError("the rules have no decision `frequency`");
  std::string record_name;
  for (const json& p : frequency->value("params", json::array())) {
    if (p.value("name", "") == "enterprise") record_name = p.value("type", "");
  }
  const json* record = FindNamed(doc, "records", record_name);
  if (record == nullptr) {
    return RulesError("decision `frequency` has no param `enterprise` of a record type");
  }
  RegisterSchema schema;
  schema.record = record_name;
  for (const json& f : record->value("fields", json::array())) {
    auto spec = Field(doc, record_name, f);
    if (!spec.ok()) return spec.error();
    schema.fields.push_back(std::move(spec).value());
  }
  if (schema.Find("id") < 0 || schema.fields[static_cast<std::size_t>(schema.Find("id"))].kind != Kind::kText) {
    return RulesError("`" + record_name + "` has no text field `id` to identify a register row");
  }
  const int region = schema.Find("region");
  if (region >= 0 && schema.fields[static_cast<std::size_t>(region)].kind == Kind::kEnum) {
    schema.regions = schema.fields[static_cast<std::size_t>(region)].members;
    // The labels, for report.html: the region field's enum, found as the
    // field found it.
    for (const json& f : record->value("fields", json::array())) {
      if (f.value("name", "") != "region") continue;
      std::string type = f.value("type", "");
      if (!type.empty() && type.back() == '?') type.pop_back();
      if (const json* e = FindNamed(doc, "enums", type)) {
        for (const json& m : e->value("members", json::array())) {
          schema.region_labels.push_back(m.value("label", ""));
        }
      }
    }
  }
  const json* assignment = decision("assignment");
  std::string department;
  if (assignment != nullptr) {
    for (const json& item : assignment->value("items", json::array())) {
      if (item.value("kind", "") == "output" && item.value("name", "") == "lead") {
        department = item.value("type", "");
      }
    }
  }
  const json* dept = FindNamed(doc, "enums", department);
  if (dept == nullptr) {
    return RulesError("the rules have no decision `assignment` with an output `lead` of an enum type");
  }
  schema.departments = Members(*dept);
  for (const json& m : dept->value("members", json::array())) {
    schema.department_labels.push_back(m.value("label", ""));
  }
  return schema;
  });
}

}  // namespace bylaw::plan
