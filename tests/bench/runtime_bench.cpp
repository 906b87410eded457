// Evaluation speed of a generated 1,000-row first-hit table over 5 inputs
// (an enum of 24 values, an enum of 4, an int 1-4, decimal bands, a bool):
// the runtime with trace off and on, against a naive linear scan and a
// hand-written indexed lookup of the same table.
//   taskset -c 1 build-runtime/bin/runtime_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one line)
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <random>

#include "bylaw/runtime.h"
#include "hand_bundle.h"

namespace rt = bylaw::runtime;
namespace bt = bylaw::testing;
using nlohmann::json;

namespace {

constexpr int kRows = 1000;
constexpr int kIndustries = 24;
constexpr int kFacts = 256;
const double kBands[] = {0, 1, 3, 5};  // [0..1) [1..3) [3..5) [5..)

struct PlainRow {
  std::uint32_t industries;  // bit per industry
  std::uint8_t credits;      // bit per class
  std::uint8_t risks;        // bit per level 1..4
  std::uint8_t bands;        // bit per band
  std::uint8_t keys;         // bit 0 false, bit 1 true
  int min;
};

struct Generated {
  std::vector<PlainRow> rows;
  std::string bundle;
  std::vector<json> facts;
  struct Fact {
    int industry, credit, risk;
    double years;
    bool key;
  };
  std::vector<Fact> plain_facts;
};

const Generated& Gen() {
  static const Generated g = [] {
    Generated g;
    std::mt19937 rng(42);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    // `type` is a kind, or an enum's name.
    auto lit = [](const char* type, json v) {
      const std::string t = type;
      return bt::Lit(t.rfind("b.", 0) == 0 ? bt::EnumType(t) : bt::KindType(t), std::move(v));
    };
    json rows = json::array();
    for (int r = 0; r < kRows; ++r) {
      PlainRow row{};
      json cells = json::array();
      const bool last = r == kRows - 1;
      // industry: 1-3 values, or any
      if (last || pick(20) == 0) {
        row.industries = (1u << kIndustries) - 1;
        cells.push_back({{"any", true}});
      } else {
        json eq = json::array();
        for (int k = 0, n = 1 + pick(3); k < n; ++k) {
          const int i = pick(kIndustries);
          if (row.industries & (1u << i)) continue;
          row.industries |= 1u << i;
          eq.push_back(lit("b.Industry", "i" + std::to_string(i)));
        }
        cells.push_back({{"eq", eq}});
      }
      if (last || pick(6) == 0) {
        row.credits = 15;
        cells.push_back({{"any", true}});
      } else {
        const int c = pick(4);
        row.credits = static_cast<std::uint8_t>(1 << c);
        cells.push_back({{"eq", {lit("b.Credit", std::string(1, static_cast<char>('A' + c)))}}});
      }
      if (last || pick(6) == 0) {
        row.risks = 15;
        cells.push_back({{"any", true}});
      } else {
        const int v = 1 + pick(4);
        row.risks = static_cast<std::uint8_t>(1 << (v - 1));
        cells.push_back({{"eq", {lit("int", v)}}});
      }
      if (last || pick(3) == 0) {
        row.bands = 15;
        cells.push_back({{"any", true}});
      } else {
        const int b = pick(4);
        row.bands = static_cast<std::uint8_t>(1 << b);
        json range = {{"low", lit("decimal", std::to_string(static_cast<int>(kBands[b])))},
                      {"low_closed", true}, {"high_closed", false}};
        range["high"] = b == 3 ? json(nullptr)
                               : lit("decimal", std::to_string(static_cast<int>(kBands[b + 1])));
        cells.push_back({{"ranges", {range}}});
      }
      if (last || pick(4) == 0) {
        row.keys = 3;
        cells.push_back({{"any", true}});
      } else {
        const bool k = pick(2) == 1;
        row.keys = k ? 2 : 1;
        cells.push_back({{"eq", {lit("bool", k)}}});
      }
      row.min = r;
      g.rows.push_back(row);
      rows.push_back({{"id", "b.freq#r" + std::to_string(r + 1)},
                      {"cells", cells},
                      {"outputs", {lit("int", r), lit("percent", std::to_string(r % 100) + "%")}}});
    }
    std::vector<std::string> industries;
    for (int i = 0; i < kIndustries; ++i) industries.push_back("i" + std::to_string(i));
    bt::RecordTableSpec spec;
    spec.ruleset = "b";
    spec.enums = {bt::EnumOf("b.Industry", industries),
                  bt::EnumOf("b.Credit", {"A", "B", "C", "D"})};
    spec.record = "b.E";
    spec.fields = {
        bt::Named("industry", bt::EnumType("b.Industry")),
        bt::Named("credit", bt::EnumType("b.Credit")), bt::Named("risk", bt::KindType("int")),
        bt::Named("years", bt::KindType("decimal")), bt::Named("key", bt::KindType("bool"))};
    spec.table = "b.freq";
    spec.outputs = {bt::Named("min", bt::KindType("int")),
                    bt::Named("ratio", bt::KindType("percent"))};
    spec.rows = std::move(rows);
    spec.decision = "b.frequency";
    spec.output = "f";
    const json bundle = bt::RecordTableBundle(spec);
    g.bundle = *rt::SealBundle(bundle.dump());
    for (int f = 0; f < kFacts; ++f) {
      Generated::Fact pf{pick(kIndustries), pick(4), 1 + pick(4), pick(80) / 10.0, pick(2) == 1};
      g.plain_facts.push_back(pf);
      char years[16];
      std::snprintf(years, sizeof years, "%.1f", pf.years);
      g.facts.push_back({{"as_of", "2025-01-01"},
                         {"e", {{"industry", "i" + std::to_string(pf.industry)},
                                {"credit", std::string(1, static_cast<char>('A' + pf.credit))},
                                {"risk", pf.risk}, {"years", years}, {"key", pf.key}}}});
    }
    return g;
  }();
  return g;
}

int Band(double years) {
  int b = 0;
  while (b < 3 && years >= kBands[b + 1]) ++b;
  return b;
}

void BM_Runtime(benchmark::State& state, bool trace) {
  const Generated& g = Gen();
  auto book = rt::LoadBundle(g.bundle);
  if (!book.ok()) {
    state.SkipWithError(book.error().ToString().c_str());
    return;
  }
  auto d = (*book)->FindDecision("frequency");
  std::vector<rt::Facts> facts;
  for (const json& f : g.facts) facts.push_back(*(*book)->ParseFacts(*d, f.dump()));
  rt::EvaluateOptions options;
  options.trace = trace;
  rt::Outcome outcome;
  std::size_t i = 0;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    (void)(*book)->Evaluate(*d, facts[i++ % kFacts], options, &outcome);
    checksum += outcome.output(0).items()[0].int_value();
  }
  benchmark::DoNotOptimize(checksum);
}
BENCHMARK_CAPTURE(BM_Runtime, trace_off, false);
BENCHMARK_CAPTURE(BM_Runtime, trace_on, true);

