// The semantic diff on small hand-written rulesets: what it reports for
// each kind of edit, what it proves unchanged without evaluating, and what
// it does when an output has more cells than the limit.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "bylaw/review/diff.h"
#include "diff_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const char* const kHeader = R"(ruleset shop
  level national
  effective 2024-01-01

enum Grade { 1, 2, 3, none }

facts Shop {
  high: bool
  grade: Grade
  staff: int
  ratio: percent
}
)";

std::string CapTable(int high_grade_1) {
  return R"(
table cap (high: bool, grade: Grade) -> (max: int)
  hit unique basis "b"
{
            | high  | grade || max |
  @high_1   | true  | 1     || )" + std::to_string(high_grade_1) + R"( |
  @high_2   | true  | 2, 3  || 4   |
  @high_un  | true  | none  || 12  |
  @low      | false | -     || 1   |
}
)";
}

const char* const kDecisions = R"(
decision frequency (s: Shop) {
  output max: int = cap(s.high, s.grade).max
  output high: bool = s.high
}

decision staffing (s: Shop) {
  output enough: bool = s.staff >= 2
}
)";

DiffReport Diff(const std::string& old_text, const std::string& new_text,
                DiffOptions options = {}) {
  const Compiled a = CompileText({{"shop.bylaw", old_text}});
  const Compiled b = CompileText({{"shop.bylaw", new_text}});
  INFO(a.diagnostics << b.diagnostics);
  REQUIRE(!a.bundle.empty());
  REQUIRE(!b.bundle.empty());
  DiffResult diff = DiffBundles(a.bundle, b.bundle, options);
  INFO(diff.error);
  REQUIRE(diff.ok());
  return *diff.report;
}

const DiffDecision& Decision(const DiffReport& r, const std::string& name) {
  for (const DiffDecision& d : r.decisions) {
    if (d.name == name) return d;
  }
  FAIL("no decision " << name);
  return r.decisions.front();
}

std::string Conditions(const DiffRegion& region) {
  std::string out;
  for (const DiffCondition& c : region.conditions) {
    out += (out.empty() ? "" : " and ") + c.field + " " + c.test;
  }
  return out;
}

TEST_CASE("identical versions: nothing changed, nothing evaluated", "[diff]") {
  const std::string text = kHeader + CapTable(2) + kDecisions;
  const DiffReport r = Diff(text, text);
  CHECK(r.declarations.empty());
  CHECK(r.tables.empty());
  for (const DiffDecision& d : r.decisions) {
    CHECK(d.change == "unchanged");
    CHECK(d.outputs.empty());
  }
  CHECK_FALSE(r.answers_differ());
  CHECK_THAT(RenderDiffText(r), Catch::Contains("no answer differs"));
}

TEST_CASE("a changed table cell: one region of the outputs that read it", "[diff]") {
  const DiffReport r = Diff(kHeader + CapTable(2) + kDecisions, kHeader + CapTable(3) + kDecisions);
  REQUIRE(r.declarations.size() == 1u);
  CHECK(r.declarations[0].kind == "table");
  CHECK(r.declarations[0].name == "shop.cap");
  CHECK(r.declarations[0].change == "changed");

  const DiffDecision& freq = Decision(r, "shop.frequency");
  REQUIRE(freq.outputs.size() == 1u);  // `high` does not reach the table
  const DiffOutput& max = freq.outputs[0];
  CHECK(max.name == "max");
  CHECK(max.found.complete);
  REQUIRE(max.found.regions.size() == 1u);
  const DiffRegion& region = max.found.regions[0];
  CHECK(Conditions(region) == "s.high = true and s.grade = 1");
  CHECK(region.old_answer == "2");
  CHECK(region.new_answer == "3");
  REQUIRE(region.involved.size() == 1u);
  CHECK(region.involved[0].new_source.id == "shop.cap");
  CHECK_THAT(region.involved[0].old_detail, Catch::StartsWith("row high_1 (shop.bylaw:"));
  const nlohmann::json facts = nlohmann::json::parse(region.example_facts);
  CHECK(facts["s"]["high"] == true);
  CHECK(facts["s"]["grade"] == "1");

  const DiffDecision& staffing = Decision(r, "shop.staffing");
  CHECK(staffing.change == "unchanged");
  CHECK(staffing.outputs.empty());

  REQUIRE(r.tables.size() == 1u);
  CHECK(r.tables[0].reached_by == std::vector<std::string>{"shop.frequency"});
  REQUIRE(r.tables[0].found.regions.size() == 1u);
  CHECK(Conditions(r.tables[0].found.regions[0]) == "high = true and grade = 1");
  CHECK(r.tables[0].found.regions[0].old_answer == "{max: 2}");
  CHECK(r.answers_differ());

  const std::string text = RenderDiffText(r);
  CHECK_THAT(text, Catch::Contains("where s.high = true"));
  CHECK_THAT(text, Catch::Contains("old: 2"));
  CHECK_THAT(text, Catch::Contains("new: 3"));
  const nlohmann::json json = nlohmann::json::parse(RenderDiffJson(r));
  CHECK(json["answers_differ"] == true);
}

