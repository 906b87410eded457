// Lines of a JSON Lines file (register, roster, assessments), with their
// line numbers; a final line without a newline counts. Lines are bounded:
// a longer one is read past without being kept. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_LINE_READER_H_
#define BYLAW_PLAN_SRC_LINE_READER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace bylaw::plan::plan_internal {

// Owns the file; not thread-safe.
class LineReader {
 public:
  // Takes ownership of `file`. Lines longer than `max_line_bytes` (without
  // the newline) are not returned whole: see overlong().
  explicit LineReader(std::FILE* file, std::size_t max_line_bytes = std::size_t{16} << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its `\n` (and `\r`): true, or false at the end or
  // on a read error (see failed()). A line over the limit returns true with
  // `*line` empty and overlong() set: every caller must check it.
  bool Next(std::string* line);
  // The number of the line last returned (1-based).
  std::int64_t line() const { return line_; }
  bool failed() const { return failed_; }
  // Whether the line last returned was over the limit (its bytes were
  // skipped, not kept), and the limit.
  bool overlong() const { return overlong_; }
  std::size_t max_line_bytes() const { return max_; }
  // Back to the start of the file.
  bool Rewind();

 private:
  bool Fill();

  std::FILE* file_;
  std::size_t max_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  std::int64_t line_ = 0;
  bool failed_ = false;
  bool overlong_ = false;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_LINE_READER_H_
