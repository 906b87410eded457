// `bylaw check` (see check_command.h).
#include "check_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "summary.h"

namespace bylaw::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> paths;
  std::string root;
  std::string format = "text";
  std::string color = "auto";
  std::vector<std::string> no_warn;
  bool werror = false;
  bool summary = false;
};

int RunCheck(const CheckArgs& args) {
  dsl::CompilerBuilder builder;
  builder.SetRoot(args.root).WarningsAsErrors(args.werror);
  for (const std::string& code : args.no_warn) builder.DisableWarning(code);
  dsl::Compiler compiler = std::move(builder).Build();
  dsl::CheckResult result = compiler.Check(args.paths);

  if (args.format == "json") {
    std::cout << dsl::RenderJson(result.diagnostics, *result.sources) << "\n";
    return result.ok() ? kExitOk : kExitErrors;
  }
  dsl::RenderOptions options;
  options.color = UseColor(args.color);
  std::cerr << dsl::RenderText(result.diagnostics, *result.sources, options);
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
      "check", "Parse, resolve and type-check rule files; report every problem");
  cmd->add_option("paths", args->paths,
                  "Rule files, or directories searched for *.bylaw")
      ->required();
  cmd->add_option("--root", args->root,
                  "Directory imports are resolved from (default: derived from "
                  "the first file's ruleset id)");
  cmd->add_option("--format", args->format, "Diagnostics as text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", args->color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--no-warn", args->no_warn,
                  "Drop warnings with this code (repeatable)");
  cmd->add_flag("--werror", args->werror, "Treat warnings as errors");
  cmd->add_flag("--summary", args->summary,
                "Print what the rulesets contain (decisions, tables, matters, ...)");
  cmd->callback([args, &exit_code] { exit_code = RunCheck(*args); });
}

}  // namespace bylaw::cli
