// `bylaw compile` (see compile_command.h).
#include "compile_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/lower.h"
#include "bylaw/files/atomic_file.h"
#include "bylaw/runtime.h"
#include "compiler_flags.h"
#include "facts_input.h"

namespace bylaw::cli {
namespace {

struct CompileArgs {
  CompilerFlags compiler;
  std::string output = "-";
  std::string source_root;
  bool pretty = false;
  // `--sign-key KEY.pem`: sign the bundle (docs/bundle.md, 1.4).
  std::string sign_key;
};

int RunCompile(const CompileArgs& args) {
  const CompilerFlags& flags = args.compiler;
  std::string sign_key;
  if (!args.sign_key.empty()) {
    if (args.pretty) {
      std::cerr << "bylaw compile: --sign-key writes the canonical form; leave out --pretty\n";
      return kExitUsage;
    }
    if (!ReadText(args.sign_key, &sign_key)) {
      std::cerr << "bylaw compile: cannot read signing key `" << args.sign_key << "`\n";
      return kExitUsage;
    }
  }
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
  std::string text = lowered.bundle + "\n";
  std::string signer;
  if (!sign_key.empty()) {
    runtime::Result<std::string> signed_bundle = runtime::SignBundle(lowered.bundle, sign_key);
    if (!signed_bundle.ok()) {
      PrintError("compile", signed_bundle.error(), std::cerr);
      return kExitErrors;
    }
    text = *signed_bundle + "\n";
    signer = ", signed";
  }
  if (args.output == "-") {
    std::cout << text;
  } else {
    // Atomically, so that a host watching the path for hot reload never
    // sees half a bundle, and a full disk leaves nothing behind.
    runtime::Status written = files::WriteFileAtomically(args.output, text);
    if (!written.ok()) {
      std::cerr << "bylaw compile: " << written.error().message << "\n";
      return kExitErrors;
    }
  }
  if (flags.format == "text" && args.output != "-") {
    std::cerr << "ok: wrote " << args.output << " (" << lowered.hash << signer << ", "
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
  cmd->add_option("--sign-key", args->sign_key,
                  "Sign the bundle with this Ed25519 private key (PEM, openssl genpkey -algorithm ed25519)")
      ->check(CLI::ExistingFile);
  cmd->callback([args, &exit_code] { exit_code = RunCompile(*args); });
}

}  // namespace bylaw::cli
