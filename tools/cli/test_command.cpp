// `bylaw test` (see test_command.h).
#include "test_command.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/test_bundle.h"
#include "bylaw/runtime.h"
#include "facts_input.h"

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
};

// An error that a called decision reported.
struct CallError {
  const dsl::TestCall* call = nullptr;
  rt::EvalError error;
  bool fell_back = false;
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
  // (EvaluateOptions::reference): the shortcuts taken by default must not
  // change a single output, error or trace.
  rt::EvaluateOptions reference = options_;
  reference.reference = true;
  rt::Result<rt::Outcome> expected = book_.Evaluate(*d, *f, reference);
  if (!expected.ok() || expected->ToJson() != outcome->ToJson()) {
    problem_ = "the evaluation and the reference interpreter disagree on `" + decision +
               "`: " + outcome->ToJson() + " against " +
               (expected.ok() ? expected->ToJson() : expected.error().ToString());
    return false;
  }
  return true;
}

json TestRunner::Outputs(const rt::Outcome& outcome) const {
  json doc = json::parse(outcome.ToJson(), nullptr, false);
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

void TestRunner::Notes(const std::vector<CallError>& errors) const {
  for (const CallError& e : errors) {
    std::cout << "    note: " << e.call->text << " (" << Where(e.call->at)
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
    for (const rt::EvalError& e : outcome.errors()) ++failures[e.output];
    for (const rt::EvalError& e : outcome.errors()) {
      // A fallback that itself failed adds a second error for the output.
      const bool fell_back =
          call.fallback_outputs.count(e.output) > 0 && failures[e.output] == 1;
      // Left out, a failed output reads as a missing fact downstream.
      if (!fell_back) outputs.erase(e.output);
      call_errors.push_back({&call, e, fell_back});
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
    const rt::EvalError* error = nullptr;
    for (const rt::EvalError& e : outcome.errors()) {
      if (e.output == expect.output) {
        error = &e;
        break;
      }
    }
    const rt::Value* value = outcome.Find(expect.output);
    const bool ok = error == nullptr && value != nullptr &&
                    value->kind() == rt::ValueKind::kBool &&
                    value->bool_value();
    if (ok) continue;
    passed = false;
    Header(tc, expect.at);
    std::cout << "    " << expect.text << "\n";
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
    Header(tc, call_errors.front().call->at);
    std::cout << "    a decision the test calls failed closed, and no expect "
                 "names an error code\n"
              << "    help: if failing closed is what it checks, add an "
                 "expect naming the code, e.g. `expect r.reasons.code "
                 "contains \""
              << call_errors.front().error.code << "\"`\n";
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
  for (const dsl::TestCase& tc : tests.tests) {
    if (!selector.Selected(tc.at.file)) continue;
    (runner.Run(tc) ? passed : failed) += 1;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
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
  cmd->callback([args, &exit_code] { exit_code = RunTest(*args); });
}

}  // namespace bylaw::cli
