// Internal to dsl/src/format (public API: bylaw/dsl/formatter.h).
//
// Collects the formatter's output line by line and puts the source's
// comments back in place. Each line may carry the source range it stands
// for; before a line is written, every comment that starts before the end
// of that range is flushed:
//   - a comment on the same source line as the end of the previous
//     anchored line stays at the end of that line (a trailing comment);
//   - any other comment gets a line of its own, indented like the line it
//     precedes (a leading comment). Comments inside a construct that the
//     formatter puts on one line move above it.
// Blank lines are never copied; a line (or its first leading comment) gets
// one blank line before it when the caller forces it, or, where the caller
// allows it, when the author left at least one blank line there.
#ifndef BYLAW_DSL_SRC_FORMAT_LINE_WRITER_H_
#define BYLAW_DSL_SRC_FORMAT_LINE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::format_internal {

enum class Blank {
  kNever,  // no blank line before this line or its comments
  kKeep,   // a blank line where the author had one
  kForce,  // always one blank line (unless at the start of the file)
};

class LineWriter {
 public:
  // `source` and `comments` must outlive the writer.
  LineWriter(std::string_view source, const std::vector<Comment>& comments);

  // Writes `text` indented by `indent` spaces. `range` may be invalid (the
  // line then flushes no comments). `blank` applies to whatever comes first:
  // a leading comment or the line; later ones keep the author's blank lines.
  // A `closing` line (a `}`) never gets a blank line and its leading
  // comments are indented one level deeper, as the block's last items.
  void Line(int indent, std::string text, SourceRange range, Blank blank,
            bool closing = false);

  // Flushes the comments after the last line; returns the text, which ends
  // with exactly one newline (or is empty).
  std::string Finish();

 private:
  void FlushBefore(std::uint32_t limit, int indent, Blank& blank);
  void Emit(int indent, const std::string& text, std::uint32_t begin,
            Blank& blank, bool allow_blank);
  bool BlankBetween(std::uint32_t from, std::uint32_t to) const;
  bool NewlineBetween(std::uint32_t from, std::uint32_t to) const;

  std::string_view source_;
  const std::vector<Comment>& comments_;
  std::size_t next_comment_ = 0;
  std::vector<std::string> lines_;
  // End of the last emitted thing in the source, when known.
  bool have_end_ = false;
  std::uint32_t last_end_ = 0;
  // The line a trailing comment would attach to, or -1.
  long anchor_line_ = -1;
};

}  // namespace bylaw::dsl::format_internal

#endif  // BYLAW_DSL_SRC_FORMAT_LINE_WRITER_H_
