// Expressions: precedence, associativity, every operator and literal form,
// checked through an S-expression dump of the AST (table-driven).
#include <catch2/catch.hpp>

#include <string>

#include "parse_test_util.h"

namespace bylaw::dsl {
namespace {

std::string Dump(const Expr& e);

std::string DumpFields(const std::vector<FieldInit>& fields) {
  std::string out;
  for (const FieldInit& f : fields) out += " " + f.name.text + ":" + Dump(*f.value);
  return out;
}

const char* OpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kIn: return "in";
    case BinaryOp::kNotIn: return "not-in";
    case BinaryOp::kContains: return "contains";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
  }
  return "?";
}

std::string Dump(const Expr& e) {
  struct V {
    std::string operator()(const LiteralExpr& l) const {
      switch (l.kind) {
        case LiteralKind::kInt: return l.text;
        case LiteralKind::kDecimal: return "dec:" + l.text;
        case LiteralKind::kPercent: return "pct:" + l.text;
        case LiteralKind::kText: return "\"" + l.text + "\"";
        case LiteralKind::kDate:
          return "date:" + std::to_string(l.date.year) + "/" +
                 std::to_string(l.date.month) + "/" + std::to_string(l.date.day);
        case LiteralKind::kBool: return l.bool_value ? "true" : "false";
        case LiteralKind::kNone: return "none";
        case LiteralKind::kDuration:
          return "dur:" + l.text +
                 (l.unit == DurationUnit::kDays     ? "d"
                  : l.unit == DurationUnit::kMonths ? "m"
                                                    : "y");
      }
      return "?";
    }
    std::string operator()(const NameExpr& n) const { return n.name.text; }
    std::string operator()(const FieldExpr& f) const {
      return "(. " + Dump(*f.base) + " " + f.field.text + ")";
    }
    std::string operator()(const UnaryExpr& u) const {
      return std::string(u.op == UnaryOp::kNot ? "(not " : "(neg ") +
             Dump(*u.operand) + ")";
    }
    std::string operator()(const BinaryExpr& b) const {
      return std::string("(") + OpName(b.op) + " " + Dump(*b.lhs) + " " +
             Dump(*b.rhs) + ")";
    }
    std::string operator()(const IsNoneExpr& i) const {
      return std::string(i.negated ? "(is-not-none " : "(is-none ") +
             Dump(*i.operand) + ")";
    }
    std::string operator()(const IfExpr& i) const {
      return "(if " + Dump(*i.cond) + " " + Dump(*i.then_expr) + " " +
             Dump(*i.else_expr) + ")";
    }
    std::string operator()(const CallExpr& c) const {
      std::string out = "(call " + c.callee.text;
      for (const auto& a : c.args) out += " " + Dump(*a);
      return out + ")";
    }
    std::string operator()(const ComprehensionExpr& c) const {
      return "(" + c.op.text + " " + c.var.text + " " + Dump(*c.source) + " " +
             Dump(*c.body) + ")";
    }
    std::string operator()(const RecordExpr& r) const {
      return "(record " + r.type_name.ToString() + DumpFields(r.fields) + ")";
    }
    std::string operator()(const WithExpr& w) const {
      return "(with " + Dump(*w.base) + DumpFields(w.fields) + ")";
    }
    std::string operator()(const ListExpr& l) const {
      std::string out = l.is_set ? "(set" : "(list";
      for (const auto& i : l.items) out += " " + Dump(*i);
      return out + ")";
    }
  };
  return std::visit(V{}, e.node);
}

struct ExprCase {
  const char* input;
  const char* dump;
};

