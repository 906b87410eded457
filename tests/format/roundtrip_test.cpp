// Every construct of the grammar survives bylaw fmt: parse, format and
// parse again gives an equal syntax tree (ast.h `==`), and formatting the
// output again changes nothing. The corpus is deliberately written in a
// non-canonical layout so that the formatter has work to do.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "format_test_util.h"

namespace bylaw::dsl::format_test {
namespace {

struct Snippet {
  const char* name;
  const char* source;
};

const Snippet kCorpus[] = {
    {"header and imports",
     "ruleset a.b  title \"T\" level municipal jurisdiction \"J\"\n"
     "effective 2024-01-01 until 2025-01-01 status trial source \"S\" version \"1\"\n"
     "import national import jiangsu.plans as plans\n"},
    {"enum",
     "ruleset r enum E \"枚举\" { A \"甲\", B, 1 \"一级\" none \"未定级\", }\n"
     "enum Empty {}\n"},
    {"facts and record",
     "ruleset r facts F \"事实\" { id: text \"代码\", n: int? kinds: list<E>, "
     "s: set<E>? }\nrecord R { x: decimal level: int }\n"},
    {"param simple with metas",
     "ruleset r param p \"比例\": percent = 3% unverified basis \"b\" note \"n\"\n"
     "param q: int = 1\n"},
    {"param dated",
     "ruleset r param p: int basis \"all\" note \"n\" unverified {\n"
     "from 2024-01-01 = 1 basis \"x\" from 2025-01-01 = 2 note \"y\" unverified }\n"
     "param q: int { from 2024-01-01 = 1 }\n"},
    {"scenario and reason",
     "ruleset r scenario s \"场景\" basis \"b\" scenario t\n"
     "reason NOT_OK \"不行\" basis \"b\" reason BARE\n"},
    {"matter",
     "ruleset r matter m \"事项\" { type single content \"c\" object Enterprise "
     "where industry == x or count(places) > 0 methods a, b level municipal "
     "initiator market cooperators fire, housing delegable true key false "
     "scenario s basis \"b\" effective 2024-01-01 until 2026-01-01 }\n"},
    {"matter in another order",
     "ruleset r matter m { basis \"b\" initiator market type single object E }\n"},
    {"table with every cell form",
     "ruleset r table t \"表\" (a: int, b: E, c: decimal) -> (x: int, y: text?)\n"
     "hit first basis \"b\" partial effective 2024-01-01 {\n"
     "| a | b | c + 1 || x | y |\n"
     "@one | [1..4) | A, B | - || 1 | \"一\" | basis \"r\" effective 2024-01-01 until 2025-01-01\n"
     "| (0..1] | not(A, B) | >= 3 || 2 | none |\n"
     "@three | ]0..1[ | != C | < 2.5, [3..4] || 3 | \"x\" |\n"
     "@other | default || 0 | none |\n"
     "}\n"},
    {"table hit policies",
     "ruleset r table t (a: int) -> (n: int) hit collect sum { | a || n | | - || 1 | }\n"
     "table u (a: int) -> (n: int) hit priority {\n"
     "| a || n | @p | >= 1 || 1 | priority 2 | <= -1 || 2 | priority 1 }\n"
     "table v (a: E) -> (n: int) { | a || n | | A || 1 | }\n"},
    {"table restating a higher level",
     "ruleset r table t (g: E) -> (max: int?, min: int) hit unique "
     "overrides national.cap tightens max at_most tightens min   at_least "
     "except basis \"整表例外\" basis \"b\" {\n"
     "| g || max | min |\n"
     "@a | A || 1 | 2 | basis \"r\" except basis \"县规定 第八条\"\n"
     "| B || none | 1 |\n}\n"
     "table u (g: E) -> (n: int) overrides cap { | g || n | | - || 1 | except basis \"x\" }\n"},
    {"rule",
     "ruleset r rule x \"规则\" (i: Inspection, k: bool) { require when i.ok "
     "except when k basis \"b\" followup later except when not k code C "
     "message \"m\" basis \"b\" effective 2024-01-01 }\n"
     "rule y () { forbid when true code D }\n"},
    {"scorecard",
     "ruleset r scorecard s \"评分\" (e: E) -> G { indicator a \"甲\" weight 20: "
     "if e.x then 1 else 0 indicator b weight 0.5: count(e.ps) band [0..15) => A "
     "band >= 15 => B basis \"b\" }\n"},
    {"def and let",
     "ruleset r def f \"函数\" (a: int, b: int?) -> int = a + 1\n"
     "def g () -> bool =\n  true and false\n"
     "let x = 1 let y: list<int> = [1, 2, 3]\n"},
    {"decision",
     "ruleset r decision d \"决定\" (e: E) { let a = f(e) output ok: bool = a else "
     "false output n = 1 basis \"b\" }\n"},
    {"test",
     "ruleset r test \"测试\" { as_of 2025-07-01 given e = E { id: \"x\", n: 1 } "
     "expect d(e).ok basis \"b\" }\n"},
    {"expect fails",
     "ruleset r test \"失效\" { given r = d(E {}) expect fails r with MISSING_FACT "
     "expect fails d(e with { a: 1 }).ok   with NO_MATCH\n"
     "expect fails (e with { a: 1 }) with TYPE_ERROR expect fails == 1 "
     "given fails = 1 expect fails fails with ARITHMETIC }\n"},
    {"expressions",
     "ruleset r let a = if x then y else z\n"
     "let b = a or b and not c\n"
     "let c = (a or b) and c\n"
     "let d = a - (b - c) * -d / (e + f)\n"
     "let e = x in {A, B} and y not in [1, 2] or zs contains z\n"
     "let f = x is none or y is not none\n"
     "let g = not (xs contains x)\n"
     "let h = e.f.g with { a: 1, b: \"x\" }\n"
     "let i = any(p in e.ps : p.serious and p.n > 1)\n"
     "let j = R {} == R { a: 1 }\n"
     "let k = [] == [x] and {} != {y}\n"
     "let l = 2025-01-01 + 1 year - 6 months + 30 days + 1 day + 2 years + 1 month\n"
     "let m = \"quote \\\" backslash \\\\ newline \\n tab \\t\"\n"
     "let n = 3% * 2.50 / 7\n"
     "let o = (if a then b else c) + 1\n"
     "let p = if a then (if b then c else d) else e\n"
     "let q = -(a + b)\n"
     "let r = (a == b) == c\n"
     "let s = count(xs) >= min(a, b)\n"
     "let t = ((x))\n"
     "let u = national.x.y\n"
     "let w = E { a: 1,\n b: F {\n c: 2 } } with {\n d: 3 }\n"
     "let v = (a + b).c\n"},
    {"soft keywords as names",
     "ruleset r facts F { level: int type: text key: bool basis: text from: date "
     "rule: int table: int matter: int overrides: int tightens: int fails: int }\n"
     "let title = F { level: 1 }.level\n"},
};

TEST_CASE("every construct round-trips through fmt", "[format][roundtrip]") {
  for (const Snippet& snippet : kCorpus) {
    DYNAMIC_SECTION(snippet.name) {
      auto original = ParseText(snippet.source);
      INFO(original->errors);
      REQUIRE(original->errors.empty());
      std::string once = Format(*original->module, original->file());
      INFO("formatted:\n" << once);
      auto reparsed = ParseText(once);
      INFO(reparsed->errors);
      REQUIRE(reparsed->errors.empty());
      CHECK(*reparsed->module == *original->module);
      std::string twice = Format(*reparsed->module, reparsed->file());
      CHECK(twice == once);
    }
  }
}

TEST_CASE("the repository's rulesets round-trip through fmt",
          "[format][roundtrip]") {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(BYLAW_RULESETS_DIR)) {
    if (entry.path().extension() != ".bylaw") continue;
    ++files;
    DYNAMIC_SECTION(entry.path().string()) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto original = ParseText(text.str(), entry.path().string());
      INFO(original->errors);
      REQUIRE(original->errors.empty());
      std::string once = Format(*original->module, original->file());
      auto reparsed = ParseText(once);
      REQUIRE(reparsed->errors.empty());
      CHECK(*reparsed->module == *original->module);
      CHECK(Format(*reparsed->module, reparsed->file()) == once);
      // Comments survive: the formatted file has the same comment texts.
      REQUIRE(reparsed->module->comments.size() ==
              original->module->comments.size());
      for (std::size_t i = 0; i < original->module->comments.size(); ++i) {
        CHECK(reparsed->module->comments[i].text ==
              original->module->comments[i].text);
      }
    }
  }
  CHECK(files > 0);
}

TEST_CASE("ast equality sees a changed meaning", "[format][ast]") {
  // The round-trip checks are only as good as `==`: it must tell apart
  // trees that differ, and ignore layout.
  auto a = ParseText("ruleset r let x = a - (b - c)\n");
  auto b = ParseText("ruleset r let x = a - b - c\n");
  auto c = ParseText("ruleset r\n\n  let   x =\n a-(b-c)  # same\n");
  REQUIRE(a->errors.empty());
  REQUIRE(b->errors.empty());
  REQUIRE(c->errors.empty());
  CHECK_FALSE(*a->module == *b->module);
  CHECK(*a->module == *c->module);
}

}  // namespace
}  // namespace bylaw::dsl::format_test
