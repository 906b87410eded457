// `bylaw check PATH...`: load, parse, resolve and type-check rule files and
// report every diagnostic; `--summary` adds what the rulesets contain.
#ifndef BYLAW_TOOLS_CLI_CHECK_COMMAND_H_
#define BYLAW_TOOLS_CLI_CHECK_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterCheckCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_CHECK_COMMAND_H_
