// Lines of a JSON Lines file (register, roster, assessments), with their
// line numbers; a final line without a newline counts. Internal to
// bylaw_plan.
#ifndef BYLAW_PLAN_SRC_LINE_READER_H_
#define BYLAW_PLAN_SRC_LINE_READER_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace bylaw::plan::plan_internal {

// Owns the file; not thread-safe.
class LineReader {
 public:
  // Takes ownership of `file`.
  explicit LineReader(std::FILE* file) : file_(file) {}
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its `\n` (and `\r`): true, or false at the end or
  // on a read error (see failed()).
  bool Next(std::string* line);
  // The number of the line last returned (1-based).
  std::int64_t line() const { return line_; }
  bool failed() const { return failed_; }
  // Back to the start of the file.
  bool Rewind();

 private:
  std::FILE* file_;
  char* buf_ = nullptr;
  std::size_t cap_ = 0;
  std::int64_t line_ = 0;
  bool failed_ = false;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_LINE_READER_H_
