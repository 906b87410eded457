// `bylaw eval (PATH...|--bundle B) --decision NAME (--facts FILE|- |
// --batch FILE.jsonl) [--as-of DATE] [--trace] [--root DIR] [--log FILE
// [--log-facts]]`: evaluates a
// decision and prints its outcome as JSON, `{"decision", "as_of",
// "outputs", "errors", "complete", "trace"}` (trace is null unless asked
// for). `bylaw explain` takes the same inputs and shares their handling.
#ifndef BYLAW_TOOLS_CLI_EVAL_COMMAND_H_
#define BYLAW_TOOLS_CLI_EVAL_COMMAND_H_

#include <optional>
#include <string>

#include "bylaw/runtime.h"
#include "command.h"
#include "facts_input.h"

namespace bylaw::cli {

struct EvalArgs {
  RulesInput rules;
  std::string decision;
  std::string facts;   // a file, or `-` for standard input
  std::string batch;   // a JSON Lines file (eval only)
  bool quiet = false;  // --batch: no progress on the terminal
  int threads = 0;     // --batch: evaluating threads; 0: one per core
  std::string as_of;   // overrides the facts' `as_of`
  bool trace = false;
};

// Adds the options shared by eval and explain to `cmd`.
void AddEvalOptions(CLI::App* cmd, EvalArgs& args);

// Everything an evaluation needs once the inputs were checked.
struct PreparedEval {
  LoadedRules rules;
  runtime::DecisionRef decision;
  runtime::EvaluateOptions options;
};

// Checks the usage (exit 2), loads the rules and finds the decision (exit
// 1), printing what went wrong to stderr prefixed with `verb`. On failure
// returns nullopt and sets `exit_code`.
std::optional<PreparedEval> PrepareEval(const EvalArgs& args,
                                        const std::string& verb,
                                        bool allow_batch, int* exit_code);

// Reads and validates the facts document (exit 1 with every bad JSON path
// on stderr when invalid). `facts_text`, when given, receives the document
// as read (for the audit log).
std::optional<runtime::Facts> ReadFacts(const PreparedEval& prepared,
                                        const EvalArgs& args,
                                        const std::string& verb,
                                        std::string* facts_text = nullptr);

// Adds the `eval` subcommand. Exit codes: 0 evaluated (even when the answer
// is "no" or an output failed closed), 1 bad input (unreadable or invalid
// facts, unknown decision, rules that do not compile; in a batch, any bad
// line), 2 usage.
//
// With --batch, each line is one facts document and gives one line of
// output, in order: the outcome, or `{"error": {"code", "message",
// "details"}, "line": N}` for a line that could not be evaluated; the
// other lines go on. Blank lines are skipped (and counted in the numbers).
// `--threads N` evaluates on N threads (default one per core, one with
// --log); the output does not depend on N.
// When stderr is a terminal and stdout is not, a progress line shows the
// lines done, the share of the file read and the time left; `--quiet`
// turns it off; off a terminal there is none.
void RegisterEvalCommand(CLI::App& app, int& exit_code);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_EVAL_COMMAND_H_
