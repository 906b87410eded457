// Behaviour of the runtime on the hand-written bundle fixtures/supervision.json:
// every hit policy (with unique/any violations), intervals and negation,
// effective dates, params and overrides, rules with except and followups,
// scorecards, fail-closed paths, facts validation, bundle corruption, trace.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>
#include <sstream>

#include "bylaw/runtime.h"
#include "trace_steps.h"

namespace rt = bylaw::runtime;
using nlohmann::json;

namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Sealed(const std::string& text) {
  auto sealed = rt::SealBundle(text);
  REQUIRE(sealed.ok());
  return *sealed;
}

std::shared_ptr<const rt::Rulebook> Book() {
  static std::shared_ptr<const rt::Rulebook> book = [] {
    auto b = rt::LoadBundle(Sealed(ReadFixture("supervision.json")));
    if (!b.ok()) FAIL(b.error().ToString());
    return *b;
  }();
  return book;
}

json Eval(const std::string& decision, const json& facts, rt::EvaluateOptions options = {}) {
  auto out = Book()->EvaluateJson(decision, facts.dump(), options);
  if (!out.ok()) FAIL(out.error().ToString());
  return json::parse(*out);
}

json Enterprise(const std::string& credit, int risk, const std::string& years) {
  return {{"id", "E1"}, {"industry", "catering"}, {"credit", credit}, {"risk", risk},
          {"years", years}, {"key", false}, {"penalties", json::array()}};
}

json Freq(const json& enterprise, const std::string& as_of = "2024-10-01") {
  return Eval("freq", {{"as_of", as_of}, {"enterprise", enterprise}});
}

json Inspection(bool approved, bool urgent, int certified, const std::string& matter = "ebike_fire") {
  json inspectors = json::array();
  for (int i = 0; i < 2; ++i) {
    inspectors.push_back({{"id", "P" + std::to_string(i)}, {"certified", i < certified}});
  }
  return {{"matter", matter}, {"urgent", urgent}, {"head_approved", approved},
          {"inspectors", inspectors}};
}

json Tables(const std::string& c, int r) {
  return Eval("tables", {{"as_of", "2024-10-01"}, {"c", c}, {"r", r}});
}

