// The shipped rulesets pass the analysis without errors, and every
// warning there is one of the findings reported to the ruleset author.
#include <catch2/catch.hpp>

#include "analyze_test_util.h"

namespace bylaw::dsl::testing {
namespace {

TEST_CASE("shipped rulesets have no analysis errors") {
  auto a = AnalyzePaths({std::string(BYLAW_SOURCE_DIR) + "/rulesets"});
  INFO(a->Dump());
  for (const Diagnostic& d : a->check) REQUIRE(d.severity != Severity::kError);
  for (const Seen& s : a->seen) {
    CHECK(s.code != "table_gap");
    CHECK(s.code != "unique_overlap");
    CHECK(s.code != "any_conflict");
    CHECK(s.code != "analysis_incomplete");
  }
}

}  // namespace
}  // namespace bylaw::dsl::testing
