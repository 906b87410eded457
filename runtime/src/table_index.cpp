// Decision-table indexes and matching (see table_index.h).
//
// Every index is built by evaluating CellMatches on one representative value
// per equivalence class of inputs, so the index agrees with the predicate
// by construction:
// - enum, bool and matter columns ("direct"): one bitset per member;
// - int, decimal, percent and date columns ("ordered"): the sorted distinct
//   constants b[0] < ... < b[k-1] cut the line into 2k+1 segments (below
//   b[0], b[0], between b[0] and b[1], b[1], ..., above b[k-1]); every test
//   is constant on a segment, so one bitset per segment suffices and a
//   lookup is a binary search;
// - text columns with equality tests only: a hash map plus an `other` set.
// Anything else (durations, text ranges, cells that read params) is checked
// row by row on the candidates that survive the indexed columns.
#include "table_index.h"

#include <algorithm>
#include <limits>

namespace bylaw::runtime::runtime_internal {
namespace {

using K = TypeDesc::Kind;

bool IsNumeric(ValueKind k) {
  return k == ValueKind::kInt || k == ValueKind::kDecimal || k == ValueKind::kPercent;
}

__int128 NumericScaled(const Value& v) {
  return v.kind() == ValueKind::kInt ? static_cast<__int128>(v.int_value()) * kDecimalScale
                                     : static_cast<__int128>(v.scaled_value());
}

bool Ordered(const TypeDesc* t) {
  return t->kind == K::kInt || t->kind == K::kDecimal || t->kind == K::kPercent ||
         t->kind == K::kDate;
}

// The ordered key of a value of an ordered column; nullopt when the value
// is of another kind.
std::optional<std::int64_t> OrderedKey(const TypeDesc* t, const Value& v) {
  if (t->kind == K::kDate) {
    if (v.kind() == ValueKind::kDate) return v.date_value();
    return std::nullopt;
  }
  if (v.kind() == ValueKind::kDecimal || v.kind() == ValueKind::kPercent) {
    return v.scaled_value();  // already on the scale, no widening needed
  }
  if (!IsNumeric(v.kind())) return std::nullopt;
  const __int128 s = NumericScaled(v);
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  // Saturate: boundaries are checked to lie strictly inside the range, so a
  // saturated value falls in the same (outermost) segment as the true one.
  if (s >= kMax) return kMax;
  if (s <= -kMax) return -kMax;
  return static_cast<std::int64_t>(s);
}

Value Representative(const TypeDesc* t, std::int64_t key) {
  switch (t->kind) {
    case K::kDate: return Value::Date(key);
    case K::kPercent: return Value::PercentScaled(key);
    case K::kInt:
      if (key % kDecimalScale == 0) return Value::Int(key / kDecimalScale);
      return Value::DecimalScaled(key);
    default: return Value::DecimalScaled(key);
  }
}

void SetBit(Bits* b, std::uint32_t i) { (*b)[i >> 6] |= std::uint64_t{1} << (i & 63); }

bool RowInForce(const Row& r, std::int64_t as_of) { return r.effective.Contains(as_of); }

}  // namespace

const Bits* LookupColumn(const Table& t, std::uint32_t c, const Value& v) {
  const ColumnIndex& col = t.columns[c];
  if (v.kind() == ValueKind::kNull && col.kind != ColumnIndex::Kind::kScan) {
    return &col.none;
  }
  switch (col.kind) {
    case ColumnIndex::Kind::kDirect: {
      std::uint32_t idx;
      const TypeDesc* type = t.input_types[c];
      if (type->kind == K::kBool && v.kind() == ValueKind::kBool) {
        idx = v.bool_value() ? 1 : 0;
      } else if (type->kind == K::kEnum && v.kind() == ValueKind::kEnum &&
                 v.enum_type() == type->enum_type) {
        idx = v.enum_index();
      } else if (type->kind == K::kMatter && v.kind() == ValueKind::kMatter) {
        idx = v.enum_index();
      } else {
        return nullptr;
      }
      if (idx >= col.bits.size()) return nullptr;
      return &col.bits[idx];
    }
    case ColumnIndex::Kind::kOrdered: {
      auto key = OrderedKey(t.input_types[c], v);
      if (!key) return nullptr;
      const auto it = std::lower_bound(col.bounds.begin(), col.bounds.end(), *key);
      const std::size_t i = static_cast<std::size_t>(it - col.bounds.begin());
      if (it != col.bounds.end() && *it == *key) return &col.bits[2 * i + 1];
      return &col.bits[2 * i];
    }
    case ColumnIndex::Kind::kText: {
      if (v.kind() != ValueKind::kText) return nullptr;
      auto it = col.text_slots.find(v.text());
      return it == col.text_slots.end() ? &col.other : &col.bits[it->second];
    }
    case ColumnIndex::Kind::kScan:
      return nullptr;
  }
  return nullptr;
}

const Value& LiteralResolver(const Node* node, void*) { return node->constant; }

std::optional<int> CompareValues(const Value& a, const Value& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (IsNumeric(a.kind()) && IsNumeric(b.kind())) {
    return cmp(NumericScaled(a), NumericScaled(b));
  }
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case ValueKind::kDate: return cmp(a.date_value(), b.date_value());
    case ValueKind::kDuration:
      if (a.duration_months() != b.duration_months()) {
        return cmp(a.duration_months(), b.duration_months());
      }
      return cmp(a.duration_days(), b.duration_days());
    case ValueKind::kText: return cmp(a.text().compare(b.text()), 0);
    case ValueKind::kEnum:
      if (a.enum_type() != b.enum_type()) return std::nullopt;
      return cmp(a.enum_index(), b.enum_index());
    case ValueKind::kBool: return cmp(a.bool_value(), b.bool_value());
    default: return std::nullopt;
  }
}

