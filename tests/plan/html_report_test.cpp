// report.html (bylaw/plan/html_report.h): the page is well-formed, shows the
// summary's figures, escapes every text it takes from the summary, fetches
// and runs nothing, survives a summary with sections missing, is the same
// bytes for the same summary, and is written atomically.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "bylaw/plan/html_report.h"
#include "plan_writer.h"
#include "temp_dir.h"
#include "visit_lists.h"

namespace plan = bylaw::plan;
using nlohmann::json;

namespace {

// summary.json as the planner writes it (plan_summary.cpp, SummaryJson).
json FullSummary() {
  return json::parse(R"json({
    "format_version": 1, "year": 2026, "seed": "nantong-2026-published", "as_of": "2026-01-01",
    "bundle_hash": "sha256:0123abcd", "rulesets": ["national", "jiangsu", "nantong", "nantong.contract"],
    "shards": 1,
    "enterprises": {"read": 1250000, "planned": 1249990, "bad_rows_skipped": 10,
                    "with_visits": 1200000, "without_visits": 49990},
    "occurrences": 650, "visits_separate": 734, "visits_merged": 512, "reduction_percent": "30.2",
    "visits_by_method": {"on_site": 400, "joint": 90, "remote": 22},
    "delegated": {"total": 17, "by_matter": [
      {"matter": "market_general", "from": "market", "to": "housing", "count": 17}]},
    "departments": [
      {"department": "market", "separate": 301, "merged": 255, "leads": 200, "joins": 55},
      {"department": "fire", "separate": 300, "merged": 302, "leads": 290, "joins": 12}],
    "quarter_load": [
      {"department": "market", "quarters": [61, 58, 70, 66]},
      {"department": "fire", "quarters": [77, 81, 69, 75]}],
    "samples": [
      {"department": "market", "matter": "market_general", "credit_class": "B", "ratio": "20%",
       "pool": 160, "drawn": 32},
      {"department": "market", "matter": "market_general", "credit_class": "D", "ratio": "100%",
       "pool": 6, "drawn": 6}],
    "exemptions": {"total": 44,
      "by_matter": [{"matter": "market_general", "count": 41}, {"matter": "work_safety", "count": 3}],
      "by_department": [{"department": "market", "count": 41}, {"department": "emergency", "count": 3}],
      "by_matter_department": [{"matter": "market_general", "department": "market", "count": 41}]},
    "inspectors": {"roster": 364, "drawn": 188, "assignments": 1034, "max": 14, "mean": "5.50"},
    "labels": {"matter": {"market_general": "市场主体登记及公示信息双随机抽查"},
               "department": {"market": "市场监管部门", "fire": "消防救援机构"}}
  })json");
}

std::string Render(const json& summary) {
  auto html = plan::RenderHtmlReport(summary.dump());
  if (!html.ok()) FAIL(html.error().ToString());
  return *html;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A small XML-style well-formedness check of the page: every element is
// closed in order (void HTML elements and `/>` excepted), attribute values
// are quoted, text holds no raw `<` or `>`, and `&` starts an entity.
// Returns "" or what is wrong.
std::string WellFormed(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link"};
  std::vector<std::string> open;
  size_t i = 0;
  auto check_text = [&](size_t from, size_t to) -> std::string {
    for (size_t k = from; k < to; ++k) {
      if (html[k] == '>') return "raw '>' in text at " + std::to_string(k);
      if (html[k] == '&') {
        size_t semi = html.find(';', k);
        if (semi == std::string::npos || semi - k > 8) return "bare '&' at " + std::to_string(k);
      }
    }
    return "";
  };
  if (html.rfind("<!DOCTYPE html>", 0) != 0) return "no doctype";
  i = html.find('>') + 1;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string::npos) {
      if (auto e = check_text(i, html.size()); !e.empty()) return e;
      break;
    }
    if (auto e = check_text(i, lt); !e.empty()) return e;
    size_t gt = lt + 1;
    char quote = 0;
    for (; gt < html.size(); ++gt) {
      if (quote) {
        if (html[gt] == quote) quote = 0;
        if (html[gt] == '<') return "raw '<' in an attribute at " + std::to_string(gt);
      } else if (html[gt] == '"' || html[gt] == '\'') {
        quote = html[gt];
      } else if (html[gt] == '<') {
        return "raw '<' at " + std::to_string(lt);
      } else if (html[gt] == '>') {
        break;
      }
    }
    if (gt >= html.size()) return "unterminated tag at " + std::to_string(lt);
    std::string tag = html.substr(lt + 1, gt - lt - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    bool self_closing = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \n/"));
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">";
      }
      open.pop_back();
    } else if (!self_closing && !kVoid.count(name)) {
      open.push_back(name);
    }
    i = gt + 1;
    if (name == "style" && !closing) {  // CSS is raw text up to </style>
      i = html.find("</style>", i);
      if (i == std::string::npos) return "unclosed <style>";
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return "";
}

