// Check and CheckSources (see bylaw/dsl/checker.h).
#include "bylaw/dsl/checker.h"

#include "../resolve/recursion_check.h"
#include "../resolve/scope_builder.h"
#include "bylaw/dsl/loader.h"
#include "type_checker.h"

namespace bylaw::dsl {

void Check(Program& program, DiagnosticSink& sink) {
  resolve_internal::ScopeBuilder(sink).Run(program);
  check_internal::TypeChecker(program, sink).Run();
  resolve_internal::RecursionCheck(sink).Run(program);
}

CheckResult CheckSources(const std::vector<std::string>& paths,
                         const CompilerOptions& options) {
  CheckResult result;
  result.sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  for (const std::string& code : options.disabled_warnings) {
    sink.DisableWarning(code);
  }
  LoadOptions load;
  load.root = options.root;
  result.program = LoadProgram(paths, load, *result.sources, sink);
  Check(*result.program, sink);
  result.diagnostics = sink.Sorted();
  result.error_count = sink.error_count();
  result.warning_count = sink.warning_count();
  result.warnings_as_errors = options.warnings_as_errors;
  return result;
}

}  // namespace bylaw::dsl
