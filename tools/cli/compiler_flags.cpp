// Shared compiler flags (see compiler_flags.h).
#include "compiler_flags.h"

#include <iostream>

#include "bylaw/dsl/diagnostic_render.h"

namespace bylaw::cli {

void AddCompilerFlags(CLI::App& cmd, CompilerFlags& flags, bool with_format) {
  cmd.add_option("paths", flags.paths,
                 "Rule files, or directories searched for *.bylaw")
      ->required();
  cmd.add_option("--root", flags.root,
                 "Directory imports are resolved from (default: derived from "
                 "the first file's ruleset id)");
  if (with_format) {
    cmd.add_option("--format", flags.format, "Diagnostics as text or json")
        ->check(CLI::IsMember({"text", "json"}));
  }
  cmd.add_option("--color", flags.color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_option("--no-warn", flags.no_warn,
                 "Drop warnings with this code (repeatable)");
  cmd.add_flag("--werror", flags.werror, "Treat warnings as errors");
}

dsl::Compiler MakeCompiler(const CompilerFlags& flags) {
  dsl::CompilerBuilder builder;
  builder.SetRoot(flags.root).WarningsAsErrors(flags.werror);
  for (const std::string& code : flags.no_warn) builder.DisableWarning(code);
  return std::move(builder).Build();
}

void PrintDiagnostics(const std::vector<dsl::Diagnostic>& diagnostics,
                      const dsl::SourceManager& sources,
                      const CompilerFlags& flags, std::ostream& json_out) {
  if (flags.format == "json") {
    json_out << dsl::RenderJson(diagnostics, sources) << "\n";
    return;
  }
  dsl::RenderOptions options;
  options.color = UseColor(flags.color);
  std::cerr << dsl::RenderText(diagnostics, sources, options);
}

}  // namespace bylaw::cli
