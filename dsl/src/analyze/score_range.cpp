// The reachable scores of a scorecard (see score_range.h).
#include "score_range.h"

#include <algorithm>
#include <set>
#include <variant>

#include "const_eval.h"

namespace bylaw::dsl::analyze_internal {
namespace {

constexpr std::size_t kMaxFiniteScores = 4096;

using Bound = std::optional<ExactNumber>;

// The values one indicator's value expression can take.
struct ValueSet {
  enum class Kind { kFinite, kNaturals, kIntegers, kLine, kUnknown };
  Kind kind = Kind::kUnknown;
  std::vector<ExactNumber> values;  // kFinite
  Bound low, high;                  // kUnknown: the hull
  std::string why;                  // kUnknown
  std::vector<std::string> reads;   // fact paths read
};

std::string Tick(const std::string& s) { return "`" + s + "`"; }

// `e.a.b` for a path of the scorecard's parameters, or nullopt (a
// top-level param is one value hosts choose, not a fact).
std::optional<std::string> PathOf(const Expr& e) {
  std::optional<std::string> p = FactPathOf(e);
  if (p && p->rfind("param ", 0) == 0) return std::nullopt;
  return p;
}

std::optional<ExactNumber> NumberLiteral(const Expr& e) {
  const auto* lit = std::get_if<LiteralExpr>(&e.node);
  if (lit != nullptr &&
      (lit->kind == LiteralKind::kInt || lit->kind == LiteralKind::kDecimal)) {
    return ExactNumber::Parse(lit->text);
  }
  if (const auto* u = std::get_if<UnaryExpr>(&e.node)) {
    if (u->op == UnaryOp::kNeg && u->operand) {
      if (auto n = NumberLiteral(*u->operand)) return n->Negated();
    }
  }
  return std::nullopt;
}

class Scorer {
 public:
  Scorer(const Program& program, const Decl& decl)
      : eval_(program, program.RulesetOf(decl)) {}

