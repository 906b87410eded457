// Conflicts across levels: a county table restating a national one, each
// diagnostic at its place (the county row, labelled with the national
// row), and what `tightens` and `except basis` silence: exactly the
// departures they declare, nothing else.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyze_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const std::string kNational =
    "ruleset nat\n"
    "  level national\n"
    "enum Grade { A, B, C }\n"
    "enum Region { north, south }\n"
    "facts Firm {\n"
    "  id: text\n"
    "  grade: Grade\n"
    "  region: Region\n"
    "  staff: int\n"
    "}\n"
    "table cap \"cap\" (g: Grade) -> (max_per_year: int?, min_per_year: int)\n"
    "  hit unique\n"
    "  basis \"national cap\"\n"
    "{\n"
    "     | g || max_per_year | min_per_year |\n"
    "  @a | A || none         | 1            |\n"
    "  @b | B || 4            | 2            |\n"
    "  @c | C || 6            | 3            |\n"
    "}\n"
    "table ratio (f: Firm) -> (share: percent)\n"
    "  hit first\n"
    "  basis \"national ratio\"\n"
    "{\n"
    "        | f.grade | f.staff || share |\n"
    "  @big  | -       | >= 100  || 10%   |\n"
    "  @rest | -       | -       || 3%    |\n"
    "}\n";

// A county ruleset importing the national one, with `body` after it.
std::string County(const std::string& body) {
  return "ruleset town\n  level county\nimport nat\n" + body;
}

// The 1-based line of the first line of `text` containing `needle`.
std::uint32_t LineOf(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<std::uint32_t>(
      std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1);
}

std::unique_ptr<Analyzed> Run(const std::string& county) {
  return AnalyzeFiles({{"nat.bylaw", kNational}, {"town.bylaw", county}});
}

// A county cap over the national one: items after `hit unique`, then rows.
std::string CountyCap(const std::string& items, const std::string& rows) {
  return County("table town_cap (g: Grade) -> (max_per_year: int?)\n"
                "  hit unique\n" + items + "  basis \"town\"\n{\n"
                "     | g || max_per_year |\n" + rows + "}\n");
}

TEST_CASE("a county table that answers otherwise is a level conflict") {
  const std::string county = CountyCap(
      "  overrides nat.cap\n",
      "  @a | A || none |\n  @b | B || 3 |\n  @c | C || 6 |\n");
  auto a = Run(county);
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  auto found = a->WithCode("level_conflict");
  REQUIRE(found.size() == 1);
  CHECK(found[0].file == "town.bylaw");
  CHECK(found[0].line == LineOf(county, "@b |"));
  CHECK(found[0].column == 4);
  CHECK(found[0].underlined == "b");
  CHECK_THAT(found[0].message, Catch::Contains("`max_per_year = 3` (not `4`)"));
  CHECK_THAT(found[0].message, Catch::Contains("for `g = B`"));
  CHECK_THAT(found[0].message, Catch::Contains("`nat.cap` (national, nat.bylaw:17:4)"));
  REQUIRE(found[0].labels.size() == 1);
  CHECK(found[0].labels[0] == "b");
  CHECK(found[0].label_at[0] == "nat.bylaw:17:4");
}

TEST_CASE("a same-named table of a lower level is compared without a declaration") {
  const std::string county = County(
      "table cap (grade: Grade) -> (min_per_year: int)\n  hit unique\n"
      "  basis \"town\"\n{\n     | grade || min_per_year |\n"
      "  @a | A || 1 |\n  @b | B || 2 |\n  @c | C || 2 |\n}\n");
  auto a = Run(county);
  INFO(a->Dump());
  auto found = a->WithCode("level_conflict");
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == LineOf(county, "@c |"));
  CHECK_THAT(found[0].message, Catch::Contains("`min_per_year = 2` (not `3`)"));
  CHECK_THAT(found[0].help, Catch::Contains("name and signature"));
}