bool HasError(const json& out, const std::string& code, const std::string& output) {
  for (const auto& e : out["errors"]) {
    if (e["code"] == code && e["output"] == output) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("first hit: rows in order, intervals, negation, default row") {
  struct Case {
    const char* credit;
    int risk;
    const char* years;
    int min;
    const char* why;
  };
  static const Case kCases[] = {
      {"D", 0, "0", 2, "worst row comes first"},
      {"D", 5, "0", 2, "worst row shadows risky (not D)"},
      {"A", 1, "2", 0, "good: [1..2] and [0..3.5)"},
      {"A", 2, "3.499999", 0, "good: just below the open bound"},
      {"A", 2, "3.5", 1, "3.5 is outside [0..3.5): default"},
      {"A", 0, "1", 1, "risk 0 outside [1..2]: default"},
      {"C", 3, "9", 1, "risky: not(D) and >= 3"},
      {"B", 1, "1", 1, "nothing matches: default row"},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.why) {
      json out = Freq(Enterprise(c.credit, c.risk, c.years));
      CHECK(out["outputs"]["min"] == c.min);
      CHECK(out["errors"].empty());
    }
  }
}

TEST_CASE("dated params and rows follow the as-of date") {
  json good = Enterprise("A", 1, "2");
  CHECK(Freq(good, "2024-12-31")["outputs"]["ratio"] == "5%");
  CHECK(Freq(good, "2025-01-01")["outputs"]["ratio"] == "3%");
  json old = Enterprise("B", 1, "20");
  CHECK(Freq(old, "2025-05-31")["outputs"]["min"] == 1);  // default row
  CHECK(Freq(old, "2025-06-01")["outputs"]["min"] == 3);  // row in force from 06-01
}

TEST_CASE("unique: a gap fails closed and takes the else value") {
  json e = Enterprise("A", 1, "2");
  e["industry"] = "retail";
  json out = Freq(e);
  CHECK(out["outputs"]["lead"] == "market");
  CHECK(HasError(out, "NO_MATCH", "lead"));
  e["industry"] = "chemicals";
  out = Freq(e);
  CHECK(out["outputs"]["lead"] == "emergency");
  CHECK(out["outputs"]["key_industry"] == true);
}

TEST_CASE("unique violation is reported at run time") {
  CHECK(Tables("A", 0)["outputs"]["overlap"] == 1);
  CHECK(Tables("C", 0)["outputs"]["overlap"] == 2);
  json out = Tables("B", 0);
  CHECK(HasError(out, "UNIQUE_VIOLATION", "overlap"));
  CHECK(out["outputs"]["overlap"].is_null());
  CHECK(out["complete"] == false);
}

TEST_CASE("any: equal outputs are fine, different ones a violation, partial fails closed") {
  CHECK(Tables("B", 0)["outputs"]["anyt"] == json({{"x", 1}}));
  json c = Tables("C", 0);
  CHECK(HasError(c, "ANY_VIOLATION", "anyt"));
  // `partial` only silences the gap analysis: no row is never a silent null.
  json d = Tables("D", 0);
  CHECK(d["outputs"]["anyt"].is_null());
  CHECK(HasError(d, "NO_MATCH", "anyt"));
  CHECK(d["complete"] == false);
}

TEST_CASE("priority: highest priority wins, ties by row order") {
  CHECK(Tables("A", 5)["outputs"]["prio"] == "high");
  CHECK(Tables("A", 2)["outputs"]["prio"] == "mid");
  CHECK(Tables("A", 0)["outputs"]["prio"] == "low");
}

TEST_CASE("rule order and collect with aggregators") {
  json r3 = Tables("A", 3);
  CHECK(r3["outputs"]["points"] == json({10, 5}));
  CHECK(r3["outputs"]["psum"] == 15);
  CHECK(r3["outputs"]["pmax"] == 50);
  CHECK(r3["outputs"]["pcount"] == 2);
  json r1 = Tables("A", 1);
  CHECK(r1["outputs"]["points"] == json({10, 1}));
  CHECK(r1["outputs"]["psum"] == 11);
  json r0 = Tables("A", 0);
  CHECK(r0["outputs"]["points"] == json({1}));
  CHECK(r0["outputs"]["pcount"] == 0);
  CHECK(HasError(r0, "NO_MATCH", "pmax"));
}

TEST_CASE("params: cells that read params, host overrides, values not yet in force") {
  CHECK(Tables("A", 3)["outputs"]["by_param"] == "high");
  CHECK(Tables("A", 2)["outputs"]["by_param"] == "low");
  rt::EvaluateOptions o;
  o.params["risk_cut"] = "5";
  CHECK(Eval("tables", {{"as_of", "2024-10-01"}, {"c", "A"}, {"r", 3}}, o)["outputs"]["by_param"] ==
        "low");
  o.params = {{"t.ratio_a", "\"7%\""}};
  CHECK(Eval("freq", {{"as_of", "2024-10-01"}, {"enterprise", Enterprise("A", 1, "2")}}, o)
            ["outputs"]["ratio"] == "7%");
  CHECK(HasError(Tables("A", 3), "MISSING_PARAM", "late"));
  o.params = {{"nope", "1"}};
  auto bad = Book()->EvaluateJson("tables", R"({"as_of":"2024-10-01","c":"A","r":1})", o);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "param_override");
}