TEST_CASE("--decision limits the report to one decision and its tables", "[diff]") {
  DiffOptions only;
  only.decision = "staffing";
  const DiffReport r = Diff(kHeader + CapTable(2) + kDecisions, kHeader + CapTable(3) + kDecisions, only);
  REQUIRE(r.decisions.size() == 1u);
  CHECK(r.decisions[0].name == "shop.staffing");
  CHECK(r.tables.empty());
  CHECK_FALSE(r.answers_differ());

  const Compiled a = CompileText({{"shop.bylaw", kHeader + CapTable(2) + kDecisions}});
  DiffOptions unknown;
  unknown.decision = "nope";
  const DiffResult bad = DiffBundles(a.bundle, a.bundle, unknown);
  CHECK_FALSE(bad.ok());
  CHECK_THAT(bad.error, Catch::Contains("no decision `nope`"));
}

TEST_CASE("decisions and outputs added or removed are reported", "[diff]") {
  const std::string old_text = kHeader + CapTable(2) + R"(
decision frequency (s: Shop) {
  output max: int = cap(s.high, s.grade).max
  output high: bool = s.high
}
)";
  const std::string new_text = kHeader + CapTable(2) + R"(
decision frequency (s: Shop) {
  output max: int = cap(s.high, s.grade).max
  output staff: int = s.staff
}

decision staffing (s: Shop) {
  output enough: bool = s.staff >= 2
}
)";
  const DiffReport r = Diff(old_text, new_text);
  const DiffDecision& freq = Decision(r, "shop.frequency");
  CHECK(freq.outputs_added == std::vector<std::string>{"staff"});
  CHECK(freq.outputs_removed == std::vector<std::string>{"high"});
  CHECK(freq.outputs.empty());  // `max` is proved unchanged
  CHECK(Decision(r, "shop.staffing").change == "added");
  CHECK(r.answers_differ());
}

TEST_CASE("a moved threshold: the region between the old and new bound", "[diff]") {
  auto text = [](const std::string& staff, const std::string& ratio) {
    return std::string(kHeader) + R"(
param min_staff: int = )" + staff + R"(
  basis "b"

decision staffing (s: Shop) {
  output enough: bool = s.staff >= min_staff
  output sampled: bool = s.ratio >= )" + ratio + R"(
}
)";
  };
  const DiffReport r = Diff(text("2", "5%"), text("4", "7.5%"));
  const DiffDecision& d = Decision(r, "shop.staffing");
  REQUIRE(d.outputs.size() == 2u);
  REQUIRE(d.outputs[0].found.regions.size() == 1u);
  const DiffRegion& staff = d.outputs[0].found.regions[0];
  CHECK(Conditions(staff) == "s.staff in [2..3]");
  CHECK(staff.old_answer == "true");
  CHECK(staff.new_answer == "false");
  REQUIRE(staff.involved.size() == 1u);
  CHECK(staff.involved[0].new_source.id == "shop.min_staff#1");
  REQUIRE(d.outputs[1].found.regions.size() == 1u);
  const DiffRegion& ratio = d.outputs[1].found.regions[0];
  CHECK(Conditions(ratio) == "s.ratio in [5%..7.5%)");
  REQUIRE(ratio.conditions[0].ranges.size() == 1u);
  CHECK(ratio.conditions[0].ranges[0].first == 50000);   // 5%
  CHECK(ratio.conditions[0].ranges[0].second == 74999);  // just below 7.5%
}

