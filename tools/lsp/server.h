// `bylaw lsp`: a Language Server Protocol server for rule files, built on
// the compiler's public API (bylaw/dsl/*.h) with the editor's buffers held
// in memory (Compiler::Check over MemorySource).
//
//   return bylaw::lsp::Serve(std::cin, std::cout);  // until `exit`
//
// Supported: initialize, shutdown, exit; didOpen, didChange (full text),
// didClose (a burst of changes already waiting on the input is checked
// once, when the input runs dry or a query comes); publishDiagnostics for the whole ruleset of the file (every
// `.bylaw` file of its directory, with its imports); hover, definition,
// references, documentSymbol, completion and formatting (the `bylaw fmt`
// formatter). Positions are UTF-16 code units, as the protocol requires.
// Bad input (malformed JSON, unknown methods, oversized messages) gets a
// JSON-RPC error response; nothing thrown reaches the caller.
#ifndef BYLAW_TOOLS_LSP_SERVER_H_
#define BYLAW_TOOLS_LSP_SERVER_H_

#include <cstddef>
#include <istream>
#include <ostream>

namespace bylaw::lsp {

struct ServeOptions {
  // Larger messages are refused (and skipped) with an error response.
  std::size_t max_message_bytes = std::size_t{64} << 20;
};

// Serves one session; returns the process exit code (0 after shutdown and
// exit, 1 when the input ended or `exit` came without `shutdown`).
int Serve(std::istream& in, std::ostream& out, const ServeOptions& options = {});

}  // namespace bylaw::lsp

#endif  // BYLAW_TOOLS_LSP_SERVER_H_
