// Compiling decisions into plans (see decision_plan.h).
#include "decision_plan.h"

#include <optional>
#include <string>

#include "evaluator.h"

namespace bylaw::runtime::runtime_internal {
namespace {

// The shared slots of one decision, by callee and argument expressions.
struct SharedKeys {
  std::unordered_map<std::string, std::uint32_t> instr;  // key -> kShared
  std::uint32_t count = 0;
};

class PlanCompiler {
 public:
  PlanCompiler(const Model& model, PlanSet* plan) : model_(model), p_(*plan) {}

  // The instruction computing `n`; `shared` is null inside callees.
  std::uint32_t Expr(const Node& n, SharedKeys* shared) {
    switch (n.op) {
      case Op::kLit:
        p_.consts.push_back(n.constant);
        return Emit(PlanOp::kLit, static_cast<std::uint32_t>(p_.consts.size() - 1), n, {});
      case Op::kVar: return Emit(PlanOp::kVar, n.slot, n, {});
      case Op::kParam: return Emit(PlanOp::kParam, n.slot, n, {});
      case Op::kGlobal: return Global(n);
      case Op::kField:
        if (n.kids[0]->op == Op::kVar) {
          const std::uint32_t at = Emit(PlanOp::kVarField, n.slot, n, {});
          p_.code[at].b = n.kids[0]->slot;
          return at;
        }
        return Emit(PlanOp::kField, n.slot, n, Kids(n, shared));
      case Op::kMatterField: return Emit(PlanOp::kMatterField, n.slot, n, Kids(n, shared));
      case Op::kNot: return Fold(Emit(PlanOp::kNot, 0, n, Kids(n, shared)));
      case Op::kAnd: return Fold(Emit(PlanOp::kAnd, 0, n, Kids(n, shared)));
      case Op::kOr: return Fold(Emit(PlanOp::kOr, 0, n, Kids(n, shared)));
      case Op::kEq:
      case Op::kNe: return WithConst(Fold(Emit(n.op == Op::kEq ? PlanOp::kEq : PlanOp::kNe, 0, n,
                                              Kids(n, shared))));
      case Op::kLt: return Fold(Emit(PlanOp::kLt, 0, n, Kids(n, shared)));
      case Op::kLe: return Fold(Emit(PlanOp::kLe, 0, n, Kids(n, shared)));
      case Op::kGt: return Fold(Emit(PlanOp::kGt, 0, n, Kids(n, shared)));
      case Op::kGe: return Fold(Emit(PlanOp::kGe, 0, n, Kids(n, shared)));
      case Op::kIn: return Fold(Emit(PlanOp::kIn, 0, n, Kids(n, shared)));
      case Op::kNotIn: return Fold(Emit(PlanOp::kNotIn, 0, n, Kids(n, shared)));
      case Op::kContains: return Fold(Emit(PlanOp::kContains, 0, n, Kids(n, shared)));
      case Op::kAdd: return Fold(Emit(PlanOp::kAdd, 0, n, Kids(n, shared)));
      case Op::kSub: return Fold(Emit(PlanOp::kSub, 0, n, Kids(n, shared)));
      case Op::kMul: return Fold(Emit(PlanOp::kMul, 0, n, Kids(n, shared)));
      case Op::kDiv: return Fold(Emit(PlanOp::kDiv, 0, n, Kids(n, shared)));
      case Op::kIsNone: return Fold(Emit(PlanOp::kIsNone, 0, n, Kids(n, shared)));
      case Op::kIsNotNone: return Fold(Emit(PlanOp::kIsNotNone, 0, n, Kids(n, shared)));
      case Op::kIf: return Fold(Emit(PlanOp::kIf, 0, n, Kids(n, shared)));
      case Op::kCallDef:
        return Share(
            Emit(PlanOp::kCallDef, DefBody(*static_cast<const Def*>(n.target)), n, Kids(n, shared)),
            n, shared);
      case Op::kCallRule:
        return Share(Emit(PlanOp::kCallRule, RuleBody(*static_cast<const Rule*>(n.target)), n,
                          Kids(n, shared)),
                     n, shared);
      case Op::kCallTable: return Share(Emit(PlanOp::kCallTable, 0, n, Kids(n, shared)), n, shared);
      case Op::kCallScorecard:
        return Share(Emit(PlanOp::kCallScorecard, 0, n, Kids(n, shared)), n, shared);
      case Op::kList: return Fold(Emit(PlanOp::kList, 0, n, Kids(n, shared)));
      case Op::kSet: return Fold(Emit(PlanOp::kSet, 0, n, Kids(n, shared)));
      case Op::kComp: {
        // The source is read once, at this level; the body once per
        // element, with its variable bound: nothing in it is shared.
        const std::uint32_t src = Expr(*n.kids[0], shared);
        const std::uint32_t body = Expr(*n.kids[1], nullptr);
        const std::uint32_t at = Emit(PlanOp::kComp, n.slot, n, {src, body});
        p_.code[at].fn = n.fn;
        return at;
      }
      case Op::kBuiltin:
        switch (static_cast<Builtin>(n.fn)) {
          case Builtin::kCount: return Emit(PlanOp::kCount, 0, n, Kids(n, shared));
          case Builtin::kMin2: return Emit(PlanOp::kMin2, 0, n, Kids(n, shared));
          case Builtin::kMax2: return Emit(PlanOp::kMax2, 0, n, Kids(n, shared));
          case Builtin::kToday: return Emit(PlanOp::kToday, 0, n, {});
          case Builtin::kLen: return Emit(PlanOp::kLen, 0, n, Kids(n, shared));
          case Builtin::kReasons:
          case Builtin::kFollowups: {
            // The interpreter refuses a kid that is not a rule call: so does
            // the plan, by leaving such a call to it.
            for (const auto& k : n.kids) {
              if (k->op != Op::kCallRule) return Emit(PlanOp::kNode, 0, n, {});
            }
            const PlanOp op = static_cast<Builtin>(n.fn) == Builtin::kReasons ? PlanOp::kReasons
                                                                              : PlanOp::kFollowups;
            return Emit(op, 0, n, Kids(n, shared));
          }
          default: break;
        }
        break;
      default: break;
    }
    return Emit(PlanOp::kNode, 0, n, {});
  }

