// Property: the indexed table match (per-column bitsets intersected) finds
// exactly the rows a naive row-by-row scan of the cell predicates finds, on
// random tables (enum, int, decimal, bool, text columns; any/eq/range/not
// cells; dated rows) and random inputs, including none.
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <nlohmann/json.hpp>

#include "bylaw/runtime.h"
#include "hand_bundle.h"
#include "literal.h"
#include "model.h"
#include "table_index.h"

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;
namespace bt = bylaw::testing;
using nlohmann::json;

namespace {

const char* kKinds[] = {"enum", "int", "decimal", "bool", "text"};

// The type of column `c` (docs/bundle.md, section 2).
json ColumnType(int c, bool optional = false) {
  json t = {{"kind", kKinds[c]}};
  if (c == 0) t["name"] = "t.E";
  if (optional) t["optional"] = true;
  return t;
}
const char* kMembers[] = {"a", "b", "c", "d", "e"};
const char* kTexts[] = {"x", "y", "z"};

json Lit(int col, int v) {
  switch (col) {
    case 0: return bt::Lit(ColumnType(col), kMembers[(v % 5 + 5) % 5]);
    case 1: return bt::Lit(ColumnType(col), v);
    case 2: {
      // Steps of 0.5 in [-2, 2].
      const int halves = v;
      std::string s = std::to_string(halves / 2) + (halves % 2 ? ".5" : "");
      if (halves < 0 && halves % 2) s = "-" + std::to_string(-halves / 2) + ".5";
      return bt::Lit(ColumnType(col), s);
    }
    case 3: return bt::Lit(ColumnType(col), v % 2 != 0);
    default: return bt::Lit(ColumnType(col), kTexts[(v % 3 + 3) % 3]);
  }
}

json RandomCell(int col) {
  if (*rc::gen::inRange(0, 10) < 3) return {{"any", true}};
  json cell = {{"not", *rc::gen::inRange(0, 4) == 0}};
  json eq = json::array();
  const int neq = *rc::gen::inRange(0, 3);
  for (int i = 0; i < neq; ++i) eq.push_back(Lit(col, *rc::gen::inRange(-4, 5)));
  cell["eq"] = eq;
  json ranges = json::array();
  const bool ordered = col == 1 || col == 2 || col == 0;
  if (ordered && *rc::gen::inRange(0, 2) == 1) {
    json r;
    int lo = *rc::gen::inRange(-4, 5), hi = *rc::gen::inRange(-4, 5);
    if (lo > hi) std::swap(lo, hi);
    r["low"] = *rc::gen::inRange(0, 4) ? Lit(col, lo) : json(nullptr);
    r["high"] = *rc::gen::inRange(0, 4) ? Lit(col, hi) : json(nullptr);
    r["low_closed"] = *rc::gen::arbitrary<bool>();
    r["high_closed"] = *rc::gen::arbitrary<bool>();
    ranges.push_back(r);
  }
  cell["ranges"] = ranges;
  return cell;
}

rt::Value RandomInput(const ri::Model& m, int col) {
  if (*rc::gen::inRange(0, 12) == 0) return rt::Value::Null();
  const int v = *rc::gen::inRange(-5, 6);
  switch (col) {
    case 0: return rt::Value::Enum(&m.enums[0], static_cast<std::uint32_t>((v % 5 + 5) % 5));
    case 1: return rt::Value::Int(v);
    case 2: return rt::Value::DecimalScaled(v * 250000);  // steps of 0.25
    case 3: return rt::Value::Bool(v % 2 != 0);
    default: return rt::Value::Text(v == 5 ? "other" : kTexts[(v % 3 + 3) % 3]);
  }
}

}  // namespace

