// The direct path for the commonest decision shape: every output is one
// decision table called on fact fields (`output plan = frequency(subject)`).
// Such a decision needs no interpreter. Its plan, made once at load, holds
// for each table input the chain of record fields that leads to it from a
// decision param. The inputs are read along those chains once, when the
// facts are built, into the Facts object; an evaluation looks them up
// there, ANDs their column bitsets (as ForEachMatch does for the
// interpreter) and hands back the hit row's constant outputs: no frames,
// no pointer chase through the facts' records.
//
// It only ever gives the interpreter's answer. Anything else - a missing or
// ill-typed fact, a table not in force, no row or more than one row where
// one is required, outputs that must be computed - makes it decline, and
// the caller evaluates the decision the ordinary way (which then reports
// the failure exactly as before). Public API: bylaw/runtime.h.
#ifndef BYLAW_RUNTIME_SRC_DIRECT_CALL_H_
#define BYLAW_RUNTIME_SRC_DIRECT_CALL_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

// Decisions with more outputs take the interpreter.
inline constexpr std::size_t kMaxDirectOutputs = 8;

// The direct plan of `d` (one DirectCall per output), or an empty vector
// when `d` is not of that shape. Its tables must be indexed.
std::vector<DirectCall> PlanDirectCalls(const Decision& d);

// Reads, for a decision whose `direct` plan is not empty, the value of
// every table input of every call (the calls in turn, each in column
// order) from `params` into `inputs`: done once, when the facts are built,
// so that an evaluation reads them from one flat array rather than
// following the params' records. False (and `inputs` emptied) when the
// direct path declines these facts whatever the date: a missing or
// ill-typed fact on the way to an input.
bool GatherDirectInputs(const Decision& d, const std::vector<Value>& params,
                        std::vector<Value>* inputs);

// Evaluates `d` on the `inputs` gathered by GatherDirectInputs as of
// `as_of`: on success `outputs[i]` points at the value of output i (a row's
// constant outputs, owned by the model) and the result is true. False when
// the direct path declines; `outputs` is then unspecified.
bool EvaluateDirect(const Decision& d, const Value* inputs, std::int64_t as_of,
                    const Value** outputs);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_DIRECT_CALL_H_
