// bylaw on the peer benchmark's table: evaluation alone, trace off and on.
//
// The peer harness (../shared/bench/peers) generates a 1,000-row first-hit
// table and 100,000 facts; tests/bench/peers/to_bylaw.py expresses them in
// bylaw. This benchmark loads the compiled bundle and the facts, parses the
// facts once, and times Rulebook::Evaluate only, so the figure compares with
// the harness's per-evaluation numbers and a hand-written lookup:
//
//   python3 tests/bench/peers/to_bylaw.py convert PEERS/data /tmp/pb
//   build/bin/bylaw compile /tmp/pb/peer_bench.bylaw -o /tmp/pb/bundle.json
//   BYLAW_PEER_DIR=/tmp/pb taskset -c 1 build/bin/peer_table_bench
//
// Without BYLAW_PEER_DIR the benchmark reports itself skipped.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void BM_PeerTable(benchmark::State& state, bool trace) {
  const char* dir = std::getenv("BYLAW_PEER_DIR");
  if (dir == nullptr) {
    state.SkipWithError("set BYLAW_PEER_DIR (see the file comment)");
    return;
  }
  auto book = rt::LoadBundle(ReadFile(std::string(dir) + "/bundle.json"));
  if (!book.ok()) {
    state.SkipWithError(book.error().ToString().c_str());
    return;
  }
  auto decision = (*book)->FindDecision("inspection_frequency");
  if (!decision.ok()) {
    state.SkipWithError("no decision inspection_frequency");
    return;
  }
  std::vector<rt::Facts> facts;
  std::ifstream lines(std::string(dir) + "/facts.jsonl");
  for (std::string line; std::getline(lines, line);) {
    line.insert(1, "\"as_of\":\"2025-07-01\",");
    auto parsed = (*book)->ParseFacts(*decision, line);
    if (!parsed.ok()) {
      state.SkipWithError(parsed.error().ToString().c_str());
      return;
    }
    facts.push_back(std::move(*parsed));
  }
  rt::EvaluateOptions options;
  options.trace = trace;
  rt::Outcome outcome;
  std::size_t i = 0;
  for (auto _ : state) {
    (void)(*book)->Evaluate(*decision, facts[i++ % facts.size()], options, &outcome);
    benchmark::DoNotOptimize(outcome);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_PeerTable, trace_off, false);
BENCHMARK_CAPTURE(BM_PeerTable, trace_on, true);

}  // namespace

BENCHMARK_MAIN();
