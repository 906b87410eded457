// The bylaw runtime's embedding API: load a compiled Bundle, evaluate its
// decisions against facts, hot-reload it while evaluations run.
//
//   #include "bylaw/runtime.h"
//   namespace rt = bylaw::runtime;
//
//   rt::Result<std::shared_ptr<const rt::Rulebook>> book =
//       rt::LoadBundle(bundle_json);
//   if (!book.ok()) return Fail(book.error().ToString());
//   rt::Result<std::string> answer = (*book)->EvaluateJson(
//       "may_inspect", R"({"as_of": "2025-07-01", "enterprise": {...}})");
//   // answer: {"decision": "...", "outputs": {...}, "errors": [...]}
//
//   // Evaluate-many without JSON on the hot path:
//   rt::Result<rt::DecisionRef> d = (*book)->FindDecision("frequency");
//   rt::Result<rt::Facts> facts = (*book)->ParseFacts(*d, facts_json);
//   rt::Outcome outcome;
//   rt::Status s = (*book)->Evaluate(*d, *facts, {}, &outcome);
//   bool ok = s.ok() && outcome.complete();
//
// Two error channels (as in docs/bundle.md): a Result/Status error means
// "could not evaluate at all" (bad bundle, unknown decision, invalid facts);
// failures inside the rules (a missing fact, a ruleset not in force, a table
// gap) are data in Outcome::errors, and the affected outputs take their
// `else` fallback. No exception crosses this API.
//
// The runtime does not log, never reads files or the clock by itself, and
// depends on nothing of the compiler.
#ifndef BYLAW_RUNTIME_H_
#define BYLAW_RUNTIME_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime/result.h"
#include "bylaw/runtime/value.h"

