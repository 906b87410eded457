// Every analysis diagnostic from a minimal source: each case names the
// code, its line (within the snippet after the shared prelude) and column,
// the exact text it underlines, and a piece of the message; then the
// cases where the analysis must stay silent.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyze_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const std::string kPrelude =
    "ruleset t level municipal\n"
    "enum Department { market, fire, emergency }\n"
    "enum CreditClass { A, B, C, D }\n"
    "facts Enterprise {\n"
    "  id: text\n"
    "  credit_class: CreditClass\n"
    "  risk: int\n"
    "  ratio: percent\n"
    "  grade: CreditClass?\n"
    "}\n"
    "reason NOT_OK \"not ok\"\n"
    "param limit: int = 3\n";

std::uint32_t PreludeLines() {
  return static_cast<std::uint32_t>(
      std::count(kPrelude.begin(), kPrelude.end(), '\n'));
}

struct Case {
  const char* name;
  std::string snippet;
  const char* code;
  int line;  // > 0: 1-based within the snippet; <= 0: -line in the prelude
  std::uint32_t column;
  const char* underlined;
  const char* message;  // a substring of the message
  const char* label;    // underlined text of a label, or empty
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"enum gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  | A, B || 1 |\n  | C || 2 |\n}",
       "table_gap", 1, 7, "t1", "matches `e.credit_class = D`", ""},
      {"interval gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || n |\n  | < 3 || 1 |\n  | > 3 || 2 |\n}",
       "table_gap", 1, 7, "t1", "matches `e.risk = 3`", ""},
      {"percent gap between intervals",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.ratio || n |\n  | < 5% || 1 |\n  | [10%..20%] || 2 |\n  | > 20% || 3 |\n}",
       "table_gap", 1, 7, "t1", "matches `e.ratio = 5%`", ""},
      {"optional column misses none",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.grade || n |\n  | A, B, C, D || 1 |\n}",
       "table_gap", 1, 7, "t1", "matches `e.grade = none`", ""},
      {"collect max gap: no value there",
       "table t1 (e: Enterprise) -> (n: int)\n  hit collect max basis \"b\"\n{\n"
       "  | e.risk || n |\n  | < 3 || 1 |\n  | > 3 || 2 |\n}",
       "table_gap", 1, 7, "t1", "matches `e.risk = 3`", ""},
      {"default row of a collect table never fires",
       "table t1 (e: Enterprise) -> (n: int)\n  hit rule_order basis \"b\"\n{\n"
       "  | e.risk || n |\n  | < 3 || 1 |\n  | >= 3 || 2 |\n  @other | default || 0 |\n}",
       "unreachable_row", 7, 4, "other", "can never fire", ""},
      {"gap in time",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  | - || 1 | effective 2024-01-01\n}",
       "table_gap", 1, 7, "t1", "as of = 2023-12-31", ""},
      {"unique overlap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  @a | A, B || 1 |\n  @b | B, C || 2 |\n"
       "  @c | D || 3 |\n}",
       "unique_overlap", 6, 4, "b", "both match `e.credit_class = B`", "a"},
      {"unique overlap on intervals",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  @low | <= 5 || 1 |\n  @high | >= 5 || 2 |\n}",
       "unique_overlap", 6, 4, "high", "both match `e.risk = 5`", "low"},
      {"any conflict",
       "table t1 (e: Enterprise) -> (n: int)\n  hit any basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  @a | A, B || 1 |\n  @b | B, C || 2 |\n"
       "  @c | D || 3 |\n}",
       "any_conflict", 6, 4, "b", "with different outputs", "a"},
      {"first: subsumed by one row",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first basis \"b\"\n{\n"
       "  | e.credit_class | e.risk || n |\n  @all | - | >= 0 || 1 |\n"
       "  @late | A | [1..3) || 2 |\n  @neg | - | < 0 || 3 |\n}",
       "unreachable_row", 6, 4, "late", "matched first by row `all`", "all"},
      {"first: covered by several rows",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first basis \"b\"\n{\n"
       "  | e.credit_class | e.risk || n |\n  @lo | - | < 3 || 1 |\n"
       "  @hi | - | >= 3 || 2 |\n  @late | A | - || 3 |\n}",
       "unreachable_row", 7, 4, "late", "rows `lo`, `hi`", "lo"},
      {"row that matches nothing",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || n |\n  @never | [5..3] || 1 |\n  @all | - || 2 |\n}",
       "unreachable_row", 5, 4, "never", "matches no input", ""},
      {"default row never fires",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || n |\n  | - || 1 |\n  | default || 2 |\n}",
       "unreachable_row", 6, 3, "| default || 2 |", "`default` row", ""},
      {"priority: masked",
       "table t1 (e: Enterprise) -> (n: int)\n  hit priority basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  @low | A || 1 | priority 1\n"
       "  @high | - || 2 | priority 5\n}",
       "masked_row", 5, 4, "low", "matched first by row `high`", "high"},
      {"cooperator is initiator",
       "matter m \"m\" {\n  type cross_department\n  object Enterprise\n"
       "  initiator market\n  cooperators fire, market\n  basis \"b\"\n}",
       "cooperator_is_initiator", 5, 21, "market", "lists its initiator", "market"},
      {"duplicate supervision",
       "matter m1 \"m1\" {\n  type single\n  content \"licences\"\n"
       "  object Enterprise where credit_class in {A, B}\n  initiator market\n"
       "  basis \"b\"\n}\nmatter m2 \"m2\" {\n  type single\n  content \"licences\"\n"
       "  object Enterprise where credit_class == B\n  initiator fire\n"
       "  basis \"b\"\n}",
       "duplicate_supervision", 8, 8, "m2", "`m1` (`market`) and `m2` (`fire`)", "m1"},
      {"rule without basis",
       "rule r (e: Enterprise) {\n  forbid when e.risk > 3\n  code NOT_OK\n}",
       "missing_basis", 1, 6, "r", "rule `r` has no `basis`", ""},
      {"table without basis",
       "table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n"
       "  | e.risk || n |\n  | - || 1 |\n}",
       "missing_basis", 1, 7, "t1", "table `t1` has no `basis`", ""},
      {"unused def",
       "def helper(e: Enterprise) -> bool = e.risk > 1\n"
       "decision d (e: Enterprise) {\n  output ok = e.risk > limit and e.ratio > 1% "
       "and e.grade is none and e.credit_class == A\n}",
       "unused_declaration", 1, 5, "helper", "def `helper` is never reached", ""},
      {"unused param",
       "param spare: int = 1\n"
       "decision d (e: Enterprise) {\n  output ok = e.risk > limit and e.ratio > 1% "
       "and e.grade is none and e.credit_class == A\n}",
       "unused_declaration", 1, 7, "spare", "param `spare`", ""},
      {"unread field",
       "decision d (e: Enterprise) {\n  output ok = e.risk > limit and e.ratio > 1% "
       "and e.grade is none\n}",
       "unread_field", -6, 3, "credit_class", "field `credit_class` of facts `Enterprise`", ""},
      {"unhandled grade of a scorecard",
       "scorecard s1 (e: Enterprise) -> CreditClass {\n"
       "  indicator r \"r\" weight 1: e.risk\n  band < 10 => A\n"
       "  band [10..20) => B\n  band >= 20 => D\n  basis \"b\"\n}\n"
       "table t1 (c: CreditClass) -> (n: int)\n  hit unique partial basis \"b\"\n{\n"
       "  | c || n |\n  | A || 1 |\n  | B || 2 |\n}\n"
       "def freq(e: Enterprise) -> int = t1(s1(e).grade).n",
       "unhandled_grade", 8, 7, "t1", "no row for `c = D`, which band 3 of `t.s1`",
       "band >= 20 => D"},
      {"unhandled grade of a grading table through a let",
       "table grading (e: Enterprise) -> (g: CreditClass)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || g |\n  @low | < 5 || A |\n  @high | - || C |\n}\n"
       "table t1 (c: CreditClass) -> (n: int)\n  hit unique partial basis \"b\"\n{\n"
       "  | c || n |\n  | A, B || 1 |\n}\n"
       "decision d (e: Enterprise) {\n  let g = grading(e).g\n  output n = t1(g).n\n}",
       "unhandled_grade", 8, 7, "t1", "which row `high` of `t.grading`", "high"},
      {"reason given without a basis",
       "rule r (e: Enterprise) {\n  forbid when e.risk > 3\n  code NOT_OK\n  basis \"b\"\n}",
       "undocumented_reason", -11, 8, "NOT_OK", "reason `NOT_OK`, given by rule `r`, has no `basis`", ""},
      {"unused reason",
       "decision d (e: Enterprise) {\n  output ok = e.risk > limit\n}",
       "unused_reason", -11, 8, "NOT_OK", "reason `NOT_OK` is given by no rule", ""},
  };
  return cases;
}

