// The compiled shortcuts of an evaluation (the decision plans,
// decision_plan.h; the call memo, call_memo.h; the direct table path,
// direct_call.h) against the reference interpreter
// (EvaluateOptions::reference) on the shipped rulesets: the four contract
// decisions on random facts documents built from the contract's example
// (every enum member, bool and count; penalties and inspectors of random
// length; fields left out, so missing facts and fail-closed paths are
// covered), at random dates around the rulesets' start. The outcome JSON
// (every output, error, the completeness flag and, traced, the trace) must
// be the same byte for byte.
#include <rapidcheck.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/runtime.h"
#include "decision_plan.h"
#include "model.h"
#include "trace_steps.h"

namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

const std::shared_ptr<const rt::Rulebook>& Book() {
  static const std::shared_ptr<const rt::Rulebook> book = [] {
    bylaw::dsl::CompileResult compiled = bylaw::dsl::CompilerBuilder()
                                             .SetRoot(BYLAW_SOURCE_DIR "/rulesets")
                                             .Build()
                                             .Compile({BYLAW_SOURCE_DIR "/rulesets/nantong"});
    REQUIRE(compiled.ok());
    auto loaded = rt::LoadBundle(compiled.bundle);
    REQUIRE(loaded.ok());
    return *loaded;
  }();
  return book;
}

json Example() {
  std::ifstream in(BYLAW_SOURCE_DIR "/tests/rulesets/example_facts.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// The member names of the enum called `name` (qualified), from the model.
std::vector<std::string> Members(const char* name) {
  const auto& m = Book()->model();
  auto it = m.enum_by_name.find(name);
  REQUIRE(it != m.enum_by_name.end());
  return it->second->members;
}

std::vector<std::string> MatterIds() {
  std::vector<std::string> ids;
  for (const rt::MatterInfo& mi : Book()->matters()) ids.push_back(mi.id);
  return ids;
}

json Pick(const std::vector<std::string>& xs) {
  return xs[static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(xs.size())))];
}

bool Coin(int one_in) { return *rc::gen::inRange(0, one_in) == 0; }

std::string RandomDate() {
  const int year = *rc::gen::inRange(2023, 2028);
  const int month = *rc::gen::inRange(1, 13);
  const int day = *rc::gen::inRange(1, 29);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Drops each field of `obj` with probability 1/one_in.
void MaybeDrop(json* obj, int one_in) {
  std::vector<std::string> keys;
  for (auto it = obj->begin(); it != obj->end(); ++it) keys.push_back(it.key());
  for (const std::string& k : keys) {
    if (Coin(one_in)) obj->erase(k);
  }
}

json RandomDocument() {
  json doc = Example();
  json& e = doc["enterprise"];
  json& i = doc["inspection"];
  doc["as_of"] = Coin(4) ? json("2025-07-01") : json(RandomDate());
  e["region"] = Pick(Members("nantong.Region"));
  e["industry"] = Pick(Members("nantong.Industry"));
  e["safety_standardization_grade"] = Pick(Members("nantong.SafetyGrade"));
  e["credit_class"] = Pick(Members("national.CreditClass"));
  e["food_risk_grade"] = Coin(3) ? json(nullptr) : Pick(Members("national.FoodRiskGrade"));
  for (const char* b : {"high_risk_sector", "serious_dishonesty_listed", "credit_commitment",
                        "whitelisted", "new_business_form"}) {
    e[b] = Coin(3);
  }
  const std::vector<std::string> places = Members("national.KeyPlace");
  e["key_places"] = json::array();
  for (const std::string& p : places) {
    if (Coin(6)) e["key_places"].push_back(p);
  }
  e["penalties"] = json::array();
  for (int k = 0, n = *rc::gen::inRange(0, 4); k < n; ++k) {
    json p = {{"domain", Pick(Members("national.PenaltyDomain"))},
              {"public_since", RandomDate()},
              {"corrected", Coin(2)},
              {"serious", Coin(3)}};
    if (Coin(8)) MaybeDrop(&p, 3);
    e["penalties"].push_back(p);
  }
  i["matter"] = Pick(MatterIds());
  i["department"] = Pick(Members("national.Department"));
  i["body_kind"] = Pick(Members("national.BodyKind"));
  i["kind"] = Pick(Members("national.InspectionKind"));
  i["trigger"] = Pick(Members("national.Trigger"));
  for (const char* b : {"entrustment_published", "urgent", "head_approved", "in_filed_plan",
                        "special_plan_approved", "code_scanned", "remote_feasible", "on_site",
                        "joint"}) {
    i[b] = Coin(2);
  }
  i["inspectors"] = json::array();
  for (int k = 0, n = *rc::gen::inRange(0, 4); k < n; ++k) {
    // Appended, not `"P" + std::to_string(k)`: g++ 12 at -O3 reports a false
    // -Wrestrict in that operator+ (it inserts the literal at the front).
    std::string id = "P";
    id += std::to_string(k);
    i["inspectors"].push_back(
        {{"id", std::move(id)}, {"certified", !Coin(4)}, {"shows_certificate", !Coin(4)}});
  }
  i["done_this_year"] = {{"by_department", *rc::gen::inRange(0, 5)},
                         {"by_matter", *rc::gen::inRange(0, 5)}};
  i["other_departments_due"] = json::array();
  for (const std::string& d : Members("national.Department")) {
    if (Coin(8)) i["other_departments_due"].push_back(d);
  }
  // Now and then a document with holes: missing facts must fail closed the
  // same way on both paths.
  if (Coin(4)) MaybeDrop(&e, 8);
  if (Coin(4)) MaybeDrop(&i, 8);
  if (Coin(20)) doc.erase("as_of");
  return doc;
}

// The outcome as JSON text, or the evaluation's error.
std::string Answer(const rt::Rulebook& book, rt::DecisionRef d, const rt::Facts& facts,
                   bool reference, bool trace) {
  rt::EvaluateOptions options;
  options.reference = reference;
  options.trace = trace;
  rt::Outcome o;
  rt::Status s = book.Evaluate(d, facts, options, &o);
  if (!s.ok()) return "error: " + s.error().ToString();
  return o.ToJson();
}

}  // namespace

