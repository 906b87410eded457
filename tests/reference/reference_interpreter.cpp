// The reference interpreter (see reference_interpreter.h). Read it next to
// docs/design/semantics.md: every rule it applies cites its paragraph.
#include "reference_interpreter.h"

#include <algorithm>
#include <stdexcept>

namespace bylaw::reference {
namespace {

using dsl::BinaryOp;
using dsl::Decl;
using dsl::DeclKind;
using dsl::Expr;
using K = RValue::Kind;

// An evaluation failure (S15.1), thrown inside this file only.
struct Failure {
  std::string code;
  std::string message;
};

[[noreturn]] void Fail(const std::string& code, const std::string& message) {
  throw Failure{code, message};
}

[[noreturn]] void Unsupported(const std::string& what) {
  throw std::logic_error("reference interpreter: " + what + " is not covered");
}

constexpr __int128 kInt64Max = static_cast<__int128>(INT64_MAX);
constexpr __int128 kInt64Min = static_cast<__int128>(INT64_MIN);

bool FitsInt64(__int128 x) { return x >= kInt64Min && x <= kInt64Max; }

// A name bound in an environment: a value, or the failure of a decision
// `let` that is re-raised when read (S7.3).
struct Slot {
  RValue value;
  std::optional<Failure> failure;
};
using Env = std::map<std::string, Slot>;

std::int64_t DateDays(const dsl::Date& d) { return DaysFromCivil(d.year, d.month, d.day); }

// S14.1: FROM <= d < TO.
bool InForce(const std::optional<dsl::Effective>& e, std::int64_t as_of) {
  if (!e) return true;
  if (as_of < DateDays(e->from)) return false;
  return !e->until || as_of < DateDays(*e->until);
}

// A decimal literal's spelling `12.5` in units of 10^-6 (S5.2, S5.3).
__int128 ParseScaled(const std::string& text) {
  __int128 whole = 0, frac = 0;
  int frac_digits = 0;
  bool dot = false, neg = false;
  for (char c : text) {
    if (c == '-') {
      neg = true;
    } else if (c == '.') {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      if (dot) {
        if (++frac_digits > kScaleDigits) Unsupported("a literal beyond the scale");
        frac = frac * 10 + (c - '0');
      } else {
        whole = whole * 10 + (c - '0');
      }
    } else if (c != '_') {
      Unsupported("the number literal `" + text + "`");
    }
  }
  for (int i = frac_digits; i < kScaleDigits; ++i) frac *= 10;
  const __int128 v = whole * kScale + frac;
  return neg ? -v : v;
}

// Rounds num/den half away from zero (S5.4).
__int128 RoundDiv(__int128 num, __int128 den) {
  const bool neg = (num < 0) != (den < 0);
  const __int128 n = num < 0 ? -num : num;
  const __int128 d = den < 0 ? -den : den;
  const __int128 q = (n + d / 2) / d;
  return neg ? -q : q;
}

std::int64_t AddMonths(std::int64_t days, std::int64_t months) {
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  std::int64_t total = static_cast<std::int64_t>(y) * 12 + (m - 1) + months;
  std::int64_t ny = total / 12;
  std::int64_t nm = total % 12;
  if (nm < 0) {
    nm += 12;
    --ny;
  }
  // S6.1: keep the day, or clamp to the month's last day.
  int last = 31;
  while (last > 28) {
    int yy, mm, dd;
    CivilFromDays(DaysFromCivil(static_cast<int>(ny), static_cast<int>(nm) + 1, last), &yy,
                  &mm, &dd);
    if (mm == nm + 1) break;
    --last;
  }
  return DaysFromCivil(static_cast<int>(ny), static_cast<int>(nm) + 1, std::min(d, last));
}

// S4.4: order on numbers, dates, durations and text; nullopt otherwise.
std::optional<int> Order(const RValue& a, const RValue& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.is_number() && b.is_number()) return cmp(a.scaled(), b.scaled());
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case K::kDate: return cmp(a.num, b.num);
    case K::kDuration:
      if (a.months != b.months) return cmp(a.months, b.months);
      return cmp(a.days, b.days);
    case K::kText: return cmp(a.text.compare(b.text), 0);
    default: return std::nullopt;
  }
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

class Run {
 public:
  Run(const dsl::Program& program, std::int64_t as_of) : program_(program), as_of_(as_of) {}

