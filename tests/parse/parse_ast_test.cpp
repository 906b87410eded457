// Every declaration form of the grammar parses into the expected AST, with
// exact source ranges.
#include <catch2/catch.hpp>

#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

using testing::ParseDecls;
using testing::ParseText;

TEST_CASE("header items and imports") {
  auto p = ParseText(
      "ruleset nantong.rudong\n"
      "  title \"如东县\"\n"
      "  level county\n"
      "  jurisdiction \"江苏省南通市如东县\"\n"
      "  effective 2025-01-01 until 2026-01-01\n"
      "  status trial\n"
      "  source \"应急〔2025〕11号\"\n"
      "  version \"2025.1\"\n"
      "import national\n"
      "import nantong.rudong as rudong_county\n");
  REQUIRE(p->sink.diagnostics().empty());
  const RulesetHeader& h = p->module->header;
  CHECK(h.id.ToString() == "nantong.rudong");
  CHECK(p->Slice(h.id.range) == "nantong.rudong");
  CHECK(h.title->value == "如东县");
  CHECK(p->Slice(h.title->range) == "\"如东县\"");
  CHECK(h.level->text == "county");
  CHECK(h.jurisdiction->value == "江苏省南通市如东县");
  REQUIRE(h.effective);
  CHECK(h.effective->from == Date{2025, 1, 1, {}});
  CHECK(h.effective->until == Date{2026, 1, 1, {}});
  CHECK(p->Slice(h.effective->range) == "effective 2025-01-01 until 2026-01-01");
  CHECK(h.status->text == "trial");
  CHECK(h.source->value == "应急〔2025〕11号");
  CHECK(h.version->value == "2025.1");
  REQUIRE(p->module->imports.size() == 2);
  CHECK(p->module->imports[0].ruleset.ToString() == "national");
  CHECK_FALSE(p->module->imports[0].alias);
  CHECK(p->module->imports[1].ruleset.ToString() == "nantong.rudong");
  CHECK(p->module->imports[1].alias->text == "rudong_county");
  CHECK(p->Slice(p->module->imports[1].range) ==
        "import nantong.rudong as rudong_county");
}

TEST_CASE("comments are collected in order, with ranges") {
  auto p = ParseText("# first\nruleset t # second\n  # 第三\n");
  REQUIRE(p->sink.diagnostics().empty());
  REQUIRE(p->module->comments.size() == 3);
  CHECK(p->module->comments[0].text == "# first");
  CHECK(p->module->comments[1].text == "# second");
  CHECK(p->module->comments[2].text == "# 第三");
  CHECK(p->Slice(p->module->comments[2].range) == "# 第三");
}

TEST_CASE("enum members: names, numbers, none, labels, optional commas") {
  auto p = ParseDecls(
      "enum Grade \"等级\" { A \"低\", B\n 1 \"一级\" none \"未定级\", }");
  REQUIRE(p->sink.diagnostics().empty());
  const Decl& d = p->decl(0);
  CHECK(d.kind == DeclKind::kEnum);
  CHECK(d.name.text == "Grade");
  CHECK(d.label->value == "等级");
  const auto& e = p->node<EnumDecl>(0);
  REQUIRE(e.members.size() == 4);
  CHECK(e.members[0].name.text == "A");
  CHECK(e.members[0].label->value == "低");
  CHECK_FALSE(e.members[1].label);
  CHECK(e.members[2].name.text == "1");
  CHECK(e.members[3].name.text == "none");
  CHECK(p->Slice(e.members[3].range) == "none \"未定级\"");
  CHECK(p->Slice(d.range).rfind("enum Grade", 0) == 0);
}