// Twelve independent rules: every evaluation reads every field, so the
// output `reasons` has thousands of cells, but each rule alone has few.
std::string ManyRules(const std::string& cap_field_limit) {
  std::string s = R"(ruleset shop
  level national
  effective 2024-01-01

facts Shop {
  f0: bool
  f1: bool
  f2: bool
  f3: bool
  f4: bool
  f5: bool
  f6: bool
  f7: bool
  f8: bool
  f9: bool
  f10: bool
  f11: bool
  visits: int
}
)";
  std::string calls;
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    s += "\nrule r" + n + " (s: Shop) {\n  forbid when s.f" + n + "\n  message \"m\"\n  basis \"b\"\n}\n";
    calls += ", r" + n + "(s)";
  }
  s += "\nrule cap (s: Shop) {\n  forbid when s.visits >= " + cap_field_limit +
       "\n  message \"m\"\n  basis \"b\"\n}\n";
  s += "\ndecision may (s: Shop) {\n  output reasons: list<Reason> = reasons(cap(s)" + calls +
       ")\n}\n";
  return s;
}

TEST_CASE("over the cell limit: incomplete, and the changed call explored alone", "[diff]") {
  DiffOptions options;
  options.max_cells = 200;
  const DiffReport r = Diff(ManyRules("2"), ManyRules("3"), options);
  const DiffDecision& d = Decision(r, "shop.may");
  REQUIRE(d.outputs.size() == 1u);
  const DiffOutput& o = d.outputs[0];
  CHECK_FALSE(o.found.complete);
  CHECK(r.answers_differ());
  REQUIRE(o.calls.size() == 1u);
  CHECK(o.calls[0].call == "shop.cap(s)");
  CHECK(o.calls[0].found.complete);
  REQUIRE(o.calls[0].found.regions.size() == 1u);
  CHECK(Conditions(o.calls[0].found.regions[0]) == "s.visits = 2");
  CHECK(o.calls[0].found.regions[0].new_answer == "none");
  CHECK_THAT(RenderDiffText(r), Catch::Contains("stopped at the limit"));

  // With room enough, the output itself is explored exactly.
  options.max_cells = 10000;
  const DiffReport full = Diff(ManyRules("2"), ManyRules("3"), options);
  const DiffOutput& exact = Decision(full, "shop.may").outputs[0];
  CHECK(exact.found.complete);
  CHECK(exact.calls.empty());
  REQUIRE(exact.found.regions.size() == 1u);
  CHECK(Conditions(exact.found.regions[0]) == "s.visits = 2");
  // Each combination of the other rules gives other lists: joined, with
  // the answers at the example.
  CHECK(exact.found.regions[0].answers_vary);
}

// The diff reads bundles through the typed reader: an old bundle is
// refused with the reader's advice instead of being compared on misread
// types.
TEST_CASE("a version-1 bundle is refused with advice to recompile") {
  const Compiled a = CompileText({{"shop.bylaw", kHeader + CapTable(2) + kDecisions}});
  REQUIRE(!a.bundle.empty());
  nlohmann::json old_doc = nlohmann::json::parse(a.bundle);
  old_doc["format_version"] = 1;
  DiffResult diff = DiffBundles(old_doc.dump(), a.bundle, {});
  REQUIRE_FALSE(diff.ok());
  CHECK(diff.error ==
        "old version: not a bylaw bundle this release reads: format version 1 is not supported "
        "(this runtime reads 2): recompile the rules with `bylaw compile`");
}

}  // namespace
}  // namespace bylaw::dsl::testing