namespace bylaw::runtime {

class Outcome;
namespace runtime_internal {
struct Model;
struct Decision;
class Evaluator;
bool AppendOutcomeJson(const Outcome& o, bool with_trace, std::string* out);
}  // namespace runtime_internal

class Rulebook;
struct FactsBuilderAccess;

// Host overrides of declared params, by qualified (`nantong.ratio_class_a`)
// or unique short name (`ratio_class_a`). Each value is JSON text in the
// facts encoding of the param's type: `"5%"`, `3`, `["A", "B"]`.
using ParamOverrides = std::map<std::string, std::string>;

struct LoadOptions {
  // Check the bundle's SHA-256 content hash (docs/bundle.md, 1.1).
  bool verify_hash = true;
  // PEM Ed25519 public keys (`openssl pkey -pubout`) trusted to sign
  // bundles (docs/bundle.md, 1.4). Empty, the default: signatures are not
  // required. Otherwise only a bundle signed by one of them loads, and its
  // hash is checked whatever verify_hash says. Errors: bundle_unsigned,
  // bundle_untrusted_key, bundle_signature_invalid, trusted_key_invalid.
  std::vector<std::string> trusted_keys;
  // Overrides baked into the Rulebook; EvaluateOptions::params win over
  // these.
  ParamOverrides params;
};

struct EvaluateOptions {
  // The as-of date in days since 1970-01-01 (see ParseDate). When unset,
  // the facts document's `as_of` is used; when neither is given the
  // evaluation fails closed with MISSING_FACT `$.as_of`.
  std::optional<std::int64_t> as_of;
  // Record a trace (facts read, tables and rows, rules, outputs). Off by
  // default; when off it costs nothing.
  bool trace = false;
  // With `trace`: record only its table and rule steps (kTable, kRule),
  // each as the full trace lists it and in its order, and none of the
  // facts, params, scorecards and outputs, so that a traced evaluation
  // costs close to an untraced one: for a host that needs only which rows
  // and rules fired (the plan's `fired`). trace() then lists those steps
  // alone. Ignored without `trace`.
  bool trace_tables_and_rules_only = false;
  // Per-evaluation param overrides (parsed on every call: keep them few).
  ParamOverrides params;
  // Evaluate with the reference interpreter alone, without the shortcuts
  // taken by default (the direct path of plain table decisions, the plan
  // compiled at load, calls repeated within one evaluation computed once).
  // The answer and the trace are the same, only slower: tests compare the
  // two.
  bool reference = false;
};

// Where an item was written, and the legal basis cited there.
struct SourceLocation {
  std::string file;
  int line = 0;
  int col = 0;
  std::string basis;
};

// A failure inside the rules: code MISSING_FACT, MISSING_PARAM,
// NOT_IN_FORCE, NO_MATCH, UNIQUE_VIOLATION, ANY_VIOLATION, TYPE_ERROR or
// ARITHMETIC (docs/bundle.md, section 6); `output` names the decision output
// whose evaluation failed.
struct EvalError {
  std::string code;
  std::string message;
  std::string output;
  // Empty, unless the failure happened inside a decision that `output`
  // called, whose output fell back to its `else` value (so `output` itself
  // did not fail): then the id of that output (`nantong.base#looked`).
  std::string within;
};

// One step of a trace.
struct TraceEvent {
  enum class Kind { kFact, kParam, kTable, kRule, kScorecard, kOutput };
  Kind kind = Kind::kFact;
  // kFact: the JSON path read; otherwise the item id (docs/bundle.md 1.2).
  std::string id;
  // kTable: ids of the matched rows, in row order.
  std::vector<std::string> rows;
  // kRule: `stands`, `holds`, `excepted`, `not_in_force`; kOutput,
  // kParam, kScorecard: the value written as in the language; kTable:
  // `no_match`, `default` or empty.
  std::string detail;
  const SourceLocation* source = nullptr;  // owned by the Rulebook
};

namespace runtime_internal {

// A trace event as an evaluation records it: the model objects it names
// and the values it shows, no text. Outcome::trace() writes the
// TraceEvents from these when first read after an evaluation.
struct TraceRecord {
  TraceEvent::Kind kind = TraceEvent::Kind::kFact;
  std::uint8_t form = 0;  // which detail (see the evaluator)
  // Recorded where the reference records it once per evaluation (a fact
  // first read, a global's first computation): never replayed.
  bool once = false;
  const void* item = nullptr;    // what the event names (a model object)
  const void* extra = nullptr;   // a source location, a band
  std::uint32_t rows_begin = 0;  // kTable: its rows in TraceBuffer::rows
  std::uint32_t rows_count = 0;
  Value value;   // kFact: the record read; kOutput, kParam: the value
  Value value2;  // kScorecard: the grade (value: the score)
};

// The records of one evaluation, in order; capacity kept across them.
struct TraceBuffer {
  std::vector<TraceRecord> records;
  std::vector<std::uint32_t> rows;  // row indices of table events
};

}  // namespace runtime_internal

// A handle to one decision of a Rulebook; valid while the Rulebook lives.
class DecisionRef {
 public:
  DecisionRef() = default;
  std::string_view name() const;
  std::size_t param_count() const;
  std::string_view param_name(std::size_t i) const;

 private:
  friend class Rulebook;
  friend class FactsBuilder;
  explicit DecisionRef(const runtime_internal::Decision* d) : d_(d) {}
  const runtime_internal::Decision* d_ = nullptr;
};

// Facts bound to one decision's params, already validated and converted.
// Immutable once built; may be evaluated many times and from many threads.
// Holds Values that point into the Rulebook: must not outlive it.
class Facts {
 public:
  Facts() = default;
  const std::vector<Value>& params() const { return params_; }
  std::optional<std::int64_t> as_of() const { return as_of_; }

