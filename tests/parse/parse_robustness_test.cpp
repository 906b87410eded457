// Hostile and degenerate input: each case yields diagnostics with valid
// ranges and returns promptly, without crashing or exhausting the stack.
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

using testing::ParseText;

std::string Repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

void CheckRanges(const testing::Parsed& p) {
  const std::size_t size = p.source().text().size();
  // Even when nothing could be parsed, the header has a place to point at.
  CHECK(p.module->header.range.file == p.file);
  for (const Diagnostic& d : p.sink.diagnostics()) {
    INFO(d.code + ": " + d.message);
    CHECK(d.range.file == p.file);
    CHECK(d.range.begin <= d.range.end);
    CHECK(d.range.end <= size);
  }
}

struct RobustCase {
  const char* name;
  std::string text;
  const char* first_code;
};

TEST_CASE("degenerate input yields diagnostics, quickly") {
  std::mt19937 rng(20240902);
  std::string binary(64 * 1024, '\0');
  for (char& c : binary) c = static_cast<char>(rng() & 0xFF);
  std::string long_line = "ruleset t\nlet x = [" + Repeat("1, ", 100000) + "1] $\n";

  const RobustCase kCases[] = {
      {"empty file", "", "missing_ruleset_header"},
      {"only comments", "# one\n# two\n", "missing_ruleset_header"},
      {"only whitespace", "  \n\t\n", "missing_ruleset_header"},
      {"garbage bytes", "\xff\xfe\x00\x01garbage$$$", "invalid_utf8"},
      {"random binary", binary, "invalid_utf8"},
      {"100k nested parentheses",
       "ruleset t\nlet x = " + Repeat("(", 100000) + "1" + Repeat(")", 100000),
       "nesting_too_deep"},
      {"100k nested lists",
       "ruleset t\nlet x = " + Repeat("[", 100000) + Repeat("]", 100000),
       "nesting_too_deep"},
      {"100k unclosed braces", "ruleset t\n" + Repeat("{", 100000),
       "nesting_too_deep"},
      {"100k stray closing braces", "ruleset t\n" + Repeat("}", 100000),
       "syntax_error"},
      {"100k nots", "ruleset t\nlet x = " + Repeat("not ", 100000) + "a",
       "nesting_too_deep"},
      {"100k minus signs", "ruleset t\nlet x = " + Repeat("-", 100000) + "1",
       "nesting_too_deep"},
      {"100k nested ifs",
       "ruleset t\nlet x = " + Repeat("if a then ", 100000) + "1",
       "nesting_too_deep"},
      {"100k nested generic types",
       "ruleset t\nlet x: " + Repeat("list<", 100000) + "int" +
           Repeat(">", 100000) + " = 1",
       "nesting_too_deep"},
      {"100k field accesses", "ruleset t\nlet x = a" + Repeat(".b", 100000),
       "nesting_too_deep"},
      {"100k term sum", "ruleset t\nlet x = 1" + Repeat(" + 1", 100000),
       "nesting_too_deep"},
      {"very long line", long_line, "invalid_character"},
      {"100k invalid characters", "ruleset t\n" + Repeat("$ ", 100000),
       "invalid_character"},
      {"100k chinese words", "ruleset t\n" + Repeat("规则 ", 100000),
       "invalid_character"},
  };
  const auto start = std::chrono::steady_clock::now();
  for (const RobustCase& c : kCases) {
    DYNAMIC_SECTION(c.name) {
      auto p = ParseText(c.text);
      REQUIRE_FALSE(p->sink.diagnostics().empty());
      CHECK(p->sink.diagnostics()[0].code == c.first_code);
      CHECK(p->sink.error_count() <= 51);  // max_errors + too_many_errors
      CheckRanges(*p);
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("a 10 MB file is read to its last line") {
  // Ten megabytes of Chinese comments, then one error: the error's line
  // shows the offset map is exact across the whole file.
  const std::string line = "# 综合集成监管：进一次门、查多项事，非触发不检查。\n";
  const std::size_t lines = 10 * 1024 * 1024 / line.size() + 1;
  std::string text = "ruleset big\n" + Repeat(line, lines) + "let x = \n";
  REQUIRE(text.size() > 10u * 1024 * 1024);
  auto p = ParseText(text);
  REQUIRE(p->sink.diagnostics().size() == 1);
  const Diagnostic& d = p->sink.diagnostics()[0];
  CHECK(d.code == "syntax_error");
  CHECK(p->source().LineColAt(d.range.begin).line == lines + 2);
  CHECK(p->module->comments.size() == lines);
}

TEST_CASE("bytes replaced for invalid UTF-8 keep later offsets exact") {
  auto p = ParseText("ruleset t\n# \xff\xff\xff\nlet x = 1 $\n");
  CHECK(p->Codes() == std::vector<std::string>{"invalid_utf8@2:3",
                                                "invalid_character@3:11"});
  CHECK(p->Slice(p->sink.diagnostics()[1].range) == "$");
}

}  // namespace
}  // namespace bylaw::dsl
