// Whole bundles from hand-built checked rulesets: section layout, row ids,
// default rows, param value order, the source map, the content hash and
// byte-for-byte determinism.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "ast_factory.h"
#include "bundle_seal.h"
#include "bylaw/base/sha256.h"
#include "lower_rulesets.h"

namespace bylaw::dsl {
namespace {

using lower_internal::RulesetView;
using nlohmann::json;
using namespace testing;  // NOLINT: the factory is this file's vocabulary

constexpr const char* kNatText =
    "ruleset nat\n"
    "  level national\n"
    "table freq (c: Grade) -> (n: int) basis \"T1\"\n"
    "  | c || n |\n"
    "  @low | A || 1 |\n"
    "  | B, 1 || 2 | basis \"row two\"\n"
    "  | default || 0 |\n"
    "param cap: int {\n"
    "  from 2025-01-01 = 3\n"
    "  = 1\n"
    "  from 2024-01-01 = 2\n"
    "}\n";

constexpr const char* kVocabText =
    "ruleset nat\n"
    "enum Grade { A, B, 1 }\n";

SourceRange At(FileId file, const std::string& text, const std::string& what) {
  auto pos = static_cast<std::uint32_t>(text.find(what));
  REQUIRE(pos != std::string::npos);
  return SourceRange{file, pos, pos + static_cast<std::uint32_t>(what.size())};
}

// The ruleset `nat` in two files: vocabulary.bylaw declares the enum,
// rules.bylaw a table and a dated param.
struct NatRuleset {
  SourceManager sources;
  Module rules, vocab;
  const Decl* grade = nullptr;

  explicit NatRuleset(bool vocab_first = true) {
    // Files are added in either order; the bundle must not notice.
    FileId rules_file, vocab_file;
    if (vocab_first) {
      vocab_file = sources.Add("rulesets/nat/vocabulary.bylaw", kVocabText);
      rules_file = sources.Add("rulesets/nat/rules.bylaw", kNatText);
    } else {
      rules_file = sources.Add("rulesets/nat/rules.bylaw", kNatText);
      vocab_file = sources.Add("rulesets/nat/vocabulary.bylaw", kVocabText);
    }
    const std::string text = kNatText;
    const std::string vtext = kVocabText;
    for (Module* m : {&rules, &vocab}) {
      m->header.id.parts.push_back(Ident{"nat", {}});
    }
    rules.file = rules_file;
    vocab.file = vocab_file;
    rules.header.level = Ident{"national", {}};

    vocab.decls.push_back(MakeEnum("Grade", {"A", "B", "1"}));
    vocab.decls.back()->range = At(vocab_file, vtext, "enum Grade");
    grade = vocab.decls.back().get();
    const Type grade_type = Type::EnumOf(grade);

    TableDecl t;
    Param c;
    c.name.text = "c";
    c.type.resolved = grade_type;
    t.params.push_back(std::move(c));
    TableOutput n;
    n.name.text = "n";
    n.type.resolved = Simple(TypeKind::kInt);
    t.outputs.push_back(std::move(n));
    t.hit_policy.text = "first";
    t.input_columns.push_back(Name("c", nullptr, grade_type));
    t.output_columns.push_back(Ident{"n", {}});

    Row low;
    low.id = Ident{"low", {}};
    Cell a;
    a.tests.push_back(Equal(Name("A", grade, grade_type)));
    low.inputs.push_back(std::move(a));
    low.outputs.push_back(IntLit("1"));
    low.range = At(rules_file, text, "@low");
    t.rows.push_back(std::move(low));

    Row two;
    Cell b1;
    b1.tests.push_back(Equal(Name("B", grade, grade_type)));
    b1.tests.push_back(Equal(Lit(LiteralKind::kInt, "1", grade_type)));
    two.inputs.push_back(std::move(b1));
    two.outputs.push_back(IntLit("2"));
    two.basis = Text{"row two", {}};
    two.range = At(rules_file, text, "| B, 1");
    t.rows.push_back(std::move(two));

    Row dflt;
    dflt.is_default = true;
    dflt.outputs.push_back(IntLit("0"));
    dflt.range = At(rules_file, text, "| default");
    t.rows.push_back(std::move(dflt));

    rules.decls.push_back(MakeDecl(DeclKind::kTable, "freq", std::move(t)));
    rules.decls.back()->basis = Text{"T1", {}};
    rules.decls.back()->range = At(rules_file, text, "table freq");

    ParamDecl p;
    p.type.resolved = Simple(TypeKind::kInt);
    for (auto [from, value] : {std::pair<std::optional<Date>, const char*>{
                                   Date{2025, 1, 1, {}}, "3"},
                               {std::nullopt, "1"},
                               {Date{2024, 1, 1, {}}, "2"}}) {
      ParamValue v;
      v.from = from;
      v.value = IntLit(value);
      v.range = At(rules_file, text, std::string("= ") + value);
      p.values.push_back(std::move(v));
    }
    rules.decls.push_back(MakeDecl(DeclKind::kParam, "cap", std::move(p)));
    rules.decls.back()->range = At(rules_file, text, "param cap");
  }

