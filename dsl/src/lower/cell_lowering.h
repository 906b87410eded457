// Table cells and scorecard band tests as normalised unary tests
// (docs/bundle.md, 3.7): `{"any": true}` or `{"not", "eq", "ranges"}`.
// Internal to dsl/src/lower.
//
//   -            {"any": true}
//   A, B         {"not": false, "eq": [A, B], "ranges": []}
//   >= 3         {"not": false, "eq": [], "ranges": [[3, null)]}
//   [1..4)       ranges [{"low": 1, "low_closed": true, "high": 4,
//                         "high_closed": false}]
//   not(A, B)    {"not": true, "eq": [A, B], "ranges": []}
//   != v         {"not": true, "eq": [v], "ranges": []}
//   3, != 5      != inside a list becomes the ranges (null, 5) and (5, null)
#ifndef BYLAW_DSL_SRC_LOWER_CELL_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_CELL_LOWERING_H_

#include <nlohmann/json.hpp>

#include "bylaw/dsl/ast.h"
#include "expr_lowering.h"

namespace bylaw::dsl::lower_internal {

nlohmann::json LowerCell(const Cell& cell, ExprLowerer& exprs);

// One test on its own, as a scorecard band is written.
nlohmann::json LowerUnaryTest(const UnaryTest& test, ExprLowerer& exprs);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_CELL_LOWERING_H_