  // S7.3, S7.4: the items of a decision in order.
  ReferenceOutcome Decision(const dsl::DecisionDecl& d, Env env) {
    ReferenceOutcome out;
    for (const dsl::DecisionItem& item : d.items) {
      if (item.kind == dsl::DecisionItem::Kind::kLet) {
        Slot slot;
        try {
          slot.value = Eval(*item.value, env);
        } catch (const Failure& f) {
          slot.failure = f;  // S7.3: re-raised when read
        }
        env[item.name.text] = std::move(slot);
        continue;
      }
      out.names.push_back(item.name.text);
      out.failed.push_back(false);
      try {
        out.outputs.push_back(Eval(*item.value, env));
        continue;
      } catch (const Failure& f) {
        out.errors.push_back({f.code, f.message, item.name.text});
      }
      out.outputs.push_back(Fallback(item, env, &out));
    }
    return out;
  }

  // S7.2: only the fallbacks run, each output failing with `code`.
  ReferenceOutcome FailAll(const dsl::DecisionDecl& d, const Env& env, const Failure& f) {
    ReferenceOutcome out;
    for (const dsl::DecisionItem& item : d.items) {
      if (item.kind != dsl::DecisionItem::Kind::kOutput) continue;
      out.names.push_back(item.name.text);
      out.failed.push_back(false);
      out.errors.push_back({f.code, f.message, item.name.text});
      out.outputs.push_back(Fallback(item, env, &out));
    }
    return out;
  }

  // S7.2: the decision's ruleset in force.
  std::optional<Failure> RulesetFailure(const Decl& decision) const {
    const dsl::Ruleset* rs = program_.RulesetOf(decision);
    if (rs == nullptr) Unsupported("a decision outside a ruleset");
    if (rs->status == dsl::RulesetStatus::kRepealed) {
      return Failure{"NOT_IN_FORCE", "ruleset `" + rs->id + "` is repealed"};
    }
    if (!InForce(rs->effective, as_of_)) {
      return Failure{"NOT_IN_FORCE", "ruleset `" + rs->id + "` is not in force"};
    }
    return std::nullopt;
  }

 private:
  // S7.4: the `else` value, or none and incomplete.
  RValue Fallback(const dsl::DecisionItem& item, const Env& env, ReferenceOutcome* out) {
    if (item.fallback) {
      try {
        return Eval(*item.fallback, env);
      } catch (const Failure& f) {
        out->errors.push_back({f.code, f.message, item.name.text});
      }
    }
    out->complete = false;
    out->failed.back() = true;
    return RValue::None();
  }

  // S4.2: reading a missing fact fails.
  static const RValue& Present(const RValue& v, const std::string& what) {
    if (v.kind == K::kMissing) Fail("MISSING_FACT", "`" + what + "` is missing");
    return v;
  }

  RValue Eval(const Expr& e, const Env& env) {
    return std::visit([&](const auto& node) { return EvalNode(node, e, env); }, e.node);
  }

  RValue EvalNode(const dsl::LiteralExpr& lit, const Expr&, const Env&) {
    switch (lit.kind) {
      case dsl::LiteralKind::kInt: {
        const __int128 v = ParseScaled(lit.text) / kScale;
        return RValue::Int(v);
      }
      case dsl::LiteralKind::kDecimal: return RValue::Decimal(ParseScaled(lit.text));
      case dsl::LiteralKind::kPercent: return RValue::Percent(ParseScaled(lit.text) / 100);
      case dsl::LiteralKind::kText: return RValue::Text(lit.text);
      case dsl::LiteralKind::kDate: return RValue::Date(DateDays(lit.date));
      case dsl::LiteralKind::kBool: return RValue::Bool(lit.bool_value);
      case dsl::LiteralKind::kNone: return RValue::None();
      case dsl::LiteralKind::kDuration: {
        const std::int64_t n = static_cast<std::int64_t>(ParseScaled(lit.text) / kScale);
        switch (lit.unit) {
          case dsl::DurationUnit::kDays: return RValue::Duration(0, n);
          case dsl::DurationUnit::kMonths: return RValue::Duration(n, 0);
          case dsl::DurationUnit::kYears: return RValue::Duration(12 * n, 0);
        }
      }
    }
    Unsupported("a literal kind");
  }

