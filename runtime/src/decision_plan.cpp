// Compiling decisions into plans (see decision_plan.h).
#include "decision_plan.h"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

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
      case Op::kVar: {
        // An inlined body's parameter bound to a literal is that literal
        // (binding one cannot fail), so what reads it may fuse (kEqConst,
        // kInConst); marked (fn) so that no Fold evaluates its Node.
        if (ctx_.binds != nullptr && n.slot < ctx_.binds->size() &&
            (*ctx_.binds)[n.slot].lit != kNotConstant) {
          const std::uint32_t at = Emit(PlanOp::kLit, (*ctx_.binds)[n.slot].lit, n, {});
          p_.code[at].fn = kBoundLiteral;
          return at;
        }
        const std::uint32_t at = Emit(PlanOp::kVar, ctx_.base + n.slot, n, {});
        p_.code[at].fn = ctx_.depth > 0;
        return at;
      }
      case Op::kParam: return Emit(PlanOp::kParam, n.slot, n, {});
      case Op::kGlobal: return Global(n);
      case Op::kField:
        if (n.kids[0]->op == Op::kVar) {
          const std::uint32_t at = Emit(PlanOp::kVarField, n.slot, n, {});
          p_.code[at].b = ctx_.base + n.kids[0]->slot;
          p_.code[at].fn = ctx_.depth > 0;
          return at;
        }
        return Emit(PlanOp::kField, n.slot, n, Kids(n, shared));
      case Op::kMatterField: return Emit(PlanOp::kMatterField, n.slot, n, Kids(n, shared));
      case Op::kNot: return Fold(Emit(PlanOp::kNot, 0, n, Kids(n, shared)));
      case Op::kAnd: return Chain(Fold(Emit(PlanOp::kAnd, 0, n, Kids(n, shared))));
      case Op::kOr: return Chain(Fold(Emit(PlanOp::kOr, 0, n, Kids(n, shared))));
      case Op::kEq:
      case Op::kNe:
        return WithConst(
            Fold(Emit(n.op == Op::kEq ? PlanOp::kEq : PlanOp::kNe, 0, n, Kids(n, shared))));
      case Op::kLt: return Fold(Emit(PlanOp::kLt, 0, n, Kids(n, shared)));
      case Op::kLe: return Fold(Emit(PlanOp::kLe, 0, n, Kids(n, shared)));
      case Op::kGt: return NonEmpty(Fold(Emit(PlanOp::kGt, 0, n, Kids(n, shared))));
      case Op::kGe: return Fold(Emit(PlanOp::kGe, 0, n, Kids(n, shared)));
      case Op::kIn: return InConst(Fold(Emit(PlanOp::kIn, 0, n, Kids(n, shared))));
      case Op::kNotIn: return InConst(Fold(Emit(PlanOp::kNotIn, 0, n, Kids(n, shared))));
      case Op::kContains: return Fold(Emit(PlanOp::kContains, 0, n, Kids(n, shared)));
      case Op::kAdd: return Fold(Emit(PlanOp::kAdd, 0, n, Kids(n, shared)));
      case Op::kSub: return Fold(Emit(PlanOp::kSub, 0, n, Kids(n, shared)));
      case Op::kMul: return Fold(Emit(PlanOp::kMul, 0, n, Kids(n, shared)));
      case Op::kDiv: return Fold(Emit(PlanOp::kDiv, 0, n, Kids(n, shared)));
      case Op::kIsNone: return Fold(Emit(PlanOp::kIsNone, 0, n, Kids(n, shared)));
      case Op::kIsNotNone: return Fold(Emit(PlanOp::kIsNotNone, 0, n, Kids(n, shared)));
      case Op::kIf: return Fold(Emit(PlanOp::kIf, 0, n, Kids(n, shared)));
      case Op::kCallDef:
      case Op::kCallRule:
        return Share(n, shared, [&](bool in_slot) { return Call(n, shared, in_slot); });
      case Op::kCallTable:
        return Share(n, shared,
                     [&](bool) { return Emit(PlanOp::kCallTable, 0, n, Kids(n, shared)); });
      case Op::kCallScorecard:
        return Share(n, shared,
                     [&](bool) { return Emit(PlanOp::kCallScorecard, 0, n, Kids(n, shared)); });
      case Op::kList: return Fold(Emit(PlanOp::kList, 0, n, Kids(n, shared)));
      case Op::kSet: return Fold(Emit(PlanOp::kSet, 0, n, Kids(n, shared)));
      case Op::kComp: {
        // The source is read once, at this level; the body once per
        // element, with its variable bound: nothing in it is shared.
        const std::uint32_t src = Expr(*n.kids[0], shared);
        const std::uint32_t body = Expr(*n.kids[1], nullptr);
        const std::uint32_t at = Emit(PlanOp::kComp, ctx_.base + n.slot, n, {src, body});
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

  // Offsets into roots: a def's body, a rule's condition then its excepts,
  // compiled for the callee's own frame (a call's): nothing in them is
  // shared.
  std::uint32_t DefBody(const Def& d) {
    if (auto it = bodies_.find(&d); it != bodies_.end()) return it->second;
    const auto at = static_cast<std::uint32_t>(p_.roots.size());
    bodies_.emplace(&d, at);
    const Context saved = Enter(Context{});
    Body(&d, at, nullptr, nullptr);
    ctx_ = saved;
    return at;
  }

  std::uint32_t RuleBody(const Rule& r) {
    if (auto it = bodies_.find(&r); it != bodies_.end()) return it->second;
    const auto at = static_cast<std::uint32_t>(p_.roots.size());
    bodies_.emplace(&r, at);
    const Context saved = Enter(Context{});
    Body(nullptr, at, &r, nullptr);
    ctx_ = saved;
    return at;
  }

  // Starts compiling decision `d`'s items (its slots first in the frame).
  void BeginDecision(const Decision& d) {
    ctx_ = Context{0, 0, true};
    next_slot_ = d.frame_size;
    inlined_ = 0;
    written_.clear();
  }
  std::uint32_t frame_size() const { return next_slot_; }
  std::vector<std::uint32_t> TakeWritten() { return std::move(written_); }
  std::uint32_t inlined() const { return inlined_; }

 private:
  // Where instructions are compiled: `base` is the frame slot of the
  // callee's slot 0 (0 outside inlined bodies), `depth` how many inlined
  // calls enclose it, `inline_ok` whether calls may be inlined (only at the
  // decision's level and in the bodies inlined there, whose slots are the
  // decision's frame's).
  struct Bind {
    std::string key;        // Key of the argument
    std::uint32_t top = 0;  // its instruction in the decision's own terms
    bool ok = false;
    std::uint32_t lit = kNotConstant;  // the argument's constant, when a literal
  };
  // PlanInstr::fn of a kLit that stands for a parameter bound to it.
  static constexpr std::uint8_t kBoundLiteral = 1;
  struct Context {
    std::uint32_t base = 0;
    std::uint32_t depth = 0;
    bool inline_ok = false;
    const std::vector<Bind>* binds = nullptr;  // inlined: per parameter
  };
  Context Enter(Context next) {
    const Context saved = ctx_;
    ctx_ = next;
    return saved;
  }

  // Compiles a def's body (d) or a rule's condition and excepts (r) into
  // roots[at...] in the current context; `shared`: the decision's shared
  // slots when the body is inlined at its level (null in a callee).
  void Body(const Def* d, std::uint32_t at, const Rule* r, SharedKeys* shared) {
    if (d != nullptr) {
      p_.roots.resize(std::max<std::size_t>(p_.roots.size(), at + 1));
      const std::uint32_t root = Expr(*d->body, shared);
      p_.roots[at] = root;
      return;
    }
    p_.roots.resize(std::max<std::size_t>(p_.roots.size(), at + 1 + r->excepts.size()));
    const std::uint32_t cond = Expr(*r->condition, shared);
    p_.roots[at] = cond;
    for (std::size_t i = 0; i < r->excepts.size(); ++i) {
      const std::uint32_t when = Expr(*r->excepts[i].when, shared);
      p_.roots[at + 1 + i] = when;
    }
  }

  // A def or rule call: inlined when it may be (its body compiled for
  // slots of the current frame, and with no instruction left to the
  // interpreter, which would read the callee's own frame), a call
  // otherwise. The arguments are compiled once, in the caller's context.
  // `in_slot`: the call computes a shared slot (so runs once); a callee the
  // call memo serves (called from several places: `memo`) is inlined only
  // there, and elsewhere stays a call, whose repeats the memo answers.
  // `top_args`: the arguments already compiled (for the decision's frame).
  std::uint32_t Call(const Node& n, SharedKeys* shared, bool in_slot,
                     const std::vector<std::uint32_t>* top_args = nullptr) {
    const bool is_def = n.op == Op::kCallDef;
    const Def* d = is_def ? static_cast<const Def*>(n.target) : nullptr;
    const Rule* r = is_def ? nullptr : static_cast<const Rule*>(n.target);
    const std::uint32_t size = is_def ? d->frame_size : r->frame_size;
    std::vector<std::uint32_t> args = top_args ? *top_args : Kids(n, shared);
    // What each parameter is bound to, when the decision's level can name
    // it (Key, Top): the calls in the body on those share the decision's
    // slots.
    std::vector<Bind> binds(n.kids.size());
    for (std::size_t k = 0; k < n.kids.size(); ++k) {
      if (p_.code[args[k]].op == PlanOp::kLit) binds[k].lit = p_.code[args[k]].a;
    }
    if (shared != nullptr) {
      for (std::size_t k = 0; k < n.kids.size(); ++k) {
        if (std::optional<std::string> key = Key(*n.kids[k])) {
          binds[k].key = std::move(*key);
          binds[k].top = top_args ? (*top_args)[k] : Top(*n.kids[k]);
          binds[k].ok = true;
        }
      }
    }
    const bool recursive =
        std::find(inline_stack_.begin(), inline_stack_.end(), n.target) != inline_stack_.end();
    const bool memo = is_def ? d->memo : r->memo;
    if (ctx_.inline_ok && !recursive && (in_slot || !memo) &&
        ctx_.depth < PlanSet::kMaxInlineDepth && next_slot_ + size <= PlanSet::kMaxInlineSlots) {
      const std::uint32_t base = next_slot_;
      next_slot_ += size;
      const std::size_t nodes = nodes_;
      const auto at = static_cast<std::uint32_t>(p_.roots.size());
      inline_stack_.push_back(n.target);
      const Context saved = Enter(Context{base, ctx_.depth + 1, true, &binds});
      Body(d, at, r, shared);
      ctx_ = saved;
      inline_stack_.pop_back();
      if (nodes_ == nodes) {
        ++inlined_;
        for (std::size_t k = 0; k < args.size(); ++k) {
          switch (p_.code[args[k]].op) {
            case PlanOp::kVar:
            case PlanOp::kVarField:
            case PlanOp::kLit:
            case PlanOp::kParam:
            case PlanOp::kGlobal: break;  // read in place (PRef)
            default: written_.push_back(base + static_cast<std::uint32_t>(k));
          }
        }
        const std::uint32_t call =
            Emit(is_def ? PlanOp::kInlineDef : PlanOp::kInlineRule, at, n, args);
        p_.code[call].b = base;
        return call;
      }
      nodes_ = nodes;  // the body compiled above is left unreferenced
    }
    return is_def ? Emit(PlanOp::kCallDef, DefBody(*d), n, args)
                  : Emit(PlanOp::kCallRule, RuleBody(*r), n, args);
  }

  // A global whose value is a constant (literals, and operations on them,
  // folded) is that constant; any other is read (and computed on first
  // use) at run time, as the reference does.
  std::uint32_t Global(const Node& n) {
    auto it = globals_.find(n.slot);
    if (it == globals_.end()) {
      // In progress while its value compiles: a recursive `let` stays a
      // run-time read, which fails as the reference does.
      it = globals_.emplace(n.slot, kNotConstant).first;
      const Context saved = Enter(Context{});
      const std::size_t nodes = nodes_;
      const std::uint32_t at = Expr(*model_.globals[n.slot].value, nullptr);
      nodes_ = nodes;
      ctx_ = saved;
      if (p_.code[at].op == PlanOp::kLit) globals_[n.slot] = p_.code[at].a;
      it = globals_.find(n.slot);
    }
    if (it->second != kNotConstant) return Emit(PlanOp::kLit, it->second, n, {});
    return Emit(PlanOp::kGlobal, n.slot, n, {});
  }

  // `x == literal` (or `!=`) becomes kEqConst on x: no instruction nor
  // temporary for the literal; scalars and texts, either side.
  std::uint32_t WithConst(std::uint32_t at) {
    PlanInstr& in = p_.code[at];
    if (in.op != PlanOp::kEq && in.op != PlanOp::kNe) return at;
    for (std::uint32_t side = 0; side < 2; ++side) {
      const PlanInstr& lit = p_.code[p_.kid(in, side)];
      if (lit.op != PlanOp::kLit) continue;
      const ValueKind k = p_.consts[lit.a].kind();
      if (k == ValueKind::kList || k == ValueKind::kRecord) continue;
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

  // `a and b and c` (parsed ((a and b) and c)) becomes one kAnd of three
  // operands, tested left to right until one decides, as the nested form
  // is: one instruction, not one per operator. Likewise `or`. An operand
  // of the other operator, or folded to a constant, stays whole.
  std::uint32_t Chain(std::uint32_t at) {
    const PlanInstr& in = p_.code[at];
    if (in.op != PlanOp::kAnd && in.op != PlanOp::kOr) return at;
    std::vector<std::uint32_t> operands;
    for (std::uint32_t k = 0; k < in.nkids; ++k) {
      const std::uint32_t kid = p_.kid(in, k);
      const PlanInstr& sub = p_.code[kid];
      if (sub.op != in.op) {
        operands.push_back(kid);
        continue;
      }
      for (std::uint32_t j = 0; j < sub.nkids; ++j) operands.push_back(p_.kid(sub, j));
    }
    if (operands.size() == in.nkids || operands.size() > 0xffff) return at;
    PlanInstr& out = p_.code[at];
    out.nkids = static_cast<std::uint16_t>(operands.size());
    out.kids = static_cast<std::uint32_t>(p_.kids.size());
    p_.kids.insert(p_.kids.end(), operands.begin(), operands.end());
    return at;
  }

  // `len(x) > 0` becomes kNonEmpty on x.
  std::uint32_t NonEmpty(std::uint32_t at) {
    PlanInstr& in = p_.code[at];
    if (in.op != PlanOp::kGt) return at;
    const PlanInstr& len = p_.code[p_.kid(in, 0)];
    const PlanInstr& zero = p_.code[p_.kid(in, 1)];
    if (len.op != PlanOp::kLen || zero.op != PlanOp::kLit ||
        !(p_.consts[zero.a] == Value::Int(0)) || p_.consts[zero.a].kind() != ValueKind::kInt) {
      return at;
    }
    const std::uint32_t text = p_.kid(len, 0);
    in.op = PlanOp::kNonEmpty;
    in.nkids = 1;
    in.kids = static_cast<std::uint32_t>(p_.kids.size());
    p_.kids.push_back(text);
    return at;
  }

  // `x in literal` (or `not in`) on a non-empty list of enum members of
  // one type, or of matters, with indices below 64, becomes kInConst on x.
  std::uint32_t InConst(std::uint32_t at) {
    PlanInstr& in = p_.code[at];
    if (in.op != PlanOp::kIn && in.op != PlanOp::kNotIn) return at;
    const PlanInstr& list = p_.code[p_.kid(in, 1)];
    if (list.op != PlanOp::kLit || p_.consts[list.a].kind() != ValueKind::kList) return at;
    const std::span<const Value> items = p_.consts[list.a].items();
    if (items.empty()) return at;
    MemberSet set;
    set.kind = items[0].kind();
    if (set.kind != ValueKind::kEnum && set.kind != ValueKind::kMatter) return at;
    if (set.kind == ValueKind::kEnum) set.type = items[0].enum_type();
    for (const Value& x : items) {
      if (x.kind() != set.kind || x.enum_index() >= 64) return at;
      if (set.kind == ValueKind::kEnum && x.enum_type() != set.type) return at;
      set.mask |= std::uint64_t{1} << x.enum_index();
      if (set.kind == ValueKind::kMatter) {
        set.matters.resize(std::max<std::size_t>(set.matters.size(), x.enum_index() + 1));
        set.matters[x.enum_index()] = x.matter();
      }
    }
    const std::uint32_t elem = p_.kid(in, 0);
    in.op = in.op == PlanOp::kIn ? PlanOp::kInConst : PlanOp::kNotInConst;
    in.a = static_cast<std::uint32_t>(p_.sets.size());
    p_.sets.push_back(std::move(set));
    in.nkids = 1;
    in.kids = static_cast<std::uint32_t>(p_.kids.size());
    p_.kids.push_back(elem);
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
    if (op == PlanOp::kNode && ctx_.depth > 0) ++nodes_;
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
      const PlanInstr& kid = p_.code[p_.kid(in, i)];
      // (a bound parameter's Node is a variable, which EvalConstant cannot read)
      if (kid.op != PlanOp::kLit || kid.fn == kBoundLiteral) return at;
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

  // `tag` then `n` in decimal (built by appending: g++ 12 -O3 flags
  // `"v" + std::to_string(n)` with a false -Wrestrict).
  static std::string Tagged(char tag, std::uintptr_t n) {
    std::string s(1, tag);
    s += std::to_string(n);
    return s;
  }

  // The key of an argument that cannot change during one evaluation at the
  // decision's level, or nothing: a decision slot (fact, let), a param, a
  // global, a literal, a field of one of those; in an inlined body, a
  // parameter bound to one of those.
  std::optional<std::string> Key(const Node& n) const {
    switch (n.op) {
      case Op::kVar:
        if (ctx_.depth == 0) return Tagged('v', n.slot);
        if (ctx_.binds != nullptr && n.slot < ctx_.binds->size() && (*ctx_.binds)[n.slot].ok) {
          return (*ctx_.binds)[n.slot].key;
        }
        return std::nullopt;
      case Op::kParam: return Tagged('p', n.slot);
      case Op::kGlobal: return Tagged('g', n.slot);
      case Op::kLit: {
        // Equal scalars are one argument wherever they are written; a
        // text, list or record is its node.
        const ValueKind k = n.constant.kind();
        if (k == ValueKind::kText || k == ValueKind::kList || k == ValueKind::kRecord) {
          return Tagged('l', reinterpret_cast<std::uintptr_t>(&n));
        }
        // (the type: an enum's or a matter's)
        std::string key = Tagged('c', static_cast<std::uintptr_t>(k));
        key += ':';
        key += n.constant.ToString();
        key += '@';
        key += std::to_string(reinterpret_cast<std::uintptr_t>(n.constant.enum_type()));
        return key;
      }
      case Op::kField:
      case Op::kMatterField: {
        // (a kVarField's key is its kVar's and its field's, as here)
        std::optional<std::string> base = Key(*n.kids[0]);
        if (!base) return std::nullopt;
        return *base + (n.op == Op::kField ? ".f" : ".m") + std::to_string(n.slot) + "@" +
               std::to_string(reinterpret_cast<std::uintptr_t>(n.record));
      }
      default: return std::nullopt;
    }
  }

  // The instruction computing `n` (which has a Key) in the decision's own
  // frame, wherever it is compiled.
  std::uint32_t Top(const Node& n) {
    switch (n.op) {
      case Op::kVar:
        if (ctx_.depth == 0) return Emit(PlanOp::kVar, n.slot, n, {});
        return (*ctx_.binds)[n.slot].top;
      case Op::kField:
      case Op::kMatterField: {
        const std::uint32_t base = Top(*n.kids[0]);
        return Emit(n.op == Op::kField ? PlanOp::kField : PlanOp::kMatterField, n.slot, n, {base});
      }
      default: {
        const Context saved = Enter(Context{});
        const std::uint32_t at = Expr(n, nullptr);
        ctx_ = saved;
        return at;
      }
    }
  }

  // A decision-level call (compiled by `call(in_slot)`) in its shared slot: the
  // first call with this callee and these arguments gets one, later ones
  // read it (and compile nothing). In an inlined body, the slot's call is
  // compiled in the decision's own terms, as it may be first computed
  // from anywhere.
  template <typename CompileCall>
  std::uint32_t Share(const Node& n, SharedKeys* shared, CompileCall call) {
    if (shared == nullptr) return call(false);
    std::string key = std::to_string(reinterpret_cast<std::uintptr_t>(n.target)) + "(";
    for (const auto& k : n.kids) {
      std::optional<std::string> arg = Key(*k);
      if (!arg) return call(false);
      key += *arg + ",";
    }
    if (auto it = shared->instr.find(key); it != shared->instr.end()) return it->second;
    if (shared->count == PlanSet::kMaxShared) return call(false);
    const std::uint32_t slot = shared->count++;
    std::uint32_t computed;
    if (ctx_.depth == 0) {
      computed = call(true);
    } else {
      std::vector<std::uint32_t> args;
      for (const auto& k : n.kids) args.push_back(Top(*k));
      const Context saved = Enter(Context{0, 0, true});
      if (n.op == Op::kCallDef || n.op == Op::kCallRule) {
        computed = Call(n, shared, true, &args);
      } else {
        computed =
            Emit(n.op == Op::kCallTable ? PlanOp::kCallTable : PlanOp::kCallScorecard, 0, n, args);
      }
      ctx_ = saved;
    }
    const std::uint32_t at = Emit(PlanOp::kShared, slot, n, {computed});
    shared->instr.emplace(std::move(key), at);
    return at;
  }

  const Model& model_;
  PlanSet& p_;
  std::unordered_map<const void*, std::uint32_t> bodies_;
  static constexpr std::uint32_t kNotConstant = ~std::uint32_t{0};
  std::unordered_map<std::uint32_t, std::uint32_t> globals_;  // slot -> const
  Context ctx_;
  std::uint32_t next_slot_ = 0;  // the decision frame's first free slot
  std::uint32_t inlined_ = 0;
  std::vector<std::uint32_t> written_;     // DecisionPlan::written
  std::size_t nodes_ = 0;                  // kNode instructions emitted in inlined bodies
  std::vector<const void*> inline_stack_;  // the callees being inlined
};

}  // namespace

namespace {

// A shared slot read from one place only is computed once anyway: its call
// takes the slot's place, and the slots left are numbered again. `from`:
// where the decision's code, kids and roots begin (its shared instructions
// are all there, and only its code reads them; counting unreferenced code
// too only keeps a slot).
void UnshareSingles(PlanSet* p, DecisionPlan* dp, std::size_t code_from, std::size_t kids_from,
                    std::size_t roots_from) {
  const std::size_t code_end = p->code.size();
  std::unordered_map<std::uint32_t, std::uint32_t> readers;
  auto read = [&](std::uint32_t i) {
    if (i >= code_from && i < code_end && p->code[i].op == PlanOp::kShared) ++readers[i];
  };
  for (std::size_t k = kids_from; k < p->kids.size(); ++k) read(p->kids[k]);
  for (std::size_t r = roots_from; r < p->roots.size(); ++r) read(p->roots[r]);
  for (std::uint32_t e : dp->expr) read(e);
  for (std::uint32_t e : dp->fallback) {
    if (e != DecisionPlan::kNone) read(e);
  }
  std::uint32_t next = 0;
  for (std::size_t i = code_from; i < code_end; ++i) {
    PlanInstr& in = p->code[i];
    if (in.op != PlanOp::kShared) continue;
    if (readers[static_cast<std::uint32_t>(i)] <= 1) {
      in = p->code[p->kid(in, 0)];
    } else {
      in.a = next++;
    }
  }
  dp->shared = next;
}

}  // namespace

std::shared_ptr<const PlanSet> BuildPlans(const Model& model) {
  auto plan = std::make_shared<PlanSet>();
  PlanCompiler c(model, plan.get());
  for (const Decision& d : model.decisions) {
    DecisionPlan dp;
    SharedKeys shared;
    const std::size_t code_from = plan->code.size(), kids_from = plan->kids.size(),
                      roots_from = plan->roots.size();
    c.BeginDecision(d);
    for (const DecisionItem& item : d.items) {
      dp.expr.push_back(c.Expr(*item.expr, &shared));
      dp.fallback.push_back(item.fallback ? c.Expr(*item.fallback, &shared) : DecisionPlan::kNone);
    }
    dp.shared = shared.count;
    UnshareSingles(plan.get(), &dp, code_from, kids_from, roots_from);
    for (std::size_t i = code_from; i < plan->code.size(); ++i) {
      PlanInstr& in = plan->code[i];
      if (in.nkids > 0) in.kid0 = plan->kid(in, 0);
      if (in.nkids > 1) in.kid1 = plan->kid(in, 1);
    }
    dp.frame_size = c.frame_size();
    dp.inlined = c.inlined();
    dp.written = c.TakeWritten();
    dp.decision = &d;
    if (plan->decisions.size() <= d.index) plan->decisions.resize(d.index + 1);
    plan->decisions[d.index] = std::move(dp);
  }
  return plan;
}

}  // namespace bylaw::runtime::runtime_internal
