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
#include <vector>

namespace bylaw::dsl::analyze_internal {

using Box = std::vector<std::uint64_t>;

class Space {
 public:
  // `sizes[j]` is the number of elements of column j (at least 1).
  explicit Space(const std::vector<std::size_t>& sizes);

  std::size_t columns() const { return sizes_.size(); }
  std::size_t size(std::size_t column) const { return sizes_[column]; }

  // The box with every element of every column.
  Box Full() const;
  // The box with no element.
  Box Empty() const;
  // Adds (or with on = false removes) one element of one column.
  void Set(Box& box, std::size_t column, std::size_t element,
           bool on = true) const;
  bool Has(const Box& box, std::size_t column, std::size_t element) const;
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
  // Elements of `column` in `box`, in order.
  std::vector<std::size_t> Elements(const Box& box, std::size_t column) const;

  struct CoverResult {
    std::vector<Box> uncovered;  // disjoint pieces no row covers
    bool complete = true;        // false when the step budget ran out
  };
  // The parts of `region` that none of `rows` covers, as disjoint boxes,
  // at most `max_pieces` of them (stops early once reached). Each split of
  // a region counts one step against `budget`.
  CoverResult Uncovered(const Box& region, const std::vector<const Box*>& rows,
                        std::size_t max_pieces, std::size_t budget) const;

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