  RValue EvalNode(const dsl::NameExpr& n, const Expr& e, const Env& env) {
    if (n.decl == nullptr) {
      auto it = env.find(n.name.text);
      if (it == env.end()) Unsupported("the unbound name `" + n.name.text + "`");
      if (it->second.failure) throw *it->second.failure;
      return Present(it->second.value, "$." + n.name.text);
    }
    const Decl& d = *n.decl;
    switch (d.kind) {
      case DeclKind::kEnum:  // a bare member, typed by the checker
        if (e.type.kind != dsl::TypeKind::kEnum) Unsupported("an enum name as a value");
        return Member(d, n.name.text);
      case DeclKind::kLet: return TopLet(d);
      case DeclKind::kParam: return Param(d);
      default: Unsupported("a name of this declaration kind");
    }
  }

  RValue Member(const Decl& enum_decl, const std::string& member) {
    for (const dsl::EnumMember& m : std::get<dsl::EnumDecl>(enum_decl.node).members) {
      if (m.name.text == member) {
        if (!m.name.text.empty() && (m.name.text[0] >= '0' && m.name.text[0] <= '9')) {
          Unsupported("int-named enum members");
        }
        return RValue::Enum(program_.QualifiedNameOf(enum_decl), member);
      }
    }
    Unsupported("the member `" + member + "`");
  }

  // S8.1: once per evaluation.
  RValue TopLet(const Decl& d) {
    auto it = lets_.find(&d);
    if (it != lets_.end()) return it->second;
    RValue v = Eval(*std::get<dsl::LetDecl>(d.node).value, Env{});
    lets_[&d] = v;
    return v;
  }

  // S8.2: the value with the latest `from` not after the date.
  RValue Param(const Decl& d) {
    const auto& p = std::get<dsl::ParamDecl>(d.node);
    const dsl::ParamValue* best = nullptr;
    std::int64_t best_from = 0;
    for (const dsl::ParamValue& v : p.values) {
      const std::int64_t from = v.from ? DateDays(*v.from) : INT64_MIN;
      if (from <= as_of_ && (best == nullptr || from >= best_from)) {
        best = &v;
        best_from = from;
      }
    }
    if (best == nullptr) Fail("MISSING_PARAM", "param `" + d.name.text + "` has no value");
    return Eval(*best->value, Env{});
  }

  RValue EvalNode(const dsl::FieldExpr& f, const Expr&, const Env& env) {
    if (const auto* base = std::get_if<dsl::NameExpr>(&f.base->node)) {
      if (base->decl != nullptr && base->decl->kind == DeclKind::kEnum) {
        return Member(*base->decl, f.field.text);  // `Enum.member`
      }
      if (base->decl == nullptr && f.base->type.kind == dsl::TypeKind::kUnknown) {
        Unsupported("`alias.name`");
      }
    }
    const RValue base = Eval(*f.base, env);
    if (base.kind == K::kRecord) {
      const RValue* v = base.Field(f.field.text);
      if (v == nullptr) Unsupported("the field `" + f.field.text + "`");
      return Present(*v, f.field.text);
    }
    if (base.kind == K::kList) {  // S12.2: projection
      std::vector<RValue> items;
      for (const RValue& r : base.items) {
        const RValue* v = r.kind == K::kRecord ? r.Field(f.field.text) : nullptr;
        if (v == nullptr) Fail("TYPE_ERROR", "projection on a non-record");
        items.push_back(Present(*v, f.field.text));
      }
      return RValue::List(std::move(items));
    }
    // S13.1: unreachable from a checked program.
    Fail("TYPE_ERROR", "field `" + f.field.text + "` of a non-record");
  }

  RValue EvalNode(const dsl::UnaryExpr& u, const Expr&, const Env& env) {
    const RValue v = Eval(*u.operand, env);
    if (u.op == dsl::UnaryOp::kNot) {
      if (v.kind != K::kBool) Fail("TYPE_ERROR", "not of a non-bool");
      return RValue::Bool(!v.b);
    }
    // S5.5
    switch (v.kind) {
      case K::kInt:
        if (v.num == kInt64Min) Fail("ARITHMETIC", "integer overflow");
        return RValue::Int(-v.num);
      case K::kDecimal: return RValue::Decimal(-v.num);
      case K::kPercent: return RValue::Percent(-v.num);
      default: Fail("TYPE_ERROR", "cannot negate");
    }
  }

  bool Bool(const Expr& e, const Env& env) {
    const RValue v = Eval(e, env);
    if (v.kind != K::kBool) Fail("TYPE_ERROR", "expected bool");
    return v.b;
  }

