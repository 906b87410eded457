// Throughput of the batch path, JSON in and JSON out, as `bylaw eval
// --batch` runs it: one facts line parsed and validated
// (Rulebook::ParseFacts), evaluated (Rulebook::Evaluate), and its outcome
// appended to one output buffer (Outcome::AppendJson). A generated
// 1,000-row first-hit table over 5 inputs (an enum of 24, an enum of 4, an
// int 1-4, decimal bands, a bool) with a record output, and 100,000
// generated facts lines. Each half is also timed alone, next to the DOM
// path it replaced (nlohmann parse + FromJson; ToJson trees + dump).
//   taskset -c 1 build/bin/batch_bench
// The figure to read is items_per_second of BM_Batch.
//
// BM_BatchMayInspect: the same loop for the contract's may_inspect on the
// shipped rulesets/nantong, over documents made as
// tests/bench/gen_inspection_facts.py makes them (the contract's example
// with the enterprise and inspection varied): the per-line cost of
// `bylaw eval --batch --decision may_inspect` on one thread. End to end:
//   tools/gen_register --seed D --count 100000 --format jsonl -o ent.jsonl
//   tests/bench/gen_inspection_facts.py ent.jsonl > insp.jsonl
//   bylaw compile rulesets/nantong --root rulesets -o nantong.bundle
//   /usr/bin/time -v bylaw eval --bundle nantong.bundle --decision may_inspect
//       --batch insp.jsonl > /dev/null   (one line; decisions/s = 100000 / wall)
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"
#include "hand_bundle.h"
#include "json_adapter.h"
#include "model.h"

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;
namespace bt = bylaw::testing;
using nlohmann::json;

namespace {

constexpr int kRows = 1000;
constexpr int kIndustries = 24;
constexpr int kLines = 100'000;
const char* const kMethods[] = {"document_review", "random_sampling", "onsite_full"};

// `type` is a kind, or an enum's name (docs/bundle.md, section 2).
json Lit(const char* type, json v) {
  const std::string t = type;
  return bt::Lit(t.rfind("b.", 0) == 0 ? bt::EnumType(t) : bt::KindType(t), std::move(v));
}

std::string Bundle(std::mt19937* rng) {
  auto pick = [&](int n) { return static_cast<int>((*rng)() % static_cast<unsigned>(n)); };
  json rows = json::array();
  for (int r = 0; r < kRows; ++r) {
    const bool last = r == kRows - 1;
    json cells = json::array();
    if (last || pick(20) == 0) {
      cells.push_back({{"any", true}});
    } else {
      json eq = json::array();
      for (int k = 0, n = 1 + pick(3); k < n; ++k) {
        eq.push_back(Lit("b.Industry", "i" + std::to_string(pick(kIndustries))));
      }
      cells.push_back({{"eq", eq}});
    }
    if (last || pick(6) == 0) {
      cells.push_back({{"any", true}});
    } else {
      cells.push_back({{"eq", {Lit("b.Credit", std::string(1, static_cast<char>('A' + pick(4))))}}});
    }
    if (last || pick(6) == 0) {
      cells.push_back({{"any", true}});
    } else {
      cells.push_back({{"eq", {Lit("int", 1 + pick(4))}}});
    }
    if (last || pick(3) == 0) {
      cells.push_back({{"any", true}});
    } else {
      const int low = pick(4) * 2;
      cells.push_back({{"ranges",
                        {{{"low", Lit("decimal", std::to_string(low))},
                          {"high", Lit("decimal", std::to_string(low + 2) + ".5")},
                          {"low_closed", true},
                          {"high_closed", false}}}}});
    }
    if (last || pick(4) == 0) {
      cells.push_back({{"any", true}});
    } else {
      cells.push_back({{"eq", {Lit("bool", pick(2) == 1)}}});
    }
    rows.push_back({{"id", "b.freq#r" + std::to_string(r + 1)},
                    {"cells", cells},
                    {"outputs",
                     {Lit("decimal", std::to_string(1 + r % 12) + (r % 2 ? ".5" : "")),
                      Lit("int", r % 100), Lit("text", kMethods[r % 3])}}});
  }
  std::vector<std::string> industries;
  for (int i = 0; i < kIndustries; ++i) industries.push_back("i" + std::to_string(i));
  bt::RecordTableSpec spec;
  spec.ruleset = "b";
  spec.enums = {bt::EnumOf("b.Industry", industries), bt::EnumOf("b.Credit", {"A", "B", "C", "D"})};
  spec.record = "b.E";
  spec.fields = {bt::Named("industry", bt::EnumType("b.Industry")),
                 bt::Named("creditGrade", bt::EnumType("b.Credit")),
                 bt::Named("riskLevel", bt::KindType("int")),
                 bt::Named("yearsSinceLastInspection", bt::KindType("decimal")),
                 bt::Named("keySupervision", bt::KindType("bool"))};
  spec.table = "b.freq";
  spec.outputs = {bt::Named("inspectionsPerYear", bt::KindType("decimal")),
                  bt::Named("samplingRatioPct", bt::KindType("int")),
                  bt::Named("method", bt::KindType("text"))};
  spec.rows = std::move(rows);
  spec.decision = "b.frequency";
  spec.decision_param = "subject";
  spec.output = "plan";
  json bundle = bt::RecordTableBundle(spec);
  return *rt::SealBundle(bundle.dump());
}

struct Fixture {
  std::shared_ptr<const rt::Rulebook> book;
  rt::DecisionRef decision;
  std::vector<std::string> lines;  // facts documents, one per JSONL line
  std::string error;
};

const Fixture& Get() {
  static const Fixture f = [] {
    Fixture f;
    std::mt19937 rng(7);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto book = rt::LoadBundle(Bundle(&rng));
    if (!book.ok()) {
      f.error = book.error().ToString();
      return f;
    }
    f.book = *book;
    f.decision = *f.book->FindDecision("frequency");
    for (int i = 0; i < kLines; ++i) {
      // Written as the peer harness writes its facts: compact, one a line.
      f.lines.push_back(R"({"subject":{"industry":"i)" + std::to_string(pick(kIndustries)) +
                        R"(","creditGrade":")" + std::string(1, static_cast<char>('A' + pick(4))) +
                        R"(","riskLevel":)" + std::to_string(1 + pick(4)) +
                        R"(,"yearsSinceLastInspection":)" + std::to_string(pick(10)) +
                        (pick(2) ? ".5" : "") + R"(,"keySupervision":)" +
                        (pick(2) ? "true" : "false") + "}}");
    }
    return f;
  }();
  return f;
}

