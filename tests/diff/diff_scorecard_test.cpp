// `bylaw diff` over arithmetic (issue 12, finding 5): the two-indicator
// scorecard of the issue, expression columns, and a brute-force check on
// random scorecards with a seeded edit. Where the diff says complete, its
// regions must be exactly the inputs whose answers the runtime changes
// (every input of the space is evaluated); where the code computes with an
// ordered fact it must say complete: false and why, and every region it
// does report must hold a real change at its example.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bylaw/review/diff.h"
#include "bylaw/runtime.h"
#include "diff_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const std::string kHeader =
    "ruleset s level municipal\n"
    "enum E { A, B, C }\n"
    "enum Grade { G1, G2, G3, G4 }\n"
    "record P { x: int }\n"
    "facts F {\n  a: decimal\n  b: decimal\n  l: list<P>\n  b1: bool\n  b2: bool\n"
    "  e1: E\n  e2: E\n  i: int\n  j: int\n}\n";

DiffReport Diff(const std::string& old_text, const std::string& new_text) {
  const Compiled a = CompileText({{"s.bylaw", old_text}});
  const Compiled b = CompileText({{"s.bylaw", new_text}});
  INFO(a.diagnostics << b.diagnostics);
  REQUIRE(!a.bundle.empty());
  REQUIRE(!b.bundle.empty());
  DiffResult r = DiffBundles(a.bundle, b.bundle, DiffOptions{});
  REQUIRE(r.ok());
  return *r.report;
}

const DiffOutput& OutputOf(const DiffReport& r, const std::string& name) {
  for (const DiffDecision& d : r.decisions) {
    for (const DiffOutput& o : d.outputs) {
      if (o.name == name) return o;
    }
  }
  FAIL("no output " << name);
  static DiffOutput none;
  return none;
}

std::string Answer(const runtime::Rulebook& book, const nlohmann::json& f) {
  const nlohmann::json facts = {{"as_of", "2025-01-01"}, {"f", f}};
  runtime::Result<std::string> r = book.EvaluateJson("d", facts.dump());
  REQUIRE(r.ok());
  const nlohmann::json doc = nlohmann::json::parse(*r);
  return doc["outputs"].dump() + doc["errors"].dump();
}

std::shared_ptr<const runtime::Rulebook> Book(const std::string& text) {
  const Compiled c = CompileText({{"s.bylaw", text}});
  REQUIRE(!c.bundle.empty());
  auto book = runtime::LoadBundle(c.bundle);
  REQUIRE(book.ok());
  return *book;
}

nlohmann::json BaseFacts() {
  return {{"a", "0"}, {"b", "0"}, {"l", nlohmann::json::array()}, {"b1", false},
          {"b2", false}, {"e1", "A"}, {"e2", "A"}, {"i", 0}, {"j", 0}};
}

TEST_CASE("diff over a sum of two indicators is not claimed complete", "[diff][arith]") {
  const std::string old_text =
      kHeader +
      "scorecard sc (f: F) -> Grade {\n  indicator a weight 1: f.a\n"
      "  indicator b weight 1: f.b\n  band <= 45 => G1\n  band > 45 => G2\n  basis \"b\"\n}\n"
      "decision d (f: F) {\n  output g = sc(f).grade\n}\n";
  std::string new_text = old_text;
  new_text.replace(new_text.find("<= 45 "), 6, "<= 45.5 ");
  const DiffReport report = Diff(old_text, new_text);
  const DiffOutput& g = OutputOf(report, "g");
  // a = 20, b = 25.3: the score 45.3 moves from G2 to G1.
  nlohmann::json f = BaseFacts();
  f["a"] = "20";
  f["b"] = "25.3";
  CHECK(Answer(*Book(old_text), f) != Answer(*Book(new_text), f));
  const std::map<std::string, InputValue> input = {{"f.a", {false, "", 20000000}},
                                                   {"f.b", {false, "", 25300000}}};
  const bool covered = !RegionsContaining(g.found, input).empty();
  // Before: complete, and no region held (20, 25.3).
  CHECK((!g.found.complete || covered));
  CHECK_FALSE(g.found.complete);
  CHECK(g.found.inexact.find("scorecard `s.sc`") != std::string::npos);
  CHECK(report.answers_differ());
  const std::string json = RenderDiffJson(report);
  CHECK(json.find("\"incomplete_because\"") != std::string::npos);
}

