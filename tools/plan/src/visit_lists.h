// The department visit lists of report.html (html_report.h): per
// department and quarter, the visits it leads or joins, in plan order; at
// most kMaxListed kept per department, the rest counted. Filled from
// plan.jsonl (RenderHtmlReport with a path) or by the planner from the
// visits as it writes them, which gives the same lists without reading the
// plan back. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_VISIT_LISTS_H_
#define BYLAW_PLAN_SRC_VISIT_LISTS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/runtime/result.h"
#include "visit.h"

namespace bylaw::plan::plan_internal {

// A visit of plan.jsonl as the department lists show it.
struct ListedVisit {
  int quarter = 0;  // 1..4
  std::string code, enterprise_id, enterprise_name, region, method, lead;
  std::vector<std::string> cooperators;
  std::vector<std::pair<std::string, std::string>> matters;  // (id, delegated_from)
};

// The fields of `v` that plan.jsonl gives the lists.
ListedVisit ListedOf(const Visit& v);

class VisitLists {
 public:
  static constexpr std::int64_t kMaxListed = 2000;

  // Adds the visits of plan.jsonl, one line at a time. False when the file
  // cannot be read; a line that is not a visit is counted in bad().
  bool Read(const std::string& path);
  // Adds the next visit in plan order; one whose quarter is not 1..4 is
  // counted in bad().
  void Add(ListedVisit visit);

  struct Department {
    std::array<std::vector<std::size_t>, 4> visits;  // indices into visits()
    std::array<std::int64_t, 4> total{};             // listed or not
    std::int64_t listed = 0;
  };
  const std::map<std::string, Department>& departments() const { return departments_; }
  const std::vector<ListedVisit>& visits() const { return visits_; }
  std::int64_t bad() const { return bad_; }

 private:
  std::map<std::string, Department> departments_;
  std::vector<ListedVisit> visits_;
  std::int64_t bad_ = 0;
};

// RenderHtmlReport and WriteHtmlReport with lists already collected (null:
// none, as without plan.jsonl).
runtime::Result<std::string> RenderHtmlReportWithLists(std::string_view summary_json,
                                                       const VisitLists* lists);
runtime::Status WriteHtmlReportWithLists(std::string_view summary_json, const std::string& path,
                                         const VisitLists* lists);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_VISIT_LISTS_H_
