// A trace event written as one line of text, every field that
// Outcome::VisitTablesAndRules and EvaluateOptions::trace_tables_and_rules_only
// promise (kind, id, detail, rows, source): for tests that compare the
// steps of two traces (tests/runtime, tests/rulesets). Header-only.
#ifndef BYLAW_TESTS_SUPPORT_TRACE_STEPS_H_
#define BYLAW_TESTS_SUPPORT_TRACE_STEPS_H_

#include <string>

#include "bylaw/runtime.h"

namespace bylaw::testing {

inline std::string StepText(const runtime::TraceEvent& e) {
  std::string s = std::to_string(static_cast<int>(e.kind)) + "|" + e.id + "|" + e.detail + "|";
  for (const std::string& r : e.rows) s += r + ",";
  s += "|";
  if (e.source != nullptr) s += e.source->file + ":" + std::to_string(e.source->line);
  return s;
}

}  // namespace bylaw::testing

#endif  // BYLAW_TESTS_SUPPORT_TRACE_STEPS_H_
