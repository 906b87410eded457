// See expr_walk.h.
#include "expr_walk.h"

#include <type_traits>
#include <variant>

namespace bylaw::dsl::resolve_internal {
namespace {

using Fn = std::function<void(const Expr&)>;

void Walk(const ExprPtr& e, const Fn& fn) {
  if (e) ForEachSubExpr(*e, fn);
}

void WalkTest(const UnaryTest& t, const Fn& fn) {
  Walk(t.value, fn);
  Walk(t.high, fn);
}

}  // namespace

void ForEachSubExpr(const Expr& expr, const Fn& fn) {
  fn(expr);
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, FieldExpr>) {
          Walk(n.base, fn);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          Walk(n.operand, fn);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          Walk(n.lhs, fn);
          Walk(n.rhs, fn);
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          Walk(n.operand, fn);
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          Walk(n.cond, fn);
          Walk(n.then_expr, fn);
          Walk(n.else_expr, fn);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          for (const auto& a : n.args) Walk(a, fn);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          Walk(n.source, fn);
          Walk(n.body, fn);
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          for (const auto& f : n.fields) Walk(f.value, fn);
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          Walk(n.base, fn);
          for (const auto& f : n.fields) Walk(f.value, fn);
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          for (const auto& i : n.items) Walk(i, fn);
        }
      },
      expr.node);
}

void ForEachExpr(const Decl& decl, const Fn& fn) {
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ParamDecl>) {
          for (const auto& v : n.values) Walk(v.value, fn);
        } else if constexpr (std::is_same_v<T, MatterDecl>) {
          Walk(n.object_filter, fn);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          for (const auto& c : n.input_columns) Walk(c, fn);
          for (const Row& r : n.rows) {
            for (const Cell& c : r.inputs) {
              for (const UnaryTest& t : c.tests) WalkTest(t, fn);
            }
            for (const auto& o : r.outputs) Walk(o, fn);
          }
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          Walk(n.condition, fn);
          for (const RuleExcept& x : n.excepts) Walk(x.when, fn);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          for (const Indicator& i : n.indicators) {
            Walk(i.weight, fn);
            Walk(i.value, fn);
          }
          for (const Band& b : n.bands) {
            WalkTest(b.test, fn);
            Walk(b.grade, fn);
          }
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          Walk(n.body, fn);
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          Walk(n.value, fn);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          for (const DecisionItem& i : n.items) {
            Walk(i.value, fn);
            Walk(i.fallback, fn);
          }
        } else if constexpr (std::is_same_v<T, TestDecl>) {
          for (const TestItem& i : n.items) Walk(i.value, fn);
        }
      },
      decl.node);
}

}  // namespace bylaw::dsl::resolve_internal