  // Offsets into roots: a def's body, a rule's condition then its excepts.
  std::uint32_t DefBody(const Def& d) {
    if (auto it = bodies_.find(&d); it != bodies_.end()) return it->second;
    const auto at = static_cast<std::uint32_t>(p_.roots.size());
    bodies_.emplace(&d, at);
    p_.roots.push_back(0);
    const std::uint32_t root = Expr(*d.body, nullptr);
    p_.roots[at] = root;
    return at;
  }

  std::uint32_t RuleBody(const Rule& r) {
    if (auto it = bodies_.find(&r); it != bodies_.end()) return it->second;
    const auto at = static_cast<std::uint32_t>(p_.roots.size());
    bodies_.emplace(&r, at);
    p_.roots.resize(p_.roots.size() + 1 + r.excepts.size());
    const std::uint32_t cond = Expr(*r.condition, nullptr);
    p_.roots[at] = cond;
    for (std::size_t i = 0; i < r.excepts.size(); ++i) {
      const std::uint32_t when = Expr(*r.excepts[i].when, nullptr);
      p_.roots[at + 1 + i] = when;
    }
    return at;
  }

 private:
  // A global whose value is a constant (literals, and operations on them,
  // folded) is that constant; any other is read (and computed on first
  // use) at run time, as the reference does.
  std::uint32_t Global(const Node& n) {
    auto it = globals_.find(n.slot);
    if (it == globals_.end()) {
      // In progress while its value compiles: a recursive `let` stays a
      // run-time read, which fails as the reference does.
      it = globals_.emplace(n.slot, kNotConstant).first;
      const std::uint32_t at = Expr(*model_.globals[n.slot].value, nullptr);
      if (p_.code[at].op == PlanOp::kLit) globals_[n.slot] = p_.code[at].a;
      it = globals_.find(n.slot);
    }
    if (it->second != kNotConstant) return Emit(PlanOp::kLit, it->second, n, {});
    return Emit(PlanOp::kGlobal, n.slot, n, {});
  }

  // `x == literal` (or `!=`) becomes kEqConst on x: no instruction nor
  // temporary for the literal. Only for literals that need no heap (the
  // pointer compare of a list's storage is no cheaper), either side.
  std::uint32_t WithConst(std::uint32_t at) {
    PlanInstr& in = p_.code[at];
    if (in.op != PlanOp::kEq && in.op != PlanOp::kNe) return at;
    for (std::uint32_t side = 0; side < 2; ++side) {
      const PlanInstr& lit = p_.code[p_.kid(in, side)];
      if (lit.op != PlanOp::kLit) continue;
      const ValueKind k = p_.consts[lit.a].kind();
      if (k == ValueKind::kText || k == ValueKind::kList || k == ValueKind::kRecord) continue;
      const std::uint32_t other = p_.kid(in, 1 - side);
      in.op = in.op == PlanOp::kEq ? PlanOp::kEqConst : PlanOp::kNeConst;
      in.a = lit.a;
      in.nkids = 1;
      in.kids = static_cast<std::uint32_t>(p_.kids.size());
      p_.kids.push_back(other);
      return at;
    }
    return at;
  }