void RequireSelfContained(const std::string& html) {
  CHECK_FALSE(Contains(html, "<script"));
  CHECK_FALSE(Contains(html, "src="));
  CHECK_FALSE(Contains(html, "href="));
  CHECK_FALSE(Contains(html, "url("));
  CHECK_FALSE(Contains(html, "@import"));
  // The only URL is the SVG namespace, an identifier that is never fetched.
  std::string rest = html;
  size_t at = 0;
  while ((at = rest.find("http", at)) != std::string::npos) {
    CHECK(rest.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
    at += 4;
  }
}

}  // namespace

TEST_CASE("html report: a full summary gives a well-formed page with every figure",
          "[plan][html_report]") {
  std::string html = Render(FullSummary());
  CHECK(WellFormed(html) == "");
  RequireSelfContained(html);
  CHECK(Contains(html, "<meta charset=\"utf-8\">"));
  // Headline.
  CHECK(Contains(html, "2026"));
  CHECK(Contains(html, "nantong-2026-published"));
  CHECK(Contains(html, "national, jiangsu, nantong, nantong.contract"));
  CHECK(Contains(html, ">1,249,990<"));  // planned, grouped by thousands
  CHECK(Contains(html, ">10<"));         // bad rows skipped
  CHECK(Contains(html, ">734<"));
  CHECK(Contains(html, ">512<"));
  CHECK(Contains(html, ">30.2%<"));  // 1 - 512 / 734, as the figures shown
  CHECK(Contains(html, ">17<"));
  CHECK(Contains(html, ">44<"));  // exemptions
  CHECK(Contains(html, ">1,200,000<"));  // with visits
  // Methods, delegations, and the matter labels the summary gives.
  CHECK(Contains(html, ">400</text>"));
  CHECK(Contains(html, ">22</text>"));
  CHECK(Contains(html, "市场主体登记及公示信息双随机抽查 <small class=\"id\">market_general</small>"));
  CHECK(Contains(html, "<td>市场监管部门 <small class=\"id\">market</small></td><td>housing</td><td class=\"n\">17</td>"));
  // Per department, with the labels the summary gives.
  CHECK(Contains(html, "市场监管部门 <small class=\"id\">market</small>"));
  CHECK(Contains(html, ">市场监管部门</text>"));  // charts: the label alone
  CHECK(Contains(html, ">301</text>"));
  CHECK(Contains(html, ">302</text>"));
  // Quarters: each value and the year's total in the table.
  for (const char* q : {">61<", ">58<", ">70<", ">66<", ">255<", ">302<"}) CHECK(Contains(html, q));
  // Samples: pool, ratio as a percentage, drawn.
  CHECK(Contains(html, ">160<"));
  CHECK(Contains(html, ">20%<"));
  CHECK(Contains(html, ">100%<"));
  CHECK(Contains(html, ">32</text>"));
  // Exemptions per matter and inspectors.
  CHECK(Contains(html, ">41</text>"));
  CHECK(Contains(html, ">188<"));
  CHECK(Contains(html, ">364<"));
  CHECK(Contains(html, ">5.5<"));
  for (const char* heading : {"Visits per department", "Visits by method", "Load per quarter",
                              "Double-random samples", "Exemptions", "Delegated matters",
                              "Inspectors"}) {
    CHECK(Contains(html, heading));
  }
}

