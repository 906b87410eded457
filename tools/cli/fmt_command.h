// `bylaw fmt [--check] [--stdout] PATH...`: rewrite rule files in the
// canonical layout (bylaw/dsl/formatter.h).
//
// PATHs are files or directories searched recursively for `*.bylaw`. A file
// with syntax errors is never rewritten: its diagnostics are printed and the
// exit code is 1. Files are replaced atomically (a temporary file in the
// same directory, renamed over the original, keeping its permissions);
// files already canonical are not touched. `--check` writes nothing, lists
// the files that would change and exits 1 if there are any. `--stdout`
// prints the formatted text instead of writing it. A PATH `-` is standard
// input: its formatted text goes to standard output (nothing is written),
// `--check` lists it as `<stdin>`, and diagnostics name it `<stdin>`.
#ifndef BYLAW_TOOLS_CLI_FMT_COMMAND_H_
#define BYLAW_TOOLS_CLI_FMT_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "command.h"

namespace bylaw::cli {

struct FmtArgs {
  std::vector<std::string> paths;
  bool check = false;
  bool to_stdout = false;
  bool color = false;  // ANSI colours in diagnostics
};

// Runs the verb: file lists and formatted text go to `out`, diagnostics and
// messages to `err`. Returns kExitOk, kExitErrors (syntax errors, unreadable
// or unwritable files, or `--check` found files to reformat) or kExitUsage
// (a PATH that does not exist). Separate from the CLI11 wiring for tests.
int RunFmt(const FmtArgs& args, std::ostream& out, std::ostream& err);

// Adds the `fmt` subcommand; its callback stores RunFmt's result in
// `exit_code`.
void RegisterFmtCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_FMT_COMMAND_H_
