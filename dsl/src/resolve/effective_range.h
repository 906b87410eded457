// The `effective FROM until UNTIL` sanity check shared by rulesets,
// matters, tables, rows and rules: UNTIL must come after FROM
// (`bad_effective_range`). Internal to dsl/src.
#ifndef BYLAW_DSL_SRC_RESOLVE_EFFECTIVE_RANGE_H_
#define BYLAW_DSL_SRC_RESOLVE_EFFECTIVE_RANGE_H_

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"

namespace bylaw::dsl::resolve_internal {

// -1, 0, 1 as `a` is before, on, after `b`.
int CompareDates(const Date& a, const Date& b);

// Reports `bad_effective_range` when `until` is not after `from`.
void CheckEffectiveRange(const Effective& effective, DiagnosticSink& sink);

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_EFFECTIVE_RANGE_H_
