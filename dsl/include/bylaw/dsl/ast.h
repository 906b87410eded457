// bylaw's own abstract syntax tree.
//
// The parser (dsl/src/parse) builds it from ANTLR's parse tree; no ANTLR type
// appears here. Later stages read it and fill the semantic slots marked
// "filled by": resolution links names to declarations, the type checker
// stores each expression's type. Every node carries the SourceRange it came
// from; `==` compares structure and ignores ranges and semantic slots, so a
// file re-parsed after formatting compares equal to the original.
//
// Ownership: a Module owns its declarations; nodes own their children
// through unique_ptr. Nodes are movable, not copyable. Declarations never
// move once a Module is built, so pointers to them stay valid for the life
// of the Module.
#ifndef BYLAW_DSL_AST_H_
#define BYLAW_DSL_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "bylaw/dsl/source.h"
#include "bylaw/dsl/types.h"

namespace bylaw::dsl {

struct Decl;

// A name as written, with its location.
struct Ident {
  std::string text;
  SourceRange range;
  bool operator==(const Ident& o) const { return text == o.text; }
};

// A dotted name: `national.credit_risk`, `CreditClass.A`.
struct QualifiedName {
  std::vector<Ident> parts;
  SourceRange range;
  std::string ToString() const;
  bool operator==(const QualifiedName& o) const { return parts == o.parts; }
};

// A string literal after unescaping, with its location.
struct Text {
  std::string value;
  SourceRange range;
  bool operator==(const Text& o) const { return value == o.value; }
};

// A calendar date as written (validated by the parser: a real day).
struct Date {
  int year = 0, month = 0, day = 0;
  SourceRange range;
  bool operator==(const Date& o) const {
    return year == o.year && month == o.month && day == o.day;
  }
};

// `effective FROM [until UNTIL]`: in force from FROM, up to but not
// including UNTIL.
struct Effective {
  Date from;
  std::optional<Date> until;
  SourceRange range;
  bool operator==(const Effective& o) const {
    return from == o.from && until == o.until;
  }
};

// ------------------------------------------------------------------ types

// A type as written: `int`, `list<Penalty>`, `CreditClass?`.
struct TypeRef {
  QualifiedName name;                          // `int`, `list`, `CreditClass`
  std::vector<std::unique_ptr<TypeRef>> args;  // `list<T>` has one
  bool optional = false;
  SourceRange range;
  Type resolved;  // filled by: check
  bool operator==(const TypeRef& o) const;
};

// ------------------------------------------------------------ expressions

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class LiteralKind { kInt, kDecimal, kPercent, kText, kDate, kBool,
                         kNone, kDuration };
enum class DurationUnit { kDays, kMonths, kYears };

struct LiteralExpr {
  LiteralKind kind = LiteralKind::kInt;
  // The literal's spelling for numbers ("12", "2.5", "3%" is "3"), the
  // unescaped text for strings. Numbers stay textual so that decimals are
  // never rounded through a double.
  std::string text;
  bool bool_value = false;
  Date date;                                // kDate
  DurationUnit unit = DurationUnit::kDays;  // kDuration: `text` holds the count
  bool operator==(const LiteralExpr& o) const;
};

// A bare name: a parameter, let binding, comprehension variable, enum
// member, matter, parameter declaration, ...
struct NameExpr {
  Ident name;
  const Decl* decl = nullptr;  // filled by: resolve (null for locals)
  bool operator==(const NameExpr& o) const { return name == o.name; }
};

// `base.field`; also `Enum.member` and `alias.name` before resolution.
struct FieldExpr {
  ExprPtr base;
  Ident field;
  bool operator==(const FieldExpr& o) const;
};

enum class UnaryOp { kNeg, kNot };
struct UnaryExpr {
  UnaryOp op = UnaryOp::kNeg;
  ExprPtr operand;
  bool operator==(const UnaryExpr& o) const;
};

enum class BinaryOp {
  kOr, kAnd,
  kEq, kNe, kLt, kLe, kGt, kGe,
  kIn, kNotIn, kContains,
  kAdd, kSub, kMul, kDiv,
};
// How an operator is written in source: `==`, `not in`, `+`, ...
const char* BinaryOpSpelling(BinaryOp op);

struct BinaryExpr {
  BinaryOp op = BinaryOp::kEq;
  ExprPtr lhs, rhs;
  bool operator==(const BinaryExpr& o) const;
};

// `x is none` / `x is not none`
struct IsNoneExpr {
  ExprPtr operand;
  bool negated = false;
  bool operator==(const IsNoneExpr& o) const;
};

struct IfExpr {
  ExprPtr cond, then_expr, else_expr;
  bool operator==(const IfExpr& o) const;
};

// `f(a, b)`: a table, rule, scorecard, def, decision or builtin.
struct CallExpr {
  Ident callee;
  std::vector<ExprPtr> args;
  const Decl* decl = nullptr;  // filled by: resolve (null for builtins)
  bool operator==(const CallExpr& o) const;
};

// `any(p in e.penalties : p.serious)`: a bounded list operation. `op` is
// one of any, all, count, filter, map, sum, min, max (checked later).
struct ComprehensionExpr {
  Ident op;
  Ident var;
  ExprPtr source;
  ExprPtr body;
  bool operator==(const ComprehensionExpr& o) const;
};

struct FieldInit {
  Ident name;
  ExprPtr value;
  SourceRange range;
  bool operator==(const FieldInit& o) const;
};

// `Enterprise { id: "x", credit_class: A }`; fields may be omitted (an
// omitted fact is a missing fact at evaluation time).
struct RecordExpr {
  QualifiedName type_name;
  std::vector<FieldInit> fields;
  const Decl* decl = nullptr;  // filled by: resolve
  bool operator==(const RecordExpr& o) const;
};

// `base with { credit_class: D }`
struct WithExpr {
  ExprPtr base;
  std::vector<FieldInit> fields;
  bool operator==(const WithExpr& o) const;
};

// `[a, b]` is a list, `{a, b}` a set.
struct ListExpr {
  bool is_set = false;
  std::vector<ExprPtr> items;
  bool operator==(const ListExpr& o) const;
};

struct Expr {
  std::variant<LiteralExpr, NameExpr, FieldExpr, UnaryExpr, BinaryExpr,
               IsNoneExpr, IfExpr, CallExpr, ComprehensionExpr, RecordExpr,
               WithExpr, ListExpr>
      node;
  SourceRange range;
  Type type;  // filled by: check
  bool parenthesized = false;  // written in parentheses; kept for fmt only
  bool operator==(const Expr& o) const { return node == o.node; }
};

// ------------------------------------------------------------ table cells

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// One unary test in a table cell (DMN style): `A`, `>= 3`, `[1..4)`.
struct UnaryTest {
  enum class Kind { kEqual, kCompare, kInterval };
  Kind kind = Kind::kEqual;
  CompareOp op = CompareOp::kEq;  // kCompare
  ExprPtr value;                  // kEqual, kCompare; interval low bound
  ExprPtr high;                   // kInterval
  bool low_closed = true;         // `[` vs `(` or `]`
  bool high_closed = false;       // `]` vs `)` or `[`
  SourceRange range;
  bool operator==(const UnaryTest& o) const;
};

// A cell: `-` (any), a list of tests (any may match), or `not(...)`.
struct Cell {
  bool any = false;
  bool negated = false;
  std::vector<UnaryTest> tests;
  SourceRange range;
  bool operator==(const Cell& o) const;
};

struct Row {
  std::optional<Ident> id;      // `@id`; when absent the id is `r<index>`
  bool is_default = false;      // `| default || ... |`
  std::vector<Cell> inputs;     // empty when is_default
  std::vector<ExprPtr> outputs;
  std::optional<Text> basis;
  std::optional<Effective> effective;
  std::optional<std::int64_t> priority;
  // `except basis "..."`: this row departs from the higher-level table the
  // table overrides, for the inputs it matches, on that legal basis.
  std::optional<Text> except_basis;
  SourceRange range;
  bool operator==(const Row& o) const;
};

// ---------------------------------------------------------- declarations

struct Param {
  Ident name;
  TypeRef type;
  SourceRange range;
  bool operator==(const Param& o) const;
};

struct EnumMember {
  Ident name;  // `A`, `1`, `none`
  std::optional<Text> label;
  SourceRange range;
  bool operator==(const EnumMember& o) const;
};

struct EnumDecl {
  std::vector<EnumMember> members;
  bool operator==(const EnumDecl& o) const { return members == o.members; }
};

struct FieldDecl {
  Ident name;
  TypeRef type;
  std::optional<Text> label;
  SourceRange range;
  bool operator==(const FieldDecl& o) const;
};

// `facts X { }` (may arrive from a host as JSON) or `record X { }`.
struct RecordDecl {
  bool is_facts = false;
  std::vector<FieldDecl> fields;
  bool operator==(const RecordDecl& o) const;
};

struct ParamValue {
  std::optional<Date> from;  // absent for `param x: int = 1`
  ExprPtr value;
  std::optional<Text> basis;
  std::optional<Text> note;
  bool unverified = false;
  SourceRange range;
  bool operator==(const ParamValue& o) const;
};

// A named value a host may override; dated values apply from their date.
struct ParamDecl {
  TypeRef type;
  std::vector<ParamValue> values;
  // Meta written before the `{` of the dated form, applying to all values.
  std::optional<Text> basis;
  std::optional<Text> note;
  bool unverified = false;
  bool operator==(const ParamDecl& o) const;
};

struct ScenarioDecl {
  bool operator==(const ScenarioDecl&) const { return true; }
};

// A documented reason code: `reason NOT_APPROVED "未经负责人批准" basis ".."`.
struct ReasonDecl {
  bool operator==(const ReasonDecl&) const { return true; }
};

// One entry of the supervision matter list (监管事项清单).
struct MatterDecl {
  std::optional<Ident> type;  // single, cross_level, cross_region, ...
  std::optional<Text> content;
  std::optional<QualifiedName> object_type;
  ExprPtr object_filter;  // `where ...`; object fields are in scope
  std::vector<Ident> methods;
  std::optional<Ident> level;
  std::optional<Ident> initiator;
  std::vector<Ident> cooperators;
  std::optional<bool> delegable;
  std::optional<bool> key;
  std::optional<Ident> scenario;
  std::optional<Effective> effective;
  // Each item's keyword position, for "missing"/"duplicate" diagnostics.
  std::vector<std::pair<std::string, SourceRange>> items;
  bool operator==(const MatterDecl& o) const;
};

struct TableOutput {
  Ident name;
  TypeRef type;
  SourceRange range;
  bool operator==(const TableOutput& o) const;
};

// `tightens max_per_year at_most`: the output may only move in one
// direction from the higher-level table's answer. `direction` is kept as
// written (`at_most` or `at_least`); the analysis validates it.
struct Tightening {
  Ident output;
  Ident direction;
  SourceRange range;
  bool operator==(const Tightening& o) const {
    return output == o.output && direction == o.direction;
  }
};

struct TableDecl {
  std::vector<Param> params;
  std::vector<TableOutput> outputs;
  Ident hit_policy;                  // defaults to `unique` when not written
  std::optional<Ident> aggregator;   // `hit collect sum`
  bool hit_written = false;
  bool partial = false;
  std::optional<Effective> effective;
  // `overrides national.food_frequency`: the table of a higher level that
  // this one answers the same question as (resolved by the analysis).
  std::optional<QualifiedName> overrides;
  std::vector<Tightening> tightens;
  // `except basis "..."`: the whole table departs from the higher one.
  std::optional<Text> except_basis;
  std::vector<ExprPtr> input_columns;  // header expressions
  std::vector<Ident> output_columns;   // header names, in declared order
  std::vector<Row> rows;
  SourceRange header_range;
  bool operator==(const TableDecl& o) const;
};

struct RuleExcept {
  ExprPtr when;
  std::optional<Text> basis;
  std::optional<Ident> followup;
  SourceRange range;
  bool operator==(const RuleExcept& o) const;
};

// `forbid when C`: violated when C holds. `require C`: violated when C
// does not hold. An `except` that holds suspends the rule.
struct RuleDecl {
  std::vector<Param> params;
  bool forbid = true;
  ExprPtr condition;
  SourceRange condition_range;  // the `forbid when`/`require` keyword span
  std::vector<RuleExcept> excepts;
  std::optional<Ident> code;
  std::optional<Text> message;
  std::optional<Effective> effective;
  bool operator==(const RuleDecl& o) const;
};

struct Indicator {
  Ident name;
  std::optional<Text> label;
  ExprPtr weight;
  ExprPtr value;
  SourceRange range;
  bool operator==(const Indicator& o) const;
};

struct Band {
  UnaryTest test;  // over the score
  ExprPtr grade;
  SourceRange range;
  bool operator==(const Band& o) const;
};

// Weighted indicators summed to a score, mapped to a grade by bands.
struct ScorecardDecl {
  std::vector<Param> params;
  TypeRef grade_type;
  std::vector<Indicator> indicators;
  std::vector<Band> bands;
  bool operator==(const ScorecardDecl& o) const;
};

// `def name(params) -> T = expr`: a pure helper; calls may not recurse.
struct DefDecl {
  std::vector<Param> params;
  TypeRef result_type;
  ExprPtr body;
  bool operator==(const DefDecl& o) const;
};

// Top-level `let name = expr`: a constant or a test fixture.
struct LetDecl {
  std::optional<TypeRef> type;
  ExprPtr value;
  bool operator==(const LetDecl& o) const;
};

struct DecisionItem {
  enum class Kind { kLet, kOutput };
  Kind kind = Kind::kLet;
  Ident name;
  std::optional<TypeRef> type;
  ExprPtr value;
  ExprPtr fallback;  // `else expr`: the fail-closed value of an output
  SourceRange range;
  bool operator==(const DecisionItem& o) const;
};

// An entry point a host calls. Parameters are bound from the top-level
// fields of the facts document with the same names.
struct DecisionDecl {
  std::vector<Param> params;
  std::vector<DecisionItem> items;
  // `require complete facts`: a facts document missing any non-optional
  // field fails every output with MISSING_FACT (docs/design/semantics.md).
  std::optional<SourceRange> complete_facts;
  bool operator==(const DecisionDecl& o) const;
};

// `expect fails E with CODE`: an expect whose `fails` is set asserts that
// evaluating E (or the decision E calls) reports an error with that code.
struct TestItem {
  enum class Kind { kAsOf, kGiven, kExpect };
  Kind kind = Kind::kExpect;
  Date as_of;        // kAsOf
  Ident name;        // kGiven
  ExprPtr value;     // kGiven, kExpect
  std::optional<Ident> fails;  // kExpect: the error code after `with`
  SourceRange range;
  bool operator==(const TestItem& o) const;
};

// True when `code` is one of the runtime's evaluation error codes
// (MISSING_FACT, NO_MATCH, ...; docs/bundle.md, section 6), the codes an
// `expect fails` may name.
bool IsEvaluationErrorCode(const std::string& code);

struct TestDecl {
  std::vector<TestItem> items;
  bool operator==(const TestDecl& o) const { return items == o.items; }
};

enum class DeclKind {
  kEnum, kRecord, kParam, kScenario, kReason, kMatter, kTable, kRule,
  kScorecard, kDef, kLet, kDecision, kTest,
};

// `table`, `rule`, ...: the keyword that declares `kind`.
const char* DeclKindKeyword(DeclKind kind);

// A top-level declaration. Tests have no name: `name.text` is empty and
// `label` holds the test's title.
struct Decl {
  DeclKind kind = DeclKind::kEnum;
  Ident name;
  std::optional<Text> label;
  std::optional<Text> basis;  // legal citation, where the kind has one
  std::variant<EnumDecl, RecordDecl, ParamDecl, ScenarioDecl, ReasonDecl,
               MatterDecl, TableDecl, RuleDecl, ScorecardDecl, DefDecl,
               LetDecl, DecisionDecl, TestDecl>
      node;
  SourceRange range;
  const struct Module* module = nullptr;  // filled by: resolve
  bool operator==(const Decl& o) const;
};

enum class Level { kNational, kProvincial, kMunicipal, kCounty };
enum class RulesetStatus { kInForce, kTrial, kRepealed };

// The header keywords: `national` ... `county` in the order of `Level`
// (highest first), and `in_force`, `trial`, `repealed` in the order of
// `RulesetStatus`. The checker's messages, the lowering and the tools all
// spell levels and statuses through these.
const std::vector<std::string>& LevelKeywords();
const char* LevelKeyword(Level level);
const std::vector<std::string>& StatusKeywords();
const char* StatusKeyword(RulesetStatus status);

struct Import {
  QualifiedName ruleset;
  std::optional<Ident> alias;
  SourceRange range;
  bool operator==(const Import& o) const;
};

struct Comment {
  std::string text;  // including the leading `#`
  SourceRange range;
};

// The `ruleset` header of a file. Items are optional here; the resolver
// checks that each ruleset states each item once across its files.
struct RulesetHeader {
  QualifiedName id;
  std::optional<Text> title;
  std::optional<Ident> level;   // validated by the checker
  std::optional<Text> jurisdiction;
  std::optional<Effective> effective;
  std::optional<Ident> status;
  std::optional<Text> source;
  std::optional<Text> version;
  SourceRange range;
  bool operator==(const RulesetHeader& o) const;
};

// One parsed file.
struct Module {
  FileId file = kNoFile;
  RulesetHeader header;
  std::vector<Import> imports;
  std::vector<std::unique_ptr<Decl>> decls;
  std::vector<Comment> comments;  // in source order; ignored by ==
  bool operator==(const Module& o) const;
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_AST_H_
