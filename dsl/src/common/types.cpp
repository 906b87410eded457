// Type constructors, spelling and equality (see bylaw/dsl/types.h).
//
// Equality is structural: enums and records compare by declaring node (two
// enums with the same name in different rulesets are different types),
// lists and sets by element, structs by field names and types in order.
// kError equals only kError here; "compatible with everything" is the
// checker's rule, not equality's.
#include "bylaw/dsl/types.h"

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl {

Type Type::ListOf(Type element) {
  Type t = Of(TypeKind::kList);
  t.element = std::make_shared<const Type>(std::move(element));
  return t;
}

Type Type::SetOf(Type element) {
  Type t = Of(TypeKind::kSet);
  t.element = std::make_shared<const Type>(std::move(element));
  return t;
}

Type Type::StructOf(StructFields fields) {
  Type t = Of(TypeKind::kStruct);
  t.fields = std::make_shared<const StructFields>(std::move(fields));
  return t;
}

const Type* Type::Field(const std::string& name) const {
  if (kind != TypeKind::kStruct || fields == nullptr) return nullptr;
  for (const auto& [field_name, field_type] : *fields) {
    if (field_name == name) return &field_type;
  }
  return nullptr;
}

std::string Type::ToString() const {
  std::string base;
  switch (kind) {
    case TypeKind::kUnknown: base = "unknown"; break;
    case TypeKind::kError: base = "error"; break;
    case TypeKind::kText: base = "text"; break;
    case TypeKind::kInt: base = "int"; break;
    case TypeKind::kDecimal: base = "decimal"; break;
    case TypeKind::kBool: base = "bool"; break;
    case TypeKind::kDate: base = "date"; break;
    case TypeKind::kPercent: base = "percent"; break;
    case TypeKind::kDuration: base = "duration"; break;
    // `none` is optional by nature: never spelled `none?`.
    case TypeKind::kNone: return "none";
    case TypeKind::kEnum:
    case TypeKind::kRecord:
      base = decl != nullptr ? decl->name.text : "?";
      break;
    case TypeKind::kList:
    case TypeKind::kSet:
      base = std::string(kind == TypeKind::kList ? "list<" : "set<") +
             (element != nullptr ? element->ToString() : "?") + ">";
      break;
    case TypeKind::kStruct: {
      base = "{";
      if (fields != nullptr) {
        bool first = true;
        for (const auto& [name, type] : *fields) {
          if (!first) base += ", ";
          first = false;
          base += name + ": " + type.ToString();
        }
      }
      base += "}";
      break;
    }
    case TypeKind::kMatter: base = "Matter"; break;
    case TypeKind::kReason: base = "Reason"; break;
  }
  if (optional) base += "?";
  return base;
}

bool Type::operator==(const Type& o) const {
  if (kind != o.kind || optional != o.optional) return false;
  switch (kind) {
    case TypeKind::kEnum:
    case TypeKind::kRecord:
      return decl == o.decl;
    case TypeKind::kList:
    case TypeKind::kSet:
      if (element == nullptr || o.element == nullptr) {
        return element == o.element;
      }
      return *element == *o.element;
    case TypeKind::kStruct:
      if (fields == nullptr || o.fields == nullptr) return fields == o.fields;
      return *fields == *o.fields;
    default:
      return true;
  }
}

}  // namespace bylaw::dsl
