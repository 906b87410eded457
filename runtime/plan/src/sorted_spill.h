// An external merge sort of (id, line, payload) entries by (id bytewise,
// line): entries are kept in memory up to a bounded run, each full run is
// sorted and spilled to a file, and Merge streams all runs back in order
// through a k-way merge. Memory stays at one run whatever the input size.
// Internal to bylaw_plan (the assessor sorts a shard's assessments with it).
#ifndef BYLAW_PLAN_SRC_SORTED_SPILL_H_
#define BYLAW_PLAN_SRC_SORTED_SPILL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/inputs.h"

namespace bylaw::plan::plan_internal {

// Not thread-safe. Run files go to `dir` (which must exist) and are removed
// by Merge and by the destructor.
class SortedSpill {
 public:
  // `run_rows` >= 1 entries per run.
  SortedSpill(std::string dir, std::size_t run_rows);
  ~SortedSpill();
  SortedSpill(const SortedSpill&) = delete;
  SortedSpill& operator=(const SortedSpill&) = delete;

  // Adds an entry; spills the run when it is full. Error kIoError.
  Status Add(std::string_view id, std::int64_t line, std::string_view payload);

  using Emit = std::function<Status(std::string_view id, std::int64_t line, std::string_view payload)>;
  // Calls `emit` for every entry in (id, line) order; stops at the first
  // error `emit` returns. Call once, after the last Add.
  Status Merge(const Emit& emit);

  std::size_t spilled_runs() const { return run_paths_.size(); }
  std::size_t size() const { return total_; }

 private:
  struct Entry {
    std::size_t offset;  // of the id in arena_; the payload follows it
    std::uint32_t id_size;
    std::uint32_t payload_size;
    std::int64_t line;
  };
  std::string_view Id(const Entry& e) const { return std::string_view(arena_).substr(e.offset, e.id_size); }
  void SortRun();
  Status Spill();
  void RemoveRuns();

  std::string dir_;
  std::size_t run_rows_;
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::string> run_paths_;
  std::size_t total_ = 0;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_SORTED_SPILL_H_
