// `bylaw serve (--bundle B | PATH...) [--listen HOST:PORT] [--watch]
// [--log FILE] [--token-file F] [--threads N] [--max-body BYTES]`: the
// decision service (docs/serve.md, bylaw/serve/server.h). Loads the rules,
// listens (loopback by default), prints `listening on HOST:PORT` on
// standard output once it accepts requests, and serves until SIGTERM or
// SIGINT (exit 0). SIGHUP, and with --watch a change of the bundle or rule
// files, reloads; a reload that fails keeps the old rules serving and says
// why on stderr. Exit 1 when the first load or the listen fails, 2 usage.
#ifndef BYLAW_TOOLS_CLI_SERVE_COMMAND_H_
#define BYLAW_TOOLS_CLI_SERVE_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

void RegisterServeCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_SERVE_COMMAND_H_