TEST_CASE("html report: maps keyed by name and fractions are read too", "[plan][html_report]") {
  json summary = {
      {"visits_separate", 10},
      {"visits_merged", 8},
      {"departments", {{"market", {{"separate", 7}, {"merged", 6}}}}},
      {"quarter_load", {{"market", {{"Q1", 1}, {"Q2", 2}, {"Q3", 3}, {"Q4", 4}}}}},
      {"samples", json::array({{{"department", "market"}, {"matter", "market_general"},
                                {"credit_class", "A"}, {"ratio", "0.05"}, {"pool", 40},
                                {"drawn", 2}}})},
      {"exemptions", {{"market_general", 5}}},
  };
  std::string html = Render(summary);
  CHECK(WellFormed(html) == "");
  CHECK(Contains(html, ">20.0%<"));  // reduction computed from the two totals
  CHECK(Contains(html, ">7</text>"));
  CHECK(Contains(html, ">5.0%<"));
  CHECK(Contains(html, ">5</text>"));
  CHECK(Contains(html, "<td class=\"n\">10</td></tr>"));  // the quarters' year total
}

TEST_CASE("html report: bars are proportional to their values", "[plan][html_report]") {
  json summary = {{"quarter_load", {{"market", {100, 50, 25, 0}}}}};
  std::string html = Render(summary);
  auto width_of = [&](const std::string& title) {
    size_t at = html.find("<title>" + title + "</title>");
    REQUIRE(at != std::string::npos);
    size_t rect = html.rfind("<rect", at);
    size_t w = html.find("width=\"", rect) + 7;
    return std::stoi(html.substr(w, html.find('"', w) - w));
  };
  int q1 = width_of("market · Q1: 100");
  CHECK(q1 > 0);
  CHECK(std::abs(width_of("market · Q2: 50") - q1 / 2.0) <= 1);  // rounded to whole pixels
  CHECK(std::abs(width_of("market · Q3: 25") - q1 / 4.0) <= 1);
  CHECK(width_of("market · Q4: 0") == 0);
}