TEST_CASE("indexed table match equals a naive scan") {
  const bool ok = rc::check("indexed == naive", [] {
    const int nrows = *rc::gen::inRange(0, 150);
    json rows = json::array();
    for (int r = 0; r < nrows; ++r) {
      json row = {{"id", "t.x#r" + std::to_string(r)},
                  {"outputs", {bt::Lit(bt::KindType("int"), r)}}};
      json cells = json::array();
      for (int c = 0; c < 5; ++c) cells.push_back(RandomCell(c));
      row["cells"] = cells;
      if (*rc::gen::inRange(0, 6) == 0) {
        row["effective"] = {{"from", "2024-01-0" + std::to_string(*rc::gen::inRange(1, 5))},
                            {"until", "2024-01-0" + std::to_string(*rc::gen::inRange(5, 10))}};
      }
      rows.push_back(row);
    }
    json params = json::array(), inputs = json::array();
    for (int c = 0; c < 5; ++c) {
      params.push_back(bt::Named("p" + std::to_string(c), ColumnType(c)));
      inputs.push_back({{"expr", bt::Var("p" + std::to_string(c))}, {"type", ColumnType(c)}});
    }
    json bundle = bt::EmptyBundle("t");
    bundle["enums"] = {bt::EnumOf("t.E", {"a", "b", "c", "d", "e"})};
    bundle["tables"] = {bt::TableOf("t.x", "rule_order", params, inputs,
                                    {bt::Named("r", bt::KindType("int"))}, rows)};
    auto book = rt::LoadBundle(*rt::SealBundle(bundle.dump()));
    RC_ASSERT(book.ok());
    const ri::Model& m = (*book)->model();
    const ri::Table& t = m.tables[0];
    for (int probe = 0; probe < 20; ++probe) {
      std::vector<rt::Value> in;
      for (int c = 0; c < 5; ++c) in.push_back(RandomInput(m, c));
      const std::int64_t as_of = *ri::ParseDateLiteral("2024-01-01") + *rc::gen::inRange(0, 10);
      ri::Bits bits;
      ri::MatchIndexed(t, in.data(), as_of, &bits);
      std::vector<std::uint32_t> indexed;
      for (std::uint32_t r = 0; r < t.rows.size(); ++r) {
        if (bits[r >> 6] >> (r & 63) & 1) indexed.push_back(r);
      }
      RC_ASSERT(indexed == ri::MatchNaive(t, in.data(), as_of));
    }
  });
  CHECK(ok);
}

namespace {

const char* kHits[] = {"first", "priority", "unique", "any"};

// A field of facts record `s` for column `col`: sometimes absent (a missing
// fact), sometimes none, sometimes of the wrong kind (the facts reader then
// rejects the document, which the property skips).
void RandomFactField(int col, json* s) {
  const int pick = *rc::gen::inRange(0, 14);
  if (pick == 0) return;
  const std::string name = "f" + std::to_string(col);
  if (pick == 1) {
    (*s)[name] = nullptr;
    return;
  }
  const int v = *rc::gen::inRange(-5, 6);
  switch (col) {
    case 0: (*s)[name] = kMembers[(v % 5 + 5) % 5]; return;
    case 1: (*s)[name] = v; return;
    case 2: (*s)[name] = v * 0.25; return;
    case 3: (*s)[name] = v % 2 != 0; return;
    default: (*s)[name] = v == 5 ? "other" : kTexts[(v % 3 + 3) % 3]; return;
  }
}

}  // namespace

