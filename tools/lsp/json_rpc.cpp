// Content-Length framing (see json_rpc.h).
#include "json_rpc.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace bylaw::lsp {
namespace {

// Header lines are short; a longer one is not a header.
constexpr std::size_t kMaxHeaderLine = 1024;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<Message> MessageReader::Next() {
  std::optional<std::size_t> length;
  std::string error;
  bool any_header = false;
  for (;;) {
    std::string line;
    char c = 0;
    bool eol = false;
    while (in_.get(c)) {
      if (c == '\n') {
        eol = true;
        break;
      }
      if (line.size() < kMaxHeaderLine) line.push_back(c);
    }
    if (!eol) return std::nullopt;  // end of input, mid-header or not
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      error = "malformed header line";
      continue;
    }
    if (Lower(line.substr(0, colon)) != "content-length") continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      error = "bad Content-Length";
      continue;
    }
    length = n;
  }
  Message m;
  if (!length) {
    m.error = error.empty() ? "missing Content-Length" : error;
    return m;
  }
  if (*length > max_body_) {
    // Skipped by reads of exactly what remains: istream::ignore may wait
    // for a byte past the end, which the client sends only after our reply.
    char chunk[4096];
    for (std::size_t left = *length; left > 0 && in_;) {
      const std::size_t n = std::min(left, sizeof chunk);
      in_.read(chunk, static_cast<std::streamsize>(n));
      left -= static_cast<std::size_t>(in_.gcount());
    }
    m.error = "message of " + std::to_string(*length) + " bytes exceeds the limit of " +
              std::to_string(max_body_);
    return m;
  }
  m.body.resize(*length);
  in_.read(m.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::size_t>(in_.gcount()) != *length) return std::nullopt;
  if (!error.empty()) {
    m.error = error;
    m.body.clear();
  }
  return m;
}

void WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace bylaw::lsp
