// Random small decision tables for property tests (tests/analyze and
// tests/diff): the column kinds, unary tests and their rendering as bylaw
// source. Each test keeps its own cell type and generator (what it needs
// to vary differs); the text they render is the same language.
#ifndef BYLAW_TESTS_SUPPORT_RANDOM_TABLE_H_
#define BYLAW_TESTS_SUPPORT_RANDOM_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace bylaw::dsl::testing::random_table {

// Columns read `f.e` (enum E { A, B, C }), `f.oe` (E?), `f.i` (int) and
// `f.b` (bool) of facts F.
enum class Kind { kEnum, kOptEnum, kInt, kBool };
inline constexpr const char* kMembers[] = {"A", "B", "C"};

// One unary test of a cell.
struct Test {
  enum { kEq, kLt, kLe, kGt, kGe, kInterval } op = kEq;
  std::string member;  // enum and bool columns
  int a = 0, b = 0;    // int columns
  bool low_closed = true, high_closed = true;
};

inline std::string Header(Kind k) {
  switch (k) {
    case Kind::kEnum: return "f.e";
    case Kind::kOptEnum: return "f.oe";
    case Kind::kInt: return "f.i";
    case Kind::kBool: return "f.b";
  }
  return "";
}

inline std::string RenderTest(const Test& t, Kind k) {
  if (k != Kind::kInt) return t.member;
  switch (t.op) {
    case Test::kEq: return std::to_string(t.a);
    case Test::kLt: return "< " + std::to_string(t.a);
    case Test::kLe: return "<= " + std::to_string(t.a);
    case Test::kGt: return "> " + std::to_string(t.a);
    case Test::kGe: return ">= " + std::to_string(t.a);
    case Test::kInterval:
      return std::string(t.low_closed ? "[" : "(") + std::to_string(t.a) + ".." +
             std::to_string(t.b) + (t.high_closed ? "]" : ")");
  }
  return "";
}

// Ruleset `p` with its vocabulary and table `t (f: F) -> (n: int)`: the
// header and every row, left open for the caller to add a default row and
// the closing brace. `render_cell(cell, kind)` spells one cell.
template <typename Cell, typename RenderCell>
std::string RenderOpenTable(const std::vector<Kind>& columns, const std::string& hit,
                            const std::vector<std::vector<Cell>>& rows,
                            const std::vector<int>& outputs, const std::vector<int>& priorities,
                            RenderCell render_cell) {
  std::string s =
      "ruleset p level municipal\nenum E { A, B, C }\n"
      "facts F {\n  e: E\n  oe: E?\n  i: int\n  b: bool\n}\n"
      "table t (f: F) -> (n: int)\n  hit " + hit + " basis \"b\"\n{\n  |";
  for (Kind k : columns) s += " " + Header(k) + " |";
  s += "| n |\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    s += "  |";
    for (std::size_t j = 0; j < columns.size(); ++j) {
      s += " " + render_cell(rows[r][j], columns[j]) + " |";
    }
    s += "| " + std::to_string(outputs[r]) + " |";
    if (hit == "priority") s += " priority " + std::to_string(priorities[r]);
    s += "\n";
  }
  return s;
}

}  // namespace bylaw::dsl::testing::random_table

#endif  // BYLAW_TESTS_SUPPORT_RANDOM_TABLE_H_
