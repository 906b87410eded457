// The resolved program: parsed files grouped into rulesets, with merged
// headers, resolved imports and name scopes.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   std::unique_ptr<Program> program =
//       LoadProgram({"rulesets/nantong"}, {}, sources, sink);  // loader.h
//   Check(*program, sink);                                      // checker.h
//   for (const Ruleset* r : program->ordered()) {
//     for (const Module* m : r->modules) { /* m->decls ... */ }
//   }
//
// A Program owns its Modules (and so every AST node); the SourceManager
// that holds the file texts is owned by the caller and must outlive the
// Program when ranges are rendered. After LoadProgram the rulesets, their
// headers and imports are filled; after Check every Decl::module is set,
// names link to declarations (NameExpr::decl, CallExpr::decl,
// RecordExpr::decl), and every Expr::type and TypeRef::resolved is filled.
//
// Lookups are const and allocation-free, so lowering and analysis passes
// can call them freely. A Program is not thread-safe while being checked;
// once checked it may be read from several threads.
#ifndef BYLAW_DSL_PROGRAM_H_
#define BYLAW_DSL_PROGRAM_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl {

struct Ruleset;

// `import x.y as z` of one ruleset, resolved.
struct ResolvedImport {
  const Ruleset* ruleset = nullptr;  // null when the import is unknown
  std::string alias;                 // `z`, or the last segment `y`
  const Import* import = nullptr;    // as written (first file that wrote it)
};

// One ruleset: every file that declares the id, with the header items
// merged across those files.
struct Ruleset {
  std::string id;  // `nantong.rudong`
  // Merged header. `level` is nullopt when missing or misspelled (already
  // reported); `status` defaults to in force.
  std::optional<Level> level;
  RulesetStatus status = RulesetStatus::kInForce;
  std::optional<Effective> effective;
  std::optional<Text> title;
  std::optional<Text> jurisdiction;
  std::optional<Text> source;
  std::optional<Text> version;

  std::vector<Module*> modules;  // in load order; owned by Program
  std::vector<ResolvedImport> imports;  // one per distinct imported ruleset
  // This ruleset's own top-level declarations by name (tests excluded).
  // The first declaration wins when a name is duplicated.
  std::map<std::string, const Decl*> scope;

  // Own declaration called `name`, or null.
  const Decl* FindOwn(const std::string& name) const;
  // The import whose alias is `alias`, or null.
  const ResolvedImport* FindAlias(const std::string& alias) const;
  // What a bare `name` means here: the own declaration if any, else the
  // single imported declaration of that name. Null when unknown or
  // ambiguous (several imports provide it).
  const Decl* FindVisible(const std::string& name) const;
  // Every imported declaration called `name`, one per import, in import
  // order (more than one means the bare name is ambiguous).
  std::vector<const Decl*> FindImported(const std::string& name) const;
};

// All rulesets of a compilation.
struct Program {
  // Every parsed module, in load order.
  std::vector<std::unique_ptr<Module>> modules;
  // Every ruleset, in dependency order: a ruleset comes after the rulesets
  // it imports (cycles, already reported, are broken at an arbitrary edge).
  std::vector<std::unique_ptr<Ruleset>> rulesets;
  // Where the rulesets root was (derived or given): imports are searched
  // there.
  std::string root;

  // The ruleset with this id, or null.
  const Ruleset* FindRuleset(const std::string& id) const;
  Ruleset* FindRuleset(const std::string& id);
  // The ruleset a module belongs to (null for modules without a header).
  const Ruleset* RulesetOf(const Module& module) const;
  // The ruleset a declaration belongs to (uses Decl::module, set by
  // resolution; null before).
  const Ruleset* RulesetOf(const Decl& decl) const;
  // `ruleset.name`, the globally unique name of a declaration.
  std::string QualifiedNameOf(const Decl& decl) const;
  // Rulesets in dependency order, as plain pointers.
  std::vector<const Ruleset*> ordered() const;

  // Maintained by the loader; use RulesetOf.
  std::unordered_map<const Module*, Ruleset*> module_ruleset;
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_PROGRAM_H_
