// TypeChecker: expressions (see type_checker.h).
#include <algorithm>
#include <type_traits>
#include <variant>

#include "../resolve/did_you_mean.h"
#include "../resolve/scope_builder.h"
#include "type_checker.h"
#include "type_rules.h"

namespace bylaw::dsl::check_internal {

using resolve_internal::DeclKindWord;
using resolve_internal::DidYouMean;

namespace {

Type Bool() { return Type::Of(TypeKind::kBool); }
Type Int() { return Type::Of(TypeKind::kInt); }

const std::vector<std::string>& Builtins() {
  static const std::vector<std::string> names = {
      "count", "sum", "min", "max", "len", "today", "as_of", "reasons",
      "followups", "year"};
  return names;
}

const std::vector<std::string>& ListOps() {
  static const std::vector<std::string> names = {
      "any", "all", "count", "filter", "map", "sum", "min", "max"};
  return names;
}

// Fields of a `Matter` value (semantics.md).
std::optional<Type> MatterField(const std::string& name, const Type& dept) {
  if (name == "id") return Type::Of(TypeKind::kText);
  if (name == "key" || name == "delegable") return Bool();
  if (name == "initiator") return dept;
  if (name == "cooperators") return Type::ListOf(dept);
  if (name == "level" || name == "type" || name == "scenario") {
    return Type::Of(TypeKind::kText);
  }
  return std::nullopt;
}

std::vector<std::string> MatterFieldNames() {
  return {"id", "key", "delegable", "initiator", "cooperators", "level",
          "type", "scenario"};
}

bool IsCollection(const Type& t) {
  return t.kind == TypeKind::kList || t.kind == TypeKind::kSet;
}

Type ElementOf(const Type& t) {
  if (IsCollection(t) && t.element) return *t.element;
  return Type::Error();
}

}  // namespace

std::string NarrowingKey(const Expr& expr) {
  if (const auto* n = std::get_if<NameExpr>(&expr.node)) return n->name.text;
  if (const auto* f = std::get_if<FieldExpr>(&expr.node)) {
    std::string base = NarrowingKey(*f->base);
    return base.empty() ? "" : base + "." + f->field.text;
  }
  if (const auto* c = std::get_if<CallExpr>(&expr.node)) {
    std::string key = c->callee.text + "(";
    for (std::size_t i = 0; i < c->args.size(); ++i) {
      std::string a = NarrowingKey(*c->args[i]);
      if (a.empty()) return "";
      key += (i ? "," : "") + a;
    }
    return key + ")";
  }
  if (const auto* l = std::get_if<LiteralExpr>(&expr.node)) {
    return "#" + l->text + (l->kind == LiteralKind::kBool
                                ? (l->bool_value ? "true" : "false")
                                : "");
  }
  return "";
}

void TypeChecker::PresentKeys(const Expr& cond, bool when_true,
                              std::vector<std::string>& out) {
  if (const auto* n = std::get_if<IsNoneExpr>(&cond.node)) {
    // `x is not none` proves x present when true; `x is none` when false.
    if (n->negated == when_true && n->operand) {
      std::string k = NarrowingKey(*n->operand);
      if (!k.empty()) out.push_back(k);
    }
  } else if (const auto* b = std::get_if<BinaryExpr>(&cond.node)) {
    // `a and b` true: both hold; `a or b` false: neither holds.
    if ((b->op == BinaryOp::kAnd && when_true) ||
        (b->op == BinaryOp::kOr && !when_true)) {
      if (b->lhs) PresentKeys(*b->lhs, when_true, out);
      if (b->rhs) PresentKeys(*b->rhs, when_true, out);
    }
  } else if (const auto* u = std::get_if<UnaryExpr>(&cond.node)) {
    if (u->op == UnaryOp::kNot && u->operand) {
      PresentKeys(*u->operand, !when_true, out);
    }
  }
}

Type TypeChecker::Check(Expr& expr, const Type* expected, Env& env) {
  Type t = CheckNode(expr, expected, env);
  if (t.optional && !env.present.empty()) {
    std::string key = NarrowingKey(expr);
    if (!key.empty() && env.present.count(key)) t = t.AsOptional(false);
  }
  expr.type = t;
  return t;
}

Type TypeChecker::CheckNode(Expr& expr, const Type* expected, Env& env) {
  return std::visit(
      [&](auto& n) -> Type {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, LiteralExpr>) {
          return CheckLiteral(n, expected);
        } else if constexpr (std::is_same_v<T, NameExpr>) {
          return CheckName(expr, n, expected, env);
        } else if constexpr (std::is_same_v<T, FieldExpr>) {
          return CheckField(expr, n, env);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          return CheckUnary(n, env);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          return CheckBinary(expr, n, env);
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          if (n.operand) Check(*n.operand, nullptr, env);
          return Bool();
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          return CheckIf(n, expected, env);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          return CheckCall(expr, n, env);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          return CheckComprehension(n, env);
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          return CheckRecord(n, env);
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          return CheckWith(n, env);
        } else {
          return CheckList(n, expected, env);
        }
      },
      expr.node);
}

