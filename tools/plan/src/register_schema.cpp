// The register's schema from the bundle text (inputs.h): the record type of
// decision `frequency`'s `enterprise` param, so that the register's columns
// follow the rules rather than a list kept in the plan. Read through the
// bundle's typed reader (bylaw/bundle/reader.h).
#include <memory>

#include "bylaw/bundle/reader.h"
#include "bylaw/plan/inputs.h"

namespace bylaw::plan {
namespace {

using Kind = FieldSpec::Kind;

Error RulesError(std::string message) { return Error{kBadRules, std::move(message), {}}; }

std::vector<std::string> Members(const bundle::EnumDecl& e) {
  std::vector<std::string> out;
  for (const bundle::EnumMember& m : e.members) out.push_back(m.name);
  return out;
}

bool ScalarKind(bundle::TypeKind type, Kind* kind) {
  using B = bundle::TypeKind;
  static const std::pair<B, Kind> kScalars[] = {
      {B::kText, Kind::kText},       {B::kBool, Kind::kBool},       {B::kInt, Kind::kInt},
      {B::kDecimal, Kind::kDecimal}, {B::kPercent, Kind::kPercent}, {B::kDate, Kind::kDate}};
  for (const auto& [k, kind_of] : kScalars) {
    if (type == k) {
      *kind = kind_of;
      return true;
    }
  }
  return false;
}

// A scalar or enum type (no list, no record, not optional) into `spec`.
bool ScalarField(const bundle::Document& doc, const bundle::Type& type, FieldSpec* spec) {
  if (type.optional) return false;
  if (ScalarKind(type.kind, &spec->kind)) return true;
  const bundle::EnumDecl* e =
      type.kind == bundle::TypeKind::kEnum ? doc.FindEnum(type.name) : nullptr;
  if (e == nullptr) return false;
  spec->kind = Kind::kEnum;
  spec->enum_name = std::string(bundle::LastSegment(type.name));
  spec->members = Members(*e);
  return true;
}

Result<FieldSpec> Field(const bundle::Document& doc, const std::string& record,
                        const bundle::Binding& field) {
  FieldSpec spec;
  spec.name = field.name;
  auto unsupported = [&] {
    return RulesError("field `" + spec.name + "` of `" + record + "` has type `" +
                      bundle::Spelling(field.type) + "`, which a register cannot hold");
  };
  spec.optional = field.type.optional;
  const bundle::Type t = field.type.Required();
  if (ScalarField(doc, t, &spec)) return spec;
  if (!t.is_collection() || t.element == nullptr) return unsupported();
  const bundle::Type& element = *t.element;
  FieldSpec elem;
  if (ScalarField(doc, element, &elem)) {
    spec.kind = Kind::kList;
    spec.set = t.kind == bundle::TypeKind::kSet;
    spec.element = elem.kind;
    spec.enum_name = elem.enum_name;
    spec.members = elem.members;
    return spec;
  }
  const bundle::RecordDecl* rec = element.kind == bundle::TypeKind::kRecord && !element.optional
                                      ? doc.FindRecord(element.name)
                                      : nullptr;
  if (rec == nullptr || t.kind == bundle::TypeKind::kSet) return unsupported();
  spec.kind = Kind::kRecordList;
  for (const bundle::Binding& sub : rec->fields) {
    FieldSpec s;
    s.name = sub.name;
    s.optional = sub.type.optional;
    if (!ScalarField(doc, sub.type.Required(), &s)) return unsupported();
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
  return runtime::CatchExceptions(
      "internal", [&]() -> Result<RegisterSchema> {  // no exception crosses the API
        bundle::ReadError read;
        std::unique_ptr<bundle::Document> doc = bundle::Document::Parse(bundle_json, &read);
        if (doc == nullptr &&
            (read.code == bundle::code::kNotJson || read.code == bundle::code::kFormat)) {
          return RulesError("the bundle is not a JSON object");
        }
        if (doc == nullptr || !doc->ReadDeclarations(&read)) {
          return RulesError("the bundle cannot be read: " + read.message);
        }
        if (doc->hash() != book.hash()) {
          return RulesError(
              "the bundle text is not the one the rulebook was loaded from (hash differs)");
        }
        auto decision = [&](const char* name) -> const bundle::DecisionDecl* {
          auto ref = book.FindDecision(name);
          if (!ref.ok()) return nullptr;
          return doc->FindDecision(ref->name());
        };
        const bundle::DecisionDecl* frequency = decision("frequency");
        if (frequency == nullptr) return RulesError("the rules have no decision `frequency`");
        const bundle::RecordDecl* record = nullptr;
        for (const bundle::Binding& p : frequency->params) {
          if (p.name == "enterprise" && p.type.kind == bundle::TypeKind::kRecord &&
              !p.type.optional) {
            record = doc->FindRecord(p.type.name);
          }
        }
        if (record == nullptr) {
          return RulesError("decision `frequency` has no param `enterprise` of a record type");
        }
        const std::string& record_name = record->name;
        RegisterSchema schema;
        schema.record = record_name;
        for (const bundle::Binding& f : record->fields) {
          auto spec = Field(*doc, record_name, f);
          if (!spec.ok()) return spec.error();
          schema.fields.push_back(std::move(spec).value());
        }
        if (schema.Find("id") < 0 ||
            schema.fields[static_cast<std::size_t>(schema.Find("id"))].kind != Kind::kText) {
          return RulesError("`" + record_name +
                            "` has no text field `id` to identify a register row");
        }
        const int region = schema.Find("region");
        if (region >= 0 && schema.fields[static_cast<std::size_t>(region)].kind == Kind::kEnum) {
          schema.regions = schema.fields[static_cast<std::size_t>(region)].members;
          // The labels, for report.html: the region field's enum, found as the
          // field found it.
          const bundle::Binding* f = record->Field("region");
          const bundle::EnumDecl* e = f != nullptr && f->type.kind == bundle::TypeKind::kEnum
                                          ? doc->FindEnum(f->type.name)
                                          : nullptr;
          if (e != nullptr) {
            for (const bundle::EnumMember& m : e->members) schema.region_labels.push_back(m.label);
          }
        }
        const bundle::DecisionDecl* assignment = decision("assignment");
        const bundle::EnumDecl* dept = nullptr;
        if (assignment != nullptr) {
          for (const bundle::DecisionItem& item : assignment->items) {
            if (item.output && item.name == "lead" && item.has_type && !item.type.optional &&
                item.type.kind == bundle::TypeKind::kEnum) {
              dept = doc->FindEnum(item.type.name);
            }
          }
        }
        if (dept == nullptr) {
          return RulesError(
              "the rules have no decision `assignment` with an output `lead` of an enum type");
        }
        schema.departments = Members(*dept);
        for (const bundle::EnumMember& m : dept->members)
          schema.department_labels.push_back(m.label);
        return schema;
      });
}

}  // namespace bylaw::plan
