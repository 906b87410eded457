// Decision-table matching: the cell predicate (the reference meaning of a
// normalised unary test), per-column index construction, and the indexed
// match that intersects row bitsets. Public API: bylaw/runtime.h.
#ifndef BYLAW_RUNTIME_SRC_TABLE_INDEX_H_
#define BYLAW_RUNTIME_SRC_TABLE_INDEX_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

// Order of two values of comparable kinds (numbers across int, decimal and
// percent; dates; durations; text; enums by position; bools), or nullopt
// when they do not compare.
std::optional<int> CompareValues(const Value& a, const Value& b);

// Equality as table cells and `==` see it.
bool ValuesEqual(const Value& a, const Value& b);

// The constant a cell test refers to (a literal, or a param resolved by the
// evaluator for dynamic cells).
using ConstResolver = const Value& (*)(const Node*, void* ctx);

// Does `cell` accept `v`? This is the definition the index must agree with.
bool CellMatches(const Cell& cell, const Value& v, ConstResolver resolve,
                 void* ctx);

// Whether column `c` has a cell that reads a param.
inline bool IsDynamicColumn(const Table& t, std::uint32_t c) {
  for (std::uint32_t d : t.dynamic_columns) {
    if (d == c) return true;
  }
  return false;
}

// Builds `table.columns`, `dynamic_columns`, `dated_rows` and `words` from
// its rows (already in hit order). Cells must be static in indexed columns.
void BuildIndex(Table* table, const Model& model);

// The bitset of rows accepted by every indexed column for `inputs` (one
// value per input column), with rows not in force on `as_of` cleared.
// Dynamic columns are not applied. `out` is resized to table.words.
void MatchIndexed(const Table& table, const Value* inputs, std::int64_t as_of,
                  Bits* out);

// Reference implementation for tests: every row checked cell by cell
// (static cells only), rows not in force skipped; positions in hit order.
std::vector<std::uint32_t> MatchNaive(const Table& table, const Value* inputs,
                                      std::int64_t as_of);

// The resolver for static cells (their nodes are literals).
const Value& LiteralResolver(const Node* node, void* ctx);

// The row bitset of indexed column `c` for `v`, or nullptr when the column
// must be checked row by row for this value (scan columns, or a value of an
// unexpected kind).
const Bits* LookupColumn(const Table& table, std::uint32_t c, const Value& v);

// Calls `visit(row)` for every row (position in hit order) accepted by all
// static columns and in force on `as_of`, in hit order, until `visit`
// returns false. Dynamic columns are left to `visit`. This is the hot path:
// indexed columns are intersected one 64-row word at a time and only the
// surviving candidates are checked further.
template <typename Visit>
void ForEachMatch(const Table& t, const Value* inputs, std::int64_t as_of,
                  Visit&& visit) {
  constexpr std::uint32_t kInline = 16;
  const std::uint64_t* inline_ptrs[kInline];
  std::uint32_t inline_scans[kInline];
  std::vector<const std::uint64_t*> heap_ptrs;
  std::vector<std::uint32_t> heap_scans;
  const std::uint32_t ncols = static_cast<std::uint32_t>(t.columns.size());
  const std::uint64_t** ptrs = inline_ptrs;
  std::uint32_t* scans = inline_scans;
  if (ncols > kInline) {
    heap_ptrs.resize(ncols);
    heap_scans.resize(ncols);
    ptrs = heap_ptrs.data();
    scans = heap_scans.data();
  }
  std::uint32_t np = 0, ns = 0;
  for (std::uint32_t c = 0; c < ncols; ++c) {
    if (t.columns[c].dynamic) continue;
    const Bits* b = LookupColumn(t, c, inputs[c]);
    if (b) {
      ptrs[np++] = b->data();
    } else {
      scans[ns++] = c;
    }
  }
  const bool dated = !t.dated_rows.empty();
  const std::uint32_t nrows = static_cast<std::uint32_t>(t.rows.size());
  for (std::uint32_t w = 0; w < t.words; ++w) {
    std::uint64_t x = ~std::uint64_t{0};
    for (std::uint32_t i = 0; i < np && x; ++i) x &= ptrs[i][w];
    if (w + 1 == t.words && nrows % 64 != 0) x &= (std::uint64_t{1} << (nrows % 64)) - 1;
    while (x) {
      const std::uint32_t row = w * 64 + static_cast<std::uint32_t>(__builtin_ctzll(x));
      x &= x - 1;
      const Row& r = t.rows[row];
      if (dated && !r.effective.Contains(as_of)) continue;
      bool ok = true;
      for (std::uint32_t i = 0; i < ns && ok; ++i) {
        ok = CellMatches(r.cells[scans[i]], inputs[scans[i]], &LiteralResolver, nullptr);
      }
      if (ok && !visit(row)) return;
    }
  }
}

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_TABLE_INDEX_H_
