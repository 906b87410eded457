// Walking every expression of a declaration, for passes that only need to
// look (the call graph, analyses, lowering helpers). Internal to dsl/src.
#ifndef BYLAW_DSL_SRC_RESOLVE_EXPR_WALK_H_
#define BYLAW_DSL_SRC_RESOLVE_EXPR_WALK_H_

#include <functional>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::resolve_internal {

// Calls `fn` on every expression of `decl`, outer before inner.
void ForEachExpr(const Decl& decl, const std::function<void(const Expr&)>& fn);
// Calls `fn` on `expr` and every expression inside it, outer first.
void ForEachSubExpr(const Expr& expr,
                    const std::function<void(const Expr&)>& fn);

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_EXPR_WALK_H_
