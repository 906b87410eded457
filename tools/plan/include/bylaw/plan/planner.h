// The annual integrated inspection plan (`bylaw plan`, docs/plan.md): from
// the rules' assessment of every enterprise (assessment.h), the roster and
// a published seed, the year's visits — sampled, spread over the quarters,
// merged into joint visits, staffed by drawn inspectors and coded.
//
//   plan::PlanOptions options;
//   options.year = 2026;
//   options.seed = "2026 南通 published seed";
//   options.register_path = "register.csv";
//   options.out_dir = "plan-2026";
//   auto schema = plan::ReadRegisterSchema(bundle_json, *book);
//   auto roster = plan::ReadRoster("roster.csv", *schema, *book);
//   auto result = plan::RunPlan(*book, *schema, *roster, options);
//   // plan-2026/plan.jsonl, plan.csv, summary.json, report.html
//   auto check = plan::VerifyPlan("plan-2026", *book, *schema, *roster, options);
//
// Sharded: AssessShard (assessment.h) for each `--shard I/N`, then
// FinalizePlan over the shard directories gives byte for byte the plan of
// RunPlan, which is AssessShard of shard 1/1 followed by FinalizePlan.
//
// What the plan decides (everything else comes from the rules):
//
// 1. Occurrences. Each applicable matter of an enterprise (a need) is
//    inspected n times in the year: 0 when exempt (an exempt need that is
//    key supervision or has a minimum is an error, rules_contract); for a
//    sampled matter (ratio set) max(min, 1) when the enterprise is drawn,
//    else min; otherwise min. n above the cap (max) is an error.
// 2. Double random of objects. Sampling group = (matter, lead department,
//    credit class, ratio); pool = the enterprises with a non-exempt need of
//    that matter and ratio. The k = ceil(ratio * |pool|) enterprises with
//    the smallest (sample_key, id) are drawn, sample_key =
//    u64be(SHA-256("bylaw-sample\0" seed \0 matter \0 id)[0..8]) (ids
//    compared bytewise): exact, independent of register order and of
//    sharding.
// 3. Quarters. q0 = u64be(SHA-256("bylaw-quarter\0" seed \0 id)[0..8]) % 4
//    per enterprise, so its matters fall in one quarter; occurrence j of n
//    goes to quarter (q0 + floor(4j / n)) % 4 for n <= 4, (q0 + j) % 4
//    beyond.
// 4. Merging. In each quarter, on-site visit s takes the s-th occurrence of
//    every on-site matter (methods on_site, joint or key_supervision): one
//    joint visit for all departments, and two visits of a quarter always
//    share a matter. A remote-only matter (e.g. double_random + remote) is
//    done without a site visit, unless it is delegable and an on-site visit
//    exists for that occurrence (its t-th in the quarter joins on-site
//    visit t): then that visit's lead does it on the initiator's behalf
//    (委托检查, `delegated_from`). Remote visits follow the on-site ones.
// 5. Lead and cooperators. Participants = initiators (assignment.lead) and
//    cooperators of the visit's matters that were not delegated to it. Lead
//    = the enterprise's competent department (assignment.competent) when it
//    participates, else the initiator of the visit's first matter in bundle
//    order; cooperators = the other participants in Department enum order.
//    Method: remote, or joint with cooperators, or on_site.
// 6. Inspectors. Per department of the visit (lead first): its pool = the
//    roster's certified inspectors of that department serving the
//    enterprise's region (or every region) and qualified (`*` or a listed
//    matter) for a matter of the visit it takes part in (the lead also for
//    delegated matters), sorted by id, minus those who inspected the
//    enterprise in the previous plan. Two are drawn by walking the pool
//    from a keyed start with a stride coprime to its size, keyed by
//    SHA-256("bylaw-inspectors\0" seed \0 visit content without inspectors
//    \0 department). Fewer than two: error too_few_inspectors naming the
//    enterprise, quarter and department.
// 7. Codes (赋码). `<YEAR>Q<q>-` + 12 Crockford base32 characters of the
//    first 60 bits of SHA-256("bylaw-code\0" seed \0 canonical content) +
//    an ISO 7064 MOD 37,36 check character (inspection_code.h). Canonical
//    content: year, enterprise id, quarter, slot, lead, cooperators,
//    matters (id, department, delegated_from), inspectors (id, department),
//    each field NUL-terminated and each list preceded by its length.
//
// Outputs (in options.out_dir, each written to a temporary file and renamed,
// byte-identical for identical inputs; visits ordered by enterprise id
// (bytewise), quarter, slot):
//   plan.jsonl  one visit a line: {"code","enterprise":{"id","name","region"},
//               "quarter" (1-4),"slot" (1-),"lead","cooperators":[...],
//               "matters":[{"id","department","sampled","delegated_from"
//               (delegated only),"min","max" (null: no cap)}],
//               "inspectors":[{"id","department"}],"method":"on_site|joint|
//               remote","rules":[fired row and rule ids],"basis":[texts]}
//   plan.csv    the same, a header row then one visit a row: code,
//               enterprise_id, enterprise_name, region, quarter, slot,
//               method, lead, cooperators, matters, matter_departments,
//               sampled (drawn matter ids), delegated (`matter/initiator`),
//               matter_min, matter_max (empty: no cap), inspectors,
//               inspector_departments, rules; lists `;`-joined and parallel
//               lists aligned; basis texts one per line within the cell.
//   summary.json  year, seed, as_of, bundle_hash, rulesets,
//               enterprises {read, planned, bad_rows_skipped, with_visits,
//               without_visits}, occurrences, visits_separate (Σ
//               occurrences × (1 + cooperators)), visits_merged,
//               reduction_percent, visits_by_method, delegated {total,
//               by_matter}, departments [{department, separate, merged,
//               leads, joins}], quarter_load [{department, quarters[4]}],
//               samples [{department, matter, credit_class, ratio, pool,
//               drawn}], exemptions {total, by_matter, by_department,
//               by_matter_department}, inspectors {roster, drawn,
//               assignments, max, mean}, labels {department, matter}.
//   report.html   WriteHtmlReport(summary.json, plan.jsonl) (html_report.h), its
//                 lists collected from the visits as they are written.
#ifndef BYLAW_PLAN_PLANNER_H_
#define BYLAW_PLAN_PLANNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bylaw/audit_log.h"
#include "bylaw/plan/assessment.h"
#include "bylaw/plan/inputs.h"
#include "bylaw/runtime.h"