Type TypeChecker::CheckLiteral(LiteralExpr& lit, const Type* expected) {
  const EnumDecl* e = expected ? EnumOf(*expected) : nullptr;
  switch (lit.kind) {
    case LiteralKind::kInt:
      // `1` where a SafetyGrade is expected is the member `1`.
      if (e && HasMember(*e, lit.text)) return expected->AsOptional(false);
      return Int();
    case LiteralKind::kNone:
      if (e && HasMember(*e, "none")) return expected->AsOptional(false);
      return Type::Of(TypeKind::kNone);
    case LiteralKind::kDecimal: return Type::Of(TypeKind::kDecimal);
    case LiteralKind::kPercent: return Type::Of(TypeKind::kPercent);
    case LiteralKind::kText: return Type::Of(TypeKind::kText);
    case LiteralKind::kDate: return Type::Of(TypeKind::kDate);
    case LiteralKind::kBool: return Bool();
    case LiteralKind::kDuration: return Type::Of(TypeKind::kDuration);
  }
  return Type::Error();
}

bool TypeChecker::IsLocal(const std::string& name, const Env& env) const {
  for (const Local& l : env.locals) {
    if (l.name == name) return true;
  }
  if (env.object) {
    for (const FieldDecl& f : std::get<RecordDecl>(env.object->node).fields) {
      if (f.name.text == name) return true;
    }
  }
  return false;
}

Type TypeChecker::ValueOf(const Decl& decl, const Ident& at) {
  switch (decl.kind) {
    case DeclKind::kLet: return LetType(decl);
    case DeclKind::kParam:
      return std::get<ParamDecl>(decl.node).type.resolved;
    case DeclKind::kMatter: return Type::Of(TypeKind::kMatter);
    case DeclKind::kScenario: return Type::Of(TypeKind::kText);
    default: break;
  }
  auto d = sink_.Error("not_a_value", at.range,
                       "`" + at.text + "` is a " + DeclKindWord(decl.kind) +
                           ", not a value");
  d.Label(decl.name.range, "declared here");
  switch (decl.kind) {
    case DeclKind::kTable: case DeclKind::kRule: case DeclKind::kScorecard:
    case DeclKind::kDef: case DeclKind::kDecision:
      d.Help("call it: `" + at.text + "(...)`");
      break;
    case DeclKind::kEnum:
      d.Help("name a member: `" + at.text + ".<member>`");
      break;
    default:
      break;
  }
  return Type::Error();
}

Type TypeChecker::CheckName(Expr& expr, NameExpr& name, const Type* expected,
                            Env& env) {
  const std::string& text = name.name.text;
  for (auto it = env.locals.rbegin(); it != env.locals.rend(); ++it) {
    if (it->name == text) return it->type;
  }
  if (env.object) {
    for (FieldDecl& f : const_cast<RecordDecl&>(
             std::get<RecordDecl>(env.object->node)).fields) {
      if (f.name.text == text) return f.type.resolved;
    }
  }
  const Ruleset& ruleset = *env.ruleset;
  if (const Decl* d = LookupDecl(ruleset, name.name, true)) {
    name.decl = d;
    return ValueOf(*d, name.name);
  }
  // An enum member, by the expected type first.
  const EnumDecl* want = expected ? EnumOf(*expected) : nullptr;
  if (want != nullptr) {
    if (HasMember(*want, text)) {
      name.decl = expected->decl;
      return expected->AsOptional(false);
    }
    std::vector<std::string> members;
    for (const EnumMember& m : want->members) members.push_back(m.name.text);
    auto d = sink_.Error("unknown_member", name.name.range,
                         "`" + text + "` is not a member of `" +
                             expected->decl->name.text + "`");
    d.Label(expected->decl->name.range, "enum declared here");
    std::string help = DidYouMean(text, members);
    if (!help.empty()) d.Help(help);
    return Type::Error();
  }
  std::vector<const Decl*> owners;
  for (const Decl* e : VisibleEnums(ruleset)) {
    if (HasMember(std::get<EnumDecl>(e->node), text)) owners.push_back(e);
  }
  if (owners.size() == 1) {
    name.decl = owners.front();
    return Type::EnumOf(owners.front());
  }
  if (owners.size() > 1) {
    std::string list;
    for (const Decl* e : owners) {
      if (!list.empty()) list += ", ";
      list += "`" + e->name.text + "." + text + "`";
    }
    sink_.Error("ambiguous_name", name.name.range,
                "`" + text + "` is a member of several enums")
        .Help("qualify it: " + list);
    return Type::Error();
  }
  std::vector<std::string> candidates = VisibleNames(ruleset);
  for (const Local& l : env.locals) candidates.push_back(l.name);
  if (env.object) {
    for (const FieldDecl& f : std::get<RecordDecl>(env.object->node).fields) {
      candidates.push_back(f.name.text);
    }
  }
  auto d = sink_.Error("unknown_name", name.name.range,
                       "unknown name `" + text + "`");
  std::string help = DidYouMean(text, candidates);
  if (!help.empty()) d.Help(help);
  (void)expr;
  return Type::Error();
}