TEST_CASE("the call memo marks the contract's repeated callees", "[plan]") {
  const auto& m = Book()->model();
  auto def = [&](const char* name) -> const bylaw::runtime::runtime_internal::Def* {
    for (const auto& d : m.defs) {
      if (d.name == name) return &d;
    }
    return nullptr;
  };
  auto rule = [&](const char* name) -> const bylaw::runtime::runtime_internal::Rule* {
    for (const auto& r : m.rules) {
      if (r.name == name) return &r;
    }
    return nullptr;
  };
  REQUIRE(def("nantong.contract.required_min") != nullptr);
  CHECK(def("nantong.contract.required_min")->memo);
  REQUIRE(rule("national.certificate_shown") != nullptr);
  CHECK(rule("national.certificate_shown")->memo);
  // Called from one place only: no memo, no cost.
  REQUIRE(def("nantong.contract.smaller") != nullptr);
  CHECK_FALSE(def("nantong.contract.smaller")->memo);
}

TEST_CASE("compiled evaluation answers as the reference interpreter", "[plan]") {
  const rt::Rulebook& book = *Book();
  const char* const decisions[] = {"may_inspect", "frequency", "assignment", "credit_repair"};
  REQUIRE(rc::check("random contract documents", [&] {
    const json doc = RandomDocument();
    const std::string text = doc.dump();
    for (const char* name : decisions) {
      auto d = book.FindDecision(name);
      RC_ASSERT(d.ok());
      // Fields may be absent (missing facts), never ill-typed: every
      // document parses, and both paths read the same Facts.
      auto facts = book.ParseFacts(*d, text);
      RC_ASSERT(facts.ok());
      RC_ASSERT(Answer(book, *d, *facts, false, false) == Answer(book, *d, *facts, true, false));
      RC_ASSERT(Answer(book, *d, *facts, false, true) == Answer(book, *d, *facts, true, true));
    }
  }));
}

