// The bylaw formatter: the canonical layout of a rule file (`bylaw fmt`).
//
//   SourceManager sources;
//   FileId id = sources.Add("rules.bylaw", text);
//   FormatResult result = FormatSource(sources.file(id));
//   if (!result.ok) { /* render result.diagnostics; leave the file alone */ }
//   else if (result.changed) { /* write result.text */ }
//
// The canonical layout: two-space indentation; header items, block items
// and table items one per line; one blank line between multi-line
// declarations (the author's single blank lines inside blocks are kept,
// longer runs collapse); canonical spacing around operators; only the
// parentheses that precedence needs, plus the author's around an `if` or
// around an operator inside another operator; strings re-escaped; decision
// tables aligned by display width (a Chinese character counts two columns)
// with row ids in their own column. Lines are never wrapped; two line
// breaks are the author's to choose and are kept: a `def` body started on
// its own line, and a record literal (or `with`) spread one field per line.
// Comments stay where they were: a comment at the end of a line stays
// there, any other comment keeps its own line above what follows it (a
// comment inside a construct printed on one line moves above it).
//
// Formatting never changes meaning: FormatSource re-parses its output and
// refuses (ok == false) unless the syntax tree is unchanged (ast.h `==`)
// and formatting the output again gives the same text.
//
// Both functions are reentrant; they keep no state between calls.
#ifndef BYLAW_DSL_FORMATTER_H_
#define BYLAW_DSL_FORMATTER_H_

#include <string>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

// The canonical text of `module`, which must have been parsed from `file`
// without errors (its ranges and comments point into `file`). The result
// ends with one newline.
std::string Format(const Module& module, const SourceFile& file);

struct FormatResult {
  // False when the file has syntax errors (in `diagnostics`) or when the
  // formatter could not prove the output equivalent; `text` is then empty.
  bool ok = false;
  std::string text;      // the canonical text, when ok
  bool changed = false;  // whether `text` differs from the file's text
  std::vector<Diagnostic> diagnostics;
};

// Parses `file`, formats it and checks the output (see above). Internal
// failures are reported as `fmt_changed_meaning` or `fmt_unstable` errors.
FormatResult FormatSource(const SourceFile& file,
                          const ParseOptions& options = {});

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_FORMATTER_H_