  // The fact path a condition reads when it can be both true and false
  // depending on that fact alone, or nullopt.
  std::optional<std::string> TwoWay(const Expr& c) const {
    if (c.type.kind == TypeKind::kBool && !c.type.optional) {
      if (auto p = PathOf(c)) return p;
    }
    if (const auto* u = std::get_if<UnaryExpr>(&c.node)) {
      if (u->op == UnaryOp::kNot && u->operand) return TwoWay(*u->operand);
      return std::nullopt;
    }
    if (const auto* n = std::get_if<IsNoneExpr>(&c.node)) {
      if (n->operand && n->operand->type.optional) return PathOf(*n->operand);
      return std::nullopt;
    }
    const auto* b = std::get_if<BinaryExpr>(&c.node);
    if (b == nullptr || !b->lhs || !b->rhs) return std::nullopt;
    const bool compare = b->op == BinaryOp::kEq || b->op == BinaryOp::kNe ||
                         b->op == BinaryOp::kLt || b->op == BinaryOp::kLe ||
                         b->op == BinaryOp::kGt || b->op == BinaryOp::kGe;
    if (!compare) return std::nullopt;
    const Expr* path = b->lhs.get();
    const Expr* other = b->rhs.get();
    std::optional<std::string> p = PathOf(*path);
    if (!p) {
      std::swap(path, other);
      p = PathOf(*path);
    }
    if (!p || !eval_.Eval(*other).known()) return std::nullopt;
    const Const k = eval_.Eval(*other);
    const bool equality = b->op == BinaryOp::kEq || b->op == BinaryOp::kNe;
    switch (path->type.kind) {
      case TypeKind::kInt: case TypeKind::kDecimal: case TypeKind::kPercent:
      case TypeKind::kDate:
        return k.kind == Const::Kind::kNumber || path->type.kind == TypeKind::kDate
                   ? p
                   : std::nullopt;
      case TypeKind::kText:
        return equality ? p : std::nullopt;
      case TypeKind::kBool:
        return equality && k.kind == Const::Kind::kBool ? p : std::nullopt;
      case TypeKind::kEnum: {
        if (!equality || k.kind != Const::Kind::kMember || path->type.decl == nullptr) {
          return std::nullopt;
        }
        const auto& members = std::get<EnumDecl>(path->type.decl->node).members;
        return members.size() >= 2 ? p : std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  ValueSet Unknown(const Expr& e, std::string why) const {
    ValueSet v;
    v.why = std::move(why);
    if (e.type.kind == TypeKind::kBool) {
      v.low = ExactNumber::Integer(0);
      v.high = ExactNumber::Integer(1);
    }
    return v;
  }

  ValueSet ValueOf(const Expr& e) const {
    ValueSet v;
    if (auto n = NumberLiteral(e)) {
      v.kind = ValueSet::Kind::kFinite;
      v.values = {*n};
      return v;
    }
    if (auto p = PathOf(e)) {
      v.reads = {*p};
      switch (e.type.kind) {
        case TypeKind::kBool:
          v.kind = ValueSet::Kind::kFinite;
          v.values = {ExactNumber::Integer(0), ExactNumber::Integer(1)};
          return v;
        case TypeKind::kInt: v.kind = ValueSet::Kind::kIntegers; return v;
        case TypeKind::kDecimal: v.kind = ValueSet::Kind::kLine; return v;
        default: break;
      }
      ValueSet u = Unknown(e, "the value " + Tick(*p) + " is a " + e.type.ToString());
      u.reads = v.reads;
      return u;
    }
    if (const auto* call = std::get_if<CallExpr>(&e.node)) {
      if (call->decl == nullptr && call->callee.text == "count" &&
          call->args.size() == 1 && call->args[0]) {
        if (auto p = PathOf(*call->args[0])) {
          v.kind = ValueSet::Kind::kNaturals;
          v.reads = {*p};
          return v;
        }
      }
    }
    if (const auto* i = std::get_if<IfExpr>(&e.node)) {
      if (i->cond && i->then_expr && i->else_expr) {
        const auto then_n = NumberLiteral(*i->then_expr);
        const auto else_n = NumberLiteral(*i->else_expr);
        const auto read = TwoWay(*i->cond);
        if (then_n && else_n && read) {
          v.kind = ValueSet::Kind::kFinite;
          v.values = {*then_n, *else_n};
          v.reads = {*read};
          return v;
        }
        // The hull of both branches, when they are known.
        ValueSet t = ValueOf(*i->then_expr), f = ValueOf(*i->else_expr);
        ValueSet u = Unknown(e, "an `if` whose condition is not a test of one fact");
        const auto [tl, th] = Hull(t);
        const auto [fl, fh] = Hull(f);
        if (tl && fl) u.low = std::min(*tl, *fl);
        if (th && fh) u.high = std::max(*th, *fh);
        return u;
      }
    }
    return Unknown(e, "a computed value");
  }

  static std::pair<Bound, Bound> Hull(const ValueSet& v) {
    switch (v.kind) {
      case ValueSet::Kind::kFinite: {
        auto [lo, hi] = std::minmax_element(v.values.begin(), v.values.end());
        return {*lo, *hi};
      }
      case ValueSet::Kind::kNaturals: return {ExactNumber::Integer(0), std::nullopt};
      case ValueSet::Kind::kUnknown: return {v.low, v.high};
      default: return {std::nullopt, std::nullopt};
    }
  }

  ScoreSet Run(const ScorecardDecl& card) {
    ScoreSet out;
    std::vector<std::string> why;
    std::vector<std::pair<std::string, std::string>> reads;  // path, indicator
    std::vector<ExactNumber> sums = {ExactNumber::Integer(0)};
    Bound low = ExactNumber::Integer(0), high = ExactNumber::Integer(0);
    bool dense = false;
    std::vector<std::pair<ExactNumber, bool>> steps;  // step, both ways
    for (const Indicator& ind : card.indicators) {
      if (!ind.weight || !ind.value) return Approximate("an indicator is incomplete");
      const std::string name = Tick(ind.name.text);
      std::optional<ExactNumber> w;
      const Const c = eval_.Eval(*ind.weight);
      if (c.kind == Const::Kind::kNumber && ind.weight->type.kind != TypeKind::kPercent) {
        w = c.number;
      }
      ValueSet v = ValueOf(*ind.value);
      if (ind.value->type.kind == TypeKind::kPercent) {
        v = Unknown(*ind.value, "the value is a percent");
      }
      for (const std::string& p : v.reads) {
        for (const auto& [q, other] : reads) {
          if (PathsOverlap(p, q)) {
            why.push_back("indicators " + other + " and " + name + " both read " + Tick(p) +
                          ", so they are not independent");
          }
        }
        reads.push_back({p, name});
      }
      if (!w) {
        why.push_back("the weight of " + name + " is not a number known statically");
        low = high = std::nullopt;
        continue;
      }
      if (w->IsZero()) continue;
      if (v.kind == ValueSet::Kind::kUnknown) why.push_back("the value of " + name + " is " + v.why);
      // The hull, always.
      const auto [vl, vh] = Hull(v);
      Bound pl = vl ? Bound(w->Times(*vl)) : std::nullopt;
      Bound ph = vh ? Bound(w->Times(*vh)) : std::nullopt;
      if (w->Compare(ExactNumber::Integer(0)) < 0) std::swap(pl, ph);
      low = low && pl ? Bound(low->Add(*pl)) : std::nullopt;
      high = high && ph ? Bound(high->Add(*ph)) : std::nullopt;
      switch (v.kind) {
        case ValueSet::Kind::kFinite: {
          std::set<std::string> seen;
          std::vector<ExactNumber> next;
          for (const ExactNumber& s : sums) {
            for (const ExactNumber& x : v.values) {
              const ExactNumber t = s.Add(w->Times(x));
              if (seen.insert(t.ToString()).second) next.push_back(t);
            }
          }
          if (next.size() > kMaxFiniteScores) {
            why.push_back("the indicators sum to more than " +
                          std::to_string(kMaxFiniteScores) + " distinct scores");
            next.resize(1);
          }
          sums = std::move(next);
          break;
        }
        case ValueSet::Kind::kNaturals: steps.push_back({*w, false}); break;
        case ValueSet::Kind::kIntegers: steps.push_back({*w, true}); break;
        case ValueSet::Kind::kLine: dense = true; break;
        case ValueSet::Kind::kUnknown: break;
      }
    }
    out.low = low;
    out.high = high;
    if (!why.empty()) {
      out.kind = ScoreSet::Kind::kApproximate;
      out.why = why.front();
      return out;
    }
    if (dense) {
      out.kind = ScoreSet::Kind::kDense;
      out.low = out.high = std::nullopt;
      return out;
    }
    std::sort(sums.begin(), sums.end());
    if (steps.empty()) {
      out.kind = ScoreSet::Kind::kFinite;
      out.finite = std::move(sums);
      return out;
    }
    if (steps.size() > 1) {
      out.kind = ScoreSet::Kind::kApproximate;
      out.why = "two or more indicators count or take any integer, and their sums are not "
                "enumerated";
      return out;
    }
    out.kind = ScoreSet::Kind::kProgression;
    out.finite = std::move(sums);
    out.step = steps.front().first;
    out.both_ways = steps.front().second;
    return out;
  }

  ScoreSet Approximate(std::string why) const {
    ScoreSet s;
    s.why = std::move(why);
    return s;
  }

 private:
  ConstEval eval_;
};

// Floor and ceiling of a / b for b > 0.
__int128 FloorDiv(__int128 a, __int128 b) {
  __int128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}
__int128 CeilDiv(__int128 a, __int128 b) { return -FloorDiv(-a, b); }

bool InSegment(const Element& s, const ExactNumber& x) {
  if (s.low && (s.low_closed ? x < *s.low : x <= *s.low)) return false;
  if (s.high && (s.high_closed ? *s.high < x : *s.high <= x)) return false;
  return true;
}

// A number inside a (non-empty) segment.
std::optional<ExactNumber> Pick(const Element& s) {
  if (s.low && s.high) {
    const int c = s.low->Compare(*s.high);
    if (c > 0 || (c == 0 && !(s.low_closed && s.high_closed))) return std::nullopt;
    if (c == 0) return *s.low;
    if (s.low_closed) return *s.low;
    if (s.high_closed) return *s.high;
    return ExactNumber::Midpoint(*s.low, *s.high);
  }
  if (s.low) return s.low_closed ? *s.low : s.low->Plus(1);
  if (s.high) return s.high_closed ? *s.high : s.high->Plus(-1);
  return ExactNumber::Integer(0);
}

std::string Spell(const Bound& b) { return b ? b->ToString() : ""; }

}  // namespace

std::optional<ExactNumber> ScoreSet::Find(const Element& segment) const {
  switch (kind) {
    case Kind::kDense:
      return Pick(segment);
    case Kind::kApproximate: {
      Element s = segment;
      if (low && (!s.low || *s.low < *low)) {
        s.low = low;
        s.low_closed = true;
      }
      if (high && (!s.high || *high < *s.high)) {
        s.high = high;
        s.high_closed = true;
      }
      const std::optional<ExactNumber> x = Pick(s);
      if (x && InSegment(segment, *x)) return x;
      return std::nullopt;
    }
    case Kind::kFinite:
      for (const ExactNumber& x : finite) {
        if (InSegment(segment, x)) return x;
      }
      return std::nullopt;
    case Kind::kProgression: {
      int scale = step.scale();
      if (segment.low) scale = std::max(scale, segment.low->scale());
      if (segment.high) scale = std::max(scale, segment.high->scale());
      for (const ExactNumber& f : finite) scale = std::max(scale, f.scale());
      __int128 p = step.ScaledTo(scale);
      // Values f + k·p; with a negative step, k runs the other way.
      const bool negative = p < 0;
      if (negative) p = -p;
      for (const ExactNumber& f : finite) {
        const __int128 base = f.ScaledTo(scale);
        std::optional<__int128> klo, khi;
        if (!both_ways) (negative ? khi : klo) = 0;
        if (segment.low) {
          const __int128 d = segment.low->ScaledTo(scale) - base;
          __int128 k = CeilDiv(d, p);
          if (!segment.low_closed && k * p == d) ++k;
          klo = klo ? std::max(*klo, k) : k;
        }
        if (segment.high) {
          const __int128 d = segment.high->ScaledTo(scale) - base;
          __int128 k = FloorDiv(d, p);
          if (!segment.high_closed && k * p == d) --k;
          khi = khi ? std::min(*khi, k) : k;
        }
        if (klo && khi && *klo > *khi) continue;
        const __int128 k = klo ? *klo : khi ? *khi : 0;
        return ExactNumber::FromScaled(base + k * p, scale);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string ScoreSet::HullText() const {
  if (low && high) {
    return *low == *high ? low->ToString() : "[" + Spell(low) + ".." + Spell(high) + "]";
  }
  if (low) return ">= " + Spell(low);
  if (high) return "<= " + Spell(high);
  return "any score";
}

std::string ScoreSet::Describe() const {
  switch (kind) {
    case Kind::kDense:
      return "the indicators can sum to any score";
    case Kind::kFinite:
      if (finite.size() <= 8) {
        std::string out;
        for (const ExactNumber& x : finite) out += (out.empty() ? "" : ", ") + x.ToString();
        return finite.size() == 1 ? "the indicators always sum to " + out
                                  : "the indicators sum to one of " + out;
      }
      return "the indicators sum to " + std::to_string(finite.size()) +
             " distinct scores in " + HullText();
    case Kind::kProgression:
      return "the indicators sum to scores " + (low || high ? HullText() + " " : "") + "in steps of " +
             (step.Compare(ExactNumber::Integer(0)) < 0 ? step.Negated() : step).ToString();
    case Kind::kApproximate:
      return low || high ? "the analysis knows only that the score is " + HullText()
                         : "the analysis does not know which scores the indicators reach";
  }
  return "";
}

ScoreSet ScoreSetOf(const Program& program, const Decl& decl) {
  if (decl.kind != DeclKind::kScorecard) return ScoreSet{};
  return Scorer(program, decl).Run(std::get<ScorecardDecl>(decl.node));
}

}  // namespace bylaw::dsl::analyze_internal
