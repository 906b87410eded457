// Whole-program tests of `bylaw test`, `eval` (single and --batch) and
// `explain`: run the built binary on the small rulesets in cases/ and check
// exit codes and what it prints.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

using nlohmann::json;

const std::string kBylaw = BYLAW_BIN;
const std::string kCases = BYLAW_CASES;
const std::string kShop = kCases + "/shop";

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `bylaw ARGS` through the shell, capturing both streams.
Run Bylaw(const std::string& args) {
  static int counter = 0;
  const std::string err_path =
      std::string(BYLAW_TMP) + "/verbs_err_" + std::to_string(++counter);
  const std::string command = kBylaw + " " + args + " 2>" + err_path;
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    run.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = Slurp(err_path);
  std::remove(err_path.c_str());
  return run;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string LastLine(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  return lines.empty() ? std::string() : lines.back();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("bylaw test runs the test blocks and counts them") {
  struct Case {
    std::string args;
    int exit_code;
    std::string summary;
  };
  const std::vector<Case> cases = {
      {kShop + "/shop.bylaw", 0, "4 passed, 0 failed"},
      {kShop, 1, "4 passed, 3 failed"},
      {kShop + " --filter 期望值", 1, "0 passed, 1 failed"},
      {kShop + " --filter 失效即关闭", 1, "1 passed, 1 failed"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    Run run = Bylaw("test " + c.args);
    CHECK(run.exit_code == c.exit_code);
    CHECK(LastLine(run.out) == c.summary);
  }
}

TEST_CASE("bylaw test reports each failing expect with its cause") {
  Run run = Bylaw("test " + kShop);
  REQUIRE(run.exit_code == 1);
  // A false comparison shows both sides, at the expect's location.
  CHECK(Has(run.out, "failing.bylaw:7:3: FAIL \"期望值错误\""));
  CHECK(Has(run.out, "expect frequency(good_shop).per_year == 3"));
  CHECK(Has(run.out, "left:  2"));
  CHECK(Has(run.out, "right: 3"));
  // An expect that cannot be evaluated fails with the error.
  CHECK(Has(run.out, "error: MISSING_FACT"));
  // A called decision that fell back fails a test naming no error code.
  CHECK(Has(run.out, "no `expect fails` names an error code"));
  CHECK(Has(run.out, "output `allowed` fell back: MISSING_FACT"));
  // The passing fail-closed test in shop.bylaw names MISSING_FACT.
  CHECK_FALSE(Has(run.out, "缺少营业状态时失效即关闭"));
}

TEST_CASE("bylaw test --verbose lists passing tests") {
  Run run = Bylaw("test --verbose " + kShop + "/shop.bylaw");
  CHECK(run.exit_code == 0);
  CHECK(Has(run.out, "ok \"营业且人员充足的商户可以许可\""));
}

TEST_CASE("bylaw eval prints the outcome as JSON") {
  Run run = Bylaw("eval " + kShop + " --decision permit --facts " + kShop +
                  "/good.json");
  REQUIRE(run.exit_code == 0);
  json doc = json::parse(run.out);
  CHECK(doc["decision"] == "shop.permit");
  CHECK(doc["outputs"]["allowed"] == false);
  CHECK(doc["outputs"]["reasons"] == json::array({"TOO_FEW_STAFF"}));
  CHECK(doc["outputs"]["per_year"] == 2);
  CHECK(doc["errors"].empty());
  CHECK(doc["trace"].is_null());

  // The same from stdin and a compiled bundle, with a trace.
  const std::string bundle = std::string(BYLAW_TMP) + "/verbs_shop.json";
  REQUIRE(Bylaw("compile " + kShop + " -o " + bundle).exit_code == 0);
  Run traced = Bylaw("eval --bundle " + bundle +
                     " --decision shop.permit --trace --facts - < " + kShop +
                     "/good.json");
  REQUIRE(traced.exit_code == 0);
  json t = json::parse(traced.out);
  CHECK(t["outputs"] == doc["outputs"]);
  REQUIRE(t["trace"].is_array());
  bool saw_rule = false;
  for (const json& e : t["trace"]) {
    saw_rule = saw_rule || (e["kind"] == "rule" && e["id"] == "shop.enough_staff" &&
                            e["detail"] == "stands");
  }
  CHECK(saw_rule);
  std::remove(bundle.c_str());
}

TEST_CASE("bylaw eval --as-of overrides the facts' date") {
  // Before the ruleset is in force: evaluated (exit 0), failed closed.
  Run run = Bylaw("eval " + kShop + " --decision permit --as-of 2023-01-01 "
                  "--facts " + kShop + "/good.json");
  REQUIRE(run.exit_code == 0);
  json doc = json::parse(run.out);
  CHECK(doc["as_of"] == "2023-01-01");
  REQUIRE_FALSE(doc["errors"].empty());
  CHECK(doc["errors"][0]["code"] == "NOT_IN_FORCE");
  CHECK(doc["outputs"]["allowed"] == false);
}

TEST_CASE("bylaw eval rejects bad input and bad usage") {
  struct Case {
    std::string args;
    int exit_code;
    std::vector<std::string> stderr_has;
  };
  const std::string good = " --facts " + kShop + "/good.json";
  const std::vector<Case> cases = {
      {kShop + " --decision permit --facts " + kShop + "/bad.json", 1,
       {"facts_invalid", "$.shop.open: expected bool, got \"yes\"",
        "$.shop.grade: \"Z\" is not a member of `shop.Grade`"}},
      {kShop + " --decision nope" + good, 1,
       {"unknown_decision", "`nope`", "shop.permit"}},
      {kShop + " --decision permit --facts " + kShop + "/absent.json", 1,
       {"cannot read facts"}},
      {"--decision permit" + good, 2, {"give rule files or --bundle"}},
      {kShop + " --decision permit" + good + " --batch " + kShop +
           "/batch.jsonl",
       2, {"--facts FILE or --batch"}},
      {kShop + " --decision permit --as-of 2024-13-01" + good, 2,
       {"--as-of: expected a date"}},
      {kShop + " --facts x.json", 2, {"--decision"}},
      {kCases + "/broken --decision permit" + good, 1,
       {"did not compile"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args);
    Run run = Bylaw("eval " + c.args);
    CHECK(run.exit_code == c.exit_code);
    CHECK(run.out.empty());
    for (const std::string& part : c.stderr_has) {
      CAPTURE(part, run.err);
      CHECK(Has(run.err, part));
    }
  }
}

TEST_CASE("bylaw eval names the line and column where facts stop being JSON") {
  const std::string path = std::string(BYLAW_TMP) + "/verbs_not_json.json";
  {
    std::ofstream f(path);
    f << "{\n  \"as_of\": \"2024-06-01\",\n  \"shop\": {\"id\": \"S1\" \"grade\": \"B\"}\n}\n";
  }
  Run run = Bylaw("eval " + kShop + " --decision permit --facts " + path);
  CHECK(run.exit_code == 1);
  CAPTURE(run.err);
  CHECK(Has(run.err, "bylaw eval: facts_not_json: the facts are not valid JSON at line 3, column 23: "));
  std::remove(path.c_str());
}

TEST_CASE("bylaw eval --batch writes one result a line, bad lines included") {
  Run run = Bylaw("eval " + kShop + " --decision permit --batch " + kShop +
                  "/batch.jsonl");
  CHECK(run.exit_code == 1);  // two lines were bad
  CHECK(Has(run.err, "2 of 4 line(s) could not be evaluated"));
  std::vector<std::string> lines = Lines(run.out);
  REQUIRE(lines.size() == 4);
  json first = json::parse(lines[0]);
  CHECK(first["outputs"]["allowed"] == true);  // class A: the except holds
  json second = json::parse(lines[1]);
  CHECK(second["line"] == 2);
  CHECK(second["error"]["code"] == "facts_invalid");
  CHECK(Has(second["error"]["message"].get<std::string>(), "$.shop.open"));
  json third = json::parse(lines[2]);
  CHECK(third["line"] == 3);
  CHECK(third["error"]["code"] == "facts_not_json");
  // The batch gives the line, the message the column in it.
  CHECK(third["error"]["message"].get<std::string>().rfind(
            "the facts are not valid JSON at column 2: ", 0) == 0);
  json fourth = json::parse(lines[3]);
  CHECK(fourth["errors"][0]["code"] == "MISSING_FACT");
  CHECK(fourth["outputs"]["allowed"] == false);

  // Each batch line is what a single evaluation of that line prints.
  const std::string one = std::string(BYLAW_TMP) + "/verbs_line1.json";
  {
    std::ofstream f(one);
    f << Lines(Slurp(kShop + "/batch.jsonl"))[0];
  }
  Run single = Bylaw("eval " + kShop + " --decision permit --facts " + one);
  CHECK(json::parse(single.out) == first);
  std::remove(one.c_str());
}

TEST_CASE("bylaw explain shows steps with labels, basis and source") {
  Run run = Bylaw("explain " + kShop + " --decision permit --facts " + kShop +
                  "/good.json");
  REQUIRE(run.exit_code == 0);
  CHECK(Has(run.out, "decision shop.permit 「能否许可」"));
  CHECK(Has(run.out, "allowed = false"));
  CHECK(Has(run.out, "rule shop.enough_staff 「人员不少于两人」: stands against"));
  CHECK(Has(run.out, "reason: TOO_FEW_STAFF 人员不足"));
  CHECK(Has(run.out, "basis: 测试条例第二条"));
  CHECK(Has(run.out, "shop/shop.bylaw:33"));
  CHECK(Has(run.out, "table shop.frequency 「年度检查次数」: matched row"));
  CHECK(Has(run.out, "row shop.frequency#mid"));
  CHECK(Has(run.out, "$.shop.staff"));

  // Class A: the rule is violated but suspended by its except.
  Run excepted = Bylaw("explain " + kShop + " --decision permit --facts " +
                       kShop + "/class_a.json");
  REQUIRE(excepted.exit_code == 0);
  CHECK(Has(excepted.out, "「人员不少于两人」: violated, but suspended by an except"));

  Run bad = Bylaw("explain " + kShop + " --decision permit --facts " + kShop +
                  "/bad.json");
  CHECK(bad.exit_code == 1);
  CHECK(Has(bad.err, "$.shop.open"));
}

// Issue 12, finding 3: decimals are exact from the JSON text (and the rule
// file) to the comparison and back out; never through a double.
TEST_CASE("decimals stay exact through test blocks, facts, params and results") {
  const std::string dir = kCases + "/decimals";
  Run tests = Bylaw("test " + dir);
  CHECK(tests.exit_code == 0);
  CHECK(LastLine(tests.out) == "4 passed, 0 failed");

  // 17 significant digits: a double cannot tell the two apart.
  Run run = Bylaw("eval " + dir + " --decision compare --facts " + dir + "/close.json");
  REQUIRE(run.exit_code == 0);
  CHECK(Has(run.out, "\"a\": 12345678901.123455,"));
  CHECK(Has(run.out, "\"ge\": false"));
  CHECK(Has(run.out, "\"sum\": 24691357802.246911"));
  CHECK(json::parse(run.out)["errors"].empty());
  // Their product (about 1.5e20) overflows the range: it fails closed.
  Run product = Bylaw("eval " + dir + " --decision multiply --facts " + dir + "/close.json");
  REQUIRE(product.exit_code == 0);
  json doc = json::parse(product.out);
  CHECK(doc["outputs"]["product"].is_null());
  CHECK(doc["complete"] == false);
  REQUIRE_FALSE(doc["errors"].empty());
  CHECK(doc["errors"][0]["code"] == "ARITHMETIC");
  CHECK(doc["errors"][0]["output"] == "product");

  // At the edge: max * 0.000001 rounds half away from zero to 6 digits,
  // max + 0.000001 overflows.
  Run times = Bylaw("eval " + dir + " --decision multiply --facts " + dir + "/edge.json");
  REQUIRE(times.exit_code == 0);
  CHECK(Has(times.out, "\"product\": 9223372.036855"));
  Run edge = Bylaw("eval " + dir + " --decision compare --facts " + dir + "/edge.json");
  REQUIRE(edge.exit_code == 0);
  CHECK(Has(edge.out, "\"a\": 9223372036854.775807,"));
  CHECK(Has(edge.out, "\"below_ceiling\": true"));
  json e = json::parse(edge.out);
  CHECK(e["outputs"]["sum"].is_null());
  REQUIRE_FALSE(e["errors"].empty());
  CHECK(e["errors"][0]["code"] == "ARITHMETIC");
  CHECK(e["errors"][0]["output"] == "sum");

  // Out of range, too precise, or past every double: facts_invalid naming
  // the path and the limit.
  struct Bad {
    std::string file;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {"huge.json", "$.x.a: decimal 99999999999999999999999 is out of range "
                    "(-9223372036854.775807 to 9223372036854.775807)"},
      {"overflow.json", "$.x.a: number 1e400 is out of range"},
      {"precise.json", "$.x.a: decimal 0.1234567 has more than 6 fractional digits"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.file);
    Run r = Bylaw("eval " + dir + " --decision compare --facts " + dir + "/" + b.file);
    CHECK(r.exit_code == 1);
    CAPTURE(r.err);
    CHECK(Has(r.err, "facts_invalid"));
    CHECK(Has(r.err, b.message));
  }

  // The same numbers through a compiled bundle: the literal and the param
  // travel as exact text.
  const std::string bundle = std::string(BYLAW_TMP) + "/verbs_decimals.json";
  REQUIRE(Bylaw("compile " + dir + " -o " + bundle).exit_code == 0);
  CHECK(Has(Slurp(bundle), "\"9223372036854.775807\""));
  Run again = Bylaw("eval --bundle " + bundle + " --decision decimals.compare --facts " + dir +
                    "/close.json");
  REQUIRE(again.exit_code == 0);
  CHECK(again.out == run.out);
  std::remove(bundle.c_str());
}

TEST_CASE("a decimal literal past the range is a located compile error") {
  Run run = Bylaw("compile " + kCases + "/decimal_range -o " + std::string(BYLAW_TMP) +
                  "/verbs_decimal_range.json");
  CHECK(run.exit_code != 0);
  const std::string all = run.out + run.err;
  CAPTURE(all);
  CHECK(Has(all, "range.bylaw:9:"));
  CHECK(Has(all, ": error[lower_decimal_range]: decimal `99999999999999.5` is "
                 "out of range (-9223372036854.775807 to 9223372036854.775807)"));
  CHECK(Has(all, "^^^^^^^^^^^^^^^^\n"));
  CHECK(Has(all, "help: decimals are exact fixed-point numbers"));
}

TEST_CASE("bylaw test names a scorecard gap as NO_MATCH, not a missing fact") {
  // The band test reads a param, so the gap (scores 30 to 45) is found at
  // run time: the expect reads an output that failed closed.
  Run run = Bylaw("test " + kCases + "/scorecard");
  REQUIRE(run.exit_code == 1);
  CHECK(Has(run.out, "error: NO_MATCH: no band of scorecard `cases.scoring.risk` matches score 40"));
  CHECK_FALSE(Has(run.out, "MISSING_FACT"));
}

namespace {

const std::string kSound = kCases + "/sound";

// `bylaw eval` of a decision of cases/sound on one of its facts files.
json EvalSound(const std::string& decision, const std::string& facts,
               const std::string& flags = "") {
  Run run = Bylaw("eval " + kSound + " --decision " + decision + " --facts " +
                  kSound + "/" + facts + " " + flags);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

// The codes of the errors reported for `output`, in order.
std::vector<std::string> Codes(const json& out, const std::string& output) {
  std::vector<std::string> codes;
  for (const json& e : out["errors"]) {
    if (e["output"] == output) codes.push_back(e["code"]);
  }
  return codes;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("a table with no matching row fails closed with NO_MATCH, partial or not") {
  json one = EvalSound("partial_calls", "one.json");
  CHECK(one["complete"] == true);
  CHECK(one["errors"].empty());
  CHECK(one["outputs"]["whole"] == json({{"v", 10}}));
  CHECK(one["outputs"]["via_def"] == 10);

  json two = EvalSound("partial_calls", "two.json");
  CHECK(two["complete"] == false);
  // Called whole, through a field, of every single-hit policy, through a
  // let and a def, and in a rule's condition: never null, never TYPE_ERROR.
  for (const char* output : {"whole", "field", "first_v", "any_v", "priority_v",
                             "via_let", "via_def", "guard"}) {
    CAPTURE(output);
    CHECK(Codes(two, output) == Strings{"NO_MATCH"});
    CHECK(two["outputs"][output].is_null());
  }
  CHECK(two["outputs"]["kept"] == -1);
  CHECK(Codes(two, "kept") == Strings{"NO_MATCH"});
  for (const json& e : two["errors"]) {
    if (e["output"] != "whole") continue;
    CHECK(e["message"] == "no row of partial table `sound.p` matches (2)");
  }
}

TEST_CASE("a default row applies in every hit policy when no other row matches") {
  json nine = EvalSound("multi_hit", "nine.json");
  const json& o = nine["outputs"];
  CHECK(o["ro"] == json::array({{{"v", 0}}}));
  CHECK(o["co"] == json::array({{{"v", 0}}}));
  CHECK(o["csum"] == 7);
  CHECK(o["cmin"] == 7);
  CHECK(o["cmax"] == 7);
  CHECK(o["ccount"] == 1);
  // No default row and no match: [] and 0, but min and max have no value.
  CHECK(o["ro0"] == json::array());
  CHECK(o["sum0"] == 0);
  CHECK(o["count0"] == 0);
  CHECK(Codes(nine, "min0") == Strings{"NO_MATCH"});
  CHECK(Codes(nine, "max0") == Strings{"NO_MATCH"});
  CHECK(o["min0"].is_null());
  CHECK(nine["errors"].size() == 2);
  CHECK(nine["errors"][0]["message"] == "no row of partial table `sound.min0` matches (9)");

  // A row that matches keeps the default row out.
  json one = EvalSound("multi_hit", "one.json");
  CHECK(one["outputs"]["ro"] == json::array({{{"v", 1}}, {{"v", 2}}}));
  CHECK(one["outputs"]["csum"] == 3);
  CHECK(one["outputs"]["cmin"] == 2);
  CHECK(one["outputs"]["cmax"] == 3);
  CHECK(one["outputs"]["ccount"] == 2);
  CHECK(one["errors"].empty());

  // The trace names the default row.
  json traced = EvalSound("multi_hit", "nine.json", "--trace");
  bool saw_default = false;
  for (const json& e : traced["trace"]) {
    saw_default = saw_default || (e["kind"] == "table" && e["id"] == "sound.csum" &&
                                  e["detail"] == "default" &&
                                  e["rows"] == json::array({"sound.csum#other"}));
  }
  CHECK(saw_default);
}

TEST_CASE("a decision calls a decision: its outputs, fallbacks, errors and trace") {
  REQUIRE(Bylaw("check " + kSound + "/sound.bylaw").exit_code == 0);
  json one = EvalSound("outer", "one.json");
  CHECK(one["outputs"] == json({{"twice_plus", 3}, {"looked", 10}, {"strict_looked", 10}}));
  CHECK(one["errors"].empty());
  CHECK(one["complete"] == true);

  json two = EvalSound("outer", "two.json", "--trace");
  CHECK(two["outputs"] == json({{"twice_plus", 5}, {"looked", 0}, {"strict_looked", -1}}));
  CHECK(two["complete"] == true);
  // `base.looked` fell back inside each call of `base`: reported in the
  // caller too, on each output that called it, marked `within`.
  CHECK(Codes(two, "twice_plus") == Strings{"NO_MATCH"});
  CHECK(Codes(two, "looked") == Strings{"NO_MATCH"});
  // `strict.looked` has no fallback: the call fails, the caller falls back.
  CHECK(Codes(two, "strict_looked") == Strings{"NO_MATCH"});
  for (const json& e : two["errors"]) {
    CAPTURE(e);
    if (e["output"] == "strict_looked") {
      CHECK_FALSE(e.contains("within"));
      CHECK(e["message"] ==
            "output `looked` of decision `sound.strict`: no row of partial table `sound.p` "
            "matches (2)");
    } else {
      CHECK(e["within"] == "sound.base#looked");
      CHECK(Has(e["message"].get<std::string>(), "output `looked` of decision `sound.base`: "));
    }
  }
  bool saw_inner = false;
  for (const json& e : two["trace"]) {
    saw_inner = saw_inner || (e["kind"] == "output" && e["id"] == "sound.base#looked" &&
                              e["detail"] == "else 0");
  }
  CHECK(saw_inner);

  // Compiled to a bundle like any other call.
  const std::string bundle = std::string(BYLAW_TMP) + "/verbs_sound.json";
  CHECK(Bylaw("compile " + kSound + " -o " + bundle).exit_code == 0);
  std::remove(bundle.c_str());
}

TEST_CASE("expect fails asserts the error code of a failure") {
  Run ok = Bylaw("test " + kSound + "/sound.bylaw");
  INFO(ok.out);
  CHECK(ok.exit_code == 0);
  CHECK(LastLine(ok.out) == "4 passed, 0 failed");

  Run run = Bylaw("test " + kSound);
  CHECK(run.exit_code == 1);
  CHECK(LastLine(run.out) == "4 passed, 3 failed");
  CHECK(Has(run.out, "failing.bylaw:7:3: FAIL \"期望失败却成功\""));
  CHECK(Has(run.out, "expected it to fail with NO_MATCH, but it succeeded: {v: 10}"));
  CHECK(Has(run.out, "expected it to fail with NO_MATCH, but it failed with MISSING_FACT"));
  // Naming a code in a string is no longer a way to pass a test that
  // fails closed, and comparing literals is flagged by the checker.
  CHECK(Has(run.out, "no `expect fails` names an error code"));
  CHECK(Has(run.out, "`expect fails base(Case { n: 2 }) with NO_MATCH`"));
  Run checked = Bylaw("check " + kSound);
  CHECK(checked.exit_code == 0);
  CHECK(Has(checked.err + checked.out, "failing.bylaw:19:10: warning[constant_expect]"));
}

namespace {

// Writes `text` as DIR/NAME under the test's temporary directory; returns
// the directory.
std::string WriteRuleset(const std::string& dir_name, const std::string& text) {
  const std::string dir = std::string(BYLAW_TMP) + "/" + dir_name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/p.bylaw") << text;
  return dir;
}

// docs/language.md, "Params": "`bylaw check --summary` lists unverified params".
TEST_CASE("bylaw check --summary lists unverified params") {
  const std::string dir = WriteRuleset(
      "summary_unverified",
      "ruleset p\n  level municipal\n\n"
      "param checked \"已核实\": int = 1\n  basis \"b\"\n\n"
      "param guessed \"未核实比例\": percent = 5%\n  unverified\n  basis \"b\"\n\n"
      "param dated: int {\n  from 2025-01-01 = 2\n  from 2026-01-01 = 3 unverified\n}\n");
  Run run = Bylaw("check --summary " + dir);
  INFO(run.out << run.err);
  CHECK(Has(run.out, "unverified param guessed \"未核实比例\": " + dir + "/p.bylaw:7"));
  CHECK(Has(run.out, "unverified param dated: " + dir + "/p.bylaw:11"));
  CHECK(!Has(run.out, "unverified param checked"));
}

// docs/language.md, "Effective dates": "A `trial` status is shown in every
// result".
TEST_CASE("bylaw eval shows a trial ruleset's status in the result") {
  const std::string body =
      "\nfacts F {\n  i: int\n}\n\n"
      "decision d (x: F) {\n  output o = x.i + 1\n}\n";
  const std::string trial =
      WriteRuleset("eval_trial", "ruleset p\n  level municipal\n  status trial\n" + body);
  const std::string in_force =
      WriteRuleset("eval_in_force", "ruleset p\n  level municipal\n" + body);
  const std::string facts = std::string(BYLAW_TMP) + "/eval_trial_facts.json";
  std::ofstream(facts) << R"({"as_of": "2025-07-01", "x": {"i": 1}})";
  Run t = Bylaw("eval " + trial + " --decision d --facts " + facts);
  REQUIRE(t.exit_code == 0);
  CHECK(json::parse(t.out)["trial"] == true);
  Run f = Bylaw("eval " + in_force + " --decision d --facts " + facts);
  REQUIRE(f.exit_code == 0);
  CHECK(!json::parse(f.out).contains("trial"));
}

}  // namespace

TEST_CASE("bylaw test --format json and junit report each test") {
  Run run = Bylaw("test --format json " + kShop);
  CHECK(run.exit_code == 1);
  json doc = json::parse(run.out);
  CHECK(doc["passed"] == 4);
  CHECK(doc["failed"] == 3);
  REQUIRE(doc["tests"].size() == 7);
  int failing = 0;
  for (const json& t : doc["tests"]) {
    if (t["title"] == "期望值错误") {
      ++failing;
      CHECK(t["passed"] == false);
      CHECK(Has(t["file"].get<std::string>(), "failing.bylaw"));
      CHECK(t["line"] == 5);  // the test block; its output cites the expect (7:3)
      CHECK(Has(t["output"].get<std::string>(), "left:  2"));
      CHECK(Has(t["output"].get<std::string>(), "failing.bylaw:7:3"));
    }
    if (t["passed"] == true) CHECK(t["output"] == "");
  }
  CHECK(failing == 1);

  Run junit = Bylaw("test --format junit " + kShop);
  CHECK(junit.exit_code == 1);
  CHECK(Has(junit.out, "<testsuites tests=\"7\" failures=\"3\">"));
  std::size_t cases = 0, failures = 0;
  for (std::size_t at = junit.out.find("<testcase "); at != std::string::npos;
       at = junit.out.find("<testcase ", at + 1)) {
    ++cases;
  }
  for (std::size_t at = junit.out.find("<failure "); at != std::string::npos;
       at = junit.out.find("<failure ", at + 1)) {
    ++failures;
  }
  CHECK(cases == 7);
  CHECK(failures == 3);
  CHECK(Has(junit.out, "right: 3"));

  CHECK(Bylaw("test --format yaml " + kShop).exit_code == 2);
}

TEST_CASE("bylaw eval --batch skips blank lines and keeps their numbers") {
  const std::string path = std::string(BYLAW_TMP) + "/verbs_blank.jsonl";
  const std::string good = Lines(Slurp(kShop + "/batch.jsonl"))[0];
  {
    std::ofstream f(path);
    f << good << "\n\n   \n" << good << "\nnot json\n\n";
  }
  Run run = Bylaw("eval " + kShop + " --decision permit --batch " + path);
  CHECK(run.exit_code == 1);  // the one bad line
  std::vector<std::string> lines = Lines(run.out);
  REQUIRE(lines.size() == 3);
  CHECK(json::parse(lines[0]) == json::parse(lines[1]));
  CHECK(json::parse(lines[2])["line"] == 5);
  CHECK(Has(run.err, "1 of 6 line(s) could not be evaluated"));
  std::remove(path.c_str());
}

// An enum member named `none` (issue 16's `Harm`): bare where the enum is
// expected, `Harm.none` anywhere, and distinct from a missing optional.
TEST_CASE("a member named none is the member, qualified or bare, and never a missing value") {
  const std::string dir = kCases + "/none_member";
  Run tests = Bylaw("test " + dir);
  CHECK(tests.exit_code == 0);
  CHECK(LastLine(tests.out) == "1 passed, 0 failed");

  Run member = Bylaw("eval " + dir + " --decision harmless --facts " + dir + "/reported_none.json");
  REQUIRE(member.exit_code == 0);
  json told = json::parse(member.out)["outputs"];
  CHECK(told["bare"] == true);
  CHECK(told["qualified"] == true);
  CHECK(told["reported_none"] == true);
  CHECK(told["reported_missing"] == false);

  Run missing =
      Bylaw("eval " + dir + " --decision harmless --facts " + dir + "/reported_null.json");
  REQUIRE(missing.exit_code == 0);
  json absent = json::parse(missing.out)["outputs"];
  CHECK(absent["qualified"] == false);
  CHECK(absent["reported_none"] == false);
  CHECK(absent["reported_missing"] == true);
}

// The batch is read in blocks of whole lines evaluated on several threads:
// whatever the threads, the bytes written are those of the one-thread run,
// in input order, with each bad line's own number, across block boundaries
// (a block is 256 KiB), a line longer than a block, CRLF endings, blank
// lines and a last line without its newline.
TEST_CASE("bylaw eval --batch writes the same bytes on any number of threads") {
  const std::string path = std::string(BYLAW_TMP) + "/verbs_threads.jsonl";
  const std::vector<std::string> docs = Lines(Slurp(kShop + "/batch.jsonl"));
  REQUIRE(docs.size() == 4);
  std::vector<std::size_t> bad_lines;  // 1-based, as the errors give them
  std::size_t lines = 0, evaluated = 0;
  {
    std::ofstream f(path, std::ios::binary);
    for (std::size_t i = 0; i < 12'000; ++i) {
      const std::string& doc = docs[i % docs.size()];
      ++lines;
      if (i % 997 == 5) {  // blank, sometimes with CRLF
        f << (i % 2 ? "  \r\n" : "\n");
        continue;
      }
      if (i == 6'000) {  // one line longer than a block: spaces inside the JSON
        f << "{\"as_of\": \"2024-06-01\"," << std::string(300'000, ' ')
          << docs[0].substr(docs[0].find("\"shop\"")) << "\n";
        ++evaluated;
        continue;
      }
      if (i % 4 == 1 || i % 4 == 2) bad_lines.push_back(lines);
      ++evaluated;
      f << doc << (i % 3 == 0 ? "\r\n" : "\n");
    }
    ++lines;
    ++evaluated;
    f << docs[3];  // no final newline
  }
  Run one = Bylaw("eval " + kShop + " --decision permit --threads 1 --batch " + path);
  CHECK(one.exit_code == 1);
  CHECK(Has(one.err, std::to_string(bad_lines.size()) + " of " + std::to_string(lines) +
                         " line(s) could not be evaluated"));
  const std::vector<std::string> out = Lines(one.out);
  REQUIRE(out.size() == evaluated);
  std::vector<std::size_t> numbered;
  for (const std::string& line : out) {
    json j = json::parse(line);
    if (j.contains("line")) numbered.push_back(j["line"].get<std::size_t>());
  }
  CHECK(numbered == bad_lines);
  CHECK(json::parse(out.back())["errors"][0]["code"] == "MISSING_FACT");
  for (const char* threads : {"2", "3", "8"}) {
    CAPTURE(threads);
    Run many = Bylaw("eval " + kShop + " --decision permit --threads " + std::string(threads) +
                     " --batch " + path);
    CHECK(many.exit_code == one.exit_code);
    CHECK(many.err == one.err);
    CHECK(many.out == one.out);  // CHECK, not REQUIRE: a diff of megabytes is not printed twice
  }
  // Standard input, read in the same blocks.
  Run piped = Bylaw("eval " + kShop + " --decision permit --threads 2 --batch - < " + path);
  CHECK(piped.out == one.out);
  std::remove(path.c_str());
}
