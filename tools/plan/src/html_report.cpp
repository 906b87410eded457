// Renders summary.json as report.html (bylaw/plan/html_report.h).
//
// The page is assembled as text: the summary's few dozen figures do not
// need a template engine, and writing the SVG by hand keeps the page free of
// scripts and of anything fetched from the network. The reader is lenient
// about shape (a per-department figure may come as {"market": 3} or as
// [{"department": "market", "count": 3}]) because the report must never be
// the reason a finished plan cannot be shown; it is strict about escaping.
#include "bylaw/plan/atomic_file.h"
#include "bylaw/plan/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/plan/inputs.h"

namespace bylaw::plan {
namespace {

using nlohmann::json;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

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
// {"labels": {"department": {"market": "市场监管部门"}, "matter": {...}}}.
class Labels {
 public:
  explicit Labels(const json& summary) : labels_(Field(summary, {"labels"})) {}
  std::string Of(const char* kind, const std::string& member) const {
    const json* table = labels_ ? Field(*labels_, {kind}) : nullptr;
    const json* label = table ? Field(*table, {member.c_str()}) : nullptr;
    if (label == nullptr || !label->is_string() || label->get<std::string>().empty()) return member;
    return label->get<std::string>() + " (" + member + ")";
  }

 private:
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
         Escape(title) + "\">\n<title>" + Escape(title) + "</title>\n";
  if (series.size() > 1) {
    int x = label_width;
    for (const Series& s : series) {
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"6\" width=\"12\" height=\"12\" fill=\"" +
             s.color + "\"/><text x=\"" + std::to_string(x + 16) + "\" y=\"16\">" + Escape(s.name) +
             "</text>\n";
      x += 28 + TextWidth(s.name);
    }
  }
  int y = legend;
  for (const Group& g : groups) {
    svg += "<text class=\"label\" x=\"" + std::to_string(label_width - 8) + "\" y=\"" +
           std::to_string(y + group_height / 2 + 4) + "\" text-anchor=\"end\">" + Escape(g.label) +
           "</text>\n";
    for (size_t s = 0; s < series.size(); ++s) {
      double value = s < g.values.size() ? g.values[s] : 0;
      int width = static_cast<int>(std::lround(value / max * area));
      if (value > 0 && width < 1) width = 1;
      svg += "<rect x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y) +
             "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(kBar) +
             "\" fill=\"" + series[s].color + "\"><title>" + Escape(g.label + " · " + series[s].name +
             ": " + FormatCount(value)) + "</title></rect><text class=\"value\" x=\"" +
             std::to_string(label_width + width + 4) + "\" y=\"" + std::to_string(y + kBar - 3) +
             "\">" + FormatCount(value) + "</text>\n";
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
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #cbd5e0; padding-bottom: 4px; }
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
svg.chart { display: block; margin: 8px 0; font-size: 12px; }
svg.chart text { fill: #1a202c; }
svg.chart text.value { fill: #4a5568; font-size: 11px; }
footer { margin-top: 40px; font-size: 12px; color: #718096; }
@media print { body { padding: 0; } h2 { break-after: avoid; } svg, table { break-inside: avoid; } }
)css";

class Page {
 public:
  explicit Page(const json& summary) : summary_(summary), labels_(summary) {}

  std::string Render() {
    Header();
    Headline();
    VisitsPerDepartment();
    VisitsByMethod();
    QuarterLoad();
    Samples();
    Exemptions();
    Delegations();
    Inspectors();
    html_ +=
        "<footer>Generated by <code>bylaw plan</code> from summary.json. Every visit of the plan "
        "can be recomputed and checked with <code>bylaw plan verify</code>.</footer>\n"
        "</body>\n</html>\n";
    return std::move(html_);
  }

 private:
  const json* Get(std::initializer_list<const char*> names) const { return Field(summary_, names); }

  void Header() {
    std::string year = Text(Get({"year"}));
    std::string title = "年度涉企行政检查计划 Integrated inspection plan" +
                        (year.empty() ? std::string() : " " + year);
    html_ += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
             Escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" +
             Escape(title) + "</h1>\n<dl class=\"meta\">\n";
    const Captioned rows[] = {
        {"Seed", {"seed"}},
        {"As of", {"as_of"}},
        {"Rulesets", {"rulesets"}},
        {"Bundle hash", {"bundle_hash", "bundle"}},
        {"Register", {"register"}},
        {"Roster", {"roster", "inspectors_file"}},
        {"Shards", {"shards"}},
    };
    for (const auto& [caption, names] : rows) {
      const json* value = FieldIn(summary_, names);
      if (value == nullptr || value->is_object()) continue;
      html_ += "<dt>" + Escape(caption) + "</dt><dd>" + Escape(Text(value)) + "</dd>\n";
    }
    html_ += "</dl>\n";
  }

  void Card(const std::string& figure, const std::string& caption, bool accent = false) {
    html_ += std::string("<div class=\"card") + (accent ? " accent" : "") +
             "\"><div class=\"figure\">" + Escape(figure) + "</div><div class=\"caption\">" +
             Escape(caption) + "</div></div>\n";
  }

  void Headline() {
    html_ += "<section class=\"cards\">\n";
    const json* enterprises = Get({"enterprises"});
    if (auto planned = Figure(enterprises, {"planned", "read"})) {
      Card(FormatCount(*planned), "enterprises planned 计划企业");
    }
    if (enterprises && enterprises->is_object()) {
      if (auto with_visits = Number(Field(*enterprises, {"with_visits"}))) {
        Card(FormatCount(*with_visits), "enterprises visited 需入企的企业");
      }
      if (auto bad = Number(Field(*enterprises, {"bad_rows_skipped", "bad_rows", "skipped"}));
          bad && *bad > 0) {
        Card(FormatCount(*bad), "bad register rows skipped 跳过的错误行");
      }
    }
    auto separate = Number(Get({"visits_separate", "visits_separately"}));
    auto merged = Number(Get({"visits_merged"}));
    if (separate) Card(FormatCount(*separate), "visits if each department went alone 分别检查");
    if (merged) Card(FormatCount(*merged), "visits after merging 合并后进门次数");
    // Computed from the two totals the page shows, so that the three cards
    // always agree; reduction_percent (in percent, "39.0") only without them.
    if (separate && merged && *separate > 0) {
      Card(FormatPercent(1 - *merged / *separate), "fewer visits 减少入企", true);
    } else if (auto reduction = Number(Get({"reduction_percent"}))) {
      Card(FormatPercent(*reduction / 100), "fewer visits 减少入企", true);
    }
    if (auto delegated = Figure(Get({"delegated"}), {"total", "count"})) {
      Card(FormatCount(*delegated), "matters done on another's behalf 委托检查");
    }
    if (auto exempt = ExemptionTotal()) Card(FormatCount(*exempt), "exempt unless triggered 无事不扰");
    html_ += "</section>\n";
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
    html_ += "<h2>Visits per department 各部门入企次数</h2>\n";
    std::vector<Series> series;
    if (have_separate) {
      html_ += "<p class=\"note\">Separately: each department's matter occurrences as visits of "
               "their own, cooperators included. Merged: the visits it leads or joins after "
               "merging (进一次门、查多项事).</p>\n";
      series = {{"separately 分别检查", kOrange}, {"merged 合并后", kBlue}};
    } else {
      html_ += "<p class=\"note\">The visits each department leads or joins after merging.</p>\n";
      for (Group& g : groups) g.values = {g.values[1]};
      series = {{"merged 合并后", kBlue}};
    }
    html_ += BarChart("Visits per department", series, groups);
  }

  // On site (one department), joint (several) and remote (no site visit).
  void VisitsByMethod() {
    std::vector<Group> groups;
    for (const Named& m : NamedItems(Get({"visits_by_method"}), {"method", "name"})) {
      if (auto n = Figure(m.item, {"count", "visits"})) groups.push_back({m.name, {*n}});
    }
    if (groups.empty()) return;
    html_ += "<h2>Visits by method 检查方式</h2>\n<p class=\"note\">on_site: one department's "
             "site visit; joint: several departments in one visit (联合检查); remote: done "
             "without entering the premises (非现场检查).</p>\n";
    html_ += BarChart("Visits by method", {{"visits 次数", kBlue}}, groups);
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
    html_ += "<h2>Load per quarter 各季度检查量</h2>\n<p class=\"note\">Visits each department "
             "leads or joins in each quarter.</p>\n";
    std::vector<Group> groups;
    for (const auto& [department, quarters] : loads) {
      groups.push_back({labels_.Of("department", department), quarters});
    }
    html_ += BarChart("Load per quarter",
                      {{"Q1", kBlue}, {"Q2", kGreen}, {"Q3", kOrange}, {"Q4", kPurple}}, groups);
    html_ += "<table>\n<tr><th>department</th><th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th>"
             "<th>year</th></tr>\n";
    for (const auto& [department, quarters] : loads) {
      double total = 0;
      html_ += "<tr><td>" + Escape(labels_.Of("department", department)) + "</td>";
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
    html_ += "<h2>Double-random samples 双随机抽查</h2>\n<p class=\"note\">Per sampling group: "
             "the enterprises eligible (pool), the ratio the rules give their credit class, and "
             "how many were drawn.</p>\n";
    std::string table =
        "<table>\n<tr><th>department</th><th>matter</th><th>credit class</th><th>pool</th>"
        "<th>ratio</th><th>drawn</th></tr>\n";
    for (const json& s : *samples) {
      std::string department = Text(Field(s, {"department", "lead"}));
      std::string matter = Text(Field(s, {"matter"}));
      std::string credit = Text(Field(s, {"credit_class", "class"}));
      auto pool = Number(Field(s, {"pool"}));
      auto drawn = Number(Field(s, {"drawn", "sampled"}));
      const json* ratio = Field(s, {"ratio", "sampling_ratio"});
      table += "<tr><td>" + Escape(labels_.Of("department", department)) + "</td><td>" +
               Escape(labels_.Of("matter", matter)) + "</td><td>" + Escape(credit) +
               "</td><td class=\"n\">" + (pool ? FormatCount(*pool) : "") + "</td><td class=\"n\">" +
               Escape(RatioText(ratio)) + "</td><td class=\"n\">" +
               (drawn ? FormatCount(*drawn) : "") + "</td></tr>\n";
      groups.push_back({department + " · " + matter + " · " + credit,
                        {pool.value_or(0), drawn.value_or(0)}});
    }
    html_ += BarChart("Pool and drawn per department, matter and credit class",
                      {{"pool 抽查范围", kLightBlue}, {"drawn 抽中", kBlue}}, groups);
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
    html_ += "<h2>Exemptions 无事不扰</h2>\n<p class=\"note\">Needs the rules exempt unless "
             "triggered (class A by market regulation, credit commitment, whitelist): no "
             "proactive visit is planned for them.</p>\n";
    if (!matters.empty()) {
      html_ += BarChart("Exemptions per matter", {{"per matter 按事项", kGreen}}, matters);
    }
    if (!departments.empty()) {
      html_ += BarChart("Exemptions per department", {{"per department 按部门", kGreen}},
                        departments);
    }
  }

  // Matters folded into another department's visit (委托检查).
  void Delegations() {
    const json* delegated = Get({"delegated"});
    const json* rows = delegated ? Field(*delegated, {"by_matter", "delegations"}) : nullptr;
    if (rows == nullptr || !rows->is_array() || rows->empty()) return;
    html_ += "<h2>Delegated matters 委托检查</h2>\n<p class=\"note\">A delegable matter with no "
             "site visit of its own is done in the same quarter's on-site visit by that visit's "
             "lead, on the initiating department's behalf.</p>\n<table>\n<tr><th>matter</th>"
             "<th>on behalf of</th><th>done by</th><th>count</th></tr>\n";
    for (const json& row : *rows) {
      auto n = Number(Field(row, {"count"}));
      html_ += "<tr><td>" + Escape(labels_.Of("matter", Text(Field(row, {"matter"})))) +
               "</td><td>" + Escape(labels_.Of("department", Text(Field(row, {"from"})))) +
               "</td><td>" + Escape(labels_.Of("department", Text(Field(row, {"to"})))) +
               "</td><td class=\"n\">" + (n ? FormatCount(*n) : "") + "</td></tr>\n";
    }
    html_ += "</table>\n";
  }

  void Inspectors() {
    const json* inspectors = Get({"inspectors", "inspector_load"});
    if (inspectors == nullptr || !inspectors->is_object()) return;
    const Captioned figures[] = {
        {"on the roster 名册人数", {"roster"}},
        {"inspectors drawn 参与检查的执法人员", {"drawn", "count", "active", "inspectors"}},
        {"most visits by one inspector 最多", {"max", "max_visits"}},
        {"visits per inspector, mean 人均", {"mean", "mean_visits"}},
    };
    std::string cards;
    for (const auto& [caption, names] : figures) {
      if (auto n = Number(FieldIn(*inspectors, names))) {
        cards += "<div class=\"card\"><div class=\"figure\">" + FormatCount(*n) +
                 "</div><div class=\"caption\">" + Escape(caption) + "</div></div>\n";
      }
    }
    if (cards.empty()) return;
    html_ += "<h2>Inspectors 执法人员</h2>\n<section class=\"cards\">\n" + cards + "</section>\n";
  }

  const json& summary_;
  Labels labels_;
  std::string html_;
};

}  // namespace

runtime::Result<std::string> RenderHtmlReport(std::string_view summary_json) {
  return runtime::CatchExceptions("internal", [&]() -> runtime::Result<std::string> {  // no exception crosses the API
  json summary;
  try {
    summary = json::parse(summary_json);
  } catch (const json::exception& e) {
    return runtime::Error{kBadInput, std::string("summary.json: ") + e.what(), {}};
  }
  if (!summary.is_object()) {
    return runtime::Error{kBadInput, "summary.json: expected a JSON object", {}};
  }
  return Page(summary).Render();
  });
}

runtime::Status WriteHtmlReport(std::string_view summary_json, const std::string& path) {
  return runtime::CatchExceptions("internal", [&]() -> runtime::Status {  // no exception crosses the API
  auto html = RenderHtmlReport(summary_json);
  if (!html.ok()) return html.error();
  return WriteFileAtomically(path, *html);
  });
}

}  // namespace bylaw::plan