// EvaluateOptions::trace_tables_and_rules_only against the full trace, on
// the plan and on the reference: the steps recorded are exactly the full
// trace's table and rule events (ids, rows, details, sources, in order),
// nothing else is recorded, and the outputs and errors are unchanged.
TEST_CASE("a trace of tables and rules only records the full trace's table and rule steps",
          "[plan]") {
  const rt::Rulebook& book = *Book();
  const char* const decisions[] = {"may_inspect", "frequency", "assignment", "credit_repair"};
  using Kind = rt::TraceEvent::Kind;
  using bylaw::testing::StepText;
  std::size_t with_steps = 0;
  REQUIRE(rc::check("random contract documents", [&] {
    const std::string text = RandomDocument().dump();
    for (const char* name : decisions) {
      auto d = book.FindDecision(name);
      RC_ASSERT(d.ok());
      auto facts = book.ParseFacts(*d, text);
      RC_ASSERT(facts.ok());
      for (bool reference : {false, true}) {
        rt::EvaluateOptions full, steps;
        full.reference = steps.reference = reference;
        full.trace = steps.trace = true;
        steps.trace_tables_and_rules_only = true;
        rt::Outcome a, b;
        RC_ASSERT(book.Evaluate(*d, *facts, full, &a).ok());
        RC_ASSERT(book.Evaluate(*d, *facts, steps, &b).ok());
        std::vector<std::string> want, got, visited;
        for (const rt::TraceEvent& e : a.trace()) {
          if (e.kind == Kind::kTable || e.kind == Kind::kRule) want.push_back(StepText(e));
        }
        b.VisitTablesAndRules([&](const rt::TraceEvent& e) { visited.push_back(StepText(e)); });
        for (const rt::TraceEvent& e : b.trace()) got.push_back(StepText(e));
        RC_ASSERT(got == want);
        RC_ASSERT(visited == want);
        std::string ja, jb;
        a.AppendJson(&ja, false);
        b.AppendJson(&jb, false);
        RC_ASSERT(ja == jb);
        if (!want.empty()) ++with_steps;
      }
    }
  }));
  // Not vacuous: most evaluations fire tables or rules.
  CHECK(with_steps > 100);
}

// A def called from two outputs reaches a decision output that falls back:
// the reference reports that fallback (with `within`) on each output, so
// the memo must not keep the first call's value and skip the report on
// the second (nor for a rule, a table or a scorecard on that path).
TEST_CASE("the call memo never skips the errors a repeated call reports", "[plan]") {
  const std::string source =
      "ruleset memo\n  level national\n  effective 2024-01-01\n  source \"test\"\n\n"
      "facts Case { n: int }\n\n"
      "reason NOT_POSITIVE \"not positive\" basis \"t\"\n\n"
      "table p (n: int) -> (v: int)\n  basis \"t\"\n  partial\n{\n"
      "       | n || v  |\n  @one | 1 || 10 |\n}\n\n"
      "decision base (c: Case) {\n  output looked: int = p(c.n).v else 0\n}\n\n"
      "def via (c: Case) -> int = base(c).looked\n\n"
      "rule positive (c: Case) {\n  require base(c).looked > 0\n  code NOT_POSITIVE\n"
      "  message \"m\"\n  basis \"t\"\n}\n\n"
      "decision outer (c: Case) {\n  output a: int = via(c)\n  output b: int = via(c) + 1\n"
      "  output r = count(reasons(positive(c)))\n  output s = count(reasons(positive(c)))\n}\n";
  bylaw::dsl::CompileResult compiled =
      bylaw::dsl::CompilerBuilder().Build().CompileSource({"/tmp/memo_errors/memo.bylaw", source});
  if (!compiled.ok()) FAIL(bylaw::dsl::RenderText(compiled.check.diagnostics, *compiled.check.sources));
  REQUIRE(compiled.ok());
  auto loaded = rt::LoadBundle(compiled.bundle);
  REQUIRE(loaded.ok());
  const rt::Rulebook& book = **loaded;
  auto d = book.FindDecision("outer");
  REQUIRE(d.ok());
  auto facts = book.ParseFacts(*d, R"({"as_of": "2024-06-01", "c": {"n": 2}})");
  REQUIRE(facts.ok());
  for (bool trace : {false, true}) {
    const std::string reference = Answer(book, *d, *facts, true, trace);
    CAPTURE(reference);
    CHECK(Answer(book, *d, *facts, false, trace) == reference);
  }
  // Each output reports the fallback inside `base` it went through.
  rt::Outcome o;
  REQUIRE(book.Evaluate(*d, *facts, {}, &o).ok());
  std::vector<std::string> outputs;
  for (const rt::EvalError& e : o.errors()) {
    CHECK(e.code == "NO_MATCH");
    CHECK(e.within == "memo.base#looked");
    outputs.push_back(e.output);
  }
  CHECK(outputs == std::vector<std::string>{"a", "b", "r", "s"});
}

