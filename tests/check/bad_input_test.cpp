// Bad input, one mistake per case: each case names the diagnostic code,
// its line and column, and the exact text it underlines, and expects no
// other error (one mistake is reported once). Most cases append to a
// shared vocabulary prelude.
#include <catch2/catch.hpp>

#include "check_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const std::string kPrelude = "ruleset t level municipal\nenum Department { market, fire, emergency }\nenum CreditClass { A, B, C, D }\nenum SafetyGrade { 1, 2, 3, none }\nrecord Inspector { id: text }\nfacts Enterprise {\n  id: text\n  credit_class: CreditClass\n  grade: SafetyGrade\n  food_grade: CreditClass?\n  lead: Inspector?\n  employees: int\n  since: date\n  ratio: percent\n}\nreason NOT_OK \"not ok\"\nscenario ebike \"ebike\"\nparam limit: int = 3\n";

struct BadCase {
  const char* name;
  std::string source;
  const char* code;
  std::uint32_t line;
  std::uint32_t column;
  const char* underlined;
  const char* help;  // a substring of the help, or empty
};

const std::vector<BadCase>& Cases() {
  static const std::vector<BadCase> cases = {
    {"unknown name with suggestion", kPrelude + std::string("def f(e: Enterprise) -> bool = e.employees > limt"), "unknown_name", 19, 46, "limt", "`limit`"},
    {"unknown field", kPrelude + std::string("def f(e: Enterprise) -> int = e.employes"), "unknown_field", 19, 33, "employes", "`employees`"},
    {"unknown type", kPrelude + std::string("def f(e: Enterprize) -> bool = true"), "unknown_type", 19, 10, "Enterprize", "`Enterprise`"},
    {"wrong type for a let", kPrelude + std::string("let x: int = \"three\""), "type_mismatch", 19, 14, "\"three\"", ""},
    {"duplicate declaration", kPrelude + std::string("let x = 1\nlet x = 2"), "duplicate_name", 20, 5, "x", ""},
    {"duplicate enum member", kPrelude + std::string("enum Color { red, green, red }"), "duplicate_name", 19, 26, "red", ""},
    {"unknown hit policy", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit firts\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | A || 1 |\n}"), "unknown_hit_policy", 20, 7, "firts", "`first`"},
    {"matter without initiator", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise\n  basis \"b\"\n}"), "missing_matter_element", 19, 1, "matter m", "initiator"},
    {"matter without basis", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise\n  initiator market\n}"), "missing_matter_element", 19, 1, "matter m", "basis"},
    {"not an enum member", kPrelude + std::string("def f(e: Enterprise) -> bool = e.credit_class == E"), "unknown_member", 19, 50, "E", ""},
    {"qualified member misspelt", kPrelude + std::string("let c = CreditClass.AA"), "unknown_member", 19, 21, "AA", "`A`"},
    {"int not a member of an int enum", kPrelude + std::string("def f(e: Enterprise) -> bool = e.grade == 4"), "type_mismatch", 19, 32, "e.grade == 4", ""},
    {"wrong arity", kPrelude + std::string("def g(a: int) -> int = a\ndef f() -> int = g(1, 2)"), "wrong_arity", 20, 18, "g(1, 2)", ""},
    {"wrong argument type", kPrelude + std::string("def g(a: int) -> int = a\ndef f() -> int = g(\"1\")"), "type_mismatch", 20, 20, "\"1\"", ""},
    {"builtin arity", kPrelude + std::string("def f(xs: list<int>) -> int = count(xs, xs)"), "wrong_arity", 19, 31, "count(xs, xs)", ""},
    {"optional access", kPrelude + std::string("def f(e: Enterprise) -> text = e.lead.id"), "optional_access", 19, 32, "e.lead", "is not none"},
    {"optional in arithmetic", kPrelude + std::string("def f(a: int?) -> int = a + 1"), "optional_access", 19, 25, "a", ""},
    {"percent vs int", kPrelude + std::string("def f(e: Enterprise) -> bool = e.ratio > 3"), "type_mismatch", 19, 32, "e.ratio > 3", "3%"},
    {"date plus int", kPrelude + std::string("def f(e: Enterprise) -> date = e.since + 30"), "type_mismatch", 19, 32, "e.since + 30", "duration"},
    {"date times duration", kPrelude + std::string("def f(e: Enterprise) -> date = e.since * 2"), "type_mismatch", 19, 32, "e.since * 2", ""},
    {"bad effective range", kPrelude + std::string("rule r (e: Enterprise) {\n  forbid when e.employees > 3\n  code NOT_OK\n  effective 2025-01-01 until 2024-01-01\n}"), "bad_effective_range", 22, 30, "2024-01-01", ""},
    {"recursion", kPrelude + std::string("def f(x: int) -> int = g(x)\ndef g(x: int) -> int = f(x)"), "recursive_definition", 20, 24, "f", ""},
    {"self recursion", kPrelude + std::string("def f(x: int) -> int = if x > 0 then f(x - 1) else 0"), "recursive_definition", 19, 38, "f", ""},
    {"row arity", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 || 1 |\n}"), "row_arity", 23, 3, "| >= 1 || 1 |", ""},
    {"row output arity", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | A || 1 | 2 |\n}"), "row_arity", 23, 3, "| >= 1 | A || 1 | 2 |", ""},
    {"cell of the wrong type", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | \"x\" | A || 1 |\n}"), "type_mismatch", 23, 5, "\"x\"", ""},
    {"cell not a member", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | E || 1 |\n}"), "unknown_member", 23, 12, "E", ""},
    {"table output of the wrong type", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | A || \"x\" |\n}"), "type_mismatch", 23, 17, "\"x\"", ""},
    {"header outputs differ", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || m |\n  | >= 1 | A || 1 |\n}"), "table_header", 22, 37, "m", "n"},
    {"priority without hit priority", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | A || 1 | priority 2\n}"), "unexpected_priority", 23, 3, "| >= 1 | A || 1 | priority 2", ""},
    {"aggregator without collect", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first sum\n{\n  | e.employees | e.credit_class || n |\n  | >= 1 | A || 1 |\n}"), "bad_aggregator", 20, 13, "sum", ""},
    {"non-constant cell", kPrelude + std::string("table t1 (e: Enterprise) -> (n: int)\n  hit first\n{\n  | e.employees | e.credit_class || n |\n  | e.employees | A || 1 |\n}"), "non_constant_cell", 23, 5, "e.employees", ""},
    {"unknown reason", kPrelude + std::string("rule r (e: Enterprise) {\n  forbid when e.employees > 3\n  code NOT_OKK\n}"), "unknown_reason", 21, 8, "NOT_OKK", "`NOT_OK`"},
    {"rule without condition", kPrelude + std::string("rule r (e: Enterprise) {\n  code NOT_OK\n}"), "missing_rule_condition", 19, 1, "rule r", ""},
    {"rule condition not bool", kPrelude + std::string("rule r (e: Enterprise) {\n  forbid when e.employees\n  code NOT_OK\n}"), "type_mismatch", 20, 15, "e.employees", ""},
    {"ambiguous member", kPrelude + std::string("enum Grade { A, E }\nlet x = A"), "ambiguous_name", 20, 9, "A", "CreditClass.A"},
    {"table used as a value", kPrelude + std::string("def f() -> bool = g\ndef g() -> bool = true"), "not_a_value", 19, 19, "g", "g(...)"},
    {"let called", kPrelude + std::string("let k = 1\nlet y = k(2)"), "not_callable", 20, 9, "k", ""},
    {"bad matter type", kPrelude + std::string("matter m \"m\" {\n  type crossdepartment\n  object Enterprise\n  initiator market\n  cooperators fire\n  basis \"b\"\n}"), "bad_matter_type", 20, 8, "crossdepartment", "`cross_department`"},
    {"duplicate matter element", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise\n  initiator market\n  basis \"b\"\n  initiator fire\n}"), "duplicate_matter_element", 24, 3, "initiator", ""},
    {"cross department without cooperators", kPrelude + std::string("matter m \"m\" {\n  type cross_department\n  object Enterprise\n  initiator market\n  basis \"b\"\n}"), "missing_cooperator", 20, 8, "cross_department", ""},
    {"unknown scenario", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise\n  initiator market\n  basis \"b\"\n  scenario ebkie\n}"), "unknown_scenario", 24, 12, "ebkie", "`ebike`"},
    {"initiator not a department", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise\n  initiator police\n  basis \"b\"\n}"), "unknown_member", 22, 13, "police", ""},
    {"where filter not bool", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise where employees\n  initiator market\n  basis \"b\"\n}"), "type_mismatch", 21, 27, "employees", ""},
    {"where filter unknown field", kPrelude + std::string("matter m \"m\" {\n  type single\n  object Enterprise where employes > 3\n  initiator market\n  basis \"b\"\n}"), "unknown_name", 21, 27, "employes", "`employees`"},
    {"param value of the wrong type", kPrelude + std::string("param p: percent = 5"), "type_mismatch", 19, 20, "5", "3%"},
    {"param dates out of order", kPrelude + std::string("param p: int {\n  from 2025-01-01 = 1\n  from 2024-01-01 = 2\n}"), "param_dates_order", 21, 8, "2024-01-01", ""},
    {"scorecard weight not a number", kPrelude + std::string("scorecard s (e: Enterprise) -> CreditClass {\n  indicator i weight \"x\": 1\n  band >= 0 => A\n}"), "type_mismatch", 20, 22, "\"x\"", ""},
    {"scorecard band grade", kPrelude + std::string("scorecard s (e: Enterprise) -> CreditClass {\n  indicator i weight 1: e.employees\n  band >= 0 => Z\n}"), "unknown_member", 21, 16, "Z", ""},
    {"decision else of the wrong type", kPrelude + std::string("decision d (e: Enterprise) {\n  output ok: bool = e.employees > 3 else 0\n}"), "type_mismatch", 20, 42, "0", ""},
    {"test expect not bool", kPrelude + std::string("test \"t\" {\n  expect 1 + 1\n}"), "type_mismatch", 20, 10, "1 + 1", ""},
    {"expect fails with an unknown code", kPrelude + std::string("test \"t\" {\n  expect fails limit with NOPE\n}"), "unknown_error_code", 20, 27, "NOPE", "NO_MATCH"},
    {"given binding typed", kPrelude + std::string("test \"t\" {\n  given e = Enterprise { id: \"x\" }\n  expect e.employes > 1\n}"), "unknown_field", 21, 12, "employes", ""},
    {"record literal unknown field", kPrelude + std::string("let e = Enterprise { idd: \"x\" }"), "unknown_field", 19, 22, "idd", "`id`"},
    {"comprehension body not bool", kPrelude + std::string("def f(xs: list<int>) -> bool = any(x in xs : x + 1)"), "type_mismatch", 19, 46, "x + 1", ""},
    {"unknown list operation", kPrelude + std::string("def f(xs: list<int>) -> bool = some(x in xs : x > 1)"), "unknown_name", 19, 32, "some", ""},
    {"if branches differ", kPrelude + std::string("def f(b: bool) -> int = if b then 1 else \"x\""), "type_mismatch", 19, 42, "\"x\"", ""},
    {"in with the wrong element type", kPrelude + std::string("def f(e: Enterprise) -> bool = e.credit_class in [1, 2]"), "type_mismatch", 19, 32, "e.credit_class", ""},
    {"with on a non-record", kPrelude + std::string("let y = 3 with { id: \"x\" }"), "type_mismatch", 19, 9, "3", ""},
    {"bad level", std::string("ruleset t level city\nlet x = 1\n"), "bad_level", 1, 17, "city", ""},
    {"missing level", std::string("ruleset t\nlet x = 1\n"), "missing_level", 1, 9, "t", "level"},
    {"bad status", std::string("ruleset t level county status active\n"), "bad_status", 1, 31, "active", ""},
    {"bad ruleset effective", std::string("ruleset t level county effective 2025-01-01 until 2025-01-01\n"), "bad_effective_range", 1, 51, "2025-01-01", ""},
  };
  return cases;
}

TEST_CASE("the prelude checks clean") {
  auto c = CheckText(kPrelude);
  INFO(c->Dump());
  CHECK(c->seen.empty());
}

TEST_CASE("bad input: one diagnostic, exactly placed") {
  for (const BadCase& bad : Cases()) {
    DYNAMIC_SECTION(bad.name) {
      auto c = CheckText(bad.source);
      INFO(c->Dump());
      std::size_t errors = 0;
      const Seen* match = nullptr;
      for (const Seen& s : c->seen) {
        if (s.code == bad.code && match == nullptr) match = &s;
        if (s.code != "shadows_import") ++errors;
      }
      REQUIRE(match != nullptr);
      CHECK(match->line == bad.line);
      CHECK(match->column == bad.column);
      CHECK(match->underlined == bad.underlined);
      CHECK(match->help.find(bad.help) != std::string::npos);
      CHECK(errors == 1);
    }
  }
}

TEST_CASE("there are at least forty bad-input cases") {
  CHECK(Cases().size() >= 40);
}

}  // namespace
}  // namespace bylaw::dsl::testing
