// The typed bundle reader (runtime/src/bundle, bylaw/bundle/reader.h and
// type.h): types decoded from their objects and spelled for people,
// refused with the path and the reason; a document's identity checked
// before anything else; declarations decoded from the fixture.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "bylaw/bundle/reader.h"
#include "bylaw/bundle/type.h"

namespace {

using nlohmann::json;
namespace bundle = bylaw::bundle;

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_CASE("types decode from their objects and are spelled as the language writes them") {
  struct Case {
    const char* json;
    const char* spelling;
  };
  const Case kCases[] = {
      {R"({"kind": "int"})", "int"},
      {R"({"kind": "text", "optional": true})", "text?"},
      {R"({"kind": "text", "optional": false})", "text"},
      {R"({"kind": "matter"})", "Matter"},
      {R"({"kind": "reason", "optional": true})", "Reason?"},
      {R"({"kind": "none"})", "none"},
      {R"({"kind": "enum", "name": "national.Grade", "optional": true})", "national.Grade?"},
      {R"({"kind": "list", "of": {"kind": "record", "name": "national.Penalty"}})",
       "list<national.Penalty>"},
      {R"({"kind": "list", "of": {"kind": "int", "optional": true}, "optional": true})",
       "list<int?>?"},
      {R"({"kind": "set", "of": {"kind": "enum", "name": "n.Place"}})", "set<n.Place>"},
      {R"({"kind": "struct", "fields": [{"name": "min", "type": {"kind": "int"}},
           {"name": "max", "type": {"kind": "int", "optional": true}}]})",
       "{min: int, max: int?}"},
      {R"({"kind": "struct", "fields": []})", "{}"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.json);
    bundle::Type t;
    bundle::ReadError error;
    REQUIRE(bundle::ReadType(json::parse(c.json), "x", &t, &error));
    CHECK(bundle::Spelling(t) == c.spelling);
  }
}

TEST_CASE("a malformed type is refused with its path and the reason") {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case kCases[] = {
      {R"("list<int>")",
       R"(x: a type is an object such as {"kind": "int"}, not the string "list<int>")"},
      {R"(3)", "x: expected a type object"},
      {R"({})", "x: missing key `kind`"},
      {R"({"kind": "float"})", "x.kind: unknown kind `float`"},
      {R"({"kind": "int", "optional": "yes"})", "x.optional: expected a bool"},
      {R"({"kind": "none", "optional": true})", "x: `none` is not written optional"},
      {R"({"kind": "enum"})", "x: an enum type needs a `name`"},
      {R"({"kind": "list"})", "x: a list type needs `of`"},
      {R"({"kind": "set", "of": {"kind": "bogus"}})", "x.of.kind: unknown kind `bogus`"},
      {R"({"kind": "struct", "fields": {}})", "x: a struct type needs a `fields` array"},
      {R"({"kind": "struct", "fields": [{"name": "a"}]})", "x.fields[0]: missing key `type`"},
      {R"({"kind": "struct", "fields": [{"name": "a", "type": {"kind": "int"}},
           {"name": "a", "type": {"kind": "int"}}]})",
       "x.fields[1]: duplicate field `a`"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.json);
    bundle::Type t;
    bundle::ReadError error;
    REQUIRE_FALSE(bundle::ReadType(json::parse(c.json), "x", &t, &error));
    CHECK(error.code == "bundle_structure");
    CHECK(error.message == c.message);
  }
  // Nesting is bounded, so that decoding and spelling stay shallow.
  json deep = {{"kind", "int"}};
  for (int i = 0; i < 100; ++i) deep = {{"kind", "list"}, {"of", deep}};
  bundle::Type t;
  bundle::ReadError error;
  CHECK_FALSE(bundle::ReadType(deep, "x", &t, &error));
  CHECK(error.message.find("nested deeper than 64") != std::string::npos);
}

