// Source files and line/column lookup (see bylaw/dsl/source.h).
#include "bylaw/dsl/source.h"

#include <algorithm>

namespace bylaw::dsl {

SourceRange SourceRange::Join(const SourceRange& other) const {
  if (!valid()) return other;
  if (!other.valid()) return *this;
  return SourceRange{file, std::min(begin, other.begin),
                     std::max(end, other.end)};
}

SourceFile::SourceFile(FileId id, std::string path, std::string text)
    : id_(id), path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineCol SourceFile::LineColAt(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, text_.size());
  // INVARIANT: line_starts_ is sorted and starts with 0.
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::uint32_t start = line_starts_[line - 1];
  // Characters start at every byte that is not a continuation byte; one
  // of four bytes (a code point above U+FFFF) is two UTF-16 units. An
  // offset inside a character counts that character as begun.
  std::uint32_t chars = 0, units = 0;
  for (std::uint32_t i = start; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    ++chars;
    units += c >= 0xF0 ? 2 : 1;
  }
  return LineCol{line, chars + 1, offset - start + 1, units + 1};
}

std::string_view SourceFile::Line(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size()
                          ? line_starts_[line] - 1
                          : static_cast<std::uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

std::string_view SourceFile::Slice(const SourceRange& range) const {
  std::uint32_t begin = std::min<std::uint32_t>(range.begin, text_.size());
  std::uint32_t end = std::clamp<std::uint32_t>(range.end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

FileId SourceManager::Add(std::string path, std::string text) {
  auto id = static_cast<FileId>(files_.size());
  files_.emplace_back(id, std::move(path), std::move(text));
  return id;
}

}  // namespace bylaw::dsl
