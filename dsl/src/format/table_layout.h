// Internal to dsl/src/format (public API: bylaw/dsl/formatter.h).
//
// The aligned body of a decision table: the header row and one line per
// row, columns padded to a common display width so that tables with
// Chinese text line up in a terminal and in editors that use a CJK font.
#ifndef BYLAW_DSL_SRC_FORMAT_TABLE_LAYOUT_H_
#define BYLAW_DSL_SRC_FORMAT_TABLE_LAYOUT_H_

#include <string>
#include <vector>

#include "bylaw/dsl/ast.h"

namespace bylaw::dsl::format_internal {

// Returns 1 + rows.size() lines, header first, without indentation:
//
//         | c    || ratio |
//   @low  | A    || 3%    |
//   @mid  | B, C || 20%   | basis "..."
//
// Row ids get a column of their own before the first `|` when any row has
// one; a `default` row's word spans all input columns; row items follow
// the closing `|`.
std::vector<std::string> TableLines(const TableDecl& table);

}  // namespace bylaw::dsl::format_internal

#endif  // BYLAW_DSL_SRC_FORMAT_TABLE_LAYOUT_H_