const Decl* TypeChecker::EnumRef(Expr& expr, Env& env) {
  if (auto* n = std::get_if<NameExpr>(&expr.node)) {
    if (IsLocal(n->name.text, env)) return nullptr;
    const Decl* d = env.ruleset->FindVisible(n->name.text);
    if (d && d->kind == DeclKind::kEnum) {
      n->decl = d;
      return d;
    }
    return nullptr;
  }
  if (auto* f = std::get_if<FieldExpr>(&expr.node)) {
    auto* base = std::get_if<NameExpr>(&f->base->node);
    if (!base || IsLocal(base->name.text, env) ||
        env.ruleset->FindVisible(base->name.text)) {
      return nullptr;
    }
    const ResolvedImport* imp = env.ruleset->FindAlias(base->name.text);
    if (!imp) return nullptr;
    const Decl* d = imp->ruleset->FindOwn(f->field.text);
    if (d && d->kind == DeclKind::kEnum) return d;
  }
  return nullptr;
}

Type TypeChecker::RequirePresent(const Type& t, const Expr& expr,
                                 const char* use) {
  if (!t.optional || t.kind == TypeKind::kError) return t;
  std::string key = NarrowingKey(expr);
  sink_.Error("optional_access", expr.range,
              std::string(use) + " a value of optional type " + Quote(t))
      .Help(key.empty()
                ? "test that it is not none first"
                : "guard it: `" + key + " is not none and ...` or `if " + key +
                      " is not none then ... else ...`");
  return t.AsOptional(false);
}

Type TypeChecker::CheckField(Expr& expr, FieldExpr& field, Env& env) {
  // `CreditClass.A`, `nat.CreditClass.A`
  if (const Decl* e = EnumRef(*field.base, env)) {
    const auto& members = std::get<EnumDecl>(e->node).members;
    if (HasMember(std::get<EnumDecl>(e->node), field.field.text)) {
      return Type::EnumOf(e);
    }
    std::vector<std::string> names;
    for (const EnumMember& m : members) names.push_back(m.name.text);
    auto d = sink_.Error("unknown_member", field.field.range,
                         "`" + field.field.text + "` is not a member of `" +
                             e->name.text + "`");
    d.Label(e->name.range, "enum declared here");
    std::string help = DidYouMean(field.field.text, names);
    if (!help.empty()) d.Help(help);
    return Type::Error();
  }
  // `alias.name`: a declaration of an imported ruleset. The base stays
  // untyped (it is no value), which is how lowering recognises it.
  if (auto* base = std::get_if<NameExpr>(&field.base->node)) {
    if (!IsLocal(base->name.text, env) &&
        !env.ruleset->FindVisible(base->name.text) &&
        env.ruleset->FindImported(base->name.text).empty()) {
      if (const ResolvedImport* imp = env.ruleset->FindAlias(base->name.text)) {
        if (const Decl* d = imp->ruleset->FindOwn(field.field.text)) {
          return ValueOf(*d, field.field);
        }
        std::vector<std::string> names;
        for (const auto& [n, d] : imp->ruleset->scope) names.push_back(n);
        auto diag = sink_.Error("unknown_name", field.field.range,
                                "ruleset `" + imp->ruleset->id +
                                    "` declares no `" + field.field.text + "`");
        std::string help = DidYouMean(field.field.text, names);
        if (!help.empty()) diag.Help(help);
        return Type::Error();
      }
    }
  }
  Type base = Check(*field.base, nullptr, env);
  if (IsVague(base)) return Type::Error();
  base = RequirePresent(base, *field.base, "cannot read a field of");
  (void)expr;
  return FieldOf(base, field.field, *field.base, env);
}

