// SpellType (see type_spelling.h).
#include "type_spelling.h"

namespace bylaw::dsl::lower_internal {

std::optional<std::string> SpellType(const Type& type,
                                     const LoweringContext& ctx) {
  std::string base;
  switch (type.kind) {
    case TypeKind::kUnknown:
    case TypeKind::kError:
      return std::nullopt;
    case TypeKind::kText: base = "text"; break;
    case TypeKind::kInt: base = "int"; break;
    case TypeKind::kDecimal: base = "decimal"; break;
    case TypeKind::kBool: base = "bool"; break;
    case TypeKind::kDate: base = "date"; break;
    case TypeKind::kPercent: base = "percent"; break;
    case TypeKind::kDuration: base = "duration"; break;
    // `none` is already optional; never write `none?`.
    case TypeKind::kNone: return std::string("none");
    case TypeKind::kMatter: base = "Matter"; break;
    case TypeKind::kReason: base = "Reason"; break;
    case TypeKind::kEnum:
    case TypeKind::kRecord:
      if (type.decl == nullptr) return std::nullopt;
      base = ctx.Qualified(*type.decl);
      break;
    case TypeKind::kList:
    case TypeKind::kSet: {
      if (type.element == nullptr) return std::nullopt;
      std::optional<std::string> element = SpellType(*type.element, ctx);
      if (!element) return std::nullopt;
      base = (type.kind == TypeKind::kList ? "list<" : "set<") + *element + ">";
      break;
    }
    case TypeKind::kStruct: {
      if (type.fields == nullptr) return std::nullopt;
      base = "{";
      bool first = true;
      for (const auto& [name, field_type] : *type.fields) {
        std::optional<std::string> spelled = SpellType(field_type, ctx);
        if (!spelled) return std::nullopt;
        if (!first) base += ", ";
        first = false;
        base += name + ": " + *spelled;
      }
      base += "}";
      break;
    }
  }
  if (type.optional) base += "?";
  return base;
}

}  // namespace bylaw::dsl::lower_internal
