// Quarters of the plan's inspections (see quarters.h).
#include "quarters.h"

#include "hash_key.h"

namespace bylaw::plan::plan_internal {

int StartQuarter(std::string_view seed, std::string_view enterprise_id) {
  return static_cast<int>(HashKey64({"bylaw-quarter", seed, enterprise_id}) % 4);
}

int OccurrenceQuarter(int q0, std::int64_t j, std::int64_t n) {
  const std::int64_t step = n <= 4 ? (j * 4) / n : j;
  return static_cast<int>((q0 + step) % 4);
}

}  // namespace bylaw::plan::plan_internal
