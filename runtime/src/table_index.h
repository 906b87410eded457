// Decision-table matching: the cell predicate (the reference meaning of a
// normalised unary test), per-column index construction, and the indexed
// match that intersects row bitsets. Public API: bylaw/runtime.h.
#ifndef BYLAW_RUNTIME_SRC_TABLE_INDEX_H_
#define BYLAW_RUNTIME_SRC_TABLE_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <utility>

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

// Builds `table.columns`, `dynamic_columns`, `dated_rows`, `words` and
// `row_outputs` from its rows (already in hit order, and no longer moved).
// Cells must be static in indexed columns.
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

// The ordered key of a numeric value on kDecimalScale, saturated to the
// int64 range (boundaries lie strictly inside it, so a saturated value
// falls in the same outermost segment as the true one); nullopt for a
// value that is not a number.
inline std::optional<std::int64_t> NumericKey(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kDecimal:
    case ValueKind::kPercent:
      return v.scaled_value();  // already on the scale
    case ValueKind::kInt: {
      std::int64_t key;
      if (!__builtin_mul_overflow(v.int_value(), kDecimalScale, &key)) return key;
      constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
      return v.int_value() > 0 ? kMax : -kMax;
    }
    default:
      return std::nullopt;
  }
}

// The segment class of `key` among the k sorted boundaries `b` (followed by
// padding, see ColumnIndex::bounds): 2i below b[i] (2k above the last),
// 2i+1 on b[i]. Short lists, the usual case, are counted four at a time
// without branches; the padding never counts.
inline std::uint32_t SegmentClass(const std::int64_t* b, std::size_t k, std::int64_t key) {
  std::size_t i;
  if (k <= 32) {
    std::size_t n0 = 0, n1 = 0, n2 = 0, n3 = 0;
    for (std::size_t j = 0; j < k; j += 4) {
      n0 += static_cast<std::size_t>(b[j] < key);
      n1 += static_cast<std::size_t>(b[j + 1] < key);
      n2 += static_cast<std::size_t>(b[j + 2] < key);
      n3 += static_cast<std::size_t>(b[j + 3] < key);
    }
    i = n0 + n1 + n2 + n3;
  } else {
    i = static_cast<std::size_t>(std::lower_bound(b, b + k, key) - b);
  }
  // b[k] is padding, so b[i] is always readable.
  const std::size_t on = static_cast<std::size_t>(b[i] == key) & static_cast<std::size_t>(i < k);
  return static_cast<std::uint32_t>(2 * i + on);
}

// The row bitset (`table.words` words) of indexed column `c` for `v`, or
// nullptr when the column must be checked row by row for this value (scan
// columns, or a value of an unexpected kind). Inlined: it runs once per
// column per evaluation.
[[gnu::always_inline]] inline const std::uint64_t* LookupColumn(const Table& t, std::uint32_t c, const Value& v) {
  const ColumnIndex& col = t.columns[c];
  std::uint32_t k;
  switch (col.kind) {
    case ColumnIndex::Kind::kEnum:
      if (v.kind() == ValueKind::kEnum && v.enum_type() == col.enum_type) {
        k = v.enum_index();
        break;
      }
      if (v.is_null()) return col.bits.data() + std::size_t{col.none} * t.words;
      return nullptr;
    case ColumnIndex::Kind::kBool:
      if (v.kind() == ValueKind::kBool) {
        k = v.bool_value() ? 1 : 0;
        break;
      }
      if (v.is_null()) return col.bits.data() + std::size_t{col.none} * t.words;
      return nullptr;
    case ColumnIndex::Kind::kMatter:
      if (v.kind() == ValueKind::kMatter) {
        k = v.enum_index();
        break;
      }
      if (v.is_null()) return col.bits.data() + std::size_t{col.none} * t.words;
      return nullptr;
    case ColumnIndex::Kind::kOrdered: {
      std::optional<std::int64_t> key;
      if (col.date) {
        if (v.kind() == ValueKind::kDate) key = v.date_value();
      } else {
        key = NumericKey(v);
      }
      if (!key) {
        if (v.is_null()) return col.bits.data() + std::size_t{col.none} * t.words;
        return nullptr;
      }
      k = SegmentClass(col.bounds.data(), col.nbounds, *key);
      break;
    }
    case ColumnIndex::Kind::kText: {
      if (v.kind() != ValueKind::kText) {
        if (v.is_null()) return col.bits.data() + std::size_t{col.none} * t.words;
        return nullptr;
      }
      auto it = col.text_slots.find(v.text());
      k = it == col.text_slots.end() ? col.other : it->second;
      break;
    }
    default:
      return nullptr;
  }
  if (k >= col.none) return nullptr;  // none is the last class
  return col.bits.data() + std::size_t{k} * t.words;
}

