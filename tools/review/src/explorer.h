// Lazy partition of a probe's input space into cells on which both
// versions answer one way each, and the merge of the cells where the
// answers differ into regions. Internal to tools/review;
// bylaw/review/diff.h is the public entry.
//
// A cell is explored by evaluating both versions at its point with a
// trace. Every fact that either evaluation read is fixed at the value it
// had; the cell minus that sub-cell is split, one read fact at a time, into
// disjoint cells explored next. The runtime is deterministic and reads
// facts only through traced field accesses, so both answers are constant
// on each sub-cell: the union of the differing sub-cells is exactly the set
// of inputs (over the representative values) where the answers differ.
#ifndef BYLAW_REVIEW_SRC_EXPLORER_H_
#define BYLAW_REVIEW_SRC_EXPLORER_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bundle_view.h"
#include "bylaw/runtime.h"
#include "fact_space.h"

namespace bylaw::review::review_internal {

// One version of a probe: the bundle it was built from and its decision.
struct ProbeSide {
  const BundleView* view = nullptr;
  std::shared_ptr<const runtime::Rulebook> book;
  std::string decision;  // the probe decision's name
};

struct Explored {
  DiffExploration report;    // regions merged for reading
  std::vector<Cell> changed;  // the differing cells, disjoint, unmerged
};

struct ExploreOptions {
  std::string as_of;           // the facts' as_of
  std::size_t max_cells = 0;   // cells evaluated before giving up
  // When set, cells that meet none of these boxes are skipped unevaluated:
  // the caller knows the answers cannot differ there.
  const std::vector<Cell>* within = nullptr;
  // Names of changed tables, rules, scorecards and params: a region's
  // `involved` lists those the example reaches even when the trace shows
  // the same rows (a changed output cell).
  const std::set<std::string>* changed = nullptr;
};

// Explores at most `options.max_cells` cells (sets `complete` false when
// more remain).
Explored Explore(FactSpace& space, const ProbeSide& old_side, const ProbeSide& new_side,
                 const ExploreOptions& options);

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_EXPLORER_H_