TEST_CASE("expressions parse with the documented precedence") {
  static const ExprCase kCases[] = {
      {"1 + 2 * 3", "(+ 1 (* 2 3))"},
      {"1 - 2 - 3", "(- (- 1 2) 3)"},
      {"8 / 4 / 2", "(/ (/ 8 4) 2)"},
      {"(1 + 2) * 3", "(* (+ 1 2) 3)"},
      {"-a.b", "(neg (. a b))"},
      {"- -1", "(neg (neg 1))"},
      {"a or b and c", "(or a (and b c))"},
      {"a and b or c", "(or (and a b) c)"},
      {"not a and b", "(and (not a) b)"},
      {"not not a", "(not (not a))"},
      {"a == b + 1", "(== a (+ b 1))"},
      {"a != b", "(!= a b)"},
      {"a < b", "(< a b)"},
      {"a <= b", "(<= a b)"},
      {"a > b", "(> a b)"},
      {"a >= b", "(>= a b)"},
      {"x in {A, B}", "(in x (set A B))"},
      {"x not in [A, B,]", "(not-in x (list A B))"},
      {"xs contains x", "(contains xs x)"},
      {"x is none", "(is-none x)"},
      {"x.y is not none", "(is-not-none (. x y))"},
      {"if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"},
      {"f()", "(call f)"},
      {"f(a, b + 1)", "(call f a (+ b 1))"},
      {"any(p in e.penalties : p.serious)",
       "(any p (. e penalties) (. p serious))"},
      {"count(x in xs : x > 1) >= 2", "(>= (count x xs (> x 1)) 2)"},
      {"Enterprise { id: \"x\", credit: A }",
       "(record Enterprise id:\"x\" credit:A)"},
      {"national.Inspector { certified: true }",
       "(record national.Inspector certified:true)"},
      {"e with { credit: D } with { risk: low }",
       "(with (with e credit:D) risk:low)"},
      {"may_inspect(e).reasons.code",
       "(. (. (call may_inspect e) reasons) code)"},
      {"[]", "(list)"},
      {"{}", "(set)"},
      {"12", "12"},
      {"2.50", "dec:2.50"},
      {"3%", "pct:3"},
      {"12.5%", "pct:12.5"},
      {"2024-02-29", "date:2024/2/29"},
      {"true", "true"},
      {"false", "false"},
      {"none", "none"},
      {"30 days", "dur:30d"},
      {"1 day", "dur:1d"},
      {"6 months", "dur:6m"},
      {"1 month", "dur:1m"},
      {"1 year", "dur:1y"},
      {"2 years", "dur:2y"},
      {"2024-10-01 + 1 year", "(+ date:2024/10/1 dur:1y)"},
      {"\"a\\\"b\\\\c\\n\\t\\u{4E2D}\"", "\"a\"b\\c\n\t中\""},
      {"level + type", "(+ level type)"},  // soft keywords as names
      {"year(d)", "(call year d)"},
  };
  for (const ExprCase& c : kCases) {
    DYNAMIC_SECTION(c.input) {
      SourceManager sources;
      FileId id = sources.Add("e.bylaw", c.input);
      DiagnosticSink sink;
      std::unique_ptr<Expr> e = ParseExpression(sources.file(id), sink);
      INFO(c.input);
      CHECK(sink.diagnostics().empty());
      REQUIRE(e != nullptr);
      CHECK(Dump(*e) == c.dump);
    }
  }
}

TEST_CASE("expression ranges are the written text, parentheses included") {
  SourceManager sources;
  const std::string text = "(a + b) * f(c).d";
  FileId id = sources.Add("e.bylaw", text);
  DiagnosticSink sink;
  auto e = ParseExpression(sources.file(id), sink);
  REQUIRE(e);
  const SourceFile& f = sources.file(id);
  CHECK(f.Slice(e->range) == text);
  const auto& mul = std::get<BinaryExpr>(e->node);
  CHECK(f.Slice(mul.lhs->range) == "(a + b)");
  CHECK(mul.lhs->parenthesized);
  CHECK(f.Slice(mul.rhs->range) == "f(c).d");
  const auto& field = std::get<FieldExpr>(mul.rhs->node);
  CHECK(f.Slice(field.base->range) == "f(c)");
  CHECK(f.Slice(field.field.range) == "d");
}

TEST_CASE("ranges are byte offsets after multi-byte text") {
  SourceManager sources;
  const std::string text = "\"南通市\" == x";
  FileId id = sources.Add("e.bylaw", text);
  DiagnosticSink sink;
  auto e = ParseExpression(sources.file(id), sink);
  REQUIRE(e);
  const auto& eq = std::get<BinaryExpr>(e->node);
  CHECK(eq.lhs->range.begin == 0);
  CHECK(eq.lhs->range.end == 11);  // 2 quotes + 3 * 3 bytes
  CHECK(sources.file(id).Slice(eq.rhs->range) == "x");
  CHECK(eq.rhs->range.begin == 15);
}

TEST_CASE("trailing text after an expression is an error") {
  SourceManager sources;
  FileId id = sources.Add("e.bylaw", "a + b c");
  DiagnosticSink sink;
  auto e = ParseExpression(sources.file(id), sink);
  REQUIRE(sink.diagnostics().size() == 1);
  CHECK(sink.diagnostics()[0].code == "syntax_error");
  CHECK(sources.file(id).Slice(sink.diagnostics()[0].range) == "c");
}

}  // namespace
}  // namespace bylaw::dsl
