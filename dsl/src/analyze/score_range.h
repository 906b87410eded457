// The scores a scorecard's indicators can sum to, for the band analysis.
// Internal to dsl/src/analyze; bylaw/dsl/analyzer.h is the public entry.
//
// Each indicator contributes weight × value. A value's set is known when
// it is a number literal, a bool fact (0 or 1), `if C then n else m` with
// number literals and a condition on one fact that can go either way, a
// `count(...)` of a fact list (0, 1, 2, ...), or an int (every integer) or
// decimal fact (every decimal). Indicators that read disjoint facts are
// independent, so the score set is the sum of their sets:
//   kDense        some decimal fact with a non-zero weight: every score
//   kFinite       finitely many sums (at most kMaxFiniteScores)
//   kProgression  the finite sums plus k × step for one count (k >= 0) or
//                 int fact (any integer k)
//   kApproximate  anything else: only the hull [low, high] is known (from
//                 interval arithmetic), and `why` says what was not exact
// Exact means: a score is reachable by some facts if and only if Find says
// so, over the rationals (the runtime keeps six decimal places).
#ifndef BYLAW_DSL_SRC_ANALYZE_SCORE_RANGE_H_
#define BYLAW_DSL_SRC_ANALYZE_SCORE_RANGE_H_

#include <optional>
#include <string>
#include <vector>

#include "bylaw/dsl/program.h"
#include "exact_number.h"
#include "table_model.h"

namespace bylaw::dsl::analyze_internal {

struct ScoreSet {
  enum class Kind { kDense, kFinite, kProgression, kApproximate };
  Kind kind = Kind::kApproximate;
  // The closed hull of the reachable scores; nullopt is unbounded.
  std::optional<ExactNumber> low, high;
  std::vector<ExactNumber> finite;  // kFinite: every score; kProgression: the bases
  ExactNumber step;                 // kProgression, non-zero
  bool both_ways = false;           // kProgression: k may be negative
  std::string why;                  // kApproximate: what was not exact

  bool exact() const { return kind != Kind::kApproximate; }
  // A reachable score inside the ordered segment, or nullopt when none is
  // (kApproximate: a score of the segment inside the hull).
  std::optional<ExactNumber> Find(const Element& segment) const;
  // `[0..55]`, `>= 0`, `any score`.
  std::string HullText() const;
  // For messages: `the indicators sum to one of 0, 20, 30, 50`.
  std::string Describe() const;
};

// The score set of a scorecard declaration (checked).
ScoreSet ScoreSetOf(const Program& program, const Decl& scorecard);

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_SCORE_RANGE_H_
