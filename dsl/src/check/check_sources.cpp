// CheckSources (see bylaw/dsl/checker.h). A translation unit of its own:
// CheckResult's special members live in the driver (compiler.cpp), so only
// programs that link the driver pull this in.
#include "bylaw/dsl/checker.h"
#include "bylaw/dsl/loader.h"

namespace bylaw::dsl {

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
