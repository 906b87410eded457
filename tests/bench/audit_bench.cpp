// The cost of the decision log per decision: the same evaluation without a
// log, with the trace it needs, and logged (digest only, with facts, and
// with an fsync per record); and Append alone (building, hashing and
// writing the record, never synced). Built by tests/audit/CMakeLists.txt.
//
//   taskset -c 1 build/bin/audit_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bylaw/audit_log.h"
#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"

namespace {

namespace rt = bylaw::runtime;

struct Fixture {
  std::shared_ptr<const rt::Rulebook> book;
  rt::DecisionRef decision;
  std::vector<std::string> texts;
  std::vector<rt::Facts> facts;
};

const Fixture& Get() {
  static const Fixture f = [] {
    Fixture x;
    bylaw::dsl::CompileResult r = bylaw::dsl::CompilerBuilder().Build().Compile(
        {std::string(BYLAW_AUDIT_CASES) + "/v1"});
    x.book = *rt::LoadBundle(r.bundle);
    x.decision = *x.book->FindDecision("permit");
    std::ifstream in(std::string(BYLAW_AUDIT_CASES) + "/batch.jsonl");
    for (std::string line; std::getline(in, line);) {
      x.texts.push_back(line);
      x.facts.push_back(*x.book->ParseFacts(x.decision, line));
    }
    return x;
  }();
  return f;
}

void BM_Evaluate(benchmark::State& state) {
  const Fixture& f = Get();
  rt::EvaluateOptions options;
  options.trace = state.range(0) != 0;
  rt::Outcome o;
  std::size_t i = 0;
  for (auto _ : state) {
    (void)f.book->Evaluate(f.decision, f.facts[i++ % f.facts.size()], options, &o);
    benchmark::DoNotOptimize(o);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Evaluate)->Arg(0)->Arg(1)->ArgNames({"trace"});

// range(0): keep facts; range(1): fsync every N records (1: every record).
void BM_EvaluateLogged(benchmark::State& state) {
  const Fixture& f = Get();
  const std::string path = std::string(BYLAW_AUDIT_TMP) + "/bench.jsonl";
  std::filesystem::remove(path);
  rt::AuditLogOptions opts;
  opts.keep_facts = state.range(0) != 0;
  opts.sync_every = static_cast<std::uint32_t>(state.range(1));
  auto log = rt::AuditLog::Open(path, opts);
  if (!log.ok()) {
    state.SkipWithError("cannot open the log");
    return;
  }
  rt::Outcome o;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % f.facts.size();
    (void)(*log)->EvaluateLogged(*f.book, f.decision, f.facts[k], f.texts[k], {}, &o);
  }
  state.SetItemsProcessed(state.iterations());
  log->reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_EvaluateLogged)
    ->Args({0, 64})
    ->Args({1, 64})
    ->Args({1, 1})
    ->ArgNames({"facts", "sync_every"});

// Append alone on outcomes evaluated beforehand: the record's text, its
// hash and one write(2); no fsync. range(0): keep facts.
void BM_Append(benchmark::State& state) {
  const Fixture& f = Get();
  const std::string path = std::string(BYLAW_AUDIT_TMP) + "/bench_append.jsonl";
  std::filesystem::remove(path);
  rt::AuditLogOptions opts;
  opts.keep_facts = state.range(0) != 0;
  opts.sync_every = 0;
  opts.sync_interval = std::chrono::milliseconds(0);
  auto log = rt::AuditLog::Open(path, opts);
  if (!log.ok()) {
    state.SkipWithError("cannot open the log");
    return;
  }
  std::vector<rt::Outcome> outcomes(f.facts.size());
  rt::EvaluateOptions traced;
  traced.trace = true;
  for (std::size_t k = 0; k < f.facts.size(); ++k) {
    (void)f.book->Evaluate(f.decision, f.facts[k], traced, &outcomes[k]);
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t k = i++ % f.facts.size();
    auto seq = (*log)->Append(*f.book, outcomes[k], f.texts[k]);
    if (!seq.ok()) {
      state.SkipWithError(seq.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  log->reset();
  std::filesystem::remove(path);
}
BENCHMARK(BM_Append)->Arg(0)->Arg(1)->ArgNames({"facts"});

}  // namespace

BENCHMARK_MAIN();