Type TypeChecker::FieldOf(const Type& base, const Ident& field,
                          const Expr& base_expr, Env& env) {
  std::vector<std::string> names;
  switch (base.kind) {
    case TypeKind::kRecord: {
      // Names are gathered (for the hint) only when the field is missing:
      // copying them on every lookup made wide records quadratic.
      const auto& fields = std::get<RecordDecl>(base.decl->node).fields;
      for (const FieldDecl& f : fields) {
        if (f.name.text == field.text) return f.type.resolved;
      }
      for (const FieldDecl& f : fields) names.push_back(f.name.text);
      break;
    }
    case TypeKind::kStruct:
      if (const Type* t = base.Field(field.text)) return *t;
      for (const auto& [n, t] : *base.fields) names.push_back(n);
      break;
    case TypeKind::kReason:
      if (field.text == "code" || field.text == "rule" ||
          field.text == "message" || field.text == "basis") {
        return Type::Of(TypeKind::kText);
      }
      names = {"code", "rule", "message", "basis"};
      break;
    case TypeKind::kMatter: {
      // Department as the reading ruleset sees it: matters name members of
      // the `Department` enum visible there.
      Type dept_type = Type::Error();
      const Decl* d = env.ruleset->FindVisible("Department");
      if (d && d->kind == DeclKind::kEnum) dept_type = Type::EnumOf(d);
      if (auto t = MatterField(field.text, dept_type)) return *t;
      names = MatterFieldNames();
      break;
    }
    case TypeKind::kList:
    case TypeKind::kSet: {
      // Projection: `reasons.code` is the list of codes.
      Type e = ElementOf(base);
      if (IsVague(e)) return Type::Error();
      Type f = FieldOf(e.AsOptional(false), field, base_expr, env);
      if (f.is_error()) return f;
      return Type::ListOf(f);
    }
    default: {
      sink_.Error("unknown_field", field.range,
                  Quote(base) + " has no fields")
          .Label(base_expr.range, "this is " + Quote(base));
      return Type::Error();
    }
  }
  auto d = sink_.Error("unknown_field", field.range,
                       Quote(base) + " has no field `" + field.text + "`");
  std::string help = DidYouMean(field.text, names);
  if (!help.empty()) d.Help(help);
  return Type::Error();
}

bool TypeChecker::ContextDependent(const Expr& expr, const Env& env) {
  if (const auto* n = std::get_if<NameExpr>(&expr.node)) {
    return !IsLocal(n->name.text, env) &&
           env.ruleset->FindVisible(n->name.text) == nullptr;
  }
  if (const auto* l = std::get_if<LiteralExpr>(&expr.node)) {
    return l->kind == LiteralKind::kNone || l->kind == LiteralKind::kInt;
  }
  if (const auto* l = std::get_if<ListExpr>(&expr.node)) {
    for (const auto& i : l->items) {
      if (i && ContextDependent(*i, env)) return true;
    }
  }
  return false;
}

Type TypeChecker::CheckUnary(UnaryExpr& u, Env& env) {
  if (!u.operand) return Type::Error();
  if (u.op == UnaryOp::kNot) {
    ExpectBool(*u.operand, env, "the operand of `not`");
    return Bool();
  }
  Type t = Check(*u.operand, nullptr, env);
  if (IsVague(t)) return Type::Error();
  t = RequirePresent(t, *u.operand, "cannot negate");
  if (!t.is_numeric() && t.kind != TypeKind::kDuration) {
    sink_.Error("type_mismatch", u.operand->range,
                "cannot negate a value of type " + Quote(t));
    return Type::Error();
  }
  return t;
}