TEST_CASE("html report: every text from the summary is escaped", "[plan][html_report]") {
  json summary = FullSummary();
  summary["seed"] = "<script>alert('x')</script> & \"more\"";
  summary["quarter_load"] = json::array({{{"department", "<b>dept</b>"}, {"quarters", {1, 2, 3, 4}}}});
  summary["labels"]["department"]["market"] = "市场<监管>\"部门\"";
  std::string html = Render(summary);
  CHECK(WellFormed(html) == "");
  RequireSelfContained(html);
  CHECK(Contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"));
  CHECK(Contains(html, "&lt;b&gt;dept&lt;/b&gt;"));
  CHECK(Contains(html, "市场&lt;监管&gt;&quot;部门&quot; <small class=\"id\">market</small>"));
  CHECK_FALSE(Contains(html, "<b>"));
}

TEST_CASE("html report: missing sections are left out, the page stays valid",
          "[plan][html_report]") {
  SECTION("empty summary") {
    std::string html = Render(json::object());
    CHECK(WellFormed(html) == "");
    CHECK_FALSE(Contains(html, "<svg"));
    CHECK_FALSE(Contains(html, "Load per quarter"));
  }
  SECTION("headline only, reduction computed") {
    std::string html = Render({{"year", 2026}, {"visits_separate", 200}, {"visits_merged", 150}});
    CHECK(Contains(html, "<h1>2026年度涉企行政检查计划 <span class=\"en\">Integrated inspection plan 2026</span></h1>"));
    CHECK(WellFormed(html) == "");
    CHECK(Contains(html, ">25.0%<"));
    CHECK_FALSE(Contains(html, "Double-random samples"));
  }
  SECTION("per-department visits fall back to the quarters' sum") {
    std::string html = Render({{"quarter_load", json::array({{{"department", "fire"},
                                                              {"quarters", {1, 2, 3, 4}}}})}});
    CHECK(WellFormed(html) == "");
    CHECK(Contains(html, "Visits per department"));
    CHECK(Contains(html, ">10</text>"));
  }
  SECTION("reduction_percent when the totals are missing") {
    std::string html = Render({{"reduction_percent", "39.0"}});
    CHECK(Contains(html, ">39.0%<"));
  }
  SECTION("odd types are skipped, not fatal") {
    std::string html = Render({{"samples", "none"}, {"exemptions", json::array()},
                               {"inspectors", 3}, {"enterprises", "many"}});
    CHECK(WellFormed(html) == "");
  }
}

TEST_CASE("html report: Chinese first, regions, burden, methods by label, print layout",
          "[plan][html_report]") {
  json summary = FullSummary();
  summary["regions"] = json::parse(R"([
      {"region": "chongchuan", "enterprises": 60, "with_visits": 58, "separate": 103, "merged": 67},
      {"region": "rudong", "enterprises": 30, "with_visits": 30, "separate": 71, "merged": 30}])");
  summary["burden"] = json::parse(R"({
      "separate": [{"visits": 0, "enterprises": 2}, {"visits": 1, "enterprises": 40}, {"visits": 3, "enterprises": 48}],
      "merged": [{"visits": 0, "enterprises": 2}, {"visits": 1, "enterprises": 80}, {"visits": 2, "enterprises": 8}]})");
  summary["labels"]["region"] = {{"chongchuan", "崇川区"}, {"rudong", "如东县"}};
  std::string html = Render(summary);
  CHECK(WellFormed(html) == "");
  RequireSelfContained(html);
  // Headings: Chinese first, English after in small print.
  for (const char* heading : {"各县（市、区）情况 <span class=\"en\">By region</span>",
                              "企业负担 <span class=\"en\">Burden per enterprise</span>",
                              "各部门入企次数 <span class=\"en\">Visits per department</span>",
                              "审批 <span class=\"en\">Approval</span>"}) {
    CAPTURE(heading);
    CHECK(Contains(html, heading));
  }
  // Regions: label, id in small print, the figures, the reduction, a total.
  CHECK(Contains(html, "<tr data-region=\"chongchuan\"><td>崇川区 <small class=\"id\">chongchuan</small></td>"
                       "<td class=\"n\">60</td><td class=\"n\">58</td><td class=\"n\">103</td>"
                       "<td class=\"n\">67</td><td class=\"n\">35.0%</td></tr>"));
  CHECK(Contains(html, "<td class=\"n\">90</td><td class=\"n\">88</td><td class=\"n\">174</td>"
                       "<td class=\"n\">97</td><td class=\"n\">44.3%</td></tr>"));  // 1 - 97/174
  // Burden: one row per number of visits, before and after; a missing
  // count is 0; totals and means (before (40 + 144) / 90, after 96 / 90).
  CHECK(Contains(html, "<tr data-visits=\"1\"><td class=\"n\">1</td><td class=\"n\">40</td><td class=\"n\">80</td></tr>"));
  CHECK(Contains(html, "<tr data-visits=\"2\"><td class=\"n\">2</td><td class=\"n\">0</td><td class=\"n\">8</td></tr>"));
  CHECK(Contains(html, "<tr data-visits=\"3\"><td class=\"n\">3</td><td class=\"n\">48</td><td class=\"n\">0</td></tr>"));
  CHECK(Contains(html, "<td class=\"n\">2.04</td><td class=\"n\">1.07</td>"));
  // Methods by their labels in the charts.
  CHECK(Contains(html, ">现场检查</text>"));
  CHECK(Contains(html, ">联合检查</text>"));
  CHECK(Contains(html, ">非现场检查</text>"));
  // A document number to fill in, with the year, and a print layout.
  CHECK(Contains(html, "文号"));
  CHECK(Contains(html, "〔2026〕"));
  CHECK(Contains(html, "@media print"));
  CHECK(Contains(html, "@page"));
  CHECK(Contains(html, "批准"));
  CHECK(Contains(html, "印章"));
  // Without plan.jsonl there are no visit lists.
  CHECK_FALSE(Contains(html, "各部门检查清单"));
}

