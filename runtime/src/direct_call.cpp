// The direct path of plain table decisions (see direct_call.h).
#include "direct_call.h"

#include <algorithm>

#include "table_index.h"

namespace bylaw::runtime::runtime_internal {
namespace {

// Inputs and bases beyond this take the interpreter (ForEachMatch unrolls
// up to 8 columns; a plain decision table has a handful).
constexpr std::size_t kMaxColumns = 8;

using Steps = std::vector<std::pair<const RecordType*, std::uint32_t>>;

// `n` as a variable (its frame slot) followed by record fields, innermost
// first in `steps`; false when `n` is anything else.
bool Place(const Node& n, std::uint32_t* var, Steps* steps) {
  if (n.op == Op::kVar) {
    *var = n.slot;
    return true;
  }
  if (n.op != Op::kField || !Place(*n.kids[0], var, steps)) return false;
  steps->emplace_back(n.record, n.slot);
  return true;
}

bool PlanCall(const Decision& d, const DecisionItem& item, DirectCall* call) {
  if (!item.output || item.expr == nullptr || item.expr->op != Op::kCallTable) return false;
  const Node& n = *item.expr;
  const Table& t = *static_cast<const Table*>(n.target);
  const bool single = t.hit == HitPolicy::kFirst || t.hit == HitPolicy::kPriority ||
                      t.hit == HitPolicy::kUnique || t.hit == HitPolicy::kAny;
  if (!single || t.inputs.empty() || t.inputs.size() > kMaxColumns ||
      n.kids.size() != t.params.size() || n.kids.size() > kMaxColumns) {
    return false;
  }
  // Every column indexed: cells read no params and the index covers the
  // column's type (ColumnIndex::kScan columns are checked row by row).
  for (const ColumnIndex& col : t.columns) {
    if (col.dynamic || col.kind == ColumnIndex::Kind::kScan) return false;
  }
  call->table = &t;
  call->output_index = item.output_index;
  // Every argument, read or not, as the interpreter evaluates them all.
  for (const auto& arg : n.kids) {
    DirectPath path;
    if (!Place(*arg, &path.param, &path.steps) || path.param >= d.params.size()) return false;
    call->bases.push_back(std::move(path));
  }
  for (const auto& input : t.inputs) {
    std::uint32_t var = 0;
    Steps steps;
    if (!Place(*input, &var, &steps) || var >= t.params.size() || steps.size() > 1) {
      return false;
    }
    DirectInput in;
    in.base = var;
    if (!steps.empty()) {
      const RecordType*& record = call->bases[var].record;
      if (record != nullptr && record != steps[0].first) return false;
      record = steps[0].first;
      in.field = steps[0].second;
    }
    call->inputs.push_back(in);
  }
  return true;
}

// The first row that all N column bitsets accept and that is in force or,
// when `stop_at_first` is off (unique and any tables), the only such row;
// -1 for none, and for several where one is required (the interpreter
// reports or compares those). The bitsets are ANDed a word at a time and a
// first hit ends the scan; bits past the last row are never set.
template <int N>
std::int64_t Match(const std::uint64_t* const* columns, const Table& t, std::int64_t as_of,
                   bool stop_at_first) {
  const bool dated = !t.dated_rows.empty();
  std::int64_t first = -1;
  int hits = 0;
  auto on_word = [&](std::uint32_t w, std::uint64_t x) {
    do {
      const std::uint32_t row = w * 64 + static_cast<std::uint32_t>(__builtin_ctzll(x));
      x &= x - 1;
      if (dated && !t.rows[row].effective.Contains(as_of)) continue;
      if (++hits == 1) first = row;
      if (stop_at_first || hits > 1) return false;
    } while (x);
    return true;
  };
  table_index_internal::ScanWords<N>(columns, t.words, on_word);
  return hits == 1 || (stop_at_first && hits > 0) ? first : -1;
}

// Appends the values of `call`'s input columns in `params` to `inputs`;
// false when one cannot be read (the interpreter must decide).
bool GatherCall(const DirectCall& call, const std::vector<Value>& params,
                std::vector<Value>* inputs) {
  // Each argument's value, and the fields of those that inputs read.
  const Value* args[kMaxColumns];
  const Value* fields[kMaxColumns];
  const std::uint32_t nargs = static_cast<std::uint32_t>(call.bases.size());
  for (std::uint32_t b = 0; b < nargs; ++b) {
    const DirectPath& p = call.bases[b];
    if (p.param >= params.size()) return false;
    const Value* v = &params[p.param];
    for (const auto& [record, slot] : p.steps) {
      if (v->kind() != ValueKind::kRecord || v->record_type() != record) return false;
      v = &v->items()[slot];
    }
    if (v->is_missing()) return false;
    if (p.record != nullptr) {
      if (v->kind() != ValueKind::kRecord || v->record_type() != p.record) return false;
      fields[b] = v->items().data();
    }
    args[b] = v;
  }
  for (const DirectInput& in : call.inputs) {
    const Value& v = in.field == DirectInput::kWhole ? *args[in.base] : fields[in.base][in.field];
    if (v.is_missing()) return false;
    inputs->push_back(v);
  }
  return true;
}

// The row `call` hits for its input values `inputs` (one per column), or
// -1 when the interpreter must decide.
std::int64_t DirectRow(const DirectCall& call, const Value* inputs, std::int64_t as_of) {
  const Table& t = *call.table;
  if (!t.effective.Contains(as_of)) return -1;
  const std::uint64_t* columns[kMaxColumns];
  const std::uint32_t ninputs = static_cast<std::uint32_t>(call.inputs.size());
  for (std::uint32_t c = 0; c < ninputs; ++c) {
    columns[c] = LookupColumn(t, c, inputs[c]);
    if (columns[c] == nullptr) return -1;  // a value the index does not cover
  }
  const bool stop_at_first = t.hit == HitPolicy::kFirst || t.hit == HitPolicy::kPriority;
  switch (ninputs) {
    case 1: return Match<1>(columns, t, as_of, stop_at_first);
    case 2: return Match<2>(columns, t, as_of, stop_at_first);
    case 3: return Match<3>(columns, t, as_of, stop_at_first);
    case 4: return Match<4>(columns, t, as_of, stop_at_first);
    case 5: return Match<5>(columns, t, as_of, stop_at_first);
    case 6: return Match<6>(columns, t, as_of, stop_at_first);
    case 7: return Match<7>(columns, t, as_of, stop_at_first);
    default: return Match<8>(columns, t, as_of, stop_at_first);
  }
}

}  // namespace

std::vector<DirectCall> PlanDirectCalls(const Decision& d) {
  std::vector<DirectCall> plan;
  if (d.items.empty() || d.items.size() != d.output_names.size() ||
      d.items.size() > kMaxDirectOutputs) {
    return {};
  }
  for (const DecisionItem& item : d.items) {
    DirectCall call;
    if (!PlanCall(d, item, &call)) return {};
    plan.push_back(std::move(call));
  }
  return plan;
}

bool GatherDirectInputs(const Decision& d, const std::vector<Value>& params,
                        std::vector<Value>* inputs) {
  inputs->clear();
  for (const DirectCall& call : d.direct) {
    if (!GatherCall(call, params, inputs)) {
      inputs->clear();
      return false;
    }
  }
  return true;
}

bool EvaluateDirect(const Decision& d, const Value* inputs, std::int64_t as_of,
                    const Value** outputs) {
  for (const DirectCall& call : d.direct) {
    const std::int64_t row = DirectRow(call, inputs, as_of);
    if (row < 0) return false;
    const Value* out = call.table->row_outputs[static_cast<std::size_t>(row)];
    if (out == nullptr) return false;
    outputs[call.output_index] = out;
    inputs += call.inputs.size();
  }
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
