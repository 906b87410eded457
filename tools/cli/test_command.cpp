// `bylaw test` (see test_command.h).
#include "test_command.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/base/html_text.h"
#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/test_bundle.h"
#include "bylaw/runtime.h"
#include "facts_input.h"
#include "json_text.h"

namespace bylaw::cli {
namespace {

namespace fs = std::filesystem;
namespace rt = bylaw::runtime;
using nlohmann::json;

struct TestArgs {
  std::vector<std::string> paths;
  std::string root;
  std::string filter;
  bool verbose = false;
  std::string format = "text";  // text, json or junit
};

// One test's result for --format json|junit: what the text format prints
// for it (failures, notes) kept as `output`.
struct TestRecord {
  std::string title;
  dsl::TestLocation at;
  bool passed = false;
  std::string output;
};

// {"passed": N, "failed": M, "tests": [{"title", "file", "line", "col",
// "passed", "output"}]}
void PrintJson(const std::vector<TestRecord>& records, int passed, int failed) {
  json tests = json::array();
  for (const TestRecord& r : records) {
    tests.push_back({{"title", r.title}, {"file", r.at.file}, {"line", r.at.line},
                     {"col", r.at.col}, {"passed", r.passed}, {"output", r.output}});
  }
  std::cout << json{{"passed", passed}, {"failed", failed}, {"tests", tests}}.dump(2) << "\n";
}

std::string Xml(const std::string& s) { return base::HtmlEscaped(s); }

// JUnit XML as CI servers read it: one <testcase> per test, classname the
// file, a <failure> with the text output for each failing one.
void PrintJunit(const std::vector<TestRecord>& records, int passed, int failed) {
  std::cout << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            << "<testsuites tests=\"" << passed + failed << "\" failures=\"" << failed
            << "\">\n  <testsuite name=\"bylaw test\" tests=\"" << passed + failed
            << "\" failures=\"" << failed << "\">\n";
  for (const TestRecord& r : records) {
    std::cout << "    <testcase classname=\"" << Xml(r.at.file) << "\" name=\""
              << Xml(r.title) << "\" file=\"" << Xml(r.at.file) << "\" line=\"" << r.at.line
              << "\"";
    if (r.passed) {
      std::cout << "/>\n";
    } else {
      std::cout << ">\n      <failure message=\"" << Xml(r.title) << " failed\">"
                << Xml(r.output) << "</failure>\n    </testcase>\n";
    }
  }
  std::cout << "  </testsuite>\n</testsuites>\n";
}

// An error that a called decision reported: one the test hoisted (`call`),
// or one called inside an expect's expression (`call` null) whose output
// fell back.
struct CallError {
  const dsl::TestCall* call = nullptr;
  rt::EvalError error;
  bool fell_back = false;
  std::string text;  // the call, or the expect, as written
  dsl::TestLocation at;
};

std::string Where(const dsl::TestLocation& at) {
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.col);
}

// Selects tests written in files under the paths given on the command
// line (imported rulesets are loaded, not tested).
class PathSelector {
 public:
  explicit PathSelector(const std::vector<std::string>& paths) {
    for (const std::string& p : paths) roots_.push_back(Normal(p));
  }
  bool Selected(const std::string& file) {
    auto [it, inserted] = cache_.emplace(file, false);
    if (!inserted) return it->second;
    const std::string f = Normal(file);
    for (const std::string& root : roots_) {
      if (f == root || (f.compare(0, root.size(), root) == 0 &&
                        f.size() > root.size() &&
                        (root.back() == '/' || f[root.size()] == '/'))) {
        it->second = true;
      }
    }
    return it->second;
  }

 private:
  static std::string Normal(const std::string& p) {
    std::error_code ec;
    fs::path n = fs::weakly_canonical(fs::path(p), ec);
    if (ec) n = fs::path(p).lexically_normal();
    std::string s = n.string();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  }
  std::vector<std::string> roots_;
  std::map<std::string, bool> cache_;
};

// Runs one test case and prints its failures; true when it passed.
class TestRunner {
 public:
  TestRunner(const rt::Rulebook& book, bool verbose)
      : book_(book), verbose_(verbose) {}

  bool Run(const dsl::TestCase& tc);

