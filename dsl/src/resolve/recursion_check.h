// RecursionCheck: the pass that builds the call graph among tables, rules,
// scorecards, defs, decisions and lets (from CallExpr::decl and
// NameExpr::decl, so it runs after names are resolved) and reports each
// cycle once as `recursive_definition`. Internal to dsl/src.
#ifndef BYLAW_DSL_SRC_RESOLVE_RECURSION_CHECK_H_
#define BYLAW_DSL_SRC_RESOLVE_RECURSION_CHECK_H_

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl::resolve_internal {

class RecursionCheck {
 public:
  explicit RecursionCheck(DiagnosticSink& sink) : sink_(sink) {}
  void Run(const Program& program);

 private:
  DiagnosticSink& sink_;
};

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_RECURSION_CHECK_H_