TEST_CASE("facts and records with field types") {
  auto p = ParseDecls(
      "facts Enterprise \"监管对象\" {\n"
      "  id: text \"代码\"\n"
      "  level: national.Level?,\n"
      "  penalties: list<Penalty>\n"
      "  grades: set<list<int>?>?\n"
      "}\n"
      "record Penalty { serious: bool }\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& r = p->node<RecordDecl>(0);
  CHECK(r.is_facts);
  REQUIRE(r.fields.size() == 4);
  CHECK(r.fields[0].name.text == "id");
  CHECK(r.fields[0].type.name.ToString() == "text");
  CHECK(r.fields[0].label->value == "代码");
  CHECK(r.fields[1].name.text == "level");  // a soft keyword as a name
  CHECK(r.fields[1].type.name.ToString() == "national.Level");
  CHECK(r.fields[1].type.optional);
  CHECK(r.fields[2].type.name.ToString() == "list");
  REQUIRE(r.fields[2].type.args.size() == 1);
  CHECK(r.fields[2].type.args[0]->name.ToString() == "Penalty");
  CHECK(p->Slice(r.fields[2].type.range) == "list<Penalty>");
  const TypeRef& g = r.fields[3].type;
  CHECK(g.optional);
  CHECK(g.args[0]->optional);
  CHECK(g.args[0]->args[0]->name.ToString() == "int");
  CHECK_FALSE(p->node<RecordDecl>(1).is_facts);
}

TEST_CASE("params: single value with meta, and dated values") {
  auto p = ParseDecls(
      "param min_inspectors \"最低人数\": int = 2 basis \"法\" note \"n\" unverified\n"
      "param visits: int basis \"B\" {\n"
      "  from 2024-01-01 = 3 basis \"old\"\n"
      "  from 2025-01-01 = 2 unverified\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& a = p->node<ParamDecl>(0);
  CHECK(p->decl(0).label->value == "最低人数");
  CHECK(a.type.name.ToString() == "int");
  REQUIRE(a.values.size() == 1);
  CHECK_FALSE(a.values[0].from);
  CHECK(std::get<LiteralExpr>(a.values[0].value->node).text == "2");
  CHECK(a.values[0].basis->value == "法");
  CHECK(a.values[0].note->value == "n");
  CHECK(a.values[0].unverified);
  CHECK(p->decl(0).basis->value == "法");
  const auto& b = p->node<ParamDecl>(1);
  CHECK(b.basis->value == "B");
  REQUIRE(b.values.size() == 2);
  CHECK(*b.values[0].from == Date{2024, 1, 1, {}});
  CHECK(b.values[0].basis->value == "old");
  CHECK(b.values[1].unverified);
  CHECK(p->Slice(b.values[1].range) == "from 2025-01-01 = 2 unverified");
}

TEST_CASE("scenarios and reasons") {
  auto p = ParseDecls(
      "scenario ebike \"电动自行车\" basis \"S\"\n"
      "reason NOT_APPROVED \"未经批准\"\n");
  REQUIRE(p->sink.diagnostics().empty());
  CHECK(p->decl(0).kind == DeclKind::kScenario);
  CHECK(p->decl(0).basis->value == "S");
  CHECK(p->decl(1).kind == DeclKind::kReason);
  CHECK(p->decl(1).name.text == "NOT_APPROVED");
  CHECK_FALSE(p->decl(1).basis);
}

TEST_CASE("matter items, in source order") {
  auto p = ParseDecls(
      "matter ebike_fire \"消防检查\" {\n"
      "  type cross_department\n"
      "  content \"检查\"\n"
      "  object Enterprise where industry in { ebike_retail, ebike_repair }\n"
      "  methods double_random, on_site\n"
      "  level municipal\n"
      "  initiator fire\n"
      "  cooperators market, emergency\n"
      "  delegable true\n"
      "  key false\n"
      "  scenario ebike\n"
      "  basis \"消防法\"\n"
      "  effective 2024-09-02\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& m = p->node<MatterDecl>(0);
  CHECK(m.type->text == "cross_department");
  CHECK(m.content->value == "检查");
  CHECK(m.object_type->ToString() == "Enterprise");
  REQUIRE(m.object_filter);
  const auto& in = std::get<BinaryExpr>(m.object_filter->node);
  CHECK(in.op == BinaryOp::kIn);
  CHECK(std::get<ListExpr>(in.rhs->node).is_set);
  CHECK(m.methods.size() == 2);
  CHECK(m.methods[1].text == "on_site");
  CHECK(m.level->text == "municipal");
  CHECK(m.initiator->text == "fire");
  CHECK(m.cooperators.size() == 2);
  CHECK(m.delegable == true);
  CHECK(m.key == false);
  CHECK(m.scenario->text == "ebike");
  CHECK(p->decl(0).basis->value == "消防法");
  CHECK(m.effective->from == Date{2024, 9, 2, {}});
  std::vector<std::string> keywords;
  for (const auto& [kw, range] : m.items) {
    keywords.push_back(kw);
    CHECK(p->Slice(range) == kw);
  }
  CHECK(keywords == std::vector<std::string>{
                        "type", "content", "object", "methods", "level",
                        "initiator", "cooperators", "delegable", "key",
                        "scenario", "basis", "effective"});
}

TEST_CASE("rules: forbid, require, excepts and items") {
  auto p = ParseDecls(
      "rule no_trigger \"非触发不检查\" (e: Enterprise, r: Request) {\n"
      "  forbid when e.credit == A and r.trigger is none\n"
      "  except when m.key basis \"十一\" followup notify\n"
      "  except when e.new_business\n"
      "  code EXEMPT\n"
      "  message \"不检查\"\n"
      "  basis \"方案\"\n"
      "  effective 2024-01-01 until 2025-01-01\n"
      "}\n"
      "rule needs_code (r: Request) { require r.code is not none }\n"
      "rule needs_when (r: Request) { require when r.ok }\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& r = p->node<RuleDecl>(0);
  CHECK(r.params.size() == 2);
  CHECK(r.params[1].name.text == "r");
  CHECK(r.params[1].type.name.ToString() == "Request");
  CHECK(r.forbid);
  CHECK(p->Slice(r.condition_range) == "forbid when");
  CHECK(p->Slice(r.condition->range) == "e.credit == A and r.trigger is none");
  REQUIRE(r.excepts.size() == 2);
  CHECK(r.excepts[0].basis->value == "十一");
  CHECK(r.excepts[0].followup->text == "notify");
  CHECK_FALSE(r.excepts[1].basis);
  CHECK(r.code->text == "EXEMPT");
  CHECK(r.message->value == "不检查");
  CHECK(p->decl(0).basis->value == "方案");
  CHECK(r.effective->until == Date{2025, 1, 1, {}});
  const auto& q = p->node<RuleDecl>(1);
  CHECK_FALSE(q.forbid);
  CHECK(p->Slice(q.condition_range) == "require");
  CHECK(std::get<IsNoneExpr>(q.condition->node).negated);
  CHECK(p->Slice(p->node<RuleDecl>(2).condition_range) == "require when");
}

TEST_CASE("scorecards: indicators, bands, basis") {
  auto p = ParseDecls(
      "scorecard food_risk \"食品风险\" (e: Enterprise) -> RiskGrade {\n"
      "  indicator scale \"规模\" weight 0.3: e.scale\n"
      "  indicator history weight 2: count(e.penalties)\n"
      "  band [0..60) => A\n"
      "  band >= 60 => B\n"
      "  basis \"食品\"\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& s = p->node<ScorecardDecl>(0);
  CHECK(s.grade_type.name.ToString() == "RiskGrade");
  REQUIRE(s.indicators.size() == 2);
  CHECK(s.indicators[0].label->value == "规模");
  CHECK(std::get<LiteralExpr>(s.indicators[0].weight->node).kind ==
        LiteralKind::kDecimal);
  CHECK(std::get<CallExpr>(s.indicators[1].value->node).callee.text == "count");
  REQUIRE(s.bands.size() == 2);
  CHECK(s.bands[0].test.kind == UnaryTest::Kind::kInterval);
  CHECK(s.bands[0].test.low_closed);
  CHECK_FALSE(s.bands[0].test.high_closed);
  CHECK(s.bands[1].test.kind == UnaryTest::Kind::kCompare);
  CHECK(s.bands[1].test.op == CompareOp::kGe);
  CHECK(std::get<NameExpr>(s.bands[1].grade->node).name.text == "B");
  CHECK(p->decl(0).basis->value == "食品");
}

TEST_CASE("defs, lets, decisions") {
  auto p = ParseDecls(
      "def in_rudong \"如东\" (e: Enterprise) -> bool = e.region == rudong\n"
      "let sample: Enterprise = Enterprise { id: \"x\" credit: A, }\n"
      "let n = 3\n"
      "decision may_inspect \"能否检查\" (e: Enterprise) {\n"
      "  let against = reasons(no_trigger(e))\n"
      "  output proceed: bool = count(against) == 0 else false\n"
      "  output ratio = sampling(e.credit).ratio\n"
      "  basis \"D\"\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& def = p->node<DefDecl>(0);
  CHECK(def.result_type.name.ToString() == "bool");
  CHECK(std::get<BinaryExpr>(def.body->node).op == BinaryOp::kEq);
  const auto& let = p->node<LetDecl>(1);
  REQUIRE(let.type);
  const auto& rec = std::get<RecordExpr>(let.value->node);
  CHECK(rec.type_name.ToString() == "Enterprise");
  REQUIRE(rec.fields.size() == 2);
  CHECK(rec.fields[1].name.text == "credit");
  CHECK_FALSE(p->node<LetDecl>(2).type);
  const auto& d = p->node<DecisionDecl>(3);
  REQUIRE(d.items.size() == 3);
  CHECK(d.items[0].kind == DecisionItem::Kind::kLet);
  CHECK(d.items[1].kind == DecisionItem::Kind::kOutput);
  CHECK(d.items[1].type->name.ToString() == "bool");
  REQUIRE(d.items[1].fallback);
  CHECK(std::get<LiteralExpr>(d.items[1].fallback->node).bool_value == false);
  CHECK_FALSE(d.items[2].type);
  CHECK(d.items[2].fallback == nullptr);
  CHECK(p->decl(3).basis->value == "D");
}

TEST_CASE("tests: as_of, given, expect, basis") {
  auto p = ParseDecls(
      "test \"A级不检查\" {\n"
      "  as_of 2025-07-01\n"
      "  given e = Enterprise { credit: A }\n"
      "  expect not may_inspect(e).proceed\n"
      "  basis \"B\"\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const Decl& d = p->decl(0);
  CHECK(d.kind == DeclKind::kTest);
  CHECK(d.name.text.empty());
  CHECK(d.label->value == "A级不检查");
  CHECK(d.basis->value == "B");
  const auto& t = p->node<TestDecl>(0);
  REQUIRE(t.items.size() == 3);
  CHECK(t.items[0].kind == TestItem::Kind::kAsOf);
  CHECK(t.items[0].as_of == Date{2025, 7, 1, {}});
  CHECK(t.items[1].name.text == "e");
  CHECK(std::get<UnaryExpr>(t.items[2].value->node).op == UnaryOp::kNot);
}

TEST_CASE("tables: signature, hit policy, header, rows, cells") {
  auto p = ParseDecls(
      "table frequency \"频次\" (e: Enterprise, m: Matter) -> (min: int, max: int?)\n"
      "  hit collect sum\n"
      "  basis \"实施方案\"\n"
      "  partial\n"
      "  effective 2024-09-02\n"
      "{\n"
      "  | m.key | e.credit | e.risk || min | max |\n"
      "  @k | true | - | - || 1 | none |\n"
      "  | - | D, C | not(low, general) || 2 | 4 | basis \"r\" priority 3\n"
      "  | - | - | [1..4) || 0 | 1 | effective 2024-01-01 until 2025-01-01\n"
      "  | - | != A | (1..4] || 0 | 1 |\n"
      "  | - | - | ]1..4[ || 0 | 1 |\n"
      "  @otherwise | default || 0 | 0 |\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& t = p->node<TableDecl>(0);
  CHECK(t.params.size() == 2);
  REQUIRE(t.outputs.size() == 2);
  CHECK(t.outputs[1].type.optional);
  CHECK(t.hit_written);
  CHECK(t.hit_policy.text == "collect");
  CHECK(t.aggregator->text == "sum");
  CHECK(p->decl(0).basis->value == "实施方案");
  CHECK(t.partial);
  CHECK(t.effective->from == Date{2024, 9, 2, {}});
  REQUIRE(t.input_columns.size() == 3);
  CHECK(p->Slice(t.input_columns[1]->range) == "e.credit");
  REQUIRE(t.output_columns.size() == 2);
  CHECK(t.output_columns[1].text == "max");
  CHECK(p->Slice(t.header_range) == "| m.key | e.credit | e.risk || min | max |");
  REQUIRE(t.rows.size() == 6);

  const Row& r0 = t.rows[0];
  CHECK(r0.id->text == "k");
  REQUIRE(r0.inputs.size() == 3);
  CHECK(r0.inputs[1].any);
  CHECK(r0.inputs[0].tests[0].kind == UnaryTest::Kind::kEqual);
  CHECK(std::get<LiteralExpr>(r0.outputs[1]->node).kind == LiteralKind::kNone);
  CHECK(p->Slice(r0.range) == "@k | true | - | - || 1 | none |");

  const Row& r1 = t.rows[1];
  CHECK_FALSE(r1.id);  // assigned `r<N>` later, not by the parser
  CHECK(r1.inputs[1].tests.size() == 2);
  CHECK(r1.inputs[2].negated);
  CHECK(r1.inputs[2].tests.size() == 2);
  CHECK(p->Slice(r1.inputs[2].range) == "not(low, general)");
  CHECK(r1.basis->value == "r");
  CHECK(r1.priority == 3);

  const UnaryTest& i2 = t.rows[2].inputs[2].tests[0];
  CHECK(i2.kind == UnaryTest::Kind::kInterval);
  CHECK(i2.low_closed);
  CHECK_FALSE(i2.high_closed);
  CHECK(t.rows[2].effective->until == Date{2025, 1, 1, {}});
  const UnaryTest& c3 = t.rows[3].inputs[1].tests[0];
  CHECK(c3.kind == UnaryTest::Kind::kCompare);
  CHECK(c3.op == CompareOp::kNe);
  const UnaryTest& i3 = t.rows[3].inputs[2].tests[0];
  CHECK_FALSE(i3.low_closed);
  CHECK(i3.high_closed);
  const UnaryTest& i4 = t.rows[4].inputs[2].tests[0];
  CHECK_FALSE(i4.low_closed);
  CHECK_FALSE(i4.high_closed);
  CHECK(t.rows[5].is_default);
  CHECK(t.rows[5].inputs.empty());
  CHECK(t.rows[5].id->text == "otherwise");
}

TEST_CASE("tables: overrides, tightens and except basis") {
  auto p = ParseDecls(
      "table cap (g: Grade) -> (max: int?, min: int)\n"
      "  overrides national.food_frequency\n"
      "  tightens max at_most\n"
      "  tightens min at_least\n"
      "  except basis \"县规定\"\n"
      "  basis \"b\"\n"
      "{\n"
      "  | g || max | min |\n"
      "  @a | A || 1 | 2 | basis \"r\" except basis \"第八条\"\n"
      "  @b | B || 2 | 2 |\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& t = p->node<TableDecl>(0);
  REQUIRE(t.overrides);
  CHECK(t.overrides->ToString() == "national.food_frequency");
  CHECK(p->Slice(t.overrides->range) == "national.food_frequency");
  REQUIRE(t.tightens.size() == 2);
  CHECK(t.tightens[0].output.text == "max");
  CHECK(t.tightens[0].direction.text == "at_most");
  CHECK(p->Slice(t.tightens[1].range) == "tightens min at_least");
  CHECK(t.except_basis->value == "县规定");
  CHECK(p->decl(0).basis->value == "b");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].basis->value == "r");
  CHECK(t.rows[0].except_basis->value == "第八条");
  CHECK_FALSE(t.rows[1].except_basis);
}

TEST_CASE("an except in a table needs its basis") {
  auto p = ParseDecls(
      "table cap (g: Grade) -> (n: int)\n  except\n{\n  | g || n |\n  | A || 1 |\n}\n");
  REQUIRE(!p->sink.diagnostics().empty());
  CHECK(p->sink.diagnostics()[0].code == "syntax_error");
}

TEST_CASE("a table without `hit` has the unique policy, not written") {
  auto p = ParseDecls(
      "table t (c: C) -> (x: int) { | c || x | | A || 1 | }\n");
  REQUIRE(p->sink.diagnostics().empty());
  const auto& t = p->node<TableDecl>(0);
  CHECK_FALSE(t.hit_written);
  CHECK(t.hit_policy.text == "unique");
  CHECK_FALSE(t.aggregator);
  CHECK(t.rows.size() == 1);
}

TEST_CASE("re-parsing the same text gives an equal module") {
  const std::string text =
      "ruleset t\nenum E { A, B }\nrule r (e: E) { forbid when e == A }\n";
  auto a = ParseText(text);
  auto b = ParseText("# a comment\n" + text);
  CHECK(*a->module == *b->module);
}

}  // namespace
}  // namespace bylaw::dsl
