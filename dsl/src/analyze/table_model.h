// A decision table as boxes: each input column partitioned into finitely
// many elements, each row the box of elements its cells match. Internal
// to dsl/src/analyze; bylaw/dsl/analyzer.h is the public entry.
//
// Partition per column type:
//   enum      its members            bool    false, true
//   text      each constant, "other" Matter  every matter of the program
//   int, date the points its cells name and the integer runs between them
//   decimal,  the points its cells name and the open intervals between
//   percent   them
//   other     one element ("any value"), approximated
// An optional column adds `none`. When some row has `effective` dates a
// virtual column `as of` partitions time by those dates, restricted to the
// window in which the table and its ruleset are in force.
//
// Each row has two boxes: `must` (the inputs it certainly matches) and
// `may` (the inputs it might match). They differ only where a cell's value
// is not known statically (a param, which hosts may override): such a test
// adds nothing to `must` and everything to `may`, and marks its column
// approximate.
#ifndef BYLAW_DSL_SRC_ANALYZE_TABLE_MODEL_H_
#define BYLAW_DSL_SRC_ANALYZE_TABLE_MODEL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/dsl/analyzer.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"
#include "box_space.h"
#include "exact_number.h"

namespace bylaw::dsl::analyze_internal {

// One element of a column's partition.
struct Element {
  std::string example;  // a concrete value as bylaw spells it: `C`, `3`
  std::string label;    // for finite elements, how a region names it
  bool is_none = false;
  // Ordered columns: the segment [low, high] with open/closed ends;
  // nullopt is unbounded.
  bool ordered = false;
  std::optional<ExactNumber> low, high;
  bool low_closed = false, high_closed = false;
};

enum class ColumnKind { kFinite, kOrdered, kOpaque };
enum class OrderedKind { kInt, kDecimal, kPercent, kDate };

struct Column {
  std::string header;  // the header expression as written
  ColumnKind kind = ColumnKind::kFinite;
  OrderedKind ordered = OrderedKind::kInt;
  std::vector<Element> elements;
  int none_element = -1;
  bool approximate = false;  // some cell could not be decided statically
  bool is_time = false;      // the virtual `as of` column
  // Why the header is not a fact of its own that takes every value of its
  // type independently of the other columns (`e.a + e.b`, two columns
  // reading `e.a`); empty when it is. The model still treats it as one,
  // so findings over such a column are not exact (analysis_incomplete).
  std::string inexact;
  // The least value the header can take (`count(...)` is at least 0):
  // segments below it are outside the universe.
  std::optional<ExactNumber> at_least;

  bool discrete() const {
    return ordered == OrderedKind::kInt || ordered == OrderedKind::kDate;
  }
  // The element holding a concrete ordered value, or -1.
  int Locate(const ExactNumber& value) const;
  // The finite element whose example is `spelling` (`C`, `true`), or -1.
  int LocateName(const std::string& spelling) const;
  // How a region names a set of elements: `C, D`, `[3..5)`, `>= 10, none`.
  std::string Describe(const std::vector<std::size_t>& elements) const;
};

struct RowModel {
  const Row* row = nullptr;    // a table's row, or
  const Band* band = nullptr;  // a scorecard's band
  std::string name;         // `@id`'s id, or `r<position>` (1-based)
  SourceRange at;           // where diagnostics about the row point
  std::size_t position = 0;  // 0-based among all rows
  bool is_default = false;
  std::int64_t priority = 0;
  Box must, may;            // empty for the default row
};

struct TableModel {
  const Decl* decl = nullptr;
  const TableDecl* table = nullptr;          // a table's model, or
  const ScorecardDecl* scorecard = nullptr;  // a scorecard's (one column)
  std::string hit;  // `unique` when not written
  std::vector<Column> columns;
  // Shared by the models of BuildJointModels, so boxes of one are boxes of
  // the others.
  std::shared_ptr<const Space> space;
  Box universe;  // the inputs that can occur (time restricted to the window)
  std::vector<RowModel> rows;

  // `e.credit_class = C, e.risk = 3` for one input of `box`.
  std::string Example(const Box& box) const;
  // `e.credit_class` in C, D and `e.risk` in [3..5): the columns where
  // `box` is not the whole universe; empty when it is.
  std::string Region(const Box& box) const;
  // The approximated columns, quoted and joined, or empty.
  std::string ApproximateColumns() const;
  // `column `e.a + e.b` is computed ...`: why the model of some column is
  // not exact, or empty.
  std::string InexactColumns() const;
};

// Builds the model of a table declaration. Returns null when a column's
// type is unknown (the checker reported why) or a row's arity is wrong,
// and when its boxes would take more than `max_bytes` or its cells more
// than `max_work` elements to map (then `*too_large`, when given, says
// so; joint models have the default AnalyzeOptions limits).
std::unique_ptr<TableModel> BuildTableModel(
    const Program& program, const SourceManager& sources, const Decl& decl,
    std::string* too_large = nullptr,
    std::size_t max_bytes = AnalyzeOptions{}.memory_budget,
    std::size_t max_work = AnalyzeOptions{}.work_budget);

// `e.a.b` when `e` is a path of parameters (a parameter, or fields of
// one), or the name of a top-level param; nullopt for anything else.
std::optional<std::string> FactPathOf(const Expr& e);
// One path is the other or lies inside it (`e.a` and `e.a.b`).
bool PathsOverlap(const std::string& a, const std::string& b);

struct ScoreSet;  // score_range.h

// The model of a scorecard: one ordered column `score`, cut at every band
// bound and at the bounds of the reachable scores; one row per band (its
// name `band N`), `hit first`; the universe holds exactly the segments
// that contain a score in `scores` (so when `scores` is exact, so are the
// gaps and unreachable bands found over it). Null for other declarations.
std::unique_ptr<TableModel> BuildScorecardModel(const Program& program,
                                                const SourceManager& sources,
                                                const Decl& decl,
                                                const ScoreSet& scores);

// Models of several tables over one space, so that their rows can be
// compared input by input. Input column j of `tables[t]` is joint column
// `joint_of[t][j]`; a joint column is partitioned by the constants every
// table writes in it, and a table's rows accept anything in the joint
// columns it does not have. Each model's `columns` are the joint columns
// (headers as the first table that has one writes them). When rows or the
// tables' windows differ in time, `as of` is one more column and the
// universe is the window in which every table is in force. Returns an
// empty vector when any table cannot be modelled.
std::vector<std::unique_ptr<TableModel>> BuildJointModels(
    const Program& program, const SourceManager& sources,
    const std::vector<const Decl*>& tables,
    const std::vector<std::vector<std::size_t>>& joint_of);

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_TABLE_MODEL_H_
