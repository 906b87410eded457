// The semantic diff's driver (bylaw/review/diff.h): find what changed, probe
// the outputs and tables that depend on it, explore each probe.
#include "bylaw/review/diff.h"

#include <algorithm>
#include <exception>
#include <map>
#include <memory>
#include <set>

#include "bundle_view.h"
#include "bylaw/bundle/schema.h"
#include "change_set.h"
#include "exactness.h"
#include "explorer.h"
#include "fact_space.h"
#include "probe.h"

namespace bylaw::review {

using review_internal::BundleView;
using review_internal::ChangeSet;
using review_internal::DeclKey;
using review_internal::json;
using review_internal::ProbeSpec;

bool DiffReport::answers_differ() const {
  for (const DiffDecision& d : decisions) {
    if (d.change == "added" || d.change == "removed" || !d.note.empty()) return true;
    if (!d.outputs_added.empty() || !d.outputs_removed.empty()) return true;
    for (const DiffOutput& o : d.outputs) {
      if (!o.found.regions.empty() || !o.found.complete) return true;
    }
  }
  for (const DiffTable& t : tables) {
    if (!t.found.regions.empty() || !t.found.complete) return true;
  }
  return false;
}

namespace {

// The latest `from` date anywhere in either bundle (effective periods and
// dated param values), so that everything dated has started.
std::string LatestStart(const BundleView& a, const BundleView& b) {
  std::string latest;
  for (const BundleView* view : {&a, &b}) {
    std::vector<const json*> stack;
    for (auto it = view->doc().begin(); it != view->doc().end(); ++it) {
      if (it.key() != bundle::section::kSources) stack.push_back(&*it);
    }
    while (!stack.empty()) {
      const json* j = stack.back();
      stack.pop_back();
      if (j->is_array()) {
        for (const json& k : *j) stack.push_back(&k);
        continue;
      }
      if (!j->is_object()) continue;
      for (auto it = j->begin(); it != j->end(); ++it) {
        if (it.key() == "from" && it->is_string() &&
            review_internal::ParseDay(it->get<std::string>()) && it->get<std::string>() > latest) {
          latest = it->get<std::string>();
        }
        if (it->is_structured()) stack.push_back(&*it);
      }
    }
  }
  return latest.empty() ? "2000-01-01" : latest;
}

std::set<DeclKey> Closure(const BundleView& view, const json& code) {
  std::set<DeclKey> seen;
  std::vector<DeclKey> work;
  for (const DeclKey& k : BundleView::Refs(code)) work.push_back(k);
  while (!work.empty()) {
    DeclKey k = work.back();
    work.pop_back();
    if (!seen.insert(k).second) continue;
    if (const json* d = view.Find(k)) {
      for (const DeclKey& r : BundleView::Refs(*d)) work.push_back(r);
    }
  }
  return seen;
}

json CodeOf(const ProbeSpec& spec) {
  json code = json::array({spec.expr});
  if (spec.fallback) code.push_back(*spec.fallback);
  for (const json& let : spec.lets) code.push_back(let);
  return code;
}

void CollectLiterals(const BundleView& view, const json& code, review_internal::Literals* out) {
  out->Collect(code);
  for (const DeclKey& k : Closure(view, code)) {
    if (const json* d = view.Find(k)) out->Collect(*d);
  }
}

std::vector<std::string> OutputNames(const json& decision) {
  std::vector<std::string> out;
  for (const json& item : decision.value("items", json::array())) {
    if (item.value("kind", "") == "output") out.push_back(item.value("name", ""));
  }
  return out;
}

// How many times DiffOptions::max_cells a changed call may take.
constexpr std::size_t kCallCellFactor = 5;

// A probe to run on both versions, and where its result goes.
struct Job {
  ProbeSpec old_spec, new_spec;
  DiffExploration* into = nullptr;
  DiffOutput* output = nullptr;  // for decision outputs
  const json* old_decision = nullptr;
  const json* new_decision = nullptr;
  // The changed calls the output makes, explored first when the output's
  // own code is the same in both versions.
  std::vector<json> calls;
  std::string old_name, new_name;          // probe decisions, once added
  std::vector<std::string> old_calls, new_calls;
};

class Differ {
 public:
  Differ(const BundleView& a, const BundleView& b, const DiffOptions& options)
      : old_(a), new_(b), options_(options), changes_(a, b) {}

