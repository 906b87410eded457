// Golden files: tests/golden/format/<case>.bylaw formats to <case>.expected.
// UPDATE_GOLDEN=1 rewrites the expectations (review the diff before
// committing). Each expected file must itself be canonical.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "format_test_util.h"

namespace bylaw::dsl::format_test {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("golden files", "[format][golden]") {
  const char* update = std::getenv("UPDATE_GOLDEN");
  bool rewrite = update != nullptr && std::string(update) == "1";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(BYLAW_GOLDEN_FORMAT_DIR)) {
    if (entry.path().extension() == ".bylaw") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE_FALSE(cases.empty());
  for (const fs::path& input : cases) {
    DYNAMIC_SECTION(input.filename().string()) {
      SourceManager sources;
      FileId id = sources.Add(input.string(), Slurp(input));
      FormatResult result = FormatSource(sources.file(id));
      INFO(RenderText(result.diagnostics, sources));
      REQUIRE(result.ok);
      fs::path expected_path = input;
      expected_path.replace_extension(".expected");
      if (rewrite) {
        std::ofstream(expected_path, std::ios::binary) << result.text;
      }
      CHECK(result.text == Slurp(expected_path));
      // The expectation is a fixed point of the formatter.
      FileId again = sources.Add(expected_path.string(), result.text);
      FormatResult second = FormatSource(sources.file(again));
      REQUIRE(second.ok);
      CHECK_FALSE(second.changed);
    }
  }
}

}  // namespace
}  // namespace bylaw::dsl::format_test
