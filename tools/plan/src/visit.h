// One visit of the plan (one line of plan.jsonl) and the canonical text its
// code and inspector draw are keyed on. Internal to bylaw_plan (see
// planner.h for the semantics).
#ifndef BYLAW_PLAN_SRC_VISIT_H_
#define BYLAW_PLAN_SRC_VISIT_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::plan::plan_internal {

struct VisitMatter {
  std::string id;
  // Who does it: the matter's initiator (assignment.lead), or for a matter
  // delegated to this visit the visit's lead.
  std::string department;
  // The initiator on whose behalf the visit's lead does a delegated matter
  // (委托检查); empty when not delegated.
  std::string delegated_from;
  bool sampled = false;               // this occurrence comes from the draw
  std::int64_t min = 0;               // frequency.min_per_year
  std::optional<std::int64_t> max;    // frequency.max_per_year
};

struct VisitInspector {
  std::string id;
  std::string department;
};

struct Visit {
  std::string enterprise_id, enterprise_name, region;
  int quarter = 1;                    // 1..4
  int slot = 1;                       // 1.. within the enterprise's quarter
  std::string method;                 // on_site | joint | remote
  std::string lead;
  std::vector<std::string> cooperators;   // Department enum order
  std::vector<VisitMatter> matters;       // bundle matter order
  std::vector<VisitInspector> inspectors; // lead's first, then cooperators'
  std::vector<std::string> rules;         // fired ids of the visit's needs
  std::vector<std::string> basis;         // frequency.basis of the needs
  std::string code;
};

inline constexpr const char* kMethodOnSite = "on_site";
inline constexpr const char* kMethodJoint = "joint";
inline constexpr const char* kMethodRemote = "remote";

// The visit's canonical content: every field below terminated by a NUL
// byte, lists preceded by their length in decimal:
//   year, enterprise id, quarter, slot, lead, #cooperators, cooperators...,
//   #matters, (matter id, department, delegated_from)...,
//   [#inspectors, (inspector id, department)...]   (with_inspectors only)
std::string CanonicalVisitContent(const Visit& v, int year, bool with_inspectors);

// SHA-256 of the parts joined by NUL bytes.
std::array<unsigned char, 32> Sha256Of(std::initializer_list<std::string_view> parts);

// The visit's code: MakeInspectionCode(year, quarter,
// SHA-256("bylaw-code" \0 seed \0 CanonicalVisitContent(v, year, true))).
std::string VisitCode(const Visit& v, int year, std::string_view seed);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_VISIT_H_