 private:
  friend class Rulebook;
  friend struct FactsBuilderAccess;
  const runtime_internal::Decision* decision_ = nullptr;
  std::vector<Value> params_;
  std::optional<std::int64_t> as_of_;
  // For a decision that requires complete facts: the JSON path of the
  // first missing non-optional fact, found when the facts were built.
  std::string missing_;
  // For a decision that is one table call on fact fields: the tables'
  // input values, read from params_ when the facts were built, so that an
  // evaluation finds them here rather than behind the params' records.
  // Up to kDirectInline are held inline, more in direct_more_; none when
  // the decision is of another shape or the facts do not give them.
  static constexpr std::size_t kDirectInline = 8;
  std::uint32_t direct_count_ = 0;
  std::array<Value, kDirectInline> direct_inline_;
  std::vector<Value> direct_more_;
};

// The result of one evaluation: one Value per declared output (in
// declaration order), the errors met, and the trace when asked for.
// Keeps its Rulebook alive. Reusable: Rulebook::Evaluate(..., &outcome)
// overwrites it without reallocating when the decision is the same.
class Outcome {
 public:
  std::string_view decision() const;
  std::size_t output_count() const { return outputs_.size(); }
  std::string_view output_name(std::size_t i) const;
  const Value& output(std::size_t i) const {
    return shared_[i] != nullptr ? *shared_[i] : outputs_[i];
  }
  // The output called `name`, or nullptr.
  const Value* Find(std::string_view name) const;
  // False when an output without `else` failed (its value is none).
  bool complete() const { return complete_; }
  // True when the decision's ruleset has status `trial`: its rules are
  // provisional (docs/language.md, "Effective dates").
  bool trial() const;
  const std::vector<EvalError>& errors() const { return errors_; }
  // The steps of a traced evaluation (empty when untraced). They are
  // recorded as integers and written out on the first call after the
  // evaluation, so that call may take a few microseconds and must not race
  // with another call on the same Outcome (the Outcome is not shared
  // between threads while evaluated into anyway); later calls only read.
  const std::vector<TraceEvent>& trace() const;
  // The table and rule steps of a traced evaluation (kTable, kRule), each
  // as trace() lists it and in its order, without writing the other steps
  // (facts, params, outputs: their values' text is most of trace()'s
  // cost): for a host that needs only which rows and rules fired. `visit`
  // sees an event valid for that call only. Nothing when untraced. The
  // same thread rules as trace().
  void VisitTablesAndRules(const std::function<void(const TraceEvent&)>& visit) const;
  std::int64_t as_of() const { return as_of_; }

  // {"decision": name, "as_of": date, "outputs": {...}, "errors": [...],
  //  "trace": [...] (only when traced), "trial": true (only for a trial
  //  ruleset)}
  std::string ToJson() const;
  // Appends the same text as ToJson() to `out`, reusing its capacity: for
  // hosts that write many outcomes into one buffer. Without `with_trace`
  // the trace is left out, as if it had not been recorded (a host that
  // traced only to log the decision, AuditLog::EvaluateLogged).
  void AppendJson(std::string* out, bool with_trace = true) const;

 private:
  friend class Rulebook;
  friend class runtime_internal::Evaluator;
  // Writes the outputs' keys from their Decision's (result_writer.h).
  friend bool runtime_internal::AppendOutcomeJson(const Outcome&, bool, std::string*);
  std::shared_ptr<const Rulebook> book_;
  const runtime_internal::Decision* decision_ = nullptr;
  // Output i is *shared_[i] when that is set: a constant the Rulebook
  // holds (a table row's outputs), which book_ keeps alive, handed out
  // without a copy; otherwise outputs_[i].
  std::vector<Value> outputs_;
  std::vector<const Value*> shared_;
  std::vector<EvalError> errors_;
  runtime_internal::TraceBuffer recorded_;
  mutable std::vector<TraceEvent> trace_;  // written from recorded_
  mutable bool trace_written_ = true;
  std::int64_t as_of_ = 0;
  bool complete_ = true;
};

class FactsBuilder;

// One matter of the published list (docs/bundle.md 3.5), as a planner or
// host reads it. Enum-typed fields (`initiator`, `cooperators`, `methods`)
// hold member names (`fire`, `on_site`).
struct MatterInfo {
  std::string id;
  std::string label;
  std::string type;
  std::string initiator;
  std::string level;
  std::string scenario;
  std::string content;
  std::string basis;
  std::vector<std::string> cooperators;
  std::vector<std::string> methods;
  bool key = false;
  bool delegable = false;
  // The qualified record type of `object` (empty when the matter names
  // none), and whether a `where` filter narrows it.
  std::string object_type;
  bool has_filter = false;
};

// A loaded, verified bundle. Immutable and thread-safe: load once, evaluate
// from any number of threads concurrently. Not copyable; share it through
// std::shared_ptr (LoadBundle returns one).
class Rulebook : public std::enable_shared_from_this<Rulebook> {
 public:
  Rulebook(const Rulebook&) = delete;
  Rulebook& operator=(const Rulebook&) = delete;
  ~Rulebook();

