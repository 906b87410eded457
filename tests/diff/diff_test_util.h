// Helpers for diff_test: compile bylaw source text (written to a temporary
// directory) into a bundle, and ask whether a reported region contains a
// given input.
#ifndef BYLAW_TESTS_DIFF_DIFF_TEST_UTIL_H_
#define BYLAW_TESTS_DIFF_DIFF_TEST_UTIL_H_

#include <map>
#include <string>
#include <vector>

#include "bylaw/review/diff.h"

namespace bylaw::dsl::testing {

// The review library's vocabulary (bylaw/review/diff.h) for the diff tests.
using namespace bylaw::review;  // NOLINT(google-build-using-namespace)

struct Compiled {
  std::string bundle;       // empty when the text did not compile
  std::string diagnostics;  // rendered, for the failure message
};

// Writes `files` (name -> text) into a fresh directory under the system
// temporary directory and compiles it.
Compiled CompileText(const std::map<std::string, std::string>& files);

// An input value as a region condition sees it: an enum member or bool
// spelling, an integer, or none.
struct InputValue {
  bool none = false;
  std::string name;  // `A`, `true`; empty for an integer
  long long number = 0;
};

// Whether the region's conditions all hold for `input` (field -> value);
// a field that the region names but `input` lacks makes it false.
bool RegionContains(const DiffRegion& region,
                    const std::map<std::string, InputValue>& input);

// All regions of an exploration that contain the input.
std::vector<const DiffRegion*> RegionsContaining(
    const DiffExploration& found, const std::map<std::string, InputValue>& input);

}  // namespace bylaw::dsl::testing

#endif  // BYLAW_TESTS_DIFF_DIFF_TEST_UTIL_H_
