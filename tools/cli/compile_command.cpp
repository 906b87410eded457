// `bylaw compile` (see compile_command.h).
#include "compile_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/lower.h"

namespace bylaw::cli {
namespace {

struct CompileArgs {
  std::vector<std::string> paths;
  std::string root;
  std::string output = "-";
  std::string source_root;
  std::string format = "text";
  std::string color = "auto";
  std::vector<std::string> no_warn;
  bool werror = false;
  bool pretty = false;
};

// Writes through a temporary file and a rename, so that a host watching
// the path for hot reload never sees half a bundle.
bool WriteAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    if (!out.flush()) return false;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

void Report(const std::vector<dsl::Diagnostic>& diagnostics,
            const dsl::SourceManager& sources, const CompileArgs& args) {
  if (args.format == "json") {
    std::cerr << dsl::RenderJson(diagnostics, sources) << "\n";
    return;
  }
  dsl::RenderOptions options;
  options.color = UseColor(args.color);
  std::cerr << dsl::RenderText(diagnostics, sources, options);
}

int RunCompile(const CompileArgs& args) {
  dsl::CompilerBuilder builder;
  builder.SetRoot(args.root).WarningsAsErrors(args.werror);
  for (const std::string& code : args.no_warn) builder.DisableWarning(code);
  dsl::Compiler compiler = std::move(builder).Build();
  dsl::CheckResult checked = compiler.Check(args.paths);
  Report(checked.diagnostics, *checked.sources, args);
  if (!checked.ok() || checked.program == nullptr) {
    if (args.format == "text") {
      std::cerr << "failed: " << checked.error_count << " error(s), "
                << checked.warning_count << " warning(s); no bundle written\n";
    }
    return kExitErrors;
  }

  dsl::LowerOptions options;
  options.pretty = args.pretty;
  options.source_root = args.source_root;
  dsl::LowerResult lowered =
      dsl::Lower(*checked.program, *checked.sources, options);
  Report(lowered.diagnostics, *checked.sources, args);
  if (!lowered.ok()) {
    if (args.format == "text") {
      std::cerr << "failed: the rules checked but could not be compiled; "
                   "no bundle written\n";
    }
    return kExitErrors;
  }
  const std::string text = lowered.bundle + "\n";
  if (args.output == "-") {
    std::cout << text;
  } else if (!WriteAtomically(args.output, text)) {
    std::cerr << "bylaw compile: cannot write `" << args.output << "`\n";
    return kExitErrors;
  }
  if (args.format == "text" && args.output != "-") {
    std::cerr << "ok: wrote " << args.output << " (" << lowered.hash << ", "
              << checked.warning_count << " warning(s))\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterCompileCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compile", "Check rule files and compile them into a bundle for the runtime");
  cmd->add_option("paths", args->paths,
                  "Rule files, or directories searched for *.bylaw")
      ->required();
  cmd->add_option("--root", args->root,
                  "Directory imports are resolved from (default: derived from "
                  "the first file's ruleset id)");
  cmd->add_option("-o,--output", args->output,
                  "Where to write the bundle (`-` for standard output)")
      ->required();
  cmd->add_option("--source-root", args->source_root,
                  "Write source-map paths relative to this directory");
  cmd->add_flag("--pretty", args->pretty, "Indent the bundle JSON");
  cmd->add_option("--format", args->format, "Diagnostics as text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", args->color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--no-warn", args->no_warn,
                  "Drop warnings with this code (repeatable)");
  cmd->add_flag("--werror", args->werror, "Treat warnings as errors");
  cmd->callback([args, &exit_code] { exit_code = RunCompile(*args); });
}

}  // namespace bylaw::cli