// An Outcome evaluated into again reuses its trace events in place
// (Evaluator::NewEvent): whatever came before, traced or not, of another
// decision or with more events, it must read as a fresh Outcome does.
TEST_CASE("an Outcome evaluated into again reads as a fresh one", "[plan]") {
  const rt::Rulebook& book = *Book();
  const char* const decisions[] = {"may_inspect", "frequency", "assignment", "credit_repair"};
  rt::Outcome reused;
  REQUIRE(rc::check("random decisions, documents and trace flags in turn", [&] {
    const char* name = decisions[*rc::gen::inRange(0, 4)];
    auto d = book.FindDecision(name);
    RC_ASSERT(d.ok());
    auto facts = book.ParseFacts(*d, RandomDocument().dump());
    RC_ASSERT(facts.ok());
    rt::EvaluateOptions options;
    options.trace = Coin(2);
    options.reference = Coin(4);
    RC_ASSERT(book.Evaluate(*d, *facts, options, &reused).ok());
    rt::Outcome fresh;
    RC_ASSERT(book.Evaluate(*d, *facts, options, &fresh).ok());
    RC_ASSERT(reused.ToJson() == fresh.ToJson());
    RC_ASSERT(reused.trace().size() == fresh.trace().size());
  }));
}

namespace {

namespace ri = bylaw::runtime::runtime_internal;

// A one-file ruleset (`source`, named `path`) compiled and loaded; a
// diagnostic fails the test.
std::shared_ptr<const rt::Rulebook> LoadSource(const char* path, const std::string& source) {
  bylaw::dsl::CompileResult compiled =
      bylaw::dsl::CompilerBuilder().Build().CompileSource({path, source});
  if (!compiled.ok())
    FAIL(bylaw::dsl::RenderText(compiled.check.diagnostics, *compiled.check.sources));
  auto loaded = rt::LoadBundle(compiled.bundle);
  REQUIRE(loaded.ok());
  return *loaded;
}

// Every instruction reachable from `root` in `plan`.
void Reach(const ri::PlanSet& plan, std::uint32_t root, std::vector<bool>* seen) {
  if ((*seen)[root]) return;
  (*seen)[root] = true;
  const ri::PlanInstr& in = plan.code[root];
  for (std::uint32_t k = 0; k < in.nkids; ++k) Reach(plan, plan.kid(in, k), seen);
}

}  // namespace

// The default path is the compiled plan (decision_plan.h), so the
// comparisons above test it; here, that it is there and shares what it
// should: `frequency` asks `required_min(enterprise, m)` three times at its
// own level (min_per_year, exempt_unless_triggered, basis), `may_inspect`
// asks `certificate_shown(inspection)` twice (the reasons and
// enterprise_may_refuse).
TEST_CASE("the contract decisions run on plans that share their repeated calls", "[plan]") {
  const ri::Model& m = Book()->model();
  REQUIRE(m.plan != nullptr);
  const ri::PlanSet& plan = *m.plan;
  auto shared_calls = [&](const char* decision, const char* callee) {
    const ri::Decision* d = m.decision_by_name.at(decision);
    const ri::DecisionPlan* dp = plan.Find(d);
    REQUIRE(dp != nullptr);
    std::vector<bool> seen(plan.code.size());
    for (std::uint32_t root : dp->expr) Reach(plan, root, &seen);
    // The shared instructions for `callee`, and how many parents read each.
    std::vector<std::size_t> readers;
    for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
      const ri::PlanInstr& in = plan.code[i];
      if (!seen[i] || in.op != ri::PlanOp::kShared) continue;
      const auto* target = static_cast<const ri::Def*>(in.node->target);
      const auto* rule = static_cast<const ri::Rule*>(in.node->target);
      const bool named =
          in.node->op == ri::Op::kCallDef ? target->name == callee : rule->name == callee;
      if (!named) continue;
      std::size_t n = 0;
      for (std::uint32_t j = 0; j < plan.code.size(); ++j) {
        if (!seen[j]) continue;
        for (std::uint32_t k = 0; k < plan.code[j].nkids; ++k) n += plan.kid(plan.code[j], k) == i;
      }
      for (std::uint32_t root : dp->expr) n += root == i;
      readers.push_back(n);
    }
    return readers;
  };
  CHECK(shared_calls("nantong.contract.frequency", "nantong.contract.required_min") ==
        std::vector<std::size_t>{3});
  CHECK(shared_calls("nantong.contract.may_inspect", "national.certificate_shown") ==
        std::vector<std::size_t>{2});
}

