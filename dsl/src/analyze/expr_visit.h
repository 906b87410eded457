// Walking expressions and the expressions inside declarations, for the
// usage and matter passes. Internal to dsl/src/analyze.
#ifndef BYLAW_DSL_SRC_ANALYZE_EXPR_VISIT_H_
#define BYLAW_DSL_SRC_ANALYZE_EXPR_VISIT_H_

#include <functional>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::analyze_internal {

// Calls `f` on `expr` and every expression nested in it, parents first.
// Iterative, so deep expressions cannot overflow the stack.
void VisitExpr(const Expr& expr, const std::function<void(const Expr&)>& f);

// Calls `f` on every top-level expression of a declaration: bodies,
// conditions, table headers, cells and outputs, param values, matter
// filters, scorecard weights and bands, decision and test items.
void VisitDeclExprs(const Decl& decl,
                    const std::function<void(const Expr&)>& f);

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_EXPR_VISIT_H_