TEST_CASE("diff over an expression column is not claimed complete", "[diff][arith]") {
  const std::string old_text =
      kHeader +
      "table t (f: F) -> (n: int)\n  hit first basis \"b\"\n{\n"
      "  | f.i + f.j || n |\n  | < 10 || 1 |\n  | - || 2 |\n}\n"
      "decision d (f: F) {\n  output n = t(f).n\n}\n";
  std::string new_text = old_text;
  new_text.replace(new_text.find("< 10"), 4, "< 12");
  const DiffReport report = Diff(old_text, new_text);
  CHECK_FALSE(OutputOf(report, "n").found.complete);
  REQUIRE(report.tables.size() == 1);
  CHECK_FALSE(report.tables[0].found.complete);
  CHECK(report.tables[0].found.inexact.find("column computed") != std::string::npos);
}

TEST_CASE("diff over a count beyond the lengths it tries is not claimed complete",
          "[diff][arith]") {
  // Lists are tried with 0 to 3 elements (and around small literals): a
  // change at 10 or more elements would go unseen.
  const std::string old_text =
      kHeader + "decision d (f: F) {\n  output many = count(f.l) >= 10\n}\n";
  std::string new_text = old_text;
  new_text.replace(new_text.find(">= 10"), 5, ">= 12");
  const DiffReport report = Diff(old_text, new_text);
  const DiffOutput& many = OutputOf(report, "many");
  CHECK_FALSE(many.found.complete);
  CHECK(many.found.inexact.find("length of a fact list") != std::string::npos);
}

TEST_CASE("diff stays exact where facts are compared with literals", "[diff][arith]") {
  // Indicators that are fixed on each cell sum to fixed scores: exact.
  const std::string old_text =
      kHeader +
      "scorecard sc (f: F) -> Grade {\n  indicator x weight 20: if f.b1 then 1 else 0\n"
      "  indicator y weight 30: if f.e1 == A then 1 else 0\n"
      "  indicator z weight 5: if f.i >= 3 then 1 else 0\n"
      "  band < 25 => G1\n  band >= 25 => G2\n  basis \"b\"\n}\n"
      "decision d (f: F) {\n  output g = sc(f).grade\n}\n";
  std::string new_text = old_text;
  new_text.replace(new_text.find("< 25"), 4, "< 35");
  new_text.replace(new_text.find(">= 25"), 5, ">= 35");
  const DiffReport report = Diff(old_text, new_text);
  const DiffOutput& g = OutputOf(report, "g");
  CHECK(g.found.complete);
  CHECK(g.found.inexact.empty());
  CHECK_FALSE(g.found.regions.empty());
}

// ----------------------------------------------------------- brute force

struct Ind {
  int kind = 0;  // 0: bool, 1: enum, 2: int test, 3: decimal fact, 4: count
  std::string weight = "1";
  int then_value = 1, else_value = 0;
};

std::string Value(const Ind& i, int n) {
  const std::string k = std::to_string(n + 1);
  switch (i.kind) {
    case 0: return "if f.b" + k + " then " + std::to_string(i.then_value) + " else " +
                   std::to_string(i.else_value);
    case 1: return "if f.e" + k + " == A then " + std::to_string(i.then_value) + " else " +
                   std::to_string(i.else_value);
    case 2: return "if f.i >= 3 then " + std::to_string(i.then_value) + " else " +
                   std::to_string(i.else_value);
    case 3: return "f.a";
    default: return "count(f.l)";
  }
}

std::string Card(const std::vector<Ind>& inds, const std::vector<int>& bounds,
                 const std::vector<int>& grades) {
  std::string s = kHeader + "scorecard sc (f: F) -> Grade {\n";
  for (std::size_t k = 0; k < inds.size(); ++k) {
    s += "  indicator x" + std::to_string(k) + " weight " + inds[k].weight + ": " +
         Value(inds[k], static_cast<int>(k)) + "\n";
  }
  // Bands `< b1`, `< b2`, ..., then everything else.
  for (std::size_t b = 0; b < bounds.size(); ++b) {
    s += "  band < " + std::to_string(bounds[b]) + " => G" + std::to_string(grades[b]) + "\n";
  }
  s += "  band >= " + std::to_string(bounds.back()) + " => G" +
       std::to_string(grades.back()) + "\n  basis \"b\"\n}\n"
       "decision d (f: F) {\n  output g = sc(f).grade\n}\n";
  return s;
}

