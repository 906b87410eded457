// Common subexpressions across calls, computed once per evaluation.
//
// The rules call the same def, rule, table or scorecard with the same
// arguments many times in one decision: `may_inspect` asks
// `required_min(e, m)` in a let and again as an argument, and
// `facts_complete`, `certificate_shown`, `merge_required` in two outputs;
// `frequency` reaches `required_min` and `key_supervised` through three
// defs. Every callee is a pure function of its arguments, the as-of date
// and the params in force (all fixed for one evaluation), so the second
// call may take the first one's result. A CallMemo holds those results for
// one evaluation.
//
// Only callees named by more than one call node of the model are
// memoised (Model marks them at load: `memo`), so a callee called once
// costs nothing more. Only successful calls that reported no error are
// kept: a failure may depend on the call depth, and is rare; a call whose
// callee reached a decision output that fell back reports that error (in
// the outcome's errors, with `within`) each time it is made, as the
// reference does. With a trace, a hit appends again the trace records the
// first call made (facts excepted: none is new the second time), so the
// trace names every step as the reference interpreter does; with
// EvaluateOptions::reference the memo is off, which is how tests compare both.
#ifndef BYLAW_RUNTIME_SRC_CALL_MEMO_H_
#define BYLAW_RUNTIME_SRC_CALL_MEMO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

// Sets `memo` on every def, rule, table and scorecard of `model` that more
// than one call node names (in decisions, defs, rules, tables, scorecards,
// globals and matter selectors). Returns how many were marked.
std::size_t MarkRepeatedCallees(Model* model);

// True when `a` and `b` are the same value for a callee: same kind, equal
// scalars or texts, and for lists and records the same storage (values are
// immutable, so shared storage is equal; equal lists in different storage
// just miss the memo).
bool SameArgument(const Value& a, const Value& b);

class CallMemo {
 public:
  static constexpr std::size_t kMaxArgs = 4;
  static constexpr std::size_t kMaxEntries = 64;

  struct Entry {
    const void* target = nullptr;
    std::uint32_t nargs = 0;
    Value args[kMaxArgs];  // kept alive, so their storage is never reused
    Value value;           // def, table, scorecard
    bool stands = false;   // rule
    const std::string* followup = nullptr;
    // Traced: the call's trace records, appended again on every hit
    // (Evaluator::ReplayTrace), as the reference records the call again.
    std::uint32_t trace_begin = 0;
    std::uint32_t trace_end = 0;
  };

  // The entry of a call of `target` on `args[0..n)`, or null.
  const Entry* Find(const void* target, const Value* const* args, std::size_t n) const;
  // A new entry for that call with its arguments copied (the caller fills
  // the result), or null when the call cannot be memoised (too many
  // arguments, or the memo is full).
  Entry* Add(const void* target, const Value* const* args, std::size_t n);
  // Forgets every entry (releasing the values it held); keeps capacity.
  void Clear();

  // The calling thread's memo, or null when it is in use already (an
  // evaluation inside an evaluation). Release() gives it back.
  static CallMemo* Acquire();
  void Release();

 private:
  std::vector<Entry> entries_;
  std::size_t size_ = 0;
  bool in_use_ = false;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_CALL_MEMO_H_
