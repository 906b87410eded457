// `bylaw lsp` (see lsp_command.h).
#include "lsp_command.h"

#include <iostream>
#include <memory>

#include "server.h"

namespace bylaw::cli {

void RegisterLspCommand(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "lsp", "Serve the Language Server Protocol on stdin/stdout (for editors)");
  auto options = std::make_shared<bylaw::lsp::ServeOptions>();
  auto stdio = std::make_shared<bool>(true);
  // Editors' clients pass `--stdio`; it is the only transport.
  cmd->add_flag("--stdio", *stdio, "Use stdin/stdout (the default and only transport)");
  cmd->add_option("--max-message-bytes", options->max_message_bytes,
                  "Refuse larger messages (default 64 MiB)");
  cmd->callback([options, stdio, &exit_code] {
    std::ios::sync_with_stdio(false);
    exit_code = bylaw::lsp::Serve(std::cin, std::cout, *options);
  });
}

}  // namespace bylaw::cli
