// Structural equality of AST nodes (see ast.h).
//
// `==` compares what the author wrote: source ranges and the slots later
// stages fill (types, resolved declarations, the module back-pointer) are
// ignored, so a file re-parsed after `bylaw fmt` compares equal to the
// original. Children held by unique_ptr compare by pointee; two nulls are
// equal, a null and a non-null are not.
#include "bylaw/dsl/ast.h"

#include <cstddef>

namespace bylaw::dsl {
namespace {

template <typename T>
bool PtrEq(const std::unique_ptr<T>& a, const std::unique_ptr<T>& b) {
  if (a == nullptr || b == nullptr) return a == b;
  return *a == *b;
}

template <typename T>
bool PtrsEq(const std::vector<std::unique_ptr<T>>& a,
            const std::vector<std::unique_ptr<T>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!PtrEq(a[i], b[i])) return false;
  }
  return true;
}

}  // namespace

std::string QualifiedName::ToString() const {
  std::string out;
  for (const Ident& part : parts) {
    if (!out.empty()) out += '.';
    out += part.text;
  }
  return out;
}

bool TypeRef::operator==(const TypeRef& o) const {
  return name == o.name && PtrsEq(args, o.args) && optional == o.optional;
}

bool LiteralExpr::operator==(const LiteralExpr& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case LiteralKind::kBool:
      return bool_value == o.bool_value;
    case LiteralKind::kDate:
      return date == o.date;
    case LiteralKind::kNone:
      return true;
    case LiteralKind::kDuration:
      return text == o.text && unit == o.unit;
    default:
      return text == o.text;
  }
}

bool FieldExpr::operator==(const FieldExpr& o) const {
  return field == o.field && PtrEq(base, o.base);
}

bool UnaryExpr::operator==(const UnaryExpr& o) const {
  return op == o.op && PtrEq(operand, o.operand);
}

bool BinaryExpr::operator==(const BinaryExpr& o) const {
  return op == o.op && PtrEq(lhs, o.lhs) && PtrEq(rhs, o.rhs);
}

bool IsNoneExpr::operator==(const IsNoneExpr& o) const {
  return negated == o.negated && PtrEq(operand, o.operand);
}

bool IfExpr::operator==(const IfExpr& o) const {
  return PtrEq(cond, o.cond) && PtrEq(then_expr, o.then_expr) &&
         PtrEq(else_expr, o.else_expr);
}

bool CallExpr::operator==(const CallExpr& o) const {
  return callee == o.callee && PtrsEq(args, o.args);
}

bool ComprehensionExpr::operator==(const ComprehensionExpr& o) const {
  return op == o.op && var == o.var && PtrEq(source, o.source) &&
         PtrEq(body, o.body);
}

bool FieldInit::operator==(const FieldInit& o) const {
  return name == o.name && PtrEq(value, o.value);
}

bool RecordExpr::operator==(const RecordExpr& o) const {
  return type_name == o.type_name && fields == o.fields;
}

bool WithExpr::operator==(const WithExpr& o) const {
  return PtrEq(base, o.base) && fields == o.fields;
}

bool ListExpr::operator==(const ListExpr& o) const {
  return is_set == o.is_set && PtrsEq(items, o.items);
}

bool UnaryTest::operator==(const UnaryTest& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kEqual:
      return PtrEq(value, o.value);
    case Kind::kCompare:
      return op == o.op && PtrEq(value, o.value);
    case Kind::kInterval:
      return PtrEq(value, o.value) && PtrEq(high, o.high) &&
             low_closed == o.low_closed && high_closed == o.high_closed;
  }
  return false;
}

bool Cell::operator==(const Cell& o) const {
  return any == o.any && negated == o.negated && tests == o.tests;
}

bool Row::operator==(const Row& o) const {
  return id == o.id && is_default == o.is_default && inputs == o.inputs &&
         PtrsEq(outputs, o.outputs) && basis == o.basis &&
         effective == o.effective && priority == o.priority &&
         except_basis == o.except_basis;
}

bool Param::operator==(const Param& o) const {
  return name == o.name && type == o.type;
}

bool EnumMember::operator==(const EnumMember& o) const {
  return name == o.name && label == o.label;
}

bool FieldDecl::operator==(const FieldDecl& o) const {
  return name == o.name && type == o.type && label == o.label;
}

bool RecordDecl::operator==(const RecordDecl& o) const {
  return is_facts == o.is_facts && fields == o.fields;
}

bool ParamValue::operator==(const ParamValue& o) const {
  return from == o.from && PtrEq(value, o.value) && basis == o.basis &&
         note == o.note && unverified == o.unverified;
}

bool ParamDecl::operator==(const ParamDecl& o) const {
  return type == o.type && values == o.values && basis == o.basis &&
         note == o.note && unverified == o.unverified;
}

bool MatterDecl::operator==(const MatterDecl& o) const {
  // `items` records where each keyword was written; only the keywords and
  // their order are structure.
  if (items.size() != o.items.size()) return false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].first != o.items[i].first) return false;
  }
  return type == o.type && content == o.content &&
         object_type == o.object_type &&
         PtrEq(object_filter, o.object_filter) && methods == o.methods &&
         level == o.level && initiator == o.initiator &&
         cooperators == o.cooperators && delegable == o.delegable &&
         key == o.key && scenario == o.scenario && effective == o.effective;
}