// An operation on constants is folded at load; one that fails is left to
// fail at run time, with the reference's error.
TEST_CASE("plans fold constants, and a failing constant still fails when evaluated", "[plan]") {
  const std::string source =
      "ruleset fold\n  level national\n  effective 2024-01-01\n  source \"test\"\n\n"
      "facts Case { n: int }\n\n"
      "decision d (c: Case) {\n  output x: int = (2 + 3) * c.n + (2 + 3) * 4\n"
      "  output y: decimal = 10 / (5 - 5) else 7\n  output z: bool = 1 < 2 and c.n > 0\n}\n";
  const auto loaded = LoadSource("/tmp/plan_fold/fold.bylaw", source);
  const rt::Rulebook& book = *loaded;
  auto d = book.FindDecision("d");
  REQUIRE(d.ok());
  const ri::Model& m = book.model();
  const ri::PlanSet& plan = *m.plan;
  const ri::DecisionPlan* dp = plan.Find(m.decision_by_name.at("fold.d"));
  REQUIRE(dp != nullptr);
  // x = lhs + rhs: `(2 + 3) * 4` is one constant, `(2 + 3)` in lhs too.
  const ri::PlanInstr& x = plan.code[dp->expr[0]];
  REQUIRE(x.op == ri::PlanOp::kAdd);
  REQUIRE(x.node->kids[1]->op != ri::Op::kLit);  // not folded by the compiler already
  const ri::PlanInstr& rhs = plan.code[plan.kid(x, 1)];
  REQUIRE(rhs.op == ri::PlanOp::kLit);
  CHECK(plan.consts[rhs.a] == rt::Value::Int(20));
  const ri::PlanInstr& lhs = plan.code[plan.kid(x, 0)];
  CHECK(plan.code[plan.kid(lhs, 0)].op == ri::PlanOp::kLit);
  // y divides by zero: not folded, and it fails on both paths alike.
  CHECK(plan.code[dp->expr[1]].op == ri::PlanOp::kDiv);
  const ri::PlanInstr& z = plan.code[dp->expr[2]];
  CHECK(plan.code[plan.kid(z, 0)].op == ri::PlanOp::kLit);
  auto facts = book.ParseFacts(*d, R"({"as_of": "2024-06-01", "c": {"n": 3}})");
  REQUIRE(facts.ok());
  for (bool trace : {false, true}) {
    const std::string reference = Answer(book, *d, *facts, true, trace);
    CAPTURE(reference);
    CHECK(Answer(book, *d, *facts, false, trace) == reference);
  }
  rt::Outcome o;
  REQUIRE(book.Evaluate(*d, *facts, {}, &o).ok());
  CHECK(*o.Find("x") == rt::Value::Int(35));
  CHECK(o.Find("y")->ToString() == "7");
  REQUIRE(o.errors().size() == 1);
  CHECK(o.errors()[0].code == "ARITHMETIC");
}

namespace {

// Every instruction reachable from `root`, through kids and the bodies of
// calls inlined in the decision (roots[a...]: a def's body, a rule's
// condition and excepts).
void ReachInlined(const ri::PlanSet& plan, std::uint32_t root, std::vector<bool>* seen) {
  if ((*seen)[root]) return;
  (*seen)[root] = true;
  const ri::PlanInstr& in = plan.code[root];
  for (std::uint32_t k = 0; k < in.nkids; ++k) ReachInlined(plan, plan.kid(in, k), seen);
  if (in.op == ri::PlanOp::kInlineDef) ReachInlined(plan, plan.roots[in.a], seen);
  if (in.op == ri::PlanOp::kInlineRule) {
    const auto& r = *static_cast<const ri::Rule*>(in.aux);
    for (std::size_t i = 0; i <= r.excepts.size(); ++i) {
      ReachInlined(plan, plan.roots[in.a + i], seen);
    }
  }
}

// How many of each instruction decision `name`'s plan reaches, inlined
// bodies included.
std::map<ri::PlanOp, int> ReachedOps(const ri::Model& m, const char* name) {
  const ri::PlanSet& plan = *m.plan;
  const ri::DecisionPlan* dp = plan.Find(m.decision_by_name.at(name));
  REQUIRE(dp != nullptr);
  std::vector<bool> seen(plan.code.size());
  for (std::uint32_t root : dp->expr) ReachInlined(plan, root, &seen);
  std::map<ri::PlanOp, int> ops;
  for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
    if (seen[i]) ++ops[plan.code[i].op];
  }
  return ops;
}

}  // namespace

