// Rulebook, Outcome, Engine, FactsBuilder and the free functions of
// bylaw/runtime.h. Every entry point catches what nlohmann/json may throw,
// so no exception crosses the API.
#include "bylaw/runtime.h"

#include <nlohmann/json.hpp>

#include "bundle_hash.h"
#include "bundle_signature.h"
#include "bylaw/runtime/decimal.h"
#include "decision_plan.h"
#include "direct_call.h"
#include "evaluator.h"
#include "exact_json.h"
#include "facts_reader.h"
#include "json_adapter.h"
#include "literal.h"
#include "loader.h"
#include "model.h"
#include "result_writer.h"

namespace bylaw::runtime {

using nlohmann::json;
using runtime_internal::Decision;
using runtime_internal::Model;

std::string Error::ToString() const {
  std::string s = code + ": " + message;
  for (const std::string& d : details) {
    if (d != message) s += "\n  " + d;
  }
  return s;
}

// ------------------------------------------------------------ DecisionRef

std::string_view DecisionRef::name() const { return d_ ? std::string_view(d_->name) : ""; }
std::size_t DecisionRef::param_count() const { return d_ ? d_->params.size() : 0; }
std::string_view DecisionRef::param_name(std::size_t i) const { return d_->params[i].name; }

// ---------------------------------------------------------------- Outcome

bool Outcome::trial() const { return decision_ != nullptr && decision_->ruleset->trial; }

std::string_view Outcome::decision() const {
  return decision_ ? std::string_view(decision_->name) : "";
}

std::string_view Outcome::output_name(std::size_t i) const {
  return decision_->output_names[i];
}

const Value* Outcome::Find(std::string_view name) const {
  if (decision_ == nullptr) return nullptr;
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    if (decision_->output_names[i] == name) return &output(i);
  }
  return nullptr;
}

// Grants the free helpers below access to Facts' private members.
struct FactsBuilderAccess {
  // `known_complete`: the reader saw every non-optional fact (no walk).
  static Facts Make(const Decision* d, std::vector<Value> params, std::optional<std::int64_t> as_of,
                    bool known_complete = false) {
    Facts f;
    f.decision_ = d;
    f.params_ = std::move(params);
    f.as_of_ = as_of;
    if (d->complete_facts && !known_complete) {
      f.missing_ = runtime_internal::FirstMissingFact(*d, f.params_);
    }
    GatherDirect(&f);
    return f;
  }
  // Reads the direct path's inputs (direct_call.h) once params_ are final.
  static void GatherDirect(Facts* f) {
    f->direct_count_ = 0;
    f->direct_more_.clear();
    if (f->decision_->direct.empty()) return;
    std::vector<Value> inputs;
    if (!runtime_internal::GatherDirectInputs(*f->decision_, f->params_, &inputs)) return;
    f->direct_count_ = static_cast<std::uint32_t>(inputs.size());
    if (inputs.size() > Facts::kDirectInline) {
      f->direct_more_ = std::move(inputs);
    } else {
      std::move(inputs.begin(), inputs.end(), f->direct_inline_.begin());
    }
  }
  static const Value* DirectInputs(const Facts& f) {
    return f.direct_count_ > Facts::kDirectInline ? f.direct_more_.data() : f.direct_inline_.data();
  }
};

