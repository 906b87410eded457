// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// The state shared by the parser's phases for one file: the file, the sink,
// the limits, the error budget, and the map from code point indexes (what
// ANTLR counts) to byte offsets (what SourceRange holds).
#ifndef BYLAW_DSL_SRC_PARSE_PARSE_CONTEXT_H_
#define BYLAW_DSL_SRC_PARSE_PARSE_CONTEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::parse_internal {

// An error the AST builder met while it ran during the parse
// (streaming_build.h), held back to be reported after the parse's own.
struct DeferredError {
  std::string code;
  SourceRange range;
  std::string message;
  std::string help;
  std::vector<DiagnosticLabel> labels;
};

class ParseContext {
 public:
  ParseContext(const SourceFile& file, DiagnosticSink& sink,
               const ParseOptions& options)
      : file_(file), sink_(sink), options_(options) {}

  const SourceFile& file() const { return file_; }
  const ParseOptions& options() const { return options_; }

  // Adds an error unless `max_errors` have already been reported; the first
  // error over the budget becomes a single `too_many_errors` instead, and
  // from then on `stopped()` is true and every phase winds down. Returns
  // whether the error was added.
  bool Error(const std::string& code, SourceRange range,
             const std::string& message, const std::string& help = {},
             const std::vector<DiagnosticLabel>& labels = {});
  bool stopped() const { return stopped_; }
  // While `into` is set (null ends it), Error() appends to it and neither
  // reports nor counts; the caller reports them through Error() later.
  void DeferErrorsTo(std::vector<DeferredError>* into) { deferred_ = into; }
  int error_count() const { return errors_; }

  SourceRange Bytes(std::uint32_t begin, std::uint32_t end) const {
    return SourceRange{file_.id(), begin, end};
  }
  // Code point index -> byte offset; `index` may be one past the last code
  // point (the end of the file).
  std::uint32_t ByteAt(std::size_t index) const {
    if (offsets_.empty()) return 0;
    if (index >= offsets_.size()) return offsets_.back();
    return offsets_[index];
  }
  // The byte range of code points [first, last] (inclusive, as ANTLR's
  // token start/stop indexes are).
  SourceRange CodePoints(std::size_t first, std::size_t last) const {
    return Bytes(ByteAt(first), ByteAt(last + 1));
  }
  std::vector<std::uint32_t>& offsets() { return offsets_; }

 private:
  const SourceFile& file_;
  DiagnosticSink& sink_;
  ParseOptions options_;
  int errors_ = 0;
  bool stopped_ = false;
  std::vector<DeferredError>* deferred_ = nullptr;
  // offsets_[i] is the byte offset of code point i; one extra entry holds
  // the file size.
  std::vector<std::uint32_t> offsets_;
};

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_PARSE_CONTEXT_H_
