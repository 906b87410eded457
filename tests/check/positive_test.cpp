// Realistic rulesets check clean, and expressions get the types the
// language reference promises.
#include <catch2/catch.hpp>

#include "check_test_util.h"

namespace bylaw::dsl::testing {
namespace {

TEST_CASE("the shipped rulesets check clean") {
  auto c = CheckPaths({std::string(BYLAW_SOURCE_DIR) + "/rulesets"});
  INFO(c->Dump());
  CHECK(c->seen.empty());
  CHECK(c->program->FindRuleset("nantong.contract") != nullptr);
}

}  // namespace
}  // namespace bylaw::dsl::testing

namespace bylaw::dsl::testing {
namespace {

const char* kSketch = R"BY(ruleset nantong.integrated_supervision
  title "南通市综合集成监管规则（试行）"
  level municipal
  effective 2024-09-02
  source "实施方案(试行)"

enum CreditClass "企业信用风险分类" { A "信用风险低", B "信用风险一般", C "信用风险较高", D "信用风险高" }
enum Department { fire "市消防救援支队", market "市市场监管局", emergency "市应急管理局" }
enum Industry { ebike_retail, ebike_repair, catering }
enum RiskGrade { low, general, high }
enum Trigger { none, complaint }
enum SafetyGrade { 1, 2, 3, none }

facts Enterprise "监管对象" {
  id: text
  industry: Industry
  credit: CreditClass
  risk: RiskGrade
  grade: SafetyGrade
  credit_commitment: bool
  violations_3y: int
  food_grade: CreditClass?
}

facts Request {
  trigger: Trigger
  matter: Matter
}

reason NO_TRIGGER "非触发不检查"

matter ebike_fire "电动自行车消防安全检查" {
  type cross_department
  object Enterprise where industry in { ebike_retail, ebike_repair }
  level municipal
  initiator fire
  cooperators market, emergency
  key true
  basis "《中华人民共和国消防法》第十六条"
}

table frequency (e: Enterprise, m: Matter) -> (min_per_year: int, max_per_year: int?, ratio: percent)
  hit first
  basis "实施方案（四）（十一）"
{
  | m.key | e.credit | e.risk       || min_per_year | max_per_year | ratio |
  | true  | -        | -            || 1            | none         | 100%  |
  | -     | D        | -            || 2            | 4            | 100%  |
  | -     | A        | low, general || 0            | 1            | 3%    |
  | default                         || 1            | 2            | 10%   |
}

table points (e: Enterprise) -> (points: int)
  hit collect sum
{
  | e.violations_3y || points |
  | >= 1            || 10     |
  | [0..1)          || 0      |
}

rule no_trigger_no_inspection "非触发不检查" (e: Enterprise, r: Request) {
  forbid when e.credit == A and e.credit_commitment and r.trigger == none
  except when r.matter.key
  code NO_TRIGGER
  basis "实施方案（十一）"
}

def cap (e: Enterprise) -> int? = frequency(e, ebike_fire).max_per_year
def capped (e: Enterprise) -> int = if cap(e) is not none then cap(e) + 1 else 0
def graded (e: Enterprise) -> bool = e.grade == 1 or e.grade == none
def food (e: Enterprise) -> bool = e.food_grade is not none and e.food_grade == A

let sample = Enterprise { id: "x", industry: catering, credit: A, risk: low, grade: 2, credit_commitment: true, violations_3y: 0 }
let sum_decimal = 1 + 2.5
let share = 3% * 200
let days = 2025-01-01 - 2024-01-01
let later = 2024-10-01 + 1 year
let classes = [A, B]
let maybe = if true then 1 else none

decision may_inspect (e: Enterprise, r: Request) {
  let against = reasons(no_trigger_no_inspection(e, r))
  output proceed: bool = count(against) == 0 else false
  output codes = against.code
  output ratio: percent = frequency(e, r.matter).ratio
  output points = points(e)
}

test "A级承诺企业无触发不检查" {
  as_of 2025-07-01
  given r = Request { trigger: none, matter: ebike_fire }
  expect not may_inspect(sample, r).proceed
  expect may_inspect(sample, r).codes contains "NO_TRIGGER"
  expect may_inspect(sample with { credit: B }, r).proceed
}
)BY";

const Decl* Find(const Program& p, const std::string& name) {
  for (const auto* r : p.ordered()) {
    if (const Decl* d = r->FindOwn(name)) return d;
  }
  return nullptr;
}

std::string LetTypeOf(const Program& p, const std::string& name) {
  const Decl* d = Find(p, name);
  if (d == nullptr) return "<missing>";
  return std::get<LetDecl>(d->node).value->type.ToString();
}

TEST_CASE("the DESIGN sketch, adapted to the grammar, checks clean") {
  auto c = CheckText(kSketch);
  INFO(c->Dump());
  CHECK(c->seen.empty());
}

TEST_CASE("types are inferred as the reference says") {
  auto c = CheckText(kSketch);
  const Program& p = *c->program;
  CHECK(LetTypeOf(p, "sum_decimal") == "decimal");
  CHECK(LetTypeOf(p, "share") == "decimal");
  CHECK(LetTypeOf(p, "days") == "int");
  CHECK(LetTypeOf(p, "later") == "date");
  CHECK(LetTypeOf(p, "classes") == "list<CreditClass>");
  CHECK(LetTypeOf(p, "maybe") == "int?");
  CHECK(LetTypeOf(p, "sample") == "Enterprise");

  // A decision call is the struct of its outputs, inferred where untyped;
  // a `collect sum` table gives a number.
  const Decl* decision = Find(p, "may_inspect");
  REQUIRE(decision != nullptr);
  const auto& items = std::get<DecisionDecl>(decision->node).items;
  CHECK(items[0].value->type.ToString() == "list<Reason>");
  CHECK(items[2].value->type.ToString() == "list<text>");
  CHECK(items[4].value->type.ToString() == "int");

  // Links: a rule call, a bare enum member, `none` as a member.
  const Decl* rule = Find(p, "no_trigger_no_inspection");
  const auto& cond = std::get<RuleDecl>(rule->node).condition;
  CHECK(cond->type.kind == TypeKind::kBool);
  const auto& reasons = std::get<CallExpr>(items[0].value->node);
  CHECK(reasons.decl == nullptr);  // builtin
  const auto& inner = std::get<CallExpr>(reasons.args[0]->node);
  CHECK(inner.decl == rule);
  CHECK(reasons.args[0]->type.ToString() == "Reason?");

  const Decl* graded = Find(p, "graded");
  const auto& body = std::get<BinaryExpr>(std::get<DefDecl>(graded->node).body->node);
  const auto& right = std::get<BinaryExpr>(body.rhs->node);
  CHECK(right.rhs->type.ToString() == "SafetyGrade");  // `none`, the member

  // The sampled decl's ruleset and qualified name.
  CHECK(p.RulesetOf(*rule) == p.FindRuleset("nantong.integrated_supervision"));
  CHECK(p.QualifiedNameOf(*rule) ==
        "nantong.integrated_supervision.no_trigger_no_inspection");
  const Decl* sample = Find(p, "sample");
  const auto& rec = std::get<RecordExpr>(std::get<LetDecl>(sample->node).value->node);
  CHECK(rec.decl == Find(p, "Enterprise"));
  const auto& credit = rec.fields[2].value;
  CHECK(std::get<NameExpr>(credit->node).decl == Find(p, "CreditClass"));
}

TEST_CASE("a guard narrows an optional in the same and-chain and in then") {
  auto c = CheckText(kSketch);
  const Decl* capped = Find(*c->program, "capped");
  const auto& e = std::get<IfExpr>(std::get<DefDecl>(capped->node).body->node);
  CHECK(e.then_expr->type.ToString() == "int");
}

}  // namespace
}  // namespace bylaw::dsl::testing
