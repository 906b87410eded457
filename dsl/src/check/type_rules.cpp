// See type_rules.h.
#include "type_rules.h"

namespace bylaw::dsl::check_internal {

bool IsVague(const Type& t) {
  return t.kind == TypeKind::kError || t.kind == TypeKind::kUnknown;
}

bool Assignable(const Type& from, const Type& to) {
  if (IsVague(from) || IsVague(to)) return true;
  if (from.kind == TypeKind::kNone) return to.optional;
  if (from.optional && !to.optional) return false;
  if (from.kind == TypeKind::kInt && to.kind == TypeKind::kDecimal) return true;
  if (from.kind != to.kind) return false;
  switch (from.kind) {
    case TypeKind::kEnum:
    case TypeKind::kRecord:
      return from.decl == to.decl;
    case TypeKind::kList:
    case TypeKind::kSet:
      if (from.element == nullptr || to.element == nullptr) return true;
      return Assignable(*from.element, *to.element);
    case TypeKind::kStruct: {
      if (from.fields == nullptr || to.fields == nullptr) return true;
      if (from.fields->size() != to.fields->size()) return false;
      for (std::size_t i = 0; i < from.fields->size(); ++i) {
        if ((*from.fields)[i].first != (*to.fields)[i].first ||
            !Assignable((*from.fields)[i].second, (*to.fields)[i].second)) {
          return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

std::optional<Type> Unify(const Type& a, const Type& b) {
  if (IsVague(a)) return b;
  if (IsVague(b)) return a;
  if (a.kind == TypeKind::kNone && b.kind == TypeKind::kNone) return a;
  if (a.kind == TypeKind::kNone) return b.AsOptional();
  if (b.kind == TypeKind::kNone) return a.AsOptional();
  const bool opt = a.optional || b.optional;
  Type x = a.AsOptional(false), y = b.AsOptional(false);
  if (x.kind == TypeKind::kDecimal && y.kind == TypeKind::kInt) {
    return x.AsOptional(opt);
  }
  if (x.kind == TypeKind::kInt && y.kind == TypeKind::kDecimal) {
    return y.AsOptional(opt);
  }
  if ((x.kind == TypeKind::kList || x.kind == TypeKind::kSet) &&
      x.kind == y.kind) {
    // An empty literal has no element type yet.
    if (x.element == nullptr) return y.AsOptional(opt);
    if (y.element == nullptr) return x.AsOptional(opt);
    std::optional<Type> e = Unify(*x.element, *y.element);
    if (!e) return std::nullopt;
    Type l = x.kind == TypeKind::kList ? Type::ListOf(*e) : Type::SetOf(*e);
    return l.AsOptional(opt);
  }
  if (Assignable(x, y) && Assignable(y, x)) return x.AsOptional(opt);
  return std::nullopt;
}

bool Comparable(const Type& a, const Type& b) {
  if (IsVague(a) || IsVague(b)) return true;
  if (a.kind == TypeKind::kNone || b.kind == TypeKind::kNone) {
    return a.optional || b.optional || a.kind == b.kind;
  }
  return Unify(a.AsOptional(false), b.AsOptional(false)).has_value();
}

bool Ordered(const Type& t) {
  switch (t.kind) {
    case TypeKind::kInt: case TypeKind::kDecimal: case TypeKind::kPercent:
    case TypeKind::kDate: case TypeKind::kDuration: case TypeKind::kText:
    case TypeKind::kError: case TypeKind::kUnknown:
      return true;
    default:
      return false;
  }
}

const EnumDecl* EnumOf(const Type& t) {
  if (t.kind != TypeKind::kEnum || t.decl == nullptr) return nullptr;
  return std::get_if<EnumDecl>(&t.decl->node);
}

bool HasMember(const EnumDecl& e, const std::string& name) {
  for (const EnumMember& m : e.members) {
    if (m.name.text == name) return true;
  }
  return false;
}

std::string Quote(const Type& t) { return "`" + t.ToString() + "`"; }

}  // namespace bylaw::dsl::check_internal
