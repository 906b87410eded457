// Expression walks (see expr_visit.h).
#include "expr_visit.h"

#include <variant>
#include <vector>

namespace bylaw::dsl::analyze_internal {

void VisitExpr(const Expr& expr, const std::function<void(const Expr&)>& f) {
  std::vector<const Expr*> stack{&expr};
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    f(*e);
    auto push = [&](const ExprPtr& p) {
      if (p) stack.push_back(p.get());
    };
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, FieldExpr>) {
            push(n.base);
          } else if constexpr (std::is_same_v<T, UnaryExpr>) {
            push(n.operand);
          } else if constexpr (std::is_same_v<T, BinaryExpr>) {
            push(n.lhs);
            push(n.rhs);
          } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
            push(n.operand);
          } else if constexpr (std::is_same_v<T, IfExpr>) {
            push(n.cond);
            push(n.then_expr);
            push(n.else_expr);
          } else if constexpr (std::is_same_v<T, CallExpr>) {
            for (const ExprPtr& a : n.args) push(a);
          } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
            push(n.source);
            push(n.body);
          } else if constexpr (std::is_same_v<T, RecordExpr>) {
            for (const FieldInit& i : n.fields) push(i.value);
          } else if constexpr (std::is_same_v<T, WithExpr>) {
            push(n.base);
            for (const FieldInit& i : n.fields) push(i.value);
          } else if constexpr (std::is_same_v<T, ListExpr>) {
            for (const ExprPtr& i : n.items) push(i);
          }
        },
        e->node);
  }
}

void VisitDeclExprs(const Decl& decl,
                    const std::function<void(const Expr&)>& f) {
  auto visit = [&](const ExprPtr& p) {
    if (p) VisitExpr(*p, f);
  };
  auto test = [&](const UnaryTest& t) {
    visit(t.value);
    visit(t.high);
  };
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ParamDecl>) {
          for (const ParamValue& v : n.values) visit(v.value);
        } else if constexpr (std::is_same_v<T, MatterDecl>) {
          visit(n.object_filter);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          for (const ExprPtr& c : n.input_columns) visit(c);
          for (const Row& row : n.rows) {
            for (const Cell& cell : row.inputs) {
              for (const UnaryTest& t : cell.tests) test(t);
            }
            for (const ExprPtr& o : row.outputs) visit(o);
          }
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          visit(n.condition);
          for (const RuleExcept& x : n.excepts) visit(x.when);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          for (const Indicator& i : n.indicators) {
            visit(i.weight);
            visit(i.value);
          }
          for (const Band& b : n.bands) {
            test(b.test);
            visit(b.grade);
          }
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          visit(n.body);
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          visit(n.value);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          for (const DecisionItem& i : n.items) {
            visit(i.value);
            visit(i.fallback);
          }
        } else if constexpr (std::is_same_v<T, TestDecl>) {
          for (const TestItem& i : n.items) visit(i.value);
        }
      },
      decl.node);
}

}  // namespace bylaw::dsl::analyze_internal
