// bylaw on the peer benchmark's table, against two hand-written C++
// baselines of the same table: evaluation alone, trace off and on.
//
// The peer harness (../shared/bench/peers) generates a 1,000-row first-hit
// table and 100,000 facts; tests/bench/peers/to_bylaw.py expresses them in
// bylaw. This benchmark loads the compiled bundle and the facts, parses the
// facts once, and times Rulebook::Evaluate only, so the figure compares with
// the harness's per-evaluation numbers and with
// - BM_PeerIndexed: a hand-written indexed lookup (one row bitset per enum
//   member / bool / numeric segment, ANDed a 64-row word at a time, the
//   first hit is the lowest set bit), the target the issue sets bylaw
//   against (within 2x);
// - BM_PeerLinear: a naive first-hit scan, row by row.
// Before timing, every benchmark checks that bylaw and both baselines give
// the same answer on every fact (the baselines also against the peer's
// expected_rows.txt when present); a disagreement skips the benchmark with
// an error naming the fact.
//
//   python3 tests/bench/peers/to_bylaw.py convert PEERS/data /tmp/pb
//   build/bin/bylaw compile /tmp/pb/peer_bench.bylaw -o /tmp/pb/bundle.json
//   BYLAW_PEER_DIR=/tmp/pb BYLAW_PEER_DATA=PEERS/data taskset -c 1 build/bin/peer_table_bench
//
// BYLAW_PEER_DIR holds bundle.json and facts.jsonl. The baselines read the
// peer's own trivially formatted files (written by the peer's gen.py) from
// BYLAW_PEER_DATA, else BYLAW_PEER_DIR, else BYLAW_PEER_DIR/../peers/data:
//
//   table.tsv, one row per line in hit order, tab separated:
//     industry  grade  riskOp riskA riskB  yearsOp yearsA yearsB  key
//     inspectionsPerYear  samplingRatioPct  method
//   industry and grade are `*` or names joined by `|`; riskOp is
//   any|eq|ge|le|between (bounds inclusive, between uses A and B); yearsOp
//   is any|lt|ge|range (range is half-open [A, B)); key is `*`, 1 or 0.
//   facts.tsv, one fact per line, in the order of facts.jsonl:
//     industry  grade  riskLevel  yearsSinceLastInspection  keySupervision(1|0)
//
// Without BYLAW_PEER_DIR the benchmarks report themselves skipped.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;

namespace {

constexpr std::int64_t kScale = rt::kDecimalScale;
constexpr std::int64_t kLow = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kHigh = std::numeric_limits<std::int64_t>::max();

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// A decimal such as `2.5` or `-3` scaled by kScale, exactly.
std::int64_t ParseScaled(const std::string& s) {
  std::size_t i = 0;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) ++i;
  std::int64_t whole = 0, frac = 0, unit = kScale;
  for (; i < s.size() && s[i] != '.'; ++i) whole = whole * 10 + (s[i] - '0');
  if (i < s.size()) {
    for (++i; i < s.size() && unit > 1; ++i) {
      unit /= 10;
      frac += (s[i] - '0') * unit;
    }
  }
  const std::int64_t v = whole * kScale + frac;
  return neg ? -v : v;
}

// The peer table with names interned to small integers. Numeric tests are
// half-open intervals [lo, hi) on scaled values (an int test `<= 4` is
// [lo, 4+1) after scaling), so both baselines compare integers only.
struct PeerRow {
  std::uint32_t industries = ~0u;  // bit per industry id
  std::uint32_t grades = ~0u;      // bit per grade id
  std::int64_t risk_lo = kLow, risk_hi = kHigh;
  std::int64_t years_lo = kLow, years_hi = kHigh;
  int key = -1;  // -1 any
  std::int64_t ipy = 0;    // scaled
  std::int64_t ratio = 0;  // int
  std::string method;
};

struct PeerFact {
  std::uint32_t industry = 0;
  std::uint32_t grade = 0;
  std::int64_t risk = 0;   // scaled
  std::int64_t years = 0;  // scaled
  int key = 0;
};

struct PeerData {
  std::vector<PeerRow> rows;
  std::vector<PeerFact> facts;
  std::vector<std::int64_t> expected_rows;  // empty when not shipped
  std::string error;
};

std::uint32_t Intern(std::map<std::string, std::uint32_t>* ids, const std::string& name) {
  return ids->emplace(name, static_cast<std::uint32_t>(ids->size())).first->second;
}

std::string PeerDataDir(const std::string& bylaw_dir) {
  if (const char* d = std::getenv("BYLAW_PEER_DATA")) return d;
  if (Exists(bylaw_dir + "/table.tsv")) return bylaw_dir;
  return bylaw_dir + "/../peers/data";
}

