// ImportGraph: the pass that links each ruleset's imports to the loaded
// rulesets, reports `unknown_import`, `import_cycle` and `import_level`,
// and sorts Program::rulesets into dependency order. Internal to dsl/src;
// run by the loader after the headers are merged.
#ifndef BYLAW_DSL_SRC_RESOLVE_IMPORT_GRAPH_H_
#define BYLAW_DSL_SRC_RESOLVE_IMPORT_GRAPH_H_

#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl::resolve_internal {

class ImportGraph {
 public:
  // `known_ids`: every ruleset id that exists anywhere (loaded or found
  // under the root), offered as did-you-mean for unknown imports.
  ImportGraph(DiagnosticSink& sink, std::vector<std::string> known_ids)
      : sink_(sink), known_ids_(std::move(known_ids)) {}
  void Run(Program& program);

 private:
  void Link(Program& program, Ruleset& ruleset);
  void CheckLevels(Ruleset& ruleset);
  void Order(Program& program);

  DiagnosticSink& sink_;
  std::vector<std::string> known_ids_;
};

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_IMPORT_GRAPH_H_
