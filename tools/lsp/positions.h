// LSP positions (0-based line, UTF-16 column) and byte offsets of a text,
// and file URIs. Column arithmetic is bylaw/base/utf8.h's.
#ifndef BYLAW_TOOLS_LSP_POSITIONS_H_
#define BYLAW_TOOLS_LSP_POSITIONS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bylaw::lsp {

// {"line": L, "character": C} of byte `offset` in `text`.
nlohmann::json PositionOf(std::string_view text, std::size_t offset);
// {"start": .., "end": ..} of the byte range [begin, end).
nlohmann::json RangeOf(std::string_view text, std::size_t begin, std::size_t end);
// The byte offset of an LSP position (clamped to the line and the text).
std::size_t OffsetOf(std::string_view text, std::size_t line, std::size_t character);

// `file:///a/b%20c.bylaw` -> `/a/b c.bylaw`; empty when not a file URI.
std::string PathOfUri(const std::string& uri);
// The reverse, percent-encoding what a URI path may not hold.
std::string UriOfPath(const std::string& path);

}  // namespace bylaw::lsp

#endif  // BYLAW_TOOLS_LSP_POSITIONS_H_