namespace {

Result<Facts> FactsFromJson(const Model& model, const Decision* d, const json& doc) {
  std::vector<std::string> errors;
  Facts facts;
  std::vector<Value> params(d->params.size());
  std::optional<std::int64_t> as_of;
  if (!doc.is_object()) {
    return Error{"facts_invalid", "$: expected an object, got " + runtime_internal::ShownJson(doc), {}};
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "as_of") {
      std::optional<std::int64_t> day;
      if (it->is_string()) day = runtime_internal::ParseDateLiteral(it->get<std::string>());
      if (!day) {
        errors.push_back("$.as_of: expected date, got " + runtime_internal::ShownJson(*it));
      } else {
        as_of = day;
      }
      continue;
    }
    auto p = d->param_index.find(it.key());
    if (p == d->param_index.end()) {
      std::string takes;
      for (const auto& b : d->params) takes += (takes.empty() ? "`" : ", `") + b.name + "`";
      errors.push_back("$." + it.key() + ": unknown field, decision `" + d->name +
                       "` takes " + (takes.empty() ? "no facts" : takes));
      continue;
    }
    params[p->second] = runtime_internal::FromJson(model, d->params[p->second].type,
                                                   it.value(), "$." + it.key(), &errors);
  }
  if (!errors.empty()) return Error{"facts_invalid", errors.front(), errors};
  return FactsBuilderAccess::Make(d, std::move(params), as_of);
}

}  // namespace

const std::vector<TraceEvent>& Outcome::trace() const {
  if (!trace_written_) {
    // Events of an earlier evaluation keep their strings' capacity.
    trace_.resize(recorded_.records.size());
    for (std::size_t i = 0; i < trace_.size(); ++i) {
      runtime_internal::WriteTraceEvent(recorded_.records[i], recorded_.rows, &trace_[i]);
    }
    trace_written_ = true;
  }
  return trace_;
}

void Outcome::VisitTablesAndRules(const std::function<void(const TraceEvent&)>& visit) const {
  using Kind = TraceEvent::Kind;
  if (trace_written_) {
    for (const TraceEvent& e : trace_) {
      if (e.kind == Kind::kTable || e.kind == Kind::kRule) visit(e);
    }
    return;
  }
  TraceEvent e;
  for (const runtime_internal::TraceRecord& r : recorded_.records) {
    if (r.kind != Kind::kTable && r.kind != Kind::kRule) continue;
    runtime_internal::WriteTraceEvent(r, recorded_.rows, &e);
    visit(e);
  }
}

std::string Outcome::ToJson() const {
  std::string out;
  AppendJson(&out);
  return out;
}

void Outcome::AppendJson(std::string* out, bool with_trace) const {
  const std::size_t start = out->size();
  if (!runtime_internal::AppendOutcomeJson(*this, with_trace, out)) {
    // What the DOM serialiser gave for ill-formed UTF-8 (it threw).
    out->resize(start);
    out->append("{}");
  }
}

// --------------------------------------------------------------- Rulebook

Rulebook::Rulebook(std::unique_ptr<Model> model) : model_(std::move(model)) {
  model_->plan = runtime_internal::BuildPlans(*model_);
  runtime_internal::BuildNameTables(model_.get());
  runtime_internal::BuildJsonKeys(model_.get());
}
Rulebook::~Rulebook() = default;

const std::string& Rulebook::hash() const { return model_->hash; }
const std::string& Rulebook::signer_key_id() const { return model_->signer_key_id; }

std::vector<std::string> Rulebook::decision_names() const {
  std::vector<std::string> out;
  for (const Decision& d : model_->decisions) out.push_back(d.name);
  return out;
}

std::vector<std::string> Rulebook::rulesets() const {
  std::vector<std::string> out;
  for (const auto& r : model_->rulesets) {
    out.push_back(r.version.empty() ? r.id : r.id + "@" + r.version);
  }
  return out;
}

Result<DecisionRef> Rulebook::FindDecision(std::string_view name) const {
  return CatchExceptions("internal", [&]() -> Result<DecisionRef> {  // no exception crosses the API
  auto it = model_->decision_by_name.find(std::string(name));
  if (it == model_->decision_by_name.end()) {
    return Error{"unknown_decision", "no decision `" + std::string(name) + "` in the bundle", {}};
  }
  return DecisionRef(it->second);
  });
}