PeerData LoadPeerData(const std::string& dir) {
  PeerData d;
  std::map<std::string, std::uint32_t> industries, grades;
  std::ifstream table(dir + "/table.tsv");
  if (!table) {
    d.error = "cannot read " + dir + "/table.tsv (set BYLAW_PEER_DATA)";
    return d;
  }
  auto names = [&](const std::string& cell, std::map<std::string, std::uint32_t>* ids) {
    if (cell == "*") return ~0u;
    std::uint32_t mask = 0;
    for (const std::string& n : Split(cell, '|')) mask |= 1u << Intern(ids, n);
    return mask;
  };
  for (std::string line; std::getline(table, line);) {
    if (line.empty()) continue;
    const auto f = Split(line, '\t');
    if (f.size() != 12) {
      d.error = "table.tsv: expected 12 fields: " + line;
      return d;
    }
    PeerRow r;
    r.industries = names(f[0], &industries);
    r.grades = names(f[1], &grades);
    const std::int64_t ra = ParseScaled(f[3]), rb = ParseScaled(f[4]);
    if (f[2] == "eq") r.risk_lo = ra, r.risk_hi = ra + kScale;
    else if (f[2] == "ge") r.risk_lo = ra;
    else if (f[2] == "le") r.risk_hi = ra + kScale;
    else if (f[2] == "between") r.risk_lo = ra, r.risk_hi = rb + kScale;
    const std::int64_t ya = ParseScaled(f[6]), yb = ParseScaled(f[7]);
    if (f[5] == "lt") r.years_hi = ya;
    else if (f[5] == "ge") r.years_lo = ya;
    else if (f[5] == "range") r.years_lo = ya, r.years_hi = yb;
    r.key = f[8] == "*" ? -1 : (f[8] == "1" ? 1 : 0);
    r.ipy = ParseScaled(f[9]);
    r.ratio = ParseScaled(f[10]) / kScale;
    r.method = f[11];
    d.rows.push_back(std::move(r));
  }
  if (industries.size() > 32 || grades.size() > 32) {
    d.error = "table.tsv: more than 32 industries or grades";
    return d;
  }
  std::ifstream facts(dir + "/facts.tsv");
  for (std::string line; std::getline(facts, line);) {
    if (line.empty()) continue;
    const auto f = Split(line, '\t');
    if (f.size() != 5) {
      d.error = "facts.tsv: expected 5 fields: " + line;
      return d;
    }
    PeerFact x;
    // A name no row mentions gets a fresh id that only `*` accepts.
    x.industry = Intern(&industries, f[0]);
    x.grade = Intern(&grades, f[1]);
    x.risk = ParseScaled(f[2]);
    x.years = ParseScaled(f[3]);
    x.key = f[4] == "1" ? 1 : 0;
    d.facts.push_back(x);
  }
  std::ifstream expected(dir + "/expected_rows.txt");
  for (std::string line; std::getline(expected, line);) {
    if (!line.empty()) d.expected_rows.push_back(std::stoll(line));
  }
  return d;
}

// ------------------------------------------------------- naive baseline

// Whether a name mask accepts name `id`; ids from 32 on (names only facts
// use) are accepted by `*` alone.
bool MaskAccepts(std::uint32_t mask, std::size_t id) {
  return id < 32 ? (mask >> id & 1) != 0 : mask == ~0u;
}

bool RowAccepts(const PeerRow& r, const PeerFact& f) {
  return MaskAccepts(r.industries, f.industry) && MaskAccepts(r.grades, f.grade) &&
         r.risk_lo <= f.risk &&
         f.risk < r.risk_hi && r.years_lo <= f.years && f.years < r.years_hi &&
         (r.key < 0 || r.key == f.key);
}

std::int64_t LinearFirstHit(const std::vector<PeerRow>& rows, const PeerFact& f) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (RowAccepts(rows[i], f)) return static_cast<std::int64_t>(i);
  }
  return -1;
}

// ----------------------------------------------------- indexed baseline

