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

// Not thread-safe, except that a full run taken out by TakeRun may be
// written by WriteRun on another thread while entries are added. Run files
// go to `dir` (which must exist) and are removed by Merge and by the
// destructor.
class SortedSpill {
  struct Entry {
    std::size_t offset;  // of the id in the arena; the payload follows it
    std::uint32_t id_size;
    std::uint32_t payload_size;
    std::int64_t line;
  };

 public:
  // A full run on its way to its file.
  class Run {
   public:
    // Sorts the run and writes it to its file. Error kIoError.
    Status Write();

   private:
    friend class SortedSpill;
    std::string arena;
    std::vector<Entry> entries;
    std::string path;
  };

  // `run_rows` >= 1 entries per run.
  SortedSpill(std::string dir, std::size_t run_rows);
  ~SortedSpill();
  SortedSpill(const SortedSpill&) = delete;
  SortedSpill& operator=(const SortedSpill&) = delete;

  // Adds an entry. True when the run is now full: take it with TakeRun and
  // Write it (possibly outside the lock that serialises Add).
  bool Add(std::string_view id, std::int64_t line, std::string_view payload);
  // The entries added since the last TakeRun, as a run with its own file.
  // The next run starts with the buffers of a written run given back by
  // Recycle, or with room for as many bytes as this one.
  Run TakeRun();
  // Gives back a written run's buffers (Write keeps their capacity), so
  // that each run does not grow its arena from nothing again, copying and
  // faulting in fresh pages under the lock that serialises Add.
  void Recycle(Run run);

  using Emit = std::function<Status(std::string_view id, std::int64_t line, std::string_view payload)>;
  // Calls `emit` for every entry in (id, line) order; stops at the first
  // error `emit` returns. Call once, after the last Add and after every
  // taken run was written.
  Status Merge(const Emit& emit);

  std::size_t spilled_runs() const { return run_paths_.size(); }
  std::size_t size() const { return total_; }

 private:
  static void Sort(const std::string& arena, std::vector<Entry>* entries);
  void RemoveRuns();

  std::string dir_;
  std::size_t run_rows_;
  Run current_;
  Run spare_;  // a written run's buffers, empty
  std::vector<std::string> run_paths_;
  std::size_t total_ = 0;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_SORTED_SPILL_H_