TEST_CASE("a same-named table with another signature is another question") {
  auto a = Run(County(
      "table cap (staff: int) -> (min_per_year: int)\n  hit unique\n"
      "  basis \"town\"\n{\n     | staff || min_per_year |\n"
      "  | - || 9 |\n}\n"));
  INFO(a->Dump());
  CHECK(a->WithCode("level_conflict").empty());
  CHECK(a->WithCode("bad_override").empty());
}

TEST_CASE("tightens at_most allows lower caps and reports higher ones") {
  const std::string county = CountyCap(
      "  overrides nat.cap\n  tightens max_per_year at_most\n",
      "  @a | A || 2 |\n  @b | B || 3 |\n  @c | C || 7 |\n");
  auto a = Run(county);
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  CHECK(a->WithCode("level_conflict").empty());
  auto loose = a->WithCode("loosened_standard");
  REQUIRE(loose.size() == 1);
  CHECK(loose[0].line == LineOf(county, "@c |"));
  CHECK(loose[0].underlined == "c");
  CHECK_THAT(loose[0].message, Catch::Contains("loosens `max_per_year = 7` (not `6`)"));
  CHECK(loose[0].labels[0] == "c");
}

TEST_CASE("dropping a cap loosens it; setting one where there was none tightens") {
  const std::string county = CountyCap(
      "  overrides nat.cap\n  tightens max_per_year at_most\n",
      "  @a | A || 5 |\n  @b | B || none |\n  @c | C || 6 |\n");
  auto a = Run(county);
  INFO(a->Dump());
  auto loose = a->WithCode("loosened_standard");
  REQUIRE(loose.size() == 1);
  CHECK(loose[0].line == LineOf(county, "@b |"));
  CHECK_THAT(loose[0].message, Catch::Contains("`max_per_year = none` (not `4`)"));
}

TEST_CASE("tightens at_least allows higher minimums and reports lower ones") {
  const std::string county = County(
      "table town_min (g: Grade) -> (min_per_year: int)\n  hit unique\n"
      "  overrides nat.cap\n  tightens min_per_year at_least\n  basis \"town\"\n{\n"
      "     | g || min_per_year |\n  @a | A || 1 |\n  @b | B || 5 |\n  @c | C || 2 |\n}\n");
  auto a = Run(county);
  INFO(a->Dump());
  CHECK(a->WithCode("level_conflict").empty());
  auto loose = a->WithCode("loosened_standard");
  REQUIRE(loose.size() == 1);
  CHECK(loose[0].line == LineOf(county, "@c |"));
}

TEST_CASE("tightening one output leaves the others to level_conflict") {
  const std::string county = County(
      "table town_cap (g: Grade) -> (max_per_year: int?, min_per_year: int)\n"
      "  hit unique\n  overrides nat.cap\n  tightens max_per_year at_most\n"
      "  basis \"town\"\n{\n     | g || max_per_year | min_per_year |\n"
      "  @a | A || 1 | 1 |\n  @b | B || 4 | 1 |\n  @c | C || 6 | 3 |\n}\n");
  auto a = Run(county);
  INFO(a->Dump());
  auto found = a->WithCode("level_conflict");
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == LineOf(county, "@b |"));
  CHECK_THAT(found[0].message, Catch::Contains("`min_per_year = 1` (not `2`)"));
  CHECK(a->WithCode("loosened_standard").empty());
}

TEST_CASE("a row's except basis silences that row only") {
  const std::string county = CountyCap(
      "  overrides nat.cap\n  tightens max_per_year at_most\n",
      "  @a | A || 1 |\n  @b | B || 9 | except basis \"county rule art. 8\"\n"
      "  @c | C || 7 |\n");
  auto a = Run(county);
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  auto loose = a->WithCode("loosened_standard");
  REQUIRE(loose.size() == 1);
  CHECK(loose[0].line == LineOf(county, "@c |"));
  CHECK(a->WithCode("level_conflict").empty());
}