  std::vector<std::uint32_t> Kids(const Node& n, SharedKeys* shared) {
    std::vector<std::uint32_t> out;
    out.reserve(n.kids.size());
    for (const auto& k : n.kids) out.push_back(Expr(*k, shared));
    return out;
  }

  std::uint32_t Emit(PlanOp op, std::uint32_t a, const Node& n,
                     const std::vector<std::uint32_t>& kids) {
    PlanInstr in;
    in.op = op;
    in.a = a;
    in.node = &n;
    in.nkids = static_cast<std::uint16_t>(kids.size());
    in.aux = op == PlanOp::kField || op == PlanOp::kVarField ? static_cast<const void*>(n.record)
                                                             : n.target;
    switch (op) {
      case PlanOp::kCallDef:
      case PlanOp::kCallRule:
      case PlanOp::kCallTable:
      case PlanOp::kCallScorecard: in.b = Evaluator::CalleeFrameSize(n); break;
      default: break;
    }
    in.kids = static_cast<std::uint32_t>(p_.kids.size());
    p_.kids.insert(p_.kids.end(), kids.begin(), kids.end());
    p_.code.push_back(in);
    return static_cast<std::uint32_t>(p_.code.size() - 1);
  }

  // An operation on constants only becomes a constant, unless computing it
  // fails: then it stays, to fail at run time as the reference does.
  std::uint32_t Fold(std::uint32_t at) {
    const PlanInstr in = p_.code[at];
    for (std::uint32_t i = 0; i < in.nkids; ++i) {
      if (p_.code[p_.kid(in, i)].op != PlanOp::kLit) return at;
    }
    Evaluator ev(model_, 0, nullptr, nullptr);
    Value v;
    if (!ev.EvalConstant(*in.node, &v)) return at;
    p_.consts.push_back(std::move(v));
    // The kids' instructions stay behind, unreferenced; only the last is
    // reused in place.
    PlanInstr& out = p_.code[at];
    out.op = PlanOp::kLit;
    out.a = static_cast<std::uint32_t>(p_.consts.size() - 1);
    out.nkids = 0;
    return at;
  }

  // The key of an argument that cannot change during one evaluation at the
  // decision's level, or nothing.
  static std::optional<std::string> ArgKey(const Node& n) {
    switch (n.op) {
      case Op::kVar: return "v" + std::to_string(n.slot);
      case Op::kParam: return "p" + std::to_string(n.slot);
      case Op::kGlobal: return "g" + std::to_string(n.slot);
      case Op::kLit: return "l" + std::to_string(reinterpret_cast<std::uintptr_t>(&n));
      case Op::kField:
      case Op::kMatterField: {
        // (a kVarField's key is its kVar's and its field's, as here)
        std::optional<std::string> base = ArgKey(*n.kids[0]);
        if (!base) return std::nullopt;
        return *base + (n.op == Op::kField ? ".f" : ".m") + std::to_string(n.slot) + "@" +
               std::to_string(reinterpret_cast<std::uintptr_t>(n.record));
      }
      default: return std::nullopt;
    }
  }

  // Wraps a decision-level call in its shared slot: the first call with
  // this callee and these arguments gets one, later ones read it.
  std::uint32_t Share(std::uint32_t call, const Node& n, SharedKeys* shared) {
    if (shared == nullptr) return call;
    std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(n.target)) + "(";
    for (const auto& k : n.kids) {
      std::optional<std::string> arg = ArgKey(*k);
      if (!arg) return call;
      key += *arg + ",";
    }
    if (auto it = shared->instr.find(key); it != shared->instr.end()) return it->second;
    if (shared->count == PlanSet::kMaxShared) return call;
    const std::uint32_t at = Emit(PlanOp::kShared, shared->count++, n, {call});
    shared->instr.emplace(std::move(key), at);
    return at;
  }

  const Model& model_;
  PlanSet& p_;
  std::unordered_map<const void*, std::uint32_t> bodies_;
  static constexpr std::uint32_t kNotConstant = ~std::uint32_t{0};
  std::unordered_map<std::uint32_t, std::uint32_t> globals_;  // slot -> const
};

}  // namespace

std::shared_ptr<const PlanSet> BuildPlans(const Model& model) {
  auto plan = std::make_shared<PlanSet>();
  PlanCompiler c(model, plan.get());
  for (const Decision& d : model.decisions) {
    DecisionPlan dp;
    SharedKeys shared;
    for (const DecisionItem& item : d.items) {
      dp.expr.push_back(c.Expr(*item.expr, &shared));
      dp.fallback.push_back(item.fallback ? c.Expr(*item.fallback, &shared) : DecisionPlan::kNone);
    }
    dp.shared = shared.count;
    plan->decisions.emplace(&d, std::move(dp));
  }
  return plan;
}

}  // namespace bylaw::runtime::runtime_internal
