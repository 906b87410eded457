// The expression-IR interpreter: evaluates decisions, table calls, rules,
// scorecards and defs of a loaded Model. One Evaluator per evaluation (it is
// cheap: a few pointers); it never allocates unless the rules build lists,
// records or texts, or a trace is recorded. Public API: bylaw/runtime.h.
#ifndef BYLAW_RUNTIME_SRC_EVALUATOR_H_
#define BYLAW_RUNTIME_SRC_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

class CallMemo;
struct PlanInstr;
struct PlanSet;

// The slots of one call. `refs[i]` points at slot i's value: either
// `vals[i]` (computed in this call, or missing) or a value the caller's frame
// or the facts own, which outlive the call, so arguments, params and
// comprehension variables are passed without copying (no refcount traffic).
struct FrameSlots {
  const Value** refs = nullptr;
  Value* vals = nullptr;
};

// Writes the TraceEvent of record `r` (rows: its buffer's row indices)
// into `e`, reusing `e`'s strings. Outcome::trace() calls it.
void WriteTraceEvent(const TraceRecord& r, const std::vector<std::uint32_t>& rows, TraceEvent* e);

class Evaluator {
 public:
  // `trace` is null when tracing is off; records are appended to it (an
  // Outcome's, cleared by the caller, so its capacity is reused).
  // `overrides` (may be null) holds, per param index, a host override or
  // null.
  Evaluator(const Model& model, std::int64_t as_of, TraceBuffer* trace,
            const std::vector<const Value*>* overrides);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Evaluates every item of `decision` into `outcome` (outputs, errors,
  // complete flag, trace events are appended).
  void RunDecision(const Decision& decision, const std::vector<Value>& params,
                   Outcome* outcome);

  // Marks every output failed with `code`/`message` (fallbacks applied).
  void FailDecision(const Decision& decision, const std::vector<Value>& params,
                    const std::string& code, const std::string& message,
                    Outcome* outcome);

  // Evaluates a constant expression (no frame): params, literals, lists.
  bool EvalConstant(const Node& node, Value* out);

  // Evaluates matter `m`'s object filter on `object` (a record of its
  // object type) into `holds`; true for a matter without a filter.
  bool EvalMatterWhere(const Matter& m, const Value& object, bool* holds);

  // Calls `table` with `args` (one per table param). For tests and tools.
  bool CallTable(const Table& table, const Value* args, Value* out);

  // Computes repeated calls of a decision once (call_memo.h); off by
  // default, and always off while tracing.
  void set_memo(bool on) { use_memo_ = on; }

  // With a trace: record only its table and rule steps (kTable, kRule),
  // the same as the full trace's and in its order (facts are then read in
  // place, as untraced). EvaluateOptions::trace_tables_and_rules_only.
  void set_trace_tables_and_rules_only(bool on) { trace_all_ = trace_ != nullptr && !on; }

  // Runs decisions on their compiled plans (decision_plan.h) when set and
  // the plan has the decision; the Node trees otherwise (the reference).
  void set_plan(const PlanSet* plan);

  // The frame size of the callee of call node `call`.
  static std::uint32_t CalleeFrameSize(const Node& call);

  const std::string& error_code() const { return err_code_; }
  const std::string& error_message() const { return err_msg_; }

 private:
  struct RuleResult {
    bool stands = false;
    const std::string* followup = nullptr;
  };

  // A decision-level common subexpression of a plan (decision_plan.h):
  // the call's value or, for a rule, its result (whose value is the rule's
  // Reason or none); `done` once a call succeeded without reporting an
  // error.
  struct SharedSlot {
    Value value;
    RuleResult rule;
    bool done = false;
    std::uint32_t trace_begin = 0;  // its trace records, replayed on reuse
    std::uint32_t trace_end = 0;
  };
  // The shared slots of one evaluation, on the stack; only `n` constructed.
  class SharedSlots {
   public:
    explicit SharedSlots(std::uint32_t n) : n_(n) {
      for (std::uint32_t i = 0; i < n; ++i) new (&slots()[i]) SharedSlot();
    }
    ~SharedSlots() {
      for (std::uint32_t i = 0; i < n_; ++i) slots()[i].~SharedSlot();
    }
    SharedSlots(const SharedSlots&) = delete;
    SharedSlots& operator=(const SharedSlots&) = delete;
    SharedSlot* slots() { return n_ == 0 ? nullptr : reinterpret_cast<SharedSlot*>(buf_); }

   private:
    static constexpr std::uint32_t kMax = 64;  // PlanSet::kMaxShared
    alignas(SharedSlot) unsigned char buf_[kMax * sizeof(SharedSlot)];
    std::uint32_t n_;
  };

  bool Eval(const Node& n, Value* out);
  // A pointer to the value of `n` without copying when `n` is a variable or
  // field chain; otherwise evaluates into `tmp`. Null on failure.
  const Value* Ref(const Node& n, Value* tmp);
  bool EvalBool(const Node& n, bool* out);
  bool EvalArgs(const Node& call, FrameSlots frame);
  // Reads field `n.slot` of `base` (record `n.record`, or a Matter's).
  const Value* FieldRef(const Value& base, const Node& n);
  const Value* MatterFieldRef(const Value& base, const Node& n);
  bool InvokeTable(const Table& t, FrameSlots frame, Value* out);
  // `roots` (a plan's, decision_plan.h): the condition's and the excepts'
  // instructions; null runs the Node trees. Likewise `body` of a def.
  bool InvokeRule(const Rule& r, FrameSlots frame, RuleResult* out,
                  const std::uint32_t* roots = nullptr);
  // InvokeRule's steps in the current frame.
  bool RuleSteps(const Rule& r, RuleResult* out, const std::uint32_t* roots);
  bool CallRuleNode(const Node& n, RuleResult* out);
  // A rule, table, scorecard or def called with its arguments in `frame`,
  // through the call memo.
  bool InvokeRuleMemo(const Rule& r, std::size_t nargs, FrameSlots frame, RuleResult* out,
                      const std::uint32_t* roots);
  // `memo_ok` false: not through the call memo (a shared slot keeps it).
  bool InvokeCallee(const Node& call, FrameSlots frame, Value* out, const std::uint32_t* body,
                    bool memo_ok = true);
  // The call memo: the result of an earlier call of `callee` on the same
  // arguments (true, into `out`), and keeping a result for later. Only a
  // call that succeeded and reported nothing is kept: one whose callee
  // fell back inside a called decision added to nested_errors_, which the
  // reference reports again on every call, so it must run every time.
  bool MemoHit(const void* callee, const Node& call, FrameSlots frame, Value* out);
  void MemoKeep(const void* callee, const Node& call, FrameSlots frame, const Value& result,
                std::uint32_t trace_mark);
  // The number of trace records so far (0 untraced): where a call's begin.
  std::uint32_t TraceMark() const {
    return trace_ == nullptr ? 0 : static_cast<std::uint32_t>(trace_->records.size());
  }
  bool InvokeScorecard(const Scorecard& s, FrameSlots frame, Value* out);
  bool InvokeDef(const Def& d, FrameSlots frame, Value* out, const std::uint32_t* body = nullptr);
  bool InvokeDecision(const Node& call, const Decision& d, FrameSlots frame, Value* out);
  // Moves nested_errors_ into `o`, naming the decision item `item`.
  void FlushNestedErrors(const std::string& item, Outcome* o);
  // The value in force of param `index` (an override, or the model's),
  // or of global `index` (computed on first use); null on failure.
  const Value* ParamRef(std::uint32_t index);
  const Value* GlobalRef(std::uint32_t index);
  bool Builtin(const Node& n, Value* out);
  // len(arg): its characters (UTF-8), or a failure when it is not a text.
  bool TextLength(const Value& arg, Value* out);
  // `plan`: the comprehension's instruction, whose kids the plan computes.
  bool Comprehension(const Node& n, Value* out, const PlanInstr* plan = nullptr);
  // Comprehension's steps over `size` elements, element k being item_at(k).
  template <typename Item>
  bool ComprehensionOver(const Node& n, Value* out, const PlanInstr* plan, std::size_t size,
                         Item item_at);
  // A plan's comprehension over a list written out with at most this many
  // elements reads them in place (no list built).
  static constexpr std::uint32_t kInlineElements = 16;
  bool Arith(Op op, const Value& a, const Value& b, Value* out);
  // `in`, `not in`, `contains` (op) on a and b.
  bool Membership(Op op, const Value& a, const Value& b, Value* out);
  bool Member(Op op, const Value& a, const Value& b, bool* out);
  bool Compare(Op op, const Value& a, const Value& b, bool* out);
  // ==, != (ValuesEqual) or an ordering (Compare).
  bool CompareOp(Op op, const Value& a, const Value& b, bool* out);
  // `*v` as a bool (the tail of EvalBool and PBool); false when `v` is null
  // (the failure is set) or not a bool.
  bool BoolOf(const Value* v, bool* out);
  bool Aggregate(bool is_min, bool is_max, std::span<const Value> xs, Value* out);
  bool RowOutputs(const Table& t, const Row& row, Value* out);
  bool DynamicCellsMatch(const Table& t, const Row& row, const Value* const* inputs,
                         bool* ok);
  bool MissingVar(const Node& n);
  bool MissingField(const Value& record, const Node& n);

  // The plan's counterparts of Ref, Eval, EvalBool and EvalArgs, on
  // instruction `i` of plan_ (decision_plan.cpp's executor, plan_eval.cpp).
  const Value* PRef(std::uint32_t i, Value* tmp);
  // PRef's fast path of a kVar or kVarField instruction, inline: the
  // value in place, or null when PRef must be asked (any other
  // instruction, a missing or ill-typed value, a trace to record).
  const Value* InPlace(const PlanInstr& in) const;
  // PRef of instruction `i`, through InPlace's fast path first.
  const Value* PRefInPlace(std::uint32_t i, Value* tmp);
  bool PEval(std::uint32_t i, Value* out);
  bool PBool(std::uint32_t i, bool* out);
  // PBool through its in-place answers first, inline (no call for a leaf).
  bool PTest(std::uint32_t i, bool* out);
  bool POperands(const PlanInstr& in, Value* t1, Value* t2, const Value** a, const Value** b);
  bool PArgs(const PlanInstr& call, FrameSlots frame);
  // A def, table or scorecard call (`memo`: through the call memo), and
  // a rule call (likewise); a shared slot's computation passes false, as
  // the slot keeps the result.
  bool PCall(const PlanInstr& call, Value* out, bool memo);
  // MissingVar for a kVar or kVarField instruction.
  bool PMissingVar(const PlanInstr& in, const Node& var);
  bool PCallRule(std::uint32_t i, RuleResult* out, bool memo = true);
  // Shared slot `s` (decision_plan.h) of a rule or another callee: when
  // done, `read(s)` and its first computation's trace replayed; otherwise
  // `compute()`, then `keep(&s)` when the call succeeded and reported no
  // error (as MemoKeep). One helper for PCallRule and PEval.
  template <typename Read, typename Compute, typename Keep>
  bool ThroughShared(SharedSlot& s, Read read, Compute compute, Keep keep);

  bool Fail(const char* code, std::string message);
  // Appends a trace record (the caller sets its values and rows).
  TraceRecord& NewRecord(TraceEvent::Kind kind, const void* item, const void* extra,
                         std::uint8_t form);
  // Appends again the records [begin, end) of a call the memo or a shared
  // slot answers, as the reference would record them by making it again.
  void ReplayTrace(std::uint32_t begin, std::uint32_t end);
  // Records decision output `item` (a host's or a called decision's) with
  // `detail`: its value, `else` and the fallback's value, or `failed`.
  void TraceOutput(const DecisionItem& item, std::uint8_t form, const Value& value);
  // Records reading field `slot` (named `field`) of a fact record, once.
  void TraceFact(const Value& record, std::uint32_t slot, const std::string& field);

  const Model& m_;
  std::int64_t as_of_;
  TraceBuffer* trace_;
  // trace_ records every step: facts, params, scorecards and outputs too.
  bool trace_all_;
  const std::vector<const Value*>* overrides_;
  FrameSlots frame_;
  const Value* const* decision_frame_ = nullptr;
  std::vector<std::pair<std::string, std::string>> let_errors_;  // by slot
  // Failures of outputs of called decisions that fell back, not yet
  // reported (RunDecision adds them to the outcome's errors).
  std::vector<EvalError> nested_errors_;
  std::vector<Value> globals_;
  std::vector<std::uint8_t> global_state_;  // 0 new, 1 busy, 2 done
  // Trace only: the facts already traced, per fact record (its storage) a
  // bit per field slot below 64, and (storage, slot) pairs above; a few
  // records per evaluation, so a linear search beats hashing the path.
  struct SeenFacts {
    const void* storage;
    std::uint64_t slots;
  };
  std::vector<SeenFacts> facts_seen_;
  std::vector<std::pair<const void*, std::uint32_t>> wide_facts_seen_;
  int depth_ = 0;
  bool use_memo_ = false;
  CallMemo* memo_ = nullptr;  // during RunDecision, when on
  const PlanSet* plan_ = nullptr;
  // plan_'s arrays, read on every instruction.
  const PlanInstr* code_ = nullptr;
  const std::uint32_t* kids_ = nullptr;
  const Value* consts_ = nullptr;
  const std::uint32_t* roots_ = nullptr;
  std::uint32_t PKid(const PlanInstr& in, std::uint32_t k) const;
  SharedSlot* shared_ = nullptr;  // during RunDecision on a plan, when on
  std::string err_code_;
  std::string err_msg_;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_EVALUATOR_H_