TEST_CASE("a table's except basis silences the whole table") {
  auto a = Run(CountyCap(
      "  overrides nat.cap\n  except basis \"county rule art. 8\"\n",
      "  @a | A || 1 |\n  @b | B || 9 |\n  @c | C || 7 |\n"));
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  CHECK(a->WithCode("level_conflict").empty());
  CHECK(a->WithCode("loosened_standard").empty());
}

TEST_CASE("an equal restatement is silent") {
  auto a = Run(CountyCap("  overrides nat.cap\n",
                         "  @a | A || none |\n  @b | B || 4 |\n  @c | C || 6 |\n"));
  INFO(a->Dump());
  CHECK(a->seen.empty());
}

TEST_CASE("a fact column only the county has varies freely") {
  // The county splits by region; the national table answers alike for
  // both regions, so the south row is compared with every national row.
  const std::string county = County(
      "table ratio (f: Firm) -> (share: percent)\n  hit first\n"
      "  basis \"town\"\n{\n"
      "          | f.region | f.staff || share |\n"
      "  @north  | north    | -       || 3%    |\n"
      "  @south  | south    | >= 100  || 12%   |\n"
      "  @others | -        | -       || 3%    |\n}\n");
  auto a = Run(county);
  INFO(a->Dump());
  auto found = a->WithCode("level_conflict");
  // North firms of 100 staff or more get 3% where the nation says 10%.
  REQUIRE(found.size() == 2);
  CHECK(found[0].line == LineOf(county, "@north"));
  CHECK_THAT(found[0].message, Catch::Contains("f.staff = 100"));
  CHECK_THAT(found[0].message, Catch::Contains("f.region = north"));
  CHECK(found[1].line == LineOf(county, "@south"));
  CHECK_THAT(found[1].message, Catch::Contains("`share = 12%` (not `10%`)"));
}

TEST_CASE("tables in force at different times are not compared") {
  auto a = AnalyzeFiles(
      {{"nat.bylaw", "ruleset nat\n  level national\n  effective 2020-01-01 until 2024-01-01\n" +
                         kNational.substr(kNational.find("enum Grade"))},
       {"town.bylaw",
        "ruleset town\n  level county\n  effective 2024-01-01\nimport nat\n"
        "table town_cap (g: Grade) -> (max_per_year: int?)\n  hit unique\n"
        "  overrides nat.cap\n  basis \"town\"\n{\n     | g || max_per_year |\n"
        "  @a | A || 1 |\n  @b | B || 1 |\n  @c | C || 1 |\n}\n"}});
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  CHECK(a->WithCode("level_conflict").empty());
}

struct Bad {
  const char* name;
  std::string county;
  const char* code;
  const char* underlined;
  const char* message;
};

