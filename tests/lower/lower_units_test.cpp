// Lowering of single constructs from hand-built checked ASTs: table cells
// to normalised unary tests, literals, type spellings, names.
#include <catch2/catch.hpp>

#include <rapidcheck.h>
#include <nlohmann/json.hpp>

#include "ast_factory.h"
#include "bylaw/bundle/type.h"
#include "cell_lowering.h"
#include "expr_lowering.h"
#include "literal_lowering.h"
#include "lowering_context.h"
#include "type_lowering.h"

namespace bylaw::dsl {
namespace {

using lower_internal::ExprLowerer;
using lower_internal::LoweringContext;
using lower_internal::RulesetView;
using nlohmann::json;
using namespace testing;  // NOLINT: the factory is this file's vocabulary

// One ruleset `nat` with an enum `Grade {A, B, 1, none}`, a param and a
// let; expressions are lowered as if written in its only module.
struct Fixture {
  SourceManager sources;
  DiagnosticSink sink;
  Module module;
  std::vector<RulesetView> views;
  std::unique_ptr<LoweringContext> ctx;
  const Decl* grade = nullptr;
  const Decl* param = nullptr;
  const Decl* let = nullptr;
  const Decl* matter = nullptr;

  Fixture() {
    module.file = sources.Add("nat.bylaw", "ruleset nat\n");
    module.header.id.parts.push_back(Ident{"nat", {}});
    module.decls.push_back(MakeEnum("Grade", {"A", "B", "1", "none"}));
    grade = module.decls.back().get();
    module.decls.push_back(MakeDecl(DeclKind::kParam, "cap", ParamDecl{}));
    param = module.decls.back().get();
    module.decls.push_back(MakeDecl(DeclKind::kLet, "all", LetDecl{}));
    let = module.decls.back().get();
    module.decls.push_back(MakeDecl(DeclKind::kMatter, "fire", MatterDecl{}));
    matter = module.decls.back().get();
    views.push_back(RulesetView{"nat", {&module}});
    ctx = std::make_unique<LoweringContext>(views, sources, sink);
  }
  Type GradeType() const { return Type::EnumOf(grade); }
  json Lower(const Expr& e) { return ExprLowerer(*ctx, module).Lower(e); }
  json LowerCellOf(const Cell& c) {
    ExprLowerer exprs(*ctx, module);
    return lower_internal::LowerCell(c, exprs);
  }
};

json IntJson(std::int64_t v) { return {{"op", "lit"}, {"type", {{"kind", "int"}}}, {"value", v}}; }

json Rng(json low, bool lc, json high, bool hc) {
  return {{"low", low}, {"low_closed", lc}, {"high", high}, {"high_closed", hc}};
}

Cell TestsCell(std::vector<UnaryTest> tests, bool negated = false) {
  Cell c;
  c.negated = negated;
  c.tests = std::move(tests);
  return c;
}

std::vector<UnaryTest> One(UnaryTest t) {
  std::vector<UnaryTest> v;
  v.push_back(std::move(t));
  return v;
}

TEST_CASE("cells are normalised to eq values and ranges") {
  Fixture f;
  const json null;
  const json empty = json::array();

  SECTION("`-` matches anything") {
    Cell c;
    c.any = true;
    CHECK(f.LowerCellOf(c) == json{{"any", true}});
  }
  SECTION("`A, B` is an eq list of enum literals") {
    std::vector<UnaryTest> tests;
    tests.push_back(Equal(Name("A", f.grade, f.GradeType())));
    tests.push_back(Equal(Name("B", f.grade, f.GradeType())));
    json a = {{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "A"}};
    json b = {{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "B"}};
    CHECK(f.LowerCellOf(TestsCell(std::move(tests))) ==
          json{{"not", false}, {"eq", {a, b}}, {"ranges", empty}});
  }
  SECTION("comparisons become half-open ranges") {
    struct Case {
      CompareOp op;
      json expected_range;
    };
    const Case cases[] = {
        {CompareOp::kLt, Rng(null, false, IntJson(3), false)},
        {CompareOp::kLe, Rng(null, false, IntJson(3), true)},
        {CompareOp::kGt, Rng(IntJson(3), false, null, false)},
        {CompareOp::kGe, Rng(IntJson(3), true, null, false)},
    };
    for (const Case& c : cases) {
      CHECK(f.LowerCellOf(TestsCell(One(Compare(c.op, IntLit("3"))))) ==
            json{{"not", false}, {"eq", empty}, {"ranges", {c.expected_range}}});
    }
  }
  SECTION("`== v` is an eq value") {
    CHECK(f.LowerCellOf(TestsCell(One(Compare(CompareOp::kEq, IntLit("3"))))) ==
          json{{"not", false}, {"eq", {IntJson(3)}}, {"ranges", empty}});
  }
  SECTION("`!= v` alone is a negated eq") {
    CHECK(f.LowerCellOf(TestsCell(One(Compare(CompareOp::kNe, IntLit("3"))))) ==
          json{{"not", true}, {"eq", {IntJson(3)}}, {"ranges", empty}});
  }
  SECTION("`not(!= v)` is a plain eq") {
    CHECK(f.LowerCellOf(
              TestsCell(One(Compare(CompareOp::kNe, IntLit("3"))), true)) ==
          json{{"not", false}, {"eq", {IntJson(3)}}, {"ranges", empty}});
  }
  SECTION("`!= v` among other tests is two ranges") {
    std::vector<UnaryTest> tests;
    tests.push_back(Equal(IntLit("1")));
    tests.push_back(Compare(CompareOp::kNe, IntLit("5")));
    CHECK(f.LowerCellOf(TestsCell(std::move(tests))) ==
          json{{"not", false},
               {"eq", {IntJson(1)}},
               {"ranges", {Rng(null, false, IntJson(5), false),
                           Rng(IntJson(5), false, null, false)}}});
  }
  SECTION("intervals keep their bracket kinds") {
    struct Case {
      bool low_closed, high_closed;
    };
    for (Case c : {Case{true, false}, Case{false, true}, Case{true, true},
                   Case{false, false}}) {
      CHECK(f.LowerCellOf(TestsCell(One(Interval(IntLit("1"), c.low_closed,
                                                 IntLit("4"), c.high_closed)))) ==
            json{{"not", false},
                 {"eq", empty},
                 {"ranges", {Rng(IntJson(1), c.low_closed, IntJson(4),
                                 c.high_closed)}}});
    }
  }
  SECTION("`not(A, B)` negates the whole list") {
    std::vector<UnaryTest> tests;
    tests.push_back(Equal(IntLit("1")));
    tests.push_back(Compare(CompareOp::kGe, IntLit("10")));
    CHECK(f.LowerCellOf(TestsCell(std::move(tests), true)) ==
          json{{"not", true},
               {"eq", {IntJson(1)}},
               {"ranges", {Rng(IntJson(10), true, null, false)}}});
  }
  SECTION("negative bounds fold into literals") {
    CHECK(f.LowerCellOf(TestsCell(One(Compare(CompareOp::kGe, Neg(IntLit("2")))))) ==
          json{{"not", false},
               {"eq", empty},
               {"ranges", {Rng(IntJson(-2), true, null, false)}}});
  }
  SECTION("a param bound stays a param reference") {
    CHECK(f.LowerCellOf(TestsCell(One(Compare(
              CompareOp::kLt, Name("cap", f.param, Simple(TypeKind::kInt)))))) ==
          json{{"not", false},
               {"eq", empty},
               {"ranges", {Rng(null, false, {{"op", "param"}, {"name", "nat.cap"}},
                               false)}}});
  }
  CHECK_FALSE(f.sink.has_errors());
}

TEST_CASE("literals take the bundle's exact spellings") {
  Fixture f;
  struct Case {
    LiteralKind kind;
    std::string text;
    TypeKind type;
    json expected;
  };
  const Case cases[] = {
      {LiteralKind::kInt, "42", TypeKind::kInt, IntJson(42)},
      {LiteralKind::kInt, "9223372036854775807", TypeKind::kInt, IntJson(INT64_MAX)},
      {LiteralKind::kDecimal,
       "2.5",
       TypeKind::kDecimal,
       {{"op", "lit"}, {"type", {{"kind", "decimal"}}}, {"value", "2.5"}}},
      {LiteralKind::kDecimal,
       "0.000001",
       TypeKind::kDecimal,
       {{"op", "lit"}, {"type", {{"kind", "decimal"}}}, {"value", "0.000001"}}},
      {LiteralKind::kPercent,
       "12.5",
       TypeKind::kPercent,
       {{"op", "lit"}, {"type", {{"kind", "percent"}}}, {"value", "12.5%"}}},
      {LiteralKind::kText,
       "信用",
       TypeKind::kText,
       {{"op", "lit"}, {"type", {{"kind", "text"}}}, {"value", "信用"}}},
      {LiteralKind::kNone, "", TypeKind::kNone, {{"op", "lit"}, {"type", {{"kind", "none"}}}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(f.Lower(*Lit(c.kind, c.text, Simple(c.type))) == c.expected);
  }
  SECTION("dates, durations and bools") {
    LiteralExpr date;
    date.kind = LiteralKind::kDate;
    date.date = Date{2024, 9, 2, {}};
    CHECK(f.Lower(*MakeExpr(date, Simple(TypeKind::kDate))) ==
          json{{"op", "lit"}, {"type", {{"kind", "date"}}}, {"value", "2024-09-02"}});
    LiteralExpr months;
    months.kind = LiteralKind::kDuration;
    months.text = "6";
    months.unit = DurationUnit::kMonths;
    CHECK(f.Lower(*MakeExpr(months, Simple(TypeKind::kDuration)))["value"] ==
          "6 months");
    LiteralExpr year = months;
    year.text = "1";
    year.unit = DurationUnit::kYears;
    CHECK(f.Lower(*MakeExpr(year, Simple(TypeKind::kDuration)))["value"] ==
          "1 year");
    LiteralExpr yes;
    yes.kind = LiteralKind::kBool;
    yes.bool_value = true;
    CHECK(f.Lower(*MakeExpr(yes, Simple(TypeKind::kBool))) ==
          json{{"op", "lit"}, {"type", {{"kind", "bool"}}}, {"value", true}});
  }
  SECTION("an int or none where an enum is expected is a member") {
    CHECK(f.Lower(*Lit(LiteralKind::kInt, "1", f.GradeType())) ==
          json{{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "1"}});
    CHECK(f.Lower(*Lit(LiteralKind::kNone, "", f.GradeType())) ==
          json{{"op", "lit"},
               {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}},
               {"value", "none"}});
  }
  SECTION("the most negative int is representable") {
    CHECK(f.Lower(*Neg(IntLit("9223372036854775808"))) == IntJson(INT64_MIN));
  }
  CHECK_FALSE(f.sink.has_errors());
}

TEST_CASE("literals the format cannot hold are diagnosed") {
  struct Case {
    LiteralKind kind;
    std::string text;
    TypeKind type;
    std::string code;
    std::string message;
  };
  const Case cases[] = {
      {LiteralKind::kInt, "9223372036854775808", TypeKind::kInt,
       "lower_int_range",
       "integer `9223372036854775808` does not fit in 64 bits"},
      {LiteralKind::kDecimal, "0.1234567", TypeKind::kDecimal,
       "lower_decimal_precision",
       "decimal `0.1234567` has more than 6 fractional digits"},
      {LiteralKind::kPercent, "1.23456", TypeKind::kPercent,
       "lower_decimal_precision",
       "percentage `1.23456%` has more than 4 fractional digits"},
  };
  for (const Case& c : cases) {
    Fixture f;
    f.Lower(*Lit(c.kind, c.text, Simple(c.type)));
    REQUIRE(f.sink.diagnostics().size() == 1);
    CHECK(f.sink.diagnostics()[0].code == c.code);
    CHECK(f.sink.diagnostics()[0].message == c.message);
  }
}

TEST_CASE("names lower to var, param, global and literals") {
  Fixture f;
  CHECK(f.Lower(*Name("e", nullptr, Simple(TypeKind::kInt))) ==
        json{{"op", "var"}, {"name", "e"}});
  CHECK(f.Lower(*Name("cap", f.param, Simple(TypeKind::kInt))) ==
        json{{"op", "param"}, {"name", "nat.cap"}});
  CHECK(f.Lower(*Name("all", f.let, Simple(TypeKind::kInt))) ==
        json{{"op", "global"}, {"name", "nat.all"}});
  CHECK(f.Lower(*Name("fire", f.matter, Simple(TypeKind::kMatter))) ==
        json{{"op", "lit"}, {"type", {{"kind", "matter"}}}, {"value", "fire"}});
  CHECK(f.Lower(*Name("B", f.grade, f.GradeType())) ==
        json{{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "B"}});
  // `Grade.A`: the enum's name, then a member.
  CHECK(f.Lower(*Field(Name("Grade", f.grade, Simple(TypeKind::kUnknown)), "A", f.GradeType())) ==
        json{{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "A"}});
  // `m.key` on a Matter value.
  CHECK(f.Lower(*Field(Name("m", nullptr, Simple(TypeKind::kMatter)), "key",
                       Simple(TypeKind::kBool))) == json{{"op", "field"},
                                                         {"base", {{"op", "var"}, {"name", "m"}}},
                                                         {"type", {{"kind", "matter"}}},
                                                         {"name", "key"}});
  CHECK(f.Lower(*Binary(BinaryOp::kNotIn, IntLit("1"),
                        Name("xs", nullptr, ListType(Simple(TypeKind::kInt))),
                        Simple(TypeKind::kBool))) ==
        json{{"op", "not_in"},
             {"lhs", IntJson(1)},
             {"rhs", {{"op", "var"}, {"name", "xs"}}}});
  CHECK_FALSE(f.sink.has_errors());
}

// A random checked type over the fixture's vocabulary: every kind the
// lowering writes, nested up to three levels.
Type RandomType(const Fixture& f, int depth) {
  static const TypeKind kScalars[] = {TypeKind::kText,     TypeKind::kInt,    TypeKind::kDecimal,
                                      TypeKind::kBool,     TypeKind::kDate,   TypeKind::kPercent,
                                      TypeKind::kDuration, TypeKind::kMatter, TypeKind::kReason,
                                      TypeKind::kNone};
  const int pick = *rc::gen::inRange(0, depth >= 3 ? 2 : 5);
  Type t;
  if (pick == 0) {
    t = Simple(kScalars[*rc::gen::inRange(0, 10)]);
  } else if (pick == 1) {
    t = f.GradeType();
  } else if (pick == 2) {
    t = ListType(RandomType(f, depth + 1));
  } else if (pick == 3) {
    t = Type::SetOf(RandomType(f, depth + 1));
  } else {
    StructFields fields;
    const int n = *rc::gen::inRange(0, 4);
    for (int i = 0; i < n; ++i)
      fields.push_back({"f" + std::to_string(i), RandomType(f, depth + 1)});
    t = Type::StructOf(std::move(fields));
  }
  return t.AsOptional(*rc::gen::arbitrary<bool>());
}

// Whether the reader's `b` is the checker's `t`, part for part.
bool Same(const Type& t, const bundle::Type& b) {
  using B = bundle::TypeKind;
  if (t.kind == TypeKind::kNone) return b.kind == B::kNone && !b.optional;
  if (t.optional != b.optional) return false;
  switch (t.kind) {
    case TypeKind::kText: return b.kind == B::kText;
    case TypeKind::kInt: return b.kind == B::kInt;
    case TypeKind::kDecimal: return b.kind == B::kDecimal;
    case TypeKind::kBool: return b.kind == B::kBool;
    case TypeKind::kDate: return b.kind == B::kDate;
    case TypeKind::kPercent: return b.kind == B::kPercent;
    case TypeKind::kDuration: return b.kind == B::kDuration;
    case TypeKind::kMatter: return b.kind == B::kMatter;
    case TypeKind::kReason: return b.kind == B::kReason;
    case TypeKind::kEnum: return b.kind == B::kEnum && b.name == "nat.Grade";
    case TypeKind::kList:
    case TypeKind::kSet:
      return b.kind == (t.kind == TypeKind::kList ? B::kList : B::kSet) && b.element &&
             Same(*t.element, *b.element);
    case TypeKind::kStruct:
      if (b.kind != B::kStruct || b.fields.size() != t.fields->size()) return false;
      for (std::size_t i = 0; i < b.fields.size(); ++i) {
        if (b.fields[i].name != (*t.fields)[i].first ||
            !Same((*t.fields)[i].second, b.fields[i].type)) {
          return false;
        }
      }
      return true;
    default: return false;
  }
}

// The writer (LowerType) and the one reader (bundle::ReadType) agree:
// every type the lowering writes reads back as the same type.
TEST_CASE("the bundle reader reads back every type the lowering writes") {
  Fixture f;
  const bool ok = rc::check("ReadType(LowerType(t)) is t", [&] {
    const Type t = RandomType(f, 0);
    std::optional<json> lowered = lower_internal::LowerType(t, *f.ctx);
    RC_ASSERT(lowered.has_value());
    bundle::Type read;
    bundle::ReadError error;
    RC_ASSERT(bundle::ReadType(*lowered, "type", &read, &error));
    RC_ASSERT(Same(t, read));
  });
  CHECK(ok);
}

TEST_CASE("types are written as objects with qualified names") {
  Fixture f;
  Type opt_list = ListType(Simple(TypeKind::kInt)).AsOptional();
  CHECK(lower_internal::LowerType(opt_list, *f.ctx) ==
        json{{"kind", "list"}, {"of", {{"kind", "int"}}}, {"optional", true}});
  CHECK(lower_internal::LowerType(f.GradeType().AsOptional(), *f.ctx) ==
        json{{"kind", "enum"}, {"name", "nat.Grade"}, {"optional", true}});
  Type s = Type::Of(TypeKind::kStruct);
  s.fields = std::make_shared<const StructFields>(StructFields{
      {"min", Simple(TypeKind::kInt)},
      {"max", Simple(TypeKind::kInt).AsOptional()},
      {"grade", f.GradeType()}});
  CHECK(lower_internal::LowerType(s, *f.ctx) ==
        json{{"kind", "struct"},
             {"fields",
              {{{"name", "min"}, {"type", {{"kind", "int"}}}},
               {{"name", "max"}, {"type", {{"kind", "int"}, {"optional", true}}}},
               {{"name", "grade"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}}}}});
  CHECK(lower_internal::LowerType(Simple(TypeKind::kMatter), *f.ctx) == json{{"kind", "matter"}});
  // none is optional already and never says so.
  CHECK(lower_internal::LowerType(Simple(TypeKind::kNone).AsOptional(), *f.ctx) ==
        json{{"kind", "none"}});
  CHECK_FALSE(lower_internal::LowerType(Type::Error(), *f.ctx).has_value());
}

}  // namespace
}  // namespace bylaw::dsl