TEST_CASE("rules: require, except with followup, reasons, effective dates") {
  auto may = [](const json& inspection, const std::string& as_of = "2024-10-01") {
    return Eval("may_inspect", {{"as_of", as_of}, {"inspection", inspection}});
  };
  json ok = may(Inspection(true, false, 2));
  CHECK(ok["outputs"]["proceed"] == true);
  CHECK(ok["outputs"]["codes"] == json::array());
  CHECK(ok["outputs"]["lead"] == "fire");
  CHECK(ok["outputs"]["certified"] == 2);

  json refused = may(Inspection(false, false, 2));
  CHECK(refused["outputs"]["proceed"] == false);
  CHECK(refused["outputs"]["codes"] == json({"NOT_APPROVED"}));

  json urgent = may(Inspection(false, true, 2));
  CHECK(urgent["outputs"]["proceed"] == true);
  CHECK(urgent["outputs"]["followups"] == json({"approve_afterwards"}));

  json few = may(Inspection(true, false, 1));
  CHECK(few["outputs"]["codes"] == json({"TOO_FEW_INSPECTORS"}));

  // A rule in force from 2025-01-03 only.
  CHECK(may(Inspection(true, false, 2, "food"), "2025-01-02")["outputs"]["proceed"] == true);
  CHECK(may(Inspection(true, false, 2, "food"), "2025-01-03")["outputs"]["codes"] ==
        json({"key_matter_only_from_2025"}));
}

TEST_CASE("scorecard: weighted score and first matching band") {
  CHECK(Freq(Enterprise("B", 1, "2"))["outputs"]["grade"] == "low");   // 10 + 1 = 11
  CHECK(Freq(Enterprise("B", 1, "19.9"))["outputs"]["grade"] == "low");  // 19.95
  CHECK(Freq(Enterprise("B", 2, "1"))["outputs"]["grade"] == "high");  // 20.5
}

TEST_CASE("fail closed: missing facts, missing as_of, ruleset not in force") {
  json e = Enterprise("A", 1, "2");
  e.erase("credit");
  json out = Freq(e);
  CHECK(out["outputs"]["min"] == 99);  // the else value
  CHECK(HasError(out, "MISSING_FACT", "min"));
  CHECK(out["errors"][0]["message"] == "`$.enterprise.credit` is missing");
  CHECK(out["outputs"]["ratio"].is_null());  // no else: incomplete
  CHECK(out["complete"] == false);
  CHECK(out["outputs"]["food_grade"].is_null());  // optional and absent: none
  CHECK_FALSE(HasError(out, "MISSING_FACT", "food_grade"));

  json no_date = Eval("freq", {{"enterprise", Enterprise("A", 1, "2")}});
  CHECK(HasError(no_date, "MISSING_FACT", "min"));
  CHECK(no_date["errors"][0]["message"] == "`$.as_of` is missing");

  json early = Freq(Enterprise("A", 1, "2"), "2024-09-01");
  CHECK(HasError(early, "NOT_IN_FORCE", "min"));
  CHECK(early["outputs"]["min"] == 99);
  json expired = Eval("old.ping", {{"as_of", "2024-10-01"}});
  CHECK(expired["outputs"]["pong"] == false);
  CHECK(HasError(expired, "NOT_IN_FORCE", "pong"));
  CHECK(Eval("old.ping", {{"as_of", "2022-12-31"}})["outputs"]["pong"] == true);

  json no_inspection = Eval("may_inspect", {{"as_of", "2024-10-01"}});
  CHECK(no_inspection["outputs"]["proceed"] == false);
  CHECK(no_inspection["errors"][0]["message"] == "`$.inspection` is missing");
}

