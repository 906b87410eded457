// The plan's figures (summary.json and the terminal summary): what the
// departments would have done separately against the merged visits, the
// exemptions, the double-random samples, each quarter's load and the
// inspectors' load. Counts are accumulated per chunk of enterprises
// (SummaryCounts::Add, on worker threads) and merged in order; the
// rendering is a pure function, so identical plans give identical bytes.
// Internal to bylaw_plan (the format is documented in planner.h).
#ifndef BYLAW_PLAN_SRC_PLAN_SUMMARY_H_
#define BYLAW_PLAN_SRC_PLAN_SUMMARY_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "bylaw/plan/assessment.h"
#include "sampling.h"
#include "visit.h"

namespace bylaw::plan::plan_internal {

struct DepartmentCounts {
  std::int64_t separate = 0;  // occurrences it takes part in (initiator or cooperator)
  std::int64_t leads = 0;     // merged visits it leads
  std::int64_t joins = 0;     // merged visits it cooperates in
  std::array<std::int64_t, 4> quarters{};  // visits it leads or joins, per quarter
};

// One region's (county, district) enterprises and visits.
struct RegionCounts {
  std::int64_t enterprises = 0;
  std::int64_t with_visits = 0;
  std::int64_t separate = 0;  // Σ occurrences × (1 + cooperators), as SummaryCounts
  std::int64_t visits = 0;    // after merging
};

// Additive counts over any set of enterprises. Not thread-safe; one per
// chunk, merged with Merge.
struct SummaryCounts {
  std::int64_t enterprises = 0;
  std::int64_t with_visits = 0;
  std::int64_t occurrences = 0;     // matter occurrences (before merging)
  std::int64_t separate = 0;        // Σ occurrences × (1 + cooperators)
  std::int64_t visits = 0;          // after merging
  std::int64_t on_site = 0, joint = 0, remote = 0;
  std::int64_t delegated = 0;       // matters done by another department's visit
  std::int64_t sampled = 0;         // occurrences due to the draw
  std::map<std::string, DepartmentCounts> departments;
  std::map<std::pair<std::string, std::string>, std::int64_t> exemptions;  // (matter, department)
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> delegations;  // matter, from, to
  // inspector id -> visits; hashed (only totals are reported, and it is
  // looked up for every inspector of every visit)
  std::unordered_map<std::string, std::int64_t> inspector_load;
  std::map<std::string, RegionCounts> regions;         // by the enterprise's region
  // The burden per enterprise: visits to one enterprise -> enterprises
  // that get that many, before merging (each department alone) and after.
  std::map<std::int64_t, std::int64_t> burden_separate, burden_merged;

  // One enterprise: `occurrences[i]` of its need i, and its visits.
  void Add(const Assessment& enterprise, const std::vector<std::int64_t>& occurrences,
           const std::vector<Visit>& visits);
  void Merge(const SummaryCounts& other);
};

struct PlanSummary {
  int format_version = 1;
  int year = 0;
  std::string seed, as_of, bundle_hash;
  std::vector<std::string> rulesets;
  std::int64_t register_rows = 0;
  std::int64_t bad_rows = 0;
  std::int64_t roster_inspectors = 0;
  std::vector<std::string> departments;                 // Department enum order
  std::vector<std::string> department_labels;           // same order; empty when none
  std::vector<std::string> regions;                     // Region enum order, if an enum
  std::vector<std::string> region_labels;               // same order; empty when none
  std::vector<std::pair<std::string, std::string>> matters;  // (id, label), bundle order
  SummaryCounts counts;
  std::vector<SamplingGroupResult> samples;
};

// summary.json's text (with a final newline). Keys in a fixed order.
std::string SummaryJson(const PlanSummary& s);

// The terminal summary: plain text, columns aligned by display width (CJK
// characters count two).
std::string SummaryText(const PlanSummary& s);

// `5%`, `12.5%`, `3.3333%` from a ratio scaled by runtime::kDecimalScale.
std::string FormatPercent(std::int64_t ratio);

// Columns a UTF-8 text takes on a terminal: East Asian wide and fullwidth
// characters two, others one.
std::size_t DisplayWidth(std::string_view text);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_PLAN_SUMMARY_H_
