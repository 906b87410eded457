// Compiled evaluation plans: every decision, def and rule of a Model
// flattened, once at bundle load, into compact instructions in one
// contiguous array, which the Evaluator runs instead of walking the Node
// trees (evaluator.h; public API: bylaw/runtime.h).
//
// What compiling buys over the tree walk:
//   - an instruction is 40 bytes with its operands inline (slot, field,
//     callee body, its first two kids) and its kids' indices next to each
//     other, where a Node is ~150 bytes reached through vectors of
//     unique_ptr;
//   - literals are copied into one constant pool, and an operation whose
//     operands are all constants is folded at load, lists and sets of
//     constants and globals whose value is a constant included (when it
//     fails, it is left to fail at run time, as the reference does);
//   - a call of a def or rule at the decision's level is inlined: its
//     arguments are bound to slots of the decision's frame past the
//     decision's own, and its body, compiled for those slots, runs there
//     (no frame, no call memo; the same trace records and call depth as
//     the call). Bodies inlined there inline their calls in turn (not a
//     callee already being inlined: no recursion). A body holding an
//     instruction left to the interpreter (kNode, which would read the
//     callee's own frame) stays a call;
//   - a call of a def, rule, table or scorecard at the decision's level,
//     or in a body inlined there, on arguments that cannot change during
//     the evaluation (the decision's facts and lets, literals, params,
//     fields of those, and the parameters of an inlined body bound to
//     them) is a common subexpression: every such call with the same
//     callee and the same arguments shares one slot, computed on first use
//     and read in place after (`required_min(e, m)` is asked by
//     `frequency` itself and inside `annual_max`). The slot's call is
//     compiled in the decision's own terms, as it may first be computed
//     from anywhere. A slot read from one place only gives its place back
//     to its call. Only a call that succeeded and reported no called
//     decision's fallback is kept, as in the call memo (call_memo.h),
//     which still serves the calls made inside callees;
//   - frequent patterns are fused: `x == literal` (kEqConst), `len(x) > 0`
//     (kNonEmpty), `x in` a constant list of enum members or matters
//     (kInConst: a mask by index), a bool fact tested in place; `in`, `if`
//     and bool defs tested as bools without a Value in between. In a body
//     inlined there, a parameter bound to a literal is that literal, so
//     these fuse on it too (`matter_published(i, matter_list)`);
//   - a chain `a and b and c` is one kAnd of n operands (and `or`), so a
//     rule's guard that fails on its first test costs one instruction, not
//     one per operator; a comprehension over a list written out
//     (`filter(b in [x, y] : ...)`) computes the elements in order, as the
//     list would, and reads them in place without building the list; an
//     `if` is read in place when its branch can be;
//   - `and`/`or` short-circuit as in the reference; call frames are fixed
//     and on the stack, the decision's (with its inlined calls' slots) is
//     kept per thread (PlanFrame): the plan never allocates unless the
//     rules build lists, records or texts.
//
// Instructions the plan does not compile natively (list comprehensions'
// bodies are, but record construction, most builtins, decision calls are
// not) keep their Node and are handed to the interpreter (kNode), which
// reads the same frames, so both agree by construction there. Tables and
// scorecards are the interpreter's (their indexes are already flat). The
// plan is used unless EvaluateOptions::reference is set; with a trace, a
// shared slot read again appends the records of its first computation, so
// the trace names every step as the reference does.
#ifndef BYLAW_RUNTIME_SRC_DECISION_PLAN_H_
#define BYLAW_RUNTIME_SRC_DECISION_PLAN_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