  // The bundle's `sha256:...` content hash.
  const std::string& hash() const;
  // The key id (`ed25519:<hex>`) of the trusted key that signed the bundle,
  // when LoadOptions::trusted_keys was given; empty otherwise.
  const std::string& signer_key_id() const;
  // Qualified names of every decision, in bundle order.
  std::vector<std::string> decision_names() const;
  // Ruleset ids and versions (`nantong.contract@2025.1`), in bundle order.
  std::vector<std::string> rulesets() const;

  // By qualified name or unique last segment. Error `unknown_decision`.
  Result<DecisionRef> FindDecision(std::string_view name) const;

  // Validates a facts document (a JSON object with one key per decision
  // param and an optional `as_of`). Unknown keys, ill-typed values and
  // malformed JSON are errors (`facts_invalid`, `facts_not_json`) whose
  // details name each JSON path: `$.inspection.inspectors[1].certified:
  // expected bool, got "yes"`. Absent fields are allowed: reading one during
  // evaluation fails closed with MISSING_FACT.
  Result<Facts> ParseFacts(DecisionRef decision, std::string_view json) const;
  // Facts for `decision` made of `base` (facts this Rulebook built for any
  // decision) and the facts document `json`, which may give only some
  // params: each param of `decision` that `json` lacks is base's param of
  // the same name, which must have the same type (`facts_mismatch`
  // otherwise); `as_of` likewise. Validates `json` as ParseFacts does, with
  // the same errors. For a host that asks several decisions, or one
  // decision about several inspections, of one large record: the record is
  // parsed once, not once per question.
  Result<Facts> ParseFactsOver(DecisionRef decision, const Facts& base,
                               std::string_view json) const;
  // A typed builder for the same thing without JSON text.
  FactsBuilder NewFacts(DecisionRef decision) const;

  // Evaluates `decision` on `facts` (which must have been built for it by
  // this Rulebook). Errors only for `facts_mismatch` and `limit_exceeded`
  // and invalid EvaluateOptions::params (`param_override`).
  Status Evaluate(DecisionRef decision, const Facts& facts,
                  const EvaluateOptions& options, Outcome* outcome) const;
  Result<Outcome> Evaluate(DecisionRef decision, const Facts& facts,
                           const EvaluateOptions& options = {}) const;

  // JSON in, JSON out: FindDecision + ParseFacts + Evaluate +
  // Outcome::ToJson.
  Result<std::string> EvaluateJson(std::string_view decision,
                                   std::string_view facts_json,
                                   const EvaluateOptions& options = {}) const;

  // Every matter of the bundle, in bundle order (by qualified name).
  std::vector<MatterInfo> matters() const;

  // Whether matter `matter_id`'s object selector (`object T where F`)
  // holds for the record bound to `param` in `facts`; a matter without a
  // filter holds for every object of its type. Errors: unknown_matter,
  // unknown_param, matter_selector (the param is not of the matter's object
  // type, or the filter failed, e.g. on a missing fact: the message says
  // which). Thread-safe like Evaluate.
  Result<bool> MatterApplies(std::string_view matter_id, const Facts& facts,
                             std::string_view param,
                             const EvaluateOptions& options = {}) const;

  // Where the item `id` (a trace id: table, row, rule, matter, decision
  // output) was written and the basis cited there, or null.
  const SourceLocation* FindSource(std::string_view id) const;

  // Internal model, for the runtime's own code and tests.
  const runtime_internal::Model& model() const { return *model_; }

