// Canonical spelling of expressions and cells (see expr_printer.h).
#include "expr_printer.h"

#include <cstdint>
#include <cstdio>
#include <type_traits>
#include <variant>

namespace bylaw::dsl::format_internal {
namespace {

// Binding strength, loosest first, as in grammar/Bylaw.g4.
enum Prec : int {
  kIf = 0,
  kOr,
  kAnd,
  kNot,
  kCompare,
  kAdd,
  kMul,
  kNegate,
  kPostfix,
};

Prec BinaryPrec(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kOr;
    case BinaryOp::kAnd: return kAnd;
    case BinaryOp::kAdd:
    case BinaryOp::kSub: return kAdd;
    case BinaryOp::kMul:
    case BinaryOp::kDiv: return kMul;
    default: return kCompare;
  }
}

const char* CompareSpelling(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "==";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

Prec PrecOf(const Expr& expr) {
  if (const auto* lit = std::get_if<LiteralExpr>(&expr.node)) {
    // A folded negative number reads like a negation.
    return !lit->text.empty() && lit->text[0] == '-' ? kNegate : kPostfix;
  }
  if (std::holds_alternative<IfExpr>(expr.node)) return kIf;
  if (const auto* b = std::get_if<BinaryExpr>(&expr.node)) {
    return BinaryPrec(b->op);
  }
  if (const auto* u = std::get_if<UnaryExpr>(&expr.node)) {
    return u->op == UnaryOp::kNot ? kNot : kNegate;
  }
  if (std::holds_alternative<IsNoneExpr>(expr.node)) return kCompare;
  return kPostfix;
}

std::string LiteralText(const LiteralExpr& lit) {
  switch (lit.kind) {
    case LiteralKind::kInt:
    case LiteralKind::kDecimal: return lit.text;
    case LiteralKind::kPercent: return lit.text + "%";
    case LiteralKind::kText: return Quote(lit.text);
    case LiteralKind::kDate: return DateText(lit.date);
    case LiteralKind::kBool: return lit.bool_value ? "true" : "false";
    case LiteralKind::kNone: return "none";
    case LiteralKind::kDuration: {
      bool one = lit.text == "1";
      const char* unit = "days";
      switch (lit.unit) {
        case DurationUnit::kDays: unit = one ? "day" : "days"; break;
        case DurationUnit::kMonths: unit = one ? "month" : "months"; break;
        case DurationUnit::kYears: unit = one ? "year" : "years"; break;
      }
      return lit.text + " " + unit;
    }
  }
  return lit.text;
}

class Printer {
 public:
  explicit Printer(std::string_view source) : source_(source) {}

  // The operator an operand belongs to, for keeping the author's
  // parentheses where they spare the reader a precedence rule.
  enum class Parent { kNone, kOr, kAnd, kNot, kOther };

  // `min` is the loosest precedence the position accepts unparenthesized.
  std::string Print(const Expr& expr, int min, Parent parent) {
    Prec prec = PrecOf(expr);
    const Expr* outer = current_;
    current_ = &expr;
    std::string text = Bare(expr);
    current_ = outer;
    bool needed = prec < min;
    return needed || (expr.parenthesized && Helps(expr, prec, parent))
               ? "(" + text + ")"
               : text;
  }

 private:
  // Parentheses the grammar does not need but a reader may: around an
  // `if`, around `and` inside `or` (and the reverse), and around a
  // comparison under `not` (`not (xs contains x)`).
  static bool Helps(const Expr& expr, Prec prec, Parent parent) {
    if (prec == kIf) return true;
    if (parent == Parent::kOr) return prec == kAnd;
    if (parent == Parent::kAnd) return prec == kOr;
    if (parent == Parent::kNot) return prec == kCompare;
    return false;
  }

  // Whether the author put a line break between `from` and the first field.
  bool Broken(std::uint32_t from, const std::vector<FieldInit>& fields) const {
    if (source_.empty() || fields.empty() || !fields[0].range.valid()) {
      return false;
    }
    std::uint32_t to = fields[0].range.begin;
    return from < to && to <= source_.size() &&
           source_.substr(from, to - from).find('\n') != std::string_view::npos;
  }

  std::string Fields(const std::vector<FieldInit>& fields, bool broken) {
    if (fields.empty()) return "{}";
    if (broken) {
      ++depth_;
      std::string out = "{";
      for (const FieldInit& f : fields) {
        out += "\n" + std::string(2 * depth_, ' ') + f.name.text + ": " +
               Sub(f.value, 0, Parent::kNone);
      }
      --depth_;
      return out + "\n" + std::string(2 * depth_, ' ') + "}";
    }
    std::string out = "{ ";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ", ";
      out += fields[i].name.text + ": " + Sub(fields[i].value, 0, Parent::kNone);
    }
    return out + " }";
  }

  std::string_view source_;
  const Expr* current_ = nullptr;
  int depth_ = 0;  // nesting of records laid out one field per line

  std::string List(const std::vector<ExprPtr>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      out += Sub(items[i], 0, Parent::kNone);
    }
    return out;
  }

  std::string Sub(const ExprPtr& expr, int min, Parent parent) {
    // A null child only comes from a partial parse; print a placeholder so
    // that the mistake is visible rather than silently dropped.
    return expr == nullptr ? "none" : Print(*expr, min, parent);
  }

