// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// Builds bylaw's AST (ast.h) from ANTLR's parse tree. The builder is split
// by grammar area: ast_builder.cpp (shared leaves), the module as a whole
// in streaming_build.cpp,
// ast_builder_decls.cpp, ast_builder_tables.cpp, ast_builder_exprs.cpp.
//
// The tree may be partial after syntax errors: every child accessor can
// return null, and the builder then leaves the AST part empty (optional
// parts) or puts a `none` literal placeholder where an expression is
// required, so later stages never meet a null they do not expect. Literal
// problems the grammar cannot see are reported here: `bad_date`,
// `number_out_of_range`, `invalid_escape`, `duplicate_rule_condition`,
// `duplicate_complete_facts`.
#ifndef BYLAW_DSL_SRC_PARSE_AST_BUILDER_H_
#define BYLAW_DSL_SRC_PARSE_AST_BUILDER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "BylawParser.h"
#include "antlr4-runtime.h"
#include "bylaw/dsl/ast.h"
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

class AstBuilder {
 public:
  using P = grammar_internal::BylawParser;
  using Terminal = antlr4::tree::TerminalNode;

  // With `streaming`, `nesting_too_deep` is reported each time, not once:
  // the caller builds parts out of source order and keeps the first report
  // in source order (streaming_build.h, which builds whole files).
  explicit AstBuilder(ParseContext& ctx, bool streaming = false);

  // Never null: a placeholder stands in for a missing expression.
  ExprPtr BuildExpr(P::ExprContext* expr, antlr4::ParserRuleContext* parent);
  // The parts of a module, in source order: the header, the imports, the
  // declarations. Null for a declaration that cannot be referred to (no
  // name). A table's rows are built one by one (BuildRow) and added by the
  // caller: BuildDecl leaves them empty.
  void BuildHeader(P::RulesetHeaderContext* ctx, RulesetHeader* header);
  Import BuildImport(P::ImportDeclContext* ctx);
  std::unique_ptr<Decl> BuildDecl(P::DeclarationContext* ctx);
  Row BuildRow(P::TableRowContext* ctx);

 private:
  // ---- ast_builder.cpp: ranges and leaves
  SourceRange Range(const antlr4::Token* token) const;
  SourceRange Range(Terminal* node) const;
  SourceRange Range(antlr4::ParserRuleContext* ctx) const;
  Ident MakeIdent(P::IdentContext* ctx, antlr4::ParserRuleContext* parent);
  std::optional<Ident> MaybeIdent(P::IdentContext* ctx);
  QualifiedName MakeQualifiedName(P::QualifiedNameContext* ctx,
                                  antlr4::ParserRuleContext* parent);
  std::optional<Text> MakeText(Terminal* string);
  std::optional<Text> MakeLabel(P::LabelContext* ctx);
  std::optional<Date> MakeDate(Terminal* date);
  std::optional<Effective> MakeEffective(antlr4::ParserRuleContext* item,
                                         const std::vector<Terminal*>& dates,
                                         Terminal* until);
  std::optional<std::int64_t> MakeInt(Terminal* number);
  TypeRef MakeTypeRef(P::TypeRefContext* ctx, antlr4::ParserRuleContext* parent);
  std::vector<Param> MakeParams(P::ParamListContext* ctx);
  std::vector<Ident> MakeIdentList(P::IdentListContext* ctx);

  // ---- ast_builder_decls.cpp
  void BuildEnum(P::EnumDeclContext* ctx, Decl* decl);
  void BuildRecord(P::RecordDeclContext* ctx, Decl* decl);
  void BuildParam(P::ParamDeclContext* ctx, Decl* decl);
  void BuildMatter(P::MatterDeclContext* ctx, Decl* decl);
  void BuildRule(P::RuleDeclContext* ctx, Decl* decl);
  void BuildScorecard(P::ScorecardDeclContext* ctx, Decl* decl);
  void BuildDecision(P::DecisionDeclContext* ctx, Decl* decl);
  void BuildTest(P::TestDeclContext* ctx, Decl* decl);

  // ---- ast_builder_tables.cpp
  void BuildTable(P::TableDeclContext* ctx, Decl* decl);
  Cell BuildCell(P::CellContext* ctx);
  UnaryTest BuildUnaryTest(P::UnaryTestContext* ctx);

  // ---- ast_builder_exprs.cpp
  ExprPtr Placeholder(SourceRange at);
  ExprPtr MakeExpr(SourceRange range, decltype(Expr::node) node, int depth);
  ExprPtr BuildOr(P::OrExprContext* ctx);
  ExprPtr BuildAnd(P::AndExprContext* ctx);
  ExprPtr BuildNot(P::NotExprContext* ctx);
  ExprPtr BuildCompare(P::CompareExprContext* ctx);
  ExprPtr BuildAdd(P::AddExprContext* ctx);
  ExprPtr BuildMul(P::MulExprContext* ctx);
  ExprPtr BuildUnary(P::UnaryExprContext* ctx);
  ExprPtr BuildPostfix(P::PostfixExprContext* ctx);
  ExprPtr BuildPrimary(P::PrimaryContext* ctx);
  ExprPtr BuildLiteral(P::LiteralContext* ctx);
  std::vector<FieldInit> BuildRecordBody(P::RecordBodyContext* ctx);
  // Left-associative chain `a op b op c` over a context's children.
  template <typename Operand, typename BuildFn, typename OpFn>
  ExprPtr BuildChain(antlr4::ParserRuleContext* ctx, BuildFn build, OpFn op);
  // Records the depth of a node being built; reports `nesting_too_deep`
  // once when the AST would be deeper than the limit.
  bool DepthOk(int depth, SourceRange at);

  ParseContext& ctx_;
  const bool streaming_;
  // Depth of the expression most recently returned by a Build* function.
  int last_depth_ = 0;
  // Recursion depth of BuildExpr, a backstop behind the token-level check.
  int recursion_ = 0;
  bool depth_reported_ = false;
};

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_AST_BUILDER_H_
