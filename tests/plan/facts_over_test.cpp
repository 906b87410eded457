// Rulebook::ParseFactsOver (bylaw/runtime.h), which the plan's assessor
// uses to parse each enterprise once for every matter and both decisions:
// on the shipped contract, facts made over a parsed enterprise evaluate
// exactly like the whole document parsed anew, for frequency and
// assignment and every matter; the document's errors are ParseFacts'; a
// param of the same name but another type is refused.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bylaw/runtime.h"
#include "hand_bundle.h"
#include "p1_test_support.h"
#include "register_fields.h"

namespace bylaw::plan {
namespace {

namespace rt = bylaw::runtime;
using testing::Nantong;

std::string Inspection(const std::string& matter) {
  return "{\"inspection\":{\"matter\":\"" + matter + "\"}}";
}

TEST_CASE("facts over a parsed enterprise evaluate as the whole document does", "[facts_over]") {
  const rt::Rulebook& book = *Nantong().book;
  const rt::DecisionRef frequency = *book.FindDecision("frequency");
  const rt::DecisionRef assignment = *book.FindDecision("assignment");
  rt::EvaluateOptions options;
  options.as_of = *rt::ParseDate("2026-01-01");
  options.trace = true;
  const std::vector<std::string> rows = testing::ValidRows(60, 11);
  const std::string csv = testing::Csv(rows);
  testing::TempDir dir("facts_over");
  const std::string path = dir / "register.csv";
  testing::WriteFile(path, csv);
  auto reader = RegisterReader::Open(path, Nantong().schema);
  REQUIRE(reader.ok());
  RegisterRow row;
  int compared = 0;
  while (true) {
    auto next = (*reader)->Next(&row);
    REQUIRE(next.ok());
    if (!*next) break;
    const std::string enterprise = "{\"enterprise\":" + row.enterprise_json + "}";
    auto base = book.ParseFacts(frequency, enterprise);
    REQUIRE(base.ok());
    for (const rt::MatterInfo& m : book.matters()) {
      const std::string whole = "{\"enterprise\":" + row.enterprise_json +
                                ",\"inspection\":{\"matter\":\"" + m.id + "\"}}";
      for (rt::DecisionRef d : {frequency, assignment}) {
        CAPTURE(row.id, m.id, d.name());
        auto expected_facts = book.ParseFacts(d, whole);
        REQUIRE(expected_facts.ok());
        auto over = book.ParseFactsOver(d, *base, Inspection(m.id));
        REQUIRE(over.ok());
        // And rebinding facts already complete for the other decision.
        auto rebound = book.ParseFactsOver(d, *expected_facts, "{}");
        REQUIRE(rebound.ok());
        auto expected = book.Evaluate(d, *expected_facts, options);
        auto got = book.Evaluate(d, *over, options);
        auto got_rebound = book.Evaluate(d, *rebound, options);
        REQUIRE(expected.ok());
        REQUIRE(got.ok());
        REQUIRE(got_rebound.ok());
        CHECK(got->ToJson() == expected->ToJson());
        CHECK(got_rebound->ToJson() == expected->ToJson());
        ++compared;
      }
    }
  }
  CHECK(compared == 60 * 2 * static_cast<int>(book.matters().size()));
}

TEST_CASE("facts over keep ParseFacts' errors and the base's as_of", "[facts_over]") {
  const rt::Rulebook& book = *Nantong().book;
  const rt::DecisionRef frequency = *book.FindDecision("frequency");
  const rt::DecisionRef assignment = *book.FindDecision("assignment");
  auto base = book.ParseFacts(frequency, "{\"as_of\":\"2025-03-01\",\"enterprise\":{}}");
  REQUIRE(base.ok());
  for (const char* bad : {"{\"inspection\":{\"matter\":7}}", "{\"inspection\":", "{\"nope\":1}"}) {
    CAPTURE(bad);
    auto over = book.ParseFactsOver(assignment, *base, bad);
    auto plain = book.ParseFacts(assignment, bad);
    REQUIRE_FALSE(over.ok());
    REQUIRE_FALSE(plain.ok());
    CHECK(over.error().code == plain.error().code);
    CHECK(over.error().message == plain.error().message);
  }
  auto over = book.ParseFactsOver(assignment, *base, Inspection("fire_safety"));
  REQUIRE(over.ok());
  CHECK(over->as_of() == base->as_of());
  auto dated = book.ParseFactsOver(assignment, *base, "{\"as_of\":\"2025-09-01\"}");
  REQUIRE(dated.ok());
  CHECK(dated->as_of() == rt::ParseDate("2025-09-01").value());
  // Default-constructed facts were built by no Rulebook.
  auto none = book.ParseFactsOver(assignment, rt::Facts(), "{}");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "facts_mismatch");
}

// `require complete facts` (may_inspect): whether a fact is missing is
// decided on the params as they end up, the base's included; deciding it on
// the document alone reported the enterprise as missing.
TEST_CASE("facts over a decision that requires complete facts see the base's params",
          "[facts_over]") {
  using nlohmann::json;
  const rt::Rulebook& book = *Nantong().book;
  const rt::DecisionRef may_inspect = *book.FindDecision("may_inspect");
  const json doc = json::parse(
      testing::ReadFile(std::string(BYLAW_SOURCE_DIR) + "/tests/rulesets/example_facts.json"));
  json inspection_only = doc;
  inspection_only.erase("enterprise");
  const json enterprise_only = {{"enterprise", doc["enterprise"]}};
  rt::EvaluateOptions options;
  options.trace = true;
  auto whole = book.ParseFacts(may_inspect, doc.dump());
  auto base = book.ParseFacts(may_inspect, enterprise_only.dump());
  REQUIRE(whole.ok());
  REQUIRE(base.ok());
  auto over = book.ParseFactsOver(may_inspect, *base, inspection_only.dump());
  REQUIRE(over.ok());
  auto expected = book.Evaluate(may_inspect, *whole, options);
  auto got = book.Evaluate(may_inspect, *over, options);
  REQUIRE(expected.ok());
  REQUIRE(got.ok());
  CHECK(expected->errors().empty());  // the example document is complete
  CHECK(got->ToJson() == expected->ToJson());
  // A field missing from the part the base does not give still fails closed.
  json incomplete = inspection_only;
  incomplete["inspection"].erase("urgent");
  auto gap = book.ParseFactsOver(may_inspect, *base, incomplete.dump());
  REQUIRE(gap.ok());
  auto failed = book.Evaluate(may_inspect, *gap, options);
  REQUIRE(failed.ok());
  REQUIRE_FALSE(failed->errors().empty());
  CHECK(failed->errors()[0].code == "MISSING_FACT");
  CHECK(failed->errors()[0].message.find("$.inspection.urgent") != std::string::npos);
}

TEST_CASE("facts over refuse a param of the same name and another type", "[facts_over]") {
  using nlohmann::json;
  auto record = [](const char* name, const char* field, const char* type) {
    return json{{"name", name},
                {"facts", true},
                {"fields", {{{"name", field}, {"type", {{"kind", type}}}}}}};
  };
  auto decision = [](const char* name, const char* type, const char* field) {
    return json{{"name", name},
                {"ruleset", "b"},
                {"params", {{{"name", "x"}, {"type", {{"kind", "record"}, {"name", type}}}}}},
                {"outputs", {{{"name", "o"}, {"type", {{"kind", "int"}}}}}},
                {"items",
                 {{{"kind", "output"},
                   {"id", std::string(name) + "#o"},
                   {"name", "o"},
                   {"expr",
                    {{"op", "field"},
                     {"base", {{"op", "var"}, {"name", "x"}}},
                     {"type", {{"kind", "record"}, {"name", type}}},
                     {"name", field}}}}}}};
  };
  json bundle = bylaw::testing::EmptyBundle("b");
  bundle["records"] = {record("b.A", "n", "int"), record("b.B", "n", "int")};
  bundle["decisions"] = {decision("b.da", "b.A", "n"), decision("b.db", "b.B", "n"),
                         decision("b.dc", "b.A", "n")};
  auto sealed = rt::SealBundle(bundle.dump());
  REQUIRE(sealed.ok());
  auto loaded = rt::LoadBundle(*sealed);
  REQUIRE(loaded.ok());
  const rt::Rulebook& book = **loaded;
  auto a = book.ParseFacts(*book.FindDecision("b.da"), "{\"x\":{\"n\":3}}");
  REQUIRE(a.ok());
  auto b = book.ParseFactsOver(*book.FindDecision("b.db"), *a, "{}");
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().code == "facts_mismatch");
  CHECK(b.error().message.find("param `x`") != std::string::npos);
  // The same type: rebound, and evaluated on the base's value.
  auto c = book.ParseFactsOver(*book.FindDecision("b.dc"), *a, "{}");
  REQUIRE(c.ok());
  rt::EvaluateOptions options;
  options.as_of = *rt::ParseDate("2026-01-01");
  auto out = book.Evaluate(*book.FindDecision("b.dc"), *c, options);
  REQUIRE(out.ok());
  CHECK(out->output(0).int_value() == 3);
}

}  // namespace
}  // namespace bylaw::plan
