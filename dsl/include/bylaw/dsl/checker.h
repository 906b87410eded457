// Checking a loaded program: name resolution and type checking.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   std::unique_ptr<Program> program =
//       LoadProgram({"rulesets/nantong"}, {}, sources, sink);
//   Check(*program, sink);
//   if (sink.has_errors()) { /* render sink.Sorted() */ }
//
// Check runs these passes in order, each over the whole Program, each
// going on after errors (codes in docs/diagnostics.md):
//   ScopeBuilder    Decl::module, Ruleset::scope; duplicate_name,
//                   shadows_import
//   TypeChecker     names in expressions (NameExpr::decl, CallExpr::decl,
//                   RecordExpr::decl), Expr::type, TypeRef::resolved, and
//                   the rules of each declaration kind
//   RecursionCheck  recursive_definition over the call graph
// Conventions later stages rely on:
//   - a bare enum member (`A`) has NameExpr::decl = its enum's Decl and
//     the enum type; `CreditClass.A` is a FieldExpr whose base NameExpr
//     has decl = the enum and no type;
//   - `alias.name` is a FieldExpr whose base NameExpr has no decl and type
//     kUnknown; the FieldExpr has the declaration's value type;
//   - calls of builtins (count, sum, min, max, len, today, as_of, year,
//     reasons, followups) have CallExpr::decl = null.
// A Program that checked without errors has no kError or kUnknown type on
// any expression that lowering reads.
//
// Check is not reentrant on one Program; distinct Programs may be checked
// on distinct threads.
#ifndef BYLAW_DSL_CHECKER_H_
#define BYLAW_DSL_CHECKER_H_

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl {

// Resolves and type-checks `program` (loaded by LoadProgram or
// AssembleProgram), adding problems to `sink`. Call once per Program.
void Check(Program& program, DiagnosticSink& sink);

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_CHECKER_H_