// Calls at the decision's level are inlined (their bodies read the
// arguments from the decision's frame: no frame, no memo), constant sets
// and literal globals are constants, `==` with a literal is fused; a
// missing fact read inside an inlined body still fails as the reference
// does, with the same message and trace.
TEST_CASE("plans inline calls, fold constant sets and globals, fuse literal compares", "[plan]") {
  const std::string source =
      "ruleset inl\n  level national\n  effective 2024-01-01\n  source \"test\"\n\n"
      "enum Kind {\n  ka\n  kb\n  kc\n}\n\n"
      "facts Case { n: int, k: Kind, on: bool, xs: list<int>, name: text }\n\n"
      "reason SMALL \"small\" basis \"b\"\n\n"
      "let kinds: list<Kind> = [ka, kb]\n\n"
      "def twice (c: Case, m: int) -> int = if c.on then m * 2 else m + c.n\n\n"
      "def big (c: Case) -> int = count(y in c.xs : y > twice(c, 1))\n\n"
      "def outer (c: Case) -> int = twice(c, 3) + 1\n\n"
      "rule small (c: Case) {\n  require c.n < 10 and c.k in {ka, kb}\n"
      "  except when c.k == kc and twice(c, c.n + 1) > 4\n    basis \"e\"\n    followup look\n"
      "  code SMALL\n  message \"m\"\n  basis \"b\"\n}\n\n"
      "decision d (c: Case) {\n  output x: int = twice(c, c.n) + twice(c, 3) + big(c)\n"
      "  output y: bool = small(c) is none\n  output z: bool = c.k in kinds\n"
      "  output w: list<text> = followups(small(c))\n  output v: int = outer(c)\n"
      "  output u: bool = len(c.name) > 0\n"
      "  output t: int = if as_of() > 2024-03-01 then len(c.name) else 0\n}\n";
  const auto loaded = LoadSource("/tmp/plan_inline/inl.bylaw", source);
  const rt::Rulebook& book = *loaded;
  auto d = book.FindDecision("d");
  REQUIRE(d.ok());
  const ri::Model& m = book.model();
  const ri::PlanSet& plan = *m.plan;
  const ri::DecisionPlan* dp = plan.Find(m.decision_by_name.at("inl.d"));
  REQUIRE(dp != nullptr);
  // twice(c, c.n), twice(c, 3), big, outer, small (shared by y and w).
  // twice, called from several places, is left to the call memo where
  // its arguments change: in big's comprehension and in small's except.
  CHECK(dp->inlined == 5);
  CHECK(dp->frame_size > m.decision_by_name.at("inl.d")->frame_size);
  std::vector<bool> seen(plan.code.size());
  for (std::uint32_t root : dp->expr) ReachInlined(plan, root, &seen);
  std::map<ri::PlanOp, int> ops;
  for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
    if (seen[i]) ++ops[plan.code[i].op];
  }
  CHECK(ops[ri::PlanOp::kInlineDef] == 4);
  CHECK(ops[ri::PlanOp::kInlineRule] == 1);
  CHECK(ops[ri::PlanOp::kCallDef] == 2);
  CHECK(ops[ri::PlanOp::kCallRule] == 0);
  CHECK(ops[ri::PlanOp::kNode] == 0);
  CHECK(ops[ri::PlanOp::kSet] == 0);       // {ka, kb} is a constant
  CHECK(ops[ri::PlanOp::kGlobal] == 0);    // so is `kinds`
  CHECK(ops[ri::PlanOp::kEqConst] == 1);   // c.k == kc
  CHECK(ops[ri::PlanOp::kNonEmpty] == 1);  // len(c.name) > 0
  CHECK(ops[ri::PlanOp::kLen] == 1);       // in t, with as_of() (kToday): no kNode
  CHECK(ops[ri::PlanOp::kToday] == 1);
  // twice(c, 3) is one shared slot, read by x and by outer's inlined body
  // (its literal 3 written twice).
  std::vector<int> readers(plan.code.size());
  for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
    if (!seen[i]) continue;
    for (std::uint32_t k = 0; k < plan.code[i].nkids; ++k) ++readers[plan.kid(plan.code[i], k)];
    if (plan.code[i].op == ri::PlanOp::kInlineDef) ++readers[plan.roots[plan.code[i].a]];
  }
  std::vector<int> twice_slots;
  for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
    const ri::PlanInstr& in = plan.code[i];
    if (seen[i] && in.op == ri::PlanOp::kShared && in.node->op == ri::Op::kCallDef &&
        static_cast<const ri::Def*>(in.node->target)->name == "inl.twice") {
      twice_slots.push_back(readers[i]);
    }
  }
  // A call read from one place only needs no slot: twice(c, c.n), big(c).
  CHECK(twice_slots == std::vector<int>{2});
  CHECK(dp->shared == 2);  // twice(c, 3) and small(c)

  const char* const documents[] = {
      R"({"as_of": "2024-06-01", "c": {"n": 3, "k": "ka", "on": true, "xs": [1, 2, 3],
          "name": "南通"}})",
      R"({"as_of": "2024-06-01", "c": {"n": 12, "k": "kc", "on": false, "xs": [9, 30],
          "name": ""}})",
      R"({"as_of": "2024-06-01", "c": {"n": 12, "k": "kc", "on": true, "xs": [], "name": "x"}})",
      R"({"as_of": "2024-06-01", "c": {"n": 2, "k": "kb", "xs": [5]}})",
      R"({"as_of": "2024-06-01", "c": {"k": "kc", "on": true, "xs": [5]}})",
      R"({"as_of": "2024-06-01", "c": {"n": 40, "k": "kc", "on": false}})",
  };
  for (const char* doc : documents) {
    CAPTURE(doc);
    auto facts = book.ParseFacts(*d, doc);
    REQUIRE(facts.ok());
    for (bool trace : {false, true}) {
      const std::string reference = Answer(book, *d, *facts, true, trace);
      CAPTURE(reference);
      CHECK(Answer(book, *d, *facts, false, trace) == reference);
    }
  }
  // The missing `on` is read inside twice's inlined body: the fact's path,
  // as the reference names it.
  auto facts = book.ParseFacts(*d, documents[3]);
  REQUIRE(facts.ok());
  rt::Outcome o;
  REQUIRE(book.Evaluate(*d, *facts, {}, &o).ok());
  REQUIRE(!o.errors().empty());
  CHECK(o.errors()[0].code == "MISSING_FACT");
  CHECK(o.errors()[0].message == "`$.c.on` is missing");
}

