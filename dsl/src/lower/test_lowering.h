// Expressions of `test` blocks as bundle IR. Internal to dsl/src/lower; the
// public entry point is bylaw/dsl/test_bundle.h.
//
// Test expressions are lowered by ExprLowerer, like every other expression,
// except that a call of a decision outside a comprehension body is hoisted
// by LowerTests, so that the runner evaluates it as a host would and sees
// its errors; ExprLowerer then lowers the call as a `var` naming the param
// that carries its outputs (its `substitutions`).
#ifndef BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_

#include <vector>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::lower_internal {

// True when `call` names a decision (checked: CallExpr::decl is set).
bool IsDecisionCall(const Expr& expr);

// Every decision call inside `expr`, in evaluation order (a call's
// arguments before the call). Calls inside a comprehension body, which may
// read the comprehension variable and so cannot be hoisted, go to
// `in_bodies` instead.
void CollectDecisionCalls(const Expr& expr, std::vector<const Expr*>* calls,
                          std::vector<const Expr*>* in_bodies);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_
