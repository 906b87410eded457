// Per-evaluation memo of repeated calls (call_memo.h).
#include "call_memo.h"

#include <unordered_map>

namespace bylaw::runtime::runtime_internal {
namespace {

// Counts the call nodes naming each callee.
class CallCounter {
 public:
  void Walk(const Node* n) {
    if (n == nullptr) return;
    if (n->op == Op::kCallTable || n->op == Op::kCallRule || n->op == Op::kCallScorecard ||
        n->op == Op::kCallDef) {
      ++counts_[n->target];
    }
    for (const auto& k : n->kids) Walk(k.get());
  }
  void Walk(const Cell& c) {
    for (const Node* e : c.eq) Walk(e);
    for (const Range& r : c.ranges) {
      Walk(r.low);
      Walk(r.high);
    }
  }
  void Walk(const Row& row) {
    for (const Cell& c : row.cells) Walk(c);
    for (const auto& o : row.outputs) Walk(o.get());
  }
  int Count(const void* target) const {
    auto it = counts_.find(target);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  std::unordered_map<const void*, int> counts_;
};

}  // namespace

std::size_t MarkRepeatedCallees(Model* model) {
  CallCounter c;
  for (const Decision& d : model->decisions) {
    for (const DecisionItem& item : d.items) {
      c.Walk(item.expr.get());
      c.Walk(item.fallback.get());
    }
  }
  for (const Def& d : model->defs) c.Walk(d.body.get());
  for (const Rule& r : model->rules) {
    c.Walk(r.condition.get());
    for (const Except& e : r.excepts) c.Walk(e.when.get());
  }
  for (const Table& t : model->tables) {
    for (const auto& in : t.inputs) c.Walk(in.get());
    for (const Row& row : t.rows) c.Walk(row);
    if (t.default_row) c.Walk(*t.default_row);
  }
  for (const Scorecard& s : model->scorecards) {
    for (const Indicator& i : s.indicators) {
      c.Walk(i.weight.get());
      c.Walk(i.value.get());
    }
    for (const Band& b : s.bands) {
      c.Walk(b.test);
      c.Walk(b.grade.get());
    }
  }
  for (const Global& g : model->globals) c.Walk(g.value.get());
  for (const Matter& m : model->matters) c.Walk(m.where.get());
  std::size_t marked = 0;
  auto mark = [&](auto& callables) {
    for (auto& x : callables) {
      x.memo = c.Count(&x) > 1 && x.params.size() <= CallMemo::kMaxArgs;
      marked += x.memo;
    }
  };
  mark(model->defs);
  mark(model->rules);
  mark(model->tables);
  mark(model->scorecards);
  return marked;
}

bool SameArgument(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kList: return a.items().data() == b.items().data();
    case ValueKind::kRecord:
      return a.items().data() == b.items().data() && a.record_type() == b.record_type();
    case ValueKind::kText: return a.text().data() == b.text().data() || a.text() == b.text();
    default:
      return a == b;
  }
}

const CallMemo::Entry* CallMemo::Find(const void* target, const Value* const* args,
                                      std::size_t n) const {
  for (std::size_t i = 0; i < size_; ++i) {
    const Entry& e = entries_[i];
    if (e.target != target || e.nargs != n) continue;
    std::size_t k = 0;
    while (k < n && SameArgument(e.args[k], *args[k])) ++k;
    if (k == n) return &e;
  }
  return nullptr;
}

CallMemo::Entry* CallMemo::Add(const void* target, const Value* const* args, std::size_t n) {
  if (n > kMaxArgs || size_ == kMaxEntries) return nullptr;
  if (size_ == entries_.size()) entries_.resize(size_ + 8);
  Entry& e = entries_[size_++];
  e.target = target;
  e.nargs = static_cast<std::uint32_t>(n);
  for (std::size_t k = 0; k < n; ++k) e.args[k] = *args[k];
  e.stands = false;
  e.followup = nullptr;
  return &e;
}

void CallMemo::Clear() {
  for (std::size_t i = 0; i < size_; ++i) {
    Entry& e = entries_[i];
    for (std::uint32_t k = 0; k < e.nargs; ++k) e.args[k] = Value();
    e.value = Value();
  }
  size_ = 0;
}

CallMemo* CallMemo::Acquire() {
  thread_local CallMemo memo;
  if (memo.in_use_) return nullptr;
  memo.in_use_ = true;
  return &memo;
}

void CallMemo::Release() {
  Clear();
  in_use_ = false;
}

}  // namespace bylaw::runtime::runtime_internal
