// Scorecard analysis (see analyze_context.h, codes in docs/diagnostics.md):
// scores no band matches, and bands that can never apply.
//
// A scorecard is analysed as a one-column `hit first` table over its score
// (BuildScorecardModel), whose universe is the set of scores the
// indicators can sum to (score_range.h). Bands are tested in order, so
// overlapping bands are allowed (the first wins) and only a band every
// reachable score of which an earlier band takes first is reported. When
// the score set is exact, gaps and unreachable bands are exactly those of
// the reachable scores; when it is only a hull, the unreachable bands found
// are still real but a gap may hold no reachable score, and
// `analysis_incomplete` says why.
#include <algorithm>
#include <variant>

#include "analyze_context.h"
#include "score_range.h"
#include "table_model.h"

namespace bylaw::dsl::analyze_internal {
namespace {

std::string Tick(const std::string& s) { return "`" + s + "`"; }

class ScorecardChecker {
 public:
  ScorecardChecker(const AnalyzeContext& ctx, const Decl& decl)
      : ctx_(ctx), decl_(decl), name_(decl.name.text) {}

  void Run() {
    scores_ = ScoreSetOf(ctx_.program, decl_);
    model_ = BuildScorecardModel(ctx_.program, ctx_.sources, decl_, scores_);
    if (model_ == nullptr || model_->rows.empty()) return;
    const Space& space = *model_->space;
    for (RowModel& r : model_->rows) {
      r.must = space.Intersect(r.must, model_->universe);
      r.may = space.Intersect(r.may, model_->universe);
    }
    Bands();
    Gaps();
    // A band naming a param (hosts may override it) is taken to match
    // every score when looking for gaps and none when looking for bands
    // that can never apply: findings are real, but some may be missing.
    const bool params = model_->columns.front().approximate;
    if (!scores_.exact() || incomplete_ || params) {
      const std::string why =
          incomplete_ ? std::string("it gave up before finishing")
          : !scores_.exact()
              ? scores_.why
              : std::string("a band tests the score against a param, which hosts may "
                            "override, so gaps next to it are not looked for");
      auto d = ctx_.sink.Warning(
          "analysis_incomplete", decl_.name.range,
          "the analysis of scorecard " + Tick(name_) + " is not exact: " + why);
      if (!scores_.exact() || incomplete_) {
        d.Help("gaps are looked for over every score " +
               (scores_.low || scores_.high ? "in " + scores_.HullText()
                                            : std::string("there is")) +
               ", some of which the indicators may not reach; the bands it "
               "reports unreachable are unreachable");
      } else {
        d.Help("a gap it reports is real, but one next to the param's value "
               "may be missing: write the bound as a literal to have it "
               "checked");
      }
    }
  }

 private:
  // What the indicators sum to, for help texts.
  std::string Reachable() const { return scores_.Describe(); }

  void Bands() {
    const Space& space = *model_->space;
    const auto& rows = model_->rows;
    for (const RowModel& r : rows) {
      if (space.IsEmpty(r.may)) {
        ctx_.sink
            .Warning("unreachable_band", r.at,
                     Tick(r.name) + " of scorecard " + Tick(name_) +
                         " matches no score the indicators can sum to")
            .Help(Reachable() + "; remove the band or change its test");
        continue;
      }
      std::vector<const Box*> before;
      const RowModel* whole = nullptr;
      for (const RowModel& o : rows) {
        if (o.position >= r.position || !space.Intersects(o.must, r.may)) continue;
        before.push_back(&o.must);
        if (whole == nullptr && space.Contains(o.must, r.may)) whole = &o;
      }
      if (before.empty()) continue;
      bool covered = whole != nullptr;
      if (!covered) {
        auto cover = space.Uncovered(r.may, before, 1, ctx_.options.step_budget);
        if (!cover.complete) {
          incomplete_ = true;
          continue;
        }
        covered = cover.uncovered.empty();
      }
      if (!covered) continue;
      auto d = ctx_.sink.Warning(
          "unreachable_band", r.at,
          Tick(r.name) + " of scorecard " + Tick(name_) +
              " can never apply: every score it matches is matched first by " +
              (whole ? Tick(whole->name) : std::string("the bands above it")));
      if (whole) d.Label(whole->at, "matches first");
      d.Help("bands are tested in order: move it above the bands that cover "
             "it, narrow them, or remove it");
    }
  }

  void Gaps() {
    const Space& space = *model_->space;
    std::vector<const Box*> rows;
    for (const RowModel& r : model_->rows) rows.push_back(&r.may);
    const std::size_t limit =
        std::max<std::size_t>(ctx_.options.max_gaps_per_table * 8, 16);
    auto cover = space.Uncovered(model_->universe, rows, limit,
                                 ctx_.options.step_budget);
    if (!cover.complete) incomplete_ = true;
    // One range of adjacent segments per finding.
    std::vector<Box> gaps;
    {
      std::vector<std::size_t> all;
      for (const Box& b : cover.uncovered) {
        for (std::size_t e : space.Elements(b, 0)) all.push_back(e);
      }
      std::sort(all.begin(), all.end());
      for (std::size_t i = 0; i < all.size(); ++i) {
        if (i == 0 || all[i] != all[i - 1] + 1) gaps.push_back(space.Empty());
        space.Set(gaps.back(), 0, all[i]);
      }
    }
    const std::size_t shown = std::min(gaps.size(), ctx_.options.max_gaps_per_table);
    const Column& col = model_->columns.front();
    for (std::size_t i = 0; i < shown; ++i) {
      const std::vector<std::size_t> elements = space.Elements(gaps[i], 0);
      std::optional<ExactNumber> example;
      for (std::size_t e : elements) {
        example = scores_.Find(col.elements[e]);
        if (example) break;
      }
      if (!example) continue;
      std::string help = "scores " + col.Describe(elements) +
                         " match no band (" + Reachable() +
                         "), so the call fails closed with NO_MATCH; add a band "
                         "for them or widen one";
      if (i + 1 == shown && gaps.size() > shown) {
        help += " (" + std::to_string(gaps.size() - shown) +
                " further uncovered ranges not shown)";
      }
      ctx_.sink
          .Error("scorecard_gap", decl_.name.range,
                 "no band of scorecard " + Tick(name_) + " matches score " +
                     example->ToString())
          .Help(help);
    }
  }

  const AnalyzeContext& ctx_;
  const Decl& decl_;
  std::string name_;
  ScoreSet scores_;
  std::unique_ptr<TableModel> model_;
  bool incomplete_ = false;
};

}  // namespace

void CheckScorecards(const AnalyzeContext& ctx) {
  for (const auto& module : ctx.program.modules) {
    for (const auto& decl : module->decls) {
      if (decl->kind == DeclKind::kScorecard) ScorecardChecker(ctx, *decl).Run();
    }
  }
}

}  // namespace bylaw::dsl::analyze_internal
