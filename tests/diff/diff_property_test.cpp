// Property test: `diff` finds exactly the changed regions on seeded edits.
// A random small table (enum, optional enum, int and bool columns; hit
// first or priority; a default row) is edited once — an output cell
// changed, an interval bound moved, a row added or removed, an enum cell
// changed — and the regions the diff reports, for the decision that calls
// the table and for the table itself, must be exactly the inputs on which
// the runtime's answers differ, found by evaluating both versions on every
// input of the small space.
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/review/diff.h"
#include "bylaw/runtime.h"
#include "diff_test_util.h"
#include "random_table.h"

namespace bylaw::dsl::testing {
namespace {

using random_table::Kind;
using random_table::kMembers;
using random_table::RenderTest;
using random_table::Test;
constexpr int kMaxConstant = 8;

struct Cell {
  bool any = false;
  bool negated = false;
  std::vector<Test> tests;
};

struct Table {
  std::vector<Kind> columns;
  std::string hit;
  std::vector<std::vector<Cell>> rows;
  std::vector<int> outputs, priorities;
  int default_output = 0;
};

std::string RenderCell(const Cell& c, Kind k) {
  if (c.any) return "-";
  std::string tests;
  for (const Test& t : c.tests) tests += (tests.empty() ? "" : ", ") + RenderTest(t, k);
  return c.negated ? "not(" + tests + ")" : tests;
}

std::string Render(const Table& t) {
  std::string s = random_table::RenderOpenTable(t.columns, t.hit, t.rows, t.outputs, t.priorities,
                                                RenderCell);
  s += "  | default || " + std::to_string(t.default_output) + " |\n}\n";
  s += "decision d (f: F) {\n  output n: int = t(f).n\n}\n";
  return s;
}

Test GenerateTest(Kind k) {
  Test t;
  if (k == Kind::kInt) {
    t.op = static_cast<decltype(t.op)>(*rc::gen::inRange(0, 6));
    t.a = *rc::gen::inRange(0, kMaxConstant + 1);
    t.b = *rc::gen::inRange(t.a, kMaxConstant + 1);
    t.low_closed = *rc::gen::arbitrary<bool>();
    t.high_closed = *rc::gen::arbitrary<bool>();
  } else if (k == Kind::kBool) {
    t.member = *rc::gen::arbitrary<bool>() ? "true" : "false";
  } else {
    t.member = kMembers[*rc::gen::inRange(0, 3)];
  }
  return t;
}

Cell GenerateCell(Kind k) {
  Cell c;
  if (*rc::gen::inRange(0, 10) < 3) {
    c.any = true;
    return c;
  }
  c.negated = *rc::gen::inRange(0, 6) == 0;
  const int n = *rc::gen::inRange(1, 3);
  for (int i = 0; i < n; ++i) c.tests.push_back(GenerateTest(k));
  return c;
}

std::vector<Cell> GenerateRow(const Table& t) {
  std::vector<Cell> row;
  for (Kind k : t.columns) row.push_back(GenerateCell(k));
  return row;
}

// `first`: a column the edit needs (an int column to move a bound in, an
// enum column to change), placed first.
Table GenerateTable(std::optional<Kind> first) {
  Table t;
  std::vector<Kind> kinds = {Kind::kEnum, Kind::kOptEnum, Kind::kInt, Kind::kBool};
  if (first) {
    t.columns.push_back(*first);
    kinds.erase(std::find(kinds.begin(), kinds.end(), *first));
  }
  const int ncols = *rc::gen::inRange(first ? 0 : 1, 4);
  for (int j = 0; j < ncols; ++j) {
    const auto pick = static_cast<std::size_t>(*rc::gen::inRange(0, static_cast<int>(kinds.size())));
    t.columns.push_back(kinds[pick]);
    kinds.erase(kinds.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  t.hit = *rc::gen::arbitrary<bool>() ? "first" : "priority";
  const int nrows = *rc::gen::inRange(1, 6);
  for (int r = 0; r < nrows; ++r) {
    t.rows.push_back(GenerateRow(t));
    t.outputs.push_back(*rc::gen::inRange(1, 4));
    t.priorities.push_back(*rc::gen::inRange(0, 3));
  }
  t.default_output = *rc::gen::inRange(0, 2);
  return t;
}

enum class Edit { kOutput, kBound, kAddRow, kRemoveRow, kEnumCell };

// Applies one edit of the given kind, when the table allows it; returns a
// description of what changed (for the counterexample).
std::string ApplyEdit(Table& t, Edit edit) {
  const int nrows = static_cast<int>(t.rows.size());
  switch (edit) {
    case Edit::kOutput: {
      const int r = *rc::gen::inRange(0, nrows + 1);  // nrows: the default row
      int& out = r == nrows ? t.default_output : t.outputs[static_cast<std::size_t>(r)];
      out = (out + *rc::gen::inRange(1, 4)) % 5;
      return "output of row " + std::to_string(r);
    }
    case Edit::kBound: {
      const auto first = static_cast<std::size_t>(*rc::gen::inRange(0, nrows));
      for (std::size_t k = 0; k < t.rows.size(); ++k) {
        const std::size_t r = (first + k) % t.rows.size();
        for (std::size_t j = 0; j < t.columns.size(); ++j) {
          if (t.columns[j] != Kind::kInt || t.rows[r][j].any) continue;
          Test& test = t.rows[r][j].tests[0];
          const int delta = *rc::gen::element(-2, -1, 1, 2);
          if (*rc::gen::arbitrary<bool>() || test.op != Test::kInterval) {
            test.a = std::max(0, std::min(kMaxConstant, test.a + delta));
            if (test.op == Test::kInterval) test.b = std::max(test.a, test.b);
          } else {
            test.b = std::max(test.a, std::min(kMaxConstant, test.b + delta));
          }
          return "bound in row " + std::to_string(r);
        }
      }
      return "no bound to move";
    }
    case Edit::kAddRow: {
      const int at = *rc::gen::inRange(0, nrows + 1);
      t.rows.insert(t.rows.begin() + at, GenerateRow(t));
      t.outputs.insert(t.outputs.begin() + at, *rc::gen::inRange(0, 5));
      t.priorities.insert(t.priorities.begin() + at, *rc::gen::inRange(0, 3));
      return "row added at " + std::to_string(at);
    }
    case Edit::kRemoveRow: {
      const int at = *rc::gen::inRange(0, nrows);
      t.rows.erase(t.rows.begin() + at);
      t.outputs.erase(t.outputs.begin() + at);
      t.priorities.erase(t.priorities.begin() + at);
      return "row removed at " + std::to_string(at);
    }
    case Edit::kEnumCell: {
      for (std::size_t j = 0; j < t.columns.size(); ++j) {
        if (t.columns[j] != Kind::kEnum && t.columns[j] != Kind::kOptEnum) continue;
        const auto r = static_cast<std::size_t>(*rc::gen::inRange(0, nrows));
        t.rows[r][j] = GenerateCell(t.columns[j]);
        return "enum cell of row " + std::to_string(r);
      }
      return "no enum cell";
    }
  }
  return "";
}

// Every input of the small space: each field a value the runtime accepts.
std::vector<std::map<std::string, InputValue>> AllInputs() {
  std::vector<std::map<std::string, InputValue>> out;
  for (int e = 0; e < 3; ++e) {
    for (int oe = 0; oe < 4; ++oe) {
      for (int i = -2; i <= kMaxConstant + 2; ++i) {
        for (int b = 0; b < 2; ++b) {
          std::map<std::string, InputValue> in;
          in["f.e"].name = kMembers[e];
          if (oe == 3) {
            in["f.oe"].none = true;
          } else {
            in["f.oe"].name = kMembers[oe];
          }
          in["f.i"].number = i;
          in["f.b"].name = b ? "true" : "false";
          out.push_back(std::move(in));
        }
      }
    }
  }
  return out;
}

std::string FactsJson(const std::map<std::string, InputValue>& in) {
  nlohmann::json f = {{"e", in.at("f.e").name},
                      {"i", in.at("f.i").number},
                      {"b", in.at("f.b").name == "true"}};
  f["oe"] = in.at("f.oe").none ? nlohmann::json(nullptr) : nlohmann::json(in.at("f.oe").name);
  return nlohmann::json{{"as_of", "2025-01-01"}, {"f", f}}.dump();
}

// The runtime's answer: the output and any errors.
std::string Answer(const runtime::Rulebook& book, const std::string& facts) {
  runtime::Result<std::string> out = book.EvaluateJson("d", facts);
  if (!out.ok()) RC_FAIL("cannot evaluate: " + out.error().ToString());
  const nlohmann::json doc = nlohmann::json::parse(*out);
  return doc["outputs"].dump() + doc["errors"].dump();
}

// The exploration's regions are exactly the inputs whose answers differ.
// Region fields are `f.e`, `f.i`, ... for the decision and for the table
// alike, since both take `f: F`.
void CheckExact(const DiffExploration& found, const runtime::Rulebook& old_book,
                const runtime::Rulebook& new_book) {
  REQUIRE(found.complete);
  std::size_t changed = 0;
  for (const auto& input : AllInputs()) {
    const std::string facts = FactsJson(input);
    const bool differs = Answer(old_book, facts) != Answer(new_book, facts);
    const auto regions = RegionsContaining(found, input);
    if (differs == regions.empty()) {
      RC_FAIL(std::string(differs ? "a changed input in no region: "
                                  : "an unchanged input in a region: ") + facts);
    }
    RC_ASSERT(regions.size() <= 1u);  // regions are disjoint
    changed += differs;
  }
  // Every region holds at least one input of the space.
  for (const DiffRegion& r : found.regions) {
    bool some = false;
    for (const auto& input : AllInputs()) some = some || RegionContains(r, input);
    RC_ASSERT(some);
  }
  RC_TAG(changed == 0 ? "no change" : "changed");
}

TEST_CASE("diff reports exactly the inputs whose answer a seeded edit changes",
          "[diff][property]") {
  const bool ok = rc::check("seeded edits of random tables", [] {
    const Edit edit = *rc::gen::element(Edit::kOutput, Edit::kBound, Edit::kAddRow,
                                        Edit::kRemoveRow, Edit::kEnumCell);
    std::optional<Kind> needs;
    if (edit == Edit::kBound) needs = Kind::kInt;
    if (edit == Edit::kEnumCell) needs = *rc::gen::element(Kind::kEnum, Kind::kOptEnum);
    Table old_table = GenerateTable(needs);
    Table new_table = old_table;
    if (edit == Edit::kRemoveRow) RC_PRE(old_table.rows.size() > 1);
    const std::string what = ApplyEdit(new_table, edit);
    RC_TAG(what.substr(0, what.find(' ')));
    const std::string old_text = Render(old_table), new_text = Render(new_table);
    RC_LOG() << "old:\n" << old_text << "new:\n" << new_text;
    const Compiled old_compiled = CompileText({{"p.bylaw", old_text}});
    const Compiled new_compiled = CompileText({{"p.bylaw", new_text}});
    if (old_compiled.bundle.empty()) RC_FAIL("old does not compile:\n" + old_compiled.diagnostics);
    if (new_compiled.bundle.empty()) RC_FAIL("new does not compile:\n" + new_compiled.diagnostics);
    const std::string& old_bundle = old_compiled.bundle;
    const std::string& new_bundle = new_compiled.bundle;

    DiffOptions options;
    options.as_of = "2025-01-01";
    DiffResult diff = DiffBundles(old_bundle, new_bundle, options);
    RC_ASSERT(diff.ok());
    auto old_book = runtime::LoadBundle(old_bundle);
    auto new_book = runtime::LoadBundle(new_bundle);
    RC_ASSERT(old_book.ok());
    RC_ASSERT(new_book.ok());

    const DiffReport& report = *diff.report;
    RC_ASSERT(report.decisions.size() == 1u);
    const DiffDecision& d = report.decisions[0];
    if (old_text == new_text) {
      RC_ASSERT(d.outputs.empty());
      RC_ASSERT(!report.answers_differ());
      return;
    }
    RC_ASSERT(d.outputs.size() == 1u);
    CheckExact(d.outputs[0].found, **old_book, **new_book);
    RC_ASSERT(report.tables.size() == 1u);
    RC_ASSERT(report.tables[0].reached_by == std::vector<std::string>{"p.d"});
    CheckExact(report.tables[0].found, **old_book, **new_book);
    RC_ASSERT(report.answers_differ() == !d.outputs[0].found.regions.empty());
  });
  CHECK(ok);
}

}  // namespace
}  // namespace bylaw::dsl::testing
