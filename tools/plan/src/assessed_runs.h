// The plan on one machine without its intermediate file (planner.h,
// RunPlan): the register assessed as by AssessShard, but the sorted runs are
// read by finalize's passes directly instead of being merged into
// assessments.jsonl and read back. The one pass that drops duplicate ids
// hands each kept assessment to a callback, so that the sampling pools are
// counted there and finalize's pass 1 is not needed. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_ASSESSED_RUNS_H_
#define BYLAW_PLAN_SRC_ASSESSED_RUNS_H_

#include <functional>
#include <memory>
#include <string_view>

#include "assessment_record.h"
#include "bylaw/plan/assessment.h"
#include "bylaw/runtime.h"

namespace bylaw::plan::plan_internal {

// An assessment kept by AssessIntoRuns: its id and its record, whose texts
// are in `strings` (ParseAssessmentRecord reads it back). The views are
// valid during the call; `strings` as long as the returned assessments.
using KeptRecord = std::function<Status(std::string_view id, std::string_view record,
                                        const RecordStrings& strings)>;

// Assesses options' register (shard must be 1/1) with the run files in
// options.out_dir, calls `kept` for every assessment kept, in id order (a
// duplicate id's later entries are errors or, with skip_bad, skipped,
// reported and counted exactly as by AssessShard), and returns the
// assessments, readable and rewindable as often as needed, with the info
// AssessShard would have written. The runs hold binary records
// (assessment_record.h), not assessments.jsonl lines: each pass reads a
// tenth of the bytes and parses no JSON. The run files are removed with the
// returned object. Errors: those of AssessShard and of `kept`; a record
// that cannot be read back is kBadShard.
Result<std::unique_ptr<MergedAssessments>> AssessIntoRuns(const runtime::Rulebook& book,
                                                          const RegisterSchema& schema,
                                                          const AssessOptions& options,
                                                          const KeptRecord& kept);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_ASSESSED_RUNS_H_
