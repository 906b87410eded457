// Helpers shared by the parser tests: parse a string, find declarations,
// describe diagnostics.
#ifndef BYLAW_TESTS_PARSE_PARSE_TEST_UTIL_H_
#define BYLAW_TESTS_PARSE_PARSE_TEST_UTIL_H_

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::testing {

struct Parsed {
  std::unique_ptr<SourceManager> sources = std::make_unique<SourceManager>();
  FileId file = kNoFile;
  DiagnosticSink sink;
  std::unique_ptr<Module> module;

  const SourceFile& source() const { return sources->file(file); }
  std::string Slice(const SourceRange& r) const {
    return std::string(source().Slice(r));
  }
  const Decl& decl(std::size_t i) const { return *module->decls.at(i); }
  template <typename T>
  const T& node(std::size_t i) const {
    return std::get<T>(module->decls.at(i)->node);
  }
  // "code@line:col" for each diagnostic, in report order.
  std::vector<std::string> Codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : sink.diagnostics()) {
      LineCol at = source().LineColAt(d.range.begin);
      out.push_back(d.code + "@" + std::to_string(at.line) + ":" +
                    std::to_string(at.column));
    }
    return out;
  }
};

inline std::unique_ptr<Parsed> ParseText(std::string text,
                                         const ParseOptions& options = {}) {
  auto p = std::make_unique<Parsed>();
  p->file = p->sources->Add("test.bylaw", std::move(text));
  p->module = Parse(p->sources->file(p->file), p->sink, options);
  return p;
}

// Parses `decls` after a minimal header.
inline std::unique_ptr<Parsed> ParseDecls(const std::string& decls) {
  return ParseText("ruleset t\n" + decls);
}

}  // namespace bylaw::dsl::testing

#endif  // BYLAW_TESTS_PARSE_PARSE_TEST_UTIL_H_