 private:
  friend Result<std::shared_ptr<const Rulebook>> LoadBundle(std::string_view,
                                                            const LoadOptions&);
  explicit Rulebook(std::unique_ptr<runtime_internal::Model> model);
  std::unique_ptr<runtime_internal::Model> model_;
};

// Builds Facts for one decision field by field. Paths are written as in
// error messages, without `$.`: `enterprise.credit_class`,
// `inspection.inspectors[1].certified`; list elements must be set in order
// (index == current size appends). The setter chosen must fit the field's
// type (Text for text, enum members, dates as `YYYY-MM-DD`, durations,
// decimals as "0.03", percents as "3%"). Errors are collected and reported
// by Build(). Not thread-safe; cheap to create.
class FactsBuilder {
 public:
  FactsBuilder(FactsBuilder&&) noexcept;
  FactsBuilder& operator=(FactsBuilder&&) noexcept;
  ~FactsBuilder();

  FactsBuilder& SetBool(std::string_view path, bool v);
  FactsBuilder& SetInt(std::string_view path, std::int64_t v);
  FactsBuilder& SetText(std::string_view path, std::string_view v);
  FactsBuilder& SetNone(std::string_view path);
  FactsBuilder& SetAsOf(std::string_view date);
  // Build the validated Facts, or `facts_invalid` naming every bad path.
  Result<Facts> Build() const;

 private:
  friend class Rulebook;
  struct Impl;
  explicit FactsBuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Loads and verifies a Bundle (docs/bundle.md). Errors: bundle_not_json,
// bundle_format, bundle_version, bundle_hash_mismatch, bundle_structure,
// bundle_dangling_reference, param_override. Nothing of a bundle that fails
// is ever evaluated.
Result<std::shared_ptr<const Rulebook>> LoadBundle(
    std::string_view bytes, const LoadOptions& options = {});

// Returns the bundle text with `hash` set to the hash of its canonical form
// (docs/bundle.md, 1.1), serialised canonically. Errors: bundle_not_json,
// bundle_structure (not an object).
Result<std::string> SealBundle(std::string_view bytes);

// Returns the bundle with a `signature` (docs/bundle.md, 1.4) by the PEM
// Ed25519 private key `private_key_pem` (`openssl genpkey -algorithm
// ed25519`) over its content hash, which must be right; serialised
// canonically. Errors: bundle_not_json, bundle_structure,
// bundle_hash_mismatch, signing_key_invalid.
Result<std::string> SignBundle(std::string_view bytes, std::string_view private_key_pem);

// Literal parsing shared with hosts: `2024-09-02` -> days since epoch.
Result<std::int64_t> ParseDate(std::string_view text);

// EvaluateOptions from a JSON object whose keys are all optional:
// `"trace"` and `"trace_tables_and_rules_only"` (booleans), `"as_of"`
// (`"YYYY-MM-DD"`) and `"params"` (an object of overrides by name); other
// keys are ignored. The one mapping of the options' names for hosts that
// take them from outside (the C API's options_json, the Python binding's
// keyword arguments, bylaw serve's query). Errors: invalid_options (not a
// JSON object, a key of the wrong JSON type, a param nested too deep), and
// ParseDate's for a bad `as_of`.
Result<EvaluateOptions> ParseEvaluateOptions(std::string_view options_json);

// Holds the current Rulebook and swaps in a new one atomically: every
// evaluation runs on one snapshot from start to end and never sees a mix.
// All members are thread-safe.
class Engine {
 public:
  explicit Engine(LoadOptions options = {});
  // Loads and verifies `bytes`; on success it becomes current. On failure
  // the current Rulebook stays.
  Status Load(std::string_view bytes);
  void Swap(std::shared_ptr<const Rulebook> book);
  // The current snapshot (null before the first successful Load/Swap).
  std::shared_ptr<const Rulebook> Current() const;
  // Evaluates on the current snapshot; `no_rulebook` when there is none.
  Result<std::string> EvaluateJson(std::string_view decision,
                                   std::string_view facts_json,
                                   const EvaluateOptions& options = {}) const;

 private:
  LoadOptions options_;
  // A mutex rather than std::atomic<std::shared_ptr>: libstdc++ 12's
  // atomic load releases its internal lock with a relaxed store, a race by
  // the memory model that ThreadSanitizer reports; both take one lock per
  // read, so nothing is lost.
  mutable std::mutex mu_;
  std::shared_ptr<const Rulebook> current_;  // guarded by mu_
};

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_H_
