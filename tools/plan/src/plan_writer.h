// The plan's lines: one visit as a line of plan.jsonl or plan.csv
// (formats in planner.h), and reading a plan.jsonl line back for `plan
// verify` and `--previous`. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_PLAN_WRITER_H_
#define BYLAW_PLAN_SRC_PLAN_WRITER_H_

#include <string>
#include <string_view>

#include "visit.h"

namespace bylaw::plan::plan_internal {

// plan.csv's header row, with its newline.
extern const char kPlanCsvHeader[];

// Appends the visit as one plan.jsonl line (with its newline). Keys in the
// documented order; `delegated_from` only for a delegated matter; `max`
// null when uncapped.
void AppendVisitJson(const Visit& v, std::string* out);

// Appends the visit as one plan.csv record (with its newline), RFC 4180
// quoting (a cell with a comma, quote or line break is quoted, quotes
// doubled).
void AppendVisitCsv(const Visit& v, std::string* out);

// Parses a plan.jsonl line into `*v` (all fields). False with `*error`
// when the line is not a visit.
bool ParseVisitJson(std::string_view line, Visit* v, std::string* error);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_PLAN_WRITER_H_
