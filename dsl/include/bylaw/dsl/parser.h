// The bylaw parser: source text in, bylaw AST (ast.h) out.
//
//   SourceManager sources;
//   FileId id = sources.Add("rules.bylaw", text);
//   DiagnosticSink sink;
//   std::unique_ptr<Module> module = Parse(sources.file(id), sink);
//   if (sink.has_errors()) { /* render sink.Sorted() */ }
//
// The parser never throws and never crashes on any input, including
// invalid UTF-8, binary data and pathological nesting: every problem is a
// Diagnostic in the sink (codes in docs/diagnostics.md, "Syntax
// (parser)"), and the returned Module holds whatever could be parsed. No ANTLR type appears
// here; the generated code stays inside dsl/src/parse.
//
// Parse is reentrant: separate calls may run on separate threads, each
// with its own sink.
#ifndef BYLAW_DSL_PARSER_H_
#define BYLAW_DSL_PARSER_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

// Limits that keep hostile or broken input cheap to reject.
struct ParseOptions {
  // Larger files are rejected with `file_too_large` before lexing.
  std::size_t max_file_bytes = 16u << 20;  // 16 MiB
  // Deepest bracket / prefix-operator / `if` nesting accepted; deeper input
  // is rejected with `nesting_too_deep` before parsing, so the recursive
  // descent parser and the AST builder never exhaust the stack.
  int max_nesting = 200;
  // After this many errors the parser stops with `too_many_errors`.
  int max_errors = 50;
};

// Parses one file. Always returns a Module (never null) whose `file` is
// `file.id()`; after errors the Module is partial: declarations that could
// not be read are left out or have empty parts. Syntax problems are added
// to `sink` as errors; the function itself never fails.
std::unique_ptr<Module> Parse(const SourceFile& file, DiagnosticSink& sink,
                              const ParseOptions& options = {});

// Parses `file`'s whole text as one expression (no ruleset header); for
// tests and tools such as a REPL. Returns null only when nothing that looks
// like an expression could be read; diagnostics go to `sink` as for Parse.
std::unique_ptr<Expr> ParseExpression(const SourceFile& file,
                                      DiagnosticSink& sink,
                                      const ParseOptions& options = {});

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_PARSER_H_
