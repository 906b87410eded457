// Positions and URIs (see positions.h).
#include "positions.h"

#include <cctype>

#include "bylaw/base/utf8.h"

namespace bylaw::lsp {

nlohmann::json PositionOf(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 0;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {{"line", line},
          {"character", base::Utf16Length(text.substr(line_start, offset - line_start))}};
}

nlohmann::json RangeOf(std::string_view text, std::size_t begin, std::size_t end) {
  return {{"start", PositionOf(text, begin)}, {"end", PositionOf(text, end)}};
}

std::size_t OffsetOf(std::string_view text, std::size_t line, std::size_t character) {
  std::size_t start = 0;
  for (std::size_t l = 0; l < line; ++l) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return text.size();
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  std::string_view row = text.substr(start, end - start);
  if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
  return start + base::Utf8OffsetOfUtf16(row, character);
}

std::string PathOfUri(const std::string& uri) {
  const std::string scheme = "file://";
  if (uri.compare(0, scheme.size(), scheme) != 0) return {};
  std::string path;
  for (std::size_t i = scheme.size(); i < uri.size(); ++i) {
    const int hi = i + 2 < uri.size() ? base::HexDigit(uri[i + 1]) : -1;
    const int lo = i + 2 < uri.size() ? base::HexDigit(uri[i + 2]) : -1;
    if (uri[i] == '%' && hi >= 0 && lo >= 0) {
      path.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      path.push_back(uri[i]);
    }
  }
  return path;
}

std::string UriOfPath(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri.push_back(static_cast<char>(c));
    } else {
      uri.push_back('%');
      uri.push_back(kHex[c >> 4]);
      uri.push_back(kHex[c & 15]);
    }
  }
  return uri;
}

}  // namespace bylaw::lsp