Type TypeChecker::CheckBinary(Expr& expr, BinaryExpr& b, Env& env) {
  if (!b.lhs || !b.rhs) return Type::Error();
  const std::string op = std::string("`") + BinaryOpSpelling(b.op) + "`";
  switch (b.op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr: {
      ExpectBool(*b.lhs, env, "the left operand of " + op);
      std::vector<std::string> keys;
      PresentKeys(*b.lhs, b.op == BinaryOp::kAnd, keys);
      for (const auto& k : keys) env.present.insert(k);
      ExpectBool(*b.rhs, env, "the right operand of " + op);
      for (const auto& k : keys) env.present.erase(env.present.find(k));
      return Bool();
    }
    case BinaryOp::kEq: case BinaryOp::kNe:
    case BinaryOp::kLt: case BinaryOp::kLe:
    case BinaryOp::kGt: case BinaryOp::kGe: {
      Type l, r;
      if (ContextDependent(*b.lhs, env) && !ContextDependent(*b.rhs, env)) {
        r = Check(*b.rhs, nullptr, env);
        l = Check(*b.lhs, &r, env);
      } else {
        l = Check(*b.lhs, nullptr, env);
        r = Check(*b.rhs, &l, env);
      }
      if (IsVague(l) || IsVague(r)) return Bool();
      const bool ordering = b.op != BinaryOp::kEq && b.op != BinaryOp::kNe;
      if (ordering) {
        l = RequirePresent(l, *b.lhs, "cannot compare");
        r = RequirePresent(r, *b.rhs, "cannot compare");
      }
      bool ok = ordering ? Ordered(l) && Ordered(r) &&
                               Unify(l, r).has_value()
                         : Comparable(l, r);
      if (!ok) {
        auto d = sink_.Error("type_mismatch", expr.range,
                             "cannot compare " + Quote(l) + " with " +
                                 Quote(r) + " using " + op);
        if ((l.kind == TypeKind::kPercent && r.kind == TypeKind::kInt) ||
            (r.kind == TypeKind::kPercent && l.kind == TypeKind::kInt)) {
          d.Help("percents compare with percents: write `3%`, not `3`");
        } else if (ordering && Unify(l, r)) {
          d.Help(Quote(l) + " values have no order");
        }
      }
      return Bool();
    }
    case BinaryOp::kIn: case BinaryOp::kNotIn: case BinaryOp::kContains: {
      Expr& elem_expr = b.op == BinaryOp::kContains ? *b.rhs : *b.lhs;
      Expr& coll_expr = b.op == BinaryOp::kContains ? *b.lhs : *b.rhs;
      Type elem, coll;
      if (ContextDependent(elem_expr, env) && !ContextDependent(coll_expr, env)) {
        coll = Check(coll_expr, nullptr, env);
        Type want = ElementOf(coll.AsOptional(false));
        elem = Check(elem_expr, IsVague(want) ? nullptr : &want, env);
      } else {
        elem = Check(elem_expr, nullptr, env);
        Type want = Type::ListOf(elem);
        coll = Check(coll_expr, IsVague(elem) ? nullptr : &want, env);
      }
      if (IsVague(coll)) return Bool();
      coll = RequirePresent(coll, coll_expr, "cannot search in");
      if (coll.kind == TypeKind::kText && b.op == BinaryOp::kContains) {
        if (!IsVague(elem) && elem.kind != TypeKind::kText) {
          sink_.Error("type_mismatch", elem_expr.range,
                      "text can only contain text, found " + Quote(elem));
        }
        return Bool();
      }
      if (!IsCollection(coll)) {
        sink_.Error("type_mismatch", coll_expr.range,
                    op + " needs a list or set, found " + Quote(coll));
        return Bool();
      }
      Type e = ElementOf(coll);
      if (!IsVague(elem) && coll.element && !Comparable(elem, e)) {
        sink_.Error("type_mismatch", elem_expr.range,
                    "a " + Quote(elem) + " is never in a " + Quote(coll));
      }
      return Bool();
    }
    case BinaryOp::kAdd: case BinaryOp::kSub:
    case BinaryOp::kMul: case BinaryOp::kDiv: {
      Type l = Check(*b.lhs, nullptr, env);
      Type r = Check(*b.rhs, nullptr, env);
      if (IsVague(l) || IsVague(r)) return Type::Error();
      l = RequirePresent(l, *b.lhs, "cannot compute with");
      r = RequirePresent(r, *b.rhs, "cannot compute with");
      return CheckArith(expr, b, l, r);
    }
  }
  return Type::Error();
}

Type TypeChecker::CheckArith(Expr& expr, BinaryExpr& b, const Type& l,
                             const Type& r) {
  auto K = [](const Type& t) { return t.kind; };
  const bool num_l = l.kind == TypeKind::kInt || l.kind == TypeKind::kDecimal;
  const bool num_r = r.kind == TypeKind::kInt || r.kind == TypeKind::kDecimal;
  const Type dec = Type::Of(TypeKind::kDecimal);
  switch (b.op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      if (num_l && num_r) {
        return K(l) == TypeKind::kInt && K(r) == TypeKind::kInt ? Int() : dec;
      }
      if (K(l) == TypeKind::kPercent && K(r) == TypeKind::kPercent) return l;
      if (K(l) == TypeKind::kDuration && K(r) == TypeKind::kDuration) return l;
      if (K(l) == TypeKind::kDate && K(r) == TypeKind::kDuration) return l;
      if (b.op == BinaryOp::kAdd && K(l) == TypeKind::kDuration &&
          K(r) == TypeKind::kDate) {
        return r;
      }
      if (b.op == BinaryOp::kSub && K(l) == TypeKind::kDate &&
          K(r) == TypeKind::kDate) {
        return Int();
      }
      break;
    case BinaryOp::kMul:
      if (num_l && num_r) {
        return K(l) == TypeKind::kInt && K(r) == TypeKind::kInt ? Int() : dec;
      }
      if ((K(l) == TypeKind::kPercent && (num_r || K(r) == TypeKind::kPercent)) ||
          (K(r) == TypeKind::kPercent && num_l)) {
        return dec;
      }
      break;
    case BinaryOp::kDiv:
      if (l.is_numeric() && r.is_numeric()) return dec;
      break;
    default:
      break;
  }
  auto d = sink_.Error("type_mismatch", expr.range,
                       std::string("cannot apply `") + BinaryOpSpelling(b.op) + "` to " +
                           Quote(l) + " and " + Quote(r));
  if ((K(l) == TypeKind::kDate && num_r) || (K(r) == TypeKind::kDate && num_l)) {
    d.Help("add or subtract a duration: `30 days`, `6 months`, `1 year`");
  } else if (K(l) == TypeKind::kPercent || K(r) == TypeKind::kPercent) {
    d.Help("percents add to percents (`3% + 2%`) and multiply numbers "
           "(`3% * 200`)");
  }
  return Type::Error();
}

