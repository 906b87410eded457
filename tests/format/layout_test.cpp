// What the canonical layout looks like: table alignment by display width,
// comments kept in place, parentheses, blank lines, string escapes, and
// FormatSource's refusal to touch a file with syntax errors.
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "display_width.h"
#include "format_test_util.h"

namespace bylaw::dsl::format_test {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Display columns at which `|` occurs outside string literals.
std::vector<std::size_t> PipeColumns(const std::string& line) {
  std::vector<std::size_t> columns;
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"' && (i == 0 || line[i - 1] != '\\')) in_string = !in_string;
    if (c == '|' && !in_string) {
      columns.push_back(format_internal::DisplayWidth(line.substr(0, i)));
    }
  }
  return columns;
}

std::string Between(const std::string& text, const std::string& from,
                    const std::string& to) {
  std::size_t b = text.find(from);
  std::size_t e = text.find(to, b);
  return b == std::string::npos || e == std::string::npos
             ? std::string()
             : text.substr(b, e - b);
}

TEST_CASE("tables align by display width, CJK counting two columns",
          "[format][table]") {
  const std::string source =
      "ruleset r\n"
      "table t \"表\" (k: Kind, n: int) -> (label: text, w: int) {\n"
      "| k | n || label | w |\n"
      "@a_long_id | \"企业\" | [1..10) || \"高风险企业\" | 1 |\n"
      "| A, B | - || \"x\" | 200 | basis \"依据\"\n"
      "@z | not(\"甲乙\") | >= 3 || \"中\" | 3 |\n"
      "}\n";
  auto p = ParseText(source);
  INFO(p->errors);
  REQUIRE(p->errors.empty());
  std::string out = Format(*p->module, p->file());
  INFO(out);
  std::vector<std::string> rows;
  for (const std::string& line : Lines(out)) {
    if (line.find('|') != std::string::npos) rows.push_back(line);
  }
  REQUIRE(rows.size() == 4);
  // Every row has its column separators at the same display columns; the
  // byte offsets differ because the Chinese cells take 3 bytes a character.
  std::vector<std::size_t> header = PipeColumns(rows[0]);
  // `||` counts as two pipes.
  REQUIRE(header.size() == 6);
  for (const std::string& row : rows) {
    std::vector<std::size_t> cols = PipeColumns(row);
    REQUIRE(cols.size() >= header.size());
    cols.resize(header.size());
    CHECK(cols == header);
  }
  // ... while byte offsets differ: the alignment is not by bytes.
  CHECK(rows[0].rfind('|') != rows[1].rfind('|'));
  // Row ids sit in their own column; the header leaves it blank.
  CHECK(rows[1].rfind("  @a_long_id |", 0) == 0);
  CHECK(rows[0].rfind("             |", 0) == 0);
  // Row items follow the closing `|`.
  const std::string items = "| basis \"依据\"";
  REQUIRE(rows[2].size() > items.size());
  CHECK(rows[2].compare(rows[2].size() - items.size(), items.size(), items) == 0);
}

TEST_CASE("a default row spans the input columns", "[format][table]") {
  auto p = ParseText(
      "ruleset r table t (a: int, b: int) -> (n: int) {\n"
      "| a | b || n |\n| 1 | 2 || 1 |\n@d | default || 0 |\n}\n");
  REQUIRE(p->errors.empty());
  std::string out = Format(*p->module, p->file());
  INFO(out);
  std::vector<std::string> lines;
  for (const std::string& line : Lines(out)) {
    if (line.find('|') != std::string::npos) lines.push_back(line);
  }
  REQUIRE(lines.size() == 3);
  std::vector<std::size_t> header = PipeColumns(lines[0]);
  std::vector<std::size_t> deflt = PipeColumns(lines[2]);
  REQUIRE(header.size() == 5);  // `||` counts as two pipes
  REQUIRE(deflt.size() == 4);
  CHECK(deflt[0] == header[0]);
  CHECK(deflt[1] == header[2]);  // `||` after the spanning `default`
  CHECK(deflt[2] == header[3]);
  CHECK(deflt[3] == header[4]);
}

