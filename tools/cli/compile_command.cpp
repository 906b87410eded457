// `bylaw compile` (see compile_command.h).
#include "compile_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "compiler_flags.h"
#include "bylaw/dsl/lower.h"

namespace bylaw::cli {
namespace {

struct CompileArgs {
  CompilerFlags compiler;
  std::string output = "-";
  std::string source_root;
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

int RunCompile(const CompileArgs& args) {
  const CompilerFlags& flags = args.compiler;
  dsl::CheckResult checked = MakeCompiler(flags).Check(flags.paths);
  PrintDiagnostics(checked.diagnostics, *checked.sources, flags, std::cerr);
  if (!checked.ok() || checked.program == nullptr) {
    if (flags.format == "text") {
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
  PrintDiagnostics(lowered.diagnostics, *checked.sources, flags, std::cerr);
  if (!lowered.ok()) {
    if (flags.format == "text") {
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
  if (flags.format == "text" && args.output != "-") {
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
  AddCompilerFlags(*cmd, args->compiler);
  cmd->add_option("-o,--output", args->output,
                  "Where to write the bundle (`-` for standard output)")
      ->required();
  cmd->add_option("--source-root", args->source_root,
                  "Write source-map paths relative to this directory");
  cmd->add_flag("--pretty", args->pretty, "Indent the bundle JSON");
  cmd->callback([args, &exit_code] { exit_code = RunCompile(*args); });
}

}  // namespace bylaw::cli
