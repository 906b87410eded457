// One line of a shard's assessments.jsonl (format in assessment.h): written
// by hand and parsed by a small reader for this one shape, because finalize
// reads every line several times and a JSON DOM per line would dominate
// its cost. Internal to bylaw_plan.
#ifndef BYLAW_PLAN_SRC_ASSESSMENT_JSON_H_
#define BYLAW_PLAN_SRC_ASSESSMENT_JSON_H_

#include <string>
#include <string_view>

#include "bylaw/plan/assessment.h"

namespace bylaw::plan::plan_internal {

// Appends the line (without a newline).
void AppendAssessmentJson(const Assessment& a, std::string* out);

// Parses a line into `*out` (reusing its storage). False with `*error` when
// the line is not an assessment: malformed JSON, an unknown or missing key,
// a value of the wrong type.
// With AssessmentFields::kSampling only the draw's fields are read (see
// assessment.h); the line must still be an object of the same keys.
bool ParseAssessmentJson(std::string_view line, Assessment* out, std::string* error,
                         AssessmentFields fields = AssessmentFields::kAll);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_ASSESSMENT_JSON_H_