TEST_CASE("facts validation names the JSON path") {
  struct Case {
    const char* decision;
    const char* facts;
    const char* detail;
  };
  static const Case kCases[] = {
      {"may_inspect",
       R"({"inspection": {"inspectors": [{"certified": true}, {"certified": "yes"}]}})",
       R"($.inspection.inspectors[1].certified: expected bool, got "yes")"},
      {"may_inspect", R"({"inspection": {"matter": "nope"}})",
       R"($.inspection.matter: "nope" is not a matter of the bundle)"},
      {"may_inspect", R"({"inspection": {"colour": 1}})",
       "$.inspection.colour: unknown field of `t.Inspection`"},
      {"may_inspect", R"({"inspektion": {}})",
       "$.inspektion: unknown field, decision `t.may_inspect` takes `inspection`"},
      {"freq", R"({"enterprise": {"credit": "E"}})",
       R"($.enterprise.credit: "E" is not a member of `t.CreditClass`)"},
      {"freq", R"({"enterprise": {"risk": 1.5}})", "$.enterprise.risk: expected int, got 1.5"},
      {"freq", R"({"enterprise": {"years": "a lot"}})",
       R"($.enterprise.years: expected decimal, got "a lot")"},
      {"freq", R"({"enterprise": {"penalties": [{"since": "2024-02-30"}]}})",
       R"($.enterprise.penalties[0].since: expected date, got "2024-02-30")"},
      {"freq", R"({"as_of": "tomorrow"})", R"($.as_of: expected date, got "tomorrow")"},
      {"freq", R"({"enterprise": {"key": null}})", "$.enterprise.key: expected bool, got null"},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.detail) {
      auto d = Book()->FindDecision(c.decision);
      REQUIRE(d.ok());
      auto facts = Book()->ParseFacts(*d, c.facts);
      REQUIRE_FALSE(facts.ok());
      CHECK(facts.error().code == "facts_invalid");
      CHECK(facts.error().details == std::vector<std::string>{c.detail});
    }
  }
  auto d = Book()->FindDecision("freq");
  auto many = Book()->ParseFacts(*d, R"({"enterprise": {"risk": "x", "key": 1}})");
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().details.size() == 2);
  auto not_json = Book()->ParseFacts(*d, R"({"enterprise": )");
  REQUIRE_FALSE(not_json.ok());
  CHECK(not_json.error().code == "facts_not_json");
}

TEST_CASE("facts that are not JSON name the line and column where they stop") {
  struct Case {
    const char* text;
    const char* where;  // the message's prefix
  };
  // One line: the column alone (a batch's line is the batch's to give).
  static const Case kCases[] = {
      // The `}` after a trailing comma, on the third line.
      {"{\n  \"enterprise\": {\n    \"risk\": 1,}\n}",
       "the facts are not valid JSON at line 3, column 15: syntax error"},
      // Columns count characters: 名 and 称 are one column each.
      {R"({"名称": x})", "the facts are not valid JSON at column 8: syntax error"},
      // Cut short: one past the last character.
      {R"({"enterprise": )", "the facts are not valid JSON at column 16: syntax error"},
      {"\n\n", "the facts are not valid JSON at line 3, column 1: syntax error"},
      // A whole token out of place: where it begins, past an escaped quote.
      {R"({"a": "x" "y\"z"})", "the facts are not valid JSON at column 11: syntax error"},
      // A bad literal: the character where it goes wrong (`o` of `not`).
      {"{not json}", "the facts are not valid JSON at column 3: syntax error"},
  };
  auto d = Book()->FindDecision("freq");
  REQUIRE(d.ok());
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.where) {
      auto facts = Book()->ParseFacts(*d, c.text);
      REQUIRE_FALSE(facts.ok());
      CHECK(facts.error().code == "facts_not_json");
      CAPTURE(facts.error().message);
      CHECK(facts.error().message.rfind(c.where, 0) == 0);
    }
  }
  // The bytes the parser quotes are not always UTF-8; the message is.
  auto bytes = Book()->ParseFacts(*d, "\xff\xfe");
  REQUIRE_FALSE(bytes.ok());
  CHECK(bytes.error().message.rfind("the facts are not valid JSON at column 1: ", 0) == 0);
  CHECK(bytes.error().message.find("<0xFF>") != std::string::npos);
  CHECK_NOTHROW(json(bytes.error().message).dump());  // dump() throws on ill-formed UTF-8
}

