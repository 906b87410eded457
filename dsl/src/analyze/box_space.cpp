// Box algebra (see box_space.h).
#include "box_space.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "bylaw/dsl/analyzer.h"

namespace bylaw::dsl::analyze_internal {
namespace {

// Rows by position, each with its span (first and last element) on one
// column: finds the first row at or after a position whose span meets a
// given one. A node holds the least first and the greatest last of its
// rows, which prunes runs of rows that lie wholly to one side.
class SpanIndex {
 public:
  SpanIndex(std::vector<std::size_t> first, std::vector<std::size_t> last)
      : n_(first.size()) {
    while (size_ < n_) size_ *= 2;
    lo_.assign(2 * size_, SIZE_MAX);
    hi_.assign(2 * size_, 0);
    for (std::size_t i = 0; i < n_; ++i) {
      lo_[size_ + i] = first[i];
      hi_[size_ + i] = last[i];
    }
    for (std::size_t v = size_; v-- > 1;) {
      lo_[v] = std::min(lo_[2 * v], lo_[2 * v + 1]);
      hi_[v] = std::max(hi_[2 * v], hi_[2 * v + 1]);
    }
  }
  // The first row >= `from` whose span meets [first, last], or n; `visits`
  // counts the nodes looked at.
  std::size_t Find(std::size_t from, std::size_t first, std::size_t last,
                   std::size_t& visits) const {
    if (from >= n_) return n_;
    return Find(1, 0, size_, from, first, last, visits);
  }

 private:
  std::size_t Find(std::size_t v, std::size_t a, std::size_t b,
                   std::size_t from, std::size_t first, std::size_t last,
                   std::size_t& visits) const {
    ++visits;
    if (b <= from || a >= n_ || lo_[v] > last || hi_[v] < first) return n_;
    if (b - a == 1) return a;
    const std::size_t mid = a + (b - a) / 2;
    const std::size_t left = Find(2 * v, a, mid, from, first, last, visits);
    if (left != n_) return left;
    return Find(2 * v + 1, mid, b, from, first, last, visits);
  }

  std::size_t n_;
  std::size_t size_ = 1;
  std::vector<std::size_t> lo_, hi_;
};

std::uint64_t LastWordMask(std::size_t size) {
  const std::size_t rest = size % 64;
  return rest == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << rest) - 1;
}

}  // namespace

Space::Space(const std::vector<std::size_t>& sizes) : sizes_(sizes) {
  for (std::size_t& s : sizes_) {
    if (s == 0) s = 1;
  }
  for (std::size_t s : sizes_) {
    offset_.push_back(total_);
    words_.push_back((s + 63) / 64);
    total_ += words_.back();
  }
}

Box Space::Full() const {
  Box box(total_, 0);
  for (std::size_t j = 0; j < columns(); ++j) FillColumn(box, j);
  return box;
}

Box Space::Empty() const { return Box(total_, 0); }

void Space::Set(Box& box, std::size_t column, std::size_t element,
                bool on) const {
  std::uint64_t& w = box[offset_[column] + element / 64];
  const std::uint64_t bit = std::uint64_t{1} << (element % 64);
  w = on ? (w | bit) : (w & ~bit);
}

bool Space::Has(const Box& box, std::size_t column, std::size_t element) const {
  return (box[offset_[column] + element / 64] >> (element % 64)) & 1;
}

void Space::SetColumn(Box& box, std::size_t column,
                      const std::vector<std::uint64_t>& words,
                      std::size_t count) const {
  const std::size_t n = std::min(count, sizes_[column]);
  for (std::size_t w = 0; w * 64 < n; ++w) {
    const std::size_t rest = n - w * 64;
    const std::uint64_t mask =
        rest >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << rest) - 1;
    std::uint64_t& target = box[offset_[column] + w];
    target = (target & ~mask) | (words[w] & mask);
  }
}

void Space::CopyColumn(Box& box, const Box& from, std::size_t column) const {
  for (std::size_t w = 0; w < words_[column]; ++w) {
    box[offset_[column] + w] = from[offset_[column] + w];
  }
}

void Space::FillColumn(Box& box, std::size_t column) const {
  const std::size_t n = words_[column];
  for (std::size_t w = 0; w < n; ++w) box[offset_[column] + w] = ~std::uint64_t{0};
  box[offset_[column] + n - 1] = LastWordMask(sizes_[column]);
}

void Space::ClearColumn(Box& box, std::size_t column) const {
  for (std::size_t w = 0; w < words_[column]; ++w) box[offset_[column] + w] = 0;
}

bool Space::ColumnEmpty(const Box& box, std::size_t column) const {
  for (std::size_t w = 0; w < words_[column]; ++w) {
    if (box[offset_[column] + w] != 0) return false;
  }
  return true;
}

