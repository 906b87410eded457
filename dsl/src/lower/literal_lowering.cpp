// Literal lowering (see literal_lowering.h).
#include "literal_lowering.h"

#include <cstdint>
#include <cstdio>
#include <limits>

#include "bylaw/bundle/schema.h"
#include "bylaw/runtime/decimal.h"
#include "type_lowering.h"

namespace bylaw::dsl::lower_internal {
namespace {

// Reports why the decimal or percent `shown` does not fit the runtime's
// decimal (bylaw/runtime/decimal.h, the one reader of both), or returns
// true when it does.
bool CheckDecimal(const std::string& number, int digits, const std::string& shown,
                  const SourceRange& range, const LoweringContext& ctx) {
  std::int64_t units = 0;
  const runtime::DecimalStatus status = runtime::ParseDecimalText(number, &units, digits);
  const std::string what = digits == runtime::kPercentDigits ? "percentage `" : "decimal `";
  switch (status) {
    case runtime::DecimalStatus::kOk:
      return true;
    case runtime::DecimalStatus::kTooPrecise:
      ctx.sink()
          .Error("lower_decimal_precision", range,
                 what + shown + "` " + runtime::DecimalStatusText(status, digits))
          .Help(digits == runtime::kPercentDigits
                    ? "a percentage is stored with six decimal digits; round it to at most "
                      "four digits after the point"
                    : "round it to at most six digits after the point");
      return false;
    case runtime::DecimalStatus::kOutOfRange:
    case runtime::DecimalStatus::kSyntax:
      ctx.sink()
          .Error("lower_decimal_range", range,
                 what + shown + "` " +
                     runtime::DecimalStatusText(runtime::DecimalStatus::kOutOfRange, digits))
          .Help("decimals are exact fixed-point numbers from " +
                std::string(runtime::kDecimalRangeText) +
                "; use a smaller unit (thousands, millions) for larger amounts");
      return false;
  }
  return false;
}

// Parses the digits of an int literal, negated when asked, without
// overflow. Nullopt when it does not fit in 64 bits.
std::optional<std::int64_t> ParseInt(const std::string& digits, bool negate) {
  if (digits.empty()) return std::nullopt;
  // Accumulate negatively so that INT64_MIN is representable.
  std::int64_t value = 0;
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (value < (kMin + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
  }
  if (negate) return value;
  if (value == kMin) return std::nullopt;
  return -value;
}

}  // namespace

std::string FormatDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year % 10000,
                date.month % 100, date.day % 100);
  return buffer;
}

nlohmann::json TypedLiteral(const char* kind, nlohmann::json value) {
  return {{"op", bundle::op::kLit}, {"type", KindType(kind)}, {"value", std::move(value)}};
}

nlohmann::json EnumMemberLiteral(const std::string& enum_name,
                                 const std::string& member) {
  return {{"op", bundle::op::kLit},
          {"type", NamedType(bundle::kind::kEnum, enum_name)},
          {"value", member}};
}

nlohmann::json NoneLiteral() {
  return {{"op", bundle::op::kLit}, {"type", KindType(bundle::kind::kNone)}};
}

std::optional<nlohmann::json> LowerLiteral(const LiteralExpr& literal,
                                           const Type& type, bool negate,
                                           const SourceRange& range,
                                           const LoweringContext& ctx) {
  // `1` or `none` where an enum with such members is expected denotes the
  // member (docs/design/semantics.md, "Names and types").
  if (type.kind == TypeKind::kEnum && type.decl != nullptr && !negate &&
      (literal.kind == LiteralKind::kInt ||
       literal.kind == LiteralKind::kNone)) {
    return EnumMemberLiteral(
        ctx.Qualified(*type.decl),
        literal.kind == LiteralKind::kNone ? "none" : literal.text);
  }
  const std::string sign = negate ? "-" : "";
  switch (literal.kind) {
    case LiteralKind::kInt: {
      std::optional<std::int64_t> value = ParseInt(literal.text, negate);
      if (!value) {
        ctx.sink()
            .Error("lower_int_range", range,
                   "integer `" + sign + literal.text +
                       "` does not fit in 64 bits")
            .Help("integers range from -9223372036854775808 to "
                  "9223372036854775807");
        return std::nullopt;
      }
      return TypedLiteral(bundle::kind::kInt, *value);
    }
    case LiteralKind::kDecimal:
      if (!CheckDecimal(sign + literal.text, runtime::kDecimalDigits, sign + literal.text, range,
                        ctx)) {
        return std::nullopt;
      }
      return TypedLiteral(bundle::kind::kDecimal, sign + literal.text);
    case LiteralKind::kPercent:
      if (!CheckDecimal(sign + literal.text, runtime::kPercentDigits, sign + literal.text + "%",
                        range, ctx)) {
        return std::nullopt;
      }
      return TypedLiteral(bundle::kind::kPercent, sign + literal.text + "%");
    case LiteralKind::kText: return TypedLiteral(bundle::kind::kText, literal.text);
    case LiteralKind::kDate: return TypedLiteral(bundle::kind::kDate, FormatDate(literal.date));
    case LiteralKind::kBool: return TypedLiteral(bundle::kind::kBool, literal.bool_value);
    case LiteralKind::kNone: return NoneLiteral();
    case LiteralKind::kDuration: {
      const bool one = literal.text == "1";
      const char* unit = "";
      switch (literal.unit) {
        case DurationUnit::kDays: unit = one ? "day" : "days"; break;
        case DurationUnit::kMonths: unit = one ? "month" : "months"; break;
        case DurationUnit::kYears: unit = one ? "year" : "years"; break;
      }
      return TypedLiteral(bundle::kind::kDuration, literal.text + " " + unit);
    }
  }
  return std::nullopt;
}

}  // namespace bylaw::dsl::lower_internal
