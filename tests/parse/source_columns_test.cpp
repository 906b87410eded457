// Columns in characters: SourceFile::LineColAt converts a byte offset to
// the character column diagnostics report, the byte column the renderer
// slices with, and the UTF-16 column an editor protocol needs; a rendered
// diagnostic after Chinese text says the character column and puts its
// caret under the text by display width.
#include <catch2/catch.hpp>

#include "bylaw/dsl/diagnostic_render.h"
#include "parse_test_util.h"

namespace bylaw::dsl::testing {
namespace {

TEST_CASE("a position has character, byte and UTF-16 columns") {
  // `南` and `通` are 3 bytes and 1 UTF-16 unit each, `😀` 4 bytes and 2.
  const std::string text = "ab\n  南通 x😀y\n";
  SourceFile f(0, "t.bylaw", text);
  struct Want {
    const char* at;
    std::uint32_t column, byte_column, utf16_column;
  };
  const Want cases[] = {
      {"ab", 1, 1, 1}, {"b\n", 2, 2, 2}, {"南", 3, 3, 3},
      {"通", 4, 6, 4}, {"x", 6, 10, 6},  {"y", 8, 15, 9},
  };
  for (const Want& w : cases) {
    const auto offset = static_cast<std::uint32_t>(text.find(w.at));
    const LineCol lc = f.LineColAt(offset);
    INFO(w.at);
    CHECK(lc.line == (offset < 3 ? 1u : 2u));
    CHECK(lc.column == w.column);
    CHECK(lc.byte_column == w.byte_column);
    CHECK(lc.utf16_column == w.utf16_column);
  }
}

TEST_CASE("diagnostics report character columns and place carets by display width") {
  // A character the lexer refuses, after a Chinese label.
  auto p = ParseText("ruleset t\nenum E \"南通\" $\n");
  REQUIRE(!p->sink.diagnostics().empty());
  const Diagnostic& d = p->sink.diagnostics().front();
  const std::string shown = RenderText(d, *p->sources);
  INFO(shown);
  REQUIRE(p->source().Slice(d.range) == "$");
  // `$` is the 13th character of line 2 (its 17th byte).
  CHECK_THAT(shown, Catch::StartsWith("test.bylaw:2:13:"));
  // The caret sits under `$`: after the gutter `  | `, 14 display columns,
  // as `南通` are two columns wide each.
  CHECK_THAT(shown, Catch::Contains("\n  | " + std::string(14, ' ') + "^"));
}

}  // namespace
}  // namespace bylaw::dsl::testing