Result<Facts> Rulebook::ParseFacts(DecisionRef decision, std::string_view text) const {
  return CatchExceptions("facts_invalid", [&]() -> Result<Facts> {  // no exception crosses the API
  if (decision.d_ == nullptr) return Error{"unknown_decision", "no decision given", {}};
  // The streaming reader decides valid documents; the DOM path below
  // reports every other case (facts_reader.h).
  {
    std::vector<Value> params;
    std::optional<std::int64_t> as_of;
    bool complete = false;
    if (runtime_internal::ReadFactsFast(*model_, *decision.d_, text, &params, &as_of, &complete)) {
      return FactsBuilderAccess::Make(decision.d_, std::move(params), as_of, complete);
    }
  }
  // Numbers keep their text (exact_json.h): decimals never pass a double.
  json doc;
  runtime_internal::ExactJsonError bad;
  if (!runtime_internal::ParseJsonExact(text, &doc, &bad)) {
    if (!bad.token.empty()) {
      const std::string m = bad.path + ": number " + bad.token +
                            " is out of range (decimals " +
                            std::string(kDecimalRangeText) + ", integers 64 bits)";
      return Error{"facts_invalid", m, {m}};
    }
    std::string m = "the facts are not valid JSON";
    if (bad.line > 0) {
      // A one-line document (a batch line, a request body) needs no line:
      // its line is the batch's, which the batch result gives.
      m += text.find('\n') == std::string_view::npos
               ? " at column " + std::to_string(bad.column)
               : " at line " + std::to_string(bad.line) + ", column " + std::to_string(bad.column);
      m += ": " + bad.reason;
    }
    return Error{"facts_not_json", m, {}};
  }
  try {
    return FactsFromJson(*model_, decision.d_, doc);
  } catch (const std::exception& e) {
    return Error{"facts_invalid", e.what(), {}};
  }
  });
}

Result<Facts> Rulebook::ParseFactsOver(DecisionRef decision, const Facts& base,
                                       std::string_view json) const {
  return CatchExceptions("facts_invalid", [&]() -> Result<Facts> {  // no exception crosses the API
    if (decision.d_ == nullptr) return Error{"unknown_decision", "no decision given", {}};
    if (base.decision_ == nullptr) {
      return Error{"facts_mismatch", "the base facts were not built by a Rulebook", {}};
    }
    Result<Facts> parsed = ParseFacts(decision, json);
    if (!parsed.ok()) return parsed;
    const Decision& to = *decision.d_;
    const Decision& from = *base.decision_;
    for (std::size_t i = 0; i < to.params.size(); ++i) {
      if (!parsed->params_[i].is_missing()) continue;  // given by `json`
      auto p = from.param_index.find(to.params[i].name);
      if (p == from.param_index.end() || base.params_[p->second].is_missing()) continue;
      if (from.params[p->second].type != to.params[i].type) {
        return Error{"facts_mismatch",
                     "param `" + to.params[i].name + "` of decision `" + to.name + "` is " +
                         to.params[i].type->spelling + ", not " +
                         from.params[p->second].type->spelling + " as for decision `" + from.name +
                         "`",
                     {}};
      }
      parsed->params_[i] = base.params_[p->second];
    }
    if (!parsed->as_of_) parsed->as_of_ = base.as_of_;
    // `require complete facts`: what is missing is known only now that the
    // base's params are in (ParseFacts saw the document alone).
    parsed->missing_ =
        to.complete_facts ? runtime_internal::FirstMissingFact(to, parsed->params_) : std::string();
    FactsBuilderAccess::GatherDirect(&*parsed);
    return parsed;
  });
}

