// Comments anywhere a line can end: every line of every corpus file gets a
// trailing comment and a comment line of its own after it. Formatting must
// keep every comment, keep the syntax tree, and be stable.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "format_test_util.h"

namespace bylaw::dsl::format_test {
namespace {

namespace fs = std::filesystem;

std::string Salt(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    out << line << "  # t" << n << "\n# own" << n << "\n";
    ++n;
  }
  return out.str();
}

std::vector<std::string> CommentTexts(const Module& module) {
  std::vector<std::string> texts;
  for (const Comment& c : module.comments) texts.push_back(c.text);
  std::sort(texts.begin(), texts.end());
  return texts;
}

std::vector<fs::path> CorpusFiles() {
  std::vector<fs::path> files;
  for (const char* dir : {BYLAW_RULESETS_DIR, BYLAW_GOLDEN_FORMAT_DIR}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() == ".bylaw") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("comments on every line survive formatting", "[format][comments]") {
  for (const fs::path& path : CorpusFiles()) {
    DYNAMIC_SECTION(path.string()) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto original = ParseText(Salt(text.str()));
      INFO(original->errors);
      REQUIRE(original->errors.empty());
      std::string once = Format(*original->module, original->file());
      auto reparsed = ParseText(once);
      INFO(once);
      REQUIRE(reparsed->errors.empty());
      CHECK(*reparsed->module == *original->module);
      // Trailing spaces inside a comment are the only thing fmt trims.
      std::vector<std::string> before = CommentTexts(*original->module);
      for (std::string& t : before) t.erase(t.find_last_not_of(' ') + 1);
      CHECK(CommentTexts(*reparsed->module) == before);
      CHECK(Format(*reparsed->module, reparsed->file()) == once);
    }
  }
}

}  // namespace
}  // namespace bylaw::dsl::format_test
