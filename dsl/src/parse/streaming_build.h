// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// Builds a file's AST while ANTLR parses it, so that the parse tree never
// holds more than the declaration being parsed (and, in a table, the row
// being parsed): the parse tree of a 100,000-row table is about a gigabyte
// (docs/testing.md, analyze_scale), its AST a fraction of that.
//
// ANTLR's parser owns every node of a parse in one ParseTreeTracker and
// frees them only with the parser. On entering a declaration or a table
// row, StreamingBuild sets the parser's tracker aside and gives it an empty
// one; on leaving, it builds that part's AST, detaches the part's children
// and frees them with that tracker, and puts the outer tracker back. The
// part's own node was made before the swap, so it stays, childless, in its
// parent: the rest of the parse (error recovery included) only looks at
// the nodes still being parsed and their ancestors, which stay whole.
//
// The module is what AstBuilder::BuildModule over the whole tree would
// give, diagnostics included: the builder's errors are held back
// (ParseContext::DeferErrorsTo) and reported after the parse, in
// BuildModule's order and with its stops at the error budget.
#ifndef BYLAW_DSL_SRC_PARSE_STREAMING_BUILD_H_
#define BYLAW_DSL_SRC_PARSE_STREAMING_BUILD_H_

#include <exception>
#include <memory>
#include <vector>

#include "BylawParser.h"
#include "antlr4-runtime.h"
#include "ast_builder.h"
#include "bylaw/dsl/ast.h"
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

// A parse listener for one run of BylawParser::file(); add it with
// addParseListener before the run and call Finish after. Not copyable.
class StreamingBuild final : public antlr4::tree::ParseTreeListener {
 public:
  using P = grammar_internal::BylawParser;

  StreamingBuild(ParseContext& ctx, P& parser);
  ~StreamingBuild() override;
  StreamingBuild(const StreamingBuild&) = delete;
  StreamingBuild& operator=(const StreamingBuild&) = delete;

  // Fills `module` from `file`, the tree parser.file() returned (its
  // declarations are childless by then). Rethrows what building threw
  // during the parse, where the listener could not let it through.
  void Finish(P::FileContext* file, Module* module);

  void enterEveryRule(antlr4::ParserRuleContext* ctx) override;
  void exitEveryRule(antlr4::ParserRuleContext* ctx) override;
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  struct BuiltRow {
    Row row;
    std::vector<DeferredError> errors;
  };
  struct BuiltDecl {
    std::unique_ptr<Decl> decl;  // null as BuildDecl gives it
    std::vector<DeferredError> errors;
    std::vector<BuiltRow> rows;  // a table's, in order
  };

  static bool Splits(const antlr4::ParserRuleContext* ctx);
  void Build(antlr4::ParserRuleContext* ctx);
  void Free(antlr4::ParserRuleContext* ctx) noexcept;
  void Report(const std::vector<DeferredError>& errors);

  ParseContext& ctx_;
  P& parser_;
  AstBuilder builder_;
  // Trackers set aside on entering a part, innermost last.
  std::vector<antlr4::tree::ParseTreeTracker> outer_;
  std::vector<BuiltRow> rows_;  // of the table being parsed
  std::vector<BuiltDecl> decls_;
  std::exception_ptr failure_;
  const int uncaught_ = std::uncaught_exceptions();
  bool depth_reported_ = false;
};

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_STREAMING_BUILD_H_
