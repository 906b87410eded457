// The plan's figures (see plan_summary.h).
#include "plan_summary.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bylaw/runtime/value.h"
#include "visit_builder.h"

namespace bylaw::plan::plan_internal {
namespace {

using ordered_json = nlohmann::ordered_json;

// `num / den` with `digits` decimals, rounded half up, from integers only so
// that the text never depends on floating point.
std::string Fixed(std::int64_t num, std::int64_t den, int digits) {
  if (den == 0) return "0";
  std::int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  const bool negative = (num < 0) != (den < 0);
  const __int128 n = static_cast<__int128>(num < 0 ? -num : num) * scale;
  const __int128 d = den < 0 ? -den : den;
  const auto scaled = static_cast<std::int64_t>((2 * n + d) / (2 * d));
  std::string out = (negative && scaled != 0 ? "-" : "") + std::to_string(scaled / scale);
  if (digits > 0) {
    std::string frac = std::to_string(scaled % scale);
    out += "." + std::string(static_cast<std::size_t>(digits) - frac.size(), '0') + frac;
  }
  return out;
}

std::string ReductionPercent(const SummaryCounts& c) {
  return Fixed((c.separate - c.visits) * 100, c.separate, 1);
}

std::string Pad(std::string_view text, std::size_t width, bool right = false) {
  const std::size_t w = DisplayWidth(text);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + std::string(text) : std::string(text) + fill;
}

// Rows of cells rendered with each column as wide as its widest cell;
// columns first_right..last_right are right-aligned (numbers).
std::string Table(const std::vector<std::vector<std::string>>& rows, std::size_t first_right,
                  std::size_t last_right = SIZE_MAX) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < row.size(); ++i) line += " " + Pad(row[i], widths[i], i >= first_right && i <= last_right);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

template <typename Map>
typename Map::mapped_type ValueOr(const Map& m, const typename Map::key_type& key) {
  auto it = m.find(key);
  return it == m.end() ? typename Map::mapped_type{} : it->second;
}

// Departments in enum order, then any others in name order.
std::vector<std::string> DepartmentOrder(const PlanSummary& s) {
  std::vector<std::string> order;
  for (const std::string& d : s.departments) {
    if (s.counts.departments.count(d) != 0) order.push_back(d);
  }
  for (const auto& [d, counts] : s.counts.departments) {
    if (std::find(order.begin(), order.end(), d) == order.end()) order.push_back(d);
  }
  return order;
}

std::size_t MatterRank(const PlanSummary& s, const std::string& id) {
  for (std::size_t i = 0; i < s.matters.size(); ++i) {
    if (s.matters[i].first == id) return i;
  }
  return s.matters.size();
}

std::size_t DepartmentRank(const PlanSummary& s, const std::string& id) {
  auto it = std::find(s.departments.begin(), s.departments.end(), id);
  return static_cast<std::size_t>(it - s.departments.begin());
}

struct InspectorLoad {
  std::int64_t drawn = 0, assignments = 0, max = 0;
};

InspectorLoad LoadOf(const SummaryCounts& c) {
  InspectorLoad l;
  for (const auto& [id, n] : c.inspector_load) {
    ++l.drawn;
    l.assignments += n;
    l.max = std::max(l.max, n);
  }
  return l;
}

// Exemptions per matter (bundle order) and per department (enum order).
std::vector<std::pair<std::string, std::int64_t>> ExemptionsBy(const PlanSummary& s, bool by_matter) {
  std::map<std::string, std::int64_t> totals;
  for (const auto& [key, n] : s.counts.exemptions) totals[by_matter ? key.first : key.second] += n;
  std::vector<std::pair<std::string, std::int64_t>> out(totals.begin(), totals.end());
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    return by_matter ? MatterRank(s, a.first) < MatterRank(s, b.first)
                     : DepartmentRank(s, a.first) < DepartmentRank(s, b.first);
  });
  return out;
}

// Samples in (department, matter, credit class) order as the departments
// and matters are declared.
std::vector<SamplingGroupResult> SortedSamples(const PlanSummary& s) {
  std::vector<SamplingGroupResult> out = s.samples;
  std::stable_sort(out.begin(), out.end(), [&](const SamplingGroupResult& a, const SamplingGroupResult& b) {
    auto ra = std::make_tuple(DepartmentRank(s, a.key.department), MatterRank(s, a.key.matter));
    auto rb = std::make_tuple(DepartmentRank(s, b.key.department), MatterRank(s, b.key.matter));
    if (ra != rb) return ra < rb;
    return std::tie(a.key.credit_class, a.key.ratio) < std::tie(b.key.credit_class, b.key.ratio);
  });
  return out;
}

}  // namespace

