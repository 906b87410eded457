// The parser's entry points (bylaw/dsl/parser.h): limits, UTF-8 decoding,
// token preparation, the ANTLR parse with bylaw's error strategy, and the
// AST builder (run during the parse), with every exception stopped at this
// boundary.
#include "bylaw/dsl/parser.h"

#include <exception>
#include <new>

#include "BylawLexer.h"
#include "BylawParser.h"
#include "antlr4-runtime.h"
#include "ast_builder.h"
#include "parse_context.h"
#include "streaming_build.h"
#include "syntax_errors.h"
#include "token_prep.h"
#include "utf8_input.h"

namespace bylaw::dsl {
namespace {

using grammar_internal::BylawLexer;
using grammar_internal::BylawParser;
using parse_internal::AstBuilder;
using parse_internal::CodePointStream;
using parse_internal::InputKind;
using parse_internal::ParseContext;
using parse_internal::PreparedTokens;

bool CheckSize(ParseContext& ctx) {
  const std::size_t size = ctx.file().text().size();
  if (size <= ctx.options().max_file_bytes) return true;
  ctx.Error("file_too_large", ctx.Bytes(0, 0),
            "file is " + std::to_string(size) + " bytes; the limit is " +
                std::to_string(ctx.options().max_file_bytes),
            "split the ruleset into several files");
  return false;
}

// Everything one parse owns, in destruction-safe order: tokens point into
// the input and lexer, the parse tree into the token stream.
struct ParseRun {
  explicit ParseRun(std::u32string code_points)
      : input(std::move(code_points)), lexer(&input) {}
  CodePointStream input;
  BylawLexer lexer;
  PreparedTokens prepared;
  std::unique_ptr<antlr4::ListTokenSource> source;
  std::unique_ptr<antlr4::CommonTokenStream> stream;
  std::unique_ptr<BylawParser> parser;
  std::unique_ptr<parse_internal::SyntaxErrorListener> listener;
};

// Lexes and prepares the tokens, then sets up the parser; null when the
// parser must not run.
BylawParser* Prepare(ParseContext& ctx, ParseRun& run, InputKind kind) {
  run.prepared = PrepareTokens(ctx, run.input, run.lexer, kind);
  if (!run.prepared.parse) return nullptr;
  run.source = std::make_unique<antlr4::ListTokenSource>(
      std::move(run.prepared.tokens));
  run.stream = std::make_unique<antlr4::CommonTokenStream>(run.source.get());
  run.stream->fill();
  run.parser = std::make_unique<BylawParser>(run.stream.get());
  run.parser->removeErrorListeners();
  run.listener = std::make_unique<parse_internal::SyntaxErrorListener>(ctx);
  run.parser->addErrorListener(run.listener.get());
  run.parser->setErrorHandler(
      std::make_shared<parse_internal::SyntaxErrorStrategy>(
          ctx, run.prepared.enclosing_open));
  return run.parser.get();
}

void ReportInternal(ParseContext& ctx, const char* what) {
  ctx.Error("internal_error", ctx.Bytes(0, 0),
            std::string("the parser stopped unexpectedly: ") + what,
            "please report this file to the bylaw maintainers");
}

// A module whose header could not be read still gets a valid (empty)
// header range at the start of the file, so later stages can point at it.
std::unique_ptr<Module> Finish(std::unique_ptr<Module> module) {
  RulesetHeader& header = module->header;
  if (!header.range.valid()) {
    header.range = SourceRange{module->file, 0, 0};
  }
  if (!header.id.range.valid()) header.id.range = header.range;
  return module;
}

std::unique_ptr<Module> ParseModule(const SourceFile& file,
                                    DiagnosticSink& sink,
                                    const ParseOptions& options) {
  auto module = std::make_unique<Module>();
  module->file = file.id();
  ParseContext ctx(file, sink, options);
  if (!CheckSize(ctx)) return module;
  try {
    ParseRun run(parse_internal::DecodeUtf8(ctx));
    BylawParser* parser = Prepare(ctx, run, InputKind::kFile);
    module->comments = std::move(run.prepared.comments);
    if (parser == nullptr) return module;
    // The AST is built during the parse (streaming_build.h), so the parse
    // tree never holds more than one declaration or table row.
    parse_internal::StreamingBuild build(ctx, *parser);
    parser->addParseListener(&build);
    BylawParser::FileContext* tree = parser->file();
    parser->removeParseListener(&build);
    build.Finish(tree, module.get());
  } catch (const std::bad_alloc&) {
    ReportInternal(ctx, "out of memory");
  } catch (const std::exception& e) {
    ReportInternal(ctx, e.what());
  } catch (...) {
    ReportInternal(ctx, "unknown exception");
  }
  return module;
}

}  // namespace

std::unique_ptr<Module> Parse(const SourceFile& file, DiagnosticSink& sink,
                              const ParseOptions& options) {
  return Finish(ParseModule(file, sink, options));
}

std::unique_ptr<Expr> ParseExpression(const SourceFile& file,
                                      DiagnosticSink& sink,
                                      const ParseOptions& options) {
  ParseContext ctx(file, sink, options);
  if (!CheckSize(ctx)) return nullptr;
  try {
    ParseRun run(parse_internal::DecodeUtf8(ctx));
    BylawParser* parser = Prepare(ctx, run, InputKind::kExpression);
    if (parser == nullptr) return nullptr;
    BylawParser::ExprContext* tree = parser->expr();
    antlr4::Token* next = parser->getCurrentToken();
    if (next != nullptr && next->getType() != antlr4::Token::EOF) {
      ctx.Error("syntax_error",
                ctx.CodePoints(next->getStartIndex(), next->getStopIndex()),
                "expected end of input after the expression, found `" +
                    next->getText() + "`");
    }
    AstBuilder builder(ctx);
    return builder.BuildExpr(tree, tree);
  } catch (const std::bad_alloc&) {
    ReportInternal(ctx, "out of memory");
  } catch (const std::exception& e) {
    ReportInternal(ctx, e.what());
  } catch (...) {
    ReportInternal(ctx, "unknown exception");
  }
  return nullptr;
}

}  // namespace bylaw::dsl