 private:
  // Evaluates `decision` on `facts`; false (with `problem_` set) when the
  // runtime could not evaluate at all.
  bool Evaluate(const std::string& decision, const json& facts,
                rt::Outcome* outcome);
  json Outputs(const rt::Outcome& outcome) const;
  std::string Explain(std::string message, const dsl::TestCase& tc) const;
  void Header(const dsl::TestCase& tc, const dsl::TestLocation& at);
  void Notes(const std::vector<CallError>& errors) const;
  // `expect fails`: true when an error with its code was reported for it;
  // else prints why not.
  bool CheckFails(const dsl::TestCase& tc, const dsl::TestExpect& expect,
                  const rt::Outcome& outcome,
                  const std::vector<CallError>& call_errors);

  const rt::Rulebook& book_;
  bool verbose_;
  rt::EvaluateOptions options_;
  std::string problem_;
};

bool TestRunner::Evaluate(const std::string& decision, const json& facts,
                          rt::Outcome* outcome) {
  rt::Result<rt::DecisionRef> d = book_.FindDecision(decision);
  if (!d.ok()) {
    problem_ = d.error().ToString();
    return false;
  }
  rt::Result<rt::Facts> f = book_.ParseFacts(*d, facts.dump());
  if (!f.ok()) {
    problem_ = f.error().ToString();
    return false;
  }
  rt::Status s = book_.Evaluate(*d, *f, options_, outcome);
  if (!s.ok()) {
    problem_ = s.error().ToString();
    return false;
  }
  // Every test also runs on the reference interpreter alone
  // (EvaluateOptions::reference): the shortcuts taken by default (the
  // compiled plan, the memo) must not change a single output, error or
  // trace, so both are compared traced as well.
  for (bool trace : {options_.trace, true}) {
    rt::EvaluateOptions fast = options_, reference = options_;
    fast.trace = reference.trace = trace;
    reference.reference = true;
    rt::Result<rt::Outcome> got =
        trace == options_.trace ? rt::Result<rt::Outcome>(*outcome) : book_.Evaluate(*d, *f, fast);
    rt::Result<rt::Outcome> expected = book_.Evaluate(*d, *f, reference);
    const std::string shown = got.ok() ? got->ToJson() : got.error().ToString();
    if (!expected.ok() || expected->ToJson() != shown) {
      problem_ = "the evaluation and the reference interpreter disagree on `" + decision + "`" +
                 (trace ? " (traced)" : "") + ": " + shown + " against " +
                 (expected.ok() ? expected->ToJson() : expected.error().ToString());
      return false;
    }
    if (options_.trace) break;
  }
  return true;
}

json TestRunner::Outputs(const rt::Outcome& outcome) const {
  // Decimals as their exact text: they feed the next call's facts, and a
  // double would round them (ParseKeepingDecimals).
  json doc = ParseKeepingDecimals(outcome.ToJson());
  if (doc.is_discarded() || !doc.contains("outputs")) return json::object();
  return doc["outputs"];
}

// Error messages name hoisted results by their param (`$.__call1.proceed`);
// say which call that was instead.
std::string TestRunner::Explain(std::string message,
                                const dsl::TestCase& tc) const {
  for (auto it = tc.calls.rbegin(); it != tc.calls.rend(); ++it) {
    const std::string param = "$." + it->result;
    for (std::size_t at = message.find(param); at != std::string::npos;
         at = message.find(param, at)) {
      message.replace(at, param.size(), it->text);
      at += it->text.size();
    }
  }
  return message;
}

void TestRunner::Header(const dsl::TestCase& tc, const dsl::TestLocation& at) {
  std::cout << Where(at) << ": FAIL \"" << tc.title << "\"\n";
}

bool TestRunner::CheckFails(const dsl::TestCase& tc,
                            const dsl::TestExpect& expect,
                            const rt::Outcome& outcome,
                            const std::vector<CallError>& call_errors) {
  // The errors this expect is about, in evaluation order: the calls it
  // makes, then its own expression.
  std::vector<const rt::EvalError*> errors;
  for (std::size_t k : expect.fails_calls) {
    for (const CallError& e : call_errors) {
      if (e.call == &tc.calls[k]) errors.push_back(&e.error);
    }
  }
  for (const rt::EvalError& e : outcome.errors()) {
    if (e.output == expect.output) errors.push_back(&e);
  }
  for (const rt::EvalError* e : errors) {
    if (e->code == expect.fails) return true;
  }
  Header(tc, expect.at);
  std::cout << "    " << expect.text << "\n";
  if (errors.empty()) {
    const rt::Value* value = outcome.Find(expect.output);
    std::cout << "    expected it to fail with " << expect.fails
              << ", but it succeeded"
              << (value != nullptr ? ": " + value->ToString() : std::string())
              << "\n";
  } else {
    std::cout << "    expected it to fail with " << expect.fails
              << ", but it failed with " << errors.front()->code << ": "
              << Explain(errors.front()->message, tc) << "\n";
  }
  return false;
}

void TestRunner::Notes(const std::vector<CallError>& errors) const {
  for (const CallError& e : errors) {
    std::cout << "    note: " << e.text << " (" << Where(e.at)
              << "): output `" << e.error.output << "` "
              << (e.fell_back ? "fell back" : "failed") << ": "
              << e.error.code << ": " << e.error.message << "\n";
  }
}

bool TestRunner::Run(const dsl::TestCase& tc) {
  if (!tc.error.empty()) {
    Header(tc, tc.at);
    std::cout << "    cannot run: " << tc.error << "\n";
    return false;
  }
  std::int64_t as_of = Today();
  if (!tc.as_of.empty()) {
    rt::Result<std::int64_t> d = rt::ParseDate(tc.as_of);
    if (d.ok()) as_of = *d;
  }
  options_.as_of = as_of;

  json results = json::object();
  std::vector<CallError> call_errors;
  rt::Outcome outcome;
  for (const dsl::TestCall& call : tc.calls) {
    json inputs = json::object();
    for (const std::string& in : call.inputs) inputs[in] = results[in];
    if (!Evaluate(call.args_decision, inputs, &outcome)) {
      Header(tc, call.at);
      std::cout << "    cannot evaluate the arguments of " << call.text
                << ": " << Explain(problem_, tc) << "\n";
      return false;
    }
    if (!outcome.errors().empty()) {
      Header(tc, call.at);
      const rt::EvalError& e = outcome.errors().front();
      std::cout << "    cannot evaluate the arguments of " << call.text
                << ": " << e.code << ": " << Explain(e.message, tc) << "\n";
      return false;
    }
    json args = Outputs(outcome);
    json facts = json::object();
    for (std::size_t i = 0; i < call.params.size(); ++i) {
      facts[call.params[i]] = args["a" + std::to_string(i)];
    }
    if (!Evaluate(call.decision, facts, &outcome)) {
      Header(tc, call.at);
      std::cout << "    " << call.text << " was given bad facts: "
                << Explain(problem_, tc) << "\n";
      return false;
    }
    json outputs = Outputs(outcome);
    std::map<std::string, int> failures;
    for (const rt::EvalError& e : outcome.errors()) {
      if (e.within.empty()) ++failures[e.output];
    }
    for (const rt::EvalError& e : outcome.errors()) {
      // A fallback that itself failed adds a second error for the output;
      // an error `within` a decision it called fell back there.
      const bool fell_back =
          !e.within.empty() || (call.fallback_outputs.count(e.output) > 0 &&
                                failures[e.output] == 1);
      // Left out, a failed output reads as a missing fact downstream.
      if (!fell_back) outputs.erase(e.output);
      call_errors.push_back({&call, e, fell_back, call.text, call.at});
    }
    results[call.result] = std::move(outputs);
  }

  if (!Evaluate(tc.check_decision, results, &outcome)) {
    Header(tc, tc.at);
    std::cout << "    cannot evaluate: " << Explain(problem_, tc) << "\n";
    return false;
  }
  bool passed = true;
  for (const dsl::TestExpect& expect : tc.expects) {
    if (!expect.fails.empty()) {
      if (!CheckFails(tc, expect, outcome, call_errors)) passed = false;
      continue;
    }
    const rt::EvalError* error = nullptr;
    for (const rt::EvalError& e : outcome.errors()) {
      if (e.output == expect.output) {
        error = &e;
        break;
      }
    }
    const rt::Value* value = outcome.Find(expect.output);
    const bool holds = value != nullptr && value->kind() == rt::ValueKind::kBool &&
                       value->bool_value();
    if (holds) {
      // It held, so its errors are of decisions called inside it whose
      // outputs fell back: like a hoisted call's.
      for (const rt::EvalError& e : outcome.errors()) {
        if (e.output == expect.output) {
          call_errors.push_back({nullptr, e, true, expect.text, expect.at});
        }
      }
      continue;
    }
    passed = false;
    Header(tc, expect.at);
    std::cout << "    " << expect.text << "\n";
    if (error != nullptr && error->code == "MISSING_FACT") {
      // A failed output is left out of the call's result, so reading it
      // reports a missing fact: name the output's own error instead.
      for (const CallError& c : call_errors) {
        if (!c.fell_back &&
            error->message.find(c.call->result + "." + c.error.output + "`") !=
                std::string::npos) {
          error = &c.error;
          break;
        }
      }
    }
    if (error != nullptr) {
      std::cout << "    error: " << error->code << ": "
                << Explain(error->message, tc) << "\n";
    } else if (!expect.lhs_output.empty()) {
      const rt::Value* lhs = outcome.Find(expect.lhs_output);
      const rt::Value* rhs = outcome.Find(expect.rhs_output);
      std::cout << "    left:  " << (lhs ? lhs->ToString() : "?") << "\n"
                << "    right: " << (rhs ? rhs->ToString() : "?") << "\n";
    } else if (value != nullptr) {
      std::cout << "    value: " << value->ToString() << "\n";
    }
    Notes(call_errors);
  }
  if (passed && !call_errors.empty() && tc.named_error_codes.empty()) {
    // Every expect held, but on a fallback: the answer may be right for
    // the wrong reason, unless the test says it is about failing closed.
    passed = false;
    Header(tc, call_errors.front().at);
    std::cout << "    a decision the test calls failed closed, and no "
                 "`expect fails` names an error code\n"
              << "    help: if failing closed is what it checks, say so: "
                 "`expect fails "
              << call_errors.front().text << " with "
              << call_errors.front().error.code << "`\n";
    Notes(call_errors);
  }
  if (passed && verbose_) {
    std::cout << Where(tc.at) << ": ok \"" << tc.title << "\"\n";
  }
  return passed;
}

int RunTest(const TestArgs& args) {
  dsl::Compiler compiler = dsl::CompilerBuilder().SetRoot(args.root).Build();
  dsl::CheckResult checked = compiler.Check(args.paths);
  if (!checked.ok() || checked.program == nullptr) {
    if (checked.sources != nullptr) {
      std::cerr << dsl::RenderText(checked.diagnostics, *checked.sources);
    }
    std::cerr << "bylaw test: the rules did not check ("
              << checked.error_count << " error(s)); no test was run\n";
    return kExitErrors;
  }
  dsl::TestLowerOptions options;
  options.filter = args.filter;
  dsl::TestBundle tests =
      dsl::LowerTests(*checked.program, *checked.sources, options);
  if (!tests.diagnostics.empty()) {
    std::cerr << dsl::RenderText(tests.diagnostics, *checked.sources);
  }
  if (!tests.ok()) {
    std::cerr << "bylaw test: the rules could not be compiled; no test was "
                 "run\n";
    return kExitErrors;
  }
  rt::Result<std::shared_ptr<const rt::Rulebook>> book =
      rt::LoadBundle(tests.bundle);
  if (!book.ok()) {
    PrintError("test", book.error(), std::cerr);
    std::cerr << "bylaw test: the test bundle did not load (a compiler or "
                 "runtime bug); no test was run\n";
    return kExitErrors;
  }
  PathSelector selector(args.paths);
  TestRunner runner(**book, args.verbose);
  int passed = 0, failed = 0;
  std::vector<TestRecord> records;
  for (const dsl::TestCase& tc : tests.tests) {
    if (!selector.Selected(tc.at.file)) continue;
    if (args.format == "text") {
      (runner.Run(tc) ? passed : failed) += 1;
      continue;
    }
    // The runner prints as it goes: capture its text for this test.
    std::ostringstream captured;
    std::streambuf* previous = std::cout.rdbuf(captured.rdbuf());
    const bool ok = runner.Run(tc);
    std::cout.rdbuf(previous);
    (ok ? passed : failed) += 1;
    records.push_back({tc.title, tc.at, ok, captured.str()});
  }
  if (args.format == "json") {
    PrintJson(records, passed, failed);
  } else if (args.format == "junit") {
    PrintJunit(records, passed, failed);
  } else {
    std::cout << passed << " passed, " << failed << " failed\n";
  }
  return failed == 0 ? kExitOk : kExitErrors;
}

}  // namespace

void RegisterTestCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run the test blocks of rule files through the runtime");
  cmd->add_option("paths", args->paths,
                  "Rule files, or directories searched for *.bylaw")
      ->required();
  cmd->add_option("--root", args->root,
                  "Directory imports are resolved from (default: derived from "
                  "the first file's ruleset id)");
  cmd->add_option("--filter", args->filter,
                  "Run only tests whose title contains this text");
  cmd->add_flag("-v,--verbose", args->verbose, "Also list the tests that pass");
  cmd->add_option("--format", args->format,
                  "text (default), json, or junit (XML for CI servers)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->callback([args, &exit_code] { exit_code = RunTest(*args); });
}

}  // namespace bylaw::cli