TEST_CASE("each analysis diagnostic at its place") {
  for (const Case& c : Cases()) {
    DYNAMIC_SECTION(c.name) {
      auto a = AnalyzeText(kPrelude + c.snippet);
      INFO(a->Dump());
      REQUIRE(a->check.empty());
      const std::uint32_t line =
          c.line > 0 ? PreludeLines() + static_cast<std::uint32_t>(c.line)
                     : static_cast<std::uint32_t>(-c.line);
      const Seen* found = nullptr;
      for (const Seen& s : a->seen) {
        if (s.code == c.code && s.line == line) found = &s;
      }
      REQUIRE(found != nullptr);
      CHECK(found->column == c.column);
      CHECK(found->underlined == c.underlined);
      CHECK_THAT(found->message, Catch::Contains(c.message));
      if (*c.label != '\0') {
        REQUIRE(!found->labels.empty());
        CHECK(found->labels[0] == c.label);
      }
    }
  }
}

struct Quiet {
  const char* name;
  std::string snippet;
  const char* code;  // must not be reported
};

TEST_CASE("the analysis stays silent where nothing is wrong") {
  static const std::vector<Quiet> cases = {
      {"default row closes the gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  | A || 1 |\n  | default || 2 |\n}",
       "table_gap"},
      {"collect sum: no match is 0, no gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit collect sum basis \"b\"\n{\n"
       "  | e.risk || n |\n  | < 3 || 1 |\n}",
       "table_gap"},
      {"partial table",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique partial basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  | A || 1 |\n}",
       "table_gap"},
      {"int intervals that meet leave no gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  | <= 2 || 1 |\n  | [3..5] || 2 |\n  | >= 6 || 3 |\n}",
       "table_gap"},
      {"any with equal outputs",
       "table t1 (e: Enterprise) -> (n: int)\n  hit any basis \"b\"\n{\n"
       "  | e.credit_class || n |\n  | A, B || 1 |\n  | B, C, D || 1 |\n}",
       "any_conflict"},
      {"a param cell may close the gap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  | >= limit || 1 |\n  | < 0 || 2 |\n}",
       "table_gap"},
      {"a param cell is not proven to overlap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  | >= limit || 1 |\n  | < 5 || 2 |\n}",
       "unique_overlap"},
      {"rows in force at different times do not overlap",
       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | e.risk || n |\n  | - || 1 | effective 2024-01-01 until 2025-01-01\n"
       "  | - || 2 | effective 2025-01-01\n}",
       "unique_overlap"},
      {"disjoint selectors are no duplicate",
       "matter m1 \"m1\" {\n  type single\n  content \"licences\"\n"
       "  object Enterprise where credit_class == A\n  initiator market\n"
       "  basis \"b\"\n}\nmatter m2 \"m2\" {\n  type single\n  content \"licences\"\n"
       "  object Enterprise where credit_class in {B, C}\n  initiator fire\n"
       "  basis \"b\"\n}",
       "duplicate_supervision"},
      {"a band no score reaches produces nothing",
       "scorecard s1 (e: Enterprise) -> CreditClass {\n"
       "  indicator r \"r\" weight 1: e.risk\n  band < 10 => A\n"
       "  band >= 10 => B\n  band >= 20 => D\n  basis \"b\"\n}\n"
       "table t1 (c: CreditClass) -> (n: int)\n  hit unique partial basis \"b\"\n{\n"
       "  | c || n |\n  | A || 1 |\n  | B || 2 |\n}\n"
       "def freq(e: Enterprise) -> int = t1(s1(e).grade).n",
       "unhandled_grade"},
      {"a default row handles every grade",
       "table grading (e: Enterprise) -> (g: CreditClass)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || g |\n  @low | < 5 || A |\n  @high | - || C |\n}\n"
       "table t1 (c: CreditClass) -> (n: int)\n  hit unique basis \"b\"\n{\n"
       "  | c || n |\n  | A, B || 1 |\n  | default || 2 |\n}\n"
       "def freq(e: Enterprise) -> int = t1(if e.risk > 1 then grading(e).g else A).n",
       "unhandled_grade"},
      {"a row the grading table never answers produces nothing",
       "table grading (e: Enterprise) -> (g: CreditClass)\n  hit first basis \"b\"\n{\n"
       "  | e.risk || g |\n  @all | - || A |\n  @never | < 5 || D |\n}\n"
       "table t1 (c: CreditClass) -> (n: int)\n  hit unique partial basis \"b\"\n{\n"
       "  | c || n |\n  | A || 1 |\n}\n"
       "def freq(e: Enterprise) -> int = t1(grading(e).g).n",
       "unhandled_grade"},
      {"a documented reason",
       "reason DOC \"documented\" basis \"b\"\n"
       "rule r (e: Enterprise) {\n  forbid when e.risk > 3\n  code DOC\n  basis \"b\"\n}",
       "undocumented_reason"},
      {"a library without decisions has no unused declarations",
       "def helper(e: Enterprise) -> bool = e.risk > 1", "unused_declaration"},
  };
  for (const Quiet& c : cases) {
    DYNAMIC_SECTION(c.name) {
      auto a = AnalyzeText(kPrelude + c.snippet);
      INFO(a->Dump());
      REQUIRE(a->check.empty());
      CHECK(a->WithCode(c.code).empty());
    }
  }
}

