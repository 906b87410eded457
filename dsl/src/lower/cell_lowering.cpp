// Cell normalisation (see cell_lowering.h).
#include "cell_lowering.h"

namespace bylaw::dsl::lower_internal {
namespace {

nlohmann::json Range(nlohmann::json low, bool low_closed, nlohmann::json high,
                     bool high_closed) {
  return {{"low", std::move(low)},
          {"low_closed", low_closed},
          {"high", std::move(high)},
          {"high_closed", high_closed}};
}

bool IsNotEqual(const UnaryTest& test) {
  return test.kind == UnaryTest::Kind::kCompare && test.op == CompareOp::kNe;
}

// Adds `test` to the eq values and ranges of a cell.
void AddTest(const UnaryTest& test, ExprLowerer& exprs, nlohmann::json& eq,
             nlohmann::json& ranges) {
  const nlohmann::json null;
  switch (test.kind) {
    case UnaryTest::Kind::kEqual:
      eq.push_back(exprs.Lower(*test.value));
      return;
    case UnaryTest::Kind::kInterval:
      ranges.push_back(Range(exprs.Lower(*test.value), test.low_closed,
                             exprs.Lower(*test.high), test.high_closed));
      return;
    case UnaryTest::Kind::kCompare:
      break;
  }
  nlohmann::json v = exprs.Lower(*test.value);
  switch (test.op) {
    case CompareOp::kEq: eq.push_back(std::move(v)); break;
    case CompareOp::kLt: ranges.push_back(Range(null, false, v, false)); break;
    case CompareOp::kLe: ranges.push_back(Range(null, false, v, true)); break;
    case CompareOp::kGt: ranges.push_back(Range(v, false, null, false)); break;
    case CompareOp::kGe: ranges.push_back(Range(v, true, null, false)); break;
    case CompareOp::kNe:
      // Among other tests `!= v` is everything below or above v.
      ranges.push_back(Range(null, false, v, false));
      ranges.push_back(Range(v, false, null, false));
      break;
  }
}

nlohmann::json Tests(bool negated, const std::vector<const UnaryTest*>& tests,
                     ExprLowerer& exprs) {
  nlohmann::json eq = nlohmann::json::array();
  nlohmann::json ranges = nlohmann::json::array();
  // `!= v` alone (or `not(!= v)`) is a negated equality, which, unlike the
  // two ranges, also accepts none for `!=`.
  if (tests.size() == 1 && IsNotEqual(*tests[0])) {
    eq.push_back(exprs.Lower(*tests[0]->value));
    negated = !negated;
  } else {
    for (const UnaryTest* test : tests) AddTest(*test, exprs, eq, ranges);
  }
  return {{"not", negated}, {"eq", std::move(eq)}, {"ranges", std::move(ranges)}};
}

}  // namespace

nlohmann::json LowerCell(const Cell& cell, ExprLowerer& exprs) {
  if (cell.any) return {{"any", true}};
  std::vector<const UnaryTest*> tests;
  for (const UnaryTest& test : cell.tests) tests.push_back(&test);
  return Tests(cell.negated, tests, exprs);
}

nlohmann::json LowerUnaryTest(const UnaryTest& test, ExprLowerer& exprs) {
  return Tests(false, {&test}, exprs);
}

}  // namespace bylaw::dsl::lower_internal