void SummaryCounts::Add(const Assessment& enterprise, const std::vector<std::int64_t>& occurrences_of,
                        const std::vector<Visit>& plan) {
  ++enterprises;
  if (!plan.empty()) ++with_visits;
  std::int64_t alone = 0;  // this enterprise's visits, each department alone
  for (std::size_t i = 0; i < enterprise.needs.size(); ++i) {
    const MatterNeed& need = enterprise.needs[i];
    if (need.exempt) ++exemptions[{need.matter, need.lead}];
    const std::int64_t n = occurrences_of[i];
    if (n == 0) continue;
    occurrences += n;
    alone += n * static_cast<std::int64_t>(1 + need.cooperators.size());
    departments[need.lead].separate += n;
    for (const std::string& c : need.cooperators) departments[c].separate += n;
  }
  separate += alone;
  const std::int64_t merged = static_cast<std::int64_t>(plan.size());
  RegionCounts& region = regions[enterprise.region];
  ++region.enterprises;
  if (!plan.empty()) ++region.with_visits;
  region.separate += alone;
  region.visits += merged;
  ++burden_separate[alone];
  ++burden_merged[merged];
  for (const Visit& v : plan) {
    ++visits;
    if (v.method == kMethodRemote) {
      ++remote;
    } else if (v.method == kMethodJoint) {
      ++joint;
    } else {
      ++on_site;
    }
    const std::size_t q = static_cast<std::size_t>(v.quarter - 1);
    DepartmentCounts& lead = departments[v.lead];
    ++lead.leads;
    ++lead.quarters[q];
    for (const std::string& c : v.cooperators) {
      DepartmentCounts& d = departments[c];
      ++d.joins;
      ++d.quarters[q];
    }
    for (const VisitMatter& m : v.matters) {
      if (m.sampled) ++sampled;
      if (!m.delegated_from.empty()) {
        ++delegated;
        ++delegations[{m.id, m.delegated_from, m.department}];
      }
    }
    for (const VisitInspector& i : v.inspectors) ++inspector_load[i.id];
  }
}

void SummaryCounts::Merge(const SummaryCounts& o) {
  enterprises += o.enterprises;
  with_visits += o.with_visits;
  occurrences += o.occurrences;
  separate += o.separate;
  visits += o.visits;
  on_site += o.on_site;
  joint += o.joint;
  remote += o.remote;
  delegated += o.delegated;
  sampled += o.sampled;
  for (const auto& [d, c] : o.departments) {
    DepartmentCounts& mine = departments[d];
    mine.separate += c.separate;
    mine.leads += c.leads;
    mine.joins += c.joins;
    for (std::size_t q = 0; q < 4; ++q) mine.quarters[q] += c.quarters[q];
  }
  for (const auto& [k, n] : o.exemptions) exemptions[k] += n;
  for (const auto& [k, n] : o.delegations) delegations[k] += n;
  for (const auto& [k, n] : o.inspector_load) inspector_load[k] += n;
  for (const auto& [r, c] : o.regions) {
    RegionCounts& mine = regions[r];
    mine.enterprises += c.enterprises;
    mine.with_visits += c.with_visits;
    mine.separate += c.separate;
    mine.visits += c.visits;
  }
  for (const auto& [k, n] : o.burden_separate) burden_separate[k] += n;
  for (const auto& [k, n] : o.burden_merged) burden_merged[k] += n;
}

std::string FormatPercent(std::int64_t ratio) {
  // kDecimalScale is 10^6, so a percent has up to four decimals.
  std::string out = Fixed(ratio, runtime::kDecimalScale / 100, 4);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  return out + "%";
}