bool TableOutput::operator==(const TableOutput& o) const {
  return name == o.name && type == o.type;
}

bool TableDecl::operator==(const TableDecl& o) const {
  return params == o.params && outputs == o.outputs &&
         hit_policy == o.hit_policy && aggregator == o.aggregator &&
         hit_written == o.hit_written && partial == o.partial &&
         effective == o.effective && overrides == o.overrides &&
         tightens == o.tightens && except_basis == o.except_basis &&
         PtrsEq(input_columns, o.input_columns) &&
         output_columns == o.output_columns && rows == o.rows;
}

bool RuleExcept::operator==(const RuleExcept& o) const {
  return PtrEq(when, o.when) && basis == o.basis && followup == o.followup;
}

bool RuleDecl::operator==(const RuleDecl& o) const {
  return params == o.params && forbid == o.forbid &&
         PtrEq(condition, o.condition) && excepts == o.excepts &&
         code == o.code && message == o.message && effective == o.effective;
}

bool Indicator::operator==(const Indicator& o) const {
  return name == o.name && label == o.label && PtrEq(weight, o.weight) &&
         PtrEq(value, o.value);
}

bool Band::operator==(const Band& o) const {
  return test == o.test && PtrEq(grade, o.grade);
}

bool ScorecardDecl::operator==(const ScorecardDecl& o) const {
  return params == o.params && grade_type == o.grade_type &&
         indicators == o.indicators && bands == o.bands;
}

bool DefDecl::operator==(const DefDecl& o) const {
  return params == o.params && result_type == o.result_type &&
         PtrEq(body, o.body);
}

bool LetDecl::operator==(const LetDecl& o) const {
  return type == o.type && PtrEq(value, o.value);
}

bool DecisionItem::operator==(const DecisionItem& o) const {
  return kind == o.kind && name == o.name && type == o.type &&
         PtrEq(value, o.value) && PtrEq(fallback, o.fallback);
}

bool DecisionDecl::operator==(const DecisionDecl& o) const {
  return params == o.params && items == o.items &&
         complete_facts.has_value() == o.complete_facts.has_value();
}

bool TestItem::operator==(const TestItem& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kAsOf:
      return as_of == o.as_of;
    case Kind::kGiven:
      return name == o.name && PtrEq(value, o.value);
    case Kind::kExpect:
      return PtrEq(value, o.value) && fails == o.fails;
  }
  return false;
}

bool IsEvaluationErrorCode(const std::string& code) {
  // Keep in step with the runtime's codes (docs/bundle.md, section 6).
  static constexpr const char* kCodes[] = {
      "MISSING_FACT",     "MISSING_PARAM", "NOT_IN_FORCE", "NO_MATCH",
      "UNIQUE_VIOLATION", "ANY_VIOLATION", "TYPE_ERROR",   "ARITHMETIC",
  };
  for (const char* c : kCodes) {
    if (code == c) return true;
  }
  return false;
}

bool Decl::operator==(const Decl& o) const {
  return kind == o.kind && name == o.name && label == o.label &&
         basis == o.basis && node == o.node;
}

bool Import::operator==(const Import& o) const {
  return ruleset == o.ruleset && alias == o.alias;
}

bool RulesetHeader::operator==(const RulesetHeader& o) const {
  return id == o.id && title == o.title && level == o.level &&
         jurisdiction == o.jurisdiction && effective == o.effective &&
         status == o.status && source == o.source && version == o.version;
}

bool Module::operator==(const Module& o) const {
  return header == o.header && imports == o.imports && PtrsEq(decls, o.decls);
}

const char* BinaryOpSpelling(BinaryOp op) {
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
    case BinaryOp::kNotIn: return "not in";
    case BinaryOp::kContains: return "contains";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
  }
  return "?";
}

const std::vector<std::string>& LevelKeywords() {
  static const std::vector<std::string> names = {"national", "provincial", "municipal", "county"};
  return names;
}

const char* LevelKeyword(Level level) {
  return LevelKeywords()[static_cast<std::size_t>(level)].c_str();
}

const std::vector<std::string>& StatusKeywords() {
  static const std::vector<std::string> names = {"in_force", "trial", "repealed"};
  return names;
}

const char* StatusKeyword(RulesetStatus status) {
  return StatusKeywords()[static_cast<std::size_t>(status)].c_str();
}

const char* DeclKindKeyword(DeclKind kind) {
  switch (kind) {
    case DeclKind::kEnum: return "enum";
    case DeclKind::kRecord: return "record";
    case DeclKind::kParam: return "param";
    case DeclKind::kScenario: return "scenario";
    case DeclKind::kReason: return "reason";
    case DeclKind::kMatter: return "matter";
    case DeclKind::kTable: return "table";
    case DeclKind::kRule: return "rule";
    case DeclKind::kScorecard: return "scorecard";
    case DeclKind::kDef: return "def";
    case DeclKind::kLet: return "let";
    case DeclKind::kDecision: return "decision";
    case DeclKind::kTest: return "test";
  }
  return "declaration";
}

}  // namespace bylaw::dsl