  std::optional<std::string> Run(DiffReport* report) {
    report->as_of = options_.as_of.empty() ? LatestStart(old_, new_) : options_.as_of;
    const std::optional<std::int64_t> day = review_internal::ParseDay(report->as_of);
    if (!day) return "`" + report->as_of + "` is not a date (YYYY-MM-DD)";
    as_of_day_ = *day;
    as_of_ = report->as_of;
    report->declarations = changes_.declarations();
    for (const DiffDeclaration& d : report->declarations) changed_names_.insert(d.name);

    std::vector<std::string> names;
    if (!options_.decision.empty()) {
      const json* d = new_.FindDecision(options_.decision);
      if (d == nullptr) d = old_.FindDecision(options_.decision);
      if (d == nullptr) return "no decision `" + options_.decision + "` in either version";
      names.push_back(d->value("name", ""));
    } else {
      std::set<std::string> all;
      for (const std::string& n : old_.Names("decision")) all.insert(n);
      for (const std::string& n : new_.Names("decision")) all.insert(n);
      names.assign(all.begin(), all.end());
    }
    report->decisions.reserve(names.size());
    for (const std::string& name : names) report->decisions.push_back(CompareDecision(name));
    PlanTables(names, report);
    // Pointers into the report are taken only now that it stops growing.
    for (DiffDecision& d : report->decisions) PlanOutputs(d);
    for (DiffTable& t : report->tables) {
      Job job;
      job.old_spec = review_internal::TableProbe(*old_.Find("table", t.name));
      job.new_spec = review_internal::TableProbe(*new_.Find("table", t.name));
      job.into = &t.found;
      jobs_.push_back(std::move(job));
    }
    return RunJobs();
  }

 private:
  DiffDecision CompareDecision(const std::string& name) {
    DiffDecision dd;
    dd.name = name;
    const json* a = old_.Find("decision", name);
    const json* b = new_.Find("decision", name);
    if (a == nullptr || b == nullptr) {
      dd.change = a == nullptr ? "added" : "removed";
      (a == nullptr ? dd.outputs_added : dd.outputs_removed) = OutputNames(a ? *a : *b);
      return dd;
    }
    dd.change = changes_.Affected(review_internal::KeyOf("decision", name)) || changes_.global()
                    ? "changed"
                    : "unchanged";
    if (review_internal::ParamsOf(*a) != review_internal::ParamsOf(*b)) {
      dd.note = "its parameters changed, so the two versions take different inputs: not compared";
      return dd;
    }
    const std::vector<std::string> old_outputs = OutputNames(*a), new_outputs = OutputNames(*b);
    for (const std::string& o : new_outputs) {
      if (std::find(old_outputs.begin(), old_outputs.end(), o) == old_outputs.end()) {
        dd.outputs_added.push_back(o);
      }
    }
    for (const std::string& o : old_outputs) {
      if (std::find(new_outputs.begin(), new_outputs.end(), o) == new_outputs.end()) {
        dd.outputs_removed.push_back(o);
        continue;
      }
      std::optional<ProbeSpec> os = review_internal::OutputProbe(*a, o);
      std::optional<ProbeSpec> ns = review_internal::OutputProbe(*b, o);
      const json old_code = CodeOf(*os), new_code = CodeOf(*ns);
      const bool affected = changes_.global() || old_code != new_code ||
                            changes_.AffectsCode(old_code) || changes_.AffectsCode(new_code);
      if (!affected) continue;
      DiffOutput out;
      out.name = o;
      dd.outputs.push_back(std::move(out));
      output_specs_[name + "#" + o] = {std::move(*os), std::move(*ns)};
    }
    return dd;
  }

  void PlanOutputs(DiffDecision& d) {
    for (DiffOutput& o : d.outputs) {
      auto& specs = output_specs_[d.name + "#" + o.name];
      Job job;
      job.old_spec = specs.first;
      job.new_spec = specs.second;
      job.into = &o.found;
      job.output = &o;
      job.old_decision = old_.Find("decision", d.name);
      job.new_decision = new_.Find("decision", d.name);
      const json code = CodeOf(job.old_spec);
      if (!changes_.global() && code == CodeOf(job.new_spec)) {
        std::set<std::string> names;
        for (const auto& p : job.old_spec.params) names.insert(p.first);
        for (const json& let : job.old_spec.lets) names.insert(let.value("name", ""));
        bool liftable = true;
        AffectedCalls(code, names, &job.calls, &liftable);
        if (!liftable) {
          job.calls.clear();
          o.note = "a changed call depends on a comprehension variable, so it cannot be "
                   "explored alone";
        }
      } else {
        o.note = changes_.global()
                     ? "the vocabulary (enums, records, matters, reasons or rulesets) changed"
                     : "the output's own code changed";
      }
      jobs_.push_back(std::move(job));
    }
  }

