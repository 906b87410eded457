// Probes: synthetic decisions added to a copy of a bundle so that the
// runtime evaluates exactly one thing — one output of a decision, one
// table, or one call a decision makes — with every input read through a
// single record argument `__args`, so that every read shows in the trace
// (the runtime traces reads of record fields, not of scalar params).
// Internal to tools/review; bylaw/review/diff.h is the public entry.
#ifndef BYLAW_REVIEW_SRC_PROBE_H_
#define BYLAW_REVIEW_SRC_PROBE_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bundle_view.h"
#include "bylaw/runtime.h"

namespace bylaw::review::review_internal {

struct ProbeSpec {
  std::string ruleset;  // whose effective period and status apply
  std::vector<std::pair<std::string, json>> params;  // name, type object
  std::vector<json> lets;  // decision lets the expression needs, in order
  json expr;
  std::optional<json> fallback;  // the output's `else`
};

// The decision lets that `code` reads, directly or through other lets.
std::vector<json> NeededLets(const json& decision, const json& code);
// The params of a decision, table, rule or def as (name, type object).
std::vector<std::pair<std::string, json>> ParamsOf(const json& decl);

// One output of a decision; nullopt when the decision has no such output.
std::optional<ProbeSpec> OutputProbe(const json& decision, const std::string& output);
// A table called with its own params.
ProbeSpec TableProbe(const json& table);
// A call (or param/let read) found inside a decision's items, evaluated
// in the decision's context.
ProbeSpec CallProbe(const json& decision, const json& call);

// A copy of a bundle with probes appended, loaded into a Rulebook.
class ProbeBundle {
 public:
  explicit ProbeBundle(const BundleView& view) : doc_(view.doc()) {}
  // Returns the probe's decision name.
  std::string Add(const ProbeSpec& spec);
  // Loads the bundle (without hash check: it was sealed before the probes
  // were added); null with `error` set on failure.
  std::shared_ptr<const runtime::Rulebook> Load(std::string* error) const;

 private:
  json doc_;
  int count_ = 0;
};

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_PROBE_H_
