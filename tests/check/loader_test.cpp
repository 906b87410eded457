// Loading from disk and across rulesets: directories, the derived root,
// imported rulesets that were not given, and the import and header
// diagnostics. Each case writes its own temporary directory.
#include <catch2/catch.hpp>

#include "check_test_util.h"

namespace bylaw::dsl::testing {
namespace {

const Seen* FindCode(const Checked& c, const std::string& code) {
  for (const Seen& s : c.seen) {
    if (s.code == code) return &s;
  }
  return nullptr;
}

std::size_t Count(const Checked& c, const std::string& code) {
  std::size_t n = 0;
  for (const Seen& s : c.seen) n += s.code == code;
  return n;
}

TEST_CASE("imported rulesets are loaded from the derived root") {
  std::string root = MakeTempDir();
  WriteFile(root + "/national/vocab.bylaw",
            "ruleset national level national\n"
            "enum CreditClass { A, B }\n"
            "param cap: int = 2\n");
  WriteFile(root + "/nantong/rudong/caps.bylaw",
            "ruleset nantong.rudong level county\n"
            "import national as nat\n"
            "def low(c: CreditClass) -> bool = c == A\n"
            "let doubled = nat.cap * 2\n"
            "let member = nat.CreditClass.B\n");
  auto c = CheckPaths({root + "/nantong/rudong"});
  INFO(c->Dump());
  CHECK(c->seen.empty());
  REQUIRE(c->program->FindRuleset("national") != nullptr);
  // Dependency order: the import first.
  CHECK(c->program->rulesets.front()->id == "national");
  CHECK(c->program->root == root);
}

TEST_CASE("a single-file ruleset at <root>/a/b.bylaw is found") {
  std::string root = MakeTempDir();
  WriteFile(root + "/jiangsu/plans.bylaw",
            "ruleset jiangsu.plans level provincial\nparam p: int = 1\n");
  WriteFile(root + "/x/y.bylaw",
            "ruleset x.y level county\nimport jiangsu.plans\nlet q = p + 1\n");
  auto c = CheckPaths({root + "/x/y.bylaw"});
  INFO(c->Dump());
  CHECK(c->seen.empty());
}

TEST_CASE("unknown import with a suggestion") {
  std::string root = MakeTempDir();
  WriteFile(root + "/national/a.bylaw", "ruleset national level national\n");
  WriteFile(root + "/city/a.bylaw",
            "ruleset city level municipal\nimport nationl\n");
  auto c = CheckPaths({root + "/city"});
  INFO(c->Dump());
  const Seen* s = FindCode(*c, "unknown_import");
  REQUIRE(s != nullptr);
  CHECK(s->line == 2);
  CHECK(s->column == 8);
  CHECK(s->underlined == "nationl");
  CHECK(s->help == "did you mean `national`?");
  CHECK(c->sink.error_count() == 1);
}

TEST_CASE("import cycle names the cycle once") {
  auto c = CheckTexts({
      {"a.bylaw", "ruleset a level national\nimport b\n"},
      {"b.bylaw", "ruleset b level national\nimport c\n"},
      {"c.bylaw", "ruleset c level national\nimport a\n"},
  });
  INFO(c->Dump());
  REQUIRE(Count(*c, "import_cycle") == 1);
  const Seen* s = FindCode(*c, "import_cycle");
  CHECK(s->message == "import cycle: `a` -> `b` -> `c` -> `a`");
  CHECK(s->underlined == "a");
  CHECK(s->line == 2);
  CHECK(s->column == 8);
}

TEST_CASE("a ruleset may not import a lower level") {
  auto c = CheckTexts({
      {"n.bylaw", "ruleset n level national\nimport county\n"},
      {"c.bylaw", "ruleset county level county\n"},
  });
  INFO(c->Dump());
  const Seen* s = FindCode(*c, "import_level");
  REQUIRE(s != nullptr);
  CHECK(s->underlined == "county");
  CHECK(s->line == 2);
  CHECK(c->sink.error_count() == 1);
}

TEST_CASE("header items across files: duplicate and conflicting") {
  auto c = CheckTexts({
      {"a.bylaw", "ruleset r level municipal title \"A\" version \"1\"\n"},
      {"b.bylaw", "ruleset r title \"B\" version \"1\"\n"},
  });
  INFO(c->Dump());
  const Seen* conflict = FindCode(*c, "conflicting_header");
  REQUIRE(conflict != nullptr);
  CHECK(conflict->underlined == "\"B\"");
  CHECK(conflict->line == 1);
  CHECK(conflict->column == 17);
  const Seen* dup = FindCode(*c, "duplicate_header_item");
  REQUIRE(dup != nullptr);
  CHECK(dup->underlined == "\"1\"");
  CHECK(c->sink.error_count() == 2);
}

TEST_CASE("shadowing an import warns; two imports make a name ambiguous") {
  auto c = CheckTexts({
      {"p.bylaw", "ruleset p level national\nparam cap: int = 1\nlet k = 1\n"},
      {"q.bylaw", "ruleset q level national\nparam cap: int = 2\n"},
      {"r.bylaw",
       "ruleset r level county\nimport p\nimport q\nlet k = 2\n"
       "let x = cap + k\nlet y = q.cap\n"},
  });
  INFO(c->Dump());
  const Seen* shadow = FindCode(*c, "shadows_import");
  REQUIRE(shadow != nullptr);
  CHECK(shadow->line == 4);
  CHECK(shadow->underlined == "k");
  const Seen* ambiguous = FindCode(*c, "ambiguous_name");
  REQUIRE(ambiguous != nullptr);
  CHECK(ambiguous->line == 5);
  CHECK(ambiguous->column == 9);
  CHECK(ambiguous->underlined == "cap");
  CHECK(c->sink.error_count() == 1);
  CHECK(c->sink.warning_count() == 1);
}

TEST_CASE("duplicate names across the files of one ruleset") {
  auto c = CheckTexts({
      {"a.bylaw", "ruleset r level county\nlet total = 1\n"},
      {"b.bylaw", "ruleset r\ntable total (x: int) -> (y: int) {\n"
                  "  | x || y |\n  | 1 || 2 |\n}\n"},
  });
  INFO(c->Dump());
  const Seen* s = FindCode(*c, "duplicate_name");
  REQUIRE(s != nullptr);
  CHECK(s->underlined == "total");
  CHECK(s->line == 2);
  CHECK(s->column == 7);
  CHECK(c->sink.error_count() == 1);
}

TEST_CASE("an unreadable path is an io_error") {
  auto c = CheckPaths({MakeTempDir() + "/missing.bylaw"});
  REQUIRE(FindCode(*c, "io_error") != nullptr);
  CHECK(c->program->rulesets.empty());
}

}  // namespace
}  // namespace bylaw::dsl::testing
