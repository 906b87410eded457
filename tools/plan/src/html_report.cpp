// Renders summary.json as report.html (bylaw/plan/html_report.h).
//
// The page is assembled as text: the summary's few dozen figures do not
// need a template engine, and writing the SVG by hand keeps the page free of
// scripts and of anything fetched from the network. The reader is lenient
// about shape (a per-department figure may come as {"market": 3} or as
// [{"department": "market", "count": 3}]) because the report must never be
// the reason a finished plan cannot be shown; it is strict about escaping.
#include "bylaw/plan/html_report.h"
#include "bylaw/base/html_text.h"
#include "bylaw/files/atomic_file.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/plan/inputs.h"
#include "visit_lists.h"

namespace bylaw::plan {
namespace {

using nlohmann::json;
using plan_internal::ListedVisit;
using plan_internal::VisitLists;

// The first of `names` that `object` has and is not null.
template <typename Names>
const json* FieldIn(const json& object, const Names& names) {
  if (!object.is_object()) return nullptr;
  for (const char* name : names) {
    auto it = object.find(name);
    if (it != object.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

const json* Field(const json& object, std::initializer_list<const char*> names) {
  return FieldIn(object, names);
}

// A caption and the keys its figure may have in the summary.
struct Captioned {
  const char* caption;
  std::vector<const char*> names;
};

// A number, or a numeric text such as a ratio "0.05" or "5%".
std::optional<double> Number(const json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) return value->get<double>();
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    char* end = nullptr;
    double parsed = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && (*end == '\0' || (*end == '%' && end[1] == '\0'))) {
      return *end == '%' ? parsed / 100 : parsed;
    }
  }
  return std::nullopt;
}

std::string Text(const json* value) {
  if (value == nullptr || value->is_null()) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_array()) {
    std::string joined;
    for (const json& item : *value) {
      if (!joined.empty()) joined += ", ";
      joined += Text(&item);
    }
    return joined;
  }
  return value->dump();
}

// 1234567 -> "1,234,567"; fractions keep one decimal.
std::string FormatCount(double value) {
  char buffer[64];
  if (std::fabs(value - std::round(value)) > 1e-9) {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.0f", std::fabs(value));
  std::string digits = buffer, grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return value < 0 ? "-" + grouped : grouped;
}

std::string FormatPercent(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", fraction * 100);
  return buffer;
}

// A sampling ratio as the rules print it ("5%") or as a fraction (0.05,
// "0.05"), shown as a percentage.
std::string RatioText(const json* value) {
  if (value == nullptr) return "";
  if (value->is_string() && !value->get_ref<const std::string&>().empty() &&
      value->get_ref<const std::string&>().back() == '%') {
    return value->get<std::string>();
  }
  std::optional<double> number = Number(value);
  return number ? FormatPercent(*number) : Text(value);
}

// A named figure list from {"name": number|{...}} or [{"<key>": name, ...}].
struct Named {
  std::string name;
  const json* item;  // the number, or the object holding the figures
};

std::vector<Named> NamedItems(const json* collection, std::initializer_list<const char*> keys) {
  std::vector<Named> items;
  if (collection == nullptr) return items;
  if (collection->is_object()) {
    for (auto it = collection->begin(); it != collection->end(); ++it) {
      items.push_back({it.key(), &it.value()});
    }
  } else if (collection->is_array()) {
    for (const json& entry : *collection) {
      items.push_back({Text(Field(entry, keys)), &entry});
    }
  }
  return items;
}

std::optional<double> Figure(const json* item, std::initializer_list<const char*> names) {
  if (item == nullptr) return std::nullopt;
  if (item->is_number()) return item->get<double>();
  return Number(Field(*item, names));
}

// Four quarters from [q1, q2, q3, q4], {"Q1": n, ...} or {"1": n, ...}.
std::optional<std::vector<double>> Quarters(const json* value) {
  if (value == nullptr) return std::nullopt;
  std::vector<double> quarters;
  if (value->is_array() && value->size() == 4) {
    for (const json& q : *value) quarters.push_back(Number(&q).value_or(0));
    return quarters;
  }
  if (value->is_object()) {
    if (const json* nested = Field(*value, {"quarters", "load", "per_quarter"})) {
      return Quarters(nested);
    }
    static const char* const kNames[4][3] = {
        {"Q1", "q1", "1"}, {"Q2", "q2", "2"}, {"Q3", "q3", "3"}, {"Q4", "q4", "4"}};
    for (const auto& names : kNames) {
      quarters.push_back(Number(Field(*value, {names[0], names[1], names[2]})).value_or(0));
    }
    return quarters;
  }
  return std::nullopt;
}

// A label for an enum member, from the summary's optional
// {"labels": {"department": {"market": "市场监管部门"}, "matter": {...},
// "region": {...}}}. The planner's own visit methods have Chinese labels
// here unless the summary gives others.
class Labels {
 public:
  explicit Labels(const json& summary) : labels_(Field(summary, {"labels"})) {}
  // The label alone, or the id when there is none: chart text.
  std::string Of(const char* kind, const std::string& member) const {
    std::string label = Label(kind, member);
    return label.empty() ? member : label;
  }
  // Escaped HTML: the label first, the id after it in small print.
  std::string Html(const char* kind, const std::string& member) const {
    std::string label = Label(kind, member);
    if (label.empty() || label == member) return base::HtmlEscaped(member);
    return base::HtmlEscaped(label) + " <small class=\"id\">" + base::HtmlEscaped(member) +
           "</small>";
  }

 private:
  std::string Label(const char* kind, const std::string& member) const {
    const json* table = labels_ ? Field(*labels_, {kind}) : nullptr;
    const json* label = table ? Field(*table, {member.c_str()}) : nullptr;
    if (label != nullptr && label->is_string() && !label->get<std::string>().empty()) {
      return label->get<std::string>();
    }
    if (std::string_view(kind) == "method") {
      static const std::pair<const char*, const char*> kMethods[] = {
          {"on_site", "现场检查"}, {"joint", "联合检查"}, {"remote", "非现场检查"}};
      for (const auto& [id, text] : kMethods) {
        if (member == id) return text;
      }
    }
    return "";
  }

  const json* labels_;
};

// --- SVG bar charts ---------------------------------------------------------

struct Series {
  std::string name;
  const char* color;
};
struct Group {
  std::string label;
  std::vector<double> values;  // one per series
};

constexpr const char* kBlue = "#2b6cb0";
constexpr const char* kOrange = "#dd6b20";
constexpr const char* kGreen = "#2f855a";
constexpr const char* kPurple = "#6b46c1";
constexpr const char* kLightBlue = "#90cdf4";

// Roughly how many pixels a label takes at 12px: CJK characters are square,
// Latin ones a little over half as wide. The SVG has no text measurement
// without a script, so the label column is sized from this.
int TextWidth(std::string_view text) {
  int width = 0;
  for (unsigned char c : text) {
    if (c < 0x80) {
      width += 7;
    } else if (c >= 0xE0) {
      width += 12;  // the lead byte of a 3- or 4-byte sequence
    } else if (c >= 0xC0) {
      width += 8;
    }
  }
  return width;
}

// Horizontal grouped bars: one group per row, one bar per series, the value
// at the end of each bar, a legend when there is more than one series.
std::string BarChart(const std::string& title, const std::vector<Series>& series,
                     const std::vector<Group>& groups) {
  constexpr int kWidth = 820, kValueRoom = 70, kBar = 14, kBarGap = 2, kGroupGap = 10,
                kLegend = 26;
  int label_width = 100;
  for (const Group& g : groups) label_width = std::max(label_width, TextWidth(g.label) + 12);
  label_width = std::min(label_width, 420);
  const int area = kWidth - label_width - kValueRoom;
  double max = 0;
  for (const Group& g : groups) {
    for (double v : g.values) max = std::max(max, v);
  }
  if (max <= 0) max = 1;
  const int legend = series.size() > 1 ? kLegend : 4;
  const int group_height = static_cast<int>(series.size()) * (kBar + kBarGap) - kBarGap;
  const int height = legend + static_cast<int>(groups.size()) * (group_height + kGroupGap) + 4;

  std::string svg;
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
         std::to_string(kWidth) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
         std::to_string(kWidth) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
         base::HtmlEscaped(title) + "\">\n<title>" + base::HtmlEscaped(title) + "</title>\n";
  if (series.size() > 1) {
    int x = label_width;
    for (const Series& s : series) {
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
             s.color + "\"/><text x=\"" + std::to_string(x + 16) + "\" y=\"16\">" +
             base::HtmlEscaped(s.name) + "</text>\n";
      x += 28 + TextWidth(s.name);
    }
  }
  int y = legend;
  for (const Group& g : groups) {
    svg += "<text class=\"label\" x=\"" + std::to_string(label_width - 8) + "\" y=\"" +
           std::to_string(y + group_height / 2 + 4) + "\" text-anchor=\"end\">" +
           base::HtmlEscaped(g.label) + "</text>\n";
    for (size_t s = 0; s < series.size(); ++s) {
      double value = s < g.values.size() ? g.values[s] : 0;
      int width = static_cast<int>(std::lround(value / max * area));
      if (value > 0 && width < 1) width = 1;
      svg += "<rect x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y) +
             "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(kBar) +
             "\" fill=\"" + series[s].color + "\"><title>" +
             base::HtmlEscaped(g.label + " · " + series[s].name + ": " + FormatCount(value)) +
             "</title></rect><text class=\"value\" x=\"" + std::to_string(label_width + width + 4) +
             "\" y=\"" + std::to_string(y + kBar - 3) + "\">" + FormatCount(value) + "</text>\n";
      y += kBar + kBarGap;
    }
    y += kGroupGap - kBarGap;
  }
  svg += "</svg>\n";
  return svg;
}

// --- The page ---------------------------------------------------------------

constexpr const char* kStyle = R"css(
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "Helvetica Neue", Arial, sans-serif; color: #1a202c; margin: 0 auto; max-width: 900px;
       padding: 24px; line-height: 1.45; }
h1 { font-size: 24px; margin: 0 0 4px; text-align: center; }
h1 .en, h2 .en, h3 .en, .card .en, th .en { font-weight: 400; color: #718096; font-size: 0.7em; }
p.subtitle { text-align: center; color: #4a5568; margin: 0 0 8px; font-size: 13px; }
p.docno { text-align: center; font-size: 15px; margin: 4px 0 12px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #cbd5e0; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 6px; }
h4 { font-size: 14px; margin: 14px 0 4px; }
small.id { color: #718096; font-size: 0.78em; font-family: monospace; }
p.note { color: #4a5568; font-size: 13px; margin: 4px 0 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px;
          color: #4a5568; margin: 8px 0 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.card { border: 1px solid #cbd5e0; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .figure { font-size: 26px; font-weight: 700; }
.card .caption { font-size: 12px; color: #4a5568; }
.card.accent { border-color: #2f855a; }
.card.accent .figure { color: #2f855a; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #e2e8f0; padding: 3px 8px; }
th { background: #f7fafc; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid #a0aec0; }
table.visits { width: 100%; font-size: 12px; }
table.visits code { font-size: 11px; white-space: nowrap; }
table.approval { width: 100%; margin-top: 12px; }
table.approval th { width: 18%; }
table.approval td { height: 42px; }
table.approval td.seal { height: 110px; }
svg.chart { display: block; margin: 8px 0; font-size: 12px; }
svg.chart text { fill: #1a202c; }
svg.chart text.value { fill: #4a5568; font-size: 11px; }
footer { margin-top: 40px; font-size: 12px; color: #718096; }
@page { size: A4; margin: 18mm 15mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .cards { gap: 6px; }
  .card { padding: 4px 8px; min-width: 120px; }
  h2, h3, h4 { break-after: avoid; }
  svg, table.summary, section.approval { break-inside: avoid; }
  section.department { break-before: page; }
  section.approval { break-before: page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  footer { margin-top: 16px; }
}
)css";

// A heading, Chinese first, English after it in small print.
std::string Heading(const char* tag, std::string_view chinese, std::string_view english,
                    std::string_view id = {}) {
  std::string html = std::string("<") + tag;
  if (!id.empty()) html += " id=\"" + base::HtmlEscaped(id) + "\"";
  return html + ">" + base::HtmlEscaped(chinese) + " <span class=\"en\">" +
         base::HtmlEscaped(english) + "</span></" + tag + ">\n";
}

constexpr const char* kQuarterNames[4] = {"第一季度", "第二季度", "第三季度", "第四季度"};

class Page {
 public:
  Page(const json& summary, const VisitLists* lists)
      : summary_(summary), labels_(summary), lists_(lists) {}

  std::string Render() {
    Header();
    Headline();
    Regions();
    Burden();
    VisitsPerDepartment();
    VisitsByMethod();
    QuarterLoad();
    Samples();
    Exemptions();
    Delegations();
    Inspectors();
    DepartmentLists();
    Approval();
    html_ +=
        "<footer>本文件由 <code>bylaw plan</code> 根据 summary.json 与 plan.jsonl 生成；每一次检查均可用 "
        "<code>bylaw plan verify</code> 重新计算核对。Generated by <code>bylaw plan</code> from "
        "summary.json and plan.jsonl. Every visit of the plan can be recomputed and checked with "
        "<code>bylaw plan verify</code>.</footer>\n"
        "</body>\n</html>\n";
    return std::move(html_);
  }

 private:
  const json* Get(std::initializer_list<const char*> names) const { return Field(summary_, names); }

  void Header() {
    std::string year = Text(Get({"year"}));
    std::string title = (year.empty() ? std::string() : year + "年度") + "涉企行政检查计划";
    std::string english = "Integrated inspection plan" + (year.empty() ? std::string() : " " + year);
    html_ +=
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        base::HtmlEscaped(title + " " + english) + "</title>\n<style>" + kStyle +
        "</style>\n</head>\n<body>\n";
    // The document number is the bureau's to give: a line to fill in, with
    // the year in its brackets (〔2026〕) as documents are numbered.
    html_ +=
        "<p class=\"docno\" id=\"docno\">文号 <span class=\"en\">Document No.</span>："
        "<span class=\"fill\">＿＿＿＿</span>〔" +
        base::HtmlEscaped(year.empty() ? "＿＿" : year) +
        "〕<span class=\"fill\">＿＿</span>号</p>\n";
    html_ += "<h1>" + base::HtmlEscaped(title) + " <span class=\"en\">" +
             base::HtmlEscaped(english) + "</span></h1>\n";
    html_ += "<p class=\"subtitle\">进一次门、查多项事 — 综合查一次</p>\n<dl class=\"meta\">\n";
    const Captioned rows[] = {
        {"随机种子 Seed", {"seed"}},
        {"规则适用日期 As of", {"as_of"}},
        {"规则集 Rulesets", {"rulesets"}},
        {"规则包哈希 Bundle hash", {"bundle_hash", "bundle"}},
        {"企业名录 Register", {"register"}},
        {"执法人员名册 Roster", {"roster", "inspectors_file"}},
        {"分片 Shards", {"shards"}},
    };
    for (const auto& [caption, names] : rows) {
      const json* value = FieldIn(summary_, names);
      if (value == nullptr || value->is_object()) continue;
      html_ += "<dt>" + base::HtmlEscaped(caption) + "</dt><dd>" + base::HtmlEscaped(Text(value)) +
               "</dd>\n";
    }
    html_ += "</dl>\n";
  }

  void Card(const std::string& figure, const std::string& chinese, const std::string& english,
            bool accent = false) {
    html_ += std::string("<div class=\"card") + (accent ? " accent" : "") +
             "\"><div class=\"figure\">" + base::HtmlEscaped(figure) +
             "</div><div class=\"caption\">" + base::HtmlEscaped(chinese) + " <span class=\"en\">" +
             base::HtmlEscaped(english) + "</span></div></div>\n";
  }

  void Headline() {
    html_ += "<section class=\"cards\">\n";
    const json* enterprises = Get({"enterprises"});
    if (auto planned = Figure(enterprises, {"planned", "read"})) {
      Card(FormatCount(*planned), "计划企业", "enterprises planned");
    }
    if (enterprises && enterprises->is_object()) {
      if (auto with_visits = Number(Field(*enterprises, {"with_visits"}))) {
        Card(FormatCount(*with_visits), "需入企的企业", "enterprises visited");
      }
      if (auto bad = Number(Field(*enterprises, {"bad_rows_skipped", "bad_rows", "skipped"}));
          bad && *bad > 0) {
        Card(FormatCount(*bad), "跳过的错误行", "bad register rows skipped");
      }
    }
    auto separate = Number(Get({"visits_separate", "visits_separately"}));
    auto merged = Number(Get({"visits_merged"}));
    if (separate) Card(FormatCount(*separate), "分别检查", "visits if each department went alone");
    if (merged) Card(FormatCount(*merged), "合并后进门次数", "visits after merging");
    // Computed from the two totals the page shows, so that the three cards
    // always agree; reduction_percent (in percent, "39.0") only without them.
    if (separate && merged && *separate > 0) {
      Card(FormatPercent(1 - *merged / *separate), "减少入企", "fewer visits", true);
    } else if (auto reduction = Number(Get({"reduction_percent"}))) {
      Card(FormatPercent(*reduction / 100), "减少入企", "fewer visits", true);
    }
    if (auto delegated = Figure(Get({"delegated"}), {"total", "count"})) {
      Card(FormatCount(*delegated), "委托检查", "matters done on another's behalf");
    }
    if (auto exempt = ExemptionTotal()) {
      Card(FormatCount(*exempt), "无事不扰", "exempt unless triggered");
    }
    html_ += "</section>\n";
  }

  // Per region (county, district): enterprises, those visited, and visits
  // separately against merged.
  void Regions() {
    const json* regions = Get({"regions"});
    if (regions == nullptr || !regions->is_array() || regions->empty()) return;
    html_ += Heading("h2", "各县（市、区）情况", "By region", "regions");
    html_ += "<p class=\"note\">各地区的企业数、需入企的企业数，以及各部门分别检查与合并后的入企次数。"
             "Enterprises, those with visits, and visits separately against merged, per "
             "region.</p>\n";
    std::vector<Group> groups;
    std::string table =
        "<table class=\"summary\" id=\"region-table\">\n<thead><tr><th>地区 <span class=\"en\">region"
        "</span></th><th>企业数 <span class=\"en\">enterprises</span></th><th>需入企企业 <span "
        "class=\"en\">with visits</span></th><th>分别检查 <span class=\"en\">separately</span></th>"
        "<th>合并后 <span class=\"en\">merged</span></th><th>减少 <span class=\"en\">fewer</span>"
        "</th></tr></thead>\n<tbody>\n";
    double sum[4] = {0, 0, 0, 0};
    auto row = [](const std::string& attributes, const std::string& name, const double (&v)[4]) {
      std::string r = "<tr" + attributes + "><td>" + name + "</td>";
      for (double x : v) r += "<td class=\"n\">" + FormatCount(x) + "</td>";
      return r + "<td class=\"n\">" + (v[2] > 0 ? FormatPercent(1 - v[3] / v[2]) : "") + "</td></tr>\n";
    };
    for (const json& r : *regions) {
      const std::string id = Text(Field(r, {"region", "name", "id"}));
      const double v[4] = {Number(Field(r, {"enterprises"})).value_or(0),
                           Number(Field(r, {"with_visits"})).value_or(0),
                           Number(Field(r, {"separate"})).value_or(0),
                           Number(Field(r, {"merged", "visits"})).value_or(0)};
      for (int i = 0; i < 4; ++i) sum[i] += v[i];
      table += row(" data-region=\"" + base::HtmlEscaped(id) + "\"", labels_.Html("region", id), v);
      groups.push_back({labels_.Of("region", id), {v[2], v[3]}});
    }
    table += "</tbody>\n" + row(" class=\"total\"", "合计 <span class=\"en\">total</span>", sum) +
             "</table>\n";
    html_ += BarChart("各地区入企次数 Visits per region",
                      {{"分别检查 separately", kOrange}, {"合并后 merged", kBlue}}, groups);
    html_ += table;
  }

  // How many enterprises get 0, 1, 2, ... visits, each department alone and
  // after merging.
  void Burden() {
    const json* burden = Get({"burden"});
    if (burden == nullptr || !burden->is_object()) return;
    std::map<std::int64_t, std::pair<double, double>> rows;  // visits -> (before, after)
    auto read = [&](const char* key, bool after) {
      const json* list = Field(*burden, {key});
      if (list == nullptr || !list->is_array()) return;
      for (const json& r : *list) {
        auto visits = Number(Field(r, {"visits"}));
        auto n = Number(Field(r, {"enterprises", "count"}));
        if (!visits || !n) continue;
        auto& cell = rows[static_cast<std::int64_t>(*visits)];
        (after ? cell.second : cell.first) += *n;
      }
    };
    read("separate", false);
    read("merged", true);
    if (rows.empty()) return;
    html_ += Heading("h2", "企业负担", "Burden per enterprise", "burden");
    html_ += "<p class=\"note\">每户企业一年内被入企检查的次数：合并前为各部门分别检查，合并后为综合查一次。"
             "How many enterprises get 0, 1, 2, … visits in the year, before merging (each "
             "department alone) and after.</p>\n";
    std::vector<Group> groups;
    std::string table =
        "<table class=\"summary\" id=\"burden-table\">\n<thead><tr><th>每户入企次数 <span "
        "class=\"en\">visits per enterprise</span></th><th>合并前企业数 <span class=\"en\">before "
        "merging</span></th><th>合并后企业数 <span class=\"en\">after merging</span></th></tr>"
        "</thead>\n<tbody>\n";
    double enterprises[2] = {0, 0}, visits[2] = {0, 0};
    for (const auto& [k, n] : rows) {
      table += "<tr data-visits=\"" + std::to_string(k) + "\"><td class=\"n\">" + std::to_string(k) +
               "</td><td class=\"n\">" + FormatCount(n.first) + "</td><td class=\"n\">" +
               FormatCount(n.second) + "</td></tr>\n";
      groups.push_back({std::to_string(k) + " 次", {n.first, n.second}});
      enterprises[0] += n.first;
      enterprises[1] += n.second;
      visits[0] += static_cast<double>(k) * n.first;
      visits[1] += static_cast<double>(k) * n.second;
    }
    auto mean = [](double v, double e) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.2f", e > 0 ? v / e : 0.0);
      return std::string(buffer);
    };
    table += "</tbody>\n<tr class=\"total\"><td>合计企业 <span class=\"en\">enterprises</span></td>"
             "<td class=\"n\">" + FormatCount(enterprises[0]) + "</td><td class=\"n\">" +
             FormatCount(enterprises[1]) + "</td></tr>\n<tr class=\"total\" id=\"burden-mean\"><td>"
             "平均每户 <span class=\"en\">mean visits</span></td><td class=\"n\">" +
             mean(visits[0], enterprises[0]) + "</td><td class=\"n\">" +
             mean(visits[1], enterprises[1]) + "</td></tr>\n</table>\n";
    html_ += BarChart("每户入企次数的企业分布 Enterprises by visits per enterprise",
                      {{"合并前 before", kOrange}, {"合并后 after", kBlue}}, groups);
    html_ += table;
  }

  // Per department: occurrences counted separately and visits it leads or
  // joins after merging; falls back to the sum of the quarters' loads.
  void VisitsPerDepartment() {
    std::vector<Group> groups;
    bool have_separate = false;
    for (const Named& d : NamedItems(Get({"departments", "visits_per_department", "per_department"}),
                                     {"department", "name", "id"})) {
      auto separate = Figure(d.item, {"separate", "visits_separate", "separately"});
      auto merged = Figure(d.item, {"merged", "visits_merged", "visits"});
      if (!separate && !merged) continue;
      have_separate = have_separate || separate.has_value();
      groups.push_back({labels_.Of("department", d.name),
                        {separate.value_or(0), merged.value_or(0)}});
    }
    if (groups.empty()) {
      for (const auto& [department, quarters] : QuarterLoads()) {
        double total = 0;
        for (double q : quarters) total += q;
        groups.push_back({labels_.Of("department", department), {0, total}});
      }
    }
    if (groups.empty()) return;
    html_ += Heading("h2", "各部门入企次数", "Visits per department");
    std::vector<Series> series;
    if (have_separate) {
      html_ += "<p class=\"note\">分别检查：各部门各自上门（含配合部门）的次数；合并后：该部门牵头或配合的综合检查次数"
               "（进一次门、查多项事）。Separately: each department's matter occurrences as visits "
               "of their own, cooperators included. Merged: the visits it leads or joins after "
               "merging.</p>\n";
      series = {{"分别检查 separately", kOrange}, {"合并后 merged", kBlue}};
    } else {
      html_ += "<p class=\"note\">该部门牵头或配合的综合检查次数。The visits each department leads or "
               "joins after merging.</p>\n";
      for (Group& g : groups) g.values = {g.values[1]};
      series = {{"合并后 merged", kBlue}};
    }
    html_ += BarChart("Visits per department", series, groups);
  }

  // On site (one department), joint (several) and remote (no site visit).
  void VisitsByMethod() {
    std::vector<Group> groups;
    for (const Named& m : NamedItems(Get({"visits_by_method"}), {"method", "name"})) {
      if (auto n = Figure(m.item, {"count", "visits"})) groups.push_back({labels_.Of("method", m.name), {*n}});
    }
    if (groups.empty()) return;
    html_ += Heading("h2", "检查方式", "Visits by method");
    html_ += "<p class=\"note\">现场检查：一个部门上门；联合检查：多个部门一次上门；非现场检查：不进入经营场所。"
             "on_site: one department's site visit; joint: several departments in one visit; "
             "remote: done without entering the premises.</p>\n";
    html_ += BarChart("Visits by method", {{"次数 visits", kBlue}}, groups);
  }

  std::vector<std::pair<std::string, std::vector<double>>> QuarterLoads() const {
    std::vector<std::pair<std::string, std::vector<double>>> loads;
    for (const Named& d : NamedItems(Get({"quarter_load", "quarters", "load_per_quarter",
                                          "per_quarter_load"}),
                                     {"department", "name", "id"})) {
      if (auto quarters = Quarters(d.item)) loads.emplace_back(d.name, *quarters);
    }
    return loads;
  }

  void QuarterLoad() {
    auto loads = QuarterLoads();
    if (loads.empty()) return;
    html_ += Heading("h2", "各季度检查量", "Load per quarter");
    html_ += "<p class=\"note\">各部门每季度牵头或配合的检查次数。Visits each department leads or joins "
             "in each quarter.</p>\n";
    std::vector<Group> groups;
    for (const auto& [department, quarters] : loads) {
      groups.push_back({labels_.Of("department", department), quarters});
    }
    html_ += BarChart("Load per quarter",
                      {{"Q1", kBlue}, {"Q2", kGreen}, {"Q3", kOrange}, {"Q4", kPurple}}, groups);
    html_ += "<table class=\"summary\">\n<tr><th>部门 <span class=\"en\">department</span></th>"
             "<th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th><th>全年 <span class=\"en\">year</span>"
             "</th></tr>\n";
    for (const auto& [department, quarters] : loads) {
      double total = 0;
      html_ += "<tr><td>" + labels_.Html("department", department) + "</td>";
      for (double q : quarters) {
        html_ += "<td class=\"n\">" + FormatCount(q) + "</td>";
        total += q;
      }
      html_ += "<td class=\"n\">" + FormatCount(total) + "</td></tr>\n";
    }
    html_ += "</table>\n";
  }

  // Double random: one row per (department, matter, credit class); the
  // chart sets each group's draw against its pool.
  void Samples() {
    const json* samples = Get({"samples", "sampling"});
    if (samples == nullptr || !samples->is_array() || samples->empty()) return;
    std::vector<Group> groups;
    html_ += Heading("h2", "双随机抽查", "Double-random samples");
    html_ += "<p class=\"note\">每个抽查组：符合条件的企业（抽查范围）、按信用等级适用的抽查比例和抽中的企业数。"
             "Per sampling group: the enterprises eligible (pool), the ratio the rules give their "
             "credit class, and how many were drawn.</p>\n";
    std::string table =
        "<table class=\"summary\">\n<tr><th>部门 <span class=\"en\">department</span></th><th>事项 "
        "<span class=\"en\">matter</span></th><th>信用等级 <span class=\"en\">credit class</span>"
        "</th><th>抽查范围 <span class=\"en\">pool</span></th><th>比例 <span class=\"en\">ratio"
        "</span></th><th>抽中 <span class=\"en\">drawn</span></th></tr>\n";
    for (const json& s : *samples) {
      std::string department = Text(Field(s, {"department", "lead"}));
      std::string matter = Text(Field(s, {"matter"}));
      std::string credit = Text(Field(s, {"credit_class", "class"}));
      auto pool = Number(Field(s, {"pool"}));
      auto drawn = Number(Field(s, {"drawn", "sampled"}));
      const json* ratio = Field(s, {"ratio", "sampling_ratio"});
      table += "<tr><td>" + labels_.Html("department", department) + "</td><td>" +
               labels_.Html("matter", matter) + "</td><td>" + base::HtmlEscaped(credit) +
               "</td><td class=\"n\">" + (pool ? FormatCount(*pool) : "") +
               "</td><td class=\"n\">" + base::HtmlEscaped(RatioText(ratio)) +
               "</td><td class=\"n\">" + (drawn ? FormatCount(*drawn) : "") + "</td></tr>\n";
      groups.push_back({labels_.Of("department", department) + " · " + labels_.Of("matter", matter) +
                            " · " + credit,
                        {pool.value_or(0), drawn.value_or(0)}});
    }
    html_ += BarChart("Pool and drawn per department, matter and credit class",
                      {{"抽查范围 pool", kLightBlue}, {"抽中 drawn", kBlue}}, groups);
    html_ += table + "</table>\n";
  }

  std::optional<double> ExemptionTotal() const {
    const json* exemptions = Get({"exemptions"});
    if (exemptions == nullptr) return std::nullopt;
    if (exemptions->is_number()) return exemptions->get<double>();
    if (auto total = Number(Field(*exemptions, {"total"}))) return total;
    const json* by_matter = Field(*exemptions, {"by_matter", "matters", "per_matter"});
    if (by_matter == nullptr) return std::nullopt;
    double total = 0;
    for (const Named& m : NamedItems(by_matter, {"matter"})) {
      total += Figure(m.item, {"count", "exempt", "exemptions", "total"}).value_or(0);
    }
    return total;
  }

  void Exemptions() {
    const json* exemptions = Get({"exemptions"});
    if (exemptions == nullptr || !exemptions->is_object()) return;
    const json* by_matter = Field(*exemptions, {"by_matter", "matters", "per_matter"});
    const json* by_department =
        Field(*exemptions, {"by_department", "departments", "per_department"});
    if (by_matter == nullptr && by_department == nullptr) by_matter = exemptions;
    std::vector<Group> matters, departments;
    for (const Named& m : NamedItems(by_matter, {"matter", "name", "id"})) {
      if (auto n = Figure(m.item, {"count", "exempt", "exemptions", "total"})) {
        matters.push_back({labels_.Of("matter", m.name), {*n}});
      }
    }
    for (const Named& d : NamedItems(by_department, {"department", "name", "id"})) {
      if (auto n = Figure(d.item, {"count", "exempt", "exemptions", "total"})) {
        departments.push_back({labels_.Of("department", d.name), {*n}});
      }
    }
    if (matters.empty() && departments.empty()) return;
    html_ += Heading("h2", "无事不扰", "Exemptions");
    html_ += "<p class=\"note\">规则规定无触发不检查的企业（A级、信用承诺、白名单等），不安排主动检查。Needs the "
             "rules exempt unless triggered (class A by market regulation, credit commitment, "
             "whitelist): no proactive visit is planned for them.</p>\n";
    if (!matters.empty()) {
      html_ += BarChart("Exemptions per matter", {{"按事项 per matter", kGreen}}, matters);
    }
    if (!departments.empty()) {
      html_ += BarChart("Exemptions per department", {{"按部门 per department", kGreen}},
                        departments);
    }
  }

  // Matters folded into another department's visit (委托检查).
  void Delegations() {
    const json* delegated = Get({"delegated"});
    const json* rows = delegated ? Field(*delegated, {"by_matter", "delegations"}) : nullptr;
    if (rows == nullptr || !rows->is_array() || rows->empty()) return;
    html_ += Heading("h2", "委托检查", "Delegated matters");
    html_ += "<p class=\"note\">可委托的事项没有本部门的现场检查时，由同季度现场检查的牵头部门代为检查。A "
             "delegable matter with no site visit of its own is done in the same quarter's on-site "
             "visit by that visit's lead, on the initiating department's behalf.</p>\n<table "
             "class=\"summary\">\n<tr><th>事项 <span class=\"en\">matter</span></th><th>委托部门 <span "
             "class=\"en\">on behalf of</span></th><th>受托部门 <span class=\"en\">done by</span>"
             "</th><th>次数 <span class=\"en\">count</span></th></tr>\n";
    for (const json& row : *rows) {
      auto n = Number(Field(row, {"count"}));
      html_ += "<tr><td>" + labels_.Html("matter", Text(Field(row, {"matter"}))) + "</td><td>" +
               labels_.Html("department", Text(Field(row, {"from"}))) + "</td><td>" +
               labels_.Html("department", Text(Field(row, {"to"}))) + "</td><td class=\"n\">" +
               (n ? FormatCount(*n) : "") + "</td></tr>\n";
    }
    html_ += "</table>\n";
  }

  void Inspectors() {
    const json* inspectors = Get({"inspectors", "inspector_load"});
    if (inspectors == nullptr || !inspectors->is_object()) return;
    const Captioned figures[] = {
        {"名册人数 on the roster", {"roster"}},
        {"参与检查的执法人员 inspectors drawn", {"drawn", "count", "active", "inspectors"}},
        {"单人最多检查次数 most visits by one inspector", {"max", "max_visits"}},
        {"人均检查次数 visits per inspector, mean", {"mean", "mean_visits"}},
    };
    std::string cards;
    for (const auto& [caption, names] : figures) {
      if (auto n = Number(FieldIn(*inspectors, names))) {
        cards += "<div class=\"card\"><div class=\"figure\">" + FormatCount(*n) +
                 "</div><div class=\"caption\">" + base::HtmlEscaped(caption) + "</div></div>\n";
      }
    }
    if (cards.empty()) return;
    html_ += Heading("h2", "执法人员", "Inspectors");
    html_ += "<section class=\"cards\">\n" + cards + "</section>\n";
  }

  // Departments in the summary's order, then any others the plan names.
  std::vector<std::string> DepartmentOrder() const {
    std::vector<std::string> order;
    for (const Named& d : NamedItems(Get({"departments"}), {"department", "name", "id"})) {
      if (lists_->departments().count(d.name) != 0) order.push_back(d.name);
    }
    for (const auto& [d, lists] : lists_->departments()) {
      if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
    }
    return order;
  }

  // Each department's visits, quarter by quarter: the working list it
  // takes out (codes, enterprises, its role, the matters).
  void DepartmentLists() {
    if (lists_ == nullptr || lists_->departments().empty()) return;
    html_ += Heading("h2", "各部门检查清单（按季度）", "Visit lists by department and quarter", "lists");
    html_ += "<p class=\"note\">每个部门牵头或配合的检查，按季度列出；检查编码可在 plan.csv 中查到执法人员与依据。"
             "Each department's visits, led or joined, by quarter; plan.csv has each code's "
             "inspectors and legal basis.</p>\n";
    for (const std::string& department : DepartmentOrder()) {
      const VisitLists::Department& d = lists_->departments().at(department);
      std::int64_t year = 0;
      for (std::int64_t n : d.total) year += n;
      html_ += "<section class=\"department\" data-department=\"" + base::HtmlEscaped(department) +
               "\">\n<h3>" + labels_.Html("department", department) + " <span class=\"en\">全年 " +
               FormatCount(static_cast<double>(year)) + " 次 visits</span></h3>\n";
      for (std::size_t q = 0; q < 4; ++q) {
        html_ += "<h4>" + std::string(kQuarterNames[q]) + " <span class=\"en\">Q" +
                 std::to_string(q + 1) + "</span>（" + FormatCount(static_cast<double>(d.total[q])) +
                 " 次）</h4>\n";
        if (d.visits[q].empty()) {
          if (d.total[q] == 0) html_ += "<p class=\"note\">本季度无检查。No visits this quarter.</p>\n";
        } else {
          html_ +=
              "<table class=\"visits\" data-department=\"" + base::HtmlEscaped(department) +
              "\" data-quarter=\"" + std::to_string(q + 1) +
              "\">\n<thead><tr><th>序号</th><th>检查编码 <span class=\"en\">code</span></th>"
              "<th>企业 <span class=\"en\">enterprise</span></th><th>地区 <span class=\"en\">"
              "region</span></th><th>方式 <span class=\"en\">method</span></th><th>本部门 <span "
              "class=\"en\">role</span></th><th>检查事项 <span class=\"en\">matters</span></th>"
              "</tr></thead>\n<tbody>\n";
          std::size_t number = 0;
          for (std::size_t index : d.visits[q]) html_ += VisitRow(lists_->visits()[index], department, ++number);
          html_ += "</tbody>\n</table>\n";
        }
        const std::int64_t unlisted = d.total[q] - static_cast<std::int64_t>(d.visits[q].size());
        if (unlisted > 0) {
          html_ += "<p class=\"note\">另有 " + FormatCount(static_cast<double>(unlisted)) +
                   " 次检查未列出（每个部门最多列出 " + FormatCount(VisitLists::kMaxListed) +
                   " 次），见 plan.csv。" + FormatCount(static_cast<double>(unlisted)) +
                   " more visits are in plan.csv.</p>\n";
        }
      }
      html_ += "</section>\n";
    }
  }

  std::string VisitRow(const ListedVisit& v, const std::string& department, std::size_t number) const {
    std::string matters;
    for (const auto& [id, from] : v.matters) {
      if (!matters.empty()) matters += "；";
      matters += labels_.Html("matter", id);
      if (!from.empty())
        matters += "（受" + base::HtmlEscaped(labels_.Of("department", from)) + "委托）";
    }
    std::string cooperators;
    for (const std::string& c : v.cooperators) {
      cooperators += (cooperators.empty() ? "" : "、") + labels_.Of("department", c);
    }
    const bool leads = v.lead == department;
    const std::string role = leads ? "牵头" + (cooperators.empty() ? std::string() : "（配合：" + cooperators + "）")
                                   : "配合（牵头：" + labels_.Of("department", v.lead) + "）";
    return "<tr data-code=\"" + base::HtmlEscaped(v.code) + "\"><td class=\"n\">" +
           std::to_string(number) + "</td><td><code>" + base::HtmlEscaped(v.code) +
           "</code></td><td>" + base::HtmlEscaped(v.enterprise_name) + " <small class=\"id\">" +
           base::HtmlEscaped(v.enterprise_id) + "</small></td><td>" +
           labels_.Html("region", v.region) + "</td><td>" + labels_.Html("method", v.method) +
           "</td><td>" + base::HtmlEscaped(role) + "</td><td>" + matters + "</td></tr>\n";
  }

  // Who drafts, checks (法制审核) and approves the plan, and the seal: the
  // bureau fills it in on paper.
  void Approval() {
    html_ += "<section class=\"approval\" id=\"approval\">\n" +
             Heading("h2", "审批", "Approval") +
             "<table class=\"approval\">\n"
             "<tr><th>拟稿单位 <span class=\"en\">drafted by</span></th><td></td>"
             "<th>拟稿人 <span class=\"en\">drafter</span></th><td></td></tr>\n"
             "<tr><th>法制审核 <span class=\"en\">legal review</span></th><td></td>"
             "<th>审核日期 <span class=\"en\">date</span></th><td></td></tr>\n"
             "<tr><th>批准 <span class=\"en\">approved by</span></th><td></td>"
             "<th>批准日期 <span class=\"en\">date</span></th><td></td></tr>\n"
             "<tr><th>印章 <span class=\"en\">seal</span></th><td class=\"seal\" colspan=\"3\"></td></tr>\n"
             "</table>\n</section>\n";
  }

  const json& summary_;
  Labels labels_;
  const VisitLists* lists_;  // null: no plan.jsonl given
  std::string html_;
};

}  // namespace

namespace {

// Errors kBadInput: not JSON (saying where it breaks), not an object.
runtime::Result<json> ParseSummary(std::string_view summary_json) {
  json summary;
  try {
    summary = json::parse(summary_json);
  } catch (const json::exception& e) {
    return runtime::Error{kBadInput, std::string("summary.json: ") + e.what(), {}};
  }
  if (!summary.is_object()) {
    return runtime::Error{kBadInput, "summary.json: expected a JSON object", {}};
  }
  return summary;
}

}  // namespace

namespace plan_internal {

ListedVisit ListedOf(const Visit& v) {
  ListedVisit l;
  l.quarter = v.quarter;
  l.code = v.code;
  l.enterprise_id = v.enterprise_id;
  l.enterprise_name = v.enterprise_name;
  l.region = v.region;
  l.method = v.method;
  l.lead = v.lead;
  l.cooperators = v.cooperators;
  l.matters.reserve(v.matters.size());
  for (const VisitMatter& m : v.matters) l.matters.emplace_back(m.id, m.delegated_from);
  return l;
}

bool VisitLists::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json v = json::parse(line, nullptr, /*allow_exceptions=*/false);
    const json* quarter = v.is_object() ? Field(v, {"quarter"}) : nullptr;
    if (quarter == nullptr || !quarter->is_number_integer() || quarter->get<int>() < 1 ||
        quarter->get<int>() > 4) {
      ++bad_;
      continue;
    }
    ListedVisit visit;
    visit.quarter = quarter->get<int>();
    visit.code = Text(Field(v, {"code"}));
    if (const json* e = Field(v, {"enterprise"})) {
      visit.enterprise_id = Text(Field(*e, {"id"}));
      visit.enterprise_name = Text(Field(*e, {"name"}));
      visit.region = Text(Field(*e, {"region"}));
    }
    visit.method = Text(Field(v, {"method"}));
    visit.lead = Text(Field(v, {"lead"}));
    if (const json* c = Field(v, {"cooperators"}); c && c->is_array()) {
      for (const json& d : *c) visit.cooperators.push_back(Text(&d));
    }
    if (const json* m = Field(v, {"matters"}); m && m->is_array()) {
      for (const json& item : *m) {
        visit.matters.emplace_back(Text(Field(item, {"id"})),
                                   Text(Field(item, {"delegated_from"})));
      }
    }
    Add(std::move(visit));
  }
  return true;
}

void VisitLists::Add(ListedVisit visit) {
  if (visit.quarter < 1 || visit.quarter > 4) {
    ++bad_;
    return;
  }
  const std::size_t q = static_cast<std::size_t>(visit.quarter - 1);
  const std::size_t index = visits_.size();
  bool kept = false;
  auto add = [&](const std::string& department) {
    Department& d = departments_[department];
    ++d.total[q];
    if (d.listed < kMaxListed) {
      d.visits[q].push_back(index);
      ++d.listed;
      kept = true;
    }
  };
  add(visit.lead);
  for (const std::string& c : visit.cooperators) add(c);
  if (kept) visits_.push_back(std::move(visit));
}

runtime::Result<std::string> RenderHtmlReportWithLists(std::string_view summary_json,
                                                       const VisitLists* lists) {
  return runtime::CatchExceptions(
      "internal", [&]() -> runtime::Result<std::string> {  // no exception crosses the API
        auto summary = ParseSummary(summary_json);
        if (!summary.ok()) return summary.error();
        return Page(*summary, lists).Render();
      });
}

runtime::Status WriteHtmlReportWithLists(std::string_view summary_json, const std::string& path,
                                         const VisitLists* lists) {
  return runtime::CatchExceptions("internal",
                                  [&]() -> runtime::Status {  // no exception crosses the API
                                    auto html = RenderHtmlReportWithLists(summary_json, lists);
                                    if (!html.ok()) return html.error();
                                    return files::WriteFileAtomically(path, *html);
                                  });
}

}  // namespace plan_internal

runtime::Result<std::string> RenderHtmlReport(std::string_view summary_json,
                                              const std::string& plan_jsonl_path) {
  return runtime::CatchExceptions("internal", [&]() -> runtime::Result<std::string> {  // no
                                                                                       // exception
                                                                                       // crosses
                                                                                       // the API
    auto summary = ParseSummary(summary_json);
    if (!summary.ok()) return summary.error();
    VisitLists lists;
    if (!plan_jsonl_path.empty() && !lists.Read(plan_jsonl_path)) {
      return runtime::Error{kIoError, "cannot read `" + plan_jsonl_path + "` for report.html", {}};
    }
    return Page(*summary, plan_jsonl_path.empty() ? nullptr : &lists).Render();
  });
}

runtime::Status WriteHtmlReport(std::string_view summary_json, const std::string& path,
                                const std::string& plan_jsonl_path) {
  return runtime::CatchExceptions("internal", [&]() -> runtime::Status {  // no exception crosses the API
  auto html = RenderHtmlReport(summary_json, plan_jsonl_path);
  if (!html.ok()) return html.error();
  return files::WriteFileAtomically(path, *html);
  });
}

}  // namespace bylaw::plan
