// Lowering from RulesetViews, the form lower.cpp builds from a Program and
// tests build by hand. Internal to dsl/src/lower; see bylaw/dsl/lower.h.
#ifndef BYLAW_DSL_SRC_LOWER_LOWER_RULESETS_H_
#define BYLAW_DSL_SRC_LOWER_LOWER_RULESETS_H_

#include <vector>

#include "bylaw/dsl/lower.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

// As bylaw::dsl::Lower. `rulesets` may come in any order.
LowerResult LowerRulesets(std::vector<RulesetView> rulesets,
                          const SourceManager& sources,
                          const LowerOptions& options);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_LOWER_RULESETS_H_
