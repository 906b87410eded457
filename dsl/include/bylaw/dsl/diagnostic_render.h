// Rendering diagnostics for people and for tools.
//
// Text form, one block per diagnostic:
//
//   rules/a.bylaw:12:7: error[unknown_name]: unknown name `credit`
//      |
//   12 |   when e.credit == A
//      |          ^^^^^^ 
//      = help: did you mean `credit_class`?
//
// Carets sit under the display columns of the range, so lines with Chinese
// text (two columns a character) still line up. The JSON form is an array
// of objects with file, line, column, end_line, end_column, severity, code,
// message, help and labels.
#ifndef BYLAW_DSL_DIAGNOSTIC_RENDER_H_
#define BYLAW_DSL_DIAGNOSTIC_RENDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct RenderOptions {
  bool color = false;      // ANSI colours for a terminal
  bool snippet = true;     // the source line with carets
};

std::string RenderText(const Diagnostic& diagnostic,
                       const SourceManager& sources,
                       const RenderOptions& options = {});
std::string RenderText(const std::vector<Diagnostic>& diagnostics,
                       const SourceManager& sources,
                       const RenderOptions& options = {});
std::string RenderJson(const std::vector<Diagnostic>& diagnostics,
                       const SourceManager& sources);

// Terminal columns the UTF-8 text occupies (CJK characters count 2, combining
// marks 0, a tab 4; snippets print tabs as 4 spaces). Invalid bytes count 1.
std::size_t DisplayWidth(std::string_view utf8);

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_DIAGNOSTIC_RENDER_H_
