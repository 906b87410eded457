// Hand-built, already "checked" ASTs for lowering tests: expressions with
// their types and declaration links filled in as the checker would, so that
// lowering can be tested construct by construct without the front end.
#ifndef BYLAW_TESTS_LOWER_AST_FACTORY_H_
#define BYLAW_TESTS_LOWER_AST_FACTORY_H_

#include <memory>
#include <string>
#include <utility>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::testing {

inline Type Simple(TypeKind kind) { return Type::Of(kind); }

inline Type ListType(Type element) {
  Type t = Type::Of(TypeKind::kList);
  t.element = std::make_shared<const Type>(std::move(element));
  return t;
}

inline ExprPtr MakeExpr(decltype(Expr::node) node, Type type,
                        SourceRange range = {}) {
  auto e = std::make_unique<Expr>();
  e->node = std::move(node);
  e->type = std::move(type);
  e->range = range;
  return e;
}

inline ExprPtr IntLit(const std::string& digits) {
  LiteralExpr lit;
  lit.kind = LiteralKind::kInt;
  lit.text = digits;
  return MakeExpr(std::move(lit), Simple(TypeKind::kInt));
}

inline ExprPtr Lit(LiteralKind kind, const std::string& text, Type type) {
  LiteralExpr lit;
  lit.kind = kind;
  lit.text = text;
  return MakeExpr(std::move(lit), std::move(type));
}

inline ExprPtr Neg(ExprPtr operand) {
  Type t = operand->type;
  UnaryExpr u;
  u.op = UnaryOp::kNeg;
  u.operand = std::move(operand);
  return MakeExpr(std::move(u), t);
}

// A name linked to `decl` (null for a local), of type `type`.
inline ExprPtr Name(const std::string& text, const Decl* decl, Type type) {
  NameExpr n;
  n.name.text = text;
  n.decl = decl;
  return MakeExpr(std::move(n), std::move(type));
}

inline ExprPtr Field(ExprPtr base, const std::string& field, Type type) {
  FieldExpr f;
  f.base = std::move(base);
  f.field.text = field;
  return MakeExpr(std::move(f), std::move(type));
}

inline ExprPtr Binary(BinaryOp op, ExprPtr lhs, ExprPtr rhs, Type type) {
  BinaryExpr b;
  b.op = op;
  b.lhs = std::move(lhs);
  b.rhs = std::move(rhs);
  return MakeExpr(std::move(b), std::move(type));
}

inline UnaryTest Equal(ExprPtr v) {
  UnaryTest t;
  t.kind = UnaryTest::Kind::kEqual;
  t.value = std::move(v);
  return t;
}

inline UnaryTest Compare(CompareOp op, ExprPtr v) {
  UnaryTest t;
  t.kind = UnaryTest::Kind::kCompare;
  t.op = op;
  t.value = std::move(v);
  return t;
}

inline UnaryTest Interval(ExprPtr low, bool low_closed, ExprPtr high,
                          bool high_closed) {
  UnaryTest t;
  t.kind = UnaryTest::Kind::kInterval;
  t.value = std::move(low);
  t.high = std::move(high);
  t.low_closed = low_closed;
  t.high_closed = high_closed;
  return t;
}

inline std::unique_ptr<Decl> MakeDecl(DeclKind kind, const std::string& name,
                                      decltype(Decl::node) node) {
  auto d = std::make_unique<Decl>();
  d->kind = kind;
  d->name.text = name;
  d->node = std::move(node);
  return d;
}

inline std::unique_ptr<Decl> MakeEnum(
    const std::string& name, std::initializer_list<const char*> members) {
  EnumDecl e;
  for (const char* m : members) {
    EnumMember member;
    member.name.text = m;
    e.members.push_back(std::move(member));
  }
  return MakeDecl(DeclKind::kEnum, name, std::move(e));
}

}  // namespace bylaw::dsl::testing

#endif  // BYLAW_TESTS_LOWER_AST_FACTORY_H_