Status Rulebook::Evaluate(DecisionRef dref, const Facts& facts, const EvaluateOptions& options,
                          Outcome* o) const {
  return CatchExceptions("internal", [&]() -> Status {  // no exception crosses the API
  const Decision* d = dref.d_;
  if (d == nullptr || facts.decision_ != d) {
    return Error{"facts_mismatch", "the facts were not built for this decision", {}};
  }
  if (o->book_.get() != this) o->book_ = shared_from_this();
  o->decision_ = d;
  o->errors_.clear();
  // Trace records are appended to an emptied buffer (its capacity kept);
  // trace() writes the events from them when next read.
  o->recorded_.records.clear();
  o->recorded_.rows.clear();
  o->trace_written_ = false;
  o->complete_ = true;
  std::optional<std::int64_t> as_of = options.as_of ? options.as_of : facts.as_of_;
  o->as_of_ = as_of.value_or(0);

  // A plain table decision without trace or overrides: the direct path
  // (direct_call.h), which declines whatever it cannot answer exactly.
  if (facts.direct_count_ != 0 && !options.reference && !options.trace &&
      options.params.empty() && as_of && facts.missing_.empty() && !d->ruleset->repealed &&
      d->ruleset->effective.Contains(*as_of)) {
    const Value* outputs[runtime_internal::kMaxDirectOutputs];
    if (runtime_internal::EvaluateDirect(*d, FactsBuilderAccess::DirectInputs(facts), *as_of, outputs)) {
      // Shared, not copied: no reference count to touch on a row that may
      // not be in cache. Stale own values are left for the next resize.
      const std::size_t n = d->output_names.size();
      o->outputs_.resize(n);
      o->shared_.resize(n);
      for (std::size_t i = 0; i < n; ++i) o->shared_[i] = outputs[i];
      return {};
    }
  }

  std::vector<Value> storage;
  std::vector<const Value*> slots;
  const std::vector<const Value*>* overrides = nullptr;
  if (!options.params.empty()) {
    Status st = runtime_internal::ResolveOverrides(*model_, options.params, &storage, &slots);
    if (!st.ok()) {
      o->outputs_.assign(d->output_names.size(), Value::Null());
      o->shared_.assign(d->output_names.size(), nullptr);
      return st;
    }
    overrides = &slots;
  }
  runtime_internal::TraceBuffer* trace = options.trace ? &o->recorded_ : nullptr;
  o->outputs_.assign(d->output_names.size(), Value::Null());
  o->shared_.assign(d->output_names.size(), nullptr);
  runtime_internal::Evaluator ev(*model_, o->as_of_, trace, overrides);
  ev.set_trace_tables_and_rules_only(options.trace_tables_and_rules_only);
  ev.set_memo(!options.reference);
  if (!options.reference) ev.set_plan(model_->plan.get());
  if (!as_of) {
    ev.FailDecision(*d, facts.params_, "MISSING_FACT", "`$.as_of` is missing", o);
    return {};
  }
  const runtime_internal::Ruleset& rs = *d->ruleset;
  if (rs.repealed || !rs.effective.Contains(*as_of)) {
    ev.FailDecision(*d, facts.params_, "NOT_IN_FORCE",
                    "ruleset `" + rs.id + "` is " +
                        (rs.repealed ? std::string("repealed") : "not in force on " +
                                                                     FormatDate(*as_of)),
                    o);
    return {};
  }
  if (!facts.missing_.empty()) {  // `require complete facts`
    ev.FailDecision(*d, facts.params_, "MISSING_FACT", "`" + facts.missing_ + "` is missing", o);
    return {};
  }
  ev.RunDecision(*d, facts.params_, o);
  return {};
  });
}

Result<Outcome> Rulebook::Evaluate(DecisionRef decision, const Facts& facts,
                                   const EvaluateOptions& options) const {
  Outcome o;
  Status st = Evaluate(decision, facts, options, &o);
  if (!st.ok()) return st.error();
  return o;
}

