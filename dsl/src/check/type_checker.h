// TypeChecker: the pass that resolves the names inside expressions (with
// the scopes that ScopeBuilder built), gives every expression its type
// (Expr::type), every type reference its meaning (TypeRef::resolved), and
// checks each declaration kind: params, matters, tables, rules,
// scorecards, defs, lets, decisions and tests. Internal to dsl/src/check;
// bylaw/dsl/checker.h runs it.
//
// It keeps going after errors: an expression whose type cannot be found
// gets kError, which every later check accepts, so each mistake is
// reported once. Untyped lets and decision outputs are inferred on demand
// (a call of a decision needs its outputs' types); a declaration met again
// while being inferred is a cycle, which RecursionCheck reports.
//
// The implementation is split by area: type_checker.cpp (names, types,
// declarations), type_checker_exprs.cpp (expressions), and
// type_checker_tables.cpp (tables, matters, scorecards).
#ifndef BYLAW_DSL_SRC_CHECK_TYPE_CHECKER_H_
#define BYLAW_DSL_SRC_CHECK_TYPE_CHECKER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl::check_internal {

class TypeChecker {
 public:
  TypeChecker(Program& program, DiagnosticSink& sink)
      : program_(program), sink_(sink) {}
  void Run();

 private:
  // Names visible inside one expression, innermost last.
  struct Local {
    std::string name;
    Type type;
  };
  struct Env {
    const Ruleset* ruleset = nullptr;
    std::vector<Local> locals;
    const Decl* object = nullptr;  // a matter's `where`: the object record
    std::multiset<std::string> present;  // keys known not to be none
  };

  // ---- signatures and type references (type_checker.cpp)
  Type Resolve(TypeRef& ref, const Ruleset& ruleset);
  void ResolveSignature(Decl& decl, const Ruleset& ruleset);
  const Decl* LookupDecl(const Ruleset& ruleset, const Ident& name,
                         bool report);
  const Ruleset* RulesetOf(const Decl& decl) const;
  std::vector<const Decl*> VisibleEnums(const Ruleset& ruleset);
  std::vector<std::string> VisibleNames(const Ruleset& ruleset);
  Type LetType(const Decl& decl);
  Type DecisionType(const Decl& decl);
  Type CallResultType(const Decl& decl);
  Type TableResultType(const TableDecl& table);
  std::vector<Type> ParamTypes(const Decl& decl);

  // ---- declarations (type_checker.cpp)
  void CheckDecl(Decl& decl, const Ruleset& ruleset);
  void CheckParam(Decl& decl, ParamDecl& param, const Ruleset& ruleset);
  void CheckRule(Decl& decl, RuleDecl& rule, const Ruleset& ruleset);
  void CheckDecision(Decl& decl, DecisionDecl& decision,
                     const Ruleset& ruleset);
  void CheckTest(Decl& decl, TestDecl& test, const Ruleset& ruleset);
  void WarnConstantExpect(const Expr& expect);
  void CheckLet(const Decl& decl);
  Env EnvWithParams(const Ruleset& ruleset, const std::vector<Param>& params);
  // Checks `expr` where a `want` is required; reports `type_mismatch`
  // with `what` ("the value of `x`") when it does not fit.
  Type Expect(Expr& expr, const Type& want, Env& env, const std::string& what);
  void ExpectBool(Expr& expr, Env& env, const std::string& what);

  // ---- tables, matters, scorecards (type_checker_tables.cpp)
  void CheckTable(Decl& decl, TableDecl& table, const Ruleset& ruleset);
  void CheckCell(Cell& cell, const Type& column, Env& env);
  void CheckUnaryTest(UnaryTest& test, const Type& column, Env& env);
  void CheckConstant(const Expr& expr);
  void CheckMatter(Decl& decl, MatterDecl& matter, const Ruleset& ruleset);
  void CheckScorecard(Decl& decl, ScorecardDecl& card, const Ruleset& ruleset);

  // ---- expressions (type_checker_exprs.cpp)
  Type Check(Expr& expr, const Type* expected, Env& env);
  Type CheckNode(Expr& expr, const Type* expected, Env& env);
  Type CheckLiteral(LiteralExpr& lit, const Type* expected);
  Type CheckName(Expr& expr, NameExpr& name, const Type* expected, Env& env);
  Type ValueOf(const Decl& decl, const Ident& at);
  Type CheckField(Expr& expr, FieldExpr& field, Env& env);
  Type FieldOf(const Type& base, const Ident& field, const Expr& base_expr,
               Env& env);
  Type CheckUnary(UnaryExpr& u, Env& env);
  Type CheckBinary(Expr& expr, BinaryExpr& b, Env& env);
  Type CheckArith(Expr& expr, BinaryExpr& b, const Type& l, const Type& r);
  Type CheckIf(IfExpr& e, const Type* expected, Env& env);
  Type CheckCall(Expr& expr, CallExpr& call, Env& env);
  Type CheckBuiltin(Expr& expr, CallExpr& call, Env& env);
  Type CheckComprehension(ComprehensionExpr& c, Env& env);
  Type CheckRecord(RecordExpr& r, Env& env);
  Type CheckWith(WithExpr& w, Env& env);
  Type CheckList(ListExpr& l, const Type* expected, Env& env);
  void CheckFieldInits(const Decl& record, std::vector<FieldInit>& fields,
                       Env& env);
  // The enum that `expr` names when it is `E` or `alias.E`, else null.
  const Decl* EnumRef(Expr& expr, Env& env);
  bool IsLocal(const std::string& name, const Env& env) const;
  // Whether `expr` needs an expected type to be understood (a bare name
  // that is no local or declaration, `none`, an int).
  bool ContextDependent(const Expr& expr, const Env& env);
  // Reports using an optional value where a value is required; returns
  // the value type.
  Type RequirePresent(const Type& t, const Expr& expr, const char* use);
  // Narrowing: the keys that `cond` proves present when true (negate:
  // when false).
  void PresentKeys(const Expr& cond, bool when_true,
                   std::vector<std::string>& out);

  Program& program_;
  DiagnosticSink& sink_;
  std::map<const Ruleset*, std::vector<const Decl*>> enums_;
  std::map<const Decl*, Type> let_types_;
  std::map<const Decl*, Type> decision_types_;
  std::set<const Decl*> in_progress_;
  std::set<const Decl*> checked_lets_;
};

// The key that identifies `expr` for narrowing (`e.grade`, `cap(e, m)`),
// or empty when it is not a plain path.
std::string NarrowingKey(const Expr& expr);

}  // namespace bylaw::dsl::check_internal

#endif  // BYLAW_DSL_SRC_CHECK_TYPE_CHECKER_H_