namespace {

// A plan.jsonl of `lines` in a fresh file; returns its path.
std::string WritePlan(const std::string& name, const std::vector<std::string>& lines) {
  static const bylaw::testing::TempDir dir("html-report-plan");
  std::ofstream out(dir / name, std::ios::binary);
  for (const std::string& line : lines) out << line << "\n";
  return dir / name;
}

std::string VisitLine(const std::string& code, int quarter, const std::string& lead,
                      const std::vector<std::string>& cooperators, const std::string& method) {
  json v = {{"code", code},
            {"enterprise", {{"id", "E-" + code}, {"name", "南通某某有限公司"}, {"region", "rudong"}}},
            {"quarter", quarter},
            {"slot", 1},
            {"lead", lead},
            {"cooperators", cooperators},
            {"matters", json::array({{{"id", "market_general"}, {"department", lead},
                                      {"delegated_from", "market"}}})},
            {"method", method}};
  return v.dump();
}

// The codes listed in the table of `department` and `quarter`.
std::vector<std::string> Listed(const std::string& html, const std::string& department, int quarter) {
  std::vector<std::string> codes;
  const std::string open = "<table class=\"visits\" data-department=\"" + department +
                           "\" data-quarter=\"" + std::to_string(quarter) + "\">";
  size_t at = html.find(open);
  if (at == std::string::npos) return codes;
  const size_t end = html.find("</table>", at);
  while ((at = html.find("<tr data-code=\"", at)) != std::string::npos && at < end) {
    at += 15;
    codes.push_back(html.substr(at, html.find('"', at) - at));
  }
  return codes;
}

}  // namespace

TEST_CASE("html report: each department's visits by quarter, from plan.jsonl",
          "[plan][html_report]") {
  json summary = FullSummary();
  summary["labels"]["region"] = {{"rudong", "如东县"}};
  const std::string path = WritePlan(
      "plan.jsonl", {VisitLine("2026Q1-A", 1, "fire", {"market"}, "joint"), "",
                     VisitLine("2026Q1-B", 1, "market", {}, "on_site"),
                     VisitLine("2026Q3-C", 3, "fire", {}, "remote")});
  auto rendered = plan::RenderHtmlReport(summary.dump(), path);
  REQUIRE(rendered.ok());
  const std::string& html = *rendered;
  CHECK(WellFormed(html) == "");
  RequireSelfContained(html);
  CHECK(Contains(html, "各部门检查清单（按季度）"));
  // A visit is on the list of its lead and of each cooperator.
  CHECK(Listed(html, "market", 1) == std::vector<std::string>{"2026Q1-A", "2026Q1-B"});
  CHECK(Listed(html, "fire", 1) == std::vector<std::string>{"2026Q1-A"});
  CHECK(Listed(html, "fire", 3) == std::vector<std::string>{"2026Q3-C"});
  CHECK(Listed(html, "fire", 2).empty());
  // Departments in the summary's order: market before fire.
  CHECK(html.find("data-department=\"market\"") < html.find("data-department=\"fire\""));
  // The row: enterprise, region and method by label, the role, the matter
  // by label with its id, on whose behalf.
  CHECK(Contains(html, "<td>南通某某有限公司 <small class=\"id\">E-2026Q1-A</small></td>"
                       "<td>如东县 <small class=\"id\">rudong</small></td>"
                       "<td>联合检查 <small class=\"id\">joint</small></td><td>配合（牵头：消防救援机构）</td>"));
  CHECK(Contains(html, "<td>牵头（配合：市场监管部门）</td>"));
  CHECK(Contains(html, "市场主体登记及公示信息双随机抽查 <small class=\"id\">market_general</small>（受市场监管部门委托）"));
  CHECK(Contains(html, "<td>非现场检查 <small class=\"id\">remote</small></td>"));
  // Quarter headings count the visits.
  CHECK(Contains(html, "第一季度 <span class=\"en\">Q1</span>（2 次）"));
  // The same inputs, the same bytes.
  CHECK(*plan::RenderHtmlReport(summary.dump(), path) == html);
  // An unreadable plan.jsonl is an error, not a page without lists.
  auto missing = plan::RenderHtmlReport(summary.dump(), path + ".missing");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "io_error");
}

