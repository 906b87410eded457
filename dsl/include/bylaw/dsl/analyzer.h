// Static analysis of a checked program for policy authors: blind spots
// (table gaps), contradictions (overlapping rows, tables of a lower level
// that answer differently from the higher-level table they restate),
// rows that never fire, grades no consumer handles, duplicate supervision
// between matters, and dead declarations.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   std::unique_ptr<Program> program = LoadProgram(paths, {}, sources, sink);
//   Check(*program, sink);
//   if (!sink.has_errors()) Analyze(*program, sources, sink);
//
// Codes (docs/diagnostics.md, "Analysis"):
//   tables   table_gap, unique_overlap, any_conflict (errors);
//            unreachable_row, masked_row, analysis_incomplete,
//            unhandled_grade (warnings)
//   levels   level_conflict, loosened_standard, bad_override,
//            bad_tightening (errors)
//   matters  duplicate_supervision, cooperator_is_initiator,
//            missing_basis (warnings)
//   usage    unused_declaration, unread_field, unused_reason,
//            undocumented_reason (warnings)
//
// The table analysis is exact over enums, bools, texts and intervals of
// numbers and dates: each column is partitioned by the constants its cells
// use, and rows become boxes in the product of the partitions. Cells whose
// values are not known statically (params, which hosts may override) are
// treated conservatively: they may match anything when looking for gaps
// and match nothing when looking for overlaps, so every finding reported is
// real; the diagnostic's help says when a column was approximated.
//
// Analyze only reads the Program; it needs a Program that checked without
// errors (every Expr::type filled). Not reentrant on one sink; distinct
// Programs may be analysed on distinct threads.
#ifndef BYLAW_DSL_ANALYZER_H_
#define BYLAW_DSL_ANALYZER_H_

#include <cstddef>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct AnalyzeOptions {
  // Which groups of checks run.
  bool tables = true;
  bool levels = true;
  bool matters = true;
  bool usage = true;
  // At most this many uncovered regions are reported per table (the last
  // one says how many more there are).
  std::size_t max_gaps_per_table = 5;
  // At most this many overlapping pairs are reported per table.
  std::size_t max_overlaps_per_table = 10;
  // Region splits allowed per table and question before the analysis gives
  // up on it with `analysis_incomplete`; bounds the time on adversarial
  // tables.
  std::size_t step_budget = 200000;
  // Work allowed per table over all its questions, in 64-bit words of
  // region read or written (about a second), and the bytes of regions one
  // question may hold at once; past either the table's analysis stops
  // with `analysis_incomplete` saying which.
  std::size_t work_budget = 1000000000;
  std::size_t memory_budget = std::size_t{256} << 20;
};

// Adds the analysis diagnostics of `program` to `sink`. `sources` must be
// the SourceManager the program was loaded into (header expressions are
// quoted from it). Never throws for any input the checker accepted.
void Analyze(const Program& program, const SourceManager& sources,
             DiagnosticSink& sink, const AnalyzeOptions& options = {});

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_ANALYZER_H_