// One bitset (`words` 64-bit words, row i is bit i%64 of word i/64) per
// industry, per grade, per key value and per numeric segment. A numeric
// column's cut points c[0] < ... < c[k-1] (every interval end) split the
// line into k+1 segments [c[j-1], c[j]) on which every row's test is
// constant; a lookup is a binary search.
class IndexedTable {
 public:
  explicit IndexedTable(const std::vector<PeerRow>& rows)
      : words_((rows.size() + 63) / 64) {
    const std::size_t n = rows.size();
    auto build = [&](std::size_t classes, auto&& accepts) {
      std::vector<std::uint64_t> bits(classes * words_, 0);
      for (std::size_t c = 0; c < classes; ++c) {
        for (std::size_t r = 0; r < n; ++r) {
          if (accepts(rows[r], c)) bits[c * words_ + r / 64] |= std::uint64_t{1} << (r % 64);
        }
      }
      return bits;
    };
    industry_ = build(33, [](const PeerRow& r, std::size_t c) {
      return MaskAccepts(r.industries, c);
    });
    grade_ = build(33, [](const PeerRow& r, std::size_t c) { return MaskAccepts(r.grades, c); });
    key_ = build(2, [](const PeerRow& r, std::size_t c) {
      return r.key < 0 || r.key == static_cast<int>(c);
    });
    for (const PeerRow& r : rows) {
      for (std::int64_t c : {r.risk_lo, r.risk_hi}) {
        if (c != kLow && c != kHigh) risk_cuts_.push_back(c);
      }
      for (std::int64_t c : {r.years_lo, r.years_hi}) {
        if (c != kLow && c != kHigh) years_cuts_.push_back(c);
      }
    }
    auto segments = [&](std::vector<std::int64_t>* cuts, bool risk) {
      std::sort(cuts->begin(), cuts->end());
      cuts->erase(std::unique(cuts->begin(), cuts->end()), cuts->end());
      const std::vector<std::int64_t>& c = *cuts;
      return build(c.size() + 1, [&](const PeerRow& r, std::size_t s) {
        const std::int64_t x = s == 0 ? kLow : c[s - 1];  // the segment's start
        return risk ? r.risk_lo <= x && x < r.risk_hi : r.years_lo <= x && x < r.years_hi;
      });
    };
    risk_ = segments(&risk_cuts_, true);
    years_ = segments(&years_cuts_, false);
  }

  std::int64_t FirstHit(const PeerFact& f) const {
    const std::uint64_t* a = &industry_[std::min<std::uint32_t>(f.industry, 32) * words_];
    const std::uint64_t* b = &grade_[std::min<std::uint32_t>(f.grade, 32) * words_];
    const std::uint64_t* c = &risk_[Segment(risk_cuts_, f.risk) * words_];
    const std::uint64_t* d = &years_[Segment(years_cuts_, f.years) * words_];
    const std::uint64_t* e = &key_[static_cast<std::size_t>(f.key) * words_];
    for (std::size_t w = 0; w < words_; ++w) {
      const std::uint64_t x = a[w] & b[w] & c[w] & d[w] & e[w];
      if (x) return static_cast<std::int64_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(x)));
    }
    return -1;
  }

 private:
  static std::size_t Segment(const std::vector<std::int64_t>& cuts, std::int64_t x) {
    return static_cast<std::size_t>(std::upper_bound(cuts.begin(), cuts.end(), x) - cuts.begin());
  }

  std::size_t words_;
  std::vector<std::uint64_t> industry_, grade_, key_, risk_, years_;
  std::vector<std::int64_t> risk_cuts_, years_cuts_;
};

// ------------------------------------------------------------ fixtures

struct Fixture {
  std::string error;
  std::shared_ptr<const rt::Rulebook> book;
  rt::DecisionRef decision;
  std::vector<rt::Facts> facts;
  PeerData peer;
  std::unique_ptr<IndexedTable> indexed;
};

// Whether bylaw's output record equals `row`'s outputs.
bool SameAnswer(const rt::Value& plan, const PeerRow& row) {
  if (plan.kind() != rt::ValueKind::kRecord || plan.items().size() != 3) return false;
  const rt::Value& ipy = plan.items()[0];
  const rt::Value& ratio = plan.items()[1];
  const rt::Value& method = plan.items()[2];
  const std::int64_t ipy_scaled =
      ipy.kind() == rt::ValueKind::kInt ? ipy.int_value() * kScale : ipy.scaled_value();
  return ipy_scaled == row.ipy && ratio.kind() == rt::ValueKind::kInt &&
         ratio.int_value() == row.ratio && method.kind() == rt::ValueKind::kText &&
         method.text() == row.method;
}

