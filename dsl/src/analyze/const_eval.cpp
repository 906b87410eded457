// Compile-time values (see const_eval.h).
#include "const_eval.h"

#include <variant>

namespace bylaw::dsl::analyze_internal {

bool Const::SameAs(const Const& o) const {
  if (kind != o.kind || kind == Kind::kUnknown) return false;
  switch (kind) {
    case Kind::kNumber: return number == o.number;
    case Kind::kBool: return boolean == o.boolean;
    case Kind::kNone: return true;
    default: return name == o.name;
  }
}

std::string Const::Spelling() const {
  switch (kind) {
    case Kind::kUnknown: return "…";
    case Kind::kNone: return "none";
    case Kind::kNumber: return number.ToString();
    case Kind::kText: return "\"" + name + "\"";
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kMatter: {
      const auto dot = name.rfind('.');
      return dot == std::string::npos ? name : name.substr(dot + 1);
    }
    case Kind::kMember: return name;
  }
  return name;
}

Const ConstEval::Eval(const Expr& expr, int depth) const {
  Const c;
  if (depth > 16) return c;
  if (const auto* lit = std::get_if<LiteralExpr>(&expr.node)) {
    if (expr.type.kind == TypeKind::kEnum) {
      c.kind = Const::Kind::kMember;
      c.name = lit->kind == LiteralKind::kNone ? "none" : lit->text;
      return c;
    }
    switch (lit->kind) {
      case LiteralKind::kInt:
      case LiteralKind::kDecimal:
      case LiteralKind::kPercent:
        if (auto n = ExactNumber::Parse(lit->text)) {
          c.kind = Const::Kind::kNumber;
          c.number = *n;
        }
        return c;
      case LiteralKind::kDate:
        c.kind = Const::Kind::kNumber;
        c.number = ExactNumber::FromDate(lit->date.year, lit->date.month,
                                         lit->date.day);
        return c;
      case LiteralKind::kText:
        c.kind = Const::Kind::kText;
        c.name = lit->text;
        return c;
      case LiteralKind::kBool:
        c.kind = Const::Kind::kBool;
        c.boolean = lit->bool_value;
        return c;
      case LiteralKind::kNone:
        c.kind = Const::Kind::kNone;
        return c;
      case LiteralKind::kDuration:
        return c;
    }
    return c;
  }
  if (const auto* u = std::get_if<UnaryExpr>(&expr.node)) {
    if (u->op != UnaryOp::kNeg || !u->operand) return c;
    Const inner = Eval(*u->operand, depth + 1);
    if (inner.kind != Const::Kind::kNumber) return c;
    inner.number = inner.number.Negated();
    return inner;
  }
  if (const auto* n = std::get_if<NameExpr>(&expr.node)) {
    if (n->decl == nullptr) return c;
    if (n->decl->kind == DeclKind::kEnum) {
      c.kind = Const::Kind::kMember;
      c.name = n->name.text;
      return c;
    }
    return OfDecl(*n->decl, depth);
  }
  if (const auto* f = std::get_if<FieldExpr>(&expr.node)) {
    if (!f->base) return c;
    if (expr.type.kind == TypeKind::kEnum &&
        f->base->type.kind == TypeKind::kUnknown) {
      // `CreditClass.A` (or `alias.CreditClass.A`).
      c.kind = Const::Kind::kMember;
      c.name = f->field.text;
      return c;
    }
    // `alias.name`: a declaration of an imported ruleset.
    const auto* base = std::get_if<NameExpr>(&f->base->node);
    if (base == nullptr || base->decl != nullptr || ruleset_ == nullptr) {
      return c;
    }
    const ResolvedImport* imp = ruleset_->FindAlias(base->name.text);
    if (imp == nullptr || imp->ruleset == nullptr) return c;
    const Decl* d = imp->ruleset->FindOwn(f->field.text);
    return d ? OfDecl(*d, depth) : c;
  }
  return c;
}

Const ConstEval::OfDecl(const Decl& decl, int depth) const {
  Const c;
  if (decl.kind == DeclKind::kLet) {
    const auto& let = std::get<LetDecl>(decl.node);
    if (let.value) return Eval(*let.value, depth + 1);
  } else if (decl.kind == DeclKind::kMatter) {
    c.kind = Const::Kind::kMatter;
    c.name = program_.QualifiedNameOf(decl);
  }
  // Params stay unknown: hosts may override them and dated values change.
  return c;
}

}  // namespace bylaw::dsl::analyze_internal
