// Helpers shared by the format tests: parse a text, format it, and check
// the two promises of bylaw fmt (same syntax tree, stable output).
#ifndef BYLAW_TESTS_FORMAT_FORMAT_TEST_UTIL_H_
#define BYLAW_TESTS_FORMAT_FORMAT_TEST_UTIL_H_

#include <memory>
#include <string>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/formatter.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::format_test {

// One parsed text; keeps the SourceManager alive for ranges and comments.
struct Parsed {
  SourceManager sources;
  FileId id = kNoFile;
  std::unique_ptr<Module> module;
  std::string errors;  // rendered diagnostics, empty when clean

  const SourceFile& file() const { return sources.file(id); }
};

inline std::unique_ptr<Parsed> ParseText(const std::string& text,
                                         const std::string& path = "t.bylaw") {
  auto p = std::make_unique<Parsed>();
  p->id = p->sources.Add(path, text);
  DiagnosticSink sink;
  p->module = Parse(p->sources.file(p->id), sink);
  if (sink.has_errors()) p->errors = RenderText(sink.Sorted(), p->sources);
  return p;
}

inline std::string FormatText(const std::string& text) {
  auto p = ParseText(text);
  return p->errors.empty() ? Format(*p->module, p->file()) : "";
}

}  // namespace bylaw::dsl::format_test

#endif  // BYLAW_TESTS_FORMAT_FORMAT_TEST_UTIL_H_
