// LowerType (see type_lowering.h).
#include "type_lowering.h"

#include "bylaw/bundle/schema.h"

namespace bylaw::dsl::lower_internal {

nlohmann::json KindType(const char* kind) { return {{bundle::type::kKind, kind}}; }

nlohmann::json NamedType(const char* kind, const std::string& name) {
  return {{bundle::type::kKind, kind}, {bundle::type::kName, name}};
}

std::optional<nlohmann::json> LowerType(const Type& type, const LoweringContext& ctx) {
  namespace k = bundle::kind;
  nlohmann::json out;
  switch (type.kind) {
    case TypeKind::kUnknown:
    case TypeKind::kError: return std::nullopt;
    case TypeKind::kText: out = KindType(k::kText); break;
    case TypeKind::kInt: out = KindType(k::kInt); break;
    case TypeKind::kDecimal: out = KindType(k::kDecimal); break;
    case TypeKind::kBool: out = KindType(k::kBool); break;
    case TypeKind::kDate: out = KindType(k::kDate); break;
    case TypeKind::kPercent: out = KindType(k::kPercent); break;
    case TypeKind::kDuration: out = KindType(k::kDuration); break;
    // `none` is already optional; never write it optional.
    case TypeKind::kNone: return KindType(k::kNone);
    case TypeKind::kMatter: out = KindType(k::kMatter); break;
    case TypeKind::kReason: out = KindType(k::kReason); break;
    case TypeKind::kEnum:
    case TypeKind::kRecord:
      if (type.decl == nullptr) return std::nullopt;
      out = NamedType(type.kind == TypeKind::kEnum ? k::kEnum : k::kRecord,
                      ctx.Qualified(*type.decl));
      break;
    case TypeKind::kList:
    case TypeKind::kSet: {
      if (type.element == nullptr) return std::nullopt;
      std::optional<nlohmann::json> element = LowerType(*type.element, ctx);
      if (!element) return std::nullopt;
      out = KindType(type.kind == TypeKind::kList ? k::kList : k::kSet);
      out[bundle::type::kOf] = std::move(*element);
      break;
    }
    case TypeKind::kStruct: {
      if (type.fields == nullptr) return std::nullopt;
      nlohmann::json fields = nlohmann::json::array();
      for (const auto& [name, field_type] : *type.fields) {
        std::optional<nlohmann::json> lowered = LowerType(field_type, ctx);
        if (!lowered) return std::nullopt;
        fields.push_back(
            {{bundle::type::kFieldName, name}, {bundle::type::kFieldType, std::move(*lowered)}});
      }
      out = KindType(k::kStruct);
      out[bundle::type::kFields] = std::move(fields);
      break;
    }
  }
  if (type.optional) out[bundle::type::kOptional] = true;
  return out;
}

}  // namespace bylaw::dsl::lower_internal
