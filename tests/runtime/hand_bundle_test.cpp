// tests/support/hand_bundle.h makes bundles the runtime loads with its
// hash checked: a one-table bundle sealed from it loads with the default
// LoadOptions, evaluates the row its facts match (and fails closed on the
// facts no row matches), and refuses the same bytes once one is changed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "bylaw/runtime.h"
#include "hand_bundle.h"

namespace rt = bylaw::runtime;
namespace bt = bylaw::testing;
using nlohmann::json;

namespace {

// A table of two rows over the record `s` {kind: enum k.K, n: int}: row r1
// for kind `a`, row r2 for n in [10, 20); the output `level` is 1 or 2.
std::string TwoRowBundle() {
  auto row = [](const char* id, json cells, int level) {
    return json{{"id", id},
                {"cells", std::move(cells)},
                {"outputs", {bt::Lit(bt::KindType("int"), level)}}};
  };
  bt::RecordTableSpec spec;
  spec.ruleset = "k";
  spec.enums = {bt::EnumOf("k.K", {"a", "b"})};
  spec.record = "k.S";
  spec.fields = {bt::Named("kind", bt::EnumType("k.K")), bt::Named("n", bt::KindType("int"))};
  spec.table = "k.t";
  spec.table_param = "s";
  spec.outputs = {bt::Named("level", bt::KindType("int"))};
  spec.rows = {row("k.t#r1", {{{"eq", {bt::Lit(bt::EnumType("k.K"), "a")}}}, {{"any", true}}}, 1),
               row("k.t#r2",
                   {{{"any", true}},
                    {{"ranges",
                      {{{"low", bt::Lit(bt::KindType("int"), 10)},
                        {"high", bt::Lit(bt::KindType("int"), 20)},
                        {"low_closed", true},
                        {"high_closed", false}}}}}},
                   2)};
  spec.decision = "k.d";
  spec.decision_param = "s";
  spec.output = "o";
  auto sealed = rt::SealBundle(bt::RecordTableBundle(spec).dump());
  REQUIRE(sealed.ok());
  return *sealed;
}

}  // namespace

TEST_CASE("a bundle from hand_bundle.h loads with its hash checked and evaluates a row") {
  const std::string bytes = TwoRowBundle();
  rt::LoadOptions checked;
  REQUIRE(checked.verify_hash);
  auto book = rt::LoadBundle(bytes, checked);
  REQUIRE(book.ok());
  auto d = (*book)->FindDecision("k.d");
  REQUIRE(d.ok());
  rt::EvaluateOptions traced;
  traced.trace = true;
  struct Case {
    const char* facts;
    const char* row;  // the row that answers, or null for none
    int level;
  };
  static const Case kCases[] = {
      {R"({"as_of":"2025-01-01","s":{"kind":"a","n":3}})", "k.t#r1", 1},
      {R"({"as_of":"2025-01-01","s":{"kind":"b","n":12}})", "k.t#r2", 2},
      {R"({"as_of":"2025-01-01","s":{"kind":"b","n":20}})", nullptr, 0},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.facts) {
      auto facts = (*book)->ParseFacts(*d, c.facts);
      REQUIRE(facts.ok());
      auto out = (*book)->Evaluate(*d, *facts, traced);
      REQUIRE(out.ok());
      std::string rows;
      for (const rt::TraceEvent& e : out->trace()) {
        if (e.kind == rt::TraceEvent::Kind::kTable) {
          for (const std::string& r : e.rows) rows += r;
        }
      }
      if (c.row == nullptr) {
        // No row matches: an error, never a silent answer.
        CHECK(rows.empty());
        CHECK_FALSE(out->errors().empty());
      } else {
        CHECK(rows == c.row);
        REQUIRE(out->errors().empty());
        REQUIRE(out->output_count() == 1u);
        CHECK(out->ToJson().find("\"o\":{\"level\":" + std::to_string(c.level) + "}") !=
              std::string::npos);
      }
    }
  }
}

TEST_CASE("a bundle from hand_bundle.h is refused once a byte changes after sealing") {
  std::string bytes = TwoRowBundle();
  const std::size_t at = bytes.find("\"k.t#r2\"");
  REQUIRE(at != std::string::npos);
  bytes.replace(at, 8, "\"k.t#r3\"");
  auto book = rt::LoadBundle(bytes);
  REQUIRE_FALSE(book.ok());
  CHECK(book.error().code == "bundle_hash_mismatch");
}
