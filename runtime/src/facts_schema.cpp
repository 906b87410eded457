// FactsSchema (bylaw/runtime/facts_schema.h): a walk over the decision's
// param types in the loaded model.
#include "bylaw/runtime/facts_schema.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "model.h"

namespace bylaw::runtime {
namespace {

using runtime_internal::EnumType;
using runtime_internal::Model;
using runtime_internal::RecordType;
using runtime_internal::TypeDesc;
using K = TypeDesc::Kind;
using Json = nlohmann::ordered_json;  // properties in declaration order

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Json DateSchema() {
  return {{"type", "string"},
          {"format", "date"},
          {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
}

class SchemaWriter {
 public:
  explicit SchemaWriter(const Model& model) : model_(model) {}

  Json Of(const TypeDesc* type, int depth) {
    // Types nest no deeper than the bundle's own limit; a guard all the
    // same, since the walk recurses.
    if (type == nullptr || depth > 64) return Json::object();
    Json plain = Plain(*type, depth);
    if (!type->optional || type->kind == K::kNone) return plain;
    return {{"anyOf", Json::array({plain, {{"type", "null"}}})}};
  }

  Json TakeDefs() { return std::move(defs_); }

 private:
  Json Plain(const TypeDesc& type, int depth) {
    switch (type.kind) {
      case K::kText:
        return {{"type", "string"}};
      case K::kInt:
        return {{"type", "integer"}};
      case K::kDecimal:
        return {{"description", "a decimal: a JSON number or its text (\"0.03\")"},
                {"anyOf", Json::array({{{"type", "number"}},
                                       {{"type", "string"},
                                        {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}}})}};
      case K::kPercent:
        return {{"description", "a fraction (0.03) or a percent text (\"3%\")"},
                {"anyOf", Json::array({{{"type", "number"}},
                                       {{"type", "string"},
                                        {"pattern", "^-?[0-9]+(\\.[0-9]+)?%?$"}}})}};
      case K::kBool:
        return {{"type", "boolean"}};
      case K::kDate:
        return DateSchema();
      case K::kDuration:
        return {{"type", "string"},
                {"pattern", "^[0-9]+ (day|days|month|months|year|years)$"}};
      case K::kNone:
        return {{"type", "null"}};
      case K::kEnum:
        return type.enum_type ? Ref(*type.enum_type) : Json::object();
      case K::kRecord:
        return type.record ? Ref(*type.record, depth) : Json::object();
      case K::kMatter:
        return Matters();
      case K::kList:
      case K::kSet: {
        Json array{{"type", "array"}, {"items", Of(type.element, depth + 1)}};
        if (type.kind == K::kSet) array["uniqueItems"] = true;
        return array;
      }
    }
    return Json::object();
  }

  Json Ref(const EnumType& e) {
    if (!defs_.contains(e.name)) {
      Json values = Json::array();
      Json labels = Json::object();
      for (std::size_t i = 0; i < e.members.size(); ++i) {
        values.push_back(e.members[i]);
        if (AllDigits(e.members[i]) && e.members[i].size() < 18) {
          values.push_back(std::stoll(e.members[i]));
        }
        labels[e.members[i]] = i < e.labels.size() ? e.labels[i] : "";
      }
      Json def;
      if (!e.label.empty()) def["title"] = e.label;
      def["enum"] = std::move(values);
      def["x-labels"] = std::move(labels);
      defs_[e.name] = std::move(def);
    }
    return {{"$ref", "#/$defs/" + e.name}};
  }

  Json Ref(const RecordType& r, int depth) {
    // A struct type (`{a, b}`) has no name worth a definition: inline.
    if (r.is_struct) return Object(r, depth);
    if (!defs_.contains(r.name)) {
      defs_[r.name] = Json::object();  // placeholder: a record that nests
                                       // itself ends here
      Json def = Object(r, depth);
      defs_[r.name] = std::move(def);
    }
    return {{"$ref", "#/$defs/" + r.name}};
  }

  Json Object(const RecordType& r, int depth) {
    Json properties = Json::object();
    Json required = Json::array();
    for (std::size_t i = 0; i < r.field_names.size(); ++i) {
      properties[r.field_names[i]] = Of(r.field_types[i], depth + 1);
      required.push_back(r.field_names[i]);
    }
    return {{"type", "object"},
            {"properties", std::move(properties)},
            {"required", std::move(required)},
            {"additionalProperties", false}};
  }

  Json Matters() {
    if (!defs_.contains("Matter")) {
      Json values = Json::array();
      Json labels = Json::object();
      for (const runtime_internal::Matter& m : model_.matters) {
        values.push_back(m.id);
        labels[m.id] = m.label;
      }
      defs_["Matter"] = {{"description", "a matter of the bundle, by id"},
                         {"type", "string"},
                         {"enum", std::move(values)},
                         {"x-labels", std::move(labels)}};
    }
    return {{"$ref", "#/$defs/Matter"}};
  }

  const Model& model_;
  Json defs_ = Json::object();
};

}  // namespace

Result<std::string> FactsSchema(const Rulebook& book, DecisionRef decision) {
  const Model& model = book.model();
  auto it = model.decision_by_name.find(std::string(decision.name()));
  if (decision.name().empty() || it == model.decision_by_name.end()) {
    return Error{"unknown_decision",
                 "no decision `" + std::string(decision.name()) + "` in the bundle",
                 {}};
  }
  const runtime_internal::Decision& d = *it->second;
  try {
    SchemaWriter writer(model);
    Json properties = Json::object();
    Json as_of = DateSchema();
    as_of["description"] =
        "the evaluation date: selects the rules, rows and param values in force";
    properties["as_of"] = std::move(as_of);
    Json required = Json::array({"as_of"});
    for (const runtime_internal::Binding& p : d.params) {
      properties[p.name] = writer.Of(p.type, 0);
      required.push_back(p.name);
    }
    Json schema;
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "bylaw facts document: " + d.name;
    schema["description"] =
        "Unknown fields are an error; an absent field is a missing fact and "
        "the answer fails closed";
    schema["type"] = "object";
    schema["properties"] = std::move(properties);
    schema["required"] = std::move(required);
    schema["additionalProperties"] = false;
    schema["$defs"] = writer.TakeDefs();
    return schema.dump();
  } catch (const std::exception& e) {
    // nlohmann throws only on invalid UTF-8 in a name, which LoadBundle
    // refuses; caught all the same: nothing throws across the API.
    return Error{"internal", std::string("facts schema: ") + e.what(), {}};
  }
}

}  // namespace bylaw::runtime
