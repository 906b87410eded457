// HeaderMerger: the pass that merges the `ruleset` headers of a ruleset's
// files into Ruleset's header fields and checks them (`missing_level`,
// `bad_level`, `bad_status`, `duplicate_header_item`, `conflicting_header`,
// `bad_effective_range`). Internal to dsl/src; run by the loader.
#ifndef BYLAW_DSL_SRC_RESOLVE_HEADER_MERGER_H_
#define BYLAW_DSL_SRC_RESOLVE_HEADER_MERGER_H_

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl::resolve_internal {

class HeaderMerger {
 public:
  explicit HeaderMerger(DiagnosticSink& sink) : sink_(sink) {}
  void Run(Program& program);

 private:
  void Merge(Ruleset& ruleset);
  DiagnosticSink& sink_;
};

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_HEADER_MERGER_H_
