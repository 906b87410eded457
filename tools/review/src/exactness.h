// Whether exploring a probe over representative values is exact. Internal
// to tools/review; bylaw/review/diff.h is the public entry.
//
// The explorer (explorer.h) assumes that on a cell — all inputs whose read
// facts fall in the same representative classes — both answers are
// constant. That holds when every ordered fact (int, decimal, percent,
// date, a list's count) is only compared with values fixed on the cell
// (literals, params, outputs of table rows, grades, …), because the
// classes are cut at exactly those literals (fact_space.h). It fails
// where the code computes with an ordered fact before comparing or
// returning it: `a + b <= 45`, a scorecard summing `count(x)` or a decimal
// fact, `x * 2 > y`, `year(d) == 2025`, or compares two ordered facts
// (`done >= cap` with both facts). A date fact plus or minus a fixed
// duration compared with the as-of date is exact: the classes of dates
// are cut at as_of ± every duration literal.
//
// The check follows calls (tables, rules, defs, scorecards) with the
// classes of their arguments, so `within_cap(i, cap_table(e).max, i.done)`
// is exact when the cap is a row's constant.
#ifndef BYLAW_REVIEW_SRC_EXACTNESS_H_
#define BYLAW_REVIEW_SRC_EXACTNESS_H_

#include <string>
#include <utility>
#include <vector>

#include "bundle_view.h"
#include "probe.h"

namespace bylaw::review::review_internal {

// Why exploring `probe` (its lets, expression and fallback, over its
// params) in `view` may not be exact, or empty when it is, e.g.
// "scorecard `demo.risk` sums indicators computed from ordered facts, so
// its bands do not cut the facts at literals".
std::string InexactReason(const BundleView& view, const ProbeSpec& probe);

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_EXACTNESS_H_
