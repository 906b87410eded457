// Syntax and literal diagnostics: for each bad input, the exact code,
// line, column, underlined text and the key words of message and help.
// Each case also pins the number of diagnostics, so a cascade fails it.
#include <catch2/catch.hpp>

#include <string>

#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

using testing::ParseText;

struct ErrorCase {
  const char* name;
  std::string text;
  const char* code;
  std::uint32_t line;
  std::uint32_t column;
  const char* underlined;
  const char* message_has;  // a substring of the message
  const char* help_has;     // a substring of the help ("" for none)
  std::size_t count;        // diagnostics in total
};

TEST_CASE("syntax errors: code, position, underline, wording") {
  static const ErrorCase kCases[] = {
      {"table left open at end of file",
       "ruleset t\ntable t (c: C) -> (x: int)\n{\n  | c || x |\n  | A || 1 |\n",
       "syntax_error", 5, 13, "",
       "expected `}` to close the table `t` started at line 2, found end of file",
       "", 1},
      {"matter left open before the next declaration",
       "ruleset t\nmatter m {\n  type single\nenum E { A }\n",
       "syntax_error", 4, 1, "enum",
       "expected `}` to close the matter `m` started at line 2, found `enum`",
       "", 1},
      {"call left open",
       "ruleset t\nlet x = f(a, b\nlet y = 2\n",
       "syntax_error", 3, 1, "let",
       "expected `)` to close the `(` at 2:10, found `let`", "", 1},
      {"stray closing brace",
       "ruleset t\nenum E { A }\n}\n",
       "syntax_error", 3, 1, "}", "expected a declaration or end of file, found `}`",
       "", 1},
      {"assignment instead of comparison",
       "ruleset t\nrule r (e: E) { forbid when e = A }\n",
       "syntax_error", 2, 31, "=", "found `=`", "use `==` to compare", 1},
      {"reserved word as a name",
       "ruleset t\nenum if { A }\n",
       "syntax_error", 2, 6, "if", "expected a name, found `if`",
       "`if` is a reserved word", 1},
      {"quoted name",
       "ruleset t\nenum \"E\" { A }\n",
       "syntax_error", 2, 6, "\"E\"", "expected a name", "without quotes", 1},
      {"date without leading zeros",
       "ruleset t\n  effective 2024-1-5\n",
       "syntax_error", 2, 13, "2024", "expected a date, found `2024`",
       "YYYY-MM-DD", 1},
      {"unterminated string",
       "ruleset t\n  title \"南通\n  level municipal\n",
       "unterminated_string", 2, 9, "\"南通", "unterminated string",
       "close it with", 1},
      {"full-width comma",
       "ruleset t\nenum E { A， B }\n",
       "invalid_character", 2, 11, "，", "unexpected character `，`",
       "full-width `，` — use `,`", 1},
      {"full-width parentheses",
       "ruleset t\nlet x = f（1）\n",
       "invalid_character", 2, 10, "（", "`（`", "use `(`", 2},
      {"curly quotes around a string",
       "ruleset t\n  title “南通”\n",
       "invalid_character", 2, 9, "“", "`“`", "strings use ASCII", 2},
      {"chinese name",
       "ruleset t\nenum 部门 { A }\n",
       "invalid_character", 2, 6, "部门", "`部门` is not a valid name",
       "names are ASCII; put Chinese text in a label string", 1},
      {"name mixing ASCII and Chinese",
       "ruleset t\nlet x = e.credit等级\n",
       "invalid_character", 2, 11, "credit等级", "is not a valid name",
       "label string", 1},
      {"ampersands for and",
       "ruleset t\nlet x = a && b\n",
       "invalid_character", 2, 11, "&&", "unexpected characters `&&`",
       "use `and`", 1},
      {"semicolon",
       "ruleset t\nlet x = 1;\n",
       "invalid_character", 2, 10, ";", "`;`", "bylaw needs no `;`", 1},
      {"invalid UTF-8 in a comment",
       "ruleset t # caf\xc3(\xff\n",
       "invalid_utf8", 1, 16, "\xc3", "invalid UTF-8 at byte 15", "UTF-8", 2},
      {"day past the end of February",
       "ruleset t\n  effective 2023-02-29\n",
       "bad_date", 2, 13, "2023-02-29", "`2023-02-29` is not a calendar date",
       "2023-02 has 28 days", 1},
      {"month 13",
       "ruleset t\nlet d = 2024-13-01\n",
       "bad_date", 2, 9, "2024-13-01", "not a calendar date",
       "there is no month 13", 1},
      {"integer too large",
       "ruleset t\nlet n = 99999999999999999999\n",
       "number_out_of_range", 2, 9, "99999999999999999999", "too large",
       "9223372036854775807", 1},
      {"unknown escape",
       "ruleset t\n  title \"a\\qb\"\n",
       "invalid_escape", 2, 11, "\\q", "unknown escape `\\q`", "\\u{XXXX}", 1},
      {"malformed unicode escape",
       "ruleset t\n  title \"a\\u{110000}\"\n",
       "invalid_escape", 2, 11, "\\u{110000}", "not a Unicode scalar value", "",
       1},
      {"no ruleset header",
       "# rules\nenum E { A }\n",
       "missing_ruleset_header", 2, 1, "",
       "file does not start with a `ruleset` header", "ruleset <id>", 1},
      {"misspelled ruleset keyword",
       "rulset demo\nenum E { A }\n",
       "missing_ruleset_header", 1, 1, "rulset",
       "expected `ruleset` at the start of the file, found `rulset`", "", 1},
      {"two conditions in a rule",
       "ruleset t\nrule r (e: E) {\n  forbid when e.a\n  require e.b\n}\n",
       "duplicate_rule_condition", 4, 3, "require",
       "rule `r` has more than one condition", "combine", 1},
      {"row without the output separator",
       "ruleset t\ntable t (c: C) -> (x: int) {\n  | c || x |\n  | A | 1 |\n}\n",
       "syntax_error", 5, 1, "}", "found `}`", "", 1},
      {"typo in the header",
       "ruleset t\n  levle county\nenum E { A }\n",
       "syntax_error", 2, 3, "levle", "found `levle`",
       "header items are `title`, `level`", 1},
      {"expression cut short before the next declaration",
       "ruleset t\nlet x = 1 +\nlet y = 2\n",
       "syntax_error", 3, 1, "let", "expected an expression, found `let`", "",
       1},
  };
  for (const ErrorCase& c : kCases) {
    DYNAMIC_SECTION(c.name) {
      auto p = ParseText(c.text);
      const auto& diags = p->sink.diagnostics();
      INFO(c.text);
      for (const auto& d : diags) {
        INFO(d.code + ": " + d.message + " | help: " + d.help);
        CHECK(true);
      }
      REQUIRE(!diags.empty());
      const Diagnostic& d = diags[0];
      const LineCol at = p->source().LineColAt(d.range.begin);
      CHECK(d.code == c.code);
      CHECK(at.line == c.line);
      CHECK(at.column == c.column);
      CHECK(p->Slice(d.range) == c.underlined);
      CHECK_THAT(d.message, Catch::Contains(c.message_has));
      CHECK_THAT(d.help, Catch::Contains(c.help_has));
      CHECK(diags.size() == c.count);
    }
  }
}