  void PlanTables(const std::vector<std::string>& decisions, DiffReport* report) {
    std::map<std::string, std::set<DeclKey>> reach;
    for (const std::string& d : decisions) {
      for (const BundleView* view : {&old_, &new_}) {
        if (const json* decl = view->Find("decision", d)) {
          for (const DeclKey& k : Closure(*view, *decl)) reach[d].insert(k);
        }
      }
    }
    for (const DiffDeclaration& c : changes_.declarations()) {
      if (c.kind != "table" || c.change != "changed") continue;
      const json* a = old_.Find("table", c.name);
      const json* b = new_.Find("table", c.name);
      if (review_internal::ParamsOf(*a) != review_internal::ParamsOf(*b)) continue;
      DiffTable t;
      t.name = c.name;
      t.old_source = c.old_source;
      t.new_source = c.new_source;
      for (const std::string& d : decisions) {
        if (reach[d].count(review_internal::KeyOf("table", c.name))) t.reached_by.push_back(d);
      }
      if (!options_.decision.empty() && t.reached_by.empty()) continue;
      report->tables.push_back(std::move(t));
    }
  }

  std::optional<std::string> RunJobs() {
    if (jobs_.empty()) return std::nullopt;
    review_internal::ProbeBundle old_probes(old_), new_probes(new_);
    for (Job& job : jobs_) {
      job.old_name = old_probes.Add(job.old_spec);
      job.new_name = new_probes.Add(job.new_spec);
      for (const json& call : job.calls) {
        job.old_calls.push_back(
            old_probes.Add(review_internal::CallProbe(*job.old_decision, call)));
        job.new_calls.push_back(
            new_probes.Add(review_internal::CallProbe(*job.new_decision, call)));
      }
    }
    std::string error;
    auto old_book = old_probes.Load(&error);
    if (!old_book) return "cannot load the old version's probes: " + error;
    auto new_book = new_probes.Load(&error);
    if (!new_book) return "cannot load the new version's probes: " + error;
    // One space per decision (and per table), so that cells of its
    // outputs and of the calls they make are comparable and calls explored
    // once serve every output that makes them.
    std::map<std::string, review_internal::Literals> literals;
    auto space_key = [](const Job& job) {
      return job.old_decision != nullptr ? "decision:" + job.old_decision->value("name", "")
                                         : "job:" + job.old_name;
    };
    for (const Job& job : jobs_) {
      CollectLiterals(old_, CodeOf(job.old_spec), &literals[space_key(job)]);
      CollectLiterals(new_, CodeOf(job.new_spec), &literals[space_key(job)]);
    }
    std::map<std::string, std::unique_ptr<review_internal::FactSpace>> spaces;
    std::map<std::string, review_internal::Explored> explored_calls;
    for (Job& job : jobs_) {
      const std::string key = space_key(job);
      auto& slot = spaces[key];
      if (!slot) {
        slot = std::make_unique<review_internal::FactSpace>(old_, new_, job.new_spec.params,
                                                            literals[key], as_of_day_);
      }
      review_internal::FactSpace& space = *slot;
      const review_internal::ProbeSide old_output{&old_, old_book, job.old_name};
      const review_internal::ProbeSide new_output{&new_, new_book, job.new_name};
      review_internal::ExploreOptions explore;
      explore.as_of = as_of_;
      explore.max_cells = options_.max_cells;
      explore.changed = &changed_names_;
      // Representative values separate the answers only where the code
      // compares ordered facts with fixed values (exactness.h).
      std::string inexact = review_internal::InexactReason(old_, job.old_spec);
      if (inexact.empty()) inexact = review_internal::InexactReason(new_, job.new_spec);
      auto mark = [](DiffExploration* found, const std::string& why) {
        if (why.empty()) return;
        found->complete = false;
        found->inexact = why;
      };
      if (job.calls.empty()) {
        *job.into = review_internal::Explore(space, old_output, new_output, explore).report;
        mark(job.into, inexact);
        continue;
      }
      // The output's code is the same in both versions, so its answer can
      // differ only where one of the changed calls answers differently:
      // explore the calls, then the output only where they differ.
      std::vector<review_internal::Cell> within;
      std::vector<DiffCall> calls;
      bool calls_complete = true;
      std::size_t cells = 0;
      for (std::size_t i = 0; i < job.calls.size(); ++i) {
        const std::string call_key = key + "#" + job.calls[i].dump();
        if (!explored_calls.count(call_key)) {
          // Calls read fewer facts than the outputs that make them, and
          // they bound every output's exploration: they get more room.
          review_internal::ExploreOptions for_call = explore;
          for_call.max_cells = options_.max_cells * kCallCellFactor;
          explored_calls[call_key] = review_internal::Explore(
              space, {&old_, old_book, job.old_calls[i]}, {&new_, new_book, job.new_calls[i]},
              for_call);
          std::string why = review_internal::InexactReason(
              old_, review_internal::CallProbe(*job.old_decision, job.calls[i]));
          if (why.empty()) {
            why = review_internal::InexactReason(
                new_, review_internal::CallProbe(*job.new_decision, job.calls[i]));
          }
          mark(&explored_calls[call_key].report, why);
        }
        const review_internal::Explored& c = explored_calls[call_key];
        calls_complete = calls_complete && c.report.complete;
        cells += c.report.cells;
        within.insert(within.end(), c.changed.begin(), c.changed.end());
        DiffCall call;
        call.call = Spell(job.calls[i]);
        call.found = c.report;
        calls.push_back(std::move(call));
      }
      if (calls_complete && within.empty()) {
        job.into->cells = cells;
        continue;  // proved the same everywhere
      }
      if (calls_complete) explore.within = &within;
      review_internal::Explored out =
          review_internal::Explore(space, old_output, new_output, explore);
      out.report.cells += cells;
      *job.into = std::move(out.report);
      mark(job.into, inexact);
      if (!job.into->complete) {
        job.output->calls = std::move(calls);
        job.output->note.clear();
      }
    }
    return std::nullopt;
  }

