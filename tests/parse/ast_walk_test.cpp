// The AST walks of bylaw/dsl/ast_walk.h, which the call graph, the
// analyses, test lowering, `bylaw table` and the language server share:
// every expression exactly once, parents first, in source order, and the
// comprehension body marked.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bylaw/dsl/ast_walk.h"
#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

using testing::ParseDecls;
using testing::ParseText;

// The reference: every expression reachable through the AST's own
// pointers, counted by a plain recursion over each node kind's members.
void CountByHand(const Expr& e, std::map<const Expr*, int>& seen) {
  ++seen[&e];
  auto go = [&](const ExprPtr& p) {
    if (p) CountByHand(*p, seen);
  };
  if (const auto* n = std::get_if<FieldExpr>(&e.node)) go(n->base);
  if (const auto* n = std::get_if<UnaryExpr>(&e.node)) go(n->operand);
  if (const auto* n = std::get_if<BinaryExpr>(&e.node)) go(n->lhs), go(n->rhs);
  if (const auto* n = std::get_if<IsNoneExpr>(&e.node)) go(n->operand);
  if (const auto* n = std::get_if<IfExpr>(&e.node)) go(n->cond), go(n->then_expr), go(n->else_expr);
  if (const auto* n = std::get_if<CallExpr>(&e.node))
    for (const auto& a : n->args) go(a);
  if (const auto* n = std::get_if<ComprehensionExpr>(&e.node)) go(n->source), go(n->body);
  if (const auto* n = std::get_if<RecordExpr>(&e.node))
    for (const auto& f : n->fields) go(f.value);
  if (const auto* n = std::get_if<WithExpr>(&e.node)) {
    go(n->base);
    for (const auto& f : n->fields) go(f.value);
  }
  if (const auto* n = std::get_if<ListExpr>(&e.node))
    for (const auto& i : n->items) go(i);
}

TEST_CASE("ForEachExpr visits a declaration's expressions parents first, in source order") {
  auto p = ParseDecls(
      "def f(x: int, xs: list<int>) -> int =\n"
      "  if x > 1 then g(x, 2) else count(y in xs : y == x)\n");
  REQUIRE(p->sink.diagnostics().empty());
  std::vector<std::string> seen;
  ForEachExpr(p->decl(0), [&](const Expr& e) { seen.push_back(p->Slice(e.range)); });
  CHECK(seen == std::vector<std::string>{"if x > 1 then g(x, 2) else count(y in xs : y == x)",
                                         "x > 1", "x", "1", "g(x, 2)", "x", "2",
                                         "count(y in xs : y == x)", "xs", "y == x", "y", "x"});
}

TEST_CASE("ForEachChild marks the comprehension body, the one child that sees its variable") {
  auto p = ParseDecls("def f(xs: list<int>) -> bool = any(y in xs : y > 0)\n");
  REQUIRE(p->sink.diagnostics().empty());
  const Expr& body = *p->node<DefDecl>(0).body;
  std::vector<std::pair<std::string, bool>> children;
  ForEachChild(body, [&](const Expr& c, bool in_body) {
    children.emplace_back(p->Slice(c.range), in_body);
  });
  CHECK(children == std::vector<std::pair<std::string, bool>>{{"xs", false}, {"y > 0", true}});
}

TEST_CASE("ForEachRootExpr reaches table headers, cells, outputs and scorecard bands") {
  auto p = ParseDecls(
      "table t (a: int) -> (v: int)\n"
      "  hit unique\n"
      "{\n"
      "  | a + 1  || v  |\n"
      "  | < 3    || 10 |\n"
      "  | [3..9] || 20 |\n"
      "}\n");
  REQUIRE(p->sink.diagnostics().empty());
  std::vector<std::string> roots;
  ForEachRootExpr(p->decl(0), [&](const Expr& e) { roots.push_back(p->Slice(e.range)); });
  CHECK(roots == std::vector<std::string>{"a + 1", "3", "10", "3", "9", "20"});
}

TEST_CASE("over the shipped rulesets the walk meets every expression once, in source order") {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(BYLAW_SOURCE_DIR "/rulesets")) {
    if (entry.path().extension() != ".bylaw") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto p = ParseText(text.str());
    INFO(entry.path().string());
    REQUIRE(p->module != nullptr);
    ++files;
    for (const auto& d : p->module->decls) {
      std::map<const Expr*, int> by_hand;
      ForEachRootExpr(*d, [&](const Expr& root) { CountByHand(root, by_hand); });
      std::map<const Expr*, int> walked;
      std::uint32_t last_begin = 0;
      ForEachRootExpr(*d, [&](const Expr& root) {
        last_begin = 0;
        ForEachSubExpr(root, [&](const Expr& e) {
          ++walked[&e];
          // Pre-order over children in source order never steps back.
          CHECK(e.range.begin >= last_begin);
          last_begin = e.range.begin;
        });
      });
      CHECK(walked == by_hand);
    }
  }
  CHECK(files > 10);
}

}  // namespace
}  // namespace bylaw::dsl
