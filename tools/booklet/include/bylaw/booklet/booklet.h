// `bylaw booklet` (docs/booklet.md): one industry's operating guide (一业一册,
// Nantong plan 九), generated from the rules an enterprise is inspected
// against, so that what it is told and what it is checked against cannot
// drift apart.
//
//   auto booklet = booklet::BuildBooklet(*book, bundle_json, {"catering", "", "2025-07-01"});
//   if (!booklet.ok()) return booklet.error();
//   std::string html = booklet::RenderBookletHtml(*booklet);
//
// Every figure and every sentence about a rule comes from the compiled
// bundle (matters, labels, the basis and source line of each item) or from
// an evaluation of the host contract's decisions (docs/rulesets/contract.md):
// `frequency` over credit class and risk grade, `may_inspect` on a lawful
// inspection and on each variation of it, `route_clue`, `penalty` and
// `credit_repair`. The words written here are only headings and the names
// of outputs; a rule changed in the ruleset changes the booklet.
//
// What the booklet assumes of the contract, and no more: the decisions
// `frequency`, `assignment`, `may_inspect`, `route_clue`, `penalty` and
// `credit_repair` with the outputs contract.md names; an `enterprise` record
// with the fields `industry` (the enum whose members are the industries),
// `region` and `credit_class`; and the lawful baseline inspection and
// violation of contract.md's examples (BuildBooklet checks that the
// baseline inspection proceeds and fails with `bad_rules` otherwise).
//
// The library neither reads nor writes files: the CLI does (atomically).
#ifndef BYLAW_BOOKLET_BOOKLET_H_
#define BYLAW_BOOKLET_BOOKLET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime.h"

