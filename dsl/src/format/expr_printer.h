// Internal to dsl/src/format (public API: bylaw/dsl/formatter.h).
//
// Canonical spelling of the small pieces of bylaw: expressions, types,
// literals, strings, dates and decision-table cells. Everything here prints
// on one line; the layout of declarations is formatter.cpp's job.
//
// Parentheses: the printer writes those that precedence requires, and keeps
// the author's parentheses only where they help a reader: around an `if`,
// around `and` mixed into `or` (`a or (b and c)`), and around a comparison
// under `not` (`not (xs contains x)`). Others (`(x)`, `a and (b == c)`,
// `(a * b) + c`) are dropped. The choice depends only on the AST, so
// formatting twice gives the same text.
#ifndef BYLAW_DSL_SRC_FORMAT_EXPR_PRINTER_H_
#define BYLAW_DSL_SRC_FORMAT_EXPR_PRINTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::format_internal {

// A string literal with quotes, escaping `"`, `\`, newline and tab and
// writing other control characters as `\u{XX}`.
std::string Quote(const std::string& value);
std::string DateText(const Date& date);
// `effective 2025-01-01 until 2026-01-01`
std::string EffectiveText(const Effective& effective);
std::string TypeText(const TypeRef& type);
// `(a: T, b: U)`
std::string ParamsText(const std::vector<Param>& params);
// With `source` (the text the expression was parsed from), a record
// literal or `with` update that the author spread over several lines keeps
// one field per line, indented two spaces deeper than the line it starts
// on; the result then contains newlines. Without it, all on one line.
std::string ExprText(const Expr& expr, std::string_view source = {});
// One unary test of a cell or a band: `A`, `>= 3`, `[1..4)`.
std::string UnaryTestText(const UnaryTest& test);
// A table cell: `-`, `A, B`, `not(A, B)`.
std::string CellText(const Cell& cell);

}  // namespace bylaw::dsl::format_internal

#endif  // BYLAW_DSL_SRC_FORMAT_EXPR_PRINTER_H_