TEST_CASE("a document's identity is checked first, each failure with its code") {
  struct Case {
    std::string text;
    const char* code;
    const char* message_part;
  };
  const Case kCases[] = {
      {"", "bundle_not_json", "ends unexpectedly"},
      {"[1, 2]", "bundle_format", "a bundle is a JSON object"},
      {R"({"format": "other"})", "bundle_format", "is not \"bylaw-bundle\""},
      {R"({"format": "bylaw-bundle"})", "bundle_version", "missing or not an integer"},
      {R"({"format": "bylaw-bundle", "format_version": 1})", "bundle_version",
       "format version 1 is not supported (this runtime reads 2): recompile the rules with "
       "`bylaw compile`"},
      {R"({"format": "bylaw-bundle", "format_version": 3})", "bundle_version",
       "the bundle is newer than this runtime"},
      {R"({"format": "bylaw-bundle", "format_version": 2})", "bundle_structure",
       "$: missing key `hash`"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.text);
    bundle::ReadError error;
    CHECK(bundle::Document::Parse(c.text, &error) == nullptr);
    CHECK(error.code == c.code);
    CHECK_THAT(error.message, Catch::Contains(c.message_part));
  }
}

TEST_CASE("the reader decodes the fixture's declarations and their types") {
  bundle::ReadError error;
  auto doc = bundle::Document::Parse(Fixture("supervision.json"), &error);
  REQUIRE(doc != nullptr);
  REQUIRE(doc->ReadDeclarations(&error));
  const bundle::EnumDecl* credit = doc->FindEnum("t.CreditClass");
  REQUIRE(credit != nullptr);
  REQUIRE(credit->members.size() == 4);
  CHECK(credit->members[0].name == "A");
  const bundle::RecordDecl* enterprise = doc->FindRecord("t.Enterprise");
  REQUIRE(enterprise != nullptr);
  CHECK(enterprise->facts);
  const bundle::Binding* food = enterprise->Field("food_grade");
  REQUIRE(food != nullptr);
  CHECK(food->type.kind == bundle::TypeKind::kEnum);
  CHECK(food->type.optional);
  CHECK(food->type.name == "t.CreditClass");
  const bundle::Binding* penalties = enterprise->Field("penalties");
  REQUIRE(penalties != nullptr);
  CHECK(bundle::Spelling(penalties->type) == "list<t.Penalty>");
  CHECK(enterprise->Field("nope") == nullptr);
  // Decisions by qualified name and by unique last segment.
  const bundle::DecisionDecl* may = doc->FindDecision("t.may_inspect");
  REQUIRE(may != nullptr);
  CHECK(doc->FindDecision("may_inspect") == may);
  CHECK(may->ruleset == "t");
  CHECK_FALSE(may->params.empty());
  CHECK(doc->FindDecision("t.nope") == nullptr);
  // Every declaration points at its JSON, for the tools that compare them.
  for (const bundle::CallableDecl& t : doc->tables()) {
    REQUIRE(t.json != nullptr);
    CHECK((*t.json)["name"] == t.name);
  }
}

TEST_CASE("a malformed declaration is refused with its path") {
  json doc = json::parse(Fixture("supervision.json"));
  doc["decisions"][0]["items"][0]["kind"] = "maybe";
  bundle::ReadError error;
  auto read = bundle::Document::Parse(doc.dump(), &error);
  REQUIRE(read != nullptr);
  CHECK_FALSE(read->ReadDeclarations(&error));
  CHECK(error.code == "bundle_structure");
  CHECK(error.message == "decisions[0].items[0].kind: expected `let` or `output`");
  json extra = json::parse(Fixture("supervision.json"));
  extra["comments"] = json::array();
  read = bundle::Document::Parse(extra.dump(), &error);
  REQUIRE(read != nullptr);
  CHECK_FALSE(read->ReadDeclarations(&error));
  CHECK(error.message == "$: unknown key `comments`");
}

}  // namespace