  LowerResult Lower(bool rules_module_first = true,
                    LowerOptions options = {}) const {
    RulesetView view{"nat", {}};
    view.modules = rules_module_first
                       ? std::vector<const Module*>{&rules, &vocab}
                       : std::vector<const Module*>{&vocab, &rules};
    return lower_internal::LowerRulesets({view}, sources, options);
  }
};

json Parse(const LowerResult& r) {
  REQUIRE(r.ok());
  return json::parse(r.bundle);
}

TEST_CASE("a bundle has every section and the format header") {
  NatRuleset nat;
  json b = Parse(nat.Lower());
  CHECK(b["format"] == "bylaw-bundle");
  CHECK(b["format_version"] == 2);
  for (const char* section :
       {"rulesets", "enums", "records", "params", "matters", "reasons",
        "tables", "rules", "scorecards", "defs", "lets", "decisions"}) {
    CAPTURE(section);
    CHECK(b[section].is_array());
  }
  CHECK(b["sources"].is_object());
  CHECK(b["rulesets"] ==
        json::array({{{"id", "nat"}, {"level", "national"}, {"status", "in_force"}}}));
  CHECK(b["enums"][0]["name"] == "nat.Grade");
  CHECK(b["enums"][0]["members"] ==
        json::array({{{"name", "A"}}, {{"name", "B"}}, {{"name", "1"}}}));
}

TEST_CASE("table rows get ids, cells and a default row") {
  NatRuleset nat;
  json table = Parse(nat.Lower())["tables"][0];
  CHECK(table["name"] == "nat.freq");
  CHECK(table["ruleset"] == "nat");
  CHECK(table["hit"] == "first");
  CHECK(table["aggregator"].is_null());
  CHECK(table["partial"] == false);
  CHECK(table["params"] ==
        json::array({{{"name", "c"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}}}));
  CHECK(table["inputs"] == json::array({{{"expr", {{"op", "var"}, {"name", "c"}}},
                                         {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}}}));
  CHECK(table["outputs"] == json::array({{{"name", "n"}, {"type", {{"kind", "int"}}}}}));
  const json& rows = table["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["id"] == "nat.freq#low");
  CHECK(rows[1]["id"] == "nat.freq#r2");
  CHECK(
      rows[1]["cells"][0]["eq"] ==
      json::array(
          {{{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "B"}},
           {{"op", "lit"}, {"type", {{"kind", "enum"}, {"name", "nat.Grade"}}}, {"value", "1"}}}));
  CHECK(rows[1]["priority"] == 0);
  CHECK(rows[2] == json{{"id", "nat.freq#r3"},
                        {"default", true},
                        {"outputs", {{{"op", "lit"}, {"type", {{"kind", "int"}}}, {"value", 0}}}}});
}

TEST_CASE("param values are sorted, undated first, and numbered") {
  NatRuleset nat;
  json param = Parse(nat.Lower())["params"][0];
  CHECK(param["name"] == "nat.cap");
  CHECK(param["type"] == json{{"kind", "int"}});
  const json& values = param["values"];
  REQUIRE(values.size() == 3);
  CHECK(values[0]["from"].is_null());
  CHECK(values[0]["value"]["value"] == 1);
  CHECK(values[1]["from"] == "2024-01-01");
  CHECK(values[1]["value"]["value"] == 2);
  CHECK(values[2]["from"] == "2025-01-01");
  CHECK(values[2]["value"]["value"] == 3);
  CHECK(values[0]["id"] == "nat.cap#1");
  CHECK(values[2]["id"] == "nat.cap#3");
}

TEST_CASE("the source map gives file, line, column and basis for each id") {
  NatRuleset nat;
  json sources = Parse(nat.Lower())["sources"];
  CHECK(sources["nat.freq"] == json{{"file", "rulesets/nat/rules.bylaw"},
                                    {"line", 3},
                                    {"col", 1},
                                    {"basis", "T1"}});
  CHECK(sources["nat.freq#low"] ==
        json{{"file", "rulesets/nat/rules.bylaw"}, {"line", 5}, {"col", 3}});
  CHECK(sources["nat.freq#r2"]["line"] == 6);
  CHECK(sources["nat.freq#r2"]["basis"] == "row two");
  CHECK(sources["nat.freq#r3"]["line"] == 7);
  // Sorted values keep the lines they were written on.
  CHECK(sources["nat.cap#1"]["line"] == 10);
  CHECK(sources["nat.cap#2"]["line"] == 11);
  CHECK(sources["nat.cap#3"]["line"] == 9);
  CHECK(sources["nat.Grade"]["file"] == "rulesets/nat/vocabulary.bylaw");
  CHECK(sources["nat.Grade"]["line"] == 2);

  LowerOptions relative;
  relative.source_root = "rulesets/";
  json rel = Parse(nat.Lower(true, relative))["sources"];
  CHECK(rel["nat.freq"]["file"] == "nat/rules.bylaw");
}

TEST_CASE("the hash is the SHA-256 of the canonical form without it") {
  NatRuleset nat;
  LowerResult r = nat.Lower();
  json b = Parse(r);
  REQUIRE(b["hash"].is_string());
  CHECK(b["hash"] == r.hash);
  const std::string hash = b["hash"];
  CHECK(hash.size() == 7 + 64);
  b.erase("hash");
  CHECK(hash == "sha256:" + base::Sha256Hex(b.dump()));
}

TEST_CASE("lowering is deterministic") {
  NatRuleset a(true), b(false);
  LowerResult first = a.Lower(true);
  CHECK(first.bundle == a.Lower(true).bundle);
  // Another load order of files and modules gives the same bytes.
  CHECK(first.bundle == b.Lower(false).bundle);
  // Pretty output carries the same content and hash.
  LowerOptions pretty;
  pretty.pretty = true;
  LowerResult p = a.Lower(true, pretty);
  CHECK(p.bundle != first.bundle);
  CHECK(json::parse(p.bundle) == json::parse(first.bundle));
  CHECK(p.hash == first.hash);
}

TEST_CASE("duplicate item ids are diagnosed and give no bundle") {
  NatRuleset nat;
  auto& table = std::get<TableDecl>(nat.rules.decls[0]->node);
  table.rows[1].id = Ident{"low", {}};
  LowerResult r = nat.Lower();
  CHECK_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "lower_duplicate_id");
  CHECK(r.diagnostics[0].message == "`nat.freq#low` names two items of the bundle");
}

}  // namespace
}  // namespace bylaw::dsl