TEST_CASE("facts builder validates like JSON") {
  auto d = Book()->FindDecision("may_inspect");
  REQUIRE(d.ok());
  auto facts = Book()->NewFacts(*d)
                   .SetAsOf("2024-10-01")
                   .SetText("inspection.matter", "ebike_fire")
                   .SetBool("inspection.urgent", false)
                   .SetBool("inspection.head_approved", true)
                   .SetText("inspection.inspectors[0].id", "P1")
                   .SetBool("inspection.inspectors[0].certified", true)
                   .SetBool("inspection.inspectors[1].certified", true)
                   .Build();
  REQUIRE(facts.ok());
  auto out = Book()->Evaluate(*d, *facts);
  REQUIRE(out.ok());
  REQUIRE(out->Find("proceed") != nullptr);
  CHECK(out->Find("proceed")->bool_value());
  CHECK(out->Find("certified")->int_value() == 2);

  auto bad = Book()->NewFacts(*d).SetInt("inspection.urgent", 1).Build();
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().details.at(0) == "$.inspection.urgent: expected bool, got 1");
  auto gap = Book()->NewFacts(*d).SetBool("inspection.inspectors[3].certified", true).Build();
  REQUIRE_FALSE(gap.ok());
}

TEST_CASE("trace: facts read, rows matched, rules, outputs, with sources") {
  rt::EvaluateOptions o;
  o.trace = true;
  json out = Eval("freq", {{"as_of", "2024-10-01"}, {"enterprise", Enterprise("A", 1, "2")}}, o);
  bool fact = false, table = false, output = false;
  for (const auto& e : out["trace"]) {
    if (e["kind"] == "fact" && e["id"] == "$.enterprise.credit") fact = true;
    if (e["kind"] == "table" && e["id"] == "t.frequency") {
      table = true;
      CHECK(e["rows"] == json({"t.frequency#good"}));
      CHECK(e["source"]["file"] == "rules/t.bylaw");
      CHECK(e["source"]["line"] == 10);
      CHECK(e["basis"] == "实施方案（四）");
    }
    if (e["kind"] == "output" && e["id"] == "t.freq#min") {
      output = true;
      CHECK(e["detail"] == "0");
    }
  }
  CHECK(fact);
  CHECK(table);
  CHECK(output);

  json rules = Eval("may_inspect",
                    {{"as_of", "2024-10-01"}, {"inspection", Inspection(false, true, 2)}}, o);
  bool excepted = false;
  for (const auto& e : rules["trace"]) {
    if (e["kind"] == "rule" && e["id"] == "t.head_approval#except1") {
      excepted = e["detail"] == "excepted" && e["basis"] == "情况紧急";
    }
  }
  CHECK(excepted);

  json quiet = Freq(Enterprise("A", 1, "2"));
  CHECK_FALSE(quiet.contains("trace"));
}