// The contract's decisions are inlined whole at load: every rule that
// may_inspect asks runs in its frame (none is left a call), and frequency's
// defs too, except what the call memo serves.
TEST_CASE("the contract decisions' rules and defs are inlined", "[plan]") {
  const ri::Model& m = Book()->model();
  const ri::PlanSet& plan = *m.plan;
  for (const char* name : {"nantong.contract.may_inspect", "nantong.contract.frequency",
                           "nantong.contract.assignment", "nantong.contract.credit_repair"}) {
    const ri::DecisionPlan* dp = plan.Find(m.decision_by_name.at(name));
    REQUIRE(dp != nullptr);
    std::vector<bool> seen(plan.code.size());
    for (std::uint32_t root : dp->expr) ReachInlined(plan, root, &seen);
    std::map<ri::PlanOp, int> ops;
    for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
      if (seen[i]) ++ops[plan.code[i].op];
    }
    WARN(name << ": " << dp->inlined << " calls inlined, " << dp->shared << " shared slots, "
              << dp->frame_size << " frame slots, " << ops[ri::PlanOp::kCallDef] << " def calls, "
              << ops[ri::PlanOp::kCallRule] << " rule calls, " << ops[ri::PlanOp::kNode]
              << " left to the interpreter");
    if (std::string(name) == "nantong.contract.may_inspect") {
      CHECK(ops[ri::PlanOp::kCallRule] == 0);
      CHECK(ops[ri::PlanOp::kInlineRule] >= 17);  // reasons(...) asks 17
    }
    if (std::string(name) == "nantong.contract.frequency") {
      CHECK(ops[ri::PlanOp::kInlineDef] > 0);
    }
  }
}

