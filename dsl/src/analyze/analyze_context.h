// What every analysis pass reads and writes. Internal to dsl/src/analyze;
// bylaw/dsl/analyzer.h is the public entry.
#ifndef BYLAW_DSL_SRC_ANALYZE_ANALYZE_CONTEXT_H_
#define BYLAW_DSL_SRC_ANALYZE_ANALYZE_CONTEXT_H_

#include "bylaw/dsl/analyzer.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::analyze_internal {

struct AnalyzeContext {
  const Program& program;
  const SourceManager& sources;
  DiagnosticSink& sink;
  const AnalyzeOptions& options;
};

// Table gaps, overlaps by hit policy, unreachable and masked rows
// (table_checks.cpp).
void CheckTables(const AnalyzeContext& ctx);
// Scorecard bands: scores no band matches, bands that never apply
// (scorecard_checks.cpp).
void CheckScorecards(const AnalyzeContext& ctx);
// Duplicate supervision, cooperators that include the initiator, missing
// bases (matter_checks.cpp).
void CheckMatters(const AnalyzeContext& ctx);
// Dead declarations, unread fact fields, unused and undocumented reasons
// (usage_checks.cpp).
void CheckUsage(const AnalyzeContext& ctx);
// Tables of lower levels that answer differently from the higher-level
// tables they override; `overrides` and `tightens` declarations
// (level_checks.cpp).
void CheckLevels(const AnalyzeContext& ctx);
// Grades a grading table or scorecard produces that a table it feeds does
// not handle (grade_checks.cpp).
void CheckGrades(const AnalyzeContext& ctx);

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_ANALYZE_CONTEXT_H_
