// Check (see bylaw/dsl/checker.h).
#include "bylaw/dsl/checker.h"

#include "../resolve/recursion_check.h"
#include "../resolve/scope_builder.h"
#include "type_checker.h"

namespace bylaw::dsl {

void Check(Program& program, DiagnosticSink& sink) {
  resolve_internal::ScopeBuilder(sink).Run(program);
  check_internal::TypeChecker(program, sink).Run();
  resolve_internal::RecursionCheck(sink).Run(program);
}

}  // namespace bylaw::dsl
