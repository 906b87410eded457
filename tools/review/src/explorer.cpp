// Exploring a probe's cells and merging the differing ones (see
// explorer.h).
#include "explorer.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace bylaw::review::review_internal {
namespace {

struct Evaluation {
  std::string answer;
  std::vector<int> reads;                     // variables, first read first
  std::map<std::string, std::string> items;   // table, rule, param id -> what happened
};

std::string RowsDetail(const runtime::Rulebook& book, const runtime::TraceEvent& e) {
  if (e.rows.empty()) return e.detail.empty() ? "no row" : e.detail;
  std::string out;
  for (const std::string& row : e.rows) {
    std::string text = row.substr(row.find('#') == std::string::npos ? 0 : row.find('#') + 1);
    if (const runtime::SourceLocation* at = book.FindSource(row)) {
      text += " (" + at->file + ":" + std::to_string(at->line) + ")";
    }
    out += (out.empty() ? "row " : ", ") + text;
  }
  return out;
}

Evaluation Run(FactSpace& space, const ProbeSide& side, runtime::DecisionRef decision,
               const Cell& cell, const std::string& as_of, std::string* facts_out) {
  Evaluation e;
  const std::string facts = space.FactsJson(*side.view, cell, as_of);
  if (facts_out != nullptr) *facts_out = facts;
  runtime::Result<runtime::Facts> parsed = side.book->ParseFacts(decision, facts);
  if (!parsed.ok()) {
    // A value one version does not know (an enum member it lacks).
    e.answer = "(input not accepted: " + parsed.error().message + ")";
    return e;
  }
  runtime::EvaluateOptions options;
  options.trace = true;
  runtime::Outcome out;
  const runtime::Status status = side.book->Evaluate(decision, *parsed, options, &out);
  if (!status.ok()) {
    e.answer = "(cannot evaluate: " + status.error().message + ")";
    return e;
  }
  e.answer = out.output_count() > 0 ? out.output(0).ToString() : "";
  if (!out.errors().empty()) {
    std::string codes;
    for (const runtime::EvalError& err : out.errors()) {
      if (codes.find(err.code) == std::string::npos) codes += (codes.empty() ? "" : ", ") + err.code;
    }
    e.answer += out.complete() ? " (after " + codes + ")" : " (failed: " + codes + ")";
  }
  for (const runtime::TraceEvent& ev : out.trace()) {
    using K = runtime::TraceEvent::Kind;
    if (ev.kind == K::kFact) {
      const int v = space.VarOf(ev.id);
      if (v >= 0 && std::find(e.reads.begin(), e.reads.end(), v) == e.reads.end()) {
        e.reads.push_back(v);
      }
      continue;
    }
    if (ev.kind == K::kOutput) continue;
    std::string detail = ev.kind == K::kTable ? RowsDetail(*side.book, ev) : ev.detail;
    std::string& slot = e.items[ev.id];
    if (slot.find(detail) == std::string::npos) slot += (slot.empty() ? "" : "; ") + detail;
  }
  return e;
}

void Ensure(const FactSpace& space, Cell& cell, int id) {
  const auto i = static_cast<std::size_t>(id);
  if (cell.size() <= i) cell.resize(i + 1);
  if (cell[i].empty()) cell[i].assign(space.var(id).domain.size(), 1);
}

void Fix(const FactSpace& space, Cell& cell, int id, std::size_t rep) {
  Ensure(space, cell, id);
  auto& allowed = cell[static_cast<std::size_t>(id)];
  std::fill(allowed.begin(), allowed.end(), 0);
  allowed[rep] = 1;
}

DiffSource SourceIn(const runtime::Rulebook& book, const std::string& id) {
  DiffSource s;
  s.id = id;
  if (const runtime::SourceLocation* at = book.FindSource(id)) {
    s.file = at->file;
    s.line = at->line;
  }
  return s;
}

// The facts document as a host writes it for the probed decision: the
// fields of `__args` at the top level.
std::string HostFacts(const std::string& probe_facts) {
  json doc = json::parse(probe_facts, nullptr, false);
  if (!doc.is_object()) return probe_facts;
  json out = json::object();
  out["as_of"] = doc["as_of"];
  for (auto it = doc["__args"].begin(); it != doc["__args"].end(); ++it) out[it.key()] = *it;
  return out.dump();
}

struct Found {
  Cell cell;
  std::string old_answer, new_answer;
  bool vary = false;  // merged with cells whose answers differ otherwise
  DiffRegion example;  // example, example_facts and involved filled
};

// Merges cells that differ in one variable only, until none do; only cells
// with the same answers when `by_answers`.
void Merge(const FactSpace& space, std::vector<Found>& found, bool by_answers) {
  const std::size_t vars = space.var_count();
  for (Found& f : found) {
    for (std::size_t j = 0; j < vars; ++j) Ensure(space, f.cell, static_cast<int>(j));
  }
  std::vector<bool> alive(found.size(), true);
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t j = 0; j < vars; ++j) {
      std::unordered_map<std::string, std::size_t> seen;
      for (std::size_t i = 0; i < found.size(); ++i) {
        if (!alive[i]) continue;
        std::string key =
            by_answers ? found[i].old_answer + '\x01' + found[i].new_answer + '\x01' : "";
        for (std::size_t k = 0; k < vars; ++k) {
          if (k == j) continue;
          key.append(found[i].cell[k].begin(), found[i].cell[k].end());
          key.push_back('\x02');
        }
        auto [it, inserted] = seen.emplace(std::move(key), i);
        if (inserted) continue;
        Found& target = found[it->second];
        target.vary = target.vary || found[i].vary || target.old_answer != found[i].old_answer ||
                      target.new_answer != found[i].new_answer;
        auto& into = target.cell[j];
        const auto& from = found[i].cell[j];
        for (std::size_t r = 0; r < into.size(); ++r) into[r] = into[r] || from[r];
        alive[i] = false;
        changed = true;
      }
    }
  }
  std::vector<Found> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (alive[i]) kept.push_back(std::move(found[i]));
  }
  found = std::move(kept);
}