Type TypeChecker::CheckIf(IfExpr& e, const Type* expected, Env& env) {
  if (!e.cond || !e.then_expr || !e.else_expr) return Type::Error();
  ExpectBool(*e.cond, env, "the condition of `if`");
  std::vector<std::string> when_true, when_false;
  PresentKeys(*e.cond, true, when_true);
  PresentKeys(*e.cond, false, when_false);
  for (const auto& k : when_true) env.present.insert(k);
  Type t = Check(*e.then_expr, expected, env);
  for (const auto& k : when_true) env.present.erase(env.present.find(k));
  for (const auto& k : when_false) env.present.insert(k);
  Type f = Check(*e.else_expr, expected ? expected : (IsVague(t) ? nullptr : &t),
                 env);
  for (const auto& k : when_false) env.present.erase(env.present.find(k));
  std::optional<Type> u = Unify(t, f);
  if (!u) {
    sink_.Error("type_mismatch", e.else_expr->range,
                "the branches of `if` differ: " + Quote(t) + " and " + Quote(f))
        .Label(e.then_expr->range, "this is " + Quote(t));
    return Type::Error();
  }
  return *u;
}

Type TypeChecker::CheckCall(Expr& expr, CallExpr& call, Env& env) {
  const std::string& name = call.callee.text;
  const Decl* d = IsLocal(name, env) ? nullptr
                                     : LookupDecl(*env.ruleset, call.callee, true);
  if (d == nullptr) {
    if (std::find(Builtins().begin(), Builtins().end(), name) !=
        Builtins().end()) {
      return CheckBuiltin(expr, call, env);
    }
    std::vector<std::string> candidates = Builtins();
    for (const std::string& n : VisibleNames(*env.ruleset)) {
      const Decl* c = env.ruleset->FindVisible(n);
      if (c && !ParamTypes(*c).empty()) candidates.push_back(n);
      else if (c && (c->kind == DeclKind::kTable || c->kind == DeclKind::kRule ||
                     c->kind == DeclKind::kDef || c->kind == DeclKind::kDecision ||
                     c->kind == DeclKind::kScorecard)) {
        candidates.push_back(n);
      }
    }
    auto diag = sink_.Error("unknown_name", call.callee.range,
                            "unknown function `" + name + "`");
    std::string help = DidYouMean(name, candidates);
    if (!help.empty()) diag.Help(help);
    for (auto& a : call.args) Check(*a, nullptr, env);
    return Type::Error();
  }
  switch (d->kind) {
    case DeclKind::kTable: case DeclKind::kRule: case DeclKind::kScorecard:
    case DeclKind::kDef: case DeclKind::kDecision:
      break;
    default: {
      sink_.Error("not_callable", call.callee.range,
                  "`" + name + "` is a " + DeclKindWord(d->kind) +
                      ", not something to call")
          .Label(d->name.range, "declared here");
      for (auto& a : call.args) Check(*a, nullptr, env);
      return Type::Error();
    }
  }
  call.decl = d;
  std::vector<Type> params = ParamTypes(*d);
  if (params.size() != call.args.size()) {
    sink_.Error("wrong_arity", expr.range,
                "`" + name + "` takes " + std::to_string(params.size()) +
                    (params.size() == 1 ? " argument" : " arguments") +
                    ", found " + std::to_string(call.args.size()))
        .Label(d->name.range, "declared here");
    for (auto& a : call.args) Check(*a, nullptr, env);
    return CallResultType(*d);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    Expect(*call.args[i], params[i], env,
           "argument " + std::to_string(i + 1) + " of `" + name + "`");
  }
  return CallResultType(*d);
}