std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0 && i + 3 < text.size()) {
      cp = ((c & 0x07u) << 18) | ((text[i + 1] & 0x3Fu) << 12) | ((text[i + 2] & 0x3Fu) << 6) | (text[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      cp = ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      cp = ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3Fu);
      len = 2;
    }
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

std::string SummaryJson(const PlanSummary& s) {
  const SummaryCounts& c = s.counts;
  ordered_json j;
  j["format_version"] = s.format_version;
  j["year"] = s.year;
  j["seed"] = s.seed;
  j["as_of"] = s.as_of;
  j["bundle_hash"] = s.bundle_hash;
  j["rulesets"] = s.rulesets;
  j["enterprises"] = {{"read", s.register_rows},
                      {"planned", c.enterprises},
                      {"bad_rows_skipped", s.bad_rows},
                      {"with_visits", c.with_visits},
                      {"without_visits", c.enterprises - c.with_visits}};
  j["occurrences"] = c.occurrences;
  j["visits_separate"] = c.separate;
  j["visits_merged"] = c.visits;
  j["reduction_percent"] = ReductionPercent(c);
  j["visits_by_method"] = {{"on_site", c.on_site}, {"joint", c.joint}, {"remote", c.remote}};
  ordered_json delegations = ordered_json::array();
  for (const auto& [key, n] : c.delegations) {
    delegations.push_back({{"matter", std::get<0>(key)},
                           {"from", std::get<1>(key)},
                           {"to", std::get<2>(key)},
                           {"count", n}});
  }
  j["delegated"] = {{"total", c.delegated}, {"by_matter", delegations}};
  ordered_json departments = ordered_json::array();
  ordered_json quarter_load = ordered_json::array();
  for (const std::string& d : DepartmentOrder(s)) {
    const DepartmentCounts dc = ValueOr(c.departments, d);
    departments.push_back({{"department", d},
                           {"separate", dc.separate},
                           {"merged", dc.leads + dc.joins},
                           {"leads", dc.leads},
                           {"joins", dc.joins}});
    quarter_load.push_back({{"department", d}, {"quarters", dc.quarters}});
  }
  j["departments"] = departments;
  j["quarter_load"] = quarter_load;
  // Regions in enum order, then any others (a text field) in name order.
  std::vector<std::string> region_order;
  for (const std::string& r : s.regions) {
    if (c.regions.count(r) != 0) region_order.push_back(r);
  }
  for (const auto& [r, rc] : c.regions) {
    if (std::find(region_order.begin(), region_order.end(), r) == region_order.end()) region_order.push_back(r);
  }
  ordered_json regions = ordered_json::array();
  for (const std::string& r : region_order) {
    const RegionCounts rc = ValueOr(c.regions, r);
    regions.push_back({{"region", r},
                       {"enterprises", rc.enterprises},
                       {"with_visits", rc.with_visits},
                       {"separate", rc.separate},
                       {"merged", rc.visits}});
  }
  j["regions"] = regions;
  auto burden = [](const std::map<std::int64_t, std::int64_t>& m) {
    ordered_json rows = ordered_json::array();
    for (const auto& [visits, n] : m) rows.push_back({{"visits", visits}, {"enterprises", n}});
    return rows;
  };
  j["burden"] = {{"separate", burden(c.burden_separate)}, {"merged", burden(c.burden_merged)}};
  ordered_json samples = ordered_json::array();
  for (const SamplingGroupResult& g : SortedSamples(s)) {
    samples.push_back({{"department", g.key.department},
                       {"matter", g.key.matter},
                       {"credit_class", g.key.credit_class},
                       {"ratio", FormatPercent(g.key.ratio)},
                       {"pool", g.pool},
                       {"drawn", g.drawn}});
  }
  j["samples"] = samples;
  std::int64_t exempt_total = 0;
  for (const auto& [k, n] : c.exemptions) exempt_total += n;
  ordered_json by_matter = ordered_json::array(), by_department = ordered_json::array(),
               by_pair = ordered_json::array();
  for (const auto& [m, n] : ExemptionsBy(s, true)) by_matter.push_back({{"matter", m}, {"count", n}});
  for (const auto& [d, n] : ExemptionsBy(s, false)) by_department.push_back({{"department", d}, {"count", n}});
  for (const auto& [k, n] : c.exemptions) {
    by_pair.push_back({{"matter", k.first}, {"department", k.second}, {"count", n}});
  }
  j["exemptions"] = {{"total", exempt_total},
                     {"by_matter", by_matter},
                     {"by_department", by_department},
                     {"by_matter_department", by_pair}};
  const InspectorLoad load = LoadOf(c);
  j["inspectors"] = {{"roster", s.roster_inspectors},
                     {"drawn", load.drawn},
                     {"assignments", load.assignments},
                     {"max", load.max},
                     {"mean", Fixed(load.assignments, load.drawn, 2)}};
  ordered_json department_labels = ordered_json::object();
  for (std::size_t i = 0; i < s.departments.size() && i < s.department_labels.size(); ++i) {
    if (!s.department_labels[i].empty()) department_labels[s.departments[i]] = s.department_labels[i];
  }
  ordered_json matter_labels = ordered_json::object();
  for (const auto& [id, label] : s.matters) matter_labels[id] = label;
  ordered_json region_labels = ordered_json::object();
  for (std::size_t i = 0; i < s.regions.size() && i < s.region_labels.size(); ++i) {
    if (!s.region_labels[i].empty()) region_labels[s.regions[i]] = s.region_labels[i];
  }
  j["labels"] = {{"department", department_labels}, {"matter", matter_labels}, {"region", region_labels}};
  return j.dump(2) + "\n";
}

std::string SummaryText(const PlanSummary& s) {
  const SummaryCounts& c = s.counts;
  std::string out;
  out += "bylaw plan " + std::to_string(s.year) + "  seed \"" + s.seed + "\"  as of " + s.as_of + "\n";
  std::string rulesets;
  for (const std::string& r : s.rulesets) rulesets += (rulesets.empty() ? "" : ", ") + r;
  out += "  rules " + rulesets + "  (" + s.bundle_hash.substr(0, 19) + "…)\n\n";
  out += Table({{"enterprises", std::to_string(c.enterprises),
                 "planned (" + std::to_string(s.register_rows) + " register rows, " + std::to_string(s.bad_rows) +
                     " bad rows skipped), " + std::to_string(c.with_visits) + " with visits"},
                {"visits", std::to_string(c.separate),
                 "if each department went separately (每个部门各查一次)"},
                {"", std::to_string(c.visits),
                 "after merging (进一次门): " + std::to_string(c.on_site) + " on site, " + std::to_string(c.joint) +
                     " joint, " + std::to_string(c.remote) + " remote; " + ReductionPercent(c) + "% fewer"},
                {"delegated", std::to_string(c.delegated), "matters done by another department's visit (委托检查)"},
                {"sampled", std::to_string(c.sampled), "inspections due to the double-random draw (双随机)"}},
               1, 1);
  out += "\n";
  std::vector<std::vector<std::string>> rows{{"department", "separately", "merged", "leads", "joins", "Q1", "Q2", "Q3", "Q4"}};
  for (const std::string& d : DepartmentOrder(s)) {
    const DepartmentCounts dc = ValueOr(c.departments, d);
    rows.push_back({d, std::to_string(dc.separate), std::to_string(dc.leads + dc.joins), std::to_string(dc.leads),
                    std::to_string(dc.joins), std::to_string(dc.quarters[0]), std::to_string(dc.quarters[1]),
                    std::to_string(dc.quarters[2]), std::to_string(dc.quarters[3])});
  }
  out += Table(rows, 1);
  if (!s.samples.empty()) {
    out += "\n";
    std::vector<std::vector<std::string>> sample_rows{{"sample", "matter", "class", "ratio", "pool", "drawn"}};
    for (const SamplingGroupResult& g : SortedSamples(s)) {
      sample_rows.push_back({g.key.department, g.key.matter, g.key.credit_class, FormatPercent(g.key.ratio),
                             std::to_string(g.pool), std::to_string(g.drawn)});
    }
    out += Table(sample_rows, 3, 5);
  }
  const auto exempt = ExemptionsBy(s, true);
  if (!exempt.empty()) {
    out += "\n";
    std::vector<std::vector<std::string>> exempt_rows{{"exempt (无事不扰)", "", "enterprises"}};
    for (const auto& [m, n] : exempt) {
      std::string label;
      for (const auto& [id, l] : s.matters) {
        if (id == m) label = l;
      }
      exempt_rows.push_back({m, label, std::to_string(n)});
    }
    out += Table(exempt_rows, 2);
  }
  const InspectorLoad load = LoadOf(c);
  out += "\n";
  out += Table({{"inspectors", std::to_string(load.drawn) + " of " + std::to_string(s.roster_inspectors) +
                                   " drawn; visits per inspector: mean " + Fixed(load.assignments, load.drawn, 2) +
                                   ", max " + std::to_string(load.max)}},
               SIZE_MAX);
  return out;
}

}  // namespace bylaw::plan::plan_internal
