// The four contract decisions (docs/rulesets/contract.md: may_inspect,
// frequency, assignment, credit_repair) on the shipped rulesets, through
// the public C++ API on one core, with realistic base facts: the contract's
// example document (tests/rulesets/example_facts.json, ~1.1 KB) in 16
// variants (credit class, food risk grade, region, matter, whitelist,
// visits done), evaluated in turn so that no single path is learned.
//
//   BM_Parsed/<decision>_trace_{off,on}: Rulebook::Evaluate on Facts parsed
//       once (the "parsed facts" figure);
//   BM_Parsed/<decision>_trace_read: trace on, and every event read
//       (Outcome::trace() writes the events from integer records when
//       first read: trace_on alone records them);
//   BM_Parsed/<decision>_reference: the same with EvaluateOptions::reference
//       (the plain interpreter: no compiled plan, no call memo, no direct
//       path);
//   BM_ParseEvaluate/<decision>: ParseFacts of the JSON text + Evaluate
//       (the "including JSON parse" figure);
//   BM_Parse/<decision>: ParseFacts alone.
//
//   taskset -c 1 build/bin/contract_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one line)
//
// Instruction counts (stable when the machine is shared):
//   valgrind --tool=callgrind --toggle-collect='*BM_Parsed*'
//       build/bin/contract_bench --benchmark_filter='BM_Parsed/may_inspect_trace_off'
//   (one line)
// and divide the collected Ir by the printed iterations.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"

namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

constexpr int kVariants = 16;

struct Fixture {
  std::shared_ptr<const rt::Rulebook> book;
  std::vector<std::string> documents;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Fixture& Get() {
  static const Fixture f = [] {
    Fixture f;
    bylaw::dsl::CompileResult compiled = bylaw::dsl::CompilerBuilder()
                                             .SetRoot(BYLAW_SOURCE_DIR "/rulesets")
                                             .Build()
                                             .Compile({BYLAW_SOURCE_DIR "/rulesets/nantong"});
    if (!compiled.ok()) {
      std::cerr << "contract_bench: rulesets/nantong did not compile\n";
      std::exit(1);
    }
    auto book = rt::LoadBundle(compiled.bundle);
    if (!book.ok()) {
      std::cerr << "contract_bench: " << book.error().ToString() << "\n";
      std::exit(1);
    }
    f.book = *book;
    const json base =
        json::parse(ReadFile(BYLAW_SOURCE_DIR "/tests/rulesets/example_facts.json"));
    const char* const credit[] = {"A", "B", "C", "D"};
    const char* const food[] = {"A", "B", "C", "D"};
    const char* const region[] = {"rudong", "chongchuan", "haimen", "qidong"};
    const char* const matter[] = {"food_safety_routine", "market_general", "food_safety_routine",
                                  "special_equipment"};
    for (int v = 0; v < kVariants; ++v) {
      json doc = base;
      doc["enterprise"]["credit_class"] = credit[v % 4];
      doc["enterprise"]["food_risk_grade"] = food[(v / 4) % 4];
      doc["enterprise"]["region"] = region[(v * 3) % 4];
      doc["enterprise"]["whitelisted"] = v % 5 == 0;
      doc["inspection"]["matter"] = matter[(v / 2) % 4];
      doc["inspection"]["done_this_year"]["by_matter"] = v % 3;
      f.documents.push_back(doc.dump());
    }
    return f;
  }();
  return f;
}

struct Prepared {
  rt::DecisionRef decision;
  std::vector<rt::Facts> facts;
};

bool Prepare(benchmark::State& state, const char* name, Prepared* p) {
  const Fixture& f = Get();
  auto d = f.book->FindDecision(name);
  if (!d.ok()) {
    state.SkipWithError(d.error().ToString().c_str());
    return false;
  }
  p->decision = *d;
  for (const std::string& doc : f.documents) {
    auto facts = f.book->ParseFacts(*d, doc);
    if (!facts.ok()) {
      state.SkipWithError(facts.error().ToString().c_str());
      return false;
    }
    p->facts.push_back(*facts);
  }
  return true;
}

void BM_Parsed(benchmark::State& state, const char* name, bool trace, bool reference,
               bool read_trace = false) {
  Prepared p;
  if (!Prepare(state, name, &p)) return;
  const Fixture& f = Get();
  rt::EvaluateOptions options;
  options.trace = trace;
  options.reference = reference;
  rt::Outcome outcome;
  std::size_t i = 0, complete = 0;
  for (auto _ : state) {
    (void)f.book->Evaluate(p.decision, p.facts[i++ % kVariants], options, &outcome);
    complete += outcome.complete();
    if (read_trace) {
      for (const rt::TraceEvent& e : outcome.trace()) complete += e.id.size();
    }
  }
  benchmark::DoNotOptimize(complete);
  state.SetItemsProcessed(state.iterations());
}

void BM_ParseEvaluate(benchmark::State& state, const char* name) {
  Prepared p;
  if (!Prepare(state, name, &p)) return;
  const Fixture& f = Get();
  rt::EvaluateOptions options;
  rt::Outcome outcome;
  std::size_t i = 0, complete = 0;
  for (auto _ : state) {
    auto facts = f.book->ParseFacts(p.decision, f.documents[i++ % kVariants]);
    (void)f.book->Evaluate(p.decision, *facts, options, &outcome);
    complete += outcome.complete();
  }
  benchmark::DoNotOptimize(complete);
  state.SetItemsProcessed(state.iterations());
}

void BM_Parse(benchmark::State& state, const char* name) {
  Prepared p;
  if (!Prepare(state, name, &p)) return;
  const Fixture& f = Get();
  std::size_t i = 0;
  for (auto _ : state) {
    auto facts = f.book->ParseFacts(p.decision, f.documents[i++ % kVariants]);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(state.iterations());
}

#define CONTRACT_DECISION(d)                                           \
  BENCHMARK_CAPTURE(BM_Parsed, d##_trace_off, #d, false, false);       \
  BENCHMARK_CAPTURE(BM_Parsed, d##_trace_on, #d, true, false);         \
  BENCHMARK_CAPTURE(BM_Parsed, d##_trace_read, #d, true, false, true); \
  BENCHMARK_CAPTURE(BM_Parsed, d##_reference, #d, false, true);        \
  BENCHMARK_CAPTURE(BM_ParseEvaluate, d, #d);                          \
  BENCHMARK_CAPTURE(BM_Parse, d, #d)

CONTRACT_DECISION(may_inspect);
CONTRACT_DECISION(frequency);
CONTRACT_DECISION(assignment);
CONTRACT_DECISION(credit_repair);

}  // namespace

BENCHMARK_MAIN();
