// `bylaw check` (see check_command.h).
#include "check_command.h"

#include <iostream>
#include <memory>

#include "compiler_flags.h"
#include "summary.h"

namespace bylaw::cli {
namespace {

struct CheckArgs {
  CompilerFlags compiler;
  bool summary = false;
};

int RunCheck(const CheckArgs& args) {
  dsl::CheckResult result = MakeCompiler(args.compiler).Check(args.compiler.paths);
  PrintDiagnostics(result.diagnostics, *result.sources, args.compiler, std::cout);
  if (args.compiler.format == "json") {
    return result.ok() ? kExitOk : kExitErrors;
  }
  if (args.summary && result.program != nullptr) {
    std::cout << RenderSummary(*result.program, *result.sources) << std::flush;
  }
  std::cerr << (result.ok() ? "ok" : "failed") << ": " << result.error_count
            << " error(s), " << result.warning_count << " warning(s) in "
            << result.sources->size() << " file(s)\n";
  return result.ok() ? kExitOk : kExitErrors;
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Parse, resolve, type-check and analyse rule files; report every problem");
  AddCompilerFlags(*cmd, args->compiler);
  cmd->add_flag("--summary", args->summary,
                "Print what the rulesets contain (decisions, tables, matters, ...)");
  cmd->callback([args, &exit_code] { exit_code = RunCheck(*args); });
}

}  // namespace bylaw::cli
