// Scorecard bands and expression columns under the analysis (issue 12,
// findings 4 and 5): the reproductions, then a brute-force check.
//
// The brute force: random small scorecards (one or two indicators over
// decimal, int, count, bool and enum facts; one to four bands over a grid
// of bounds) are checked by the analysis, and compiled — with two catch-all
// bands appended that give a grade `Z` no band of the card gives — and
// evaluated by the runtime on a dense grid of facts that reaches every
// score the card can give around its bounds. Where the analysis does not
// say `analysis_incomplete`, a `scorecard_gap` is reported exactly when
// some evaluation reaches `Z`, and a band is reported `unreachable_band`
// exactly when no evaluation gives its grade; where it does, every band it
// reports unreachable is.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "analyze_test_util.h"
#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"
#include "random_table.h"

namespace bylaw::dsl::testing {
namespace {

const std::string kHeader =
    "ruleset s level municipal\n"
    "enum E { A, B, C }\n"
    "enum Grade { G1, G2, G3, G4, Z }\n"
    "record P { x: int }\n"
    "facts F {\n  d1: decimal\n  d2: decimal\n  i1: int\n  i2: int\n"
    "  l1: list<P>\n  l2: list<P>\n  b1: bool\n  b2: bool\n  e1: E\n  e2: E\n}\n";

std::string Card(const std::string& indicators, const std::string& bands) {
  return kHeader + "scorecard sc (f: F) -> Grade {\n" + indicators + bands +
         "  basis \"b\"\n}\n"
         "decision d (f: F) {\n  output g = sc(f).grade\n  output s = sc(f).score\n}\n";
}

bool Has(const Analyzed& a, const std::string& code, const std::string& piece) {
  for (const Seen& s : a.WithCode(code)) {
    if (s.message.find(piece) != std::string::npos || s.help.find(piece) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The bundle of one file's text, or empty when it does not compile.
std::string CompileText(const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("bylaw_scorecard_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "s.bylaw") << text;
  CompileResult result = CompilerBuilder().Build().Compile({dir.string()});
  fs::remove_all(dir);
  return result.ok() ? result.bundle : "";
}

TEST_CASE("scorecard: a band gap is an error naming the score", "[scorecard]") {
  // Issue 12 finding 4: `[0..30)` and `> 45` leave [30..45] to no band.
  auto a = AnalyzeText(Card("  indicator a weight 1: f.d1\n  indicator b weight 1: f.d2\n",
                            "  band [0..30) => G1\n  band > 45 => G2\n"));
  INFO(a->Dump());
  REQUIRE(a->WithCode("scorecard_gap").size() == 2);
  CHECK(Has(*a, "scorecard_gap", "matches score 30"));
  CHECK(Has(*a, "scorecard_gap", "scores [30..45] match no band"));
  CHECK(Has(*a, "scorecard_gap", "scores < 0 match no band"));
  CHECK(a->WithCode("analysis_incomplete").empty());
}

TEST_CASE("scorecard: a band every score of which an earlier one takes", "[scorecard]") {
  auto a = AnalyzeText(Card("  indicator a weight 1: f.d1\n",
                            "  band >= 0 => G1\n  band [10..20) => G2\n  band < 0 => G3\n"));
  INFO(a->Dump());
  const auto found = a->WithCode("unreachable_band");
  REQUIRE(found.size() == 1);
  CHECK(found[0].underlined == "band [10..20) => G2");
  CHECK(found[0].message.find("matched first by `band 1`") != std::string::npos);
  CHECK(a->WithCode("scorecard_gap").empty());
}

TEST_CASE("scorecard: gaps outside the reachable scores are not gaps", "[scorecard]") {
  // Indicators sum to 0, 20, 30 or 50: nothing below 0, nothing in [25..30).
  auto a = AnalyzeText(Card(
      "  indicator x weight 20: if f.b1 then 1 else 0\n"
      "  indicator y weight 30: if f.e1 == A then 1 else 0\n",
      "  band [0..25) => G1\n  band [30..45) => G2\n  band >= 45 => G3\n  band < 0 => G4\n"));
  INFO(a->Dump());
  CHECK(a->WithCode("scorecard_gap").empty());
  const auto bands = a->WithCode("unreachable_band");
  REQUIRE(bands.size() == 1);
  CHECK(bands[0].underlined == "band < 0 => G4");
  CHECK(bands[0].help.find("one of 0, 20, 30, 50") != std::string::npos);
}

TEST_CASE("scorecard: counts step by their weight", "[scorecard]") {
  // 5 × count: 0, 5, 10, ...; the open gap (10..15) holds none of them.
  auto a = AnalyzeText(Card("  indicator n weight 5: count(f.l1)\n",
                            "  band <= 10 => G1\n  band >= 15 => G2\n"));
  INFO(a->Dump());
  CHECK(a->WithCode("scorecard_gap").empty());
  auto b = AnalyzeText(Card("  indicator n weight 5: count(f.l1)\n",
                            "  band < 10 => G1\n  band > 10 => G2\n"));
  INFO(b->Dump());
  CHECK(Has(*b, "scorecard_gap", "matches score 10"));
}

TEST_CASE("scorecard: what cannot be modelled says so", "[scorecard]") {
  auto a = AnalyzeText(Card("  indicator x weight 1: f.d1 * f.d2\n", "  band >= 0 => G1\n"));
  INFO(a->Dump());
  CHECK(Has(*a, "analysis_incomplete", "scorecard `sc` is not exact"));
  auto b = AnalyzeText(Card("  indicator x weight 1: f.d1\n  indicator y weight 2: f.d1\n",
                            "  band >= 0 => G1\n  band < 0 => G2\n"));
  INFO(b->Dump());
  CHECK(Has(*b, "analysis_incomplete", "both read `f.d1`"));
}

TEST_CASE("scorecard: a band bounded by a param says gaps may be missed", "[scorecard]") {
  std::string text = Card("  indicator a weight 1: f.d1\n",
                          "  band < cut => G1\n  band > 45 => G2\n");
  text.insert(text.find("enum E"), "param cut: decimal = 30\n  basis \"b\"\n");
  auto a = AnalyzeText(text);
  INFO(a->Dump());
  CHECK(a->WithCode("scorecard_gap").empty());
  CHECK(Has(*a, "analysis_incomplete", "a band tests the score against a param"));
}

// ----------------------------------------------------------- tables

const std::string kTableHeader =
    "ruleset t level municipal\n"
    "record P { x: int }\n"
    "facts F {\n  i: int\n  j: int\n  l: list<P>\n}\n";

TEST_CASE("table: a count column is never negative", "[scorecard]") {
  auto a = AnalyzeText(kTableHeader +
                       "table t (f: F) -> (n: int)\n  hit unique basis \"b\"\n{\n"
                       "  | count(f.l) || n |\n  | 0 || 1 |\n  | >= 1 || 2 |\n}\n"
                       "decision d (f: F) {\n  output n = t(f).n\n}\n");
  INFO(a->Dump());
  CHECK(a->WithCode("table_gap").empty());
  CHECK(a->WithCode("analysis_incomplete").empty());
}

TEST_CASE("table: an expression column is reported as not exact", "[scorecard]") {
  auto a = AnalyzeText(kTableHeader +
                       "table t (f: F) -> (n: int)\n  hit unique basis \"b\"\n{\n"
                       "  | f.i + f.j || n |\n  | < 0 || 1 |\n  | >= 0 || 2 |\n}\n"
                       "table u (f: F) -> (n: int)\n  hit first basis \"b\"\n{\n"
                       "  | f.i | f.i || n |\n  | < 0 | >= 0 || 1 |\n  | - | - || 2 |\n}\n"
                       "decision d (f: F) {\n  output n = t(f).n\n  output m = u(f).n\n}\n");
  INFO(a->Dump());
  CHECK(Has(*a, "analysis_incomplete", "column `f.i + f.j` is computed"));
  CHECK(Has(*a, "analysis_incomplete", "columns `f.i` and `f.i` both read `f.i`"));
}


// Random `hit first` tables over int columns that are facts, counts, a
// fact twice, or a sum, each row a test from random_table.h. Compiled with
// a last catch-all row (output 0) and evaluated on every input of a grid
// that reaches past every constant; where the analysis does not say
// `analysis_incomplete`, `table_gap` is reported exactly when the
// catch-all answers some input, and a row is `unreachable_row` exactly
// when it never answers; where a column is not a plain fact it must say
// `analysis_incomplete`.
TEST_CASE("table analysis over expression columns agrees with dense evaluation",
          "[scorecard][brute]") {
  std::mt19937 rng(1207);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static const char* kHeaders[] = {"f.i", "f.j", "count(f.l)", "f.i + f.j", "f.i"};
  int exact_cases = 0;
  for (int n = 0; n < 60; ++n) {
    std::vector<int> cols;
    const int ncols = pick(1, 2);
    for (int k = 0; k < ncols; ++k) cols.push_back(pick(0, 4));
    // The facts each header reads: i, j, l.
    auto reads = [](int c) {
      return std::string(c == 0 || c == 4 ? "i" : c == 1 ? "j" : c == 2 ? "l" : "ij");
    };
    bool computed = std::count(cols.begin(), cols.end(), 3) > 0;
    if (ncols == 2) {
      for (char x : reads(cols[0])) computed = computed || reads(cols[1]).find(x) != std::string::npos;
    }
    std::string read;
    for (int c : cols) read += reads(c);
    std::vector<std::vector<std::string>> rows;
    const int nrows = pick(1, 4);
    for (int r = 0; r < nrows; ++r) {
      std::vector<std::string> cells;
      for (int k = 0; k < ncols; ++k) {
        if (pick(0, 4) == 0) {
          cells.push_back("-");
          continue;
        }
        random_table::Test t;
        t.op = static_cast<decltype(t.op)>(pick(0, 5));
        t.a = pick(-2, 8);
        t.b = pick(t.a, 8);
        t.low_closed = pick(0, 1) == 1;
        t.high_closed = pick(0, 1) == 1;
        cells.push_back(random_table::RenderTest(t, random_table::Kind::kInt));
      }
      rows.push_back(cells);
    }
    auto render = [&](bool catch_all) {
      std::string s = kTableHeader + "table t (f: F) -> (n: int)\n  hit first basis \"b\"\n{\n  |";
      for (int c : cols) s += std::string(" ") + kHeaders[c] + " |";
      s += "| n |\n";
      for (std::size_t r = 0; r < rows.size(); ++r) {
        s += "  |";
        for (const std::string& c : rows[r]) s += " " + c + " |";
        s += "| " + std::to_string(r + 1) + " |\n";
      }
      if (catch_all) {
        s += "  |";
        for (std::size_t k = 0; k < cols.size(); ++k) s += " - |";
        s += "| 0 |\n";
      }
      return s + "}\ndecision d (f: F) {\n  output n = t(f).n\n}\n";
    };
    const std::string text = render(false);
    INFO(text);
    auto a = AnalyzeText(text);
    INFO(a->Dump());
    REQUIRE(a->check.empty());
    const bool incomplete = !a->WithCode("analysis_incomplete").empty();
    if (computed) CHECK(incomplete);
    std::set<int> unreachable;
    for (const Seen& d : a->WithCode("unreachable_row")) {
      const auto at = d.message.find("row `r");
      REQUIRE(at != std::string::npos);
      unreachable.insert(std::stoi(d.message.substr(at + 6)));
    }
    const bool gap = !a->WithCode("table_gap").empty();

    const std::string bundle = CompileText(render(true));
    REQUIRE(!bundle.empty());
    auto book = runtime::LoadBundle(bundle);
    REQUIRE(book.ok());
    // Every value of the facts the columns read, past every constant.
    auto values = [&](char fact) {
      std::vector<int> v;
      if (read.find(fact) == std::string::npos) return std::vector<int>{0};
      for (int x = fact == 'l' ? 0 : -6; x <= 12; ++x) v.push_back(x);
      return v;
    };
    std::set<int> fired;
    for (int i : values('i')) {
      for (int j : values('j')) {
        for (int l : values('l')) {
          nlohmann::json list = nlohmann::json::array();
          for (int k = 0; k < l; ++k) list.push_back({{"x", 0}});
          const nlohmann::json facts = {{"as_of", "2025-01-01"},
                                        {"f", {{"i", i}, {"j", j}, {"l", list}}}};
          runtime::Result<std::string> r = (*book)->EvaluateJson("d", facts.dump());
          REQUIRE(r.ok());
          fired.insert(nlohmann::json::parse(*r)["outputs"]["n"].get<int>());
        }
      }
    }
    for (int r : unreachable) CHECK(fired.count(r) == 0);
    if (incomplete) continue;
    ++exact_cases;
    CHECK(gap == (fired.count(0) == 1));
    for (int r = 1; r <= nrows; ++r) {
      INFO("row r" << r);
      CHECK((unreachable.count(r) == 1) == (fired.count(r) == 0));
    }
  }
  CHECK(exact_cases > 20);
}

// ----------------------------------------------------------- brute force

enum class Source { kDecimal, kInt, kCount, kBool, kEnum };

struct IndicatorSpec {
  Source source = Source::kDecimal;
  int fact = 1;  // which of the two facts of its kind
  std::string weight;
  int then_value = 1, else_value = 0;
};

struct CardSpec {
  std::vector<IndicatorSpec> indicators;
  std::vector<std::string> bands;  // tests over the score
};

std::string Value(const IndicatorSpec& i) {
  const std::string n = std::to_string(i.fact);
  switch (i.source) {
    case Source::kDecimal: return "f.d" + n;
    case Source::kInt: return "f.i" + n;
    case Source::kCount: return "count(f.l" + n + ")";
    case Source::kBool:
      return "if f.b" + n + " then " + std::to_string(i.then_value) + " else " +
             std::to_string(i.else_value);
    case Source::kEnum:
      return "if f.e" + n + " == A then " + std::to_string(i.then_value) + " else " +
             std::to_string(i.else_value);
  }
  return "";
}

std::string Render(const CardSpec& c, bool catch_all) {
  std::string indicators, bands;
  for (std::size_t k = 0; k < c.indicators.size(); ++k) {
    indicators += "  indicator x" + std::to_string(k) + " weight " + c.indicators[k].weight +
                  ": " + Value(c.indicators[k]) + "\n";
  }
  for (std::size_t b = 0; b < c.bands.size(); ++b) {
    bands += "  band " + c.bands[b] + " => G" + std::to_string(b + 1) + "\n";
  }
  if (catch_all) bands += "  band < 0 => Z\n  band >= 0 => Z\n";
  return Card(indicators, bands);
}

std::string RandomBand(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int a = pick(0, 20);
  // k × 2.5.
  auto spell = [](int k) {
    const int whole = k * 5 / 2;
    return k % 2 == 0 ? std::to_string(whole) : std::to_string(whole) + ".5";
  };
  switch (pick(0, 7)) {
    case 0: return "< " + spell(a);
    case 1: return "<= " + spell(a);
    case 2: return "> " + spell(a);
    case 3: return ">= " + spell(a);
    case 4: return "== " + spell(a);
    default: {
      const int b = pick(a, 20);
      const bool lc = pick(0, 1) == 1, hc = pick(0, 1) == 1;
      return std::string(lc ? "[" : "(") + spell(a) + ".." + spell(b) + (hc ? "]" : ")");
    }
  }
}

IndicatorSpec RandomIndicator(std::mt19937& rng, bool wide_allowed) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  IndicatorSpec i;
  const int s = wide_allowed ? pick(0, 4) : pick(2, 4);
  i.source = s == 0 ? Source::kDecimal : s == 1 ? Source::kInt : s == 2 ? Source::kCount
             : s == 3 ? Source::kBool : Source::kEnum;
  i.fact = pick(1, 2);
  static const char* kDecimalWeights[] = {"1", "2", "0.5", "-1"};
  static const char* kIntWeights[] = {"1", "2", "5", "-1"};
  static const char* kCountWeights[] = {"1", "2", "5"};
  static const char* kFiniteWeights[] = {"1", "5", "20", "2.5"};
  static const int kValues[] = {0, 1, 3, 10, 20};
  switch (i.source) {
    case Source::kDecimal: i.weight = kDecimalWeights[pick(0, 3)]; break;
    case Source::kInt: i.weight = kIntWeights[pick(0, 3)]; break;
    case Source::kCount: i.weight = kCountWeights[pick(0, 2)]; break;
    default:
      i.weight = kFiniteWeights[pick(0, 3)];
      i.then_value = kValues[pick(0, 4)];
      i.else_value = kValues[pick(0, 4)];
      break;
  }
  return i;
}

// The fact values the grid tries for one indicator: wide enough that
// every score the card can give near its bounds (0..50) is reached, fine
// enough (halves) to hit every bound and every open piece between them.
std::vector<nlohmann::json> Grid(const IndicatorSpec& i, bool coarse) {
  std::vector<nlohmann::json> out;
  switch (i.source) {
    case Source::kDecimal:
      for (int h = -220; h <= 220; h += coarse ? 24 : 1) {
        const int whole = (h < 0 ? -h : h) / 2;
        std::string text = (h < 0 ? "-" : "") + std::to_string(whole) + (h % 2 ? ".5" : "");
        out.push_back(text);
      }
      break;
    case Source::kInt:
      for (int v = -110; v <= 110; v += coarse ? 13 : 1) out.push_back(v);
      break;
    case Source::kCount:
      for (int v = 0; v <= 55; v += coarse ? 6 : 1) {
        nlohmann::json list = nlohmann::json::array();
        for (int k = 0; k < v; ++k) list.push_back({{"x", 0}});
        out.push_back(list);
      }
      break;
    case Source::kBool:
      out = {false, true};
      break;
    case Source::kEnum:
      out = {"A", "B"};
      break;
  }
  return out;
}

std::string FieldOf(const IndicatorSpec& i) {
  const std::string n = std::to_string(i.fact);
  switch (i.source) {
    case Source::kDecimal: return "d" + n;
    case Source::kInt: return "i" + n;
    case Source::kCount: return "l" + n;
    case Source::kBool: return "b" + n;
    case Source::kEnum: return "e" + n;
  }
  return "";
}

bool Wide(Source s) { return s == Source::kDecimal || s == Source::kInt || s == Source::kCount; }

struct Brute {
  std::set<int> fired;  // bands (1-based) that gave the grade
  bool gap = false;     // some score fell through to `Z`
};

Brute Evaluate(const runtime::Rulebook& book, const CardSpec& c) {
  nlohmann::json base = {{"d1", "0"}, {"d2", "0"}, {"i1", 0}, {"i2", 0},
                         {"l1", nlohmann::json::array()}, {"l2", nlohmann::json::array()},
                         {"b1", false}, {"b2", false}, {"e1", "B"}, {"e2", "B"}};
  std::vector<std::vector<nlohmann::json>> grids;
  bool wide_seen = false;
  for (const IndicatorSpec& i : c.indicators) {
    grids.push_back(Grid(i, Wide(i.source) && wide_seen));
    wide_seen = wide_seen || Wide(i.source);
  }
  Brute out;
  std::vector<std::size_t> at(grids.size(), 0);
  while (true) {
    nlohmann::json f = base;
    for (std::size_t k = 0; k < grids.size(); ++k) f[FieldOf(c.indicators[k])] = grids[k][at[k]];
    const nlohmann::json facts = {{"as_of", "2025-01-01"}, {"f", f}};
    runtime::Result<std::string> r = book.EvaluateJson("d", facts.dump());
    REQUIRE(r.ok());
    const nlohmann::json doc = nlohmann::json::parse(*r);
    const nlohmann::json g = doc["outputs"]["g"];
    REQUIRE(g.is_string());
    const std::string grade = g.get<std::string>();
    if (grade == "Z") {
      out.gap = true;
    } else {
      out.fired.insert(std::stoi(grade.substr(1)));
    }
    std::size_t k = 0;
    while (k < at.size() && ++at[k] == grids[k].size()) at[k++] = 0;
    if (k == at.size()) break;
  }
  return out;
}

TEST_CASE("scorecard analysis agrees with dense evaluation", "[scorecard][brute]") {
  std::mt19937 rng(20261207);
  int exact_cases = 0;
  for (int n = 0; n < 60; ++n) {
    CardSpec c;
    const int indicators = std::uniform_int_distribution<int>(1, 2)(rng);
    for (int k = 0; k < indicators; ++k) c.indicators.push_back(RandomIndicator(rng, true));
    const int bands = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int b = 0; b < bands; ++b) c.bands.push_back(RandomBand(rng));

    const std::string text = Render(c, false);
    INFO(text);
    auto a = AnalyzeText(text);
    INFO(a->Dump());
    REQUIRE(a->check.empty());
    const bool incomplete = !a->WithCode("analysis_incomplete").empty();
    std::set<int> unreachable;
    for (const Seen& s : a->WithCode("unreachable_band")) {
      const auto at = s.message.find("`band ");
      REQUIRE(at != std::string::npos);
      unreachable.insert(std::stoi(s.message.substr(at + 6)));
    }
    const bool gap = !a->WithCode("scorecard_gap").empty();

    const std::string compiled_text = Render(c, true);
    const std::string bundle = CompileText(compiled_text);
    REQUIRE(!bundle.empty());
    auto book = runtime::LoadBundle(bundle);
    REQUIRE(book.ok());
    const Brute brute = Evaluate(**book, c);

    for (int b : unreachable) CHECK(brute.fired.count(b) == 0);
    // Shared facts and two stepped indicators are the approximated cases.
    const bool shared = c.indicators.size() == 2 &&
                        FieldOf(c.indicators[0]) == FieldOf(c.indicators[1]);
    const bool two_steps = c.indicators.size() == 2 &&
                           (c.indicators[0].source == Source::kInt ||
                            c.indicators[0].source == Source::kCount) &&
                           (c.indicators[1].source == Source::kInt ||
                            c.indicators[1].source == Source::kCount);
    if (!shared && !two_steps) CHECK_FALSE(incomplete);
    if (incomplete) continue;
    ++exact_cases;
    CHECK(gap == brute.gap);
    for (int b = 1; b <= bands; ++b) {
      CHECK((unreachable.count(b) == 1) == (brute.fired.count(b) == 0));
    }
  }
  CHECK(exact_cases > 30);
}

}  // namespace
}  // namespace bylaw::dsl::testing
