// The AST walks (bylaw/dsl/ast_walk.h).
#include "bylaw/dsl/ast_walk.h"

#include <type_traits>
#include <variant>
#include <vector>

namespace bylaw::dsl {
namespace {

using ExprFn = std::function<void(const Expr&)>;

}  // namespace

void ForEachChild(const Expr& expr,
                  const std::function<void(const Expr& child, bool in_body)>& fn) {
  auto child = [&](const ExprPtr& p, bool in_body = false) {
    if (p) fn(*p, in_body);
  };
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, FieldExpr>) {
          child(n.base);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          child(n.operand);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          child(n.lhs);
          child(n.rhs);
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          child(n.operand);
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          child(n.cond);
          child(n.then_expr);
          child(n.else_expr);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          for (const ExprPtr& a : n.args) child(a);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          child(n.source);
          child(n.body, true);
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          for (const FieldInit& f : n.fields) child(f.value);
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          child(n.base);
          for (const FieldInit& f : n.fields) child(f.value);
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          for (const ExprPtr& i : n.items) child(i);
        } else {
          // Literals and names hold no expression.
          static_assert(std::is_same_v<T, LiteralExpr> || std::is_same_v<T, NameExpr>,
                        "a new kind of expression: say which children it has");
        }
      },
      expr.node);
}

void ForEachSubExpr(const Expr& expr, const ExprFn& fn) {
  std::vector<const Expr*> stack{&expr};
  std::vector<const Expr*> children;
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    fn(*e);
    children.clear();
    ForEachChild(*e, [&](const Expr& c, bool) { children.push_back(&c); });
    // Reversed, so that the first child is visited next: source order.
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

void ForEachRootExpr(const Decl& decl, const ExprFn& fn) {
  auto root = [&](const ExprPtr& p) {
    if (p) fn(*p);
  };
  auto test = [&](const UnaryTest& t) {
    root(t.value);
    root(t.high);
  };
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ParamDecl>) {
          for (const ParamValue& v : n.values) root(v.value);
        } else if constexpr (std::is_same_v<T, MatterDecl>) {
          root(n.object_filter);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          for (const ExprPtr& c : n.input_columns) root(c);
          for (const Row& row : n.rows) {
            for (const Cell& cell : row.inputs) {
              for (const UnaryTest& t : cell.tests) test(t);
            }
            for (const ExprPtr& o : row.outputs) root(o);
          }
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          root(n.condition);
          for (const RuleExcept& x : n.excepts) root(x.when);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          for (const Indicator& i : n.indicators) {
            root(i.weight);
            root(i.value);
          }
          for (const Band& b : n.bands) {
            test(b.test);
            root(b.grade);
          }
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          root(n.body);
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          root(n.value);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          for (const DecisionItem& i : n.items) {
            root(i.value);
            root(i.fallback);
          }
        } else if constexpr (std::is_same_v<T, TestDecl>) {
          for (const TestItem& i : n.items) root(i.value);
        }
      },
      decl.node);
}

void ForEachExpr(const Decl& decl, const ExprFn& fn) {
  ForEachRootExpr(decl, [&](const Expr& root) { ForEachSubExpr(root, fn); });
}

}  // namespace bylaw::dsl
