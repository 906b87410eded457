// A short report of what checked rulesets contain, for `bylaw check
// --summary` and `tools/run`: one block per ruleset with its header and
// the number of decisions, tables (and rows), rules, matters, params and
// tests.
#ifndef BYLAW_TOOLS_CLI_SUMMARY_H_
#define BYLAW_TOOLS_CLI_SUMMARY_H_

#include <string>

#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::cli {

std::string RenderSummary(const dsl::Program& program,
                          const dsl::SourceManager& sources);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_SUMMARY_H_
