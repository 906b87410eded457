// `bylaw lsp`: the language server (tools/lsp/server.h) on stdin/stdout,
// for editors (docs/editors.md). Logs go to stderr only; stdout carries
// the protocol.
#ifndef BYLAW_TOOLS_CLI_LSP_COMMAND_H_
#define BYLAW_TOOLS_CLI_LSP_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

// Adds the `lsp` subcommand; its callback serves one session and stores
// its exit code (0 after `shutdown` then `exit`) in `exit_code`.
void RegisterLspCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_LSP_COMMAND_H_
