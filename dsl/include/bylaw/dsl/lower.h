// Lowering: turn a checked Program into a Bundle (docs/bundle.md), the JSON
// artefact the runtime loads.
//
//   bylaw::dsl::CheckResult checked = compiler.Check({"rulesets/nantong"});
//   if (!checked.ok()) return;
//   bylaw::dsl::LowerResult lowered =
//       bylaw::dsl::Lower(*checked.program, *checked.sources, {});
//   if (lowered.ok()) WriteFile("bundle.json", lowered.bundle);
//
// Lowering reads the semantic slots the checker filled (expression types,
// declaration links, resolved type references); it must only be called on a
// Program that checked without errors. It adds diagnostics only for the
// rare things the Bundle format cannot express (an integer literal beyond
// 64 bits, a decimal with more than six fractional digits, ...); when it
// reports an error the bundle is empty.
//
// The output is deterministic: the same sources (and options) give
// byte-identical bundles. Top-level sections are sorted by qualified name;
// lists whose order means something (enum members, record fields, table
// rows, decision items) keep source order.
//
// Lower is a pure function of its arguments; calls on different Programs
// may run on different threads.
#ifndef BYLAW_DSL_LOWER_H_
#define BYLAW_DSL_LOWER_H_

#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct Program;

struct LowerOptions {
  // Indent the JSON by two spaces for people to read. Off by default: the
  // compact form is the canonical serialisation the hash is computed over.
  // Either form hashes the same.
  bool pretty = false;
  // When set, source-map file paths under this directory are written
  // relative to it, so that bundles built from different checkouts match.
  // Paths elsewhere are written as the SourceManager holds them.
  std::string source_root;
};

struct LowerResult {
  // The sealed bundle text (its `hash` filled in); empty on error.
  std::string bundle;
  // `sha256:<64 hex>`, the bundle's content hash; empty on error.
  std::string hash;
  // Problems found while lowering, sorted like DiagnosticSink::Sorted().
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return !bundle.empty(); }
};

// Lowers every ruleset of `program` (whose files `sources` holds) into one
// bundle. Never throws.
LowerResult Lower(const Program& program, const SourceManager& sources,
                  const LowerOptions& options = {});

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_LOWER_H_
