// The booklet (bylaw/booklet/booklet.h): its figures are the decisions'
// own answers, evaluated here directly on facts written out by hand; a rule
// changed in a copy of the rulesets changes the page; an unknown industry
// or region is an error that lists the known ones; every text is escaped.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/base/civil_date.h"
#include "bylaw/booklet/booklet.h"
#include "bylaw/runtime.h"
#include "temp_dir.h"

namespace booklet = bylaw::booklet;
namespace rt = bylaw::runtime;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kAsOf = "2025-07-01";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

using bylaw::testing::TempDir;

struct Rules {
  std::string bundle;
  std::shared_ptr<const rt::Rulebook> book;
};

// `bylaw compile ROOT/nantong --root ROOT`, loaded.
Rules Compile(const std::string& root, const std::string& out_dir) {
  const std::string out = out_dir + "/bundle.json";
  const std::string cmd = std::string("'") + BYLAW_CLI + "' compile '" + root + "/nantong' --root '" + root + "' -o '" +
                          out + "' > '" + out + ".log' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("bylaw compile failed: " + ReadFile(out + ".log"));
  Rules r;
  r.bundle = ReadFile(out);
  auto book = rt::LoadBundle(r.bundle);
  if (!book.ok()) throw std::runtime_error(book.error().ToString());
  r.book = *book;
  return r;
}

const Rules& Shipped() {
  static TempDir dir("shipped");
  static const Rules rules = Compile(std::string(BYLAW_SOURCE_DIR) + "/rulesets", dir.path());
  return rules;
}

booklet::Booklet Build(const Rules& rules, const std::string& industry, const std::string& region = "") {
  auto b = booklet::BuildBooklet(*rules.book, rules.bundle, {industry, region, kAsOf});
  if (!b.ok()) FAIL(b.error().ToString());
  return *b;
}

// The enterprise of docs/rulesets/contract.md, every field written out.
json Enterprise(const std::string& industry, const std::string& region, const std::string& credit) {
  return json{{"id", "91320623MA1XXXXXXX"}, {"name", "如东某餐饮有限公司"}, {"region", region},
              {"industry", industry}, {"high_risk_sector", false}, {"safety_standardization_grade", "none"},
              {"credit_class", credit}, {"food_risk_grade", nullptr}, {"serious_dishonesty_listed", false},
              {"credit_commitment", false}, {"whitelisted", false}, {"key_places", json::array()},
              {"new_business_form", false}, {"penalties", json::array()}};
}

