// The table analysis on large tables (issue 17, finding 3): wide and tall
// generated tables are analysed exactly within the default budgets, and
// when a table needs more work or memory than allowed, the analysis says
// `analysis_incomplete`, naming the table and why, instead of running on
// (tests/bench/analyze_scale.sh checks the CLI under a memory limit).
#include <catch2/catch.hpp>

#include <string>

#include "analyze_test_util.h"

namespace bylaw::dsl::testing {
namespace {

// 2 rows over `columns` int facts, hit first: `>= 0` everywhere, then (when
// `catch_all`) a row of `-`. Without it every input with a negative
// column is a gap.
std::string Wide(int columns, bool catch_all) {
  std::string s = "ruleset gen level municipal\nfacts F {\n";
  for (int j = 0; j < columns; ++j) s += "  c" + std::to_string(j) + ": int\n";
  s += "}\ntable t (f: F) -> (n: int)\n  hit first basis \"b\"\n{\n  |";
  for (int j = 0; j < columns; ++j) s += " f.c" + std::to_string(j) + " |";
  s += "| n |\n  |";
  for (int j = 0; j < columns; ++j) s += " >= 0 |";
  s += "| 1 |\n";
  if (catch_all) {
    s += "  |";
    for (int j = 0; j < columns; ++j) s += " - |";
    s += "| 0 |\n";
  }
  return s + "}\ndecision d (f: F) {\n  output n = t(f).n\n}\n";
}

// `rows` disjoint bands of `f.a`, hit unique, and rows for `f.a >= 10 *
// rows` and for negative `f.b`; with `complete`, one for `f.a < 0` too,
// else that is the only gap.
std::string Tall(int rows, bool complete) {
  std::string s =
      "ruleset gen level municipal\nfacts F {\n  a: int\n  b: int\n  c: int\n}\n"
      "table t (f: F) -> (n: int)\n  hit unique basis \"b\"\n{\n"
      "  | f.a | f.b | f.c || n |\n";
  for (int i = 0; i < rows; ++i) {
    s += "  | [" + std::to_string(10 * i) + ".." + std::to_string(10 * i + 10) +
         ") | >= 0 | - || " + std::to_string(i) + " |\n";
  }
  if (complete) s += "  | < 0 | - | - || -1 |\n";
  s += "  | >= " + std::to_string(10 * rows) + " | - | - || -2 |\n";
  s += "  | [0.." + std::to_string(10 * rows) + ") | < 0 | - || -3 |\n";
  return s + "}\ndecision d (f: F) {\n  output n = t(f).n\n}\n";
}

TEST_CASE("a table of 3,000 columns is analysed exactly", "[analyze][scale]") {
  auto covered = AnalyzeText(Wide(3000, true));
  INFO(covered->Dump());
  CHECK(covered->check.empty());
  CHECK(covered->seen.empty());
  auto gaps = AnalyzeText(Wide(3000, false));
  INFO(gaps->Dump());
  CHECK(gaps->WithCode("analysis_incomplete").empty());
  const auto found = gaps->WithCode("table_gap");
  REQUIRE(!found.empty());
  CHECK(found[0].help.find("`f.c0` <= -1") != std::string::npos);
}

TEST_CASE("a table of 5,000 rows is analysed exactly", "[analyze][scale]") {
  auto complete = AnalyzeText(Tall(5000, true));
  INFO(complete->Dump());
  CHECK(complete->seen.empty());
  auto gap = AnalyzeText(Tall(5000, false));
  INFO(gap->Dump());
  CHECK(gap->WithCode("analysis_incomplete").empty());
  const auto found = gap->WithCode("table_gap");
  REQUIRE(found.size() == 1);
  CHECK(found[0].help.find("no row covers `f.a` <= -1;") != std::string::npos);
}

TEST_CASE("a table needing more work than allowed is reported incomplete",
          "[analyze][scale]") {
  AnalyzeOptions options;
  // Mapping the cells of the wide table fits (2 rows of 9,000 values);
  // cutting its 3,000 pieces of 3,000 words does not.
  options.work_budget = 100000;
  auto a = AnalyzeText(Wide(3000, true), options);
  INFO(a->Dump());
  const auto gave_up = a->WithCode("analysis_incomplete");
  REQUIRE(gave_up.size() == 1);
  CHECK(gave_up[0].underlined == "t");
  CHECK(gave_up[0].message ==
        "the analysis of table `t` gave up before finishing: findings may be "
        "missing");
  CHECK(gave_up[0].help ==
        "it needs more work than the analysis allows a table; split it into "
        "smaller tables");
  // The tall table's cells alone are more work than that.
  options.work_budget = 20000;
  auto b = AnalyzeText(Tall(300, false), options);
  INFO(b->Dump());
  REQUIRE(b->WithCode("analysis_incomplete").size() == 1);
  CHECK(b->WithCode("analysis_incomplete")[0].help.find(
            "and more work than the analysis allows a table") !=
        std::string::npos);
  CHECK(b->WithCode("table_gap").empty());
  // With the default budget the same table is exact: its one gap.
  auto c = AnalyzeText(Tall(300, false));
  CHECK(c->WithCode("analysis_incomplete").empty());
  CHECK(c->WithCode("table_gap").size() == 1);
}

TEST_CASE("a table needing more memory than allowed is reported incomplete",
          "[analyze][scale]") {
  AnalyzeOptions options;
  options.memory_budget = std::size_t{1} << 20;
  // 2,000 rows over about 4,000 values of `f.a`: 2 MiB of row boxes.
  auto a = AnalyzeText(Tall(2000, true), options);
  INFO(a->Dump());
  const auto gave_up = a->WithCode("analysis_incomplete");
  REQUIRE(gave_up.size() == 1);
  CHECK(gave_up[0].help.find("MiB of regions (more than 1 MiB)") !=
        std::string::npos);
  // Regions held by one question count too: 2,000 columns make boxes of
  // 16 KiB, and cutting the first row's region holds them one at a time
  // (fits), so the wide table stays exact under 1 MiB.
  auto w = AnalyzeText(Wide(2000, false), options);
  INFO(w->Dump());
  CHECK(w->WithCode("analysis_incomplete").empty());
  CHECK(!w->WithCode("table_gap").empty());
}

}  // namespace
}  // namespace bylaw::dsl::testing
