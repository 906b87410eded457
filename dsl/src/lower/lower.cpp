// bylaw::dsl::Lower (see bylaw/dsl/lower.h): gathers each ruleset's
// modules from the Program and hands them to LowerRulesets.
#include "bylaw/dsl/lower.h"

#include <memory>
#include <string>

#include "bylaw/dsl/program.h"
#include "lower_rulesets.h"

namespace bylaw::dsl {

LowerResult Lower(const Program& program, const SourceManager& sources,
                  const LowerOptions& options) {
  std::vector<lower_internal::RulesetView> views;
  for (const std::unique_ptr<Ruleset>& ruleset : program.rulesets) {
    lower_internal::RulesetView view;
    view.id = ruleset->id;
    view.modules.assign(ruleset->modules.begin(), ruleset->modules.end());
    views.push_back(std::move(view));
  }
  return lower_internal::LowerRulesets(std::move(views), sources, options);
}

}  // namespace bylaw::dsl