  RValue EvalNode(const dsl::BinaryExpr& b, const Expr&, const Env& env) {
    // S7.6: `and`, `or` stop early; everything else evaluates both sides.
    if (b.op == BinaryOp::kAnd || b.op == BinaryOp::kOr) {
      const bool l = Bool(*b.lhs, env);
      if (l == (b.op == BinaryOp::kOr)) return RValue::Bool(l);
      return RValue::Bool(Bool(*b.rhs, env));
    }
    const RValue l = Eval(*b.lhs, env);
    const RValue r = Eval(*b.rhs, env);
    switch (b.op) {
      case BinaryOp::kEq: return RValue::Bool(Equal(l, r));  // S4.3
      case BinaryOp::kNe: return RValue::Bool(!Equal(l, r));
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe: {  // S4.4
        const auto c = Order(l, r);
        if (!c) Fail("TYPE_ERROR", "values that do not compare");
        switch (b.op) {
          case BinaryOp::kLt: return RValue::Bool(*c < 0);
          case BinaryOp::kLe: return RValue::Bool(*c <= 0);
          case BinaryOp::kGt: return RValue::Bool(*c > 0);
          default: return RValue::Bool(*c >= 0);
        }
      }
      case BinaryOp::kIn:
      case BinaryOp::kNotIn:
      case BinaryOp::kContains: {  // S12.1, S6.2
        const RValue& list = b.op == BinaryOp::kContains ? l : r;
        const RValue& elem = b.op == BinaryOp::kContains ? r : l;
        bool found = false;
        if (list.kind == K::kText && elem.kind == K::kText) {
          found = list.text.find(elem.text) != std::string::npos;
        } else if (list.kind == K::kList) {
          for (const RValue& x : list.items) found = found || Equal(x, elem);
        } else {
          Fail("TYPE_ERROR", "`in` needs a list");
        }
        return RValue::Bool(found != (b.op == BinaryOp::kNotIn));
      }
      default: return Arith(b.op, l, r);
    }
  }

  // S5, S6.1, S6.2
  static RValue Arith(BinaryOp op, const RValue& a, const RValue& b) {
    if (a.kind == K::kInt && b.kind == K::kInt && op != BinaryOp::kDiv) {
      const __int128 r = op == BinaryOp::kAdd   ? a.num + b.num
                         : op == BinaryOp::kSub ? a.num - b.num
                                                : a.num * b.num;
      if (!FitsInt64(r)) Fail("ARITHMETIC", "integer overflow");  // S5.1
      return RValue::Int(r);
    }
    if (a.is_number() && b.is_number()) {  // S5.4
      const __int128 x = a.scaled(), y = b.scaled();
      __int128 r;
      bool percent = false;
      switch (op) {
        case BinaryOp::kAdd:
          r = x + y;
          percent = a.kind == K::kPercent && b.kind == K::kPercent;
          break;
        case BinaryOp::kSub:
          r = x - y;
          percent = a.kind == K::kPercent && b.kind == K::kPercent;
          break;
        case BinaryOp::kMul: r = RoundDiv(x * y, kScale); break;
        default:
          if (y == 0) Fail("ARITHMETIC", "division by zero");
          r = RoundDiv(x * kScale, y);
          break;
      }
      // S5.2: the range is symmetric, ±(2^63 - 1) millionths.
      if (r < -kInt64Max || r > kInt64Max) Fail("ARITHMETIC", "number out of range");
      return percent ? RValue::Percent(r) : RValue::Decimal(r);
    }
    if (a.kind == K::kDate && b.kind == K::kDuration &&
        (op == BinaryOp::kAdd || op == BinaryOp::kSub)) {
      const int sign = op == BinaryOp::kAdd ? 1 : -1;
      const std::int64_t d = AddMonths(static_cast<std::int64_t>(a.num), sign * b.months);
      return RValue::Date(d + sign * b.days);
    }
    if (a.kind == K::kDate && b.kind == K::kDate && op == BinaryOp::kSub) {
      return RValue::Int(a.num - b.num);
    }
    if (a.kind == K::kDuration && b.kind == K::kDuration &&
        (op == BinaryOp::kAdd || op == BinaryOp::kSub)) {
      const int sign = op == BinaryOp::kAdd ? 1 : -1;
      return RValue::Duration(a.months + sign * b.months, a.days + sign * b.days);
    }
    if (a.kind == K::kText && b.kind == K::kText && op == BinaryOp::kAdd) {
      return RValue::Text(a.text + b.text);
    }
    Fail("TYPE_ERROR", "arithmetic on these kinds");
  }

  RValue EvalNode(const dsl::IsNoneExpr& n, const Expr&, const Env& env) {
    const RValue v = Eval(*n.operand, env);  // a missing operand fails (S13.1)
    return RValue::Bool((v.kind == K::kNone) != n.negated);
  }