json Outputs(const Rules& rules, const std::string& decision, const json& facts) {
  auto text = rules.book->EvaluateJson(decision, facts.dump());
  if (!text.ok()) throw std::runtime_error(text.error().ToString());
  json result = json::parse(*text);
  REQUIRE(result["errors"].empty());
  return result["outputs"];
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("every frequency figure of the catering booklet is frequency's own answer") {
  const Rules& rules = Shipped();
  const booklet::Booklet b = Build(rules, "catering");
  const std::string html = booklet::RenderBookletHtml(b);
  REQUIRE(!b.grids.empty());
  int checked = 0;
  bool saw_rudong_group = false;
  for (const booklet::FrequencyGrid& g : b.grids) {
    REQUIRE(g.cells.size() == g.rows.size());
    for (const booklet::Member& region : g.regions) {
      saw_rudong_group = saw_rudong_group || (region.name == "rudong" && g.regions.size() == 1);
      for (const auto& row : g.cells) {
        REQUIRE(row.size() == g.columns.size());
        for (const booklet::FrequencyCell& cell : row) {
          json e = Enterprise("catering", region.name, cell.credit_class);
          for (const auto& [field, value] : g.given) e[field] = json::parse(value);
          for (const auto& [field, value] : cell.axes) e[field] = json::parse(value);
          const json out = Outputs(rules, "frequency", json{{"as_of", kAsOf}, {"enterprise", e}, {"inspection", {{"matter", g.matter}}}});
          INFO(g.matter << " " << region.name << " " << cell.credit_class << " " << cell.text);
          CHECK(out["min_per_year"] == cell.min);
          CHECK(out["max_per_year"] == (cell.max ? json(*cell.max) : json(nullptr)));
          CHECK(out["sampling_ratio"] == (cell.ratio ? json(*cell.ratio) : json(nullptr)));
          CHECK(out["exempt_unless_triggered"] == cell.exempt);
          CHECK(out["key"] == cell.key);
          CHECK(Contains(html, "<td class=\"figure\">" + cell.text + "</td>"));
          ++checked;
        }
      }
    }
  }
  // Catering: food risk grades A-D are the food matter's columns, and
  // Rudong's caps (B4) make its grid a group of its own.
  CHECK(checked > 100);
  CHECK(saw_rudong_group);
  bool food = false;
  for (const booklet::FrequencyGrid& g : b.grids) {
    if (g.matter == "food_safety_routine") {
      food = true;
      CHECK(g.columns.size() == 4);
    }
  }
  CHECK(food);
}

TEST_CASE("the time limits and credit repair dates are the decisions' own answers") {
  const Rules& rules = Shipped();
  const booklet::Booklet b = Build(rules, "catering");
  REQUIRE(!b.time_limits.empty());
  auto violation = [&](const std::string& committed, const std::string& harm, bool life) {
    return json{{"matter", b.conduct_matter}, {"department", "market"}, {"committed_on", committed}, {"ended_on", nullptr},
                {"discovered_on", kAsOf}, {"minor", false}, {"harm", harm}, {"corrected_in_time", false},
                {"first_offence", false}, {"no_fault_proven", false}, {"life_health_or_financial", life},
                {"already_fined_by", json::array()}};
  };
  auto barred = [&](const json& v) {
    const json out = Outputs(rules, "penalty", json{{"as_of", kAsOf}, {"enterprise", Enterprise("catering", "chongchuan", "B")}, {"violation", v}});
    for (const json& r : out["reasons"]) {
      if (r["code"] == "TIME_BARRED") return true;
    }
    return false;
  };
  int checked = 0;
  for (const std::string harm : {"none", "minor", "serious"}) {
    for (bool life : {false, true}) {
      for (const booklet::TimeLimitRow& row : b.time_limits) {
        const bool harm_matches = Contains(row.situation, harm == "none" ? "没有造成危害后果" : harm == "minor" ? "危害后果轻微" : "危害后果较重");
        const bool life_matches = Contains(row.situation, std::string("涉及公民生命健康安全、金融安全：") + (life ? "是" : "否"));
        if (!harm_matches || !life_matches) continue;
        REQUIRE(row.barred_on_or_before);
        auto day = rt::ParseDate(*row.barred_on_or_before);
        REQUIRE(day.ok());
        const std::string next = bylaw::base::FormatDate(*day + 1);
        INFO(row.situation);
        CHECK(barred(violation(*row.barred_on_or_before, harm, life)));
        CHECK_FALSE(barred(violation(next, harm, life)));
        ++checked;
      }
    }
  }
  CHECK(checked == 6);

  REQUIRE(!b.repairs.empty());
  for (const booklet::RepairRow& r : b.repairs) {
    json e = Enterprise("catering", "chongchuan", "B");
    e["penalties"] = json::array({json{{"domain", r.domain.name}, {"public_since", kAsOf}, {"corrected", true}, {"serious", r.serious}}});
    const json out = Outputs(rules, "credit_repair", json{{"as_of", kAsOf}, {"enterprise", e}, {"inspection", {{"matter", b.conduct_matter}}}});
    CHECK(out["eligible_from"] == (r.eligible_from ? json(*r.eligible_from) : json(nullptr)));
  }
}

TEST_CASE("the inspection and penalty rows are may_inspect's and penalty's answers") {
  const Rules& rules = Shipped();
  const booklet::Booklet b = Build(rules, "catering");
  CHECK(b.conduct_baseline.proceed);
  // Each reason the page gives is the rule the decision names, with its
  // message; the certificate row is the one where the enterprise may refuse.
  bool refuse = false;
  for (const booklet::ConductRow& r : b.conduct) {
    CHECK_FALSE(r.reasons.empty());
    if (r.may_refuse) {
      refuse = true;
      CHECK(r.reasons.front().code == "CERTIFICATE_NOT_SHOWN");
    }
  }
  CHECK(refuse);
  std::vector<std::string> codes;
  for (const booklet::PenaltyRow& r : b.penalties) {
    REQUIRE(r.reasons.size() == 1);
    codes.push_back(r.reasons.front().code);
  }
  for (const char* code : {"NO_FAULT", "FIRST_OFFENCE_MINOR", "NO_HARM_CORRECTED", "ALREADY_FINED"}) {
    CHECK(std::find(codes.begin(), codes.end(), code) != codes.end());
  }
  // The first-offence row, evaluated directly.
  json v = {{"matter", b.conduct_matter}, {"department", "market"}, {"committed_on", "2025-05-02"}, {"ended_on", nullptr},
            {"discovered_on", kAsOf}, {"minor", false}, {"harm", "minor"}, {"corrected_in_time", true},
            {"first_offence", true}, {"no_fault_proven", false}, {"life_health_or_financial", false},
            {"already_fined_by", json::array()}};
  const json out = Outputs(rules, "penalty", json{{"as_of", kAsOf}, {"enterprise", Enterprise("catering", "chongchuan", "B")}, {"violation", v}});
  for (const booklet::PenaltyRow& r : b.penalties) {
    if (r.reasons.front().code != "FIRST_OFFENCE_MINOR") continue;
    CHECK(out["penalty"] == r.outcome.name);
    CHECK(out["fine_allowed"] == r.fine_allowed);
    REQUIRE(out["measures"].size() == r.measures.size());
    for (std::size_t i = 0; i < r.measures.size(); ++i) CHECK(out["measures"][i]["kind"] == r.measures[i].kind.name);
  }
}

TEST_CASE("a rule changed in a copy of the rulesets changes the booklet") {
  TempDir dir("changed");
  const std::string root = dir.path() + "/rulesets";
  fs::copy(std::string(BYLAW_SOURCE_DIR) + "/rulesets", root, fs::copy_options::recursive);
  auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
    std::string text = ReadFile(root + "/" + file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(root + "/" + file, std::ios::binary) << text;
  };
  // The C-grade food row's cap, the class-A exemption, which credit classes
  // the commitment track serves, and a label with markup in it.
  edit("national/credit.bylaw", "| C     || 2            | 3  ", "| C     || 2            | 5  ");
  edit("national/credit.bylaw", "param class_a_exempt \"A类企业无事不扰\": bool = true", "param class_a_exempt \"A类企业无事不扰\": bool = false");
  edit("nantong/supervision.bylaw", "set<CreditClass> = {A, B}", "set<CreditClass> = {C}");
  edit("nantong/vocabulary.bylaw", "catering \"餐饮服务\"", "catering \"餐饮<服务>&\"");
  TempDir out("changed-bundle");
  const Rules changed = Compile(root, out.path());

  const std::string before = booklet::RenderBookletHtml(Build(Shipped(), "catering"));
  const std::string after = booklet::RenderBookletHtml(Build(changed, "catering"));
  CHECK(Contains(before, ">每年2–3次<"));
  CHECK_FALSE(Contains(after, ">每年2–3次<"));
  CHECK(Contains(after, ">每年2–5次<"));
  // Class A is no longer a track, nor exempt in the grid (it is now the
  // baseline: the first class no matter exempts).
  CHECK(Contains(before, "<h3>当企业信用风险分类：信用风险低时</h3>"));
  CHECK_FALSE(Contains(after, "<h3>当企业信用风险分类：信用风险低时</h3>"));
  CHECK(Contains(before, ">抽查比例5%；无触发不主动检查<"));
  CHECK(Contains(after, ">抽查比例5%<"));
  // The commitment track serves class C only now: the baseline
  // enterprise's commitment no longer exempts it.
  CHECK(Contains(before, "<h3>当作出信用承诺：是时</h3>"));
  CHECK_FALSE(Contains(after, "<h3>当作出信用承诺：是时</h3>"));
  CHECK(Contains(before, "<h3>当列入白名单：是时</h3>"));
  CHECK(Contains(after, "<h3>当列入白名单：是时</h3>"));
  // The label is escaped wherever it appears.
  CHECK(Contains(after, "餐饮&lt;服务&gt;&amp;"));
  CHECK_FALSE(Contains(after, "<服务>"));
}

TEST_CASE("an unknown industry or region is an error that lists the known ones") {
  const Rules& rules = Shipped();
  auto bad = booklet::BuildBooklet(*rules.book, rules.bundle, {"bakery", "", kAsOf});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == booklet::kUnknownIndustry);
  CHECK(Contains(bad.error().message, "`bakery`"));
  auto known = booklet::Industries(rules.bundle);
  REQUIRE(known.ok());
  CHECK(known->size() == 14);
  for (const booklet::Member& m : *known) CHECK(Contains(bad.error().message, m.name + " (" + m.label + ")"));

  auto region = booklet::BuildBooklet(*rules.book, rules.bundle, {"catering", "suzhou", kAsOf});
  REQUIRE_FALSE(region.ok());
  CHECK(region.error().code == booklet::kUnknownRegion);
  CHECK(Contains(region.error().message, "rudong (如东县)"));

  auto date = booklet::BuildBooklet(*rules.book, rules.bundle, {"catering", "", "2025-13-01"});
  REQUIRE_FALSE(date.ok());
  CHECK(date.error().code == booklet::kBadInput);
}

