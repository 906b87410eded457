// Shared state of one lowering run: the rulesets being lowered, name lookup
// across rulesets and imports, qualified names, and the diagnostic sink.
// Internal to dsl/src/lower; the public entry point is bylaw/dsl/lower.h.
#ifndef BYLAW_DSL_SRC_LOWER_LOWERING_CONTEXT_H_
#define BYLAW_DSL_SRC_LOWER_LOWERING_CONTEXT_H_

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::lower_internal {

// One ruleset as lowering sees it: its id and the modules (files) that
// declare it. Built from a Program, or by hand in tests.
struct RulesetView {
  std::string id;
  std::vector<const Module*> modules;
};

class LoweringContext {
 public:
  LoweringContext(const std::vector<RulesetView>& rulesets,
                  const SourceManager& sources, DiagnosticSink& sink);

  const std::vector<RulesetView>& rulesets() const { return rulesets_; }
  const SourceManager& sources() const { return sources_; }
  DiagnosticSink& sink() const { return sink_; }

  // The id of the ruleset that declares `decl` (empty when unknown).
  const std::string& RulesetOf(const Decl& decl) const;
  // `ruleset.name`, the name every bundle section uses.
  std::string Qualified(const Decl& decl) const;

  // The declaration called `name` of `kind` that code in `from` sees: its
  // own ruleset's first, then each import of `from` in order. Null when
  // none.
  // Every module of a ruleset, across the views that hold it.
  std::vector<const Module*> ModulesOf(const std::string& ruleset) const;
  const Decl* FindVisible(const Module& from, const std::string& name,
                          DeclKind kind) const;
  // Any declaration called `name` in the ruleset imported into `from` as
  // `alias` (`nat.credit_score`). Null when `alias` is not an import alias
  // of `from` or names nothing there.
  const Decl* FindAliased(const Module& from, const std::string& alias,
                          const std::string& name) const;

 private:
  const Decl* FindIn(const std::string& ruleset, const std::string& name,
                     const DeclKind* kind) const;

  const std::vector<RulesetView>& rulesets_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  std::unordered_map<const Decl*, std::string> ruleset_of_;
  std::unordered_map<const Module*, std::string> module_ruleset_;
  // ruleset id -> declarations by name (every kind; names are unique
  // within a ruleset).
  std::map<std::string, std::multimap<std::string, const Decl*>> by_name_;
};

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_LOWERING_CONTEXT_H_