  RValue EvalNode(const dsl::IfExpr& i, const Expr&, const Env& env) {
    return Bool(*i.cond, env) ? Eval(*i.then_expr, env) : Eval(*i.else_expr, env);
  }

  RValue EvalNode(const dsl::ListExpr& l, const Expr&, const Env& env) {
    std::vector<RValue> items;  // S12.1
    for (const auto& x : l.items) {
      RValue v = Eval(*x, env);
      const bool dup = l.is_set && std::any_of(items.begin(), items.end(),
                                               [&](const RValue& y) { return Equal(y, v); });
      if (!dup) items.push_back(std::move(v));
    }
    return RValue::List(std::move(items));
  }

  RValue EvalNode(const dsl::RecordExpr& r, const Expr&, const Env& env) {
    if (r.decl == nullptr) Unsupported("an unresolved record literal");
    const auto& rd = std::get<dsl::RecordDecl>(r.decl->node);
    std::vector<std::string> names;
    std::vector<RValue> fields;
    for (const dsl::FieldDecl& f : rd.fields) {
      names.push_back(f.name.text);
      // S4.2: an omitted field is missing, or none when optional.
      fields.push_back(f.type.optional ? RValue::None() : RValue::Missing());
    }
    for (const dsl::FieldInit& init : r.fields) {
      RValue v = Eval(*init.value, env);
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == init.name.text) fields[i] = std::move(v);
      }
    }
    return RValue::Record(program_.QualifiedNameOf(*r.decl), std::move(names), std::move(fields));
  }

  RValue EvalNode(const dsl::WithExpr& w, const Expr&, const Env& env) {
    RValue base = Eval(*w.base, env);
    if (base.kind != K::kRecord) Fail("TYPE_ERROR", "`with` on a non-record");
    for (const dsl::FieldInit& init : w.fields) {
      RValue v = Eval(*init.value, env);
      for (std::size_t i = 0; i < base.names.size(); ++i) {
        if (base.names[i] == init.name.text) base.items[i] = std::move(v);
      }
    }
    return base;
  }

  RValue EvalNode(const dsl::ComprehensionExpr& c, const Expr&, const Env& env) {
    const RValue src = Eval(*c.source, env);  // S12.3
    if (src.kind != K::kList) Fail("TYPE_ERROR", "comprehension over a non-list");
    const std::string& op = c.op.text;
    std::vector<RValue> acc;
    std::int64_t count = 0;
    for (const RValue& item : src.items) {
      Env inner = env;
      inner[c.var.text] = Slot{item, std::nullopt};
      if (op == "map" || op == "sum" || op == "min" || op == "max") {
        acc.push_back(Eval(*c.body, inner));
        continue;
      }
      const bool b = Bool(*c.body, inner);
      if (op == "any" && b) return RValue::Bool(true);
      if (op == "all" && !b) return RValue::Bool(false);
      if (b) {
        ++count;
        if (op == "filter") acc.push_back(item);
      }
    }
    if (op == "any") return RValue::Bool(false);
    if (op == "all") return RValue::Bool(true);
    if (op == "count") return RValue::Int(count);
    if (op == "filter" || op == "map") return RValue::List(std::move(acc));
    return Aggregate(op, acc);
  }

  // S12.1: sum from 0; min/max of nothing is NO_MATCH.
  static RValue Aggregate(const std::string& op, const std::vector<RValue>& xs) {
    if (op == "sum") {
      RValue s = RValue::Int(0);
      for (const RValue& x : xs) s = Arith(BinaryOp::kAdd, s, x);
      return s;
    }
    if (xs.empty()) Fail("NO_MATCH", "`" + op + "` of an empty list");
    RValue best = xs[0];
    for (std::size_t i = 1; i < xs.size(); ++i) {
      const auto c = Order(xs[i], best);
      if (!c) Fail("TYPE_ERROR", "values that do not compare");
      if ((op == "min" && *c < 0) || (op == "max" && *c > 0)) best = xs[i];
    }
    return best;
  }

  std::vector<RValue> Args(const dsl::CallExpr& call, const Env& env) {
    std::vector<RValue> args;
    for (const auto& a : call.args) args.push_back(Eval(*a, env));
    return args;
  }

  static Env Bind(const std::vector<dsl::Param>& params, std::vector<RValue> args) {
    Env env;
    for (std::size_t i = 0; i < params.size(); ++i) {
      env[params[i].name.text] = Slot{std::move(args[i]), std::nullopt};
    }
    return env;
  }

  RValue EvalNode(const dsl::CallExpr& call, const Expr&, const Env& env) {
    if (call.decl == nullptr) return Builtin(call, env);
    const Decl& d = *call.decl;
    switch (d.kind) {
      case DeclKind::kTable:
        return Table(d, Bind(std::get<dsl::TableDecl>(d.node).params, Args(call, env)));
      case DeclKind::kRule: {
        const RuleResult rr = Rule(d, call, env);
        return rr.stands ? Reason(d) : RValue::None();  // S10.4
      }
      case DeclKind::kScorecard:
        return Scorecard(d, Bind(std::get<dsl::ScorecardDecl>(d.node).params, Args(call, env)));
      case DeclKind::kDef: {
        const auto& def = std::get<dsl::DefDecl>(d.node);
        return Eval(*def.body, Bind(def.params, Args(call, env)));  // S8.1
      }
      case DeclKind::kDecision: return CallDecision(d, call, env);
      default: Unsupported("a call of this declaration kind");
    }
  }

  // S8.3
  RValue CallDecision(const Decl& d, const dsl::CallExpr& call, const Env& env) {
    const auto& dd = std::get<dsl::DecisionDecl>(d.node);
    Env callee = Bind(dd.params, Args(call, env));
    if (auto f = RulesetFailure(d)) throw *f;
    const ReferenceOutcome o = Decision(dd, callee);
    for (std::size_t i = 0; i < o.names.size(); ++i) {
      if (!o.failed[i]) continue;
      // The output's last error: its own, or its fallback's.
      for (auto e = o.errors.rbegin(); e != o.errors.rend(); ++e) {
        if (e->output == o.names[i]) Fail(e->code, e->message);
      }
    }
    return RValue::Record("", o.names, o.outputs);
  }

  RValue Builtin(const dsl::CallExpr& call, const Env& env) {
    const std::string& fn = call.callee.text;
    if (fn == "today" || fn == "as_of") return RValue::Date(as_of_);  // S6.3
    if (fn == "reasons" || fn == "followups") {  // S10.5
      std::vector<RValue> items;
      for (const auto& arg : call.args) {
        const auto* rc = std::get_if<dsl::CallExpr>(&arg->node);
        if (rc == nullptr || rc->decl == nullptr || rc->decl->kind != DeclKind::kRule) {
          Fail("TYPE_ERROR", "expected a rule call");
        }
        const RuleResult rr = Rule(*rc->decl, *rc, env);
        if (fn == "reasons" && rr.stands) items.push_back(Reason(*rc->decl));
        if (fn == "followups" && rr.followup) items.push_back(RValue::Text(*rr.followup));
      }
      return RValue::List(std::move(items));
    }
    if ((fn == "min" || fn == "max") && call.args.size() == 2) {  // S12.1
      const RValue a = Eval(*call.args[0], env);
      const RValue b = Eval(*call.args[1], env);
      const auto c = Order(a, b);
      if (!c) Fail("TYPE_ERROR", "values that do not compare");
      return (fn == "min" ? *c <= 0 : *c >= 0) ? a : b;
    }
    const RValue arg = Eval(*call.args.at(0), env);
    if (fn == "count") {
      if (arg.kind != K::kList) Fail("TYPE_ERROR", "`count` needs a list");
      return RValue::Int(static_cast<std::int64_t>(arg.items.size()));
    }
    if (fn == "sum" || fn == "min" || fn == "max") {
      if (arg.kind != K::kList) Fail("TYPE_ERROR", "aggregate needs a list");
      return Aggregate(fn, arg.items);
    }
    if (fn == "len") {
      if (arg.kind != K::kText) Fail("TYPE_ERROR", "`len` needs a text");
      return RValue::Int(static_cast<std::int64_t>(CodePoints(arg.text)));
    }
    if (fn == "year") {
      if (arg.kind != K::kDate) Fail("TYPE_ERROR", "`year` needs a date");
      int y, m, d;
      CivilFromDays(static_cast<std::int64_t>(arg.num), &y, &m, &d);
      return RValue::Int(y);
    }
    Unsupported("the builtin `" + fn + "`");
  }

  // ---------------------------------------------------------------- rules

  struct RuleResult {
    bool stands = false;
    std::optional<std::string> followup;
  };

  RuleResult Rule(const Decl& d, const dsl::CallExpr& call, const Env& env) {
    const auto& r = std::get<dsl::RuleDecl>(d.node);
    const Env inner = Bind(r.params, Args(call, env));
    RuleResult out;
    if (!InForce(r.effective, as_of_)) return out;  // S10.1
    const bool c = Bool(*r.condition, inner);
    const bool violated = r.forbid ? c : !c;  // S10.2
    if (!violated) return out;
    for (const dsl::RuleExcept& e : r.excepts) {  // S10.3
      if (Bool(*e.when, inner)) {
        if (e.followup) out.followup = e.followup->text;
        return out;
      }
    }
    out.stands = true;
    return out;
  }

  RValue Reason(const Decl& d) {  // S10.4
    const auto& r = std::get<dsl::RuleDecl>(d.node);
    const std::string name = program_.QualifiedNameOf(d);
    const std::string code = r.code ? r.code->text : d.name.text;
    return RValue::Record("", {"code", "rule", "message", "basis"},
                          {RValue::Text(code), RValue::Text(name),
                           RValue::Text(r.message ? r.message->value : ""),
                           RValue::Text(d.basis ? d.basis->value : "")});
  }

  // ----------------------------------------------------------- scorecards

  RValue Scorecard(const Decl& d, const Env& env) {
    const auto& s = std::get<dsl::ScorecardDecl>(d.node);
    RValue score = RValue::Decimal(0);
    for (const dsl::Indicator& ind : s.indicators) {  // S11.1
      const RValue w = Eval(*ind.weight, env);
      RValue v = Eval(*ind.value, env);
      if (v.kind == K::kBool) v = RValue::Int(v.b ? 1 : 0);
      const RValue sum = Arith(BinaryOp::kAdd, score, Arith(BinaryOp::kMul, w, v));
      score = RValue::Decimal(sum.scaled());
    }
    for (const dsl::Band& b : s.bands) {  // S11.2
      if (TestMatches(b.test, score, /*alone=*/true)) {
        return RValue::Record("", {"score", "grade"}, {score, Eval(*b.grade, env)});
      }
    }
    Fail("NO_MATCH", "no band of scorecard `" + d.name.text + "` matches score " +
                         score.ToString());
  }

  // --------------------------------------------------------------- tables

  // S9.4: one unary test. `alone`: the cell has this one test.
  bool TestMatches(const dsl::UnaryTest& t, const RValue& v, bool alone) {
    using UK = dsl::UnaryTest::Kind;
    if (t.kind == UK::kEqual) return Equal(v, Eval(*t.value, Env{}));
    if (t.kind == UK::kInterval) {
      const RValue lo = Eval(*t.value, Env{});
      const RValue hi = Eval(*t.high, Env{});
      if (v.kind == K::kNone) return false;
      const auto a = Order(v, lo), b = Order(v, hi);
      return a && b && (*a > 0 || (*a == 0 && t.low_closed)) &&
             (*b < 0 || (*b == 0 && t.high_closed));
    }
    const RValue x = Eval(*t.value, Env{});
    if (t.op == dsl::CompareOp::kEq) return Equal(v, x);
    if (t.op == dsl::CompareOp::kNe) {
      if (alone) return !Equal(v, x);  // `!= x` alone is `not(x)`
      return v.kind != K::kNone && !Equal(v, x);
    }
    if (v.kind == K::kNone) return false;
    const auto c = Order(v, x);
    if (!c) return false;
    switch (t.op) {
      case dsl::CompareOp::kLt: return *c < 0;
      case dsl::CompareOp::kLe: return *c <= 0;
      case dsl::CompareOp::kGt: return *c > 0;
      default: return *c >= 0;
    }
  }

  bool CellMatches(const dsl::Cell& cell, const RValue& v) {
    if (cell.any) return true;
    bool hit = false;
    for (const dsl::UnaryTest& t : cell.tests) {
      hit = hit || TestMatches(t, v, cell.tests.size() == 1);
    }
    return hit != cell.negated;
  }

  bool RowMatches(const dsl::Row& row, const std::vector<RValue>& inputs) {
    if (!InForce(row.effective, as_of_)) return false;  // S9.3
    for (std::size_t c = 0; c < inputs.size(); ++c) {
      if (!CellMatches(row.inputs[c], inputs[c])) return false;
    }
    return true;
  }

  RValue RowOutputs(const dsl::TableDecl& t, const dsl::Row& row, const Env& env) {
    std::vector<std::string> names;
    std::vector<RValue> values;
    for (std::size_t i = 0; i < t.outputs.size(); ++i) {
      names.push_back(t.outputs[i].name.text);
      values.push_back(Eval(*row.outputs[i], env));
    }
    return RValue::Record("", std::move(names), std::move(values));
  }

  RValue Table(const Decl& d, const Env& env) {
    const auto& t = std::get<dsl::TableDecl>(d.node);
    if (!InForce(t.effective, as_of_)) {  // S9.1
      Fail("NOT_IN_FORCE", "table `" + d.name.text + "` is not in force");
    }
    std::vector<RValue> inputs;  // S9.2: every column first
    for (const auto& col : t.input_columns) inputs.push_back(Eval(*col, env));

    const std::string& hit = t.hit_policy.text;
    const dsl::Row* default_row = nullptr;
    std::vector<const dsl::Row*> rows;
    for (const dsl::Row& r : t.rows) {
      if (r.is_default) {
        if (InForce(r.effective, as_of_)) default_row = &r;  // S14.2
      } else {
        rows.push_back(&r);
      }
    }
    // S9.3: the order rows are tested in, and where testing stops.
    if (hit == "priority") {
      std::stable_sort(rows.begin(), rows.end(), [](const dsl::Row* a, const dsl::Row* b) {
        return a->priority.value_or(0) > b->priority.value_or(0);
      });
    }
    std::vector<const dsl::Row*> matched;
    for (const dsl::Row* r : rows) {
      if (!RowMatches(*r, inputs)) continue;
      matched.push_back(r);
      if ((hit == "first" || hit == "priority") && matched.size() == 1) break;
      if (hit == "unique" && matched.size() == 2) break;
    }

    if (hit == "unique" || hit == "any" || hit == "first" || hit == "priority") {  // S9.6
      if (matched.empty()) {
        if (default_row != nullptr) return RowOutputs(t, *default_row, env);  // S9.5
        std::string shown;
        for (std::size_t c = 0; c < inputs.size(); ++c) {
          shown += (c ? ", " : "") + inputs[c].ToString();
        }
        Fail("NO_MATCH", "no row of table `" + d.name.text + "` matches (" + shown + ")");
      }
      if (hit == "unique" && matched.size() > 1) Fail("UNIQUE_VIOLATION", "two rows match");
      RValue answer = RowOutputs(t, *matched[0], env);
      if (hit == "any") {
        for (std::size_t i = 1; i < matched.size(); ++i) {
          if (!Equal(RowOutputs(t, *matched[i], env), answer)) {
            Fail("ANY_VIOLATION", "rows give different outputs");
          }
        }
      }
      return answer;
    }

    // S9.7: rule_order and collect.
    const std::string agg = t.aggregator ? t.aggregator->text : "";
    if (matched.empty() && default_row != nullptr) {
      matched.push_back(default_row);
    }
    if (agg == "count") return RValue::Int(static_cast<std::int64_t>(matched.size()));
    std::vector<RValue> items;
    for (const dsl::Row* r : matched) {
      items.push_back(agg.empty() ? RowOutputs(t, *r, env) : Eval(*r->outputs[0], env));
    }
    if (agg.empty()) return RValue::List(std::move(items));
    return Aggregate(agg, items);
  }

  const dsl::Program& program_;
  std::int64_t as_of_;
  std::map<const Decl*, RValue> lets_;
};

}  // namespace

ReferenceOutcome ReferenceInterpreter::Evaluate(const dsl::Decl& decision,
                                                const std::vector<RValue>& args,
                                                std::optional<std::int64_t> as_of) const {
  const auto& d = std::get<dsl::DecisionDecl>(decision.node);
  Env env;
  for (std::size_t i = 0; i < d.params.size(); ++i) {
    env[d.params[i].name.text] = Slot{i < args.size() ? args[i] : RValue::Missing(), std::nullopt};
  }
  Run run(program_, as_of.value_or(0));
  ReferenceOutcome out;
  if (!as_of) {  // S7.2
    out = run.FailAll(d, env, Failure{"MISSING_FACT", "`$.as_of` is missing"});
  } else if (auto f = run.RulesetFailure(decision)) {
    out = run.FailAll(d, env, *f);
  } else {
    out = run.Decision(d, std::move(env));
  }
  // S14.2: every result of a trial ruleset says so.
  const dsl::Ruleset* rs = program_.RulesetOf(decision);
  out.trial = rs != nullptr && rs->status == dsl::RulesetStatus::kTrial;
  return out;
}

}  // namespace bylaw::reference