TEST_CASE("the label of an unclosed bracket points at it") {
  auto p = ParseText("ruleset t\nlet x = [1, 2\n");
  REQUIRE(p->sink.diagnostics().size() == 1);
  const Diagnostic& d = p->sink.diagnostics()[0];
  CHECK_THAT(d.message, Catch::Contains("expected `]` to close the `[` at 2:9"));
  REQUIRE(d.labels.size() == 1);
  CHECK(p->Slice(d.labels[0].range) == "[");
}

TEST_CASE("repaired tokens still build the AST") {
  // The full-width comma and the curly quotes are reported, then read as
  // `,` and `"` so the declarations come through intact. Columns count
  // characters: the closing quote is the 12th character (the 18th byte).
  auto p = ParseText("ruleset t\n  title “南通”\nenum E { A，B }\n");
  CHECK(p->Codes() == std::vector<std::string>{"invalid_character@2:9",
                                                "invalid_character@2:12",
                                                "invalid_character@3:11"});
  REQUIRE(p->module->header.title);
  CHECK(p->module->header.title->value == "南通");
  REQUIRE(p->module->decls.size() == 1);
  CHECK(p->node<EnumDecl>(0).members.size() == 2);
}

TEST_CASE("marks inside strings and comments are left alone") {
  auto p = ParseText("ruleset t # 注：“说明”，\n  title \"“双随机”，抽查\"\n");
  CHECK(p->sink.diagnostics().empty());
  CHECK(p->module->header.title->value == "“双随机”，抽查");
}

