// The lowering writes the bundle format that bylaw/bundle/schema.h names:
// every golden bundle (tests/golden/lower, the lowering's own output, checked
// byte for byte by lower_golden_test) has exactly the schema's top-level
// sections and uses no IR operator the schema does not list. A section or
// operator added to the lowering without the schema fails here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/bundle/schema.h"

namespace bylaw::dsl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json ReadJson(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

// Every `op` value in the document (iteratively: IR can nest deeply).
std::set<std::string> OpsIn(const json& doc) {
  std::set<std::string> ops;
  std::vector<const json*> stack{&doc};
  while (!stack.empty()) {
    const json* j = stack.back();
    stack.pop_back();
    if (j->is_object()) {
      if (auto op = j->find("op"); op != j->end() && op->is_string())
        ops.insert(op->get<std::string>());
    }
    if (j->is_structured()) {
      for (const json& k : *j) stack.push_back(&k);
    }
  }
  return ops;
}

TEST_CASE("golden bundles use exactly the schema's sections and only its operators") {
  const std::set<std::string> sections(bundle::kRequiredSections.begin(),
                                       bundle::kRequiredSections.end());
  const std::set<std::string> ops(bundle::kOps.begin(), bundle::kOps.end());
  REQUIRE(sections.size() == bundle::kRequiredSections.size());  // no name twice
  REQUIRE(ops.size() == bundle::kOps.size());
  std::set<std::string> seen_ops;
  int bundles = 0;
  for (const auto& entry : fs::directory_iterator(BYLAW_GOLDEN_LOWER_DIR)) {
    if (entry.path().string().find(".expected.json") == std::string::npos) continue;
    CAPTURE(entry.path().string());
    const json doc = ReadJson(entry.path());
    ++bundles;
    std::set<std::string> keys;
    for (auto it = doc.begin(); it != doc.end(); ++it) keys.insert(it.key());
    CHECK(keys == sections);
    CHECK(doc[bundle::section::kFormat] == bundle::kFormat);
    CHECK(doc[bundle::section::kFormatVersion] == bundle::kFormatVersion);
    for (const std::string& op : OpsIn(doc)) {
      CAPTURE(op);
      CHECK(ops.count(op) == 1);
      seen_ops.insert(op);
    }
  }
  CHECK(bundles >= 5);
  // The corpus exercises the common operators, so the check above is not
  // vacuous.
  for (const char* op : {bundle::op::kLit, bundle::op::kVar, bundle::op::kField,
                         bundle::op::kCallRule, bundle::op::kComp, bundle::op::kEq}) {
    CAPTURE(op);
    CHECK(seen_ops.count(op) == 1);
  }
}

TEST_CASE("the declaration calls are operators of the schema") {
  for (const char* op : bundle::kDeclCallOps) {
    CAPTURE(op);
    CHECK(bundle::IsDeclCall(op));
  }
  CHECK_FALSE(bundle::IsDeclCall(bundle::op::kCallDecision));
  CHECK_FALSE(bundle::IsDeclCall(bundle::op::kCall));
}

}  // namespace
}  // namespace bylaw::dsl
