// `bylaw table PATH... --decision NAME [--format md|csv]`: prints decision
// tables for review, as Markdown or CSV, with each row's id and basis and
// the labels of the enum members its cells name. NAME is a table, or a
// decision whose tables (directly or through defs and rules) are printed.
#ifndef BYLAW_TOOLS_CLI_TABLE_COMMAND_H_
#define BYLAW_TOOLS_CLI_TABLE_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterTableCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_TABLE_COMMAND_H_
