// Table analysis: gaps, overlaps by hit policy, rows that can never fire
// (see analyze_context.h, codes in docs/diagnostics.md).
#include <algorithm>
#include <variant>

#include "analyze_context.h"
#include "table_model.h"

namespace bylaw::dsl::analyze_internal {
namespace {

bool SingleHit(const std::string& hit) {
  return hit == "unique" || hit == "any" || hit == "first" ||
         hit == "priority";
}

bool SameOutputs(const Row& a, const Row& b) {
  if (a.outputs.size() != b.outputs.size()) return false;
  for (std::size_t i = 0; i < a.outputs.size(); ++i) {
    if (!a.outputs[i] || !b.outputs[i]) return false;
    if (!(*a.outputs[i] == *b.outputs[i])) return false;
  }
  return true;
}

std::string Tick(const std::string& s) { return "`" + s + "`"; }

class TableChecker {
 public:
  TableChecker(const AnalyzeContext& ctx, const Decl& decl)
      : ctx_(ctx),
        decl_(decl),
        name_(decl.name.text),
        meter_(ctx.options.work_budget, ctx.options.memory_budget) {}

  void Run() {
    std::string too_large;
    model_ = BuildTableModel(ctx_.program, ctx_.sources, decl_, &too_large,
                             ctx_.options.memory_budget,
                             ctx_.options.work_budget);
    if (!too_large.empty()) {
      GaveUp(too_large);
      return;
    }
    if (model_ == nullptr) return;
    const Space& space = *model_->space;
    // Restrict every row to the inputs that can occur.
    for (RowModel& r : model_->rows) {
      if (r.is_default) continue;
      r.must = space.Intersect(r.must, model_->universe);
      r.may = space.Intersect(r.may, model_->universe);
      if (space.IsEmpty(r.may)) {
        dead_.push_back(r.position);
        Warn("unreachable_row", r,
             "row " + Tick(r.name) + " of table " + Tick(name_) +
                 " matches no input")
            .Help("a cell of this row accepts no value" + Approx());
      }
    }
    const std::string& hit = model_->hit;
    // No match fails closed for single-hit tables and for collect min/max
    // (there is no value); a default row stands in for the matches of
    // every policy, so whether it can fire is asked of every table.
    const auto& agg = model_->table->aggregator;
    const bool extremum = hit == "collect" && agg &&
                          (agg->text == "min" || agg->text == "max");
    if (SingleHit(hit) || extremum || DefaultRow() != nullptr) CheckCoverage();
    if (hit == "unique" || hit == "any") CheckOverlaps(hit == "any");
    if (hit == "first") CheckShadowed(false);
    if (hit == "priority") CheckShadowed(true);
    const std::string inexact = model_->InexactColumns();
    if (!inexact.empty()) {
      ctx_.sink
          .Warning("analysis_incomplete", decl_.name.range,
                   "the analysis of table " + Tick(name_) +
                       " is not exact: " + inexact)
          .Help("its gaps, overlaps and unreachable rows are found as if "
                "every column were a fact of its own: a finding may name an "
                "input that cannot occur, and one may be missed; columns that "
                "are facts (`e.credit_class`) or counts of fact lists "
                "(`count(e.penalties)`) are modelled exactly");
    }
    if (!meter_.ok()) {
      GaveUp(meter_.exhausted);
    } else if (incomplete_) {
      GaveUp("it needs more than " + std::to_string(ctx_.options.step_budget) +
             " region splits");
    }
  }

 private:
  void GaveUp(const std::string& why) {
    ctx_.sink
        .Warning("analysis_incomplete", decl_.name.range,
                 "the analysis of table " + Tick(name_) +
                     " gave up before finishing: findings may be missing")
        .Help(why + "; split it into smaller tables");
  }

  DiagnosticBuilder Warn(const char* code, const RowModel& r,
                         const std::string& message) {
    return ctx_.sink.Warning(code, r.at, message);
  }

  bool Dead(const RowModel& r) const {
    return std::find(dead_.begin(), dead_.end(), r.position) != dead_.end();
  }

  // Help text saying which columns were approximated, or empty.
  std::string Approx() const {
    const std::string cols = model_->ApproximateColumns();
    if (cols.empty()) return "";
    return "; cells of " + cols +
           " name values not known statically (params), which the analysis "
           "treats as matching anything when looking for gaps and nothing "
           "when looking for overlaps";
  }

  const RowModel* DefaultRow() const {
    for (const RowModel& r : model_->rows) {
      if (r.is_default) return &r;
    }
    return nullptr;
  }