  // The maximal calls (or param and let reads) in `code` that reach a
  // change; `liftable` turns false when one reads a variable that only
  // exists inside the code (a comprehension's).
  void AffectedCalls(const json& code, const std::set<std::string>& names,
                     std::vector<json>* calls, bool* liftable) {
    if (code.is_array()) {
      for (const json& k : code) AffectedCalls(k, names, calls, liftable);
      return;
    }
    if (!code.is_object()) return;
    const std::string op = code.value("op", "");
    if (op == bundle::op::kCall && code.value("fn", "") == "followups" &&
        changes_.AffectsCode(code)) {
      // followups() reads which except suspended a rule, which the rule's
      // own answer (a Reason or none) does not show.
      *liftable = false;
      return;
    }
    const bool is_ref =
        bundle::IsDeclCall(op) || op == bundle::op::kParam || op == bundle::op::kGlobal;
    if (is_ref && changes_.AffectsCode(json::array({json{{"op", op}, {"name", code.value("name", "")}}}))) {
      std::vector<const json*> stack{&code};
      bool ok = true;
      while (!stack.empty()) {
        const json* j = stack.back();
        stack.pop_back();
        if (j->is_object() && j->value("op", "") == bundle::op::kVar &&
            !names.count(j->value("name", ""))) {
          ok = false;
        }
        if (j->is_structured()) {
          for (auto it = j->begin(); it != j->end(); ++it) stack.push_back(&*it);
        }
      }
      if (!ok) {
        *liftable = false;
        return;
      }
      if (std::find(calls->begin(), calls->end(), code) == calls->end()) calls->push_back(code);
      return;
    }
    for (auto it = code.begin(); it != code.end(); ++it) {
      if (it->is_structured()) AffectedCalls(*it, names, calls, liftable);
    }
  }

  // `nantong.rudong.work_safety_within_cap(enterprise, inspection)`.
  static std::string Spell(const json& code) {
    const std::string op = code.value("op", "");
    if (op == bundle::op::kVar || op == bundle::op::kParam || op == bundle::op::kGlobal)
      return code.value("name", "");
    if (op == bundle::op::kField)
      return Spell(code.value("base", json())) + "." + code.value("name", "");
    if (op == bundle::op::kLit) {
      const json v = code.value("value", json());
      return v.is_string() ? v.get<std::string>() : v.dump();
    }
    if (op.rfind("call", 0) == 0) {
      std::string args;
      for (const json& a : code.value("args", json::array())) {
        args += (args.empty() ? "" : ", ") + Spell(a);
      }
      return code.value("name", code.value("fn", "")) + "(" + args + ")";
    }
    return "…";
  }

  const BundleView& old_;
  const BundleView& new_;
  const DiffOptions& options_;
  ChangeSet changes_;
  std::string as_of_;
  std::int64_t as_of_day_ = 0;
  std::map<std::string, std::pair<ProbeSpec, ProbeSpec>> output_specs_;
  std::vector<Job> jobs_;
  std::set<std::string> changed_names_;
};

}  // namespace

DiffResult DiffBundles(std::string_view old_bundle, std::string_view new_bundle,
                       const DiffOptions& options) {
  DiffResult result;
  try {
    std::string error;
    std::optional<BundleView> a = BundleView::Parse(old_bundle, &error);
    if (!a) {
      result.error = "old version: " + error;
      return result;
    }
    std::optional<BundleView> b = BundleView::Parse(new_bundle, &error);
    if (!b) {
      result.error = "new version: " + error;
      return result;
    }
    DiffReport report;
    Differ differ(*a, *b, options);
    if (auto failure = differ.Run(&report)) {
      result.error = *failure;
      return result;
    }
    result.report = std::move(report);
  } catch (const std::exception& e) {
    // nlohmann throws on type mismatches in a malformed bundle.
    result.error = std::string("cannot compare the bundles: ") + e.what();
  }
  return result;
}

}  // namespace bylaw::review
