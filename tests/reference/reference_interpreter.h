// A reference interpreter of bylaw's checked AST (bylaw/dsl/ast.h), written
// to follow docs/design/semantics.md paragraph by paragraph (each step cites
// its S<section>.<n>). It is deliberately naive: a tree walk over the AST,
// values copied, environments as maps, no indexes, no caching beyond what
// the semantics states (a top-level let is computed once, S8.1). It exists
// to be compared with the compiled bundle by the differential test
// (differential_test.cpp); it is not part of the product.
//
// Failures are C++ exceptions inside this file only (the product's runtime
// never throws); Evaluate returns them as data.
//
// Not covered (the differential generator does not produce them): imports
// and `alias.name`, matters, host param overrides, int-named enum members.
// Evaluating one of those throws std::logic_error, which fails the test
// loudly rather than guessing.
#ifndef BYLAW_TESTS_REFERENCE_REFERENCE_INTERPRETER_H_
#define BYLAW_TESTS_REFERENCE_REFERENCE_INTERPRETER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/program.h"
#include "reference_value.h"

namespace bylaw::reference {

struct ReferenceError {
  std::string code;     // MISSING_FACT, NO_MATCH, ... (semantics.md S15.1)
  std::string message;
  std::string output;   // the decision output whose evaluation failed
};

struct ReferenceOutcome {
  std::vector<std::string> names;  // outputs in declaration order
  std::vector<RValue> outputs;     // none when failed without fallback
  std::vector<bool> failed;        // output i took neither a value nor a fallback
  std::vector<ReferenceError> errors;
  bool complete = true;
  bool trial = false;  // the ruleset's status is `trial` (S14.2)
};

class ReferenceInterpreter {
 public:
  // `program` must have been checked without errors and outlive this.
  explicit ReferenceInterpreter(const dsl::Program& program) : program_(program) {}

  // Evaluates `decision` with its params bound to `args` (in declaration
  // order; a missing value is an absent fact, S4.2) as of `as_of` (days
  // since 1970-01-01; nullopt when the facts document gave none).
  ReferenceOutcome Evaluate(const dsl::Decl& decision, const std::vector<RValue>& args,
                            std::optional<std::int64_t> as_of) const;

  // The qualified name of a declaration (`p.t`), as the runtime names it.
  std::string QualifiedName(const dsl::Decl& d) const { return program_.QualifiedNameOf(d); }

 private:
  const dsl::Program& program_;
};

}  // namespace bylaw::reference

#endif  // BYLAW_TESTS_REFERENCE_REFERENCE_INTERPRETER_H_