Type TypeChecker::CheckBuiltin(Expr& expr, CallExpr& call, Env& env) {
  const std::string& name = call.callee.text;
  auto arity = [&](std::size_t lo, std::size_t hi, const char* says) {
    if (call.args.size() >= lo && call.args.size() <= hi) return true;
    sink_.Error("wrong_arity", expr.range,
                "`" + name + "` takes " + says + ", found " +
                    std::to_string(call.args.size()));
    for (auto& a : call.args) Check(*a, nullptr, env);
    return false;
  };
  auto collection = [&](Expr& arg) -> Type {
    Type t = Check(arg, nullptr, env);
    if (IsVague(t)) return Type::Error();
    t = RequirePresent(t, arg, "cannot use");
    if (!IsCollection(t)) {
      sink_.Error("type_mismatch", arg.range,
                  "`" + name + "` needs a list or set, found " + Quote(t));
      return Type::Error();
    }
    return t;
  };
  if (name == "today" || name == "as_of") {
    if (!arity(0, 0, "no arguments")) return Type::Error();
    return Type::Of(TypeKind::kDate);
  }
  if (name == "len" || name == "year") {
    if (!arity(1, 1, "1 argument")) return Int();
    Expect(*call.args[0],
           Type::Of(name == "len" ? TypeKind::kText : TypeKind::kDate), env,
           "the argument of `" + name + "`");
    return Int();
  }
  if (name == "count") {
    if (!arity(1, 1, "1 argument")) return Int();
    collection(*call.args[0]);
    return Int();
  }
  if (name == "reasons" || name == "followups") {
    if (!arity(1, 1000, "at least 1 argument")) {
      return Type::ListOf(Type::Of(TypeKind::kText));
    }
    const Type reason = Type::Of(TypeKind::kReason).AsOptional();
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      Type t = Check(*call.args[i], nullptr, env);
      if (!IsVague(t) && !Assignable(t, reason)) {
        sink_.Error("type_mismatch", call.args[i]->range,
                    "`" + name + "` takes rule calls, found " + Quote(t))
            .Help("pass calls of rules, e.g. `" + name + "(head_approval(i))`");
      }
    }
    return name == "reasons" ? Type::ListOf(Type::Of(TypeKind::kReason))
                             : Type::ListOf(Type::Of(TypeKind::kText));
  }
  // sum, min, max
  const bool pair = (name == "min" || name == "max") && call.args.size() == 2;
  if (!pair && !arity(1, 1, name == "sum" ? "1 argument" : "1 or 2 arguments")) {
    return Type::Error();
  }
  Type result;
  if (pair) {
    Type a = Check(*call.args[0], nullptr, env);
    Type b = Check(*call.args[1], &a, env);
    if (IsVague(a) || IsVague(b)) return Type::Error();
    a = RequirePresent(a, *call.args[0], "cannot compare");
    b = RequirePresent(b, *call.args[1], "cannot compare");
    std::optional<Type> u = Unify(a, b);
    if (!u || !Ordered(*u)) {
      sink_.Error("type_mismatch", expr.range,
                  "`" + name + "` needs two values of one ordered type, found " +
                      Quote(a) + " and " + Quote(b));
      return Type::Error();
    }
    return *u;
  }
  Type coll = collection(*call.args[0]);
  if (IsVague(coll) || coll.element == nullptr) return Type::Error();
  result = *coll.element;
  const bool ok = name == "sum" ? result.is_numeric() && !result.optional
                                : Ordered(result) && !result.optional;
  if (!ok && !IsVague(result)) {
    sink_.Error("type_mismatch", call.args[0]->range,
                "`" + name + "` needs a list of " +
                    (name == "sum" ? "numbers" : "ordered values") +
                    ", found " + Quote(coll));
    return Type::Error();
  }
  return result;
}

Type TypeChecker::CheckComprehension(ComprehensionExpr& c, Env& env) {
  const std::string& op = c.op.text;
  if (std::find(ListOps().begin(), ListOps().end(), op) == ListOps().end()) {
    auto d = sink_.Error("unknown_name", c.op.range,
                         "unknown list operation `" + op + "`");
    std::string help = DidYouMean(op, ListOps());
    d.Help(help.empty() ? "list operations are any, all, count, filter, map, "
                          "sum, min and max"
                        : help);
    return Type::Error();
  }
  if (!c.source || !c.body) return Type::Error();
  Type src = Check(*c.source, nullptr, env);
  Type elem = Type::Error();
  if (!IsVague(src)) {
    src = RequirePresent(src, *c.source, "cannot iterate over");
    if (!IsCollection(src)) {
      sink_.Error("type_mismatch", c.source->range,
                  "`" + op + "` iterates over a list or set, found " +
                      Quote(src));
      src = Type::Error();
    } else if (src.element) {
      elem = *src.element;
    }
  }
  env.locals.push_back({c.var.text, elem});
  Type result;
  if (op == "any" || op == "all" || op == "count" || op == "filter") {
    ExpectBool(*c.body, env, "the condition of `" + op + "`");
    result = op == "count" ? Int()
             : op == "filter" ? (IsVague(src) ? Type::Error() : src)
                              : Bool();
  } else {
    Type body = Check(*c.body, nullptr, env);
    if (op == "map") {
      result = Type::ListOf(body);
    } else if (IsVague(body)) {
      result = Type::Error();
    } else {
      body = RequirePresent(body, *c.body, "cannot aggregate");
      const bool ok = op == "sum" ? body.is_numeric() : Ordered(body);
      if (!ok) {
        sink_.Error("type_mismatch", c.body->range,
                    "`" + op + "` needs " +
                        (op == "sum" ? "numbers" : "ordered values") +
                        ", found " + Quote(body));
        result = Type::Error();
      } else {
        result = body;
      }
    }
  }
  env.locals.pop_back();
  return result;
}

