// `bylaw diff` (see diff_command.h).
#include "diff_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/review/diff.h"

namespace bylaw::cli {
namespace {

struct DiffArgs {
  std::string old_path, new_path;
  std::string decision;
  std::string format = "text";
  std::string as_of;
  std::size_t max_cells = review::DiffOptions{}.max_cells;
  std::string color = "auto";
};

// The bundle of one version, or empty after printing why not.
std::string CompileVersion(const std::string& which, const std::string& path,
                           const DiffArgs& args) {
  dsl::Compiler compiler = dsl::CompilerBuilder().Build();
  dsl::CompileResult result = compiler.Compile({path});
  dsl::RenderOptions render;
  render.color = UseColor(args.color);
  if (!result.ok()) {
    std::cerr << dsl::RenderText(result.check.diagnostics, *result.check.sources, render);
    std::cerr << "bylaw diff: the " << which << " version (" << path
              << ") does not compile: " << result.check.error_count
              << " error(s); nothing compared\n";
    return "";
  }
  return result.bundle;
}

int RunDiff(const DiffArgs& args) {
  const std::string old_bundle = CompileVersion("old", args.old_path, args);
  if (old_bundle.empty()) return kExitErrors;
  const std::string new_bundle = CompileVersion("new", args.new_path, args);
  if (new_bundle.empty()) return kExitErrors;
  review::DiffOptions options;
  options.decision = args.decision;
  options.as_of = args.as_of;
  options.max_cells = args.max_cells;
  review::DiffResult diff = review::DiffBundles(old_bundle, new_bundle, options);
  if (!diff.ok()) {
    std::cerr << "bylaw diff: " << diff.error << "\n";
    return diff.error.rfind("no decision", 0) == 0 || diff.error.find("is not a date") != std::string::npos
               ? kExitUsage
               : kExitErrors;
  }
  std::cout << (args.format == "json" ? review::RenderDiffJson(*diff.report)
                                      : review::RenderDiffText(*diff.report));
  return diff.report->answers_differ() ? kExitErrors : kExitOk;
}

}  // namespace

void RegisterDiffCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "Which answers change between two versions of the rules: per decision, the input "
      "regions, an example and both answers. Exit 1 when any answer differs");
  cmd->add_option("old", args->old_path, "The old version: a rule file or a directory")
      ->required();
  cmd->add_option("new", args->new_path, "The new version: a rule file or a directory")
      ->required();
  cmd->add_option("--decision", args->decision,
                  "Only this decision (and the tables it reaches)");
  cmd->add_option("--format", args->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--as-of", args->as_of,
                  "Evaluation date YYYY-MM-DD (default: the latest date on which anything "
                  "in either version takes effect)");
  cmd->add_option("--max-cells", args->max_cells,
                  "Cells compared per output or table before giving up on it")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--color", args->color, "Colour of diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->callback([args, &exit_code] { exit_code = RunDiff(*args); });
}

}  // namespace bylaw::cli