// The direct path (direct_call.h) answers trace-off evaluations of a
// decision that is one table call on fact fields; with the trace on, the
// interpreter answers. Both must give the same outputs, errors and
// completeness on random tables (every single-hit policy, defaults, partial
// tables, computed outputs, dated rows) and random facts (missing, none).
TEST_CASE("a table decision answers the same on the direct path and in the interpreter") {
  const bool ok = rc::check("direct == interpreted", [] {
    const int nrows = *rc::gen::inRange(0, 140);
    const std::string hit = kHits[*rc::gen::inRange(0, 4)];
    json rows = json::array();
    for (int r = 0; r < nrows; ++r) {
      // Few distinct outputs, so that `any` tables sometimes agree.
      json out = bt::Lit(bt::KindType("int"), r % 3);
      if (*rc::gen::inRange(0, 12) == 0) {  // computed: no constant outputs
        out = {{"op", "add"}, {"lhs", out}, {"rhs", bt::Lit(bt::KindType("int"), 1)}};
      }
      json row = {{"id", "t.x#r" + std::to_string(r)}, {"outputs", {out}},
                  {"priority", *rc::gen::inRange(0, 3)}};
      json cells = json::array();
      for (int c = 0; c < 5; ++c) cells.push_back(RandomCell(c));
      row["cells"] = cells;
      if (*rc::gen::inRange(0, 8) == 0) {
        row["effective"] = {{"from", "2024-01-0" + std::to_string(*rc::gen::inRange(1, 5))},
                            {"until", "2024-01-0" + std::to_string(*rc::gen::inRange(5, 10))}};
      }
      rows.push_back(row);
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      rows.push_back({{"id", "t.x#default"},
                      {"default", true},
                      {"outputs", {bt::Lit(bt::KindType("int"), 7)}}});
    }
    bt::RecordTableSpec spec;
    spec.ruleset = "t";
    spec.enums = {bt::EnumOf("t.E", {"a", "b", "c", "d", "e"})};
    spec.record = "t.S";
    for (int c = 0; c < 5; ++c) {
      spec.fields.push_back(bt::Named("f" + std::to_string(c), ColumnType(c, true)));
    }
    spec.table = "t.x";
    spec.hit = hit;
    spec.table_param = "s";
    spec.outputs = {bt::Named("r", bt::KindType("int"))};
    spec.rows = std::move(rows);
    spec.decision = "t.d";
    spec.decision_param = "s";
    spec.output = "r";
    json bundle = bt::RecordTableBundle(spec);
    const json r_of = {{"kind", "struct"},
                       {"fields", json::array({bt::Named("r", bt::KindType("int"))})}};
    json& output = bundle["decisions"][0]["items"][0];
    output["type"] = r_of;
    if (*rc::gen::inRange(0, 3) == 0) {
      output["else"] = {
          {"op", "record"}, {"type", r_of}, {"fields", {{"r", bt::Lit(bt::KindType("int"), 99)}}}};
    }
    bundle["tables"][0]["partial"] = *rc::gen::inRange(0, 4) == 0;
    auto book = rt::LoadBundle(*rt::SealBundle(bundle.dump()));
    RC_ASSERT(book.ok());
    RC_ASSERT((*book)->model().decisions[0].direct.size() == 1u);
    auto d = (*book)->FindDecision("t.d");
    RC_ASSERT(d.ok());
    for (int probe = 0; probe < 20; ++probe) {
      json s = json::object();
      for (int c = 0; c < 5; ++c) RandomFactField(c, &s);
      json doc = {{"as_of", "2024-01-0" + std::to_string(*rc::gen::inRange(1, 10))}};
      if (*rc::gen::inRange(0, 15) != 0) doc["s"] = s;
      auto facts = (*book)->ParseFacts(*d, doc.dump());
      RC_ASSERT(facts.ok());
      rt::Outcome direct, interpreted;
      rt::EvaluateOptions traced;
      traced.trace = true;
      RC_ASSERT((*book)->Evaluate(*d, *facts, {}, &direct).ok());
      RC_ASSERT((*book)->Evaluate(*d, *facts, traced, &interpreted).ok());
      RC_ASSERT(direct.output_count() == 1u);
      RC_ASSERT(direct.output(0) == interpreted.output(0));
      RC_ASSERT(direct.output(0).kind() == interpreted.output(0).kind());
      RC_ASSERT(direct.complete() == interpreted.complete());
      RC_ASSERT(direct.errors().size() == interpreted.errors().size());
      for (std::size_t i = 0; i < direct.errors().size(); ++i) {
        RC_ASSERT(direct.errors()[i].code == interpreted.errors()[i].code);
        RC_ASSERT(direct.errors()[i].message == interpreted.errors()[i].message);
      }
      // The same Outcome, reused across both paths, ends up the same too.
      RC_ASSERT((*book)->Evaluate(*d, *facts, {}, &interpreted).ok());
      RC_ASSERT(interpreted.ToJson() == direct.ToJson());
      // Facts completed from a base (the table's inputs gathered again once
      // the base's params are in) answer as the base itself does.
      auto over = (*book)->ParseFactsOver(*d, *facts, json{{"as_of", doc["as_of"]}}.dump());
      RC_ASSERT(over.ok());
      rt::Outcome over_direct, over_traced, base_traced;
      RC_ASSERT((*book)->Evaluate(*d, *over, {}, &over_direct).ok());
      RC_ASSERT((*book)->Evaluate(*d, *over, traced, &over_traced).ok());
      RC_ASSERT((*book)->Evaluate(*d, *facts, traced, &base_traced).ok());
      RC_ASSERT(over_direct.ToJson() == direct.ToJson());
      RC_ASSERT(over_traced.ToJson() == base_traced.ToJson());
    }
  });
  CHECK(ok);
}