TEST_CASE("wrong override and tightening declarations") {
  const std::vector<Bad> cases = {
      {"unknown target",
       CountyCap("  overrides nat.capp\n", "  | - || 1 |\n"),
       "bad_override", "nat.capp", "no table `nat.capp`"},
      {"not a table",
       CountyCap("  overrides nat.Grade\n", "  | - || 1 |\n"),
       "bad_override", "nat.Grade", "is not a table"},
      {"same level",
       County("table base (g: Grade) -> (n: int)\n  basis \"b\"\n{\n  | g || n |\n  | - || 1 |\n}\n"
              "table over (g: Grade) -> (n: int)\n  overrides base\n  basis \"b\"\n"
              "{\n  | g || n |\n  | - || 1 |\n}\n"),
       "bad_override", "base", "no table `base`"},
      {"parameters differ",
       County("table town_cap (n: int) -> (max_per_year: int?)\n  overrides nat.cap\n"
              "  basis \"b\"\n{\n  | n || max_per_year |\n  | - || 1 |\n}\n"),
       "bad_override", "nat.cap", "parameter 1 is `int` here and `Grade` there"},
      {"output not in the higher table",
       County("table town_cap (g: Grade) -> (visits: int)\n  overrides nat.cap\n"
              "  basis \"b\"\n{\n  | g || visits |\n  | - || 1 |\n}\n"),
       "bad_override", "nat.cap", "output `visits` is not an output"},
      {"unknown direction",
       CountyCap("  overrides nat.cap\n  tightens max_per_year downward\n", "  | - || 1 |\n"),
       "bad_tightening", "downward", "unknown direction `downward`"},
      {"unknown output",
       CountyCap("  overrides nat.cap\n  tightens max at_most\n", "  | - || 1 |\n"),
       "bad_tightening", "max", "has no output `max`"},
      {"unordered output",
       County("table lead (g: Grade) -> (who: Region)\n  tightens who at_most\n"
              "  basis \"b\"\n{\n  | g || who |\n  | - || north |\n}\n"),
       "bad_tightening", "who", "which has no order"},
      {"tightens without a higher table",
       County("table alone (g: Grade) -> (n: int)\n  tightens n at_most\n"
              "  basis \"b\"\n{\n  | g || n |\n  | - || 1 |\n}\n"),
       "bad_tightening", "tightens n at_most", "overrides no table of a higher level"},
  };
  for (const Bad& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto a = Run(c.county);
      INFO(a->Dump());
      REQUIRE(a->check.empty());
      auto found = a->WithCode(c.code);
      REQUIRE(found.size() == 1);
      CHECK(found[0].file == "town.bylaw");
      CHECK(found[0].underlined == c.underlined);
      CHECK_THAT(found[0].message, Catch::Contains(c.message));
    }
  }
}

TEST_CASE("a county may not override a county table") {
  auto a = AnalyzeFiles(
      {{"nat.bylaw", kNational},
       {"a.bylaw", "ruleset a\n  level county\nimport nat\n"
                   "table base (g: Grade) -> (n: int)\n  basis \"b\"\n{\n  | g || n |\n  | - || 1 |\n}\n"},
       {"b.bylaw", "ruleset b\n  level county\nimport nat\nimport a\n"
                   "table over (g: Grade) -> (n: int)\n  overrides a.base\n  basis \"b\"\n"
                   "{\n  | g || n |\n  | - || 2 |\n}\n"}});
  INFO(a->Dump());
  REQUIRE(a->check.empty());
  auto found = a->WithCode("bad_override");
  REQUIRE(found.size() == 1);
  CHECK(found[0].underlined == "a.base");
  CHECK_THAT(found[0].message, Catch::Contains("not above `b` (county)"));
  CHECK(a->WithCode("level_conflict").empty());
}

}  // namespace
}  // namespace bylaw::dsl::testing

namespace bylaw::dsl::testing {
namespace {

TEST_CASE("a level conflict over a computed column says it is not exact") {
  // Both tables test `f.staff + 1`, which the analysis models as a value
  // of its own: the conflict is reported with the caveat.
  auto a = AnalyzeFiles(
      {{"nat.bylaw",
        kNational +
            "table extra (f: Firm) -> (n: int)\n  hit first\n  basis \"n\"\n{\n"
            "         | f.staff + 1 || n |\n  @many  | >= 10       || 2 |\n"
            "  @few   | -           || 1 |\n}\n"},
       {"town.bylaw",
        County("table extra (f: Firm) -> (n: int)\n  hit first\n  basis \"t\"\n{\n"
               "         | f.staff + 1 || n |\n  @many  | >= 20       || 2 |\n"
               "  @few   | -           || 1 |\n}\n")}});
  INFO(a->Dump());
  auto found = a->WithCode("level_conflict");
  REQUIRE_FALSE(found.empty());
  CHECK_THAT(found[0].help, Catch::Contains("the comparison is not exact: column `f.staff + 1`"));
  CHECK_FALSE(a->WithCode("analysis_incomplete").empty());
}

}  // namespace
}  // namespace bylaw::dsl::testing