  void CheckCoverage() {
    const Space& space = *model_->space;
    const RowModel* def = DefaultRow();
    if (model_->table->partial && def == nullptr) return;
    // With a default row, ask whether it can ever fire (rows that surely
    // match leave nothing to it); else, which inputs no row may match.
    std::vector<const Box*> rows;
    for (const RowModel& r : model_->rows) {
      if (r.is_default || Dead(r)) continue;
      rows.push_back(def ? &r.must : &r.may);
    }
    if (def != nullptr) {
      auto cover = space.Uncovered(model_->universe, rows, 1,
                                   ctx_.options.step_budget, meter_);
      if (!cover.complete) {
        incomplete_ = true;
      } else if (cover.uncovered.empty()) {
        Warn("unreachable_row", *def,
             "the `default` row of table " + Tick(name_) +
                 " can never fire: the other rows match every input")
            .Help("remove the `default` row");
      }
      return;
    }
    // Collect a few more pieces than are reported, merge them into fewer
    // regions, then report.
    const std::size_t limit = std::max<std::size_t>(
        ctx_.options.max_gaps_per_table * 8, 16);
    auto cover = space.Uncovered(model_->universe, rows, limit,
                                 ctx_.options.step_budget, meter_);
    if (!cover.complete) incomplete_ = true;
    std::vector<Box>& gaps = cover.uncovered;
    space.Merge(gaps);
    const bool more = gaps.size() >= limit;
    const std::size_t shown =
        std::min(gaps.size(), ctx_.options.max_gaps_per_table);
    for (std::size_t i = 0; i < shown; ++i) {
      const std::string region = model_->Region(gaps[i]);
      std::string help =
          (region.empty() ? std::string("no row matches any input")
                          : "no row covers " + region) +
          "; add a row for it, a `default` row, or declare the table "
          "`partial` if callers handle no answer";
      if (i + 1 == shown && (gaps.size() > shown || more)) {
        help += " (" +
                (more ? std::string("more") : std::to_string(gaps.size() - shown)) +
                " further uncovered regions not shown)";
      }
      ctx_.sink
          .Error("table_gap", decl_.name.range,
                 "no row of table " + Tick(name_) + " matches " +
                     Tick(model_->Example(gaps[i])))
          .Help(help + Approx());
    }
  }

