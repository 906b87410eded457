// Boxes in a finite product space: the algebra under table analysis.
// Internal to dsl/src/analyze; bylaw/dsl/analyzer.h is the public entry.
//
// A Space has columns, each a finite set of elements (enum members,
// interval segments, none, ...). A Box picks a subset of elements per
// column; it is stored flat as bit words, column after column. A table row
// is a box; an input lies in it when each column's value lies in the
// row's subset. Covering questions ("which inputs does no row match?",
// "is this row covered by earlier ones?") are answered by subtracting row
// boxes from a region and keeping the disjoint remainder, pruning pieces
// that a row contains whole — never by enumerating the cross product.
#ifndef BYLAW_DSL_SRC_ANALYZE_BOX_SPACE_H_
#define BYLAW_DSL_SRC_ANALYZE_BOX_SPACE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bylaw::dsl::analyze_internal {

using Box = std::vector<std::uint64_t>;

// What the questions asked about one table may spend, shared by all of
// them (AnalyzeOptions): work in box words read or written, and the bytes
// of the boxes one question holds at once. Once either runs out the
// analysis of the table stops and says why (`analysis_incomplete`).
struct Meter {
  std::size_t work_left = 0;
  std::size_t max_bytes = 0;
  std::string exhausted;  // why the analysis stopped; empty while it runs

  Meter(std::size_t work, std::size_t bytes) : work_left(work), max_bytes(bytes) {}
  // Counts `words` of work; false (and `exhausted` says so) once over.
  bool Spend(std::size_t words);
  // Records that a question needed more than `max_bytes`.
  void OutOfMemory(std::size_t bytes);
  bool ok() const { return exhausted.empty(); }
};

class Space {
 public:
  // `sizes[j]` is the number of elements of column j (at least 1).
  explicit Space(const std::vector<std::size_t>& sizes);

  std::size_t columns() const { return sizes_.size(); }
  std::size_t size(std::size_t column) const { return sizes_[column]; }
  // Words of one box.
  std::size_t words() const { return total_; }

  // The box with every element of every column.
  Box Full() const;
  // The box with no element.
  Box Empty() const;
  // Adds (or with on = false removes) one element of one column.
  void Set(Box& box, std::size_t column, std::size_t element,
           bool on = true) const;
  bool Has(const Box& box, std::size_t column, std::size_t element) const;
  // Sets elements [0, count) of column `column` of `box` to the bits of
  // `words` (laid out as a box's column); the others are left as they are.
  void SetColumn(Box& box, std::size_t column,
                 const std::vector<std::uint64_t>& words,
                 std::size_t count) const;
  // Replaces column `column` of `box` by that of `from`.
  void CopyColumn(Box& box, const Box& from, std::size_t column) const;
  void FillColumn(Box& box, std::size_t column) const;
  void ClearColumn(Box& box, std::size_t column) const;

  bool ColumnEmpty(const Box& box, std::size_t column) const;
  bool ColumnFull(const Box& box, std::size_t column) const;
  // No input lies in the box (some column is empty).
  bool IsEmpty(const Box& box) const;
  // Some input lies in both.
  bool Intersects(const Box& a, const Box& b) const;
  // Every input of `inner` lies in `outer`.
  bool Contains(const Box& outer, const Box& inner) const;
  Box Intersect(const Box& a, const Box& b) const;
  // The first element of `column` in `box`, or size(column) when empty.
  std::size_t First(const Box& box, std::size_t column) const;
  // The last element of `column` in `box`, or size(column) when empty.
  std::size_t Last(const Box& box, std::size_t column) const;
  // Elements of `column` in `box`, in order.
  std::vector<std::size_t> Elements(const Box& box, std::size_t column) const;

  struct CoverResult {
    std::vector<Box> uncovered;  // disjoint pieces no row covers
    bool complete = true;        // false when a budget ran out
  };
  // The parts of `region` that none of `rows` covers, as disjoint boxes,
  // at most `max_pieces` of them (stops early once reached). Each split of
  // a region counts one step against `budget`; the words read and written
  // count against `meter`, and the boxes held at once against its bytes.
  // Pieces are cut one at a time (a region minus a row is held as the
  // region and the next column to cut at), and a row is compared only on
  // the columns where it is not `-`.
  CoverResult Uncovered(const Box& region, const std::vector<const Box*>& rows,
                        std::size_t max_pieces, std::size_t budget,
                        Meter& meter) const;
  // The same with a meter of its own (the default AnalyzeOptions budgets).
  CoverResult Uncovered(const Box& region, const std::vector<const Box*>& rows,
                        std::size_t max_pieces, std::size_t budget) const;
  // The columns where `box` does not hold every element.
  std::vector<std::size_t> NarrowColumns(const Box& box) const;

  // Merges boxes that differ in one column only, until none do; the
  // union is unchanged. Makes reports read as few regions.
  void Merge(std::vector<Box>& boxes) const;

 private:
  std::vector<std::size_t> sizes_;
  std::vector<std::size_t> offset_;  // first word of each column
  std::vector<std::size_t> words_;   // words of each column
  std::size_t total_ = 0;
};

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_BOX_SPACE_H_
