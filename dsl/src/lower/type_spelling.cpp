// SpellType (see type_spelling.h).
#include "type_spelling.h"

#include "bylaw/bundle/schema.h"

namespace bylaw::dsl::lower_internal {

std::optional<std::string> SpellType(const Type& type,
                                     const LoweringContext& ctx) {
  std::string base;
  switch (type.kind) {
    case TypeKind::kUnknown:
    case TypeKind::kError:
      return std::nullopt;
    case TypeKind::kText: base = bundle::type::kText; break;
    case TypeKind::kInt: base = bundle::type::kInt; break;
    case TypeKind::kDecimal: base = bundle::type::kDecimal; break;
    case TypeKind::kBool: base = bundle::type::kBool; break;
    case TypeKind::kDate: base = bundle::type::kDate; break;
    case TypeKind::kPercent: base = bundle::type::kPercent; break;
    case TypeKind::kDuration: base = bundle::type::kDuration; break;
    // `none` is already optional; never write `none?`.
    case TypeKind::kNone: return std::string(bundle::type::kNone);
    case TypeKind::kMatter: base = bundle::type::kMatter; break;
    case TypeKind::kReason: base = bundle::type::kReason; break;
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
      base = std::string(type.kind == TypeKind::kList ? bundle::type::kList : bundle::type::kSet) +
             "<" + *element + ">";
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