std::vector<MatterInfo> Rulebook::matters() const {
  using runtime_internal::Matter;
  auto text = [](const Value& v) -> std::string {
    switch (v.kind()) {
      case ValueKind::kText: return std::string(v.text());
      case ValueKind::kEnum: return std::string(v.enum_name());
      case ValueKind::kMatter: return std::string(v.matter_id());
      default: return std::string();
    }
  };
  auto names = [&](const Value& v) {
    std::vector<std::string> out;
    if (v.kind() == ValueKind::kList) {
      for (const Value& item : v.items()) out.push_back(text(item));
    }
    return out;
  };
  auto flag = [](const Value& v) { return v.kind() == ValueKind::kBool && v.bool_value(); };
  std::vector<MatterInfo> out;
  out.reserve(model_->matters.size());
  for (const Matter& m : model_->matters) {
    MatterInfo info;
    info.id = m.id;
    info.label = m.label;
    info.type = text(m.fields[runtime_internal::kMatterType]);
    info.initiator = text(m.fields[runtime_internal::kMatterInitiator]);
    info.level = text(m.fields[runtime_internal::kMatterLevel]);
    info.scenario = text(m.fields[runtime_internal::kMatterScenario]);
    info.content = text(m.fields[runtime_internal::kMatterContent]);
    info.basis = text(m.fields[runtime_internal::kMatterBasis]);
    info.cooperators = names(m.fields[runtime_internal::kMatterCooperators]);
    info.methods = names(m.fields[runtime_internal::kMatterMethods]);
    info.key = flag(m.fields[runtime_internal::kMatterKey]);
    info.delegable = flag(m.fields[runtime_internal::kMatterDelegable]);
    if (m.object_type != nullptr) info.object_type = m.object_type->name;
    info.has_filter = m.where != nullptr;
    out.push_back(std::move(info));
  }
  return out;
}

Result<bool> Rulebook::MatterApplies(std::string_view matter_id, const Facts& facts,
                                     std::string_view param,
                                     const EvaluateOptions& options) const {
  return CatchExceptions("internal", [&]() -> Result<bool> {  // no exception crosses the API
  auto m = model_->matter_by_id.find(std::string(matter_id));
  if (m == model_->matter_by_id.end()) {
    return Error{"unknown_matter", "no matter `" + std::string(matter_id) + "`", {}};
  }
  const Decision* d = facts.decision_;
  std::optional<std::uint32_t> slot;
  if (d != nullptr) {
    if (auto p = d->param_index.find(std::string(param)); p != d->param_index.end()) {
      slot = p->second;
    }
  }
  if (!slot || *slot >= facts.params_.size()) {
    return Error{"unknown_param", "the facts bind no param `" + std::string(param) + "`", {}};
  }
  const runtime_internal::Matter& matter = *m->second;
  const Value& object = facts.params_[*slot];
  if (object.is_missing()) {
    return Error{"matter_selector",
                 "matter `" + matter.id + "`: `$." + std::string(param) + "` is missing", {}};
  }
  if (matter.object_type != nullptr &&
      (object.kind() != ValueKind::kRecord || object.record_type() != matter.object_type)) {
    return Error{"matter_selector", "matter `" + matter.id + "` selects " +
                                        matter.object_type->name + ", not `$." +
                                        std::string(param) + "`",
                 {}};
  }
  std::optional<std::int64_t> as_of = options.as_of ? options.as_of : facts.as_of_;
  runtime_internal::Evaluator ev(*model_, as_of.value_or(0), nullptr, nullptr);
  bool holds = false;
  if (!ev.EvalMatterWhere(matter, object, &holds)) {
    return Error{"matter_selector", "matter `" + matter.id + "`: " + ev.error_code() + ": " +
                                        ev.error_message(),
                 {}};
  }
  return holds;
  });
}

const SourceLocation* Rulebook::FindSource(std::string_view id) const {
  auto it = model_->sources.find(std::string(id));
  return it == model_->sources.end() ? nullptr : &it->second;
}

