// Building the AST during the parse, one declaration or table row at a
// time; see streaming_build.h.
#include "streaming_build.h"

#include <utility>
#include <variant>

namespace bylaw::dsl::parse_internal {

StreamingBuild::StreamingBuild(ParseContext& ctx, P& parser)
    : ctx_(ctx), parser_(parser), builder_(ctx, /*streaming=*/true) {
  // A declaration and a row: entering never allocates, so it cannot throw
  // between ANTLR's enterRule and the exitRule that undoes it.
  outer_.reserve(4);
}

StreamingBuild::~StreamingBuild() {
  // Only after an exception in the parse do trackers remain set aside.
  for (antlr4::tree::ParseTreeTracker& tracker : outer_) tracker.reset();
}

bool StreamingBuild::Splits(const antlr4::ParserRuleContext* ctx) {
  const std::size_t rule = ctx->getRuleIndex();
  return rule == P::RuleDeclaration || rule == P::RuleTableRow;
}

void StreamingBuild::enterEveryRule(antlr4::ParserRuleContext* ctx) {
  if (!Splits(ctx)) return;
  outer_.push_back(std::move(parser_.getTreeTracker()));
  parser_.getTreeTracker() = antlr4::tree::ParseTreeTracker();
}

void StreamingBuild::exitEveryRule(antlr4::ParserRuleContext* ctx) {
  if (!Splits(ctx)) return;
  // ANTLR calls this from a scope guard's destructor: nothing may escape,
  // and nothing is built while an exception unwinds the parse.
  if (!failure_ && !ctx_.stopped() && std::uncaught_exceptions() == uncaught_) {
    try {
      Build(ctx);
    } catch (...) {
      ctx_.DeferErrorsTo(nullptr);
      failure_ = std::current_exception();
    }
  }
  if (ctx->getRuleIndex() == P::RuleDeclaration) rows_.clear();
  Free(ctx);
}

void StreamingBuild::Build(antlr4::ParserRuleContext* ctx) {
  if (auto* row = dynamic_cast<P::TableRowContext*>(ctx)) {
    BuiltRow built;
    ctx_.DeferErrorsTo(&built.errors);
    built.row = builder_.BuildRow(row);
    ctx_.DeferErrorsTo(nullptr);
    rows_.push_back(std::move(built));
  } else if (auto* decl = dynamic_cast<P::DeclarationContext*>(ctx)) {
    BuiltDecl built;
    ctx_.DeferErrorsTo(&built.errors);
    built.decl = builder_.BuildDecl(decl);
    ctx_.DeferErrorsTo(nullptr);
    built.rows = std::move(rows_);
    decls_.push_back(std::move(built));
  }
}

void StreamingBuild::Free(antlr4::ParserRuleContext* ctx) noexcept {
  std::vector<antlr4::tree::ParseTree*>().swap(ctx->children);
  antlr4::tree::ParseTreeTracker& tracker = parser_.getTreeTracker();
  tracker.reset();
  if (!outer_.empty()) {
    tracker = std::move(outer_.back());
    outer_.pop_back();
  }
}

// As AstBuilder::DepthOk would have: `nesting_too_deep` once per file, the
// first in source order (rows were built before their table's header).
void StreamingBuild::Report(const std::vector<DeferredError>& errors) {
  for (const DeferredError& e : errors) {
    if (e.code == "nesting_too_deep") {
      if (depth_reported_) continue;
      depth_reported_ = true;
    }
    ctx_.Error(e.code, e.range, e.message, e.help, e.labels);
  }
}

// The module in source order, as a walk of the whole tree would build it:
// errors in that order, and no further declaration or row once the error
// budget is spent (the parse's own errors may have spent it already).
// An exception caught during the parse comes out where BuildModule's
// would have: after the parts built before it.
void StreamingBuild::Finish(P::FileContext* file, Module* module) {
  if (file == nullptr) return;
  builder_.BuildHeader(file->rulesetHeader(), &module->header);
  for (P::ImportDeclContext* import : file->importDecl()) {
    module->imports.push_back(builder_.BuildImport(import));
  }
  for (BuiltDecl& built : decls_) {
    if (ctx_.stopped()) break;
    Report(built.errors);
    auto* table = built.decl == nullptr
                      ? nullptr
                      : std::get_if<TableDecl>(&built.decl->node);
    for (BuiltRow& row : built.rows) {
      if (ctx_.stopped()) break;
      Report(row.errors);
      if (table != nullptr) table->rows.push_back(std::move(row.row));
    }
    if (built.decl != nullptr) module->decls.push_back(std::move(built.decl));
  }
  decls_.clear();
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace bylaw::dsl::parse_internal
