// The direct JSON writer (runtime/src/result_writer.h) against the DOM
// serialisation it replaced (json_adapter's ToJson trees dumped by
// nlohmann): the same bytes for whole outcomes, traced and not, and for
// Values at random (decimals of every size, dates far and near, strings of
// random bytes, where both must refuse ill-formed UTF-8).
#include <catch2/catch.hpp>

#include <rapidcheck.h>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bylaw/base/utf8.h"
#include "bylaw/runtime.h"
#include "exact_json.h"
#include "json_adapter.h"
#include "model.h"
#include "result_writer.h"

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;
using nlohmann::json;

namespace {

std::shared_ptr<const rt::Rulebook> Book() {
  static std::shared_ptr<const rt::Rulebook> book = [] {
    std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/supervision.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto sealed = rt::SealBundle(ss.str());
    if (!sealed.ok()) FAIL(sealed.error().ToString());
    auto b = rt::LoadBundle(*sealed);
    if (!b.ok()) FAIL(b.error().ToString());
    return *b;
  }();
  return book;
}

const char* KindName(rt::TraceEvent::Kind k) {
  switch (k) {
    case rt::TraceEvent::Kind::kFact: return "fact";
    case rt::TraceEvent::Kind::kParam: return "param";
    case rt::TraceEvent::Kind::kTable: return "table";
    case rt::TraceEvent::Kind::kRule: return "rule";
    case rt::TraceEvent::Kind::kScorecard: return "scorecard";
    case rt::TraceEvent::Kind::kOutput: return "output";
  }
  return "?";
}

// Outcome::ToJson as it was: a JSON tree, dumped ("{}" when dump throws).
std::string DomOutcome(const rt::Outcome& o) {
  json j;
  j["decision"] = std::string(o.decision());
  j["as_of"] = rt::FormatDate(o.as_of());
  json outs = json::object();
  for (std::size_t i = 0; i < o.output_count(); ++i) {
    outs[std::string(o.output_name(i))] = ri::ToJson(o.output(i));
  }
  j["outputs"] = std::move(outs);
  json errs = json::array();
  for (const rt::EvalError& e : o.errors()) {
    errs.push_back({{"code", e.code}, {"message", e.message}, {"output", e.output}});
  }
  j["errors"] = std::move(errs);
  j["complete"] = o.complete();
  if (o.trial()) j["trial"] = true;
  if (!o.trace().empty()) {
    json tr = json::array();
    for (const rt::TraceEvent& e : o.trace()) {
      json t = {{"kind", KindName(e.kind)}, {"id", e.id}};
      if (!e.rows.empty()) t["rows"] = e.rows;
      if (!e.detail.empty()) t["detail"] = e.detail;
      if (e.source) {
        t["source"] = {{"file", e.source->file}, {"line", e.source->line},
                       {"col", e.source->col}};
        if (!e.source->basis.empty()) t["basis"] = e.source->basis;
      }
      tr.push_back(std::move(t));
    }
    j["trace"] = std::move(tr);
  }
  try {
    return ri::DumpJsonExact(j, /*replace=*/false);
  } catch (const std::exception&) {
    return "{}";
  }
}

// ri::ToJson(v) dumped (decimals with their exact digits), or nullopt
// when nlohmann refuses (bad UTF-8).
std::optional<std::string> DomValue(const rt::Value& v) {
  try {
    return ri::DumpJsonExact(ri::ToJson(v), /*replace=*/false);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> Written(const rt::Value& v) {
  std::string out = "prefix";
  if (!ri::AppendValueJson(v, &out)) return std::nullopt;
  return out.substr(6);
}

}  // namespace

TEST_CASE("outcome JSON is the DOM serialisation, byte for byte") {
  struct Case {
    const char* decision;
    const char* facts;
  };
  static const Case kCases[] = {
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E1", "industry": "catering",
                     "credit": "B", "risk": 2, "years": "2.5", "key": false, "penalties": []}})"},
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E\u00e9\n", "industry":
                     "chemicals", "credit": "D", "risk": 4, "years": 0.25, "key": true,
                     "penalties": [{"since": "2024-01-01", "corrected": false}]}})"},
      {"t.freq", R"({"enterprise": {"credit": "A"}})"},  // fails closed: errors
      {"t.may_inspect", R"({"as_of": "2024-10-01", "inspection": {"matter": "ebike_fire",
                           "urgent": false, "head_approved": true, "inspectors":
                           [{"id": "P1", "certified": true}, {"id": "P2", "certified": true}]}})"},
      {"t.may_inspect", R"({"as_of": "2024-10-01", "inspection": {"matter": "ebike_fire"}})"},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "C", "r": 3})"},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "A"})"},
      {"old.ping", R"({"as_of": "2030-01-01"})"},
  };
  for (const Case& c : kCases) {
    for (bool trace : {false, true}) {
      DYNAMIC_SECTION(c.decision << (trace ? " traced " : " ") << c.facts) {
        auto d = Book()->FindDecision(c.decision);
        REQUIRE(d.ok());
        auto facts = Book()->ParseFacts(*d, c.facts);
        REQUIRE(facts.ok());
        rt::EvaluateOptions options;
        options.trace = trace;
        auto outcome = Book()->Evaluate(*d, *facts, options);
        REQUIRE(outcome.ok());
        CHECK(trace == !outcome->trace().empty());
        const std::string want = DomOutcome(*outcome);
        CHECK(outcome->ToJson() == want);
        std::string appended = "[";
        outcome->AppendJson(&appended);
        CHECK(appended == "[" + want);
      }
    }
  }
}

