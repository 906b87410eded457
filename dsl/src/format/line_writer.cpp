// Line output with comments put back in place (see line_writer.h).
#include "line_writer.h"

#include <algorithm>

namespace bylaw::dsl::format_internal {
namespace {

std::string TrimRight(std::string_view text) {
  std::size_t end = text.find_last_not_of(" \t\r\f\v");
  return end == std::string_view::npos ? std::string()
                                       : std::string(text.substr(0, end + 1));
}

}  // namespace

LineWriter::LineWriter(std::string_view source,
                       const std::vector<Comment>& comments)
    : source_(source), comments_(comments) {}

bool LineWriter::NewlineBetween(std::uint32_t from, std::uint32_t to) const {
  if (from >= to || to > source_.size()) return from < to;
  return source_.substr(from, to - from).find('\n') != std::string_view::npos;
}

bool LineWriter::BlankBetween(std::uint32_t from, std::uint32_t to) const {
  if (from >= to || to > source_.size()) return false;
  // A blank line is two newlines with only whitespace between them.
  int newlines = 0;
  for (std::uint32_t i = from; i < to; ++i) {
    char c = source_[i];
    if (c == '\n') {
      if (++newlines == 2) return true;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
      newlines = 0;
    }
  }
  return false;
}

void LineWriter::Emit(int indent, const std::string& text,
                      std::uint32_t begin, Blank& blank, bool allow_blank) {
  bool want = false;
  if (blank == Blank::kForce) {
    want = true;
  } else if (blank == Blank::kKeep && have_end_) {
    want = BlankBetween(last_end_, begin);
  }
  if (want && allow_blank && !lines_.empty() && !lines_.back().empty()) {
    lines_.emplace_back();
  }
  // Only the first thing of a Line() call follows the caller's rule.
  blank = Blank::kKeep;
  std::string pad(indent, ' ');
  std::string line = text.empty() ? std::string() : pad;
  for (char c : text) {
    line += c;
    // Continuation lines of a multi-line expression keep the indentation.
    if (c == '\n') line += pad;
  }
  lines_.push_back(std::move(line));
}

void LineWriter::FlushBefore(std::uint32_t limit, int indent, Blank& blank) {
  while (next_comment_ < comments_.size() &&
         comments_[next_comment_].range.begin < limit) {
    const Comment& c = comments_[next_comment_++];
    std::string text = TrimRight(c.text);
    bool trailing = anchor_line_ >= 0 && have_end_ &&
                    c.range.begin >= last_end_ &&
                    !NewlineBetween(last_end_, c.range.begin);
    if (trailing) {
      lines_[static_cast<std::size_t>(anchor_line_)] += "  " + text;
    } else {
      Emit(indent, text, c.range.begin, blank, true);
    }
    have_end_ = true;
    last_end_ = std::max(last_end_, c.range.end);
    anchor_line_ = -1;
  }
}

void LineWriter::Line(int indent, std::string text, SourceRange range,
                      Blank blank, bool closing) {
  if (range.valid()) {
    FlushBefore(range.end, closing ? indent + 2 : indent, blank);
  }
  std::uint32_t begin = range.valid() ? range.begin : last_end_;
  Emit(indent, text, begin, blank, !closing);
  if (range.valid()) {
    have_end_ = true;
    last_end_ = range.end;
    anchor_line_ = static_cast<long>(lines_.size()) - 1;
  }
}

std::string LineWriter::Finish() {
  Blank blank = Blank::kKeep;
  FlushBefore(static_cast<std::uint32_t>(-1), 0, blank);
  std::string out;
  for (const std::string& line : lines_) {
    out += TrimRight(line);
    out += '\n';
  }
  return out;
}

}  // namespace bylaw::dsl::format_internal
