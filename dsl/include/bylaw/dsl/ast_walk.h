// Walking the AST: the one place that knows which expressions an
// expression or a declaration holds. Passes that only need to look (the
// call graph, the analyses, test lowering, `bylaw table`, the language
// server) walk through these, so a new kind of node is taught to all of
// them at once.
#ifndef BYLAW_DSL_AST_WALK_H_
#define BYLAW_DSL_AST_WALK_H_

#include <functional>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl {

// Calls `fn(child, in_body)` on each direct subexpression of `expr`, in
// source order. `in_body` is true for a comprehension's body, the one child
// that sees a variable its parent binds.
void ForEachChild(const Expr& expr, const std::function<void(const Expr& child, bool in_body)>& fn);

// Calls `fn` on `expr` and on every expression nested in it, parents before
// children, in source order. Iterative: deep expressions cannot overflow
// the stack.
void ForEachSubExpr(const Expr& expr, const std::function<void(const Expr&)>& fn);

// Calls `fn` on each top-level expression of `decl`, in source order:
// param values, matter filters, table headers, cells and outputs, rule
// conditions and excepts, scorecard weights, values and bands, def bodies,
// let values, decision items and fallbacks, test items.
void ForEachRootExpr(const Decl& decl, const std::function<void(const Expr&)>& fn);

// ForEachSubExpr over every root of `decl`: every expression it holds.
void ForEachExpr(const Decl& decl, const std::function<void(const Expr&)>& fn);

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_AST_WALK_H_
