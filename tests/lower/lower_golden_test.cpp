// Golden bundles: each tests/golden/lower/<case>.bylaw is checked with the
// real front end and lowered; the pretty-printed bundle must equal
// <case>.expected.json byte for byte. UPDATE_GOLDEN=1 rewrites the
// expectations (review the diff before committing it).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/lower.h"

namespace bylaw::dsl {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = BYLAW_GOLDEN_LOWER_DIR;

std::vector<std::string> GoldenCases() {
  std::vector<std::string> cases;
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    if (entry.path().extension() == ".bylaw") {
      cases.push_back(entry.path().stem().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Checks and lowers one golden case; fails the test with the rendered
// diagnostics when the case does not check or lower cleanly.
LowerResult CompileCase(const std::string& name) {
  Compiler compiler = CompilerBuilder().SetRoot(kGoldenDir.string()).Build();
  CheckResult checked = compiler.Check({(kGoldenDir / (name + ".bylaw")).string()});
  INFO(RenderText(checked.diagnostics, *checked.sources));
  REQUIRE(checked.ok());
  REQUIRE(checked.program != nullptr);
  LowerOptions options;
  options.pretty = true;
  options.source_root = kGoldenDir.string();
  LowerResult lowered = Lower(*checked.program, *checked.sources, options);
  INFO(RenderText(lowered.diagnostics, *checked.sources));
  REQUIRE(lowered.ok());
  CHECK(lowered.diagnostics.empty());
  return lowered;
}

TEST_CASE("golden bundles") {
  const std::vector<std::string> cases = GoldenCases();
  REQUIRE_FALSE(cases.empty());
  const bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
  for (const std::string& name : cases) {
    DYNAMIC_SECTION(name) {
      const std::string actual = CompileCase(name).bundle + "\n";
      const fs::path expected_path = kGoldenDir / (name + ".expected.json");
      if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
      }
      REQUIRE(fs::exists(expected_path));
      CHECK(actual == ReadFile(expected_path));
    }
  }
}

TEST_CASE("recompiling the same sources gives the same bytes") {
  for (const std::string& name : GoldenCases()) {
    DYNAMIC_SECTION(name) {
      LowerResult first = CompileCase(name);
      LowerResult second = CompileCase(name);
      CHECK(first.bundle == second.bundle);
      CHECK(first.hash == second.hash);
    }
  }
}

// Per-construct checks on real source text, independent of the golden
// files' exact layout.
TEST_CASE("cells from source are normalised") {
  nlohmann::json table;
  // Keep the parsed bundle alive: iterating `parse(...)["tables"]` directly
  // would walk a member of a destroyed temporary.
  const nlohmann::json bundle = nlohmann::json::parse(CompileCase("tables").bundle);
  for (const auto& t : bundle["tables"]) {
    if (t["name"] == "tables.frequency") table = t;
  }
  REQUIRE(table.is_object());
  const auto& rows = table["rows"];
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]["id"] == "tables.frequency#key");
  CHECK(rows[1]["id"] == "tables.frequency#r2");
  CHECK(rows[4]["id"] == "tables.frequency#r5");
  CHECK(rows[4]["default"] == true);
  // `>= 10`
  CHECK(rows[1]["cells"][1]["ranges"][0]["low"]["value"] == 10);
  CHECK(rows[1]["cells"][1]["ranges"][0]["low_closed"] == true);
  CHECK(rows[1]["cells"][1]["ranges"][0]["high"].is_null());
  // `1, none` on an enum with those members
  CHECK(rows[1]["cells"][3]["eq"][1]["value"] == "none");
  // `!= 3` and `not(A)`
  CHECK(rows[2]["cells"][1]["not"] == true);
  CHECK(rows[2]["cells"][1]["eq"][0]["value"] == 3);
  CHECK(rows[2]["cells"][0]["not"] == true);
  // `< -1`
  CHECK(rows[3]["cells"][1]["ranges"][0]["high"]["value"] == -1);
  CHECK(rows[3]["effective"] ==
        nlohmann::json{{"from", "2025-01-01"}, {"until", "2026-01-01"}});
}

}  // namespace
}  // namespace bylaw::dsl
