// Call-graph cycles (see recursion_check.h).
#include "recursion_check.h"

#include <algorithm>
#include <map>
#include <vector>

#include "bylaw/dsl/ast_walk.h"

namespace bylaw::dsl::resolve_internal {
namespace {

bool InGraph(const Decl* d) {
  switch (d->kind) {
    case DeclKind::kTable: case DeclKind::kRule: case DeclKind::kScorecard:
    case DeclKind::kDef: case DeclKind::kDecision: case DeclKind::kLet:
      return true;
    default:
      return false;
  }
}

struct Edge {
  const Decl* to;
  SourceRange at;  // the call or reference
};

}  // namespace

void RecursionCheck::Run(const Program& program) {
  std::map<const Decl*, std::vector<Edge>> edges;
  std::vector<const Decl*> nodes;  // in program order: deterministic reports
  for (const Ruleset* r : program.ordered()) {
    for (const Module* m : r->modules) {
      for (const auto& d : m->decls) {
        if (!InGraph(d.get())) continue;
        nodes.push_back(d.get());
        auto& out = edges[d.get()];
        ForEachExpr(*d, [&](const Expr& e) {
          if (const auto* c = std::get_if<CallExpr>(&e.node)) {
            if (c->decl && InGraph(c->decl)) out.push_back({c->decl, c->callee.range});
          } else if (const auto* n = std::get_if<NameExpr>(&e.node)) {
            if (n->decl && n->decl->kind == DeclKind::kLet) {
              out.push_back({n->decl, n->name.range});
            }
          }
        });
      }
    }
  }
  enum class Mark { kNone, kActive, kDone };
  std::map<const Decl*, Mark> marks;
  std::vector<std::pair<const Decl*, SourceRange>> stack;
  auto visit = [&](auto&& self, const Decl* d) -> void {
    marks[d] = Mark::kActive;
    for (const Edge& e : edges[d]) {
      Mark m = marks[e.to];
      if (m == Mark::kActive) {
        // The cycle runs from e.to's frame on the stack to d, then back.
        std::string path;
        auto start = std::find_if(stack.begin(), stack.end(),
                                  [&](const auto& f) { return f.first == e.to; });
        for (auto it = start; it != stack.end(); ++it) {
          path += "`" + it->first->name.text + "` -> ";
        }
        path += "`" + d->name.text + "` -> `" + e.to->name.text + "`";
        if (d == e.to) path = "`" + d->name.text + "` -> `" + d->name.text + "`";
        sink_.Error("recursive_definition", e.at,
                    "recursive definition: " + path)
            .Label(e.to->name.range, "`" + e.to->name.text + "` declared here")
            .Help("bylaw has no recursion, so that every evaluation ends; "
                  "compute the value without calling back");
      } else if (m == Mark::kNone) {
        stack.push_back({d, e.at});
        self(self, e.to);
        stack.pop_back();
      }
    }
    marks[d] = Mark::kDone;
  };
  for (const Decl* d : nodes) {
    if (marks[d] == Mark::kNone) visit(visit, d);
  }
}

}  // namespace bylaw::dsl::resolve_internal
