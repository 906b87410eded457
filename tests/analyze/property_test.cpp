// Property test: on small random tables (enum, optional enum, int and bool
// columns; every hit policy with single answers), the analysis agrees with
// brute-force enumeration of every input. The generator keeps its own
// structured cells and evaluates them by the semantics of docs/bundle.md
// 3.7, independently of the analysis; the source text it renders goes
// through the real parser and checker.
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "analyze/table_model.h"
#include "analyze_test_util.h"
#include "random_table.h"

namespace bylaw::dsl::testing {
namespace {

using analyze_internal::BuildTableModel;
using analyze_internal::ExactNumber;
using analyze_internal::TableModel;

using random_table::Kind;
using random_table::kMembers;
using random_table::RenderTest;
using random_table::Test;

// An input value: a member / bool spelling, an int, or none.
struct Value {
  bool none = false;
  std::string name;
  int number = 0;
};

struct GenCell {
  bool any = false;
  bool negated = false;
  bool lone_ne = false;  // `!= v`
  std::vector<Test> tests;
};

struct GenTable {
  std::vector<Kind> columns;
  std::string hit;
  std::vector<std::vector<GenCell>> rows;
  std::vector<int> outputs;
  std::vector<int> priorities;
};

std::string RenderCell(const GenCell& c, Kind k) {
  if (c.any) return "-";
  std::string tests;
  if (c.lone_ne) {
    tests = "!= " + (k == Kind::kInt ? std::to_string(c.tests[0].a) : c.tests[0].member);
  } else {
    for (const Test& t : c.tests) tests += (tests.empty() ? "" : ", ") + RenderTest(t, k);
  }
  return c.negated ? "not(" + tests + ")" : tests;
}

std::string Render(const GenTable& t) {
  return random_table::RenderOpenTable(t.columns, t.hit, t.rows, t.outputs, t.priorities,
                                       RenderCell) +
         "}\n";
}

bool TestMatches(const Test& t, Kind k, const Value& v) {
  if (v.none) return false;  // no test names none here
  if (k != Kind::kInt) return v.name == t.member;
  const int x = v.number;
  switch (t.op) {
    case Test::kEq: return x == t.a;
    case Test::kLt: return x < t.a;
    case Test::kLe: return x <= t.a;
    case Test::kGt: return x > t.a;
    case Test::kGe: return x >= t.a;
    case Test::kInterval:
      return (t.low_closed ? x >= t.a : x > t.a) &&
             (t.high_closed ? x <= t.b : x < t.b);
  }
  return false;
}

bool CellMatches(const GenCell& c, Kind k, const Value& v) {
  if (c.any) return true;
  if (c.lone_ne) {
    // `!= v` is a negated equality: none is not equal, so it matches.
    const bool equal = TestMatches(c.tests[0], k, v);
    return c.negated ? equal : !equal;
  }
  bool positive = false;
  for (const Test& t : c.tests) positive = positive || TestMatches(t, k, v);
  return c.negated ? !positive : positive;
}

std::vector<Value> Values(Kind k) {
  std::vector<Value> out;
  auto named = [&](const char* n) {
    Value v;
    v.name = n;
    out.push_back(v);
  };
  switch (k) {
    case Kind::kEnum:
    case Kind::kOptEnum:
      for (const char* m : kMembers) named(m);
      if (k == Kind::kOptEnum) {
        Value v;
        v.none = true;
        out.push_back(v);
      }
      break;
    case Kind::kInt:
      // Constants are 0..5: -1..6 meets every segment they cut.
      for (int i = -1; i <= 6; ++i) {
        Value v;
        v.number = i;
        out.push_back(v);
      }
      break;
    case Kind::kBool:
      named("false");
      named("true");
      break;
  }
  return out;
}

GenCell GenerateCell(Kind k) {
  GenCell c;
  if (*rc::gen::inRange(0, 10) < 3) {
    c.any = true;
    return c;
  }
  c.negated = *rc::gen::inRange(0, 5) == 0;
  auto member = [&]() -> std::string {
    if (k == Kind::kBool) return *rc::gen::arbitrary<bool>() ? "true" : "false";
    return kMembers[*rc::gen::inRange(0, 3)];
  };
  if (*rc::gen::inRange(0, 8) == 0) {
    c.lone_ne = true;
    Test t;
    t.member = member();
    t.a = *rc::gen::inRange(0, 6);
    c.tests.push_back(t);
    return c;
  }
  const int n = *rc::gen::inRange(1, 3);
  for (int i = 0; i < n; ++i) {
    Test t;
    if (k == Kind::kInt) {
      t.op = static_cast<decltype(t.op)>(*rc::gen::inRange(0, 6));
      t.a = *rc::gen::inRange(0, 6);
      t.b = *rc::gen::inRange(0, 6);
      t.low_closed = *rc::gen::arbitrary<bool>();
      t.high_closed = *rc::gen::arbitrary<bool>();
    } else {
      t.member = member();
    }
    c.tests.push_back(t);
  }
  return c;
}

GenTable GenerateTable() {
  GenTable t;
  std::vector<Kind> kinds = {Kind::kEnum, Kind::kOptEnum, Kind::kInt, Kind::kBool};
  const int ncols = *rc::gen::inRange(1, 4);
  for (int j = 0; j < ncols; ++j) {
    const std::size_t pick = static_cast<std::size_t>(
        *rc::gen::inRange(0, static_cast<int>(kinds.size())));
    t.columns.push_back(kinds[pick]);
    kinds.erase(kinds.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  static const char* const hits[] = {"unique", "any", "first", "priority"};
  t.hit = hits[*rc::gen::inRange(0, 4)];
  const int nrows = *rc::gen::inRange(1, 7);
  for (int r = 0; r < nrows; ++r) {
    std::vector<GenCell> row;
    for (Kind k : t.columns) row.push_back(GenerateCell(k));
    t.rows.push_back(row);
    t.outputs.push_back(*rc::gen::inRange(1, 3));
    t.priorities.push_back(*rc::gen::inRange(0, 3));
  }
  return t;
}

// Every input, as one value per column.
std::vector<std::vector<Value>> AllInputs(const GenTable& t) {
  std::vector<std::vector<Value>> out{{}};
  for (Kind k : t.columns) {
    std::vector<std::vector<Value>> next;
    for (const auto& prefix : out) {
      for (const Value& v : Values(k)) {
        auto p = prefix;
        p.push_back(v);
        next.push_back(p);
      }
    }
    out = std::move(next);
  }
  return out;
}

int Element(const analyze_internal::Column& col, const Value& v) {
  if (v.none) return col.none_element;
  if (!v.name.empty()) return col.LocateName(v.name);
  return col.Locate(ExactNumber::Integer(v.number));
}

std::set<std::string> RowsNamed(const Analyzed& a, const std::string& code) {
  static const std::regex row(R"(^row `([^`]+)`)");
  std::set<std::string> out;
  for (const Seen& s : a.WithCode(code)) {
    std::smatch m;
    if (std::regex_search(s.message, m, row)) out.insert(m[1]);
  }
  return out;
}

TEST_CASE("gap and overlap analysis agree with brute-force enumeration") {
  const bool ok = rc::check("analysis == brute force", [] {
    const GenTable t = GenerateTable();
    const std::string source = Render(t);
    RC_LOG() << source;
    auto a = AnalyzeText(source);
    for (const Diagnostic& d : a->check) RC_LOG() << "check: " << d.message << "\n";
    RC_ASSERT(a->check.empty());
    RC_LOG() << a->Dump();

    // Brute force.
    const auto inputs = AllInputs(t);
    const std::size_t nrows = t.rows.size();
    std::vector<std::vector<bool>> match(inputs.size(), std::vector<bool>(nrows));
    for (std::size_t p = 0; p < inputs.size(); ++p) {
      for (std::size_t r = 0; r < nrows; ++r) {
        bool m = true;
        for (std::size_t j = 0; j < t.columns.size(); ++j) {
          m = m && CellMatches(t.rows[r][j], t.columns[j], inputs[p][j]);
        }
        match[p][r] = m;
      }
    }

    // The model: each row's box holds exactly the inputs it matches, and
    // the uncovered pieces are exactly the inputs no row matches.
    const Decl* decl = nullptr;
    for (const auto& m : a->program->modules) {
      for (const auto& d : m->decls) {
        if (d->name.text == "t") decl = d.get();
      }
    }
    RC_ASSERT(decl != nullptr);
    auto model = BuildTableModel(*a->program, *a->sources, *decl);
    RC_ASSERT(model != nullptr);
    const auto& space = *model->space;
    std::vector<const analyze_internal::Box*> boxes;
    for (const auto& r : model->rows) boxes.push_back(&r.may);
    auto cover = space.Uncovered(model->universe, boxes, 1000000, 10000000);
    RC_ASSERT(cover.complete);
    bool any_gap = false;
    for (std::size_t p = 0; p < inputs.size(); ++p) {
      analyze_internal::Box point = space.Empty();
      for (std::size_t j = 0; j < t.columns.size(); ++j) {
        const int e = Element(model->columns[j], inputs[p][j]);
        RC_ASSERT(e >= 0);
        space.Set(point, j, static_cast<std::size_t>(e));
      }
      bool matched = false;
      for (std::size_t r = 0; r < nrows; ++r) {
        RC_ASSERT(space.Contains(model->rows[r].must, point) == match[p][r]);
        RC_ASSERT(space.Contains(model->rows[r].may, point) == match[p][r]);
        matched = matched || match[p][r];
      }
      bool in_gap = false;
      for (const auto& g : cover.uncovered) in_gap = in_gap || space.Contains(g, point);
      RC_ASSERT(in_gap == !matched);
      any_gap = any_gap || !matched;
    }

    // The diagnostics.
    RC_ASSERT(a->WithCode("table_gap").empty() == !any_gap);
    std::set<std::string> empty_rows;
    for (std::size_t r = 0; r < nrows; ++r) {
      bool some = false;
      for (std::size_t p = 0; p < inputs.size(); ++p) some = some || match[p][r];
      if (!some) empty_rows.insert("r" + std::to_string(r + 1));
    }
    auto live = [&](std::size_t r) {
      return !empty_rows.count("r" + std::to_string(r + 1));
    };
    if (t.hit == "unique" || t.hit == "any") {
      std::size_t pairs = 0;
      for (std::size_t b = 0; b < nrows; ++b) {
        for (std::size_t a2 = 0; a2 < b; ++a2) {
          if (!live(a2) || !live(b)) continue;
          if (t.hit == "any" && t.outputs[a2] == t.outputs[b]) continue;
          bool both = false;
          for (std::size_t p = 0; p < inputs.size(); ++p) {
            both = both || (match[p][a2] && match[p][b]);
          }
          if (both) ++pairs;
        }
      }
      const std::string code = t.hit == "unique" ? "unique_overlap" : "any_conflict";
      RC_ASSERT(a->WithCode(code).size() == std::min<std::size_t>(pairs, 10));
      RC_ASSERT(RowsNamed(*a, "unreachable_row") == empty_rows);
    } else {
      // Rows that match something but never win.
      std::set<std::string> shadowed;
      for (std::size_t r = 0; r < nrows; ++r) {
        if (!live(r)) continue;
        bool wins = false;
        for (std::size_t p = 0; p < inputs.size() && !wins; ++p) {
          if (!match[p][r]) continue;
          bool beaten = false;
          for (std::size_t o = 0; o < nrows; ++o) {
            if (o == r || !match[p][o]) continue;
            const bool earlier = o < r;
            const bool better =
                t.hit == "first" ? earlier
                                 : (t.priorities[o] > t.priorities[r] ||
                                    (t.priorities[o] == t.priorities[r] && earlier));
            beaten = beaten || better;
          }
          wins = !beaten;
        }
        if (!wins) shadowed.insert("r" + std::to_string(r + 1));
      }
      if (t.hit == "first") {
        std::set<std::string> expected = empty_rows;
        expected.insert(shadowed.begin(), shadowed.end());
        RC_ASSERT(RowsNamed(*a, "unreachable_row") == expected);
      } else {
        RC_ASSERT(RowsNamed(*a, "unreachable_row") == empty_rows);
        RC_ASSERT(RowsNamed(*a, "masked_row") == shadowed);
      }
    }
  });
  CHECK(ok);
}


// Level conflicts against brute force: a random national table and a random
// county table that `overrides` it (both `first` or `priority`, over the
// same facts, outputs 1..3), optionally `tightens n at_most`. Where both
// answer an input (the winning row of each, by the hit policy) and the
// answers differ, that (county row, national row) pair must be reported:
// `level_conflict` when the county's answer differs, or with `tightens`,
// `loosened_standard` exactly when it is higher. Nothing else is reported.
std::string RenderLevelTable(const GenTable& t, const std::string& name,
                             const std::string& items) {
  std::string s = "table " + name + " (f: F) -> (n: int)\n  hit " + t.hit + "\n  partial\n" +
                  items + "  basis \"b\"\n{\n  |";
  for (Kind k : t.columns) s += " " + random_table::Header(k) + " |";
  s += "| n |\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    s += "  |";
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      s += " " + RenderCell(t.rows[r][j], t.columns[j]) + " |";
    }
    s += "| " + std::to_string(t.outputs[r]) + " |";
    if (t.hit == "priority") s += " priority " + std::to_string(t.priorities[r]);
    s += "\n";
  }
  return s + "}\n";
}

// The row that answers `input` (by index), or -1.
int Winner(const GenTable& t, const std::vector<Value>& input,
           const std::vector<std::size_t>& column_of) {
  int best = -1;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    bool m = true;
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      m = m && CellMatches(t.rows[r][j], t.columns[j], input[column_of[j]]);
    }
    if (!m) continue;
    if (best < 0) {
      best = static_cast<int>(r);
      if (t.hit == "first") break;
    } else if (t.priorities[r] > t.priorities[static_cast<std::size_t>(best)]) {
      best = static_cast<int>(r);
    }
  }
  return best;
}

