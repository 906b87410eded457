// The register read in two steps, so that the assessor can read rows on one
// thread and check them on several: NextRaw splits the file into raw rows
// (serial), Decode checks a raw row against the schema and writes its facts
// (const, thread-safe). RegisterReader (inputs.h) is the two steps in a row.
// Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_REGISTER_SOURCE_H_
#define BYLAW_PLAN_SRC_REGISTER_SOURCE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bylaw/plan/inputs.h"
#include "csv.h"

namespace bylaw::plan::plan_internal {

// A row as read from the file, not yet checked.
struct RawRow {
  std::int64_t line = 0;
  std::string malformed;  // non-empty: the row could not even be split
  CsvRecord csv;          // CSV
  std::string text;       // JSONL: the line
};

class RegisterSource {
 public:
  virtual ~RegisterSource() = default;
  // By the extension of `path`: `.csv`, `.jsonl`, `.ndjson`. CSV reads and
  // checks the header. Errors kIoError, kBadInput.
  static Result<std::unique_ptr<RegisterSource>> Open(const std::string& path,
                                                      const RegisterSchema& schema,
                                                      const InputLimits& limits = {});
  // The next raw row: true, false at the end; errors only kIoError.
  virtual Result<bool> NextRaw(RawRow* raw) = 0;
  // Checks `raw` and fills `*row`. Error kBadRow (`FILE:LINE: field ...`).
  virtual Status Decode(const RawRow& raw, RegisterRow* row) const = 0;
  // The row's id without checking the row, when the format makes that
  // cheap (a CSV cell); nullopt otherwise (JSONL) or when there is none.
  virtual std::optional<std::string_view> CheapId(const RawRow& raw) const = 0;
  // The row's id as far as it can be read from a bad row, for deciding which
  // shard owns (reports) it; nullopt when unreadable or empty.
  virtual std::optional<std::string> OwnerId(const RawRow& raw) const = 0;
  const std::string& path() const { return path_; }

 protected:
  explicit RegisterSource(std::string path) : path_(std::move(path)) {}
  // `FILE:LINE: `
  std::string At(std::int64_t line) const { return path_ + ":" + std::to_string(line) + ": "; }
  std::string path_;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_REGISTER_SOURCE_H_