bool Space::ColumnFull(const Box& box, std::size_t column) const {
  const std::size_t n = words_[column];
  for (std::size_t w = 0; w + 1 < n; ++w) {
    if (box[offset_[column] + w] != ~std::uint64_t{0}) return false;
  }
  const std::uint64_t mask = LastWordMask(sizes_[column]);
  return (box[offset_[column] + n - 1] & mask) == mask;
}

bool Space::IsEmpty(const Box& box) const {
  for (std::size_t j = 0; j < columns(); ++j) {
    if (ColumnEmpty(box, j)) return true;
  }
  return false;
}

bool Space::Intersects(const Box& a, const Box& b) const {
  for (std::size_t j = 0; j < columns(); ++j) {
    bool any = false;
    for (std::size_t w = 0; w < words_[j] && !any; ++w) {
      any = (a[offset_[j] + w] & b[offset_[j] + w]) != 0;
    }
    if (!any) return false;
  }
  return true;
}

bool Space::Contains(const Box& outer, const Box& inner) const {
  for (std::size_t w = 0; w < total_; ++w) {
    if ((inner[w] & ~outer[w]) != 0) return false;
  }
  return true;
}

Box Space::Intersect(const Box& a, const Box& b) const {
  Box out(total_);
  for (std::size_t w = 0; w < total_; ++w) out[w] = a[w] & b[w];
  return out;
}

std::size_t Space::First(const Box& box, std::size_t column) const {
  for (std::size_t w = 0; w < words_[column]; ++w) {
    const std::uint64_t bits = box[offset_[column] + w];
    if (bits != 0) {
      return w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
    }
  }
  return sizes_[column];
}

std::size_t Space::Last(const Box& box, std::size_t column) const {
  for (std::size_t w = words_[column]; w-- > 0;) {
    const std::uint64_t bits = box[offset_[column] + w];
    if (bits != 0) {
      return w * 64 + 63 - static_cast<std::size_t>(__builtin_clzll(bits));
    }
  }
  return sizes_[column];
}

std::vector<std::size_t> Space::Elements(const Box& box,
                                         std::size_t column) const {
  std::vector<std::size_t> out;
  for (std::size_t e = 0; e < sizes_[column]; ++e) {
    if (Has(box, column, e)) out.push_back(e);
  }
  return out;
}

bool Meter::Spend(std::size_t words) {
  if (!exhausted.empty()) return false;
  if (words > work_left) {
    work_left = 0;
    exhausted = "it needs more work than the analysis allows a table";
    return false;
  }
  work_left -= words;
  return true;
}

void Meter::OutOfMemory(std::size_t bytes) {
  if (!exhausted.empty()) return;
  exhausted = "it needs more than " + std::to_string(max_bytes >> 20) +
              " MiB of regions (" + std::to_string(bytes >> 20) +
              " MiB and growing)";
}

std::vector<std::size_t> Space::NarrowColumns(const Box& box) const {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < columns(); ++j) {
    if (!ColumnFull(box, j)) out.push_back(j);
  }
  return out;
}

Space::CoverResult Space::Uncovered(const Box& region,
                                    const std::vector<const Box*>& rows,
                                    std::size_t max_pieces,
                                    std::size_t budget) const {
  const AnalyzeOptions defaults;
  Meter meter(defaults.work_budget, defaults.memory_budget);
  return Uncovered(region, rows, max_pieces, budget, meter);
}

