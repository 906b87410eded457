#include "assessor.h"

#include <algorithm>

#include "bylaw/base/json_text.h"

namespace bylaw::plan::plan_internal {

using base::AppendJsonString;

namespace {

using runtime::Value;
using runtime::ValueKind;

Error RulesError(std::string message) { return Error{kBadRules, std::move(message), {}}; }

Status OutputType(bool ok, const char* decision, const runtime::Outcome& o, int index,
                  const char* want) {
  if (ok) return {};
  return RulesError(std::string("output `") + std::string(o.output_name(static_cast<std::size_t>(index))) +
                    "` of decision `" + decision + "` is not " + want);
}

// The ids of the rows and rules that fired, each once, in trace order.
// Only the table and rule steps are read: writing the whole trace (facts'
// and outputs' values as text) would cost more than the evaluation.
void AddFired(const runtime::Outcome& o, std::vector<std::string>* ids) {
  using Kind = runtime::TraceEvent::Kind;
  auto add = [&](const std::string& id) {
    if (std::find(ids->begin(), ids->end(), id) == ids->end()) ids->push_back(id);
  };
  o.VisitTablesAndRules([&](const runtime::TraceEvent& e) {
    if (e.kind == Kind::kTable) {
      for (const std::string& row : e.rows) add(row);
    } else if (e.kind == Kind::kRule && (e.detail == "stands" || e.detail == "holds")) {
      add(e.id);
    }
  });
}

}  // namespace

Result<AssessRules> PrepareAssessRules(const runtime::Rulebook& book, std::string_view as_of,
                                       std::string seed) {
  AssessRules r;
  r.book = &book;
  r.seed = std::move(seed);
  auto date = runtime::ParseDate(as_of);
  if (!date.ok()) return RulesError("as-of date `" + std::string(as_of) + "` is not YYYY-MM-DD");
  r.as_of = *date;
  auto frequency = book.FindDecision("frequency");
  auto assignment = book.FindDecision("assignment");
  if (!frequency.ok()) return RulesError("the rules have no decision `frequency`");
  if (!assignment.ok()) return RulesError("the rules have no decision `assignment`");
  r.frequency = *frequency;
  r.assignment = *assignment;
  r.matters = book.matters();
  if (r.matters.empty()) return RulesError("the rules declare no matter to plan");
  for (const runtime::MatterInfo& m : r.matters) {
    std::string tail = ",\"inspection\":{\"matter\":";
    AppendJsonString(m.id, &tail);
    tail += "}}";
    r.inspections.push_back("{" + tail.substr(1));
    r.facts_tails.push_back(std::move(tail));
  }
  // Output names come from an evaluation's Outcome: evaluate each decision
  // once on a facts document for the first matter and an empty enterprise
  // (it fails, but the Outcome still lists the outputs).
  auto outputs = [&](runtime::DecisionRef d, std::vector<std::string>* names) -> Status {
    auto facts = book.ParseFacts(d, "{\"enterprise\":{}" + r.facts_tails[0]);
    if (!facts.ok()) return RulesError("cannot build facts for `" + std::string(d.name()) + "`: " + facts.error().ToString());
    runtime::EvaluateOptions options;
    options.as_of = r.as_of;
    runtime::Outcome o;
    Status s = book.Evaluate(d, *facts, options, &o);
    if (!s.ok()) return RulesError(s.error().ToString());
    for (std::size_t i = 0; i < o.output_count(); ++i) names->emplace_back(o.output_name(i));
    return {};
  };
  std::vector<std::string> fnames, anames;
  Status s = outputs(r.frequency, &fnames);
  if (!s.ok()) return s.error();
  s = outputs(r.assignment, &anames);
  if (!s.ok()) return s.error();
  auto find = [](const std::vector<std::string>& names, std::string_view n) {
    auto it = std::find(names.begin(), names.end(), n);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  };
  struct Want {
    int* slot;
    const std::vector<std::string>* names;
    const char* decision;
    const char* output;
    bool required;
  };
  const Want wants[] = {
      {&r.min, &fnames, "frequency", "min_per_year", true},
      {&r.max, &fnames, "frequency", "max_per_year", true},
      {&r.ratio, &fnames, "frequency", "sampling_ratio", true},
      {&r.exempt, &fnames, "frequency", "exempt_unless_triggered", true},
      {&r.basis, &fnames, "frequency", "basis", true},
      {&r.key, &fnames, "frequency", "key", false},
      {&r.lead, &anames, "assignment", "lead", true},
      {&r.cooperators, &anames, "assignment", "cooperators", true},
      {&r.delegable, &anames, "assignment", "delegable", true},
      {&r.competent, &anames, "assignment", "competent", true},
  };
  for (const Want& w : wants) {
    *w.slot = find(*w.names, w.output);
    if (*w.slot < 0 && w.required) {
      return RulesError(std::string("decision `") + w.decision + "` has no output `" + w.output +
                        "`, which the plan needs (docs/rulesets/contract.md)");
    }
  }
  return r;
}

Assessor::Assessor(const AssessRules& rules) : rules_(rules) {
  options_.as_of = rules.as_of;
  options_.trace = rules.trace;
  // `fired` needs only the table and rule steps (AddFired).
  options_.trace_tables_and_rules_only = true;
}

Result<runtime::Facts> Assessor::Parse(runtime::DecisionRef d, const RegisterRow& row,
                                       std::size_t matter, const std::string& at) {
  facts_json_.assign("{\"enterprise\":");
  facts_json_.append(row.enterprise_json);
  facts_json_.append(rules_.facts_tails[matter]);
  auto facts = rules_.book->ParseFacts(d, facts_json_);
  if (facts.ok()) return facts;
  return FactsError(facts.error(), at);
}

Result<runtime::Facts> Assessor::ParseOver(runtime::DecisionRef d, const runtime::Facts& base,
                                           std::string_view json, const std::string& at) {
  auto facts = rules_.book->ParseFactsOver(d, base, json);
  if (facts.ok()) return facts;
  return FactsError(facts.error(), at);
}

Result<runtime::Facts> Assessor::FactsError(const runtime::Error& e, const std::string& at) {
  // The readers check every field first, so this is a rare case (a value
  // the runtime rejects that the schema allowed): name the field alike.
  std::string detail = e.details.empty() ? e.message : e.details.front();
  const std::string prefix = "$.enterprise.";
  if (detail.rfind(prefix, 0) == 0) detail = "field " + detail.substr(prefix.size());
  return Error{kBadRow, at + detail, {}};
}

Status Assessor::Evaluate(runtime::DecisionRef d, const runtime::Facts& facts, std::size_t matter,
                          const std::string& at, runtime::Outcome* outcome) {
  Status s = rules_.book->Evaluate(d, facts, options_, outcome);
  if (!s.ok()) return Error{kBadRow, at + s.error().code + ": " + s.error().message, {}};
  if (!outcome->complete() || !outcome->errors().empty()) {
    std::string message = at;
    if (outcome->errors().empty()) {
      message += "INCOMPLETE: decision `" + std::string(d.name()) + "` is incomplete";
    } else {
      const runtime::EvalError& e = outcome->errors().front();
      message += e.code + ": " + e.message + " (" + std::string(d.name()) + "." + e.output +
                 ", matter " + rules_.matters[matter].id + ")";
      // Rules not in force on the plan's date fail every row alike: that is
      // the run's error, never a row --skip-bad may skip (which would leave
      // an empty plan that looks filed).
      if (e.code == "NOT_IN_FORCE") {
        return Error{kBadRules, e.message + " (" + std::string(d.name()) + "." + e.output + ", matter " +
                                    rules_.matters[matter].id + "): no plan can be made under these rules for that year",
                     {}};
      }
    }
    return Error{kBadRow, message, {}};
  }
  return {};
}

Status Assessor::Assess(const std::string& file, const RegisterRow& row, Assessment* out) {
  const std::string at = file + ":" + std::to_string(row.line) + ": ";
  out->id = row.id;
  out->name = row.name;
  out->region = row.region;
  out->industry = row.industry;
  out->credit_class = row.credit_class;
  out->competent.clear();
  out->line = row.line;
  out->needs.clear();

  // Selectors read only the enterprise: any matter's facts will do. The
  // enterprise is parsed once; each matter's facts and the assignment's
  // are made over it (frequency and assignment take the same params).
  auto any = Parse(rules_.frequency, row, 0, at);
  if (!any.ok()) return any.error();
  for (std::size_t m = 0; m < rules_.matters.size(); ++m) {
    const runtime::MatterInfo& info = rules_.matters[m];
    auto applies = rules_.book->MatterApplies(info.id, *any, "enterprise", options_);
    if (!applies.ok()) {
      return Error{kBadRow, at + applies.error().code + ": " + applies.error().message +
                                " (selector of matter " + info.id + ")", {}};
    }
    if (!*applies) continue;

    const runtime::Facts* freq_facts = &*any;
    Result<runtime::Facts> parsed = runtime::Facts();
    if (m != 0) {
      parsed = ParseOver(rules_.frequency, *any, rules_.inspections[m], at);
      if (!parsed.ok()) return parsed.error();
      freq_facts = &*parsed;
    }
    const auto assign_facts = ParseOver(rules_.assignment, *freq_facts, "{}", at);
    if (!assign_facts.ok()) return assign_facts.error();
    Status s = Evaluate(rules_.frequency, *freq_facts, m, at, &frequency_);
    if (!s.ok()) return s;
    s = Evaluate(rules_.assignment, *assign_facts, m, at, &assignment_);
    if (!s.ok()) return s;

    MatterNeed& need = out->needs.emplace_back();
    need.matter = info.id;
    need.methods = info.methods;
    const runtime::Outcome& f = frequency_;
    const runtime::Outcome& a = assignment_;
    auto at_f = [&](int i) -> const Value& { return f.output(static_cast<std::size_t>(i)); };
    auto at_a = [&](int i) -> const Value& { return a.output(static_cast<std::size_t>(i)); };

    const Value& min = at_f(rules_.min);
    if (!(s = OutputType(min.kind() == ValueKind::kInt, "frequency", f, rules_.min, "an int")).ok()) return s;
    need.min = min.int_value();
    const Value& max = at_f(rules_.max);
    if (!(s = OutputType(max.kind() == ValueKind::kInt || max.is_null(), "frequency", f, rules_.max,
                         "an int or none")).ok()) {
      return s;
    }
    need.max = max.is_null() ? std::nullopt : std::optional<std::int64_t>(max.int_value());
    const Value& ratio = at_f(rules_.ratio);
    const bool ratio_ok = ratio.is_null() || ratio.kind() == ValueKind::kPercent ||
                          ratio.kind() == ValueKind::kDecimal;
    if (!(s = OutputType(ratio_ok, "frequency", f, rules_.ratio, "a percent or none")).ok()) return s;
    need.ratio = ratio.is_null() ? std::nullopt : std::optional<std::int64_t>(ratio.scaled_value());
    const Value& exempt = at_f(rules_.exempt);
    if (!(s = OutputType(exempt.kind() == ValueKind::kBool, "frequency", f, rules_.exempt, "a bool")).ok()) return s;
    need.exempt = exempt.bool_value();
    const Value& basis = at_f(rules_.basis);
    if (!(s = OutputType(basis.kind() == ValueKind::kList, "frequency", f, rules_.basis, "a list of text")).ok()) return s;
    need.basis.clear();
    for (const Value& b : basis.items()) {
      if (!(s = OutputType(b.kind() == ValueKind::kText, "frequency", f, rules_.basis, "a list of text")).ok()) return s;
      need.basis.emplace_back(b.text());
    }
    if (rules_.key >= 0) {
      const Value& key = at_f(rules_.key);
      if (!(s = OutputType(key.kind() == ValueKind::kBool, "frequency", f, rules_.key, "a bool")).ok()) return s;
      need.key = key.bool_value();
    } else {
      need.key = info.key;
    }

    const Value& lead = at_a(rules_.lead);
    if (!(s = OutputType(lead.kind() == ValueKind::kEnum, "assignment", a, rules_.lead, "a Department")).ok()) return s;
    need.lead = lead.enum_name();
    const Value& coops = at_a(rules_.cooperators);
    if (!(s = OutputType(coops.kind() == ValueKind::kList, "assignment", a, rules_.cooperators,
                         "a list of Department")).ok()) {
      return s;
    }
    need.cooperators.clear();
    for (const Value& c : coops.items()) {
      if (!(s = OutputType(c.kind() == ValueKind::kEnum, "assignment", a, rules_.cooperators,
                           "a list of Department")).ok()) {
        return s;
      }
      need.cooperators.emplace_back(c.enum_name());
    }
    const Value& delegable = at_a(rules_.delegable);
    if (!(s = OutputType(delegable.kind() == ValueKind::kBool, "assignment", a, rules_.delegable, "a bool")).ok()) return s;
    need.delegable = delegable.bool_value();
    const Value& competent = at_a(rules_.competent);
    if (!(s = OutputType(competent.kind() == ValueKind::kEnum, "assignment", a, rules_.competent,
                         "a Department")).ok()) {
      return s;
    }
    if (out->competent.empty()) {
      out->competent = competent.enum_name();
    } else if (out->competent != competent.enum_name()) {
      return Error{kBadRow, at + "assignment.competent is " + out->competent + " for matter " +
                                out->needs.front().matter + " but " + std::string(competent.enum_name()) +
                                " for matter " + info.id + " (the plan needs one per enterprise)", {}};
    }

    need.sample_key = SampleKey(rules_.seed, info.id, row.id);
    need.rules.clear();
    if (rules_.trace) {
      AddFired(f, &need.rules);
      AddFired(a, &need.rules);
    }
  }
  return {};
}

}  // namespace bylaw::plan::plan_internal
