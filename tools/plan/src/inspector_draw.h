// The double-random draw of inspectors (双随机, docs/plan.md semantics 6):
// for each department of a visit, two certified inspectors from its
// qualified pool, by a keyed hash of the seed and the visit, avoiding those
// who inspected the enterprise the year before. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_INSPECTOR_DRAW_H_
#define BYLAW_PLAN_SRC_INSPECTOR_DRAW_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/assessment.h"
#include "bylaw/plan/planner.h"
#include "bylaw/plan/inputs.h"
#include "visit.h"

namespace bylaw::plan::plan_internal {


// Inspectors drawn per department of a visit (A5: at least two certified).
inline constexpr std::size_t kInspectorsPerDepartment = 2;

// The qualified pools of a roster, cached by (department, region, matters).
// A department's pool for a visit: the roster's inspectors of that
// department, certified, serving the enterprise's region (their region
// empty or equal), qualified (`*` or a listed matter id) for at least one
// matter of the visit the department takes part in; sorted by id.
// The roster must outlive this object. Not thread-safe: one per thread.
class InspectorPools {
 public:
  explicit InspectorPools(const Roster& roster);
  const std::vector<const Inspector*>& Pool(std::string_view department, std::string_view region,
                                            const std::vector<std::string>& matters);

 private:
  const Roster& roster_;
  std::map<std::string, std::vector<const Inspector*>> by_department_;
  std::map<std::string, std::vector<const Inspector*>, std::less<>> cache_;
};

// Picks `count` distinct members of a pool of `size` (count <= size) for
// `key` (a 32-byte digest): start = u64be(key[0..8]) % size, stride = the
// first of 1 + u64be(key[8..16]) % (size - 1), then the following values
// cycling through 1..size-1, that is coprime to size (1 when size == 1);
// member i is (start + i * stride) % size.
std::vector<std::size_t> WalkPool(const std::array<unsigned char, 32>& key, std::size_t size,
                                  std::size_t count);

// Fills visit->inspectors: for each department (lead first, then
// cooperators, see DepartmentParts) kInspectorsPerDepartment inspectors
// from its pool minus `excluded` (ids that inspected this enterprise in the
// previous plan), walked with the key
//   SHA-256("bylaw-inspectors" \0 seed \0 CanonicalVisitContent(visit, year,
//           false) \0 department).
// Error kTooFewInspectors naming the enterprise, quarter, department and
// how many were qualified (and how many of those were excluded).
Status DrawInspectors(Visit* visit, const Assessment& enterprise, int year, std::string_view seed,
                      const std::vector<std::string>& excluded, InspectorPools* pools);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_INSPECTOR_DRAW_H_
