// An external merge sort of (id, line, payload) entries by (id bytewise,
// line): entries are kept in memory up to a bounded run, each full run is
// sorted and spilled to a file, and Merge streams all runs back in order
// through a k-way merge. Memory stays at one run whatever the input size.
// Internal to bylaw_plan (the assessor sorts a shard's assessments with it).
#ifndef BYLAW_PLAN_SRC_SORTED_SPILL_H_
#define BYLAW_PLAN_SRC_SORTED_SPILL_H_

#include <cstdint>
#include <functional>
#include <memory>
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
  // Seals, then calls `emit` for every entry in (id, line) order; stops at
  // the first error `emit` returns. The runs stay, for Open.
  Status Stream(const Emit& emit);
  // Stream, once, after the last Add and after every taken run was
  // written; then the runs are removed.
  Status Merge(const Emit& emit);

  // The entries in (id, line) order, pulled one at a time. The views are
  // valid until the next call of Next.
  class Cursor {
   public:
    virtual ~Cursor() = default;
    // False at the end. Errors kIoError.
    virtual Result<bool> Next(std::string_view* id, std::int64_t* line,
                              std::string_view* payload) = 0;
  };
  // Ends adding: the last entries are sorted, and written to a run file
  // unless everything fits in one run (then they stay in memory). Call once,
  // after the last Add and after every taken run was written; then Open as
  // often as needed (the plan reads the entries in several passes instead
  // of merging them into a file first). The runs stay until destruction.
  Status Seal();
  // A new cursor at the first entry; after Seal. The spill must outlive it.
  Result<std::unique_ptr<Cursor>> Open() const;

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
