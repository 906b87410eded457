// `bylaw compile PATH... [--root DIR] -o bundle.json`: check rule files
// and, when they are clean, lower them to a sealed Bundle (docs/bundle.md)
// for the runtime to load.
#ifndef BYLAW_TOOLS_CLI_COMPILE_COMMAND_H_
#define BYLAW_TOOLS_CLI_COMPILE_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

// Adds the `compile` subcommand. Exit codes: 0 written, 1 diagnostics with
// errors (nothing is written) or the output could not be written, 2 usage.
void RegisterCompileCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_COMPILE_COMMAND_H_