TEST_CASE("comments stay in place", "[format][comments]") {
  const std::string source =
      "# file comment\n"
      "\n"
      "ruleset r  # trailing on header\n"
      "# before the enum\n"
      "enum E {  # after the brace\n"
      "  A   # about A\n"
      "\n\n\n"
      "  # before B\n"
      "  B\n"
      "  # last in block\n"
      "}\n"
      "rule x () {\n"
      "  forbid when a and  # inside the condition\n"
      "    b\n"
      "  code C\n"
      "}\n"
      "# at the end\n";
  auto p = ParseText(source);
  INFO(p->errors);
  REQUIRE(p->errors.empty());
  std::string out = Format(*p->module, p->file());
  INFO(out);
  CHECK(out ==
        "# file comment\n"
        "\n"
        "ruleset r  # trailing on header\n"
        "\n"
        "# before the enum\n"
        "enum E {  # after the brace\n"
        "  A  # about A\n"
        "\n"
        "  # before B\n"
        "  B\n"
        "  # last in block\n"
        "}\n"
        "\n"
        "rule x () {\n"
        "  # inside the condition\n"
        "  forbid when a and b\n"
        "  code C\n"
        "}\n"
        "# at the end\n");
  auto again = ParseText(out);
  REQUIRE(again->errors.empty());
  CHECK(Format(*again->module, again->file()) == out);
}

TEST_CASE("parentheses: required ones and disambiguating ones stay",
          "[format][parens]") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"((x))", "x"},
      {"(a + b)", "a + b"},
      {"f((a), (b + c))", "f(a, b + c)"},
      {"(a or b) and c", "(a or b) and c"},
      {"a or (b and c)", "a or (b and c)"},
      {"a or b and c", "a or b and c"},
      {"a and (b == c)", "a and b == c"},
      {"(a and b) and c", "a and b and c"},
      {"(a * b) + c", "a * b + c"},
      {"not (a == b)", "not (a == b)"},
      {"a - (b - c)", "a - (b - c)"},
      {"(a - b) - c", "a - b - c"},
      {"a*b+c", "a * b + c"},
      {"-(a)", "-a"},
      {"-(a + b)", "-(a + b)"},
      {"not(x)", "not x"},
      {"not (xs contains x)", "not (xs contains x)"},
      {"(a + b).c", "(a + b).c"},
      {"(if a then b else c) + 1", "(if a then b else c) + 1"},
      {"(x is none) == y", "(x is none) == y"},
      {"(f(x)).y", "f(x).y"},
      {"[ ( 1 ) , 2 ]", "[1, 2]"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.in) {
      std::string out = FormatText(std::string("ruleset r\nlet x = ") + c.in + "\n");
      CHECK(out == std::string("ruleset r\n\nlet x = ") + c.out + "\n");
    }
  }
}

TEST_CASE("blank lines: one between declarations, author's kept in blocks",
          "[format][blank]") {
  std::string out = FormatText(
      "ruleset r\n\n\n\nscenario a\nscenario b\n\n\n\nscenario c\n"
      "enum E {\n\n  A\n\n\n  B\n  C\n\n}\nlet z = 1\n");
  CHECK(out ==
        "ruleset r\n"
        "\n"
        "scenario a\n"
        "scenario b\n"
        "\n"
        "scenario c\n"
        "\n"
        "enum E {\n"
        "  A\n"
        "\n"
        "  B\n"
        "  C\n"
        "}\n"
        "\n"
        "let z = 1\n");
}

TEST_CASE("strings are re-escaped", "[format][strings]") {
  // A raw tab inside a string is legal; the canonical form escapes it.
  std::string out =
      FormatText("ruleset r let s = \"a\\\"b\\\\c\\u{4E2D}\td\\n\"\n");
  CHECK(Between(out, "let", "\n") == "let s = \"a\\\"b\\\\c中\\td\\n\"");
}

TEST_CASE("control characters are written as escapes", "[format][strings]") {
  auto p = ParseText("ruleset r let s = \"a\\u{1}b\\u{7F}\"\n");
  REQUIRE(p->errors.empty());
  std::string out = Format(*p->module, p->file());
  CHECK(Between(out, "let", "\n") == "let s = \"a\\u{1}b\\u{7F}\"");
  auto again = ParseText(out);
  REQUIRE(again->errors.empty());
  CHECK(*again->module == *p->module);
}

TEST_CASE("FormatSource refuses a file with syntax errors", "[format][errors]") {
  SourceManager sources;
  const std::string text = "ruleset r\nlet x = = 1\n";
  FileId id = sources.Add("bad.bylaw", text);
  FormatResult result = FormatSource(sources.file(id));
  CHECK_FALSE(result.ok);
  CHECK(result.text.empty());
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(result.diagnostics[0].severity == Severity::kError);
}

TEST_CASE("FormatSource reports whether the text changed", "[format]") {
  SourceManager sources;
  FileId messy = sources.Add("a.bylaw", "ruleset r let   x=1\n");
  FormatResult a = FormatSource(sources.file(messy));
  REQUIRE(a.ok);
  CHECK(a.changed);
  FileId clean = sources.Add("b.bylaw", a.text);
  FormatResult b = FormatSource(sources.file(clean));
  REQUIRE(b.ok);
  CHECK_FALSE(b.changed);
  CHECK(b.text == a.text);
}

}  // namespace
}  // namespace bylaw::dsl::format_test