TEST_CASE("one region's booklet shows that region's figures only") {
  const Rules& rules = Shipped();
  const booklet::Booklet rudong = Build(rules, "catering", "rudong");
  REQUIRE(rudong.region);
  for (const booklet::FrequencyGrid& g : rudong.grids) {
    REQUIRE(g.regions.size() == 1);
    CHECK(g.regions.front().name == "rudong");
  }
  const std::string html = booklet::RenderBookletHtml(rudong);
  CHECK(Contains(html, "地区：如东县"));
  CHECK(Count(html, "<table class=\"grid\"") == rudong.grids.size());
  // The same booklet renders to the same bytes.
  CHECK(html == booklet::RenderBookletHtml(Build(rules, "catering", "rudong")));
}

namespace bylaw::booklet_test_v1 {
namespace {

// The booklet reads the bundle through its typed reader, so a bundle of
// the previous format gets the reader's advice, not a booklet built from
// misread types.
TEST_CASE("a version-1 bundle is refused with advice to recompile") {
  std::ifstream in(std::string(BYLAW_SOURCE_DIR) + "/tests/runtime/fixtures/format_v1.json");
  std::stringstream text;
  text << in.rdbuf();
  REQUIRE(nlohmann::json::parse(text.str())["format_version"] == 1);
  auto industries = booklet::Industries(text.str());
  REQUIRE_FALSE(industries.ok());
  CHECK(industries.error().code == booklet::kBadRules);
  CHECK(industries.error().message.find("recompile the rules with `bylaw compile`") !=
        std::string::npos);
}

}  // namespace
}  // namespace bylaw::booklet_test_v1
