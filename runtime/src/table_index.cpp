// Decision-table indexes and matching (see table_index.h).
//
// Every index is built by evaluating CellMatches on one representative value
// per equivalence class of inputs, so the index agrees with the predicate
// by construction:
// - enum, bool and matter columns: one bitset per member;
// - int, decimal, percent and date columns ("ordered"): the sorted distinct
//   constants b[0] < ... < b[k-1] cut the line into 2k+1 segments (below
//   b[0], b[0], between b[0] and b[1], b[1], ..., above b[k-1]); every test
//   is constant on a segment, so one bitset per segment suffices and a
//   lookup counts the boundaries below the key;
// - text columns with equality tests only: a hash map plus an `other` set;
// - every indexed column also has a bitset for none.
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
  return NumericKey(v);
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
  t->row_outputs.assign(n, nullptr);
  for (std::uint32_t r = 0; r < n; ++r) {
    if (!t->rows[r].effective.always) t->dated_rows.push_back(r);
    if (!t->rows[r].constant_outputs.is_missing()) t->row_outputs[r] = &t->rows[r].constant_outputs;
  }
  for (std::uint32_t c = 0; c < t->inputs.size(); ++c) {
    ColumnIndex& col = t->columns[c];
    const TypeDesc* type = t->input_types[c];
    // Appends the bitset of the rows accepting `rep` as the next class.
    auto add_class = [&](const Value& rep) {
      const std::size_t at = col.bits.size();
      col.bits.resize(at + t->words, 0);
      for (std::uint32_t r = 0; r < n; ++r) {
        if (CellMatches(t->rows[r].cells[c], rep, &LiteralResolver, nullptr)) {
          col.bits[at + (r >> 6)] |= std::uint64_t{1} << (r & 63);
        }
      }
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
    // After the value classes (their count is `none`), the class of none.
    auto finish = [&] { add_class(Value::Null()); };
    if (type->kind == K::kBool) {
      col.kind = ColumnIndex::Kind::kBool;
      add_class(Value::Bool(false));
      add_class(Value::Bool(true));
      col.none = 2;
      finish();
      continue;
    }
    if (type->kind == K::kEnum) {
      col.kind = ColumnIndex::Kind::kEnum;
      col.enum_type = type->enum_type;
      for (std::uint32_t m = 0; m < type->enum_type->members.size(); ++m) {
        add_class(Value::Enum(type->enum_type, m));
      }
      col.none = static_cast<std::uint32_t>(type->enum_type->members.size());
      finish();
      continue;
    }
    if (type->kind == K::kMatter) {
      col.kind = ColumnIndex::Kind::kMatter;
      for (const Matter& m : model.matters) add_class(Value::Matter(&m));
      col.none = static_cast<std::uint32_t>(model.matters.size());
      finish();
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
        col.date = type->kind == K::kDate;
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
          add_class(Representative(type, rep));
          if (i < k) add_class(Representative(type, bounds[i]));
        }
        col.none = static_cast<std::uint32_t>(2 * k + 1);
        col.nbounds = static_cast<std::uint32_t>(k);
        col.bounds = std::move(bounds);
        col.bounds.resize((k / 4 + 1) * 4, std::numeric_limits<std::int64_t>::max());
        finish();
        continue;
      }
    }
    if (type->kind == K::kText && !has_ranges) {
      col.kind = ColumnIndex::Kind::kText;
      std::uint32_t slots = 0;
      for (const Row& row : t->rows) {
        for (const Node* e : row.cells[c].eq) {
          if (e->constant.kind() != ValueKind::kText) continue;
          if (col.text_slots.count(e->constant.text())) continue;
          col.text_slots.emplace(e->constant.text(), slots++);
          add_class(e->constant);
        }
      }
      // A text equal to no constant: only `-` and negated cells accept it.
      col.other = slots;
      const std::size_t at = col.bits.size();
      col.bits.resize(at + t->words, 0);
      for (std::uint32_t r = 0; r < n; ++r) {
        const Cell& cell = t->rows[r].cells[c];
        if (cell.any || cell.negate) col.bits[at + (r >> 6)] |= std::uint64_t{1} << (r & 63);
      }
      col.none = slots + 1;
      finish();
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