TEST_CASE("html report: a department's list stops at 2,000 visits and counts the rest",
          "[plan][html_report]") {
  std::vector<std::string> lines;
  for (int i = 0; i < 2003; ++i) {
    lines.push_back(VisitLine("2026Q2-" + std::to_string(10000 + i), 2, "fire", {}, "on_site"));
  }
  const std::string path = WritePlan("big.jsonl", lines);
  auto html = plan::RenderHtmlReport(FullSummary().dump(), path);
  REQUIRE(html.ok());
  CHECK(Listed(*html, "fire", 2).size() == 2000);
  CHECK(Contains(*html, "第二季度 <span class=\"en\">Q2</span>（2,003 次）"));
  CHECK(Contains(*html, "另有 3 次检查未列出"));
}

TEST_CASE("html report: same summary, same bytes", "[plan][html_report]") {
  CHECK(Render(FullSummary()) == Render(FullSummary()));
}

TEST_CASE("html report: bad input is an error", "[plan][html_report]") {
  for (const char* text : {"", "{\"year\": 2026", "[1, 2]", "nonsense"}) {
    auto html = plan::RenderHtmlReport(text);
    REQUIRE_FALSE(html.ok());
    CHECK(html.error().code == "bad_input");
    CHECK(Contains(html.error().message, "summary.json"));
  }
}

TEST_CASE("html report: written atomically to the path", "[plan][html_report]") {
  namespace fs = std::filesystem;
  const bylaw::testing::TempDir tmp("html-report");
  const fs::path dir = tmp.path();
  std::string path = (dir / "report.html").string();
  std::string summary = FullSummary().dump();
  auto written = plan::WriteHtmlReport(summary, path);
  REQUIRE(written.ok());
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  CHECK(contents.str() == *plan::RenderHtmlReport(summary));
  CHECK_FALSE(fs::exists(path + ".tmp"));

  auto bad = plan::WriteHtmlReport("{", path);
  CHECK(bad.error().code == "bad_input");
  auto unwritable = plan::WriteHtmlReport(summary, (dir / "missing" / "report.html").string());
  REQUIRE_FALSE(unwritable.ok());
  CHECK(unwritable.error().code == "io_error");
  CHECK(Contains(unwritable.error().message, "missing"));
  fs::remove_all(dir);
}

// The planner collects the lists from its visits as it writes them instead
// of reading plan.jsonl back: the same lists, so the same page, past the
// 2,000-visit cap, with delegated matters, cooperators and text that JSON
// escapes.
TEST_CASE("html report: lists collected from the visits equal those read from plan.jsonl",
          "[plan][html_report]") {
  namespace pi = plan::plan_internal;
  const char* const departments[] = {"market", "fire", "emergency", "housing"};
  std::vector<std::string> lines;
  pi::VisitLists collected;
  for (int i = 0; i < 2600; ++i) {
    pi::Visit v;
    v.enterprise_id = "E" + std::to_string(i);
    v.enterprise_name = i % 5 == 0 ? "南通 \"引号\" <&> 公司" : "南通某某有限公司";
    v.region = i % 2 ? "rudong" : "haimen";
    v.quarter = 1 + i % 4;
    v.method = i % 3 ? "on_site" : "joint";
    v.lead = departments[i % 4];
    if (i % 3 == 0) v.cooperators = {departments[(i + 1) % 4]};
    pi::VisitMatter m;
    m.id = i % 2 ? "fire_safety" : "market_general";
    m.department = v.lead;
    if (i % 7 == 0) m.delegated_from = "market";
    v.matters = {m};
    v.code = "2026Q" + std::to_string(v.quarter) + "-" + std::to_string(100000 + i);
    std::string line;
    pi::AppendVisitJson(v, &line);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    lines.push_back(line);
    collected.Add(pi::ListedOf(v));
  }
  pi::VisitLists read;
  REQUIRE(read.Read(WritePlan("collected.jsonl", lines)));
  CHECK(read.bad() == 0);
  REQUIRE(read.visits().size() == collected.visits().size());
  CHECK(read.departments().at("market").total == collected.departments().at("market").total);
  const std::string summary = FullSummary().dump();
  auto from_file = pi::RenderHtmlReportWithLists(summary, &read);
  auto from_visits = pi::RenderHtmlReportWithLists(summary, &collected);
  REQUIRE(from_file.ok());
  REQUIRE(from_visits.ok());
  CHECK(Listed(*from_visits, "market", 1).size() > 0);
  CHECK(*from_file == *from_visits);
}
