// Which quarter each inspection of an enterprise falls in (docs/plan.md):
// one keyed start quarter per enterprise, so that all its matters fall in
// the same quarter and can be done in one visit (进一次门), and further
// occurrences spread evenly over the year from there. Internal to
// bylaw_plan (see planner.h).
#ifndef BYLAW_PLAN_SRC_QUARTERS_H_
#define BYLAW_PLAN_SRC_QUARTERS_H_

#include <cstdint>
#include <string_view>

namespace bylaw::plan::plan_internal {

// The enterprise's start quarter q0, 0-based:
// u64be(SHA-256("bylaw-quarter\0" + seed + "\0" + enterprise_id)[0..8]) % 4.
int StartQuarter(std::string_view seed, std::string_view enterprise_id);

// The quarter (0-based) of occurrence j (0-based) of n occurrences in a
// year, for an enterprise whose start quarter is q0:
//   n <= 4: (q0 + floor(j * 4 / n)) % 4   (1: q0; 2: q0, q0+2; 3: q0, q0+1, q0+2)
//   n >  4: (q0 + j) % 4                   (round robin; some quarters get more)
// Precondition: 0 <= j < n.
int OccurrenceQuarter(int q0, std::int64_t j, std::int64_t n);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_QUARTERS_H_