std::set<std::pair<std::string, std::string>> PairsNamed(const Analyzed& a,
                                                         const std::string& code) {
  static const std::regex pair(R"(^row `([^`]+)` of table `[^`]+` .* row `([^`]+)` of `)");
  std::set<std::pair<std::string, std::string>> out;
  for (const Seen& s : a.WithCode(code)) {
    std::smatch m;
    if (std::regex_search(s.message, m, pair)) out.insert({m[1], m[2]});
  }
  return out;
}

TEST_CASE("level conflicts agree with brute-force enumeration") {
  const bool ok = rc::check("level analysis == brute force", [] {
    GenTable high = GenerateTable();
    GenTable low = GenerateTable();
    for (GenTable* t : {&high, &low}) {
      if (t->hit != "priority") t->hit = "first";
    }
    const bool tightens = *rc::gen::inRange(0, 10) < 3;
    const std::string nat =
        "ruleset nat\n  level national\nenum E { A, B, C }\n"
        "facts F {\n  e: E\n  oe: E?\n  i: int\n  b: bool\n}\n" +
        RenderLevelTable(high, "t", "");
    const std::string town =
        "ruleset town\n  level county\nimport nat\n" +
        RenderLevelTable(low, "town_t",
                         std::string("  overrides nat.t\n") +
                             (tightens ? "  tightens n at_most\n" : ""));
    RC_LOG() << nat << "\n" << town;
    auto a = AnalyzeFiles({{"nat.bylaw", nat}, {"town.bylaw", town}});
    for (const Diagnostic& d : a->check) RC_LOG() << "check: " << d.message << "\n";
    RC_ASSERT(a->check.empty());
    RC_LOG() << a->Dump();

    // Every input over the union of the columns either table reads.
    std::vector<Kind> kinds;
    for (const GenTable* t : {&high, &low}) {
      for (Kind k : t->columns) {
        if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
      }
    }
    auto column_of = [&](const GenTable& t) {
      std::vector<std::size_t> at;
      for (Kind k : t.columns) {
        at.push_back(static_cast<std::size_t>(
            std::find(kinds.begin(), kinds.end(), k) - kinds.begin()));
      }
      return at;
    };
    const auto high_cols = column_of(high), low_cols = column_of(low);
    GenTable joint;
    joint.columns = kinds;
    std::set<std::pair<std::string, std::string>> conflicts, loosened;
    for (const auto& input : AllInputs(joint)) {
      const int h = Winner(high, input, high_cols);
      const int l = Winner(low, input, low_cols);
      if (h < 0 || l < 0) continue;
      const int hv = high.outputs[static_cast<std::size_t>(h)];
      const int lv = low.outputs[static_cast<std::size_t>(l)];
      if (hv == lv) continue;
      const std::pair<std::string, std::string> rows{"r" + std::to_string(l + 1),
                                                     "r" + std::to_string(h + 1)};
      if (!tightens) {
        conflicts.insert(rows);
      } else if (lv > hv) {
        loosened.insert(rows);
      }
    }
    // At most 10 pairs are reported per pair of tables.
    const auto reported_conflicts = PairsNamed(*a, "level_conflict");
    const auto reported_loosened = PairsNamed(*a, "loosened_standard");
    if (conflicts.size() + loosened.size() <= 10) {
      RC_ASSERT(reported_conflicts == conflicts);
      RC_ASSERT(reported_loosened == loosened);
    } else {
      RC_ASSERT(reported_conflicts.size() + reported_loosened.size() == 10u);
      for (const auto& p : reported_conflicts) RC_ASSERT(conflicts.count(p) == 1u);
      for (const auto& p : reported_loosened) RC_ASSERT(loosened.count(p) == 1u);
    }
  });
  CHECK(ok);
}

}  // namespace
}  // namespace bylaw::dsl::testing
