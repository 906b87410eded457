// Issue 13 item 2: the facts readers, on the contract's base facts
// (tests/rulesets/example_facts.json, ~1 KB) and on the first 1,000 lines
// of /work/bench-data/insp.jsonl when it is there (BYLAW_BENCH_INSP
// overrides the path).
//   BM_ParseFacts: Rulebook::ParseFacts for may_inspect, the streaming
//     reader (runtime/src/facts_reader.h) building every typed Value.
//   BM_ReadFactsFast: that reader called directly (the /lines variant
//     cycles through insp.jsonl).
//   BM_SimdjsonWalk: simdjson On-Demand iterating the same document and
//     touching every value (strings unescaped, bools, numbers as their raw
//     text so decimals stay exact), building nothing: a lower bound for any
//     reader on simdjson, which would add the same Value construction.
// Run: taskset -c 1 build/bin/facts_bench --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"
#include "facts_reader.h"
#include "model.h"

namespace {

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;
namespace od = simdjson::ondemand;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& Document() {
  static const std::string doc = ReadFile(BYLAW_SOURCE_DIR "/tests/rulesets/example_facts.json");
  return doc;
}

std::shared_ptr<const rt::Rulebook> Book() {
  static const std::shared_ptr<const rt::Rulebook> book = [] {
    bylaw::dsl::CompileResult compiled = bylaw::dsl::CompilerBuilder()
                                             .SetRoot(BYLAW_SOURCE_DIR "/rulesets")
                                             .Build()
                                             .Compile({BYLAW_SOURCE_DIR "/rulesets/nantong"});
    if (!compiled.ok()) std::exit(1);
    auto b = rt::LoadBundle(compiled.bundle);
    if (!b.ok()) std::exit(1);
    return *b;
  }();
  return book;
}

void BM_ParseFacts(benchmark::State& state) {
  auto d = Book()->FindDecision("may_inspect");
  if (!d.ok()) {
    state.SkipWithError("no may_inspect");
    return;
  }
  const std::string& doc = Document();
  for (auto _ : state) {
    auto facts = Book()->ParseFacts(*d, doc);
    if (!facts.ok()) state.SkipWithError(facts.error().ToString().c_str());
    benchmark::DoNotOptimize(facts);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}

// Touches every value; the sum keeps the work from being optimised away.
simdjson::error_code Walk(od::value v, std::size_t* sum) {
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto field : o) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        *sum += key.size();
        if (auto e = Walk(field.value(), sum)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto item : a) {
        od::value x;
        if (auto e = item.get(x)) return e;
        if (auto e = Walk(x, sum)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return e;
      *sum += s.size();
      return simdjson::SUCCESS;
    }
    case od::json_type::number:
      *sum += v.raw_json_token().size();  // the text, never a double
      return simdjson::SUCCESS;
    case od::json_type::boolean: {
      bool b = false;
      if (auto e = v.get_bool().get(b)) return e;
      *sum += b;
      return simdjson::SUCCESS;
    }
    case od::json_type::null: *sum += v.is_null(); return simdjson::SUCCESS;
  }
  return simdjson::INCORRECT_TYPE;
}

void BM_SimdjsonWalk(benchmark::State& state) {
  const std::string& doc = Document();
  od::parser parser;
  for (auto _ : state) {
    // The text is the host's: On-Demand needs padding, so a copy is part
    // of the cost, as it would be in ParseFacts.
    simdjson::padded_string padded(doc);
    od::document d;
    std::size_t sum = 0;
    if (parser.iterate(padded).get(d) != simdjson::SUCCESS) state.SkipWithError("iterate");
    od::value root;
    if (d.get_value().get(root) != simdjson::SUCCESS || Walk(root, &sum) != simdjson::SUCCESS) {
      state.SkipWithError("walk");
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}

// Up to 1,000 lines of insp.jsonl; empty when the file is absent.
const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = [] {
    const char* env = std::getenv("BYLAW_BENCH_INSP");
    std::ifstream in(env != nullptr ? env : "/work/bench-data/insp.jsonl");
    std::vector<std::string> out;
    std::string line;
    while (out.size() < 1000 && std::getline(in, line)) out.push_back(line);
    return out;
  }();
  return lines;
}

void BM_ReadFactsFast(benchmark::State& state) {
  const ri::Model& model = Book()->model();
  const ri::Decision& d = *model.decision_by_name.at("nantong.contract.may_inspect");
  const std::vector<std::string> one = {Document()};
  const std::vector<std::string>& docs = state.range(0) == 1 ? Lines() : one;
  if (docs.empty()) return state.SkipWithError("no insp.jsonl");
  std::vector<rt::Value> params;
  std::optional<std::int64_t> as_of;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& doc = docs[i++ % docs.size()];
    if (!ri::ReadFactsFast(model, d, doc, &params, &as_of)) {
      return state.SkipWithError("reader gave up");
    }
    bytes += doc.size();
    benchmark::DoNotOptimize(params.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ParseFacts);
BENCHMARK(BM_SimdjsonWalk);
BENCHMARK(BM_ReadFactsFast)->ArgName("lines")->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
