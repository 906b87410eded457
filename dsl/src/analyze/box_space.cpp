// Box algebra (see box_space.h).
#include "box_space.h"

#include <utility>

namespace bylaw::dsl::analyze_internal {
namespace {

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

std::vector<std::size_t> Space::Elements(const Box& box,
                                         std::size_t column) const {
  std::vector<std::size_t> out;
  for (std::size_t e = 0; e < sizes_[column]; ++e) {
    if (Has(box, column, e)) out.push_back(e);
  }
  return out;
}

Space::CoverResult Space::Uncovered(const Box& region,
                                    const std::vector<const Box*>& rows,
                                    std::size_t max_pieces,
                                    std::size_t budget) const {
  CoverResult result;
  if (IsEmpty(region)) return result;
  // An explicit stack: tables may have thousands of rows, and each row
  // subtracted deepens the split.
  struct Work {
    Box region;
    std::size_t next;
  };
  std::vector<Work> stack;
  stack.push_back({region, 0});
  std::size_t steps = 0;
  while (!stack.empty()) {
    Work work = std::move(stack.back());
    stack.pop_back();
    if (++steps > budget) {
      result.complete = false;
      return result;
    }
    std::size_t r = work.next;
    while (r < rows.size() && !Intersects(work.region, *rows[r])) ++r;
    if (r == rows.size()) {
      result.uncovered.push_back(std::move(work.region));
      if (result.uncovered.size() >= max_pieces) return result;
      continue;
    }
    const Box& row = *rows[r];
    if (Contains(row, work.region)) continue;
    // region \ row = union over columns j (where the region sticks out) of
    // the region narrowed to row on columns < j and to "not row" on j.
    Box prefix = work.region;
    std::vector<Work> pieces;
    for (std::size_t j = 0; j < columns(); ++j) {
      bool sticks_out = false;
      for (std::size_t w = 0; w < words_[j]; ++w) {
        const std::size_t i = offset_[j] + w;
        if ((prefix[i] & ~row[i]) != 0) sticks_out = true;
      }
      if (!sticks_out) continue;
      Box piece = prefix;
      for (std::size_t w = 0; w < words_[j]; ++w) {
        const std::size_t i = offset_[j] + w;
        piece[i] = prefix[i] & ~row[i];
        prefix[i] &= row[i];
      }
      pieces.push_back({std::move(piece), r + 1});
    }
    // Pushed in reverse so that pieces are explored in column order, which
    // keeps the reported regions in a readable order.
    for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
      stack.push_back(std::move(*it));
    }
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