  std::string Bare(const Expr& expr) {
    return std::visit([this](const auto& n) { return Node(n); }, expr.node);
  }

  std::string Node(const LiteralExpr& n) { return LiteralText(n); }
  std::string Node(const NameExpr& n) { return n.name.text; }
  std::string Node(const FieldExpr& n) {
    return Sub(n.base, kPostfix, Parent::kOther) + "." + n.field.text;
  }
  std::string Node(const UnaryExpr& n) {
    if (n.op == UnaryOp::kNot) return "not " + Sub(n.operand, kNot, Parent::kNot);
    std::string operand = Sub(n.operand, kNegate, Parent::kOther);
    return (!operand.empty() && operand[0] == '-' ? "- " : "-") + operand;
  }
  std::string Node(const BinaryExpr& n) {
    Prec prec = BinaryPrec(n.op);
    // Comparisons do not chain: both sides sit one level tighter. The other
    // operators associate to the left.
    int lhs_min = prec == kCompare ? kAdd : prec;
    int rhs_min = prec == kCompare ? kAdd : prec + 1;
    Parent parent = n.op == BinaryOp::kOr    ? Parent::kOr
                    : n.op == BinaryOp::kAnd ? Parent::kAnd
                                             : Parent::kOther;
    return Sub(n.lhs, lhs_min, parent) + " " + BinaryOpSpelling(n.op) + " " +
           Sub(n.rhs, rhs_min, parent);
  }
  std::string Node(const IsNoneExpr& n) {
    return Sub(n.operand, kAdd, Parent::kOther) +
           (n.negated ? " is not none" : " is none");
  }
  std::string Node(const IfExpr& n) {
    return "if " + Sub(n.cond, kIf, Parent::kNone) + " then " +
           Sub(n.then_expr, kIf, Parent::kNone) + " else " +
           Sub(n.else_expr, kIf, Parent::kNone);
  }
  std::string Node(const CallExpr& n) {
    return n.callee.text + "(" + List(n.args) + ")";
  }
  std::string Node(const ComprehensionExpr& n) {
    return n.op.text + "(" + n.var.text + " in " +
           Sub(n.source, kIf, Parent::kNone) + " : " +
           Sub(n.body, kIf, Parent::kNone) + ")";
  }
  std::string Node(const RecordExpr& n) {
    bool broken = current_->range.valid() && Broken(current_->range.begin, n.fields);
    return n.type_name.ToString() + " " + Fields(n.fields, broken);
  }
  std::string Node(const WithExpr& n) {
    bool broken = n.base && n.base->range.valid() &&
                  Broken(n.base->range.end, n.fields);
    return Sub(n.base, kPostfix, Parent::kOther) + " with " + Fields(n.fields, broken);
  }
  std::string Node(const ListExpr& n) {
    return n.is_set ? "{" + List(n.items) + "}" : "[" + List(n.items) + "]";
  }
};

}  // namespace

std::string Quote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7f) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u{%X}", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string DateText(const Date& date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month,
                date.day);
  return buf;
}

std::string EffectiveText(const Effective& effective) {
  std::string out = "effective " + DateText(effective.from);
  if (effective.until) out += " until " + DateText(*effective.until);
  return out;
}

std::string TypeText(const TypeRef& type) {
  std::string out = type.name.ToString();
  if (!type.args.empty()) {
    out += "<";
    for (std::size_t i = 0; i < type.args.size(); ++i) {
      if (i > 0) out += ", ";
      out += type.args[i] ? TypeText(*type.args[i]) : "?";
    }
    out += ">";
  }
  if (type.optional) out += "?";
  return out;
}

std::string ParamsText(const std::vector<Param>& params) {
  std::string out = "(";
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ", ";
    out += params[i].name.text + ": " + TypeText(params[i].type);
  }
  return out + ")";
}

std::string ExprText(const Expr& expr, std::string_view source) {
  Printer printer(source);
  return printer.Print(expr, kIf, Printer::Parent::kNone);
}

std::string UnaryTestText(const UnaryTest& test) {
  auto value = [](const ExprPtr& e) {
    return e == nullptr ? std::string("none") : ExprText(*e);
  };
  switch (test.kind) {
    case UnaryTest::Kind::kEqual: {
      std::string text = value(test.value);
      // `not (x)` in a cell would read back as the negated cell `not(x)`.
      if (text.rfind("not (", 0) == 0) text = "(" + text + ")";
      return text;
    }
    case UnaryTest::Kind::kCompare:
      return std::string(CompareSpelling(test.op)) + " " + value(test.value);
    case UnaryTest::Kind::kInterval:
      return (test.low_closed ? "[" : "(") + value(test.value) + ".." +
             value(test.high) + (test.high_closed ? "]" : ")");
  }
  return "";
}

std::string CellText(const Cell& cell) {
  if (cell.any) return "-";
  std::string tests;
  for (std::size_t i = 0; i < cell.tests.size(); ++i) {
    if (i > 0) tests += ", ";
    tests += UnaryTestText(cell.tests[i]);
  }
  return cell.negated ? "not(" + tests + ")" : tests;
}

}  // namespace bylaw::dsl::format_internal