Result<std::string> Rulebook::EvaluateJson(std::string_view decision,
                                           std::string_view facts_json,
                                           const EvaluateOptions& options) const {
  return CatchExceptions("internal", [&]() -> Result<std::string> {  // no exception crosses the API
  auto d = FindDecision(decision);
  if (!d.ok()) return d.error();
  auto facts = ParseFacts(*d, facts_json);
  if (!facts.ok()) return facts.error();
  Outcome o;
  Status st = Evaluate(*d, *facts, options, &o);
  if (!st.ok()) return st.error();
  return o.ToJson();
  });
}

// ------------------------------------------------------------ FactsBuilder

struct FactsBuilder::Impl {
  std::shared_ptr<const Rulebook> book;
  const Decision* decision = nullptr;
  json doc = json::object();
  std::vector<std::string> errors;

  // Never throws: a failure (out of memory) is kept for Build.
  void Set(std::string_view path, json value) {
    try {
      SetUnguarded(path, std::move(value));
    } catch (const std::exception& e) {
      errors.push_back("$." + std::string(path) + ": " + e.what());
    }
  }

  void SetUnguarded(std::string_view path, json value) {
    json* cur = &doc;
    std::size_t i = 0;
    if (path.substr(0, 2) == "$.") i = 2;
    while (i < path.size()) {
      std::size_t end = path.find_first_of(".[", i);
      if (end == std::string_view::npos) end = path.size();
      if (end > i) {
        const std::string key(path.substr(i, end - i));
        if (!cur->is_object()) *cur = json::object();
        cur = &(*cur)[key];
        i = end;
      }
      if (i < path.size() && path[i] == '.') {
        ++i;
      } else if (i < path.size() && path[i] == '[') {
        const std::size_t close = path.find(']', i);
        std::size_t idx = 0;
        bool ok = close != std::string_view::npos && close > i + 1;
        for (std::size_t k = i + 1; ok && k < close; ++k) {
          ok = path[k] >= '0' && path[k] <= '9';
          idx = idx * 10 + static_cast<std::size_t>(path[k] - '0');
        }
        if (!cur->is_array()) *cur = json::array();
        if (!ok || idx > cur->size()) {
          errors.push_back("$." + std::string(path) + ": list elements must be set in order");
          return;
        }
        if (idx == cur->size()) cur->push_back(nullptr);
        cur = &(*cur)[idx];
        i = close + 1;
        if (i < path.size() && path[i] == '.') ++i;
      }
    }
    *cur = std::move(value);
  }
};

FactsBuilder::FactsBuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FactsBuilder::FactsBuilder(FactsBuilder&&) noexcept = default;
FactsBuilder& FactsBuilder::operator=(FactsBuilder&&) noexcept = default;
FactsBuilder::~FactsBuilder() = default;

FactsBuilder& FactsBuilder::SetBool(std::string_view path, bool v) {
  impl_->Set(path, v);
  return *this;
}
FactsBuilder& FactsBuilder::SetInt(std::string_view path, std::int64_t v) {
  impl_->Set(path, v);
  return *this;
}
FactsBuilder& FactsBuilder::SetText(std::string_view path, std::string_view v) {
  impl_->Set(path, std::string(v));
  return *this;
}
FactsBuilder& FactsBuilder::SetNone(std::string_view path) {
  impl_->Set(path, nullptr);
  return *this;
}
FactsBuilder& FactsBuilder::SetAsOf(std::string_view date) {
  impl_->Set("as_of", std::string(date));
  return *this;
}

Result<Facts> FactsBuilder::Build() const {
  return CatchExceptions("facts_invalid", [&]() -> Result<Facts> {  // no exception crosses the API
  if (impl_->decision == nullptr) return Error{"unknown_decision", "no decision given", {}};
  if (!impl_->errors.empty()) {
    return Error{"facts_invalid", impl_->errors.front(), impl_->errors};
  }
  try {
    return FactsFromJson(impl_->book->model(), impl_->decision, impl_->doc);
  } catch (const std::exception& e) {
    return Error{"facts_invalid", e.what(), {}};
  }
  });
}

