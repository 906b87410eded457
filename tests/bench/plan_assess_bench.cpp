// The assessment stage of `bylaw plan` (bylaw/plan/assessment.h): one
// enterprise through the rules (every matter's selector, then frequency and
// assignment for each matter that applies), with and without the trace that
// names the rows and rules that fired; and a whole shard end to end (read,
// check, evaluate, sort, write) on 1 and 2 threads. The enterprises are the
// committed sample register (samples/nantong/register.csv, 300 rows), copied
// with fresh ids to make larger registers.
//
//   build/bin/plan_assess_bench --benchmark_filter=Enterprise
//   build/bin/plan_assess_bench --benchmark_filter=Shard
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "assessor.h"
#include "bylaw/dsl/compiler.h"
#include "bylaw/plan/assessment.h"
#include "bylaw/plan/inputs.h"
#include "bylaw/runtime.h"

namespace {

namespace plan = bylaw::plan;
namespace rt = bylaw::runtime;

struct Rules {
  std::shared_ptr<const rt::Rulebook> book;
  plan::RegisterSchema schema;
};

const Rules& Nantong() {
  static const Rules rules = [] {
    bylaw::dsl::CompileResult compiled = bylaw::dsl::CompilerBuilder()
                                             .SetRoot(BYLAW_SOURCE_DIR "/rulesets")
                                             .Build()
                                             .Compile({BYLAW_SOURCE_DIR "/rulesets/nantong"});
    if (!compiled.ok()) {
      std::cerr << "plan_assess_bench: rulesets/nantong did not compile\n";
      std::exit(1);
    }
    Rules r;
    auto book = rt::LoadBundle(compiled.bundle);
    auto schema = book.ok() ? plan::ReadRegisterSchema(compiled.bundle, **book)
                            : plan::Result<plan::RegisterSchema>(book.error());
    if (!schema.ok()) {
      std::cerr << "plan_assess_bench: " << schema.error().ToString() << "\n";
      std::exit(1);
    }
    r.book = *book;
    r.schema = *schema;
    return r;
  }();
  return rules;
}

const std::string kSample = BYLAW_SOURCE_DIR "/samples/nantong/register.csv";

std::vector<plan::RegisterRow> SampleRows() {
  auto reader = plan::RegisterReader::Open(kSample, Nantong().schema);
  std::vector<plan::RegisterRow> rows;
  plan::RegisterRow row;
  while (reader.ok()) {
    auto next = (*reader)->Next(&row);
    if (!next.ok() || !*next) break;
    rows.push_back(row);
  }
  return rows;
}

void BM_AssessEnterprise(benchmark::State& state) {
  const bool trace = state.range(0) != 0;
  auto rules = plan::plan_internal::PrepareAssessRules(*Nantong().book, "2026-01-01", "bench");
  if (!rules.ok()) {
    state.SkipWithError("rules");
    return;
  }
  rules->trace = trace;
  const std::vector<plan::RegisterRow> rows = SampleRows();
  plan::plan_internal::Assessor assessor(*rules);
  plan::Assessment a;
  std::size_t i = 0, needs = 0;
  for (auto _ : state) {
    const plan::RegisterRow& row = rows[i++ % rows.size()];
    if (!assessor.Assess(kSample, row, &a).ok()) state.SkipWithError("a sample row failed");
    needs += a.needs.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["needs_per_enterprise"] = static_cast<double>(needs) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AssessEnterprise)->Arg(0)->Arg(1)->ArgName("trace")->Unit(benchmark::kMicrosecond);

// A register of `rows` enterprises: the sample's rows with ids made unique.
std::string MakeRegister(int rows) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("plan_assess_bench_" + std::to_string(rows) + ".csv")).string();
  if (std::filesystem::exists(path)) return path;
  std::ifstream in(kSample);
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> sample;
  while (std::getline(in, line)) sample.push_back(line);
  std::ofstream out(path);
  out << header << "\n";
  for (int i = 0; i < rows; ++i) {
    const std::string& s = sample[static_cast<std::size_t>(i) % sample.size()];
    out << s.substr(0, s.find(',')) << "-" << i << s.substr(s.find(',')) << "\n";
  }
  return path;
}

void BM_AssessShard(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  plan::AssessOptions o;
  o.register_path = MakeRegister(rows);
  o.out_dir = (std::filesystem::temp_directory_path() / "plan_assess_bench_shard").string();
  o.year = 2026;
  o.seed = "bench";
  o.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    auto info = plan::AssessShard(*Nantong().book, Nantong().schema, o);
    if (!info.ok()) state.SkipWithError(info.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations() * rows);
  std::filesystem::remove_all(o.out_dir);
}
BENCHMARK(BM_AssessShard)
    ->Args({30000, 1})
    ->Args({30000, 2})
    ->ArgNames({"rows", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
