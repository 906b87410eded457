// Where each row of a single-hit table gives the table's answer. Internal
// to dsl/src/analyze; used to compare tables across levels and to find the
// grades a table can actually produce.
//
// A row answers an input when it surely matches it and no row that wins
// over it (any other row for `unique` and `any`, an earlier one for
// `first`, a higher or equal earlier one for `priority`; every other row
// for a `default` row) may match it. Rows whose cells name params are
// taken at their narrowest, rows that win over them at their widest, so
// every input in a region is answered by that row whatever the params
// are.
#ifndef BYLAW_DSL_SRC_ANALYZE_ANSWER_REGIONS_H_
#define BYLAW_DSL_SRC_ANALYZE_ANSWER_REGIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "table_model.h"

namespace bylaw::dsl::analyze_internal {

// `unique`, `any`, `first` or `priority`: one row answers an input.
bool SingleHitPolicy(const std::string& hit);

struct AnswerRegion {
  const RowModel* row = nullptr;
  std::vector<Box> boxes;  // disjoint; empty when the row never answers
};

struct Answers {
  std::vector<AnswerRegion> regions;  // one per row, in row order
  bool complete = true;  // false when the step budget ran out
};

// The answer regions of a single-hit table's rows, restricted to its
// universe, at most `max_pieces` boxes per row.
Answers AnswerRegions(const TableModel& model, std::size_t max_pieces,
                      std::size_t budget);

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_ANSWER_REGIONS_H_
