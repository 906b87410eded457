// RFC 4180 CSV records from a file, for the register and the roster
// (inputs.h): quoted cells with commas, doubled quotes and line breaks; LF
// or CRLF; a UTF-8 BOM at the start is dropped. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_CSV_H_
#define BYLAW_PLAN_SRC_CSV_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/inputs.h"

namespace bylaw::plan::plan_internal {

// One record: its cells (unquoted) stored back to back in `text`.
struct CsvRecord {
  std::int64_t line = 0;            // where the record starts (1-based)
  std::string text;
  std::vector<std::uint32_t> ends;  // cell i is text[ends[i-1], ends[i])

  std::size_t size() const { return ends.size(); }
  std::string_view cell(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(text).substr(begin, ends[i] - begin);
  }
};

// Reads records one by one. Owns the file; not thread-safe.
class CsvReader {
 public:
  enum class Read { kRecord, kEnd, kMalformed, kIoError };
  // Takes ownership of `file` (closed by the destructor). A record or cell
  // over `limits` is kMalformed, its bytes read past but not kept.
  explicit CsvReader(std::FILE* file, const InputLimits& limits = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next record into `*record`. Blank lines are skipped. kMalformed: a
  // quote inside an unquoted cell, text after a closing quote, or a quote
  // left open at the end of the file; `*message` says which, record->line
  // is the record's first line, and the reader has skipped to the end of
  // the line where the fault is, so reading can go on.
  Read Next(CsvRecord* record, std::string* message);

 private:
  int Get();   // next byte or EOF
  int Peek();
  bool Fill();

  std::FILE* file_;
  InputLimits limits_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, len_ = 0;
  std::int64_t line_ = 1;
  bool started_ = false;
  bool error_ = false;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_CSV_H_