  // For each row, the other rows (ascending) whose `may` boxes can meet
  // its `may` box: sorted and swept along one column, rows whose spans
  // there are disjoint cannot meet. Default and dead rows have none.
  // Empty (and the meter exhausted) when the pairs need too much.
  bool Neighbours(std::vector<std::vector<std::size_t>>& out) {
    const Space& space = *model_->space;
    const auto& rows = model_->rows;
    out.assign(rows.size(), {});
    std::vector<std::size_t> live;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_default && !Dead(rows[i])) live.push_back(i);
    }
    if (live.empty()) return true;
    if (!meter_.Spend(live.size() * space.words())) return false;
    // The column on which the most rows are narrow.
    std::size_t sweep = 0, best = 0;
    for (std::size_t j = 0; j < space.columns(); ++j) {
      std::size_t narrow = 0;
      for (std::size_t i : live) narrow += !space.ColumnFull(rows[i].may, j);
      if (narrow > best) best = narrow, sweep = j;
    }
    struct Span {
      std::size_t first, last, row;
    };
    std::vector<Span> spans;
    for (std::size_t i : live) {
      spans.push_back({space.First(rows[i].may, sweep),
                       space.Last(rows[i].may, sweep), i});
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return a.first != b.first ? a.first < b.first : a.row < b.row;
    });
    std::vector<Span> active;
    std::size_t pairs = 0;
    for (const Span& cur : spans) {
      std::size_t kept = 0;
      for (const Span& a : active) {
        if (a.last < cur.first) continue;
        active[kept++] = a;
        out[a.row].push_back(cur.row);
        out[cur.row].push_back(a.row);
        ++pairs;
      }
      active.resize(kept);
      active.push_back(cur);
      if (!meter_.Spend(kept + 1)) return false;
      if (pairs * 2 * sizeof(std::size_t) > ctx_.options.memory_budget) {
        meter_.OutOfMemory(pairs * 2 * sizeof(std::size_t));
        return false;
      }
    }
    for (auto& n : out) std::sort(n.begin(), n.end());
    return true;
  }

  void CheckOverlaps(bool any_policy) {
    const Space& space = *model_->space;
    std::size_t reported = 0;
    const auto& rows = model_->rows;
    std::vector<std::vector<std::size_t>> neighbours;
    if (!Neighbours(neighbours)) return;
    for (std::size_t b = 0; b < rows.size(); ++b) {
      for (std::size_t a : neighbours[b]) {
        if (a >= b) break;
        if (!meter_.Spend(space.words())) return;
        if (!space.Intersects(rows[a].must, rows[b].must)) continue;
        if (any_policy && SameOutputs(*rows[a].row, *rows[b].row)) continue;
        if (reported == ctx_.options.max_overlaps_per_table) return;
        ++reported;
        const Box both = space.Intersect(rows[a].must, rows[b].must);
        const std::string example = Tick(model_->Example(both));
        if (any_policy) {
          ctx_.sink
              .Error("any_conflict", rows[b].at,
                     "rows " + Tick(rows[a].name) + " and " +
                         Tick(rows[b].name) + " of table " + Tick(name_) +
                         " both match " + example + " with different outputs")
              .Label(rows[a].at, Tick(rows[a].name) + " also matches")
              .Help("with `hit any` rows that match the same input must give "
                    "the same outputs: make the rows disjoint or their "
                    "outputs equal");
        } else {
          const std::string region = model_->Region(both);
          ctx_.sink
              .Error("unique_overlap", rows[b].at,
                     "rows " + Tick(rows[a].name) + " and " +
                         Tick(rows[b].name) + " of table " + Tick(name_) +
                         " both match " + example)
              .Label(rows[a].at, Tick(rows[a].name) + " also matches")
              .Help("with `hit unique` at most one row may match an input" +
                    (region.empty() ? std::string()
                                    : " (they overlap where " + region + ")") +
                    ": narrow one of them, or use `hit first`");
        }
      }
    }
  }

  // Rows every input of which an earlier row (first) or a row of higher
  // priority (priority) matches first.
  void CheckShadowed(bool by_priority) {
    const Space& space = *model_->space;
    const auto& rows = model_->rows;
    std::vector<std::vector<std::size_t>> neighbours;
    if (!Neighbours(neighbours)) return;
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      const RowModel& r = rows[ri];
      if (r.is_default || Dead(r)) continue;
      std::vector<const RowModel*> before;
      for (std::size_t oi : neighbours[ri]) {
        const RowModel& o = rows[oi];
        if (!meter_.Spend(space.words())) return;
        const bool earlier = o.position < r.position;
        const bool wins = by_priority ? (o.priority > r.priority ||
                                         (o.priority == r.priority && earlier))
                                      : earlier;
        if (wins && space.Intersects(o.must, r.may)) before.push_back(&o);
      }
      if (before.empty()) continue;
      std::vector<const Box*> boxes;
      const RowModel* whole = nullptr;
      for (const RowModel* o : before) {
        boxes.push_back(&o->must);
        if (whole == nullptr && space.Contains(o->must, r.may)) whole = o;
      }
      bool covered = whole != nullptr;
      if (!covered) {
        auto cover = space.Uncovered(r.may, boxes, 1,
                                     ctx_.options.step_budget, meter_);
        if (!cover.complete) {
          incomplete_ = true;
          continue;
        }
        covered = cover.uncovered.empty();
      }
      if (!covered) continue;
      std::string by;
      if (whole != nullptr) {
        by = "row " + Tick(whole->name);
      } else {
        by = "rows ";
        for (std::size_t i = 0; i < before.size() && i < 4; ++i) {
          by += (i ? ", " : "") + Tick(before[i]->name);
        }
        if (before.size() > 4) by += " and others";
      }
      const char* code = by_priority ? "masked_row" : "unreachable_row";
      auto d = Warn(code, r,
                    "row " + Tick(r.name) + " of table " + Tick(name_) +
                        " can never fire: every input it matches is matched "
                        "first by " + by);
      const RowModel& first = whole != nullptr ? *whole : *before.front();
      d.Label(first.at, by_priority ? "wins over it" : "matches first");
      d.Help(std::string(by_priority
                             ? "raise this row's priority, narrow the rows "
                               "above, or remove it"
                             : "move it above the rows that cover it, or "
                               "remove it") +
             Approx());
    }
  }

  const AnalyzeContext& ctx_;
  const Decl& decl_;
  std::string name_;
  std::unique_ptr<TableModel> model_;
  std::vector<std::size_t> dead_;
  bool incomplete_ = false;
  Meter meter_;
};

}  // namespace

void CheckTables(const AnalyzeContext& ctx) {
  for (const auto& module : ctx.program.modules) {
    for (const auto& decl : module->decls) {
      if (decl->kind == DeclKind::kTable) TableChecker(ctx, *decl).Run();
    }
  }
}

}  // namespace bylaw::dsl::analyze_internal
