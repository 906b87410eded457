// From what the rules say about one enterprise to its visits of the year:
// occurrences per matter, quarters, merging into joint visits, delegation,
// lead and cooperators (docs/plan.md, semantics 1, 3, 4, 5). Pure functions
// of their arguments; inspectors and codes come later (inspector_draw.h,
// visit.h). Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_VISIT_BUILDER_H_
#define BYLAW_PLAN_SRC_VISIT_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/assessment.h"
#include "bylaw/plan/planner.h"
#include "visit.h"

namespace bylaw::plan::plan_internal {


// How many times `need` is inspected in the year:
//   exempt                      0 (an exempt need that is key or has min > 0
//                                  is an error: the rules promise never)
//   sampled (ratio set), drawn  max(min, 1)
//   sampled, not drawn          min
//   not sampled                 min
// and never above max when max is set (an error otherwise).
Result<std::int64_t> Occurrences(const MatterNeed& need, bool drawn);

// Whether a matter with these methods needs a site visit: its methods hold
// on_site, joint or key_supervision. Other matters (e.g. double_random +
// remote) are done without going to the door.
bool OnSite(const std::vector<std::string>& methods);

struct VisitBuildInput {
  const Assessment* enterprise = nullptr;
  // drawn[i]: whether need i was drawn (read only for sampled, non-exempt
  // needs). Same size as enterprise->needs.
  const std::vector<bool>* drawn = nullptr;
  // The enterprise's start quarter (0..3, StartQuarter).
  int start_quarter = 0;
  // Department enum members in declaration order: the cooperators' order.
  const std::vector<std::string>* departments = nullptr;
};

// The enterprise's visits ordered by (quarter, slot), without inspectors
// and codes. In each quarter:
//  - occurrence j of a need's n goes to OccurrenceQuarter(q0, j, n);
//  - on-site visit s (s = 0, 1, ...) takes the s-th occurrence in that
//    quarter of every on-site matter: one joint visit for all departments
//    (进一次门、查多项事), and two visits of a quarter always share a
//    matter, so they could not have been one;
//  - a remote-only matter's t-th occurrence in the quarter goes into on-site
//    visit t when the matter is delegable and that visit exists (委托检查:
//    done by the visit's lead, `delegated_from` the initiator when that is
//    another department); otherwise into remote visit r (its r-th leftover
//    occurrence), after the on-site visits;
//  - participating departments: initiators and cooperators of the visit's
//    matters that were not folded in; lead: the enterprise's competent
//    department if it participates, else the initiator of the first such
//    matter in bundle order; cooperators: the other participants in
//    Department order; method: remote, or joint when there are
//    cooperators, or on_site.
// Visits with inspectors and codes empty. Errors from Occurrences, naming
// the enterprise and matter.
Result<std::vector<Visit>> BuildVisits(const VisitBuildInput& input);

// The departments of `visit` and, for each, the matter ids it takes part in
// (the matters it initiates or cooperates in, and for the lead also the
// matters delegated to it), in the visit's department order (lead, then
// cooperators). `enterprise` is the visit's enterprise.
struct DepartmentPart {
  std::string department;
  std::vector<std::string> matters;
};
std::vector<DepartmentPart> DepartmentParts(const Visit& visit, const Assessment& enterprise);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_VISIT_BUILDER_H_
