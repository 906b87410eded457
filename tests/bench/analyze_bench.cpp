// Google Benchmark: `bylaw check` (load, parse, check, analyse) on a
// generated ruleset of 50 tables with 200 rows each (10,000 rows), the
// issue #4 target being 2 s. Each table has an enum column (20 members),
// an int column cut into 10 bands and a bool column, hit first, with a
// final catch-all row so that gap, overlap and unreachable-row analysis
// all do real work. Run: build/bin/analyze_bench.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "bylaw/dsl/compiler.h"

namespace {

std::string GeneratedRuleset(int tables, int rows_per_table) {
  std::string s = "ruleset gen level municipal\nenum Sector {";
  for (int m = 0; m < 20; ++m) s += (m ? ", s" : " s") + std::to_string(m);
  s += " }\nfacts Firm {\n  id: text\n  sector: Sector\n  staff: int\n  listed: bool\n}\n";
  for (int t = 0; t < tables; ++t) {
    s += "table t" + std::to_string(t) +
         " (f: Firm) -> (n: int)\n  hit first basis \"b\"\n{\n"
         "  | f.sector | f.staff | f.listed || n |\n";
    for (int r = 0; r + 1 < rows_per_table; ++r) {
      const int sector = (r * 7 + t) % 20;
      const int band = r % 10;
      s += "  | s" + std::to_string(sector) + " | [" + std::to_string(band * 10) +
           ".." + std::to_string(band * 10 + 10) + ") | " +
           (r % 3 == 0 ? "-" : (r % 2 ? "true" : "false")) + " || " +
           std::to_string(r) + " |\n";
    }
    s += "  | - | - | - || 0 |\n}\n";
  }
  s += "decision d (f: Firm) {\n  output n = ";
  for (int t = 0; t < tables; ++t) s += (t ? " + t" : "t") + std::to_string(t) + "(f).n";
  return s + "\n}\n";
}

void BM_CheckGeneratedRuleset(benchmark::State& state) {
  const int tables = static_cast<int>(state.range(0));
  const int rows = static_cast<int>(state.range(1));
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "bylaw_analyze_bench";
  fs::create_directories(dir);
  const fs::path file = dir / "gen.bylaw";
  std::ofstream(file) << GeneratedRuleset(tables, rows);
  const bylaw::dsl::Compiler compiler = bylaw::dsl::CompilerBuilder().Build();
  for (auto _ : state) {
    bylaw::dsl::CheckResult result = compiler.Check({file.string()});
    if (result.error_count != 0) {
      state.SkipWithError("the generated ruleset does not check");
      break;
    }
    benchmark::DoNotOptimize(result.warning_count);
  }
  state.counters["rows"] = tables * rows;
}
BENCHMARK(BM_CheckGeneratedRuleset)
    ->Args({50, 200})
    ->Args({10, 1000})
    ->Unit(benchmark::kMillisecond);

// `bylaw check` of one large table written by tools/gen_big_table (issue
// 17, finding 3; target 10 s and 1 GB): `wide N` is 2 rows over N int
// columns, `tall N` N disjoint bands of one int column (N + 3 rows), both
// complete, so the exact answer is no finding; counter `incomplete` is 1
// when the analysis said analysis_incomplete instead.
void CheckBigTable(benchmark::State& state, const char* shape) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "bylaw_analyze_bench";
  fs::create_directories(dir);
  const std::string n = std::to_string(state.range(0));
  const fs::path file = dir / (std::string(shape) + n + ".bylaw");
  const std::string command = "python3 " BYLAW_SOURCE_DIR "/tools/gen_big_table " +
                              std::string(shape) + " " + n + " > " + file.string();
  if (std::system(command.c_str()) != 0) {
    state.SkipWithError("tools/gen_big_table failed");
    return;
  }
  const bylaw::dsl::Compiler compiler = bylaw::dsl::CompilerBuilder().Build();
  bool incomplete = false;
  for (auto _ : state) {
    bylaw::dsl::CheckResult result = compiler.Check({file.string()});
    if (result.error_count != 0) {
      state.SkipWithError("the generated table does not check");
      break;
    }
    incomplete = result.warning_count != 0;
  }
  state.counters["incomplete"] = incomplete ? 1 : 0;
}
void BM_CheckWideTable(benchmark::State& state) { CheckBigTable(state, "wide"); }
void BM_CheckTallTable(benchmark::State& state) { CheckBigTable(state, "tall"); }
BENCHMARK(BM_CheckWideTable)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckTallTable)
    ->Arg(4000)
    ->Arg(20000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
