// report.html of `bylaw plan` (docs/plan.md): the plan's summary as one
// self-contained page for the people who approve the plan — headline
// figures, separate against merged visits per department, each quarter's
// load per department, the double-random samples per department and credit
// class, and the exemptions per matter. Inline CSS and inline SVG bar
// charts: no script, no network, nothing to install; it prints as it shows.
//
//   std::string summary = ...;                       // summary.json's text
//   Status written = plan::WriteHtmlReport(summary, out_dir + "/report.html");
//
// Input is the text of summary.json as the planner writes it. A section
// whose data the summary lacks is left out, so an older or partial summary
// still gives a page; every text taken from the summary is HTML-escaped.
// The output is a pure function of the input: identical summaries give
// identical bytes.
#ifndef BYLAW_PLAN_HTML_REPORT_H_
#define BYLAW_PLAN_HTML_REPORT_H_

#include <string>
#include <string_view>

#include "bylaw/runtime/result.h"

namespace bylaw::plan {

// The page for `summary_json`. Error `bad_input` when the text is not a JSON
// object (the message says where the JSON breaks).
runtime::Result<std::string> RenderHtmlReport(std::string_view summary_json);

// Renders and writes the page to `path` atomically (a temporary file next to
// it, then rename). Errors: `bad_input` as above, `io_error` naming the path.
runtime::Status WriteHtmlReport(std::string_view summary_json, const std::string& path);

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_HTML_REPORT_H_
