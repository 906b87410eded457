// `bylaw explain (PATH...|--bundle B) --decision NAME --facts FILE|-
// [--as-of DATE] [--root DIR]`: the same evaluation as `bylaw eval`, shown
// as readable text for policy authors and auditors: the outputs, the errors
// that made outputs fail closed, then each step of the trace (rules that
// stood against or were suspended by an except, tables and the rows they
// matched, scorecards, params) with its label (Chinese where the ruleset
// has one), the basis cited and the source file:line.
#ifndef BYLAW_TOOLS_CLI_EXPLAIN_COMMAND_H_
#define BYLAW_TOOLS_CLI_EXPLAIN_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

// Adds the `explain` subcommand. Exit codes as `bylaw eval` without
// --batch: 0 evaluated, 1 bad input, 2 usage.
void RegisterExplainCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_EXPLAIN_COMMAND_H_