TEST_CASE("a gap with an approximated column says so") {
  auto a = AnalyzeText(kPrelude +
                       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
                       "  | e.risk | e.credit_class || n |\n  | >= limit | A || 1 |\n}");
  INFO(a->Dump());
  auto gaps = a->WithCode("table_gap");
  REQUIRE(!gaps.empty());
  CHECK_THAT(gaps[0].help, Catch::Contains("`e.risk`"));
  CHECK_THAT(gaps[0].help, Catch::Contains("not known statically"));
}

TEST_CASE("gap reports are capped per table") {
  AnalyzeOptions options;
  options.max_gaps_per_table = 2;
  auto a = AnalyzeText(kPrelude +
                       "table t1 (e: Enterprise) -> (n: int)\n  hit unique basis \"b\"\n{\n"
                       "  | e.credit_class | e.risk || n |\n  | A | - || 1 |\n"
                       "  | B | >= 0 || 1 |\n  | C | <= 0 || 1 |\n}",
                       options);
  INFO(a->Dump());
  auto gaps = a->WithCode("table_gap");
  REQUIRE(gaps.size() == 2);
  // Diagnostics come sorted; the last one reported says more are hidden.
  const auto more = std::count_if(gaps.begin(), gaps.end(), [](const Seen& s) {
    return s.help.find("1 further uncovered regions") != std::string::npos;
  });
  CHECK(more == 1);
}

}  // namespace
}  // namespace bylaw::dsl::testing