std::string Check(const Fixture& fx) {
  const PeerData& p = fx.peer;
  if (p.facts.size() != fx.facts.size()) return "facts.tsv and facts.jsonl differ in length";
  for (bool trace : {false, true}) {
    rt::EvaluateOptions options;
    options.trace = trace;
    rt::Outcome outcome;
    for (std::size_t i = 0; i < p.facts.size(); ++i) {
      const std::int64_t lin = LinearFirstHit(p.rows, p.facts[i]);
      const std::int64_t idx = fx.indexed->FirstHit(p.facts[i]);
      const std::string where = "fact " + std::to_string(i + 1) + ": ";
      if (lin < 0) return where + "no row matches";
      if (idx != lin) return where + "indexed and linear baselines disagree";
      if (!p.expected_rows.empty() && p.expected_rows[i] != lin) {
        return where + "baselines disagree with expected_rows.txt";
      }
      auto st = fx.book->Evaluate(fx.decision, fx.facts[i], options, &outcome);
      if (!st.ok()) return where + st.error().ToString();
      if (!outcome.complete() || outcome.output_count() != 1 ||
          !SameAnswer(outcome.output(0), p.rows[static_cast<std::size_t>(lin)])) {
        return where + "bylaw disagrees with the baselines: " + outcome.ToJson();
      }
    }
  }
  return {};
}

Fixture LoadFixture() {
  Fixture fx;
  const char* dir = std::getenv("BYLAW_PEER_DIR");
  if (dir == nullptr) {
    fx.error = "set BYLAW_PEER_DIR (see the file comment)";
    return fx;
  }
  auto book = rt::LoadBundle(ReadFile(std::string(dir) + "/bundle.json"));
  if (!book.ok()) {
    fx.error = book.error().ToString();
    return fx;
  }
  fx.book = *book;
  auto decision = fx.book->FindDecision("inspection_frequency");
  if (!decision.ok()) {
    fx.error = "no decision inspection_frequency";
    return fx;
  }
  fx.decision = *decision;
  std::ifstream lines(std::string(dir) + "/facts.jsonl");
  for (std::string line; std::getline(lines, line);) {
    line.insert(1, "\"as_of\":\"2025-07-01\",");
    auto parsed = fx.book->ParseFacts(fx.decision, line);
    if (!parsed.ok()) {
      fx.error = parsed.error().ToString();
      return fx;
    }
    fx.facts.push_back(std::move(*parsed));
  }
  fx.peer = LoadPeerData(PeerDataDir(dir));
  if (!fx.peer.error.empty()) {
    fx.error = fx.peer.error;
    return fx;
  }
  fx.indexed = std::make_unique<IndexedTable>(fx.peer.rows);
  fx.error = Check(fx);
  return fx;
}

const Fixture& GetFixture() {
  static const Fixture fx = LoadFixture();
  return fx;
}

// `window` facts are cycled through (0: all of them). All 100,000 facts do
// not fit in cache, so the full run includes the memory latency of reading
// each fact; the 1,000-fact window shows the evaluation itself.
void BM_PeerTable(benchmark::State& state, bool trace, std::size_t window) {
  const Fixture& fx = GetFixture();
  if (!fx.error.empty()) {
    state.SkipWithError(fx.error.c_str());
    return;
  }
  rt::EvaluateOptions options;
  options.trace = trace;
  rt::Outcome outcome;
  const std::size_t n = window ? std::min(window, fx.facts.size()) : fx.facts.size();
  std::size_t i = 0;
  for (auto _ : state) {
    (void)fx.book->Evaluate(fx.decision, fx.facts[i], options, &outcome);
    benchmark::DoNotOptimize(outcome);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_PeerTable, trace_off, false, 0);
BENCHMARK_CAPTURE(BM_PeerTable, trace_on, true, 0);
BENCHMARK_CAPTURE(BM_PeerTable, trace_off_hot1k, false, 1000);
BENCHMARK_CAPTURE(BM_PeerTable, trace_on_hot1k, true, 1000);

// The baselines return the row's outputs by pointer, as a host would read
// them; bylaw hands back a value that holds them.
void BM_PeerIndexed(benchmark::State& state) {
  const Fixture& fx = GetFixture();
  if (!fx.error.empty()) {
    state.SkipWithError(fx.error.c_str());
    return;
  }
  const auto& facts = fx.peer.facts;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::int64_t r = fx.indexed->FirstHit(facts[i]);
    const PeerRow* out = &fx.peer.rows[static_cast<std::size_t>(r)];
    benchmark::DoNotOptimize(out);
    if (++i == facts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PeerIndexed);

void BM_PeerLinear(benchmark::State& state) {
  const Fixture& fx = GetFixture();
  if (!fx.error.empty()) {
    state.SkipWithError(fx.error.c_str());
    return;
  }
  const auto& facts = fx.peer.facts;
  std::size_t i = 0;
  for (auto _ : state) {
    const std::int64_t r = LinearFirstHit(fx.peer.rows, facts[i]);
    const PeerRow* out = &fx.peer.rows[static_cast<std::size_t>(r)];
    benchmark::DoNotOptimize(out);
    if (++i == facts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PeerLinear);

}  // namespace

BENCHMARK_MAIN();
