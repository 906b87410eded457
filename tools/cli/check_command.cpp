// `bylaw check` (see check_command.h).
#include "check_command.h"

#include <iostream>
#include <memory>

#include "compiler_flags.h"
#include "facts_input.h"
#include "summary.h"

namespace bylaw::cli {
namespace {

struct CheckArgs {
  CompilerFlags compiler;
  bool summary = false;
};

int RunCheck(const CheckArgs& args) {
  // `-` is one file read from standard input, named `<stdin>` in
  // diagnostics; its imports are found from --root as usual.
  std::vector<dsl::MemorySource> memory;
  std::vector<std::string> paths = args.compiler.paths;
  for (std::string& path : paths) {
    if (path != "-") continue;
    if (memory.empty()) {
      std::string text;
      if (!ReadText("-", &text)) {
        std::cerr << "bylaw check: cannot read standard input\n";
        return kExitErrors;
      }
      memory.push_back({std::string(kStdinName), std::move(text)});
    }
    path = kStdinName;
  }
  const dsl::Compiler compiler = MakeCompiler(args.compiler);
  dsl::CheckResult result = memory.empty() ? compiler.Check(paths)
                                           : compiler.Check(memory, paths);
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
      "check", "Parse, resolve, type-check and analyse rule files (`-`: standard input); report every problem");
  AddCompilerFlags(*cmd, args->compiler);
  cmd->add_flag("--summary", args->summary,
                "Print what the rulesets contain (decisions, tables, matters, ...)");
  cmd->callback([args, &exit_code] { exit_code = RunCheck(*args); });
}

}  // namespace bylaw::cli
