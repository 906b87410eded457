// Lowering of the rulesets' own `test` blocks into a test bundle that the
// runtime evaluates, so that tests exercise exactly the code hosts run.
//
//   CheckResult checked = compiler.Check({"rulesets"});
//   if (!checked.ok()) return;
//   TestBundle tests = LowerTests(*checked.program, *checked.sources);
//   // Load tests.bundle with bylaw::runtime::LoadBundle, then for each
//   // TestCase: evaluate each TestCall in order (its args decision, then
//   // the called decision on those args), then the check decision with
//   // every call's outputs as facts (see tools/cli/test_command.cpp).
//
// Each test becomes synthetic decisions in a ruleset `__test` (always in
// force, so that a test may evaluate any date), added to the program's own
// bundle built by the same lowering code as `bylaw compile`:
//   - the test's `given`s are decision `let`s, in order;
//   - each `expect` is a bool output `expect<N>`; a top-level comparison
//     also gets outputs `expect<N>_lhs` and `expect<N>_rhs`, so that a
//     failure can show both sides; `expect fails E with CODE` makes E
//     itself the output and is checked against the errors (TestExpect);
//   - a call of a decision (`may_inspect(e, i)`) is hoisted into a
//     TestCall, so that the runner sees its errors as a host would (a call
//     inside a comprehension body, which may read the comprehension
//     variable, stays a `call_decision` of the IR instead). Its arguments are
//     the outputs `a<N>` of an args decision; the runner evaluates the real
//     decision on them (as facts JSON, like a host) and passes its outputs
//     to later decisions as a param named `__call<K>` whose type is the
//     decision's output struct. Outputs that failed without a fallback are
//     left out, so reading them fails with MISSING_FACT.
//
// LowerTests is a pure function of its arguments; it never throws.
#ifndef BYLAW_DSL_TEST_BUNDLE_H_
#define BYLAW_DSL_TEST_BUNDLE_H_

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct Program;

// Where something was written: the path as the SourceManager holds it and
// a 1-based line and byte column.
struct TestLocation {
  std::string file;
  int line = 0;
  int col = 0;
};

// One hoisted call of a decision inside a test.
struct TestCall {
  std::string args_decision;        // synthetic; outputs a0, a1, ...
  std::string decision;             // the called decision, qualified
  std::vector<std::string> params;  // its param names, in order
  // Names of its outputs that have an `else` fallback.
  std::set<std::string> fallback_outputs;
  // The param that carries this call's outputs into later decisions.
  std::string result;
  // The `__call<K>` params that the args decision takes (earlier calls).
  std::vector<std::string> inputs;
  std::string text;  // the call as written
  TestLocation at;
};

// One `expect` of a test.
struct TestExpect {
  std::string output;      // `expect<N>` of the check decision
  std::string lhs_output;  // empty unless a top-level comparison
  std::string rhs_output;
  std::string op;          // `==`, `contains`, ... when a comparison
  std::string text;        // the expect as written
  TestLocation at;
  // `expect fails E with CODE`: CODE, else empty. Then `output` is E's
  // value (any type), and the expect holds when an error with that code is
  // reported for `output` or by one of the calls `fails_calls` (indices
  // into TestCase::calls: the calls E makes, or the call a given E names
  // was bound to).
  std::string fails;
  std::vector<std::size_t> fails_calls;
};

struct TestCase {
  std::string title;
  std::string ruleset;
  TestLocation at;
  // `YYYY-MM-DD`: the test's `as_of`, else the ruleset's effective date;
  // empty when neither is written (the runner uses today).
  std::string as_of;
  std::vector<TestCall> calls;
  std::string check_decision;  // synthetic; outputs expect<N>...
  std::vector<TestExpect> expects;
  // Evaluation error codes (MISSING_FACT, NOT_IN_FORCE, ...) that the
  // test's `expect fails` name: such a test is about failing closed, so
  // errors inside the decisions it calls do not fail it by themselves.
  std::set<std::string> named_error_codes;
  // Set when the test could not be lowered (then it has no decisions and
  // fails with this message; details are in TestBundle::diagnostics).
  std::string error;
};

struct TestLowerOptions {
  // Run only tests whose title contains this text (empty: all).
  std::string filter;
};

struct TestBundle {
  // The sealed bundle: the program's own declarations plus the synthetic
  // decisions. Empty when the program itself could not be lowered.
  std::string bundle;
  std::vector<TestCase> tests;  // in ruleset, file and source order
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return !bundle.empty(); }
};

// Lowers every test of `program` (checked without errors) that passes the
// filter. A test that cannot be lowered (a compiler bug) is reported and
// marked failed; the other tests still run.
TestBundle LowerTests(const Program& program, const SourceManager& sources,
                      const TestLowerOptions& options = {});

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_TEST_BUNDLE_H_
