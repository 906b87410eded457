// Linking imports, cycles, levels and dependency order (see import_graph.h).
#include "import_graph.h"

#include <algorithm>
#include <map>
#include <set>

#include "did_you_mean.h"

namespace bylaw::dsl::resolve_internal {

void ImportGraph::Run(Program& program) {
  for (auto& ruleset : program.rulesets) Link(program, *ruleset);
  for (auto& ruleset : program.rulesets) CheckLevels(*ruleset);
  Order(program);
}

void ImportGraph::Link(Program& program, Ruleset& ruleset) {
  std::set<std::string> seen;
  for (Module* module : ruleset.modules) {
    for (const Import& imp : module->imports) {
      const std::string id = imp.ruleset.ToString();
      if (id.empty()) continue;
      const std::string alias = imp.alias ? imp.alias->text
                                          : imp.ruleset.parts.back().text;
      // Files of one ruleset often repeat the same imports.
      if (!seen.insert(id + " as " + alias).second) continue;
      ResolvedImport resolved;
      resolved.ruleset = program.FindRuleset(id);
      resolved.alias = alias;
      resolved.import = &imp;
      if (resolved.ruleset == nullptr) {
        auto d = sink_.Error("unknown_import", imp.ruleset.range,
                             "no ruleset `" + id + "` found");
        std::string help = DidYouMean(id, known_ids_);
        if (help.empty()) {
          help = "ruleset `" + id + "` would be in `" +
                 (program.root.empty() ? std::string(".") : program.root) +
                 "/" + [&] {
                   std::string p = id;
                   std::replace(p.begin(), p.end(), '.', '/');
                   return p;
                 }() + "/` or `.bylaw`";
        }
        d.Help(help);
      }
      ruleset.imports.push_back(std::move(resolved));
    }
  }
}

void ImportGraph::CheckLevels(Ruleset& ruleset) {
  if (!ruleset.level) return;
  for (const ResolvedImport& imp : ruleset.imports) {
    if (imp.ruleset == nullptr || !imp.ruleset->level) continue;
    // Lower levels have larger enum values.
    if (static_cast<int>(*imp.ruleset->level) <=
        static_cast<int>(*ruleset.level)) {
      continue;
    }
    sink_
        .Error("import_level", imp.import->ruleset.range,
               std::string("a ") + LevelKeyword(*ruleset.level) + " ruleset may not import `" +
                   imp.ruleset->id + "` (" + LevelKeyword(*imp.ruleset->level) + ")")
        .Help(
            "import only rulesets of the same level or higher "
            "(national > provincial > municipal > county); move the "
            "shared declarations up");
  }
}

void ImportGraph::Order(Program& program) {
  // Depth-first post-order: imports before importers. A back edge is a
  // cycle, reported at the import that closes it.
  enum class Mark { kNone, kActive, kDone };
  std::map<const Ruleset*, Mark> marks;
  std::vector<const Ruleset*> stack;
  std::vector<const Ruleset*> order;

  auto visit = [&](auto&& self, const Ruleset* r) -> void {
    marks[r] = Mark::kActive;
    stack.push_back(r);
    for (const ResolvedImport& imp : r->imports) {
      if (imp.ruleset == nullptr) continue;
      Mark m = marks[imp.ruleset];
      if (m == Mark::kActive) {
        auto start = std::find(stack.begin(), stack.end(), imp.ruleset);
        std::string path;
        for (auto it = start; it != stack.end(); ++it) {
          path += "`" + (*it)->id + "` -> ";
        }
        path += "`" + imp.ruleset->id + "`";
        sink_.Error("import_cycle", imp.import->ruleset.range,
                    "import cycle: " + path)
            .Help("rulesets may not import each other in a circle; move the "
                  "shared declarations into one of them or a common "
                  "higher ruleset");
      } else if (m == Mark::kNone) {
        self(self, imp.ruleset);
      }
    }
    stack.pop_back();
    marks[r] = Mark::kDone;
    order.push_back(r);
  };
  for (const auto& r : program.rulesets) {
    if (marks[r.get()] == Mark::kNone) visit(visit, r.get());
  }

  std::map<const Ruleset*, std::size_t> rank;
  for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  std::stable_sort(program.rulesets.begin(), program.rulesets.end(),
                   [&](const auto& a, const auto& b) {
                     return rank[a.get()] < rank[b.get()];
                   });
}

}  // namespace bylaw::dsl::resolve_internal