// `x in literal` on enum members becomes kInConst, also when the list is
// the literal argument of an inlined call (the parameter is the literal in
// its body); a list that is a param, or a call the plan does not inline,
// stays kIn. Each answers as the reference does: members and non-members,
// a none, `not in`, a missing fact.
TEST_CASE("plans test membership in constant lists by index", "[plan]") {
  const std::string source =
      "ruleset mem\n  level national\n  effective 2024-01-01\n  source \"test\"\n\n"
      "enum Kind {\n  ka\n  kb\n  kc\n  kd\n}\n\n"
      "enum Other {\n  ka\n  kz\n}\n\n"
      "facts Case { k: Kind, ok: Kind?, o: Other, n: int }\n\n"
      "reason OUT \"out\" basis \"b\"\n\n"
      "param allowed: list<Kind> = [ka, kc]\n\n"
      "def among (c: Case, ks: list<Kind>) -> bool = c.k in ks or c.ok not in ks\n\n"
      "rule listed (c: Case, ks: list<Kind>) {\n  require c.k in ks\n"
      "  except when c.ok in ks\n    basis \"e\"\n  code OUT\n  message \"m\"\n  basis \"b\"\n}\n\n"
      "decision d (c: Case) {\n  output a: bool = c.k in {ka, kb}\n"
      "  output b: bool = c.ok not in {kb, kd}\n  output p: bool = c.k in allowed\n"
      "  output e: bool = among(c, [kb, kd])\n  output f: list<Reason> = reasons(listed(c, [kc]))\n"
      "  output g: bool = c.o in {kz}\n}\n";
  const auto loaded = LoadSource("/tmp/plan_member/mem.bylaw", source);
  const rt::Rulebook& book = *loaded;
  auto d = book.FindDecision("d");
  REQUIRE(d.ok());
  const ri::Model& m = book.model();
  std::map<ri::PlanOp, int> ops = ReachedOps(m, "mem.d");
  CHECK(m.plan->Find(m.decision_by_name.at("mem.d"))->inlined == 2);
  // a; among's two; listed's condition and except; g
  CHECK(ops[ri::PlanOp::kInConst] == 5);
  CHECK(ops[ri::PlanOp::kNotInConst] == 2);  // b; among's
  CHECK(ops[ri::PlanOp::kIn] == 1);          // c.k in allowed: a param
  const char* const documents[] = {
      R"({"as_of": "2024-06-01", "c": {"k": "ka", "ok": "kb", "o": "ka", "n": 1}})",
      R"({"as_of": "2024-06-01", "c": {"k": "kb", "ok": null, "o": "kz", "n": 1}})",
      R"({"as_of": "2024-06-01", "c": {"k": "kc", "ok": "kc", "o": "kz", "n": 1}})",
      R"({"as_of": "2024-06-01", "c": {"k": "kd", "ok": "kd", "o": "ka", "n": 1}})",
      R"({"as_of": "2024-06-01", "c": {"ok": "ka", "o": "ka", "n": 1}})",
      R"({"as_of": "2024-06-01", "c": {"k": "kc", "o": "ka", "n": 1}})",
  };
  for (const char* doc : documents) {
    CAPTURE(doc);
    auto facts = book.ParseFacts(*d, doc);
    REQUIRE(facts.ok());
    for (bool trace : {false, true}) {
      const std::string reference = Answer(book, *d, *facts, true, trace);
      CAPTURE(reference);
      CHECK(Answer(book, *d, *facts, false, trace) == reference);
    }
  }
}

// The contract's `matter_published(inspection, matter_list)`: the list of
// matters, a literal argument, is tested by index in the inlined body.
TEST_CASE("may_inspect tests the published matters by index", "[plan]") {
  const ri::Model& m = Book()->model();
  const ri::PlanSet& plan = *m.plan;
  const ri::DecisionPlan* dp = plan.Find(m.decision_by_name.at("nantong.contract.may_inspect"));
  REQUIRE(dp != nullptr);
  std::vector<bool> seen(plan.code.size());
  for (std::uint32_t root : dp->expr) ReachInlined(plan, root, &seen);
  int matters = 0;
  for (std::uint32_t i = 0; i < plan.code.size(); ++i) {
    const ri::PlanInstr& in = plan.code[i];
    if (seen[i] && in.op == ri::PlanOp::kInConst) {
      matters += plan.sets[in.a].kind == rt::ValueKind::kMatter;
    }
  }
  CHECK(matters == 1);
}
