// No exception crosses the runtime's API (issue 17, finding 2): JSON that
// nlohmann/json parses without exceptions but throws on when asked for
// details (a number beyond a double), thrown standard exceptions mapped by
// CatchExceptions, and Result's access preconditions, which abort with a
// message instead of throwing.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bylaw.h"
#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;

namespace {

// A value of every kind nlohmann/json refuses to hold: `1e400` overflows
// a double (out_of_range.406 in the throwing parser).
const char* const kOverflowBundle = R"({"format":"bylaw-bundle","x":1e400})";

std::string Fixture() {
  std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/supervision.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto sealed = rt::SealBundle(ss.str());
  REQUIRE(sealed.ok());
  return *sealed;
}

TEST_CASE("a bundle with an overflowing number is refused, not thrown") {
  for (bool verify : {true, false}) {
    rt::LoadOptions o;
    o.verify_hash = verify;
    rt::Result<std::shared_ptr<const rt::Rulebook>> book = rt::LoadBundle(kOverflowBundle, o);
    REQUIRE_FALSE(book.ok());
    CHECK(book.error().code == "bundle_not_json");
    CHECK(book.error().message.find("1e400") != std::string::npos);
  }
  rt::Engine engine;
  rt::Status s = engine.Load(kOverflowBundle);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "bundle_not_json");
  CHECK(engine.Current() == nullptr);

  rt::Result<std::string> sealed = rt::SealBundle(kOverflowBundle);
  REQUIRE_FALSE(sealed.ok());
  CHECK(sealed.error().code == "bundle_not_json");
}

TEST_CASE("facts with an overflowing number are refused, not thrown") {
  auto book = rt::LoadBundle(Fixture());
  REQUIRE(book.ok());
  const std::string name = (*book)->decision_names().front();
  auto d = (*book)->FindDecision(name);
  REQUIRE(d.ok());
  auto facts = (*book)->ParseFacts(*d, R"({"as_of":"2025-01-01","x":1e400})");
  REQUIRE_FALSE(facts.ok());
  // Numbers are read from their text (exact_json.h): 1e400 is out of range,
  // named with its path, never an exception.
  CHECK(facts.error().code == "facts_invalid");
  CHECK(facts.error().message.find("1e400") != std::string::npos);
  auto out = (*book)->EvaluateJson(name, "[1e400]");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().code == "facts_invalid");
}

TEST_CASE("the C API refuses the same inputs with an error object") {
  bylaw_engine* engine = bylaw_engine_new();
  REQUIRE(engine != nullptr);
  char* error = nullptr;
  CHECK(bylaw_engine_load(engine, kOverflowBundle, std::strlen(kOverflowBundle), &error) != 0);
  REQUIRE(error != nullptr);
  CHECK(std::string(error).find("bundle_not_json") != std::string::npos);
  bylaw_string_free(error);
  error = nullptr;
  bylaw_engine* bad = bylaw_engine_new_with_options(R"({"verify_hash":1e400})", &error);
  CHECK(bad == nullptr);
  REQUIRE(error != nullptr);
  CHECK(std::string(error).find("invalid_options") != std::string::npos);
  bylaw_string_free(error);
  bylaw_engine_free(engine);
}

TEST_CASE("CatchExceptions turns what the standard library throws into errors") {
  struct Case {
    const char* name;
    void (*thrower)();
    const char* code;
    const char* message;
  };
  static const Case kCases[] = {
      {"bad_alloc", [] { throw std::bad_alloc(); }, "out_of_memory", "out of memory"},
      {"length_error", [] { (void)std::string().reserve(std::string().max_size() + 1); },
       "out_of_memory", "out of memory"},
      {"stoi", [] { (void)std::stoi("x"); }, "boundary", "stoi"},
      {"nlohmann prefix", [] { throw std::out_of_range("[json.exception.out_of_range.406] number overflow"); },
       "boundary", "number overflow"},
      {"not std", [] { throw 42; }, "boundary", "unknown exception"},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.name) {
      rt::Status s = rt::CatchExceptions("boundary", [&]() -> rt::Status {
        c.thrower();
        return {};
      });
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == c.code);
      CHECK(s.error().message.rfind(c.message, 0) == 0);
    }
  }
}

// Runs `body` in a child process; true when the child died of SIGABRT (a
// throw caught there exits 7 instead).
bool AbortsWithoutThrowing(void (*body)()) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not Catch2's handler: the abort is expected
    try {
      body();
    } catch (...) {
      ::_exit(7);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

TEST_CASE("Result's access preconditions abort with a message and never throw") {
  CHECK(AbortsWithoutThrowing([] {
    rt::Result<int> r = rt::Error{"code", "message", {}};
    (void)r.value();
  }));
  CHECK(AbortsWithoutThrowing([] {
    const rt::Result<std::string> r = rt::Error{"code", "message", {}};
    (void)r->size();
  }));
  CHECK(AbortsWithoutThrowing([] {
    rt::Result<int> r = 1;
    (void)r.error();
  }));
  // The right alternative is untouched.
  rt::Result<int> ok = 5;
  CHECK(ok.value() == 5);
  rt::Result<int> bad = rt::Error{"c", "m", {}};
  CHECK(bad.error().code == "c");
}

}  // namespace

// rt::ParseEvaluateOptions: the one mapping of the options' names (the C
// API's options_json, the Python binding, bylaw serve's query).
TEST_CASE("ParseEvaluateOptions maps every option and refuses a wrong type") {
  rt::Result<rt::EvaluateOptions> all = rt::ParseEvaluateOptions(
      R"({"trace": true, "trace_tables_and_rules_only": true, "as_of": "2025-08-01",)"
      R"( "params": {"limit": 2.50}, "unknown": 1})");
  REQUIRE(all.ok());
  CHECK(all->trace);
  CHECK(all->trace_tables_and_rules_only);
  REQUIRE(all->as_of.has_value());
  CHECK(*all->as_of == *rt::ParseDate("2025-08-01"));
  REQUIRE(all->params.count("limit") == 1);
  CHECK(all->params.at("limit") == "2.50");  // exact digits
  rt::Result<rt::EvaluateOptions> none = rt::ParseEvaluateOptions("{}");
  REQUIRE(none.ok());
  CHECK_FALSE(none->trace);
  CHECK_FALSE(none->trace_tables_and_rules_only);
  CHECK_FALSE(none->as_of.has_value());
  for (const char* bad :
       {R"({"trace_tables_and_rules_only": "yes"})", R"({"trace_tables_and_rules_only": 1})",
        R"({"trace": null})", R"({"as_of": 20250801})", R"({"params": [1]})", "[]", "{not json"}) {
    INFO(bad);
    rt::Result<rt::EvaluateOptions> o = rt::ParseEvaluateOptions(bad);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().code == "invalid_options");
  }
  rt::Result<rt::EvaluateOptions> typed =
      rt::ParseEvaluateOptions(R"({"trace_tables_and_rules_only": "yes"})");
  REQUIRE_FALSE(typed.ok());
  CHECK(typed.error().message ==
        "option `trace_tables_and_rules_only` must be a boolean, got string");
  rt::Result<rt::EvaluateOptions> date = rt::ParseEvaluateOptions(R"({"as_of": "2025-02-30"})");
  REQUIRE_FALSE(date.ok());
  CHECK(date.error().code == "invalid_date");
}
