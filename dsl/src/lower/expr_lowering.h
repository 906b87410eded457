// Expressions as the Bundle's expression IR (docs/bundle.md, section 5).
// Internal to dsl/src/lower.
//
// Names become `var` (locals: params, lets, comprehension variables),
// `param`, `global` (top-level lets) or literals (enum members, matters);
// calls become call_table/call_rule/call_scorecard/call_def or a builtin
// `call`. A unary minus before a number literal is folded into the literal,
// so that table cells such as `>= -1` stay constants.
#ifndef BYLAW_DSL_SRC_LOWER_EXPR_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_EXPR_LOWERING_H_

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/dsl/ast.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

// The bundle IR's opcode for a binary operator (docs/bundle.md, section 5).
const char* BinaryOpName(BinaryOp op);

// Lowers the expressions of one module (imports and aliases are per file).
// Errors are reported to the context's sink; the returned JSON then holds
// a placeholder `none` literal in the failing spot, and the caller discards
// the bundle.
class ExprLowerer {
 public:
  ExprLowerer(const LoweringContext& ctx, const Module& module)
      : ctx_(ctx), module_(module) {}

  // `substitutions`, when given, maps subexpressions to the name of a
  // local that already holds their value: each is lowered as that `var`
  // (a test's hoisted decision calls, test_lowering.h).
  nlohmann::json Lower(const Expr& expr,
                       const std::unordered_map<const Expr*, std::string>* substitutions = nullptr);
  // The bundle encoding of `type` (type_lowering.h); reports
  // `lower_untyped` at `range` when the checker left it unknown.
  nlohmann::json TypeOf(const Type& type, const SourceRange& range);

  // The declaration that a bare or alias-qualified name denotes
  // (`ratio_class_a`, `nat.credit_score`), or null for locals and
  // anything else.
  const Decl* StaticDecl(const Expr& expr) const;

  // Lowers a matter's `object ... where` filter, in which the object's
  // fields are bare names: each becomes a field of the variable
  // `kObjectVar` (docs/bundle.md 3.5). `record` is the object's type.
  nlohmann::json LowerObjectFilter(const Expr& filter, const Decl& record);
  static constexpr const char* kObjectVar = "$object";

  const LoweringContext& context() const { return ctx_; }
  const Module& module() const { return module_; }

 private:
  nlohmann::json LowerAt(const Expr& expr, int depth);
  nlohmann::json LowerName(const Expr& expr, const NameExpr& name);
  nlohmann::json LowerDeclRef(const Expr& expr, const Decl& decl,
                              const std::string& written);
  nlohmann::json LowerField(const Expr& expr, const FieldExpr& field,
                            int depth);
  nlohmann::json LowerCall(const Expr& expr, const CallExpr& call, int depth);
  nlohmann::json LowerFields(const std::vector<FieldInit>& fields, int depth);
  nlohmann::json Unsupported(const SourceRange& range,
                             const std::string& what);

  const LoweringContext& ctx_;
  const Module& module_;
  // While lowering an object filter: its record, and the comprehension
  // variables in scope there, which shadow the record's fields.
  const Decl* object_record_ = nullptr;
  std::vector<std::string> object_locals_;
  // While lowering with substitutions (Lower's argument).
  const std::unordered_map<const Expr*, std::string>* substitutions_ = nullptr;
};

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_EXPR_LOWERING_H_
