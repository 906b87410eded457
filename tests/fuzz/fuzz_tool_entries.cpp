// The entry functions of the `bylaw serve` and `bylaw lsp` fuzz targets
// (fuzz_entries.h): raw request bytes through the HTTP handling of
// serve::Server (Server::FUZZING_ONLY_Handle, no socket) and through a
// whole LSP session (lsp::Serve over string streams).
#include <cstdlib>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_entries.h"
#include "server.h"  // tools/lsp
#ifdef BYLAW_FUZZ_SERVE
#include "bylaw/serve/server.h"
#endif

namespace bylaw::fuzzing {
namespace {

using nlohmann::json;

// The end of the CRLF-terminated line at `pos`; npos if there is none.
std::size_t LineEnd(std::string_view text, std::size_t pos) { return text.find("\r\n", pos); }

}  // namespace

#ifdef BYLAW_FUZZ_SERVE
std::string CheckServe(std::string_view input) {
  static serve::Server* server = [] {
    auto* s = new serve::Server(serve::ServerOptions{}, [] {
      return runtime::Result<std::shared_ptr<const runtime::Rulebook>>(ShippedBundle().book);
    });
    if (!s->Reload().ok()) std::abort();
    return s;
  }();
  std::string response;
  try {
    response = server->FUZZING_ONLY_Handle(input);
  } catch (const std::exception& e) {
    return std::string("exception: ") + e.what();
  } catch (...) {
    return "unknown exception";
  }
  // Nothing read (an empty or cut request line): the connection just ends.
  if (response.empty()) return "";
  const std::string_view r = response;
  std::size_t eol = LineEnd(r, 0);
  if (r.rfind("HTTP/1.1 ", 0) != 0 || eol == std::string_view::npos || eol < 12) {
    return "bad status line: " + std::string(r.substr(0, 80));
  }
  const int status = std::atoi(std::string(r.substr(9, 3)).c_str());
  if (status < 100 || status > 599) return "bad status " + std::string(r.substr(9, 3));
  if (status >= 500) return "5xx for client input: " + std::string(r.substr(0, eol));
  std::string type;
  long length = -1;
  std::size_t pos = eol + 2;
  while (true) {
    eol = LineEnd(r, pos);
    if (eol == std::string_view::npos) return "headers not ended by an empty line";
    if (eol == pos) break;
    const std::string_view line = r.substr(pos, eol - pos);
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0) return "bad header: " + std::string(line);
    const std::string name(line.substr(0, colon));
    const std::string value(line.substr(colon + 2));
    if (name == "Content-Type") type = value;
    if (name == "Content-Length") length = std::atol(value.c_str());
    pos = eol + 2;
  }
  const std::string_view body = r.substr(eol + 2);
  // A HEAD answer has the headers of a GET and no body (httplib takes HEAD
  // from malformed request lines too, so any request naming it may get one).
  if (body.empty() && input.find("HEAD") != std::string_view::npos) return "";
  if (length >= 0 && static_cast<std::size_t>(length) != body.size()) {
    return "Content-Length " + std::to_string(length) + " but a body of " +
           std::to_string(body.size()) + " bytes";
  }
  if (type.rfind("application/json", 0) == 0 && !json::accept(body)) {
    return "body is not JSON: " + std::string(body.substr(0, 200));
  }
  if (type.rfind("application/x-ndjson", 0) == 0) {
    std::size_t from = 0;
    while (from < body.size()) {
      std::size_t nl = body.find('\n', from);
      if (nl == std::string_view::npos) nl = body.size();
      if (!json::accept(body.substr(from, nl - from))) {
        return "batch line is not JSON: " + std::string(body.substr(from, 200));
      }
      from = nl + 1;
    }
  }
  return "";
}
#endif

namespace {

// The input's message bodies (what follows each blank line, up to the next
// `Content-Length`) framed again with their true lengths, so that mutated
// bodies reach the JSON-RPC dispatch and not only the framing.
std::string Reframe(std::string_view input) {
  std::string out;
  std::size_t pos = input.find("\r\n\r\n");
  while (pos != std::string_view::npos) {
    const std::size_t begin = pos + 4;
    const std::size_t next = input.find("Content-Length", begin);
    const std::string_view body =
        input.substr(begin, next == std::string_view::npos ? std::string_view::npos : next - begin);
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    pos = next == std::string_view::npos ? next : input.find("\r\n\r\n", next);
  }
  return out;
}

std::string CheckSession(std::string_view input) {
  std::istringstream in{std::string(input)};
  std::ostringstream out;
  lsp::ServeOptions options;
  options.max_message_bytes = 1 << 20;
  try {
    lsp::Serve(in, out, options);
  } catch (const std::exception& e) {
    return std::string("exception: ") + e.what();
  } catch (...) {
    return "unknown exception";
  }
  // Every answer is a framed JSON-RPC 2.0 message.
  const std::string text = out.str();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n\r\n", pos);
    if (end == std::string::npos) return "output header not ended: " + text.substr(pos, 80);
    const std::string header = text.substr(pos, end - pos);
    const std::string key = "Content-Length: ";
    if (header.rfind(key, 0) != 0) return "output header without Content-Length: " + header;
    const std::size_t length = std::strtoul(header.c_str() + key.size(), nullptr, 10);
    if (end + 4 + length > text.size()) return "output body shorter than its Content-Length";
    const std::string body = text.substr(end + 4, length);
    const json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded() || !message.is_object()) return "output is not a JSON object: " + body.substr(0, 200);
    if (!message.contains("jsonrpc") || message["jsonrpc"] != "2.0") return "output without jsonrpc 2.0: " + body.substr(0, 200);
    pos = end + 4 + length;
  }
  return "";
}

}  // namespace

std::string CheckLsp(std::string_view input) {
  std::string error = CheckSession(input);
  if (error.empty()) error = CheckSession(Reframe(input));
  return error;
}

}  // namespace bylaw::fuzzing