namespace table_index_internal {
// ANDs N bitsets a word at a time (unrolled: N is a constant) and hands
// every nonzero word to `on_word` until it returns false.
template <typename OnWord, std::size_t... I>
inline void ScanWordsImpl(const std::uint64_t* const* p, std::uint32_t words, OnWord& on_word,
                          std::index_sequence<I...>) {
  const std::uint64_t* const q[] = {p[I]...};
  for (std::uint32_t w = 0; w < words; ++w) {
    const std::uint64_t x = (q[I][w] & ...);
    if (x && !on_word(w, x)) return;
  }
}
template <int N, typename OnWord>
inline void ScanWords(const std::uint64_t* const* p, std::uint32_t words, OnWord& on_word) {
  ScanWordsImpl(p, words, on_word, std::make_index_sequence<N>{});
}
}  // namespace table_index_internal

// Calls `visit(row)` for every row (position in hit order) accepted by all
// static columns and in force on `as_of`, in hit order, until `visit`
// returns false. `inputs[c]` points at the value of input column c.
// Dynamic columns are left to `visit`. This is the hot path: the indexed
// columns' bitsets are ANDed one 64-row word at a time (unrolled for up to 8
// columns), and only the surviving candidates are checked further, so
// a first hit costs the words before it plus one count-trailing-zeros.
template <typename Visit>
void ForEachMatch(const Table& t, const Value* const* inputs, std::int64_t as_of,
                  Visit&& visit) {
  constexpr std::uint32_t kInline = 8;
  const std::uint32_t ncols = static_cast<std::uint32_t>(t.columns.size());
  const std::uint64_t* inline_ptrs[kInline];
  std::uint32_t inline_scans[kInline];
  std::vector<const std::uint64_t*> heap_ptrs;
  std::vector<std::uint32_t> heap_scans;
  const std::uint64_t** ptrs = inline_ptrs;
  std::uint32_t* scans = inline_scans;
  if (ncols > kInline) [[unlikely]] {
    heap_ptrs.resize(ncols);
    heap_scans.resize(ncols);
    ptrs = heap_ptrs.data();
    scans = heap_scans.data();
  }
  std::uint32_t np = 0, ns = 0;
  for (std::uint32_t c = 0; c < ncols; ++c) {
    if (t.columns[c].dynamic) continue;
    const std::uint64_t* b = LookupColumn(t, c, *inputs[c]);
    if (b) {
      ptrs[np++] = b;
    } else {
      scans[ns++] = c;
    }
  }
  const bool dated = !t.dated_rows.empty();
  const std::uint32_t nrows = static_cast<std::uint32_t>(t.rows.size());
  const std::uint32_t words = t.words;
  // Visits the candidate rows of word `w` (bits `x`); false stops.
  auto on_word = [&](std::uint32_t w, std::uint64_t x) {
    if (w + 1 == words && nrows % 64 != 0) x &= (std::uint64_t{1} << (nrows % 64)) - 1;
    while (x) {
      const std::uint32_t row = w * 64 + static_cast<std::uint32_t>(__builtin_ctzll(x));
      x &= x - 1;
      if (dated || ns != 0) [[unlikely]] {
        const Row& r = t.rows[row];
        if (dated && !r.effective.Contains(as_of)) continue;
        bool ok = true;
        for (std::uint32_t i = 0; i < ns && ok; ++i) {
          ok = CellMatches(r.cells[scans[i]], *inputs[scans[i]], &LiteralResolver, nullptr);
        }
        if (!ok) continue;
      }
      if (!visit(row)) return false;
    }
    return true;
  };
  switch (np) {
    case 1: table_index_internal::ScanWords<1>(ptrs, words, on_word); return;
    case 2: table_index_internal::ScanWords<2>(ptrs, words, on_word); return;
    case 3: table_index_internal::ScanWords<3>(ptrs, words, on_word); return;
    case 4: table_index_internal::ScanWords<4>(ptrs, words, on_word); return;
    case 5: table_index_internal::ScanWords<5>(ptrs, words, on_word); return;
    case 6: table_index_internal::ScanWords<6>(ptrs, words, on_word); return;
    case 7: table_index_internal::ScanWords<7>(ptrs, words, on_word); return;
    case 8: table_index_internal::ScanWords<8>(ptrs, words, on_word); return;
    default:
      for (std::uint32_t w = 0; w < words; ++w) {
        std::uint64_t x = ~std::uint64_t{0};
        for (std::uint32_t i = 0; i < np && x; ++i) x &= ptrs[i][w];
        if (x && !on_word(w, x)) return;
      }
  }
}

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_TABLE_INDEX_H_