TEST_CASE("values are written as the DOM writes them") {
  const auto& model = Book()->model();
  const ri::EnumType* credit = model.enum_by_name.at("t.CreditClass");
  const rt::Value fixed[] = {
      rt::Value::Null(), rt::Value(), rt::Value::Bool(true), rt::Value::Int(-42),
      rt::Value::DecimalScaled(1), rt::Value::DecimalScaled(10), rt::Value::DecimalScaled(100),
      rt::Value::DecimalScaled(-2'500'000), rt::Value::DecimalScaled(INT64_MAX),
      rt::Value::DecimalScaled(INT64_MIN), rt::Value::PercentScaled(125'000),
      rt::Value::Date(0), rt::Value::Date(-800'000), rt::Value::Date(3'000'000),
      rt::Value::Duration(14, 3), rt::Value::Enum(credit, 2), rt::Value::Text("a\"b\\c\x01\x7f/"),
      rt::Value::List({rt::Value::Int(1), rt::Value::Text("x")}),
  };
  for (const rt::Value& v : fixed) {
    DYNAMIC_SECTION(v.ToString()) { CHECK(Written(v) == DomValue(v)); }
  }
  const ri::RecordType* penalty = model.record_by_name.at("t.Penalty");
  const rt::Value record = rt::Value::Record(
      penalty, {rt::Value::Bool(false), rt::Value::Date(19000)}, "$.x");
  const rt::Value partial = rt::Value::Record(penalty, {rt::Value(), rt::Value::Date(19000)});
  CHECK(Written(record) == DomValue(record));
  CHECK(Written(partial) == DomValue(partial));
  CHECK(Written(rt::Value::Text("\xff")) == std::nullopt);
  CHECK(DomValue(rt::Value::Text("\xff")) == std::nullopt);
  // Decimals keep every digit (a double has about 16).
  CHECK(Written(rt::Value::DecimalScaled(12'345'678'901'123'455)) == "12345678901.123455");
  CHECK(Written(rt::Value::DecimalScaled(INT64_MAX)) == "9223372036854.775807");
  CHECK(Written(rt::Value::DecimalScaled(-1)) == "-0.000001");
  CHECK(Written(rt::Value::PercentScaled(INT64_MAX)) == "\"922337203685477.5807%\"");
}

TEST_CASE("random values are written as the DOM writes them") {
  const bool ok = rc::check("decimals, dates, texts", [] {
    const int magnitude = *rc::gen::inRange(0, 19);
    std::int64_t scaled = *rc::gen::inRange<std::int64_t>(0, 1'000'000'000'000'000'000);
    for (int i = magnitude; i < 18; ++i) scaled /= 10;
    if (*rc::gen::arbitrary<bool>()) scaled = -scaled;
    const rt::Value dec = rt::Value::DecimalScaled(scaled);
    RC_ASSERT(Written(dec) == DomValue(dec));
    const rt::Value date = rt::Value::Date(*rc::gen::inRange(-1'000'000, 3'000'000));
    RC_ASSERT(Written(date) == DomValue(date));
    std::string bytes;  // any byte, and some well-formed multibyte characters
    for (int p : *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 300))) {
      if (p < 256) {
        bytes.push_back(static_cast<char>(p));
      } else {
        bytes += p < 280 ? "\xe5\x8d\x97" : "\xf0\x9f\x98\x80";
      }
    }
    const rt::Value text = rt::Value::Text(bytes);
    RC_ASSERT(Written(text) == DomValue(text));
  });
  CHECK(ok);
}

// The keys made at load (model.h, JsonKeys; BuildJsonKeys) against the
// writer's sort-and-escape as it goes, and both against the DOM: records
// of random field names (any bytes, multibyte characters, names that
// order differently as bytes and as signed chars), some fields missing.
TEST_CASE("records written with the keys made at load are the DOM's") {
  const bool ok = rc::check("random field names", [] {
    const int n = *rc::gen::inRange(0, 20);
    // Half the cases may have bytes that are not UTF-8 (then no keys).
    const bool any_byte = *rc::gen::arbitrary<bool>();
    ri::RecordType built;
    built.name = "t.Random";
    std::set<std::string> seen;
    for (int i = 0; i < n; ++i) {
      std::string name;
      for (int p : *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 270))) {
        if (p < 256) {
          name.push_back(static_cast<char>(any_byte ? p : p % 128));
        } else {
          name += p < 265 ? "\xe5\x8d\x97" : "\xc3\xa9";
        }
      }
      if (!seen.insert(name).second) continue;  // names are unique
      built.field_names.push_back(name);
    }
    ri::BuildJsonKeys(built.field_names, &built.json_keys);
    ri::RecordType unbuilt;
    unbuilt.name = built.name;
    unbuilt.field_names = built.field_names;
    std::vector<rt::Value> fields;
    for (std::size_t i = 0; i < built.field_names.size(); ++i) {
      fields.push_back(*rc::gen::arbitrary<bool>() ? rt::Value()
                                                   : rt::Value::Int(static_cast<int>(i)));
    }
    const rt::Value with_keys = rt::Value::Record(&built, fields);
    const rt::Value without = rt::Value::Record(&unbuilt, fields);
    const std::optional<std::string> dom = DomValue(without);
    RC_ASSERT(Written(without) == dom);
    RC_ASSERT(Written(with_keys) == dom);
    // Keys are made only when every name is valid UTF-8.
    const bool valid =
        std::all_of(built.field_names.begin(), built.field_names.end(),
                    [](const std::string& s) { return bylaw::base::IsValidUtf8(s); });
    RC_ASSERT(built.json_keys.order.size() == (valid ? built.field_names.size() : 0));
  });
  CHECK(ok);
}

TEST_CASE("every record type and decision of a loaded bundle has its keys") {
  const auto& model = Book()->model();
  for (const ri::RecordType& r : model.records) {
    INFO(r.name);
    CHECK(r.json_keys.order.size() == r.field_names.size());
    CHECK(r.json_keys.text.size() == r.field_names.size());
  }
  for (const ri::Decision& d : model.decisions) {
    INFO(d.name);
    CHECK(d.json_outputs.order.size() == d.output_names.size());
  }
}