bool ValuesEqual(const Value& a, const Value& b) { return a == b; }

bool CellMatches(const Cell& cell, const Value& v, ConstResolver resolve, void* ctx) {
  if (cell.any) return true;
  bool hit = false;
  for (const Node* e : cell.eq) {
    if (ValuesEqual(v, resolve(e, ctx))) {
      hit = true;
      break;
    }
  }
  if (!hit && !v.is_null()) {
    for (const Range& r : cell.ranges) {
      bool in = true;
      if (r.low) {
        auto c = CompareValues(v, resolve(r.low, ctx));
        in = c && (*c > 0 || (*c == 0 && r.low_closed));
      }
      if (in && r.high) {
        auto c = CompareValues(v, resolve(r.high, ctx));
        in = c && (*c < 0 || (*c == 0 && r.high_closed));
      }
      if (in) {
        hit = true;
        break;
      }
    }
  }
  return hit != cell.negate;
}

void BuildIndex(Table* t, const Model& model) {
  const std::uint32_t n = static_cast<std::uint32_t>(t->rows.size());
  t->words = (n + 63) / 64;
  t->columns.assign(t->inputs.size(), {});
  t->dynamic_columns.clear();
  t->dated_rows.clear();
  for (std::uint32_t r = 0; r < n; ++r) {
    if (!t->rows[r].effective.always) t->dated_rows.push_back(r);
  }
  for (std::uint32_t c = 0; c < t->inputs.size(); ++c) {
    ColumnIndex& col = t->columns[c];
    const TypeDesc* type = t->input_types[c];
    auto bits_for = [&](const Value& rep) {
      Bits b(t->words, 0);
      for (std::uint32_t r = 0; r < n; ++r) {
        if (CellMatches(t->rows[r].cells[c], rep, &LiteralResolver, nullptr)) SetBit(&b, r);
      }
      return b;
    };
    bool dynamic = false;
    bool has_ranges = false;
    for (const Row& row : t->rows) {
      dynamic = dynamic || row.cells[c].dynamic;
      has_ranges = has_ranges || !row.cells[c].ranges.empty();
    }
    if (dynamic) {
      col.kind = ColumnIndex::Kind::kScan;
      col.dynamic = true;
      t->dynamic_columns.push_back(c);
      continue;
    }
    col.none = bits_for(Value::Null());
    if (type->kind == K::kEnum || type->kind == K::kBool || type->kind == K::kMatter) {
      col.kind = ColumnIndex::Kind::kDirect;
      if (type->kind == K::kBool) {
        col.bits.push_back(bits_for(Value::Bool(false)));
        col.bits.push_back(bits_for(Value::Bool(true)));
      } else if (type->kind == K::kEnum) {
        for (std::uint32_t m = 0; m < type->enum_type->members.size(); ++m) {
          col.bits.push_back(bits_for(Value::Enum(type->enum_type, m)));
        }
      } else {
        for (const Matter& m : model.matters) col.bits.push_back(bits_for(Value::Matter(&m)));
      }
      continue;
    }
    if (Ordered(type)) {
      std::vector<std::int64_t> bounds;
      bool ok = true;
      constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() - 2;
      auto add = [&](const Node* node) {
        if (node->constant.is_null()) return;  // handled by `none`
        auto key = OrderedKey(type, node->constant);
        if (!key || *key <= -kLimit || *key >= kLimit) {
          ok = false;
          return;
        }
        bounds.push_back(*key);
      };
      for (const Row& row : t->rows) {
        for (const Node* e : row.cells[c].eq) add(e);
        for (const Range& r : row.cells[c].ranges) {
          if (r.low) add(r.low);
          if (r.high) add(r.high);
        }
      }
      if (ok) {
        std::sort(bounds.begin(), bounds.end());
        bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
        col.kind = ColumnIndex::Kind::kOrdered;
        const std::size_t k = bounds.size();
        for (std::size_t i = 0; i <= k; ++i) {
          // Segment below bounds[i] (or above the last bound when i == k).
          std::int64_t rep;
          if (k == 0) rep = 0;
          else if (i == 0) rep = bounds[0] - 1;
          else if (i == k) rep = bounds[k - 1] + 1;
          else rep = bounds[i - 1] + static_cast<std::int64_t>(
                         (static_cast<std::uint64_t>(bounds[i]) -
                          static_cast<std::uint64_t>(bounds[i - 1])) / 2);
          // When bounds[i] == bounds[i-1] + 1 the segment is empty and no
          // key ever lands in it, so its bits do not matter.
          col.bits.push_back(bits_for(Representative(type, rep)));
          if (i < k) col.bits.push_back(bits_for(Representative(type, bounds[i])));
        }
        col.bounds = std::move(bounds);
        continue;
      }
    }
    if (type->kind == K::kText && !has_ranges) {
      col.kind = ColumnIndex::Kind::kText;
      for (const Row& row : t->rows) {
        for (const Node* e : row.cells[c].eq) {
          if (e->constant.kind() != ValueKind::kText) continue;
          if (col.text_slots.count(e->constant.text())) continue;
          col.text_slots.emplace(e->constant.text(),
                                 static_cast<std::uint32_t>(col.bits.size()));
          col.bits.push_back(bits_for(e->constant));
        }
      }
      // A text equal to no constant: only `-` and negated cells accept it.
      col.other.assign(t->words, 0);
      for (std::uint32_t r = 0; r < n; ++r) {
        const Cell& cell = t->rows[r].cells[c];
        if (cell.any || cell.negate) SetBit(&col.other, r);
      }
      continue;
    }
    col.kind = ColumnIndex::Kind::kScan;
  }
}

void MatchIndexed(const Table& t, const Value* inputs, std::int64_t as_of, Bits* out) {
  out->assign(t.words, 0);
  std::vector<const Value*> refs(t.columns.size());
  for (std::size_t c = 0; c < refs.size(); ++c) refs[c] = &inputs[c];
  ForEachMatch(t, refs.data(), as_of, [&](std::uint32_t row) {
    SetBit(out, row);
    return true;
  });
}

std::vector<std::uint32_t> MatchNaive(const Table& t, const Value* inputs,
                                      std::int64_t as_of) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t r = 0; r < t.rows.size(); ++r) {
    const Row& row = t.rows[r];
    if (!RowInForce(row, as_of)) continue;
    bool all = true;
    for (std::uint32_t c = 0; c < row.cells.size() && all; ++c) {
      all = CellMatches(row.cells[c], inputs[c], &LiteralResolver, nullptr);
    }
    if (all) out.push_back(r);
  }
  return out;
}

}  // namespace bylaw::runtime::runtime_internal