namespace bylaw::plan {

// Error codes of finalize and verify besides those of inputs.h and
// assessment.h.
inline constexpr const char* kRulesContract = "rules_contract";        // see 1.
inline constexpr const char* kTooFewInspectors = "too_few_inspectors";  // see 6.
inline constexpr const char* kBadPrevious = "bad_previous";            // --previous unreadable
inline constexpr const char* kPlanDiffers = "plan_differs";            // verify

// Progress of the finalize passes, reported from the calling thread.
struct FinalizeProgress {
  int pass = 1;                 // 1 count, 2 boundary, 3 build
  std::int64_t enterprises = 0; // enterprises read in this pass
  double seconds = 0;           // since finalize started
  bool done = false;            // the last report
  std::int64_t total = 0;       // enterprises each pass reads in all
};

struct PlanOptions {
  int year = 0;
  std::string seed;
  std::string as_of;          // YYYY-MM-DD; empty: <year>-01-01
  std::string register_path;  // RunPlan only
  // A previous plan (a plan directory or its plan.jsonl), or empty: its
  // inspectors are not drawn again for the same enterprise.
  std::string previous;
  std::string out_dir;        // created if needed
  bool skip_bad = false;      // RunPlan: skip and count bad register rows
  int threads = 2;            // >= 1
  // RunPlan: keep the assessment in out_dir/shard-1-of-1 (removed by
  // default).
  bool keep_shards = false;
  // Also write report.html.
  bool html_report = true;
  std::function<void(const Error&)> on_bad_row;             // see AssessOptions
  std::function<void(const Progress&)> assess_progress;     // see AssessOptions
  std::function<void(const FinalizeProgress&)> finalize_progress;
  double progress_interval_seconds = 2.0;
  // When set, one record per visit is appended (decision `plan.visit`,
  // outputs = the visit as in plan.jsonl, facts = the enterprise's
  // assessment line, fired = the visit's rules), in plan order.
  runtime::AuditLog* audit_log = nullptr;
};

struct PlanResult {
  std::string summary_json;   // summary.json's text
  std::string summary_text;   // the terminal summary
  std::int64_t enterprises = 0;
  std::int64_t visits = 0;
};

// Finalizes the shard directories (all N shards of one assessment) into
// the plan in options.out_dir. The shards must have been assessed with the
// book's bundle and options' year, seed and as_of (kBadShard otherwise).
// Errors: those of MergedAssessments, kRulesContract, kTooFewInspectors,
// kBadPrevious, kIoError. Nothing is left in out_dir on error but what was
// there before (outputs are renamed into place at the end).
Result<PlanResult> FinalizePlan(const runtime::Rulebook& book, const RegisterSchema& schema,
                                const Roster& roster, const std::vector<std::string>& shard_dirs,
                                const PlanOptions& options);

// The whole plan on one machine: AssessShard of shard 1/1 into
// out_dir/shard-1-of-1, FinalizePlan of it, and the shard removed unless
// keep_shards. Errors: those of AssessShard and FinalizePlan.
Result<PlanResult> RunPlan(const runtime::Rulebook& book, const RegisterSchema& schema, const Roster& roster,
                           const PlanOptions& options);

struct VerifyResult {
  std::int64_t visits = 0;  // visits verified
  bool ok = false;
  // When !ok: `plan.jsonl:LINE: visit CODE: what differs`, the first
  // difference in plan order (or a bad check character, a missing or extra
  // visit, a plan.csv that does not match).
  std::string difference;
};

// Recomputes the plan from the same inputs (options.register_path etc.)
// into a temporary directory and compares it with `plan_dir` visit by
// visit: every code's check character, then every field (code, inspectors,
// matters, quarter, ...); plan.csv must match too. Result errors only for
// inputs that cannot be planned (as RunPlan) or an unreadable plan_dir; a
// differing plan is VerifyResult{ok = false}.
Result<VerifyResult> VerifyPlan(const std::string& plan_dir, const runtime::Rulebook& book,
                                const RegisterSchema& schema, const Roster& roster, const PlanOptions& options);

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_PLANNER_H_
