// JSON-RPC 2.0 framing for the language server: `Content-Length` headers
// over a byte stream (the Language Server Protocol's base protocol).
//
//   bylaw::lsp::MessageReader reader(std::cin, 64 << 20);
//   while (auto m = reader.Next()) { ... m->body ... }
//
// Reading never throws; a bad header or an oversized body is reported as a
// Message with `error` set (the body is skipped), so the server can answer
// with a JSON-RPC error and keep reading.
#ifndef BYLAW_TOOLS_LSP_JSON_RPC_H_
#define BYLAW_TOOLS_LSP_JSON_RPC_H_

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace bylaw::lsp {

struct Message {
  std::string body;   // the JSON text, when `error` is empty
  std::string error;  // why the message could not be read
};

class MessageReader {
 public:
  MessageReader(std::istream& in, std::size_t max_body)
      : in_(in), max_body_(max_body) {}
  // The next message; nullopt at end of input.
  std::optional<Message> Next();

 private:
  std::istream& in_;
  std::size_t max_body_;
};

// Writes one framed message and flushes.
void WriteMessage(std::ostream& out, const std::string& body);

}  // namespace bylaw::lsp

#endif  // BYLAW_TOOLS_LSP_JSON_RPC_H_
