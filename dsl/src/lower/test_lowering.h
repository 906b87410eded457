// Expressions of `test` blocks as bundle IR. Internal to dsl/src/lower; the
// public entry point is bylaw/dsl/test_bundle.h.
//
// Test expressions are lowered by ExprLowerer, like every other expression,
// except on the path from the root down to a call of a decision: such a
// call is hoisted by LowerTests, so that the runner evaluates it as a host
// would and sees its errors, and lowered here as a `var` naming the param
// that carries its outputs.
#ifndef BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "expr_lowering.h"

namespace bylaw::dsl::lower_internal {

// True when `call` names a decision (checked: CallExpr::decl is set).
bool IsDecisionCall(const Expr& expr);

// Every decision call inside `expr`, in evaluation order (a call's
// arguments before the call). Calls inside a comprehension body, which may
// read the comprehension variable and so cannot be hoisted, go to
// `in_bodies` instead.
void CollectDecisionCalls(const Expr& expr, std::vector<const Expr*>* calls,
                          std::vector<const Expr*>* in_bodies);

// Lowers test expressions; `hoisted` maps each decision call already
// hoisted to the name of its result param.
class TestExprLowerer {
 public:
  TestExprLowerer(ExprLowerer& exprs,
                  const std::unordered_map<const Expr*, std::string>& hoisted)
      : exprs_(exprs), hoisted_(hoisted) {}

  nlohmann::json Lower(const Expr& expr);

 private:
  nlohmann::json LowerCall(const Expr& expr, const CallExpr& call);
  nlohmann::json LowerFields(const std::vector<FieldInit>& fields);

  ExprLowerer& exprs_;
  const std::unordered_map<const Expr*, std::string>& hoisted_;
};

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_TEST_LOWERING_H_