void BM_NaiveScan(benchmark::State& state) {
  const Generated& g = Gen();
  std::size_t i = 0;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    const auto& f = g.plain_facts[i++ % kFacts];
    const int band = Band(f.years);
    for (const PlainRow& r : g.rows) {
      if ((r.industries >> f.industry & 1) && (r.credits >> f.credit & 1) &&
          (r.risks >> (f.risk - 1) & 1) && (r.bands >> band & 1) && (r.keys >> f.key & 1)) {
        checksum += r.min;
        break;
      }
    }
  }
  benchmark::DoNotOptimize(checksum);
}
BENCHMARK(BM_NaiveScan);

void BM_HandIndexed(benchmark::State& state) {
  const Generated& g = Gen();
  constexpr int kWords = (kRows + 63) / 64;
  using Bits = std::array<std::uint64_t, kWords>;
  std::vector<Bits> ind(kIndustries), cred(4), risk(4), band(4), key(2);
  for (int r = 0; r < kRows; ++r) {
    const PlainRow& row = g.rows[r];
    auto set = [&](Bits& b) { b[r / 64] |= std::uint64_t{1} << (r % 64); };
    for (int v = 0; v < kIndustries; ++v) if (row.industries >> v & 1) set(ind[v]);
    for (int v = 0; v < 4; ++v) {
      if (row.credits >> v & 1) set(cred[v]);
      if (row.risks >> v & 1) set(risk[v]);
      if (row.bands >> v & 1) set(band[v]);
    }
    for (int v = 0; v < 2; ++v) if (row.keys >> v & 1) set(key[v]);
  }
  std::size_t i = 0;
  std::int64_t checksum = 0;
  for (auto _ : state) {
    const auto& f = g.plain_facts[i++ % kFacts];
    const Bits& a = ind[f.industry];
    const Bits& b = cred[f.credit];
    const Bits& c = risk[f.risk - 1];
    const Bits& d = band[Band(f.years)];
    const Bits& e = key[f.key];
    for (int w = 0; w < kWords; ++w) {
      const std::uint64_t x = a[w] & b[w] & c[w] & d[w] & e[w];
      if (x) {
        checksum += g.rows[w * 64 + __builtin_ctzll(x)].min;
        break;
      }
    }
  }
  benchmark::DoNotOptimize(checksum);
}
BENCHMARK(BM_HandIndexed);

void BM_Load(benchmark::State& state) {
  const Generated& g = Gen();
  for (auto _ : state) {
    auto book = rt::LoadBundle(g.bundle);
    benchmark::DoNotOptimize(book);
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
