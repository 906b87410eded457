// Literals as Bundle `lit` expressions (docs/bundle.md, section 4):
// integers as JSON integers, decimals and percents as exact strings, dates
// and durations in their canonical spelling, enum members by name.
// Internal to dsl/src/lower.
#ifndef BYLAW_DSL_SRC_LOWER_LITERAL_LOWERING_H_
#define BYLAW_DSL_SRC_LOWER_LITERAL_LOWERING_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bylaw/dsl/ast.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

// `{"op": "lit", "type": TYPE, "value": ...}` for `literal`, whose checked
// type is `type` (an enum type when an int or `none` denotes a member).
// `negate` folds a unary minus written before a number. Reports
// `lower_int_range` or `lower_decimal_precision` at `range` and returns
// nullopt when the value does not fit the format.
std::optional<nlohmann::json> LowerLiteral(const LiteralExpr& literal,
                                           const Type& type, bool negate,
                                           const SourceRange& range,
                                           const LoweringContext& ctx);

// A literal of an enum member: `{"op": "lit", "type": {"kind": "enum",
// "name": "national.CreditClass"}, "value": "A"}`.
nlohmann::json EnumMemberLiteral(const std::string& enum_name,
                                 const std::string& member);

// A literal of the type `{"kind": kind}` (bundle::kind::kText, kMatter, ...)
// and `value`.
nlohmann::json TypedLiteral(const char* kind, nlohmann::json value);

// The literal none: `{"op": "lit", "type": {"kind": "none"}}`.
nlohmann::json NoneLiteral();

// `YYYY-MM-DD`.
std::string FormatDate(const Date& date);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_LITERAL_LOWERING_H_