Space::CoverResult Space::Uncovered(const Box& region,
                                    const std::vector<const Box*>& rows,
                                    std::size_t max_pieces, std::size_t budget,
                                    Meter& meter) const {
  CoverResult result;
  if (!meter.ok()) {
    result.complete = false;
    return result;
  }
  if (IsEmpty(region)) return result;
  // Each row is compared only on its narrow columns: a column a row holds
  // whole meets every non-empty piece and never cuts one.
  if (!meter.Spend(rows.size() * total_)) {
    result.complete = false;
    return result;
  }
  std::vector<std::vector<std::size_t>> narrow;
  narrow.reserve(rows.size());
  for (const Box* row : rows) narrow.push_back(NarrowColumns(*row));
  // Rows indexed by their span on the column most of them are narrow on:
  // a piece is compared only with rows whose span there meets its own.
  std::vector<std::size_t> narrow_on(columns(), 0);
  for (const auto& cols : narrow) {
    for (std::size_t j : cols) ++narrow_on[j];
  }
  const std::size_t sweep = static_cast<std::size_t>(
      std::max_element(narrow_on.begin(), narrow_on.end()) - narrow_on.begin());
  std::vector<std::size_t> first, last;
  const bool spans = columns() > 0;
  for (const Box* row : rows) {
    first.push_back(spans ? First(*row, sweep) : 0);
    last.push_back(spans ? Last(*row, sweep) : 0);
  }
  const SpanIndex index(std::move(first), std::move(last));
  // An explicit stack: tables may have thousands of rows, and each row
  // subtracted deepens the split. A piece is a region still to subtract
  // rows[next..] from; a cut is `region` minus rows[next - 1], of which
  // the pieces on narrow columns [column..] are still to be cut (one at a
  // time, so that a row narrow on many columns never holds them all).
  struct Work {
    Box region;
    std::size_t next;
    bool cut;
    std::size_t column;  // cuts: the index into the row's narrow columns
  };
  std::vector<Work> stack;
  stack.push_back({region, 0, false, 0});
  const std::size_t box_bytes = total_ * sizeof(std::uint64_t) + sizeof(Work);
  std::size_t steps = 0;
  auto fail = [&result]() {
    result.complete = false;
    return result;
  };
  while (!stack.empty()) {
    if (stack.size() * box_bytes > meter.max_bytes) {
      meter.OutOfMemory(stack.size() * box_bytes);
      return fail();
    }
    if (stack.back().cut) {
      Work& cut = stack.back();
      const std::size_t r = cut.next - 1;
      const Box& row = *rows[r];
      const std::vector<std::size_t>& cols = narrow[r];
      std::size_t c = cut.column;
      std::size_t seen = 0;
      for (; c < cols.size(); ++c) {
        const std::size_t j = cols[c];
        bool sticks_out = false;
        for (std::size_t w = 0; w < words_[j] && !sticks_out; ++w) {
          const std::size_t i = offset_[j] + w;
          sticks_out = (cut.region[i] & ~row[i]) != 0;
        }
        seen += words_[j];
        if (sticks_out) break;
      }
      if (!meter.Spend(seen)) return fail();
      if (c == cols.size()) {
        // What is left lies inside the row.
        stack.pop_back();
        continue;
      }
      // region \ row = union over columns j (where the region sticks out)
      // of the region narrowed to row on columns < j and to "not row" on j.
      const std::size_t j = cols[c];
      if (!meter.Spend(total_)) return fail();
      Box piece = cut.region;
      for (std::size_t w = 0; w < words_[j]; ++w) {
        const std::size_t i = offset_[j] + w;
        piece[i] = cut.region[i] & ~row[i];
        cut.region[i] &= row[i];
      }
      cut.column = c + 1;
      const std::size_t next = cut.next;
      // Pieces are explored in column order, which keeps the reported
      // regions in a readable order.
      stack.push_back({std::move(piece), next, false, 0});
      continue;
    }
    Work work = std::move(stack.back());
    stack.pop_back();
    if (++steps > budget) return fail();
    const std::size_t piece_first = spans ? First(work.region, sweep) : 0;
    const std::size_t piece_last = spans ? Last(work.region, sweep) : 0;
    std::size_t seen = spans ? 2 * words_[sweep] : 0;
    std::size_t r = work.next;
    for (;; ++r) {
      r = index.Find(r, piece_first, piece_last, seen);
      if (r == rows.size()) break;
      bool meets = true;
      for (std::size_t j : narrow[r]) {
        bool any = false;
        for (std::size_t w = 0; w < words_[j] && !any; ++w) {
          any = (work.region[offset_[j] + w] & (*rows[r])[offset_[j] + w]) != 0;
        }
        seen += words_[j];
        if (!any) {
          meets = false;
          break;
        }
      }
      seen += 1;
      if (meets) break;
    }
    if (!meter.Spend(seen)) return fail();
    if (r == rows.size()) {
      result.uncovered.push_back(std::move(work.region));
      if (result.uncovered.size() >= max_pieces) return result;
      continue;
    }
    const Box& row = *rows[r];
    bool inside = true;
    for (std::size_t j : narrow[r]) {
      for (std::size_t w = 0; w < words_[j] && inside; ++w) {
        const std::size_t i = offset_[j] + w;
        inside = (work.region[i] & ~row[i]) == 0;
      }
      if (!inside) break;
    }
    if (inside) continue;
    stack.push_back({std::move(work.region), r + 1, true, 0});
  }
  return result;
}

void Space::Merge(std::vector<Box>& boxes) const {
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t a = 0; a < boxes.size() && !changed; ++a) {
      for (std::size_t b = a + 1; b < boxes.size() && !changed; ++b) {
        // Differ in at most one column?
        std::size_t differing = columns();
        bool mergeable = true;
        for (std::size_t j = 0; j < columns() && mergeable; ++j) {
          for (std::size_t w = 0; w < words_[j]; ++w) {
            const std::size_t i = offset_[j] + w;
            if (boxes[a][i] != boxes[b][i]) {
              if (differing != columns() && differing != j) mergeable = false;
              differing = j;
              break;
            }
          }
        }
        if (!mergeable) continue;
        if (differing != columns()) {
          for (std::size_t w = 0; w < words_[differing]; ++w) {
            boxes[a][offset_[differing] + w] |= boxes[b][offset_[differing] + w];
          }
        }
        boxes.erase(boxes.begin() + static_cast<std::ptrdiff_t>(b));
        changed = true;
      }
    }
  }
}

}  // namespace bylaw::dsl::analyze_internal
