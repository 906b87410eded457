// `bylaw test PATH... [--root DIR] [--filter TEXT] [--verbose]`: runs the
// rulesets' own `test` blocks through the runtime and ends with the line
// `N passed, M failed`.
#ifndef BYLAW_TOOLS_CLI_TEST_COMMAND_H_
#define BYLAW_TOOLS_CLI_TEST_COMMAND_H_

#include "command.h"

namespace bylaw::cli {

// Adds the `test` subcommand. Exit codes: 0 every selected test passed,
// 1 a test failed or the rules did not compile, 2 usage.
//
// Tests run are those written in files under PATH...; imported rulesets
// are loaded but their tests are not run. Each test is lowered to
// synthetic decisions (bylaw/dsl/test_bundle.h) and evaluated as of its
// `as_of` (else its ruleset's effective date, else today). A test fails
// when an expect is false or cannot be evaluated, or when a decision it
// calls reports an evaluation error (it failed closed) while the test names
// no error code (MISSING_FACT, NOT_IN_FORCE, ...) in any expect: a test
// that means to check a fallback says so.
void RegisterTestCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_TEST_COMMAND_H_
