// "Did you mean" suggestions for misspelled names: the closest candidate by
// optimal-string-alignment (Damerau-Levenshtein) distance, offered only
// when it is close enough to be a likely typo. Internal to dsl/src.
#ifndef BYLAW_DSL_SRC_RESOLVE_DID_YOU_MEAN_H_
#define BYLAW_DSL_SRC_RESOLVE_DID_YOU_MEAN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::dsl::resolve_internal {

// Edits (insert, delete, substitute, swap adjacent) turning `a` into `b`.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, when at most max(1, len/3) edits away
// (two for names of 6+ characters, ...). Ties go to the candidate that
// sorts first, so the answer does not depend on candidate order.
std::optional<std::string> ClosestName(
    const std::string& name, const std::vector<std::string>& candidates);

// `did you mean `x`?` for the closest candidate, or empty.
std::string DidYouMean(const std::string& name,
                       const std::vector<std::string>& candidates);

}  // namespace bylaw::dsl::resolve_internal

#endif  // BYLAW_DSL_SRC_RESOLVE_DID_YOU_MEAN_H_