void TypeChecker::CheckFieldInits(const Decl& record,
                                  std::vector<FieldInit>& fields, Env& env) {
  const auto& decls = std::get<RecordDecl>(record.node).fields;
  std::map<std::string, SourceRange> seen;
  for (FieldInit& init : fields) {
    auto [it, fresh] = seen.emplace(init.name.text, init.name.range);
    if (!fresh) {
      sink_.Error("duplicate_name", init.name.range,
                  "field `" + init.name.text + "` is given twice")
          .Label(it->second, "first given here");
    }
    const FieldDecl* field = nullptr;
    std::vector<std::string> names;
    for (const FieldDecl& f : decls) {
      if (f.name.text == init.name.text) field = &f;
      names.push_back(f.name.text);
    }
    if (field == nullptr) {
      auto d = sink_.Error("unknown_field", init.name.range,
                           "`" + record.name.text + "` has no field `" +
                               init.name.text + "`");
      std::string help = DidYouMean(init.name.text, names);
      if (!help.empty()) d.Help(help);
      if (init.value) Check(*init.value, nullptr, env);
      continue;
    }
    if (init.value) {
      Expect(*init.value, field->type.resolved, env,
             "field `" + init.name.text + "`");
    }
  }
}

Type TypeChecker::CheckRecord(RecordExpr& r, Env& env) {
  const auto& parts = r.type_name.parts;
  const Decl* d = nullptr;
  if (parts.size() == 1) {
    d = LookupDecl(*env.ruleset, parts[0], true);
  } else if (parts.size() == 2) {
    if (const ResolvedImport* imp = env.ruleset->FindAlias(parts[0].text)) {
      d = imp->ruleset->FindOwn(parts[1].text);
    }
  }
  if (d == nullptr || d->kind != DeclKind::kRecord) {
    std::vector<std::string> records;
    for (const std::string& n : VisibleNames(*env.ruleset)) {
      const Decl* c = env.ruleset->FindVisible(n);
      if (c && c->kind == DeclKind::kRecord) records.push_back(n);
    }
    auto diag = sink_.Error("unknown_type", r.type_name.range,
                            d ? "`" + r.type_name.ToString() + "` is a " +
                                    DeclKindWord(d->kind) + ", not a record"
                              : "unknown record type `" +
                                    r.type_name.ToString() + "`");
    std::string help = DidYouMean(r.type_name.ToString(), records);
    if (!help.empty()) diag.Help(help);
    for (FieldInit& f : r.fields) {
      if (f.value) Check(*f.value, nullptr, env);
    }
    return Type::Error();
  }
  r.decl = d;
  CheckFieldInits(*d, r.fields, env);
  return Type::RecordOf(d);
}

Type TypeChecker::CheckWith(WithExpr& w, Env& env) {
  if (!w.base) return Type::Error();
  Type base = Check(*w.base, nullptr, env);
  if (IsVague(base)) {
    for (FieldInit& f : w.fields) {
      if (f.value) Check(*f.value, nullptr, env);
    }
    return Type::Error();
  }
  base = RequirePresent(base, *w.base, "cannot update");
  if (base.kind != TypeKind::kRecord) {
    sink_.Error("type_mismatch", w.base->range,
                "`with` updates a record, found " + Quote(base));
    return Type::Error();
  }
  CheckFieldInits(*base.decl, w.fields, env);
  return base;
}

Type TypeChecker::CheckList(ListExpr& l, const Type* expected, Env& env) {
  const Type* want = nullptr;
  Type want_elem;
  if (expected && IsCollection(*expected) && expected->element) {
    want_elem = *expected->element;
    want = &want_elem;
  }
  std::optional<Type> elem;
  for (auto& item : l.items) {
    if (!item) continue;
    Type t = Check(*item, want ? want : (elem && !IsVague(*elem) ? &*elem : nullptr),
                   env);
    if (!elem) {
      elem = t;
      continue;
    }
    std::optional<Type> u = Unify(*elem, t);
    if (!u) {
      sink_.Error("type_mismatch", item->range,
                  "list items differ in type: " + Quote(*elem) + " and " +
                      Quote(t));
      elem = Type::Error();
    } else {
      elem = *u;
    }
  }
  if (!elem) {
    // `[]`: the element type comes from the context when there is one.
    if (want) elem = want_elem;
    else {
      Type t = Type::Of(l.is_set ? TypeKind::kSet : TypeKind::kList);
      return t;
    }
  }
  return l.is_set ? Type::SetOf(*elem) : Type::ListOf(*elem);
}

}  // namespace bylaw::dsl::check_internal
