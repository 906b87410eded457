// ScopeBuilder: the resolution pass that fills Decl::module and each
// Ruleset::scope, and reports `duplicate_name` (top-level names, enum
// members, record fields, table outputs, parameters) and `shadows_import`
// (a warning). Internal to dsl/src; run by Check before type checking.
#ifndef BYLAW_DSL_SRC_RESOLVE_SCOPE_BUILDER_H_
#define BYLAW_DSL_SRC_RESOLVE_SCOPE_BUILDER_H_

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl::resolve_internal {

class ScopeBuilder {
 public:
  explicit ScopeBuilder(DiagnosticSink& sink) : sink_(sink) {}
  void Run(Program& program);

 private:
  void Build(Ruleset& ruleset);
  void CheckShadowing(const Ruleset& ruleset);
  void CheckInnerNames(const Decl& decl);

  DiagnosticSink& sink_;
};

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_SCOPE_BUILDER_H_
