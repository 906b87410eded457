// The flags every verb that compiles rule files shares: the paths, --root,
// --format, --color, --no-warn and --werror; building the Compiler they
// describe and printing its diagnostics the way they ask.
#ifndef BYLAW_TOOLS_CLI_COMPILER_FLAGS_H_
#define BYLAW_TOOLS_CLI_COMPILER_FLAGS_H_

#include <ostream>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"
#include "command.h"

namespace bylaw::cli {

struct CompilerFlags {
  std::vector<std::string> paths;
  std::string root;
  std::string format = "text";  // diagnostics as text (stderr) or json
  std::string color = "auto";
  std::vector<std::string> no_warn;
  bool werror = false;
};

// Adds the shared flags to `cmd`; `flags` must outlive the parse. A verb
// whose own output has a `--format` passes `with_format = false`; its
// diagnostics are then text.
void AddCompilerFlags(CLI::App& cmd, CompilerFlags& flags, bool with_format = true);

dsl::Compiler MakeCompiler(const CompilerFlags& flags);

// Text goes to stderr with carets; json goes to `json_out` as one array
// (stdout for `check`, stderr where stdout carries the verb's own output).
void PrintDiagnostics(const std::vector<dsl::Diagnostic>& diagnostics,
                      const dsl::SourceManager& sources,
                      const CompilerFlags& flags, std::ostream& json_out);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_COMPILER_FLAGS_H_