TEST_CASE("nesting deeper than the limit is rejected before parsing") {
  ParseOptions options;
  options.max_nesting = 3;
  auto p = ParseText("ruleset t\nlet x = ((((1))))\n", options);
  REQUIRE(p->sink.diagnostics().size() == 1);
  const Diagnostic& d = p->sink.diagnostics()[0];
  CHECK(d.code == "nesting_too_deep");
  CHECK(p->source().LineColAt(d.range.begin).column == 12);
  CHECK(p->Slice(d.range) == "(");
  CHECK_THAT(d.message, Catch::Contains("deeper than 3"));
}

TEST_CASE("long operator chains are bounded in the AST") {
  ParseOptions options;
  options.max_nesting = 4;  // AST depth limit 20
  std::string sum = "ruleset t\nlet x = 1";
  for (int i = 0; i < 30; ++i) sum += " + 1";
  auto p = ParseText(sum + "\n", options);
  REQUIRE(p->sink.diagnostics().size() == 1);
  CHECK(p->sink.diagnostics()[0].code == "nesting_too_deep");
  CHECK_THAT(p->sink.diagnostics()[0].message,
             Catch::Contains("deeper than 20"));
}

TEST_CASE("errors stop at the budget with one too_many_errors") {
  ParseOptions options;
  options.max_errors = 3;
  auto p = ParseText("ruleset t\nlet a = 1 $\nlet b = 2 $\nlet c = 3 $\n"
                     "let d = 4 $\nlet e = 5 $\n",
                     options);
  CHECK(p->Codes() == std::vector<std::string>{
                          "invalid_character@2:11", "invalid_character@3:11",
                          "invalid_character@4:11", "too_many_errors@5:11"});
}

// The AST is built during the parse, row by row (dsl/src/parse/
// streaming_build.h); its errors still come after the parse's own and stop
// at the budget where a walk of the finished tree stopped: the syntax error
// of the last line first, then the rows' until the budget, the row that
// spends it kept, and nothing after.
TEST_CASE("errors of table rows come after syntax errors and stop at the budget") {
  ParseOptions options;
  options.max_errors = 3;
  const std::string big = " priority 99999999999999999999\n";
  auto p = ParseText("ruleset t\nfacts F { a: int }\n"
                     "table t (f: F) -> (n: int) {\n  | f.a || n |\n"
                     "  | 1 || 1 |" + big + "  | 2 || 2 |" + big +
                     "  | 3 || 3 |" + big + "  | 4 || 4 |" + big +
                     "}\nlet z = 1 $\n",
                     options);
  CHECK(p->Codes() == std::vector<std::string>{
                          "invalid_character@10:11", "number_out_of_range@5:23",
                          "number_out_of_range@6:23", "too_many_errors@7:23"});
  REQUIRE(p->module->decls.size() == 2);  // F and t; not z
  CHECK(p->node<TableDecl>(1).rows.size() == 3);
}

TEST_CASE("rows of a table are all in the AST, in order, with their ranges") {
  std::string text = "ruleset t\nfacts F { a: int }\n"
                     "table t (f: F) -> (n: int) {\n  | f.a || n |\n";
  for (int i = 0; i < 50; ++i) {
    text += "  | " + std::to_string(i) + " || " + std::to_string(i) + " |\n";
  }
  auto p = ParseText(text + "}\n");
  REQUIRE(p->Codes().empty());
  const TableDecl& table = p->node<TableDecl>(1);
  REQUIRE(table.rows.size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK(p->Slice(table.rows[i].range) ==
          "| " + std::to_string(i) + " || " + std::to_string(i) + " |");
  }
}

TEST_CASE("nesting_too_deep is reported once, first in source order") {
  ParseOptions options;
  options.max_nesting = 4;  // AST depth limit 20
  std::string deep = "f.a";
  for (int i = 0; i < 30; ++i) deep += " + 1";
  // The header's column is too deep, and so is the row's output, which the
  // parser finishes (and builds) before the table that holds the header.
  auto p = ParseText("ruleset t\nfacts F { a: int }\n"
                     "table t (f: F) -> (n: int) {\n  | " + deep +
                     " || n |\n  | 1 || " + deep + " |\n}\n",
                     options);
  CHECK(p->Codes() == std::vector<std::string>{"nesting_too_deep@4:5"});
}

TEST_CASE("files over the size limit are rejected") {
  ParseOptions options;
  options.max_file_bytes = 16;
  auto p = ParseText("ruleset t\nenum E { A, B }\n", options);
  CHECK(p->Codes() == std::vector<std::string>{"file_too_large@1:1"});
  CHECK(p->module->decls.empty());
  CHECK(p->module->file == p->file);
}

}  // namespace
}  // namespace bylaw::dsl
