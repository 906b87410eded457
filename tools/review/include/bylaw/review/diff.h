// Semantic diff of two versions of a ruleset: which answers change.
//
//   bylaw::dsl::CompileResult old_rules = compiler.Compile({"old/rulesets"});
//   bylaw::dsl::CompileResult new_rules = compiler.Compile({"new/rulesets"});
//   bylaw::review::DiffResult diff = bylaw::review::DiffBundles(
//       old_rules.bundle, new_rules.bundle, bylaw::review::DiffOptions{});
//   if (!diff.ok()) return Fail(diff.error);
//   std::cout << bylaw::review::RenderDiffText(*diff.report);
//   return diff.report->answers_differ() ? 1 : 0;
//
// The diff compares two compiled Bundles (docs/bundle.md), so it sees
// exactly what the runtime evaluates. For every decision (and every table)
// whose code or whose dependencies changed, it partitions the input space
// into cells and evaluates both versions with the runtime at one point of
// each cell: a cell is the set of inputs that agree on every fact the two
// evaluations read, so both answers are constant over it. Cells are found
// lazily (a field no evaluation reads is never split), which keeps the
// enumeration to the distinct evaluation paths instead of the product of
// every field's values. Cut points of ordered fields come from the
// literals the reached code compares against (docs/review.md says what
// this does not see). Declarations whose code and dependencies are
// unchanged are proved unchanged without evaluating anything.
//
// When an output's own code is the same in both versions and only code it
// calls changed, the changed calls it makes (rules, tables, defs called
// with the decision's inputs) are explored first: where they all answer
// the same, so does the output, and the output is then explored only
// inside the cells where some call differs. An output (or table, or call)
// with more cells than `DiffOptions::max_cells` stops there and is marked
// incomplete, and so is one whose code computes with an ordered fact
// before comparing or returning it (`DiffExploration::inexact` says
// where): the cells then do not have constant answers; the report then lists the regions where its changed calls
// answer differently: where the answer *may* change. An incomplete report
// never claims "no change" (answers_differ() is true).
//
// DiffBundles is a pure function of its arguments and may run on any
// thread.
#ifndef BYLAW_REVIEW_DIFF_H_
#define BYLAW_REVIEW_DIFF_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bylaw::review {

struct DiffOptions {
  // Only this decision (qualified name or unique last segment) and the
  // tables it reaches; empty: every decision.
  std::string decision;
  // The evaluation date (`YYYY-MM-DD`). Empty: the latest date on which a
  // ruleset, table, row, rule or param of either version takes effect, so
  // that everything dated has started.
  std::string as_of;
  // Cells evaluated per output (or table) before giving up on it; a
  // changed call explored on its own may take five times as many.
  std::size_t max_cells = 1000;
};

// Where a declaration or row was written (`nantong/rudong/caps.bylaw:27`),
// empty when unknown.
struct DiffSource {
  std::string id;    // bundle id: `nantong.rudong.work_safety_cap#high_grade_1`
  std::string file;
  int line = 0;
};

// One field's condition in a region: `enterprise.region` `= rudong`. In
// an example, `test` is the value alone and the other members are empty.
struct DiffCondition {
  std::string field;  // the fact path, `inspection.done_this_year.by_department`
  std::string test;   // `= 2`, `in {A, B}`, `!= C`, `>= 3`, `in [2..5]`, `< 3%`
  // The same for machines. Finite fields: the allowed values as `test`
  // spells them (`A`, `true`, `"text"`, `{school}`). Ordered fields (int,
  // date, decimal, percent, a list's count): closed ranges in the field's
  // unit — integers, days since 1970-01-01, or millionths for decimals and
  // percents (3% is 30000) — nullopt when unbounded. `none`: none allowed.
  std::vector<std::string> values;
  std::vector<std::pair<std::optional<long long>, std::optional<long long>>> ranges;
  bool none = false;
};

// A rule or table whose outcome differs at the example input.
struct DiffInvolved {
  DiffSource old_source, new_source;  // an id empty when absent in that version
  std::string old_detail;             // matched rows or the rule's state
  std::string new_detail;
};

// A region of inputs (a conjunction of conditions; fields not named are
// free) on which the two versions answer old_answer and new_answer.
struct DiffRegion {
  std::vector<DiffCondition> conditions;
  // The answers; when `answers_vary`, the answers at the example only (the
  // region joins inputs whose answers differ in different ways, e.g. lists
  // of reasons that all gain the same one).
  std::string old_answer, new_answer;
  bool answers_vary = false;
  // One input of the region: every fact the evaluations read, as
  // `path = value`, and the whole facts document (JSON) for `bylaw eval`.
  std::vector<DiffCondition> example;
  std::string example_facts;
  std::vector<DiffInvolved> involved;
};

// What exploring one output (or table, or call) found.
struct DiffExploration {
  std::vector<DiffRegion> regions;
  std::size_t cells = 0;   // cells evaluated
  // False when max_cells ran out, or when the code computes with an
  // ordered fact (`a + b <= 45`, a scorecard summing facts) so that the
  // representative values may not separate the answers: the regions are
  // then real differences but neither all of them nor exact in extent.
  bool complete = true;
  // Why `complete` is false when it is not the cell limit, e.g. "scorecard
  // `demo.risk` sums indicator `a`, computed from an ordered fact, ...".
  std::string inexact;
};

// A call inside a decision that reaches changed code, explored on its own
// when the output that makes it was too large to enumerate.
struct DiffCall {
  std::string call;    // `nantong.rudong.work_safety_within_cap(enterprise, inspection)`
  DiffExploration found;
};

struct DiffOutput {
  std::string name;
  DiffExploration found;
  std::vector<DiffCall> calls;  // only when `found` is incomplete
  std::string note;             // why the calls could not stand in, if so
};

struct DiffTable {
  std::string name;
  DiffSource old_source, new_source;
  std::vector<std::string> reached_by;  // decisions that reach it
  DiffExploration found;
};

// A declaration present in only one version, or whose code differs.
struct DiffDeclaration {
  std::string kind;    // `table`, `rule`, `def`, `param`, `let`, `decision`, ...
  std::string name;
  std::string change;  // `added`, `removed`, `changed`
  DiffSource old_source, new_source;
};

struct DiffDecision {
  std::string name;
  std::string change;  // `added`, `removed`, `changed`, `unchanged`
  std::vector<std::string> outputs_added, outputs_removed;
  // Outputs whose answers may depend on a change, explored.
  std::vector<DiffOutput> outputs;
  std::string note;  // e.g. why the decision could not be compared
};

struct DiffReport {
  std::string as_of;
  std::vector<DiffDeclaration> declarations;
  std::vector<DiffDecision> decisions;
  std::vector<DiffTable> tables;

  // Some answer differs, or might (a decision or output added, removed,
  // not comparable, or not fully explored).
  bool answers_differ() const;
};

struct DiffResult {
  std::optional<DiffReport> report;
  std::string error;  // when a bundle cannot be read or `decision` is unknown
  bool ok() const { return report.has_value(); }
};

// Compares two sealed bundles (the output of Compiler::Compile or
// `bylaw compile`). Never throws.
DiffResult DiffBundles(std::string_view old_bundle, std::string_view new_bundle,
                       const DiffOptions& options = {});

// Human text: per decision, the regions, an example and both answers, the
// rows and rules involved with file:line; then the changed declarations.
std::string RenderDiffText(const DiffReport& report);
// The same as one JSON document (docs/review.md).
std::string RenderDiffJson(const DiffReport& report);

}  // namespace bylaw::review

#endif  // BYLAW_REVIEW_DIFF_H_
