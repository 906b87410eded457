// `bylaw completion bash|zsh|fish`: prints a shell completion script made
// from the command line's own tree of subcommands and options, so that it
// lists exactly what the parser accepts (installed by `cmake --install`
// under share/bash-completion, share/zsh and share/fish).
#ifndef BYLAW_TOOLS_CLI_COMPLETION_COMMAND_H_
#define BYLAW_TOOLS_CLI_COMPLETION_COMMAND_H_

#include <string>

#include "command.h"

namespace bylaw::cli {

// The script for `shell` ("bash", "zsh" or "fish") completing `app` and its
// subcommands; empty for another shell.
std::string RenderCompletion(const CLI::App& app, const std::string& shell);

// Adds the `completion` subcommand, which completes `app` as it stands when
// the command line is parsed (register it with the others; the tree is
// read at run time, so order does not matter).
void RegisterCompletionCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_COMPLETION_COMMAND_H_
