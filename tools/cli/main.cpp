// The bylaw command line: one subcommand per verb, each in its own file.
#include <cstdlib>
#include <exception>
#include <iostream>

#include "command.h"
#include "check_command.h"
#include "schema_command.h"
#include "table_command.h"
#include "compile_command.h"
#include "eval_command.h"
#include "explain_command.h"
#include "fmt_command.h"
#include "test_command.h"
#include "audit_command.h"
#include "diff_command.h"
#include "plan_command.h"
#include "booklet_command.h"
#include "logging.h"
#ifdef BYLAW_HAVE_SERVE
#include "serve_command.h"
#endif
#include "lsp_command.h"
#include "completion_command.h"

int main(int argc, char** argv) {
  CLI::App app{"bylaw: rules for regulatory supervision, checked and compiled",
               "bylaw"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(BYLAW_VERSION));
  int exit_code = bylaw::cli::kExitOk;
  bylaw::cli::RegisterCheckCommand(app, exit_code);
  bylaw::cli::RegisterTableCommand(app, exit_code);
  bylaw::cli::RegisterSchemaCommand(app, exit_code);
  bylaw::cli::RegisterFmtCommand(app, exit_code);
  bylaw::cli::RegisterCompileCommand(app, exit_code);
  bylaw::cli::RegisterEvalCommand(app, exit_code);
  bylaw::cli::RegisterExplainCommand(app, exit_code);
  bylaw::cli::RegisterTestCommand(app, exit_code);
  bylaw::cli::RegisterAuditCommand(app, exit_code);
  bylaw::cli::RegisterDiffCommand(app, exit_code);
  bylaw::cli::RegisterPlanCommand(app, exit_code);
  bylaw::cli::RegisterBookletCommand(app, exit_code);
#ifdef BYLAW_HAVE_SERVE
  bylaw::cli::RegisterServeCommand(app, exit_code);
#endif
  bylaw::cli::RegisterLspCommand(app, exit_code);
  bylaw::cli::RegisterCompletionCommand(app, exit_code);
  bylaw::cli::InitLogging();
  bylaw::cli::AddLogLevelOption(app);  // after every verb: it adds to each
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return bylaw::cli::kExitUsage;
  } catch (const std::exception& e) {
    // Verbs report bad input as diagnostics; reaching here is a bug, but the
    // user still gets a message instead of an abort.
    std::cerr << "bylaw: internal error: " << e.what() << "\n";
    return bylaw::cli::kExitErrors;
  }
  return exit_code;
}