TEST_CASE("bundle corruption of each kind is refused with a clear error") {
  const std::string good = Sealed(ReadFixture("supervision.json"));
  REQUIRE(rt::LoadBundle(good).ok());
  auto reseal = [](json j) { return *rt::SealBundle(j.dump()); };
  json doc = json::parse(good);

  struct Case {
    const char* name;
    std::string bytes;
    const char* code;
  };
  json wrong_format = doc;
  wrong_format["format"] = "other";
  json wrong_version = doc;
  wrong_version["format_version"] = 3;
  json spelled_type = doc;  // a version-1 spelling in a version-2 document
  spelled_type["records"][0]["fields"][0]["type"] = "text";
  json unknown_kind = doc;
  unknown_kind["records"][0]["fields"][0]["type"] = {{"kind", "float"}};
  json enum_not_record = doc;  // t.Penalty is a record
  enum_not_record["records"][0]["fields"][7]["type"]["of"]["kind"] = "enum";
  json unknown_enum = doc;
  unknown_enum["records"][0]["fields"][1]["type"]["name"] = "t.Nope";
  json tampered = doc;
  tampered["params"][1]["values"][0]["value"]["value"] = 1;  // hash not updated
  json dangling = doc;
  dangling["decisions"][0]["items"][0]["expr"]["name"] = "t.nope";
  json bad_cells = doc;
  bad_cells["tables"][0]["rows"][0]["cells"].erase(0);
  json bad_member = doc;
  bad_member["tables"][1]["rows"][0]["cells"][0]["eq"][0]["value"] = "bakery";
  json missing_section = doc;
  missing_section.erase("rules");
  const Case kCases[] = {
      {"truncated", good.substr(0, good.size() / 2), "bundle_not_json"},
      {"not json", "PK\x03\x04 this is a zip", "bundle_not_json"},
      {"empty", "", "bundle_not_json"},
      {"wrong format", reseal(wrong_format), "bundle_format"},
      {"wrong version", reseal(wrong_version), "bundle_version"},
      {"type as a spelling", reseal(spelled_type), "bundle_structure"},
      {"unknown type kind", reseal(unknown_kind), "bundle_structure"},
      {"record named as an enum", reseal(enum_not_record), "bundle_dangling_reference"},
      {"unknown enum", reseal(unknown_enum), "bundle_dangling_reference"},
      {"hash mismatch", tampered.dump(), "bundle_hash_mismatch"},
      {"dangling table", reseal(dangling), "bundle_dangling_reference"},
      {"dangling enum member", reseal(bad_member), "bundle_dangling_reference"},
      {"row with a cell missing", reseal(bad_cells), "bundle_structure"},
      {"missing section", reseal(missing_section), "bundle_structure"},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.name) {
      auto book = rt::LoadBundle(c.bytes);
      REQUIRE_FALSE(book.ok());
      CHECK(book.error().code == c.code);
      CHECK_FALSE(book.error().message.empty());
    }
  }
  // Messages name the path of the offending value.
  CHECK_THAT(rt::LoadBundle(reseal(bad_cells)).error().message,
             Catch::StartsWith("tables[0].rows[0].cells: expected "));
  CHECK(rt::LoadBundle(reseal(bad_member)).error().message ==
        "tables[1].rows[0].cells[0].eq[0]: `bakery` is not a member of `t.Industry`");
  CHECK(rt::LoadBundle(reseal(unknown_enum)).error().message ==
        "records[0].fields[1].type: unknown enum `t.Nope`");
  CHECK(rt::LoadBundle(reseal(enum_not_record)).error().message ==
        "records[0].fields[7].type.of: unknown enum `t.Penalty`");
  auto truncated = rt::LoadBundle(good.substr(0, 100));
  CHECK_THAT(truncated.error().message, Catch::Contains("truncated"));
  rt::LoadOptions trusting;
  trusting.verify_hash = false;
  CHECK(rt::LoadBundle(tampered.dump(), trusting).ok());
}

TEST_CASE("a version-1 bundle is refused with advice to recompile") {
  // fixtures/format_v1.json is a bundle as the previous release wrote it
  // (types as spellings, "format_version": 1), sealed and unmodified.
  const std::string v1 = ReadFixture("format_v1.json");
  REQUIRE(json::parse(v1)["format_version"] == 1);
  auto book = rt::LoadBundle(v1);
  REQUIRE_FALSE(book.ok());
  CHECK(book.error().code == "bundle_version");
  CHECK(book.error().message ==
        "format version 1 is not supported (this runtime reads 2): recompile the rules with "
        "`bylaw compile`");
  // Before any hash or signature check: the advice is the same for a
  // bundle whose hash no longer matches.
  json edited = json::parse(v1);
  edited["rulesets"][0]["version"] = "edited";
  auto stale = rt::LoadBundle(edited.dump());
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().code == "bundle_version");
}

TEST_CASE("decisions are found by qualified or unique short name") {
  CHECK(Book()->FindDecision("t.may_inspect").ok());
  CHECK(Book()->FindDecision("may_inspect").ok());
  auto none = Book()->FindDecision("nope");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "unknown_decision");
  CHECK(Book()->hash().rfind("sha256:", 0) == 0);
  CHECK(Book()->hash().size() == 7 + 64);
}