enum class PlanOp : std::uint8_t {
  kNode,  // the interpreter evaluates `node`
  kLit,   // consts[a]
  kVar,   // frame slot a
  kParam,
  kGlobal,
  kField,        // field a of kid 0 (record aux)
  kVarField,     // field a of frame slot b (record aux): a fused kVar, kField
  kMatterField,  // field a of kid 0 (a Matter)
  kNot,
  kAnd,  // kids: n >= 2 operands, tested in order (a chain, flattened)
  kOr,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kNotIn,
  kContains,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kIsNone,
  kIsNotNone,
  kIf,
  kCallDef,        // body roots[a]; kids: the arguments
  kCallRule,       // condition roots[a], excepts roots[a + 1 ...]
  kCallTable,      // the interpreter's table call on the kids' values
  kCallScorecard,  // likewise
  kReasons,
  kFollowups,  // kids: rule calls
  kCount,
  kMin2,
  kMax2,
  kList,
  kSet,      // kids: the elements
  kComp,     // comprehension fn over kid 0, variable in slot a, body kid 1
  kShared,   // common subexpression a of the decision; kid 0 computes it
  kToday,    // the as-of date
  kLen,      // len(kid 0)
  kEqConst,  // kid 0 == consts[a]: a comparison with a literal, fused
  kNeConst,  // kid 0 != consts[a]
  // A def or rule call inlined at the decision's level: its arguments
  // (the kids) are bound in the decision's frame from slot b on, where its
  // body, compiled for those slots, reads them (roots[a] as kCallDef and
  // kCallRule); no frame, no call memo, the same trace and depth count.
  kInlineDef,
  kInlineRule,
  kNonEmpty,  // len(kid 0) > 0, fused: stops at the first character
  // kid 0 `in` (`not in`) a constant list of enum members of one type or
  // of matters, fused: PlanSet::sets[a] answers by the member's index.
  kInConst,
  kNotInConst,
};

// The members of a constant list, by index (kInConst): `kind` is kEnum
// (all of enum type `type`) or kMatter (matters[i] is matter i when in).
struct MemberSet {
  ValueKind kind = ValueKind::kEnum;
  const void* type = nullptr;
  std::uint64_t mask = 0;            // bit i: index i is in the list
  std::vector<const void*> matters;  // kMatter: by index
};

struct PlanInstr {
  PlanOp op = PlanOp::kNode;
  std::uint8_t fn = 0;  // kComp: the CompFn; kVar, kVarField: 1 in an inlined body
  std::uint16_t nkids = 0;
  std::uint32_t a = 0;
  std::uint32_t kids = 0;      // first kid's index in PlanSet::kids
  std::uint32_t b = 0;         // calls: the callee's frame size; kVarField: slot;
                               // inlined calls: the first slot of the callee
  const void* aux = nullptr;   // kField: the record type; calls: the callee
  const Node* node = nullptr;  // the source: names for messages
  // The first two kids (as in PlanSet::kids), kept in the instruction: most
  // instructions read only these, and one load is cheaper than two.
  std::uint32_t kid0 = 0;
  std::uint32_t kid1 = 0;
};

// The plan of one decision: the root instruction of each item's expression
// and fallback (kNone when it has none), and how many shared slots an
// evaluation needs.
struct DecisionPlan {
  static constexpr std::uint32_t kNone = ~std::uint32_t{0};
  const Decision* decision = nullptr;
  std::vector<std::uint32_t> expr;      // per item
  std::vector<std::uint32_t> fallback;  // per item
  std::uint32_t shared = 0;
  std::uint32_t frame_size = 0;  // the decision's slots and its inlined calls
  std::uint32_t inlined = 0;     // how many calls were inlined (tests)
  // The slots past the decision's own that the plan may write: those of
  // inlined calls' arguments that are computed (not read in place).
  std::vector<std::uint32_t> written;
};

// The plans of a Model; immutable once built, shared by every evaluation.
struct PlanSet {
  // At most this many shared slots per decision (the rest are plain calls).
  static constexpr std::uint32_t kMaxShared = 64;
  // Inlined calls: at most this deep, and this many slots per decision.
  static constexpr std::uint32_t kMaxInlineDepth = 6;
  static constexpr std::uint32_t kMaxInlineSlots = 256;

  std::vector<PlanInstr> code;
  std::vector<std::uint32_t> kids;
  std::vector<Value> consts;
  std::vector<std::uint32_t> roots;  // callee bodies (see kCallDef, kCallRule)
  std::vector<MemberSet> sets;       // kInConst
  std::vector<DecisionPlan> decisions;  // by Decision::index

  // Found by index on every evaluation, not hashed; null for a decision
  // of another model.
  const DecisionPlan* Find(const Decision* d) const {
    if (d->index >= decisions.size()) return nullptr;
    const DecisionPlan& dp = decisions[d->index];
    return dp.decision == d ? &dp : nullptr;
  }
  std::uint32_t kid(const PlanInstr& in, std::uint32_t i) const { return kids[in.kids + i]; }
};

// Compiles every decision of `model` (and the defs and rules they reach).
// Never fails: what it cannot compile stays with the interpreter.
std::shared_ptr<const PlanSet> BuildPlans(const Model& model);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_DECISION_PLAN_H_