FactsBuilder Rulebook::NewFacts(DecisionRef decision) const {
  auto impl = std::make_unique<FactsBuilder::Impl>();
  impl->book = shared_from_this();
  impl->decision = decision.d_;
  return FactsBuilder(std::move(impl));
}

// ------------------------------------------------------------ free functions

Result<std::shared_ptr<const Rulebook>> LoadBundle(std::string_view bytes,
                                                   const LoadOptions& options) {
  return CatchExceptions("bundle_structure", [&]() -> Result<std::shared_ptr<const Rulebook>> {  // no exception crosses the API
  auto model = runtime_internal::BuildModel(bytes, options);
  if (!model.ok()) return model.error();
  return std::shared_ptr<const Rulebook>(new Rulebook(std::move(model).value()));
  });
}

Result<std::string> SealBundle(std::string_view bytes) {
  return CatchExceptions("bundle_structure", [&]() -> Result<std::string> {  // no exception crosses the API
  json doc = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"bundle_not_json", "the bundle is not valid JSON", {}};
  if (!doc.is_object()) return Error{"bundle_structure", "a bundle is a JSON object", {}};
  doc.erase("hash");
  const std::string hash = runtime_internal::BundleHash(doc);
  doc["hash"] = hash;
  return doc.dump();
  });
}

Result<std::string> SignBundle(std::string_view bytes, std::string_view private_key_pem) {
  return CatchExceptions("bundle_structure", [&]() -> Result<std::string> {  // no exception crosses the API
  json doc = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error{"bundle_not_json", "the bundle is not valid JSON", {}};
  if (!doc.is_object()) return Error{"bundle_structure", "a bundle is a JSON object", {}};
  auto hash = doc.find("hash");
  if (hash == doc.end() || !hash->is_string()) return Error{"bundle_structure", "missing key `hash`", {}};
  const std::string actual = runtime_internal::BundleHash(doc);
  if (actual != hash->get<std::string>()) {
    return Error{"bundle_hash_mismatch",
                 "content hash is " + actual + " but the bundle says " + hash->get<std::string>(), {}};
  }
  auto sig = runtime_internal::SignHash(private_key_pem, actual);
  if (!sig.ok()) return sig.error();
  doc["signature"] = {{"alg", "ed25519"}, {"key_id", sig->key_id}, {"sig", sig->sig_hex}};
  return doc.dump();
  });
}

Result<std::int64_t> ParseDate(std::string_view text) {
  return CatchExceptions("invalid_date", [&]() -> Result<std::int64_t> {  // no exception crosses the API
  auto d = runtime_internal::ParseDateLiteral(text);
  if (!d) return Error{"invalid_date", "`" + std::string(text) + "` is not a date YYYY-MM-DD", {}};
  return *d;
  });
}

// ----------------------------------------------------------------- Engine

Engine::Engine(LoadOptions options) : options_(std::move(options)) {}

Status Engine::Load(std::string_view bytes) {
  return CatchExceptions("bundle_structure", [&]() -> Status {  // no exception crosses the API
  auto book = LoadBundle(bytes, options_);
  if (!book.ok()) return book.error();
  Swap(std::move(book).value());
  return {};
  });
}

void Engine::Swap(std::shared_ptr<const Rulebook> book) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    current_.swap(book);
  }
  // `book` now holds the old snapshot; if this was its last owner it is
  // destroyed here, outside the lock.
}

std::shared_ptr<const Rulebook> Engine::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Result<std::string> Engine::EvaluateJson(std::string_view decision, std::string_view facts_json,
                                         const EvaluateOptions& options) const {
  std::shared_ptr<const Rulebook> book = Current();
  if (!book) return Error{"no_rulebook", "no bundle has been loaded", {}};
  return book->EvaluateJson(decision, facts_json, options);
}

}  // namespace bylaw::runtime