rt::EvaluateOptions Options() {
  rt::EvaluateOptions o;
  o.as_of = *rt::ParseDate("2025-07-01");
  return o;
}

// The batch loop of `bylaw eval --batch`, minus the file reads and writes
// (the buffer is dropped where the CLI would fwrite it).
void BM_Batch(benchmark::State& state) {
  const Fixture& f = Get();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  const rt::EvaluateOptions options = Options();
  rt::Outcome outcome;
  std::string out;
  out.reserve(1 << 17);
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto facts = f.book->ParseFacts(f.decision, f.lines[i++ % kLines]);
    if (!facts.ok()) return state.SkipWithError(facts.error().ToString().c_str());
    (void)f.book->Evaluate(f.decision, *facts, options, &outcome);
    outcome.AppendJson(&out);
    out.push_back('\n');
    if (out.size() >= (1 << 16)) {
      bytes += out.size();
      out.clear();
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Batch);

void BM_ParseFacts(benchmark::State& state) {
  const Fixture& f = Get();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  std::size_t i = 0;
  for (auto _ : state) {
    auto facts = f.book->ParseFacts(f.decision, f.lines[i++ % kLines]);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseFacts);

// What ParseFacts did before the streaming reader: a JSON tree, then
// FromJson on it.
void BM_ParseFactsDom(benchmark::State& state) {
  const Fixture& f = Get();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  const ri::Decision& d = *f.book->model().decision_by_name.at("b.frequency");
  std::size_t i = 0;
  std::vector<std::string> errors;
  for (auto _ : state) {
    const std::string& line = f.lines[i++ % kLines];
    json doc = json::parse(line, nullptr, false);
    rt::Value v = ri::FromJson(f.book->model(), d.params[0].type, doc["subject"], "$.subject",
                               &errors);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseFactsDom);

rt::Outcome SomeOutcome(const Fixture& f) {
  auto facts = f.book->ParseFacts(f.decision, f.lines[0]);
  return *f.book->Evaluate(f.decision, *facts, Options());
}

void BM_WriteOutcome(benchmark::State& state) {
  const Fixture& f = Get();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  const rt::Outcome o = SomeOutcome(f);
  std::string out;
  for (auto _ : state) {
    out.clear();
    o.AppendJson(&out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WriteOutcome);

// The outputs half of what Outcome::ToJson did before: ToJson trees and
// nlohmann's dump.
void BM_WriteOutcomeDom(benchmark::State& state) {
  const Fixture& f = Get();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  const rt::Outcome o = SomeOutcome(f);
  for (auto _ : state) {
    json j;
    j["decision"] = std::string(o.decision());
    j["as_of"] = rt::FormatDate(o.as_of());
    json outs = json::object();
    for (std::size_t k = 0; k < o.output_count(); ++k) {
      outs[std::string(o.output_name(k))] = ri::ToJson(o.output(k));
    }
    j["outputs"] = std::move(outs);
    j["errors"] = json::array();
    j["complete"] = o.complete();
    std::string text = j.dump();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WriteOutcomeDom);

struct Contract {
  std::shared_ptr<const rt::Rulebook> book;
  rt::DecisionRef decision;
  std::vector<std::string> lines;
  std::string error;
};

const Contract& GetContract() {
  static const Contract c = [] {
    Contract c;
    bylaw::dsl::CompileResult compiled = bylaw::dsl::CompilerBuilder()
                                             .SetRoot(BYLAW_SOURCE_DIR "/rulesets")
                                             .Build()
                                             .Compile({BYLAW_SOURCE_DIR "/rulesets/nantong"});
    if (!compiled.ok()) {
      c.error = "rulesets/nantong did not compile";
      return c;
    }
    auto book = rt::LoadBundle(compiled.bundle);
    if (!book.ok()) {
      c.error = book.error().ToString();
      return c;
    }
    c.book = *book;
    c.decision = *c.book->FindDecision("may_inspect");
    std::ifstream in(BYLAW_SOURCE_DIR "/tests/rulesets/example_facts.json");
    std::stringstream text;
    text << in.rdbuf();
    const json base = json::parse(text.str());
    const char* const matters[][2] = {{"food_safety_routine", "market"},
                                      {"market_general", "market"},
                                      {"fire_safety", "fire"},
                                      {"work_safety", "emergency"},
                                      {"special_equipment", "market"}};
    const char* const credit[] = {"A", "B", "B", "C", "D"};
    const char* const region[] = {"rudong", "chongchuan", "haimen", "qidong", "tongzhou"};
    for (int n = 0; n < 1000; ++n) {
      json doc = base;
      doc["enterprise"]["id"] = "91320623MA1X" + std::to_string(100000 + n);
      doc["enterprise"]["credit_class"] = credit[n % 5];
      doc["enterprise"]["region"] = region[(n / 5) % 5];
      doc["enterprise"]["whitelisted"] = n % 11 == 0;
      json& inspection = doc["inspection"];
      inspection["matter"] = matters[n % 5][0];
      inspection["department"] = matters[n % 5][1];
      inspection["done_this_year"] = {{"by_department", n % 3}, {"by_matter", (n / 5) % 3}};
      inspection["head_approved"] = n % 17 != 0;
      inspection["code_scanned"] = n % 23 != 0;
      if (n % 7 != 0) {
        inspection["inspectors"].push_back(
            {{"id", "P002"}, {"certified", n % 29 != 0}, {"shows_certificate", true}});
      }
      c.lines.push_back(doc.dump());
    }
    return c;
  }();
  return c;
}

void BM_BatchMayInspect(benchmark::State& state) {
  const Contract& c = GetContract();
  if (!c.error.empty()) return state.SkipWithError(c.error.c_str());
  const rt::EvaluateOptions options;
  rt::Outcome outcome;
  std::string out;
  out.reserve(1 << 17);
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto facts = c.book->ParseFacts(c.decision, c.lines[i++ % c.lines.size()]);
    if (!facts.ok()) return state.SkipWithError(facts.error().ToString().c_str());
    (void)c.book->Evaluate(c.decision, *facts, options, &outcome);
    outcome.AppendJson(&out);
    out.push_back('\n');
    if (out.size() >= (1 << 16)) {
      bytes += out.size();
      out.clear();
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BatchMayInspect);

}  // namespace

BENCHMARK_MAIN();