TEST_CASE("diff of scorecards agrees with evaluation wherever it says complete",
          "[diff][arith][brute]") {
  std::mt19937 rng(7122026);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int complete_cases = 0, incomplete_cases = 0;
  for (int n = 0; n < 40; ++n) {
    std::vector<Ind> inds(static_cast<std::size_t>(pick(1, 2)));
    bool ordered = false;
    for (Ind& i : inds) {
      i.kind = pick(0, 10) < 2 ? pick(3, 4) : pick(0, 2);
      ordered = ordered || i.kind >= 3;
      static const char* kWeights[] = {"1", "5", "20", "2.5"};
      i.weight = kWeights[pick(0, 3)];
      i.then_value = pick(0, 3) * 5;
      i.else_value = pick(0, 3) * 5;
    }
    std::vector<int> bounds;
    for (int b = pick(1, 3); b > 0; --b) bounds.push_back(pick(0, 12) * 5);
    std::sort(bounds.begin(), bounds.end());
    std::vector<int> grades;
    for (std::size_t b = 0; b <= bounds.size(); ++b) grades.push_back(pick(1, 3));
    const std::string old_text = Card(inds, bounds, grades);
    // The edit: move one bound by 5, or change one band's grade.
    if (pick(0, 1) == 0) {
      int& b = bounds[static_cast<std::size_t>(pick(0, static_cast<int>(bounds.size()) - 1))];
      b += pick(0, 1) ? 5 : -5;
      std::sort(bounds.begin(), bounds.end());
    } else {
      int& g = grades[static_cast<std::size_t>(pick(0, static_cast<int>(grades.size()) - 1))];
      g = g % 3 + 1;
    }
    const std::string new_text = Card(inds, bounds, grades);
    INFO(old_text << "----\n" << new_text);
    const DiffReport report = Diff(old_text, new_text);
    const DiffOutput& g = OutputOf(report, "g");
    INFO(RenderDiffText(report));
    auto old_book = Book(old_text);
    auto new_book = Book(new_text);
    // Every region's example is a real change.
    for (const DiffRegion& r : g.found.regions) {
      const nlohmann::json facts = nlohmann::json::parse(r.example_facts);
      nlohmann::json f = BaseFacts();
      const nlohmann::json& given = facts.contains("__args") ? facts["__args"]["f"] : facts["f"];
      for (auto it = given.begin(); it != given.end(); ++it) f[it.key()] = it.value();
      CHECK(Answer(*old_book, f) != Answer(*new_book, f));
    }
    if (ordered) {
      // The score is computed from an ordered fact: never claimed exact.
      CHECK_FALSE(g.found.complete);
      CHECK_FALSE(g.found.inexact.empty());
      ++incomplete_cases;
      continue;
    }
    REQUIRE(g.found.complete);
    ++complete_cases;
    // Every input: b1, b2, e1, e2 and i on both sides of 3.
    for (int b1 = 0; b1 < 2; ++b1) {
      for (int b2 = 0; b2 < 2; ++b2) {
        for (const char* e1 : {"A", "B", "C"}) {
          for (const char* e2 : {"A", "B", "C"}) {
            for (int i : {2, 3, 4}) {
              nlohmann::json f = BaseFacts();
              f["b1"] = b1 == 1;
              f["b2"] = b2 == 1;
              f["e1"] = e1;
              f["e2"] = e2;
              f["i"] = i;
              const bool differs = Answer(*old_book, f) != Answer(*new_book, f);
              const std::map<std::string, InputValue> input = {
                  {"f.b1", {false, b1 ? "true" : "false", 0}},
                  {"f.b2", {false, b2 ? "true" : "false", 0}},
                  {"f.e1", {false, e1, 0}},
                  {"f.e2", {false, e2, 0}},
                  {"f.i", {false, "", i}}};
              INFO("b1=" << b1 << " b2=" << b2 << " e1=" << e1 << " e2=" << e2 << " i=" << i);
              CHECK(differs == !RegionsContaining(g.found, input).empty());
            }
          }
        }
      }
    }
  }
  CHECK(complete_cases > 15);
  CHECK(incomplete_cases > 2);
}

}  // namespace
}  // namespace bylaw::dsl::testing
