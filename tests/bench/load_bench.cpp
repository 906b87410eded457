// Loading the shipped rulesets' bundle (issue 3 target: <= 20 ms).
//
// The rulesets under rulesets/ are compiled once, outside the timed loop,
// exactly as `bylaw compile rulesets -o bundle.json` would; the benchmark
// times runtime::LoadBundle on the sealed text, hash verification included.
//
//   build/bin/load_bench --benchmark_filter=Shipped
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"

namespace {

const std::string& ShippedBundle() {
  static const std::string bundle = [] {
    bylaw::dsl::CompileResult compiled =
        bylaw::dsl::CompilerBuilder().Build().Compile({BYLAW_RULESETS_DIR});
    if (!compiled.ok()) {
      std::cerr << "load_bench: the shipped rulesets did not compile\n";
      std::exit(1);
    }
    return compiled.bundle;
  }();
  return bundle;
}

void BM_LoadShippedRulesets(benchmark::State& state) {
  const std::string& text = ShippedBundle();
  for (auto _ : state) {
    auto book = bylaw::runtime::LoadBundle(text);
    if (!book.ok()) state.SkipWithError("bundle did not load");
    benchmark::DoNotOptimize(book);
  }
  state.counters["bundle_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_LoadShippedRulesets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
