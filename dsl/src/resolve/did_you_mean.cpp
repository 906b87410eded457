// Suggestions for misspelled names (see did_you_mean.h).
#include "did_you_mean.h"

#include <algorithm>

namespace bylaw::dsl::resolve_internal {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows suffice for the adjacent-swap recurrence.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

std::optional<std::string> ClosestName(
    const std::string& name, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name || candidate.empty()) continue;
    // Cheap bound first: lengths that differ by more than the limit.
    const std::size_t diff = candidate.size() > name.size()
                                 ? candidate.size() - name.size()
                                 : name.size() - candidate.size();
    if (diff > limit) continue;
    const std::size_t d = EditDistance(name, candidate);
    if (d < best_distance || (d == best_distance && best && candidate < *best)) {
      best_distance = d;
      best = candidate;
    }
  }
  if (best_distance > limit) return std::nullopt;
  return best;
}

std::string DidYouMean(const std::string& name,
                       const std::vector<std::string>& candidates) {
  std::optional<std::string> best = ClosestName(name, candidates);
  if (!best) return {};
  return "did you mean `" + *best + "`?";
}

}  // namespace bylaw::dsl::resolve_internal
