// `bylaw diff`: placeholder registration, replaced by the real verb.
#ifndef BYLAW_TOOLS_CLI_DIFF_COMMAND_H_
#define BYLAW_TOOLS_CLI_DIFF_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterDiffCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_DIFF_COMMAND_H_
