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
  CHECK(Contains(html, "市场主体登记及公示信息双随机抽查 (market_general)"));
  CHECK(Contains(html, "<td>市场监管部门 (market)</td><td>housing</td><td class=\"n\">17</td>"));
  // Per department, with the labels the summary gives.
  CHECK(Contains(html, "市场监管部门 (market)"));
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
  CHECK(Contains(html, "市场&lt;监管&gt;&quot;部门&quot; (market)"));
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
    CHECK(Contains(html, "<h1>年度涉企行政检查计划 Integrated inspection plan 2026</h1>"));
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
  fs::path dir = fs::temp_directory_path() / ("bylaw_html_report_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
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
