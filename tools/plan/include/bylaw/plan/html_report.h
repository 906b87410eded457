// report.html of `bylaw plan` (docs/plan.md): the plan as one
// self-contained working document for the justice bureau that approves it —
// Chinese first (labels of departments, matters, regions and methods, ids in
// small print), a document number to fill in, headline figures, a breakdown
// by region (county, district), the burden per enterprise (how many
// enterprises get 1, 2, 3… visits, before and after merging), separate
// against merged visits per department, each quarter's load, the
// double-random samples, exemptions, delegations, each department's visit
// list by quarter, and an approval block. Inline CSS (with a print layout)
// and inline SVG bar charts: no script, no network, nothing to install.
//
//   std::string summary = ...;                       // summary.json's text
//   Status written = plan::WriteHtmlReport(summary, out_dir + "/report.html",
//                                          out_dir + "/plan.jsonl");
//
// Input is the text of summary.json as the planner writes it, and the path
// of the same plan's plan.jsonl for the visit lists (read a line at a time;
// at most 2,000 visits are listed per department, the
// rest counted). A section whose data the input lacks is left out, so an
// older or partial summary still gives a page; every text taken from the
// input is HTML-escaped. The output is a pure function of the input:
// identical inputs give identical bytes.
#ifndef BYLAW_PLAN_HTML_REPORT_H_
#define BYLAW_PLAN_HTML_REPORT_H_

#include <string>
#include <string_view>

#include "bylaw/runtime/result.h"

namespace bylaw::plan {

// The page for `summary_json`, with the visit lists of `plan_jsonl_path`
// when it is not empty. Errors: `bad_input` when the summary is not a JSON
// object (the message says where the JSON breaks), `io_error` when
// plan.jsonl cannot be read.
runtime::Result<std::string> RenderHtmlReport(std::string_view summary_json,
                                              const std::string& plan_jsonl_path = "");

// Renders and writes the page to `path` atomically (a temporary file next to
// it, then rename). Errors: as above, and `io_error` naming the path.
runtime::Status WriteHtmlReport(std::string_view summary_json, const std::string& path,
                                const std::string& plan_jsonl_path = "");

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_HTML_REPORT_H_
