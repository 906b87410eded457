// Analyze (see bylaw/dsl/analyzer.h): runs the analysis passes in order.
#include "bylaw/dsl/analyzer.h"

#include "analyze_context.h"

namespace bylaw::dsl {

void Analyze(const Program& program, const SourceManager& sources,
             DiagnosticSink& sink, const AnalyzeOptions& options) {
  const analyze_internal::AnalyzeContext ctx{program, sources, sink, options};
  if (options.tables) analyze_internal::CheckTables(ctx);
  if (options.tables) analyze_internal::CheckScorecards(ctx);
  if (options.levels) analyze_internal::CheckLevels(ctx);
  if (options.tables) analyze_internal::CheckGrades(ctx);
  if (options.matters) analyze_internal::CheckMatters(ctx);
  if (options.usage) analyze_internal::CheckUsage(ctx);
}

}  // namespace bylaw::dsl
