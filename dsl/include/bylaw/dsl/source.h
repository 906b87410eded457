// Source text and locations for the bylaw compiler.
//
// A SourceManager owns every file of a compilation. Each SourceFile keeps its
// text and line-start offsets so that locations are computed once and files
// are never re-read. A SourceRange is a file id plus a half-open byte range;
// it is what AST nodes and diagnostics carry.
//
//   SourceManager sources;
//   FileId id = sources.Add("rules.bylaw", text);
//   LineCol at = sources.file(id).LineColAt(offset);   // 1-based
//
// SourceManager is not thread-safe; a compilation runs on one thread.
#ifndef BYLAW_DSL_SOURCE_H_
#define BYLAW_DSL_SOURCE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::dsl {

using FileId = std::int32_t;
inline constexpr FileId kNoFile = -1;

// A half-open byte range [begin, end) in one file. Ranges compare equal
// regardless of position when AST nodes are compared (see ast.h).
struct SourceRange {
  FileId file = kNoFile;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  // The smallest range covering both; both must be in the same file.
  SourceRange Join(const SourceRange& other) const;
};

// A position as people and tools count it: the 1-based line, and the
// 1-based column in three units. `column` counts characters (Unicode code
// points), what diagnostics, bundles' source maps and traces report
// (`南通.bylaw:3:5`); `byte_column` counts UTF-8 bytes (for slicing the
// line); `utf16_column` counts UTF-16 code units (what the Language Server
// Protocol uses). SourceFile::LineColAt is the one place that converts
// between them; the caret under a diagnostic is placed by display width
// when rendering (diagnostic_render.h).
struct LineCol {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t byte_column = 0;
  std::uint32_t utf16_column = 0;
};

class SourceFile {
 public:
  SourceFile(FileId id, std::string path, std::string text);

  FileId id() const { return id_; }
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  LineCol LineColAt(std::uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view Line(std::uint32_t line) const;
  std::uint32_t line_count() const {
    return static_cast<std::uint32_t>(line_starts_.size());
  }
  std::string_view Slice(const SourceRange& range) const;

 private:
  FileId id_;
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

class SourceManager {
 public:
  // Takes ownership of the text. Returns the new file's id. References to
  // earlier files stay valid.
  FileId Add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return files_.at(id); }
  std::size_t size() const { return files_.size(); }

 private:
  std::deque<SourceFile> files_;
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_SOURCE_H_