bool Meets(const Cell& a, const Cell& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t j = 0; j < n; ++j) {
    if (a[j].empty() || b[j].empty()) continue;
    bool any = false;
    for (std::size_t r = 0; r < a[j].size() && !any; ++r) any = a[j][r] && b[j][r];
    if (!any) return false;
  }
  return true;
}

}  // namespace

Explored Explore(FactSpace& space, const ProbeSide& old_side, const ProbeSide& new_side,
                 const ExploreOptions& options) {
  const std::string& as_of = options.as_of;
  const std::vector<Cell>* within = options.within;
  Explored explored;
  DiffExploration& result = explored.report;
  runtime::Result<runtime::DecisionRef> od = old_side.book->FindDecision(old_side.decision);
  runtime::Result<runtime::DecisionRef> nd = new_side.book->FindDecision(new_side.decision);
  if (!od.ok() || !nd.ok()) {
    result.complete = false;
    return explored;
  }
  std::vector<Found> found;
  std::vector<Cell> stack{Cell{}};
  while (!stack.empty()) {
    if (result.cells >= options.max_cells) {
      result.complete = false;
      break;
    }
    Cell cell = std::move(stack.back());
    stack.pop_back();
    if (within != nullptr &&
        std::none_of(within->begin(), within->end(),
                     [&](const Cell& box) { return Meets(cell, box); })) {
      continue;
    }
    std::string facts;
    const Evaluation a = Run(space, old_side, *od, cell, as_of, nullptr);
    const Evaluation b = Run(space, new_side, *nd, cell, as_of, &facts);
    ++result.cells;
    std::vector<int> reads = a.reads;
    for (int v : b.reads) {
      if (std::find(reads.begin(), reads.end(), v) == reads.end()) reads.push_back(v);
    }
    std::vector<std::size_t> picks;
    for (int v : reads) picks.push_back(space.Pick(cell, v));

    if (a.answer != b.answer) {
      Found f;
      f.cell = cell;
      for (std::size_t i = 0; i < reads.size(); ++i) Fix(space, f.cell, reads[i], picks[i]);
      f.old_answer = a.answer;
      f.new_answer = b.answer;
      for (std::size_t i = 0; i < reads.size(); ++i) {
        const Var& v = space.var(reads[i]);
        if (v.shape == VarShape::kRecord && !v.domain[picks[i]].is_none) continue;
        DiffCondition e;
        e.field = space.FieldName(reads[i]);
        e.test = v.domain[picks[i]].text;
        f.example.example.push_back(std::move(e));
      }
      f.example.example_facts = HostFacts(facts);
      std::map<std::string, std::pair<std::string, std::string>> items;
      for (const auto& [id, detail] : a.items) items[id].first = detail;
      for (const auto& [id, detail] : b.items) items[id].second = detail;
      for (const auto& [id, details] : items) {
        const std::string decl = id.substr(0, id.find('#'));
        const bool changed = options.changed != nullptr && options.changed->count(decl);
        if (details.first == details.second && !changed) continue;
        DiffInvolved inv;
        if (a.items.count(id)) inv.old_source = SourceIn(*old_side.book, id);
        if (b.items.count(id)) inv.new_source = SourceIn(*new_side.book, id);
        inv.old_detail = details.first;
        inv.new_detail = details.second;
        f.example.involved.push_back(std::move(inv));
      }
      found.push_back(std::move(f));
    }

    // The rest of the cell, split on each read variable in turn: the part
    // that differs from the point on variable i and agrees on those before.
    Cell prefix = cell;
    std::vector<Cell> pieces;
    for (std::size_t i = 0; i < reads.size(); ++i) {
      Ensure(space, prefix, reads[i]);
      Cell piece = prefix;
      auto& allowed = piece[static_cast<std::size_t>(reads[i])];
      allowed[picks[i]] = 0;
      if (std::any_of(allowed.begin(), allowed.end(), [](char c) { return c != 0; })) {
        pieces.push_back(std::move(piece));
      }
      Fix(space, prefix, reads[i], picks[i]);
    }
    for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) stack.push_back(std::move(*it));
  }

  for (const Found& f : found) explored.changed.push_back(f.cell);
  Merge(space, found, /*by_answers=*/true);
  // Many regions that differ only in how the answers change (a list of
  // reasons with or without others) read better as one region.
  constexpr std::size_t kReadableRegions = 8;
  if (found.size() > kReadableRegions) Merge(space, found, /*by_answers=*/false);
  for (Found& f : found) {
    DiffRegion region = std::move(f.example);
    region.old_answer = f.old_answer;
    region.new_answer = f.new_answer;
    region.answers_vary = f.vary;
    for (std::size_t j = 0; j < space.var_count(); ++j) {
      if (auto c = space.Condition(static_cast<int>(j), f.cell[j])) {
        region.conditions.push_back(std::move(*c));
      }
    }
    result.regions.push_back(std::move(region));
  }
  return explored;
}

}  // namespace bylaw::review::review_internal
