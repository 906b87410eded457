// An assessment as RunPlan's sorted runs hold it (assessed_runs.h): a
// compact binary record instead of its assessments.jsonl line, because the
// runs are written once and read by every pass of finalize, and the JSON
// line (its keys, quotes and the basis texts that cite laws, repeated for
// every enterprise) is most of their bytes and of the time to read them.
// The texts that recur across enterprises (matter ids, departments, methods,
// rule ids, basis texts, regions, ...) are stored once in RecordStrings and
// referred to by index; the name is stored inline. The record never leaves
// the process that wrote it (native byte order, indexes into its table).
// Internal to bylaw_plan; shards on disk keep the JSON lines.
#ifndef BYLAW_PLAN_SRC_ASSESSMENT_RECORD_H_
#define BYLAW_PLAN_SRC_ASSESSMENT_RECORD_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bylaw/plan/assessment.h"

namespace bylaw::plan::plan_internal {

// Hash and equality over std::string keys that also take string_views, so
// that a lookup does not build a string.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct TextEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

// The recurring texts of a run's records. Intern is thread-safe (the
// assessing workers share one table); At may be called without a lock once
// no Intern can run (after the workers are joined). Bounded: past
// kMaxStrings texts or kMaxBytes bytes nothing more is interned, and the
// writer stores such texts inline, so a ruleset whose outputs are unique per
// enterprise costs bytes, never memory per enterprise.
class RecordStrings {
 public:
  static constexpr std::size_t kMaxStrings = std::size_t{1} << 16;
  static constexpr std::size_t kMaxBytes = std::size_t{16} << 20;
  RecordStrings() = default;
  // A smaller bound (the tests' way to the inline texts).
  RecordStrings(std::size_t max_strings, std::size_t max_bytes)
      : max_strings_(max_strings), max_bytes_(max_bytes) {}
  RecordStrings(const RecordStrings&) = delete;
  RecordStrings& operator=(const RecordStrings&) = delete;

  // The index of `text`, interned now if need be; false when the table is
  // full and does not hold it.
  bool Intern(std::string_view text, std::uint32_t* index);
  // The text at `index`; false when there is none (a corrupt record).
  bool At(std::uint32_t index, std::string_view* text) const;

 private:
  std::mutex mu_;
  std::deque<std::string> texts_;  // stable addresses: At reads without the lock
  std::unordered_map<std::string, std::uint32_t, TextHash, TextEqual> index_;
  std::size_t bytes_ = 0;
  std::size_t max_strings_ = kMaxStrings, max_bytes_ = kMaxBytes;
};

// One assessing worker's view of the table: the indexes it has seen, looked
// up without the table's lock. Not thread-safe: one per worker.
class RecordWriter {
 public:
  explicit RecordWriter(RecordStrings* strings) : strings_(strings) {}
  // Appends the record of `a` to `*out`. The id is not in the record: it is
  // the run entry's key, and ParseAssessmentRecord takes it back from there.
  void Append(const Assessment& a, std::string* out);

 private:
  void Text(std::string_view text, std::string* out);  // by index, or inline
  void Texts(const std::vector<std::string>& texts, std::string* out);

  RecordStrings* strings_;
  std::unordered_map<std::string, std::uint32_t, TextHash, TextEqual> seen_;
};

// What the vectors of an assessment read into gave up when they shrank,
// kept for the next that grows: the passes read every enterprise into
// reused assessments whose needs and lists change size from one enterprise
// to the next, and freeing and allocating their strings again was most of
// the reading. Bounded. One per reading thread.
struct RecordScratch {
  static constexpr std::size_t kMaxKept = 4096;
  std::vector<std::string> texts;
  std::vector<MatterNeed> needs;
};

// Fills `*out` (reusing its storage) from the record RecordWriter::Append
// wrote for the assessment of `id`. False with `*error` when the record is
// not one: its checksum does not match `id` and its bytes (damaged,
// truncated, another entry's), or, past the checksum, as
// ParseCheckedRecord. With AssessmentFields::kSampling only the draw's
// fields are filled (as ParseAssessmentJson); the record is still checked
// whole. With `scratch`, the storage shrinking vectors give up goes there
// and growing ones take it back.
bool ParseAssessmentRecord(std::string_view id, std::string_view record,
                           const RecordStrings& strings, Assessment* out, std::string* error,
                           AssessmentFields fields = AssessmentFields::kAll,
                           RecordScratch* scratch = nullptr);

// The checksum that ends a record: of the id and the record's bytes before
// it. Not cryptographic: it catches damage, not forgery (the runs never
// leave the process's own temporary directory).
std::uint32_t RecordChecksum(std::string_view id, std::string_view body);

// ParseAssessmentRecord of a record without its checksum (`body`): false
// with `*error` when it is truncated, has bytes after its end, an unknown
// version or flag, or an index outside `strings`. Never reads outside
// `body`, whatever its bytes. Exposed for the tests of that promise.
bool ParseCheckedRecord(std::string_view id, std::string_view body, const RecordStrings& strings,
                        Assessment* out, std::string* error,
                        AssessmentFields fields = AssessmentFields::kAll,
                        RecordScratch* scratch = nullptr);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_ASSESSMENT_RECORD_H_
