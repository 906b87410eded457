// Pieces of hand-built bundles (docs/bundle.md) for tests and benchmarks:
// the envelope with every section present, types, literals, field reads,
// table calls, and the usual one-table bundle (a facts record whose
// fields a table reads, a decision that calls it). The JSON is the
// caller's to extend before sealing it with runtime::SealBundle; loading
// checks the hash (tests/runtime/hand_bundle_test.cpp). Header-only;
// every test suite and benchmark may include it (tests/support).
#ifndef BYLAW_TESTS_SUPPORT_HAND_BUNDLE_H_
#define BYLAW_TESTS_SUPPORT_HAND_BUNDLE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bylaw::testing {

using BundleJson = nlohmann::json;

// A bundle of the one ruleset `ruleset` (national, in force) with every
// section present and empty.
inline BundleJson EmptyBundle(const std::string& ruleset) {
  using nlohmann::json;
  return {{"format", "bylaw-bundle"},
          {"format_version", 2},
          {"rulesets", {{{"id", ruleset}, {"level", "national"}, {"status", "in_force"}}}},
          {"enums", json::array()},
          {"records", json::array()},
          {"params", json::array()},
          {"matters", json::array()},
          {"reasons", json::array()},
          {"rules", json::array()},
          {"scorecards", json::array()},
          {"defs", json::array()},
          {"lets", json::array()},
          {"decisions", json::array()},
          {"sources", json::object()},
          {"tables", json::array()}};
}

// Types: a kind without a name ("int", "decimal", "bool", "text",
// "percent"), an enum's, a record's.
inline BundleJson KindType(const std::string& kind) { return {{"kind", kind}}; }
inline BundleJson EnumType(const std::string& name) { return {{"kind", "enum"}, {"name", name}}; }
inline BundleJson RecordType(const std::string& name) {
  return {{"kind", "record"}, {"name", name}};
}

// A name and a type: a param, a record field or a table output column.
inline BundleJson Named(const std::string& name, BundleJson type) {
  return {{"name", name}, {"type", std::move(type)}};
}

// An enum `name` of `members`, in order.
inline BundleJson EnumOf(const std::string& name, const std::vector<std::string>& members) {
  BundleJson list = BundleJson::array();
  for (const std::string& m : members) list.push_back({{"name", m}});
  return {{"name", name}, {"members", std::move(list)}};
}

// Expressions: a literal of `type`, a variable, the field `name` of the
// variable `var` of record type `record`, a call of table `table` on the
// variable `arg`.
inline BundleJson Lit(BundleJson type, BundleJson value) {
  return {{"op", "lit"}, {"type", std::move(type)}, {"value", std::move(value)}};
}
inline BundleJson Var(const std::string& name) { return {{"op", "var"}, {"name", name}}; }
inline BundleJson FieldOf(const std::string& var, const std::string& record,
                          const std::string& name) {
  return {{"op", "field"}, {"base", Var(var)}, {"type", RecordType(record)}, {"name", name}};
}
inline BundleJson CallTable(const std::string& table, const std::string& arg) {
  return {{"op", "call_table"}, {"name", table}, {"args", {Var(arg)}}};
}

// A table: `params`, `inputs` ({expr, type}), `outputs` (Named) and
// `rows` as docs/bundle.md, section 5, has them.
inline BundleJson TableOf(const std::string& name, const std::string& hit, BundleJson params,
                          BundleJson inputs, BundleJson outputs, BundleJson rows) {
  return {{"name", name},
          {"hit", hit},
          {"params", std::move(params)},
          {"inputs", std::move(inputs)},
          {"outputs", std::move(outputs)},
          {"rows", std::move(rows)}};
}

// The usual one-table bundle: a facts record whose fields, in order, are
// the inputs of a table on a param of that record type, and a decision
// whose one output (`decision`#`output`) is the call of the table on the
// decision's param.
struct RecordTableSpec {
  std::string ruleset;
  BundleJson enums = BundleJson::array();
  std::string record;
  BundleJson fields = BundleJson::array();  // Named, in the table's input order
  std::string table;
  std::string hit = "first";
  std::string table_param = "e";
  BundleJson outputs = BundleJson::array();  // the table's output columns (Named)
  BundleJson rows = BundleJson::array();
  std::string decision;
  std::string decision_param = "e";
  std::string output;
};

inline BundleJson RecordTableBundle(const RecordTableSpec& spec) {
  BundleJson inputs = BundleJson::array();
  for (const BundleJson& f : spec.fields) {
    inputs.push_back(
        {{"expr", FieldOf(spec.table_param, spec.record, f["name"].get<std::string>())},
         {"type", f["type"]}});
  }
  BundleJson bundle = EmptyBundle(spec.ruleset);
  bundle["enums"] = spec.enums;
  bundle["records"] = {{{"name", spec.record}, {"facts", true}, {"fields", spec.fields}}};
  bundle["tables"] = {TableOf(spec.table, spec.hit,
                              {Named(spec.table_param, RecordType(spec.record))}, inputs,
                              spec.outputs, spec.rows)};
  bundle["decisions"] = {{{"name", spec.decision},
                          {"ruleset", spec.ruleset},
                          {"params", {Named(spec.decision_param, RecordType(spec.record))}},
                          {"items",
                           {{{"kind", "output"},
                             {"id", spec.decision + "#" + spec.output},
                             {"name", spec.output},
                             {"expr", CallTable(spec.table, spec.decision_param)}}}}}};
  return bundle;
}

}  // namespace bylaw::testing

#endif  // BYLAW_TESTS_SUPPORT_HAND_BUNDLE_H_
