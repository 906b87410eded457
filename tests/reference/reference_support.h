// Shared by the reference tests: compile bylaw text to a checked program and
// a bundle, run the bundle, and write an evaluation of either interpreter
// in one comparable form.
#ifndef BYLAW_TESTS_REFERENCE_REFERENCE_SUPPORT_H_
#define BYLAW_TESTS_REFERENCE_REFERENCE_SUPPORT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/program.h"
#include "bylaw/runtime.h"
#include "reference_interpreter.h"

namespace bylaw::reference {

// A checked program and its bundle, compiled from text in a temporary
// directory (the compiler reads files).
struct Compiled {
  dsl::CompileResult result;
  std::vector<std::pair<std::string, std::string>> errors;  // code, message
  std::string rendered;  // every diagnostic, for failure messages
};
Compiled Compile(const std::string& source);

// The top-level declaration called `name`, or null.
const dsl::Decl* FindDecl(const dsl::Program& program, const std::string& name);

// One evaluation written out for comparison: `name = value` per output as
// in the language, then `error output: CODE` per error in order, then
// `complete` or `incomplete`, then `trial` for a trial ruleset.
std::string ShowRuntime(const runtime::Outcome& o);
std::string ShowReference(const ReferenceOutcome& o);

// What the runtime answered for decision `dec`: its rendering, or why it
// refused (`bundle refused: ...`, `facts refused: ...`).
struct RuntimeAnswer {
  bool refused = false;  // the facts were refused
  std::string shown;
};
// Evaluates decision `dec` of `bundle` on `facts`; `shown` also reports a
// disagreement between the runtime's default and reference paths.
RuntimeAnswer RunBundle(const std::string& bundle, const std::string& facts);

// `2025-07-01` -> days since 1970-01-01.
std::int64_t ParseIsoDate(const std::string& date);

}  // namespace bylaw::reference

#endif  // BYLAW_TESTS_REFERENCE_REFERENCE_SUPPORT_H_