namespace bylaw::booklet {

using runtime::Error;
using runtime::Result;
using runtime::Status;

// Error codes (Error::code).
inline constexpr const char* kUnknownIndustry = "unknown_industry";  // lists the known ones
inline constexpr const char* kUnknownRegion = "unknown_region";      // lists the known ones
inline constexpr const char* kBadInput = "bad_input";                // an as-of date that is no date
inline constexpr const char* kBadRules = "bad_rules";                // the rules lack what the booklet reads

struct BookletOptions {
  // A member of the industry enum (`catering`).
  std::string industry;
  // A member of the region enum; empty: every region, figures that differ
  // by region shown per group of regions.
  std::string region;
  // YYYY-MM-DD: the rules in force on this day.
  std::string as_of;
};

// Where a statement comes from: the legal basis written on the item, the
// item's id (a rule, table row, matter, decision output or param) and the
// source line it was written on (file empty when the bundle has none).
struct Citation {
  std::string basis;
  std::string item;
  std::string file;
  int line = 0;
};

// An enum member: its name and label (the label is the name when the rules
// give none).
struct Member {
  std::string name;
  std::string label;
};

// One matter of the published list that applies to the industry.
struct MatterEntry {
  std::string id, label, content, type, level;
  std::vector<std::string> methods;      // Method labels
  Member initiator;                      // 发起部门
  std::vector<Member> cooperators;       // 配合部门
  bool key = false;                      // the matter's `key`
  bool delegable = false;
  // Empty when the matter applies to every enterprise of the industry;
  // otherwise what must hold: `食品生产经营风险等级 为 A级、B级…`.
  std::string condition;
  Citation basis;
};

// `frequency` for one enterprise profile and matter.
struct FrequencyCell {
  std::string credit_class;                               // member name
  std::vector<std::pair<std::string, std::string>> axes;  // (field, JSON text of its value)
  std::int64_t min = 0;
  std::optional<std::int64_t> max;    // nullopt: no upper limit
  std::optional<std::string> ratio;   // as the runtime writes it ("0.2"), nullopt: not sampled
  bool exempt = false;                // exempt_unless_triggered
  bool key = false;
  std::string text;                   // as the page shows it
};

// One matter's grid: rows credit classes, columns the risk profiles the
// `frequency` decision reads for the matter (every combination), for a
// group of regions that share the figures.
struct FrequencyGrid {
  std::string matter, matter_label;
  std::vector<Member> regions;        // the group
  // Facts every cell sets besides its row and axes, (field, JSON text):
  // what makes a conditional matter apply (`key_places`, `["school"]`).
  std::vector<std::pair<std::string, std::string>> given;
  std::vector<Member> rows;           // credit classes
  std::vector<std::string> columns;   // column headings (`食品…等级：C级`), one "—" when none
  std::vector<std::vector<FrequencyCell>> cells;  // [row][column]
  std::vector<Citation> basis;        // the outputs' basis and the rows that fired
};

// A reason a decision gave (may_inspect, penalty).
struct ReasonEntry {
  std::string code, message;
  Citation basis;  // the rule's basis and source
};

// One no-disturbance track (无事不扰、非触发不检查、白名单): an enterprise
// profile under which `frequency` says exempt_unless_triggered.
struct ExemptionTrack {
  std::string title;                    // `作出信用承诺：是`
  std::string field, value;             // the variation of the baseline enterprise
  std::vector<Member> exempt_matters;
  // Applicable matters that stay inspectable, each with why (key
  // supervision, a mandated minimum) as the page shows it.
  std::vector<std::pair<Member, std::string>> not_exempt;
  std::vector<ReasonEntry> reasons;     // may_inspect on a proactive routine inspection
  std::vector<Member> lifting_triggers; // triggers under which may_inspect proceeds
  std::vector<Member> lifting_kinds;    // kinds of inspection that proceed without a trigger
  std::vector<std::string> not_for;     // enterprise facts that take the track away (`列入严重违法失信名单：是`)
  struct Clue {
    Member source, trigger, lead;
    std::vector<Member> cooperators;
    bool joint = false;
    bool proceeds = false;  // a case inspection of the clue by the lead, under this track
    std::vector<std::string> basis;
  };
  std::vector<Clue> clues;              // route_clue for each clue source
};

// `may_inspect` on one variation of the lawful baseline inspection.
struct ConductRow {
  std::string situation;                // `已赋码并扫码：否`
  bool proceed = true;
  bool may_refuse = false;
  std::vector<std::string> followups;
  std::string join;                     // `由 X 牵头，Y 配合` when a merge is required
  std::vector<ReasonEntry> reasons;
  std::vector<std::string> unless;      // single changes that let it proceed again
};

struct MeasureEntry {
  Member kind;
  std::string deadline;  // empty: none given
  std::string basis;
};

// `penalty` for one situation (the fewest changes from the baseline
// violation that give this answer).
struct PenaltyRow {
  std::string situation;
  Member outcome;
  bool fine_allowed = true;
  std::vector<ReasonEntry> reasons;
  std::vector<MeasureEntry> measures;
  std::vector<std::string> basis;
};

// art. 36: for a violation discovered on the as-of date, the last day of
// commission that is time-barred (none: never barred within 50 years).
struct TimeLimitRow {
  std::string situation;
  std::optional<std::string> barred_on_or_before;
  std::vector<ReasonEntry> reasons;  // the TIME_BARRED reason on that day
};

struct RepairRow {
  Member domain;
  bool serious = false;
  std::optional<std::string> eligible_from;  // for a penalty public since the as-of date
  std::vector<std::string> basis;
};

struct RulesetEntry {
  std::string id, title, version, status, source;
};

struct Booklet {
  Member industry;
  std::optional<Member> region;
  // The region whose rules the sections after the frequency grids show
  // (the region asked for, else the first): those sections evaluate one
  // enterprise, the grids every region.
  Member example_region;
  std::string as_of;
  std::string bundle_hash;
  std::vector<RulesetEntry> rulesets;
  bool trial = false;                        // some ruleset is a trial
  Member competent;                          // assignment.competent
  Citation competent_basis;
  std::vector<MatterEntry> matters;          // bundle order
  std::vector<Member> not_applicable;        // matters that never apply
  std::vector<FrequencyGrid> grids;
  Member baseline_credit;                    // the credit class of the baseline enterprise
  std::vector<ExemptionTrack> tracks;
  std::string conduct_matter;                // the matter the inspection variations use
  ConductRow conduct_baseline;
  std::vector<ConductRow> conduct;
  PenaltyRow penalty_baseline;
  std::vector<PenaltyRow> penalties;
  std::vector<TimeLimitRow> time_limits;
  std::optional<PenaltyRow> continuing;      // a continuing act counted from its end
  std::vector<RepairRow> repairs;
  std::optional<RepairRow> repair_uncorrected;
};

// The industry enum's members (the type of the `enterprise` param's
// `industry` field of decision `frequency`). Error kBadRules.
Result<std::vector<Member>> Industries(std::string_view bundle_json);

// Evaluates the rules for options.industry. Errors: kUnknownIndustry and
// kUnknownRegion (the message lists the known members), kBadInput,
// kBadRules (a decision or output the booklet reads is missing, or a
// decision failed: the message names it and the situation).
Result<Booklet> BuildBooklet(const runtime::Rulebook& book, std::string_view bundle_json,
                             const BookletOptions& options);

// The page: one self-contained HTML document (inline CSS with a print
// stylesheet, no script, nothing fetched). Every text is HTML-escaped. A
// pure function: the same booklet gives the same bytes.
std::string RenderBookletHtml(const Booklet& booklet);

// index.html of `--all`: one line per booklet, linking `<industry>.html`.
std::string RenderIndexHtml(const std::vector<Booklet>& booklets);

}  // namespace bylaw::booklet

#endif  // BYLAW_BOOKLET_BOOKLET_H_