TEST_CASE("matter object selectors: which matters apply to an enterprise") {
  auto d = Book()->FindDecision("freq");
  REQUIRE(d.ok());
  auto facts_for = [&](const json& enterprise) {
    auto f = Book()->ParseFacts(*d, json{{"as_of", "2024-10-01"}, {"enterprise", enterprise}}.dump());
    if (!f.ok()) FAIL(f.error().ToString());
    return *f;
  };
  json food_shop = Enterprise("A", 1, "2");
  food_shop["food_grade"] = "B";
  json plain = Enterprise("A", 1, "2");
  plain["food_grade"] = nullptr;

  auto applies = [&](const std::string& matter, const json& e) {
    auto r = Book()->MatterApplies(matter, facts_for(e), "enterprise");
    if (!r.ok()) FAIL(r.error().ToString());
    return *r;
  };
  CHECK(applies("food", food_shop));
  CHECK_FALSE(applies("food", plain));
  CHECK(applies("general", plain));
  // A comprehension variable inside the filter is not an object field.
  json uncorrected = food_shop;
  uncorrected["penalties"] = json::array({{{"corrected", false}, {"since", "2024-01-01"}}});
  CHECK_FALSE(applies("food", uncorrected));

  SECTION("a matter without an object type selects anything; matters() lists them") {
    std::vector<rt::MatterInfo> ms = Book()->matters();
    REQUIRE(ms.size() == 3);
    CHECK(ms[0].id == "ebike_fire");
    CHECK(ms[0].object_type.empty());
    CHECK(ms[0].key);
    CHECK(ms[0].initiator == "fire");
    CHECK(ms[0].cooperators == std::vector<std::string>{"market"});
    CHECK(ms[1].id == "food");
    CHECK(ms[1].object_type == "t.Enterprise");
    CHECK(ms[1].has_filter);
    CHECK_FALSE(ms[2].has_filter);
    CHECK(applies("ebike_fire", plain));
  }
  SECTION("a missing fact fails closed with a named error, never `applies`") {
    json absent = food_shop;
    absent.erase("penalties");
    auto r = Book()->MatterApplies("food", facts_for(absent), "enterprise");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "matter_selector");
    CHECK(r.error().message.find("penalties") != std::string::npos);
  }
  SECTION("unknown matter and param") {
    auto f = facts_for(food_shop);
    CHECK(Book()->MatterApplies("nope", f, "enterprise").error().code == "unknown_matter");
    CHECK(Book()->MatterApplies("food", f, "inspection").error().code == "unknown_param");
  }
  SECTION("sources by id") {
    CHECK(Book()->FindSource("no.such.id") == nullptr);
    const rt::SourceLocation* src = Book()->FindSource("t.frequency");
    REQUIRE(src != nullptr);
    CHECK(src->line == 10);
    CHECK(src->basis == "实施方案（四）");
  }
}

// Outcome::VisitTablesAndRules against Outcome::trace(): the same table and
// rule events, in the same order, whether or not the trace was already
// written out, on the fixture's decisions and on random facts.
namespace {

using bylaw::testing::StepText;

std::vector<std::string> VisitedSteps(const rt::Outcome& o) {
  std::vector<std::string> out;
  o.VisitTablesAndRules([&](const rt::TraceEvent& e) { out.push_back(StepText(e)); });
  return out;
}

std::vector<std::string> TraceSteps(const rt::Outcome& o) {
  std::vector<std::string> out;
  for (const rt::TraceEvent& e : o.trace()) {
    if (e.kind == rt::TraceEvent::Kind::kTable || e.kind == rt::TraceEvent::Kind::kRule) out.push_back(StepText(e));
  }
  return out;
}

// Evaluates `decision` on `facts` twice into one Outcome (so that buffers
// of an earlier evaluation are reused) and checks both paths of the visit:
// an empty string, or what differs.
std::string CheckSteps(const char* decision, const std::string& facts_json, bool trace) {
  auto d = Book()->FindDecision(decision);
  if (!d.ok()) return d.error().ToString();
  auto facts = Book()->ParseFacts(*d, facts_json);
  if (!facts.ok()) return facts.error().ToString();
  rt::EvaluateOptions options;
  options.trace = trace;
  rt::Outcome o;
  for (int round = 0; round < 2; ++round) {
    rt::Status s = Book()->Evaluate(*d, *facts, options, &o);
    if (!s.ok()) return s.error().ToString();
    const std::vector<std::string> before = VisitedSteps(o);  // from the records
    const std::vector<std::string> want = TraceSteps(o);
    const std::vector<std::string> after = VisitedSteps(o);  // from the written trace
    if (before != want) return "before trace(): " + std::to_string(before.size()) + " steps, want " + std::to_string(want.size());
    if (after != want) return "after trace(): " + std::to_string(after.size()) + " steps, want " + std::to_string(want.size());
    if (!trace && !before.empty()) return "steps of an untraced evaluation";
  }
  return "";
}

}  // namespace

