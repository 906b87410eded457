// What the rules say about one enterprise (assessment.h): the matters whose
// selector holds, and for each the `frequency` and `assignment` outputs, the
// sampling key and the rows and rules that fired. Internal to bylaw_plan;
// AssessShard runs one Assessor per thread.
#ifndef BYLAW_PLAN_SRC_ASSESSOR_H_
#define BYLAW_PLAN_SRC_ASSESSOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/plan/assessment.h"
#include "bylaw/plan/inputs.h"
#include "bylaw/runtime.h"

namespace bylaw::plan::plan_internal {

// The decisions, outputs and matters the assessor uses, looked up once.
// Immutable; shared by every Assessor of a run. Must not outlive the book.
struct AssessRules {
  const runtime::Rulebook* book = nullptr;
  runtime::DecisionRef frequency, assignment;
  // Output positions; -1 for the optional `key`.
  int min = -1, max = -1, ratio = -1, exempt = -1, basis = -1, key = -1;
  int lead = -1, cooperators = -1, delegable = -1, competent = -1;
  std::vector<runtime::MatterInfo> matters;
  // `,"inspection":{"matter":"ID"}}` per matter: the tail of its facts.
  std::vector<std::string> facts_tails;
  // `{"inspection":{"matter":"ID"}}` per matter: its facts over an
  // enterprise parsed once (Rulebook::ParseFactsOver).
  std::vector<std::string> inspections;
  std::int64_t as_of = 0;
  std::string seed;
  bool trace = true;  // collect the ids of rows and rules that fired
};

// Errors kBadRules: a decision or output the plan needs is missing, an
// as_of that is not a date.
Result<AssessRules> PrepareAssessRules(const runtime::Rulebook& book, std::string_view as_of,
                                       std::string seed);

// Evaluates rows one at a time, reusing its buffers. Not thread-safe: one
// per thread.
class Assessor {
 public:
  explicit Assessor(const AssessRules& rules);
  // Fills `*out` for `row`. Errors: kBadRow (`FILE:LINE: CODE: ...`) when a
  // decision fails for the row or its facts are rejected; kBadRules when an
  // output has a type the plan cannot use, or when the rules are not in
  // force on the plan's date (NOT_IN_FORCE fails every row alike).
  Status Assess(const std::string& file, const RegisterRow& row, Assessment* out);

 private:
  Result<runtime::Facts> Parse(runtime::DecisionRef d, const RegisterRow& row, std::size_t matter,
                               const std::string& at);
  // Facts for `d` and `matter` over `base` (the same enterprise, parsed
  // once): only the inspection is parsed; "{}" rebinds `base` to `d`.
  Result<runtime::Facts> ParseOver(runtime::DecisionRef d, const runtime::Facts& base,
                                   std::string_view json, const std::string& at);
  Result<runtime::Facts> FactsError(const runtime::Error& e, const std::string& at);
  Status Evaluate(runtime::DecisionRef d, const runtime::Facts& facts, std::size_t matter,
                  const std::string& at, runtime::Outcome* outcome);

  const AssessRules& rules_;
  runtime::EvaluateOptions options_;
  runtime::Outcome frequency_, assignment_;
  std::string facts_json_;
  std::vector<MatterNeed> spare_needs_;  // what Assess cut from `out`, to fill again
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_ASSESSOR_H_