TEST_CASE("VisitTablesAndRules lists trace()'s table and rule steps") {
  struct Case {
    const char* decision;
    const char* facts;
    bool has_steps;
  };
  static const Case kCases[] = {
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E1", "industry": "catering",
                     "credit": "B", "risk": 2, "years": "2.5", "key": false, "penalties": []}})", true},
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E2", "industry": "chemicals",
                     "credit": "D", "risk": 4, "years": 0.25, "key": true,
                     "penalties": [{"since": "2024-01-01", "corrected": false}]}})", true},
      {"t.freq", R"({"enterprise": {"credit": "A"}})", false},  // fails closed
      {"t.may_inspect", R"({"as_of": "2024-10-01", "inspection": {"matter": "ebike_fire",
                           "urgent": false, "head_approved": true, "inspectors":
                           [{"id": "P1", "certified": true}, {"id": "P2", "certified": true}]}})", true},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "C", "r": 3})", true},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "A", "r": 0})", true},
  };
  for (const Case& c : kCases) {
    for (bool trace : {false, true}) {
      DYNAMIC_SECTION(c.decision << (trace ? " traced " : " ") << c.facts) {
        CHECK(CheckSteps(c.decision, c.facts, trace) == "");
        if (trace && c.has_steps) {
          // Not vacuous: the traced evaluation has table or rule steps.
          auto d = Book()->FindDecision(c.decision);
          auto facts = Book()->ParseFacts(*d, c.facts);
          rt::EvaluateOptions options;
          options.trace = true;
          auto o = Book()->Evaluate(*d, *facts, options);
          REQUIRE(o.ok());
          CHECK(!VisitedSteps(*o).empty());
        }
      }
    }
  }
}

TEST_CASE("VisitTablesAndRules matches trace() on random facts") {
  const bool ok = rc::check("t.tables and t.freq", [] {
    static const char* const kClasses[] = {"A", "B", "C", "D"};
    static const char* const kIndustries[] = {"catering", "chemicals", "retail"};
    const std::string credit = kClasses[*rc::gen::inRange(0, 4)];
    const int r = *rc::gen::inRange(-2, 12);
    RC_ASSERT(CheckSteps("t.tables", R"({"as_of": "2024-10-01", "c": ")" + credit + R"(", "r": )" + std::to_string(r) + "}",
                    true) == "");
    const std::string industry = kIndustries[*rc::gen::inRange(0, 3)];
    const bool key = *rc::gen::arbitrary<bool>();
    const bool penalty = *rc::gen::arbitrary<bool>();
    RC_ASSERT(CheckSteps("t.freq",
                    R"({"as_of": "2024-10-01", "enterprise": {"id": "E", "industry": ")" + industry +
                        R"(", "credit": ")" + credit + R"(", "risk": )" + std::to_string(r) +
                        R"(, "years": "1.5", "key": )" + (key ? "true" : "false") + R"(, "penalties": [)" +
                        (penalty ? R"({"since": "2024-03-01", "corrected": false})" : "") + "]}}",
                    true) == "");
  });
  CHECK(ok);
}
