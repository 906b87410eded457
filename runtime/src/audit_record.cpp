// Direct writing of decision-log records (see audit_record.h). Each piece
// is the text nlohmann's dump() gives for the tree the record used to be
// built as (json_adapter's ToJson for outputs): strings go through
// result_writer's escaping, and a string that is not valid UTF-8 - which
// result_writer refuses - through nlohmann itself with the replacement
// handler that CanonicalDump uses, so every byte stays the same.
#include "audit_record.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_set>

#include "audit_chain.h"
#include "exact_json.h"
#include "bylaw/base/json_text.h"
#include "bylaw/base/sha256.h"
#include "json_adapter.h"
#include "model.h"
#include "result_writer.h"

namespace bylaw::runtime::runtime_internal {

RecordDraft::RecordDraft() = default;
RecordDraft::~RecordDraft() = default;
RecordDraft::RecordDraft(RecordDraft&&) noexcept = default;
RecordDraft& RecordDraft::operator=(RecordDraft&&) noexcept = default;

namespace {

using nlohmann::json;

std::string ReplacingDump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void AppendText(std::string_view s, std::string* out) {
  const std::size_t at = out->size();
  if (base::AppendJsonString(s, out)) return;
  out->resize(at);
  out->append(ReplacingDump(json(std::string(s))));
}

void AppendValue(const Value& v, std::string* out) {
  const std::size_t at = out->size();
  if (AppendValueJson(v, out)) return;
  out->resize(at);
  out->append(DumpJsonExact(ToJson(v), /*replace=*/true));
}

using base::AppendUnsigned;

// Appends `sha256:<hex>` of what `digest` hashed; false when hashing failed.
bool AppendTaggedDigest(base::Sha256Stream& digest, std::string* out) {
  base::Sha256Digest d;
  if (!digest.Finish(&d)) return false;
  out->append("sha256:");
  base::AppendHex(d.data(), d.size(), out);
  return true;
}

// Indices 0..n-1 in the byte order of their names, as a JSON object's keys.
template <typename NameOf>
std::vector<std::uint32_t> SortedByName(std::size_t n, NameOf name_of) {
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::string_view(name_of(a)) < std::string_view(name_of(b));
  });
  return order;
}

// The string ToJson makes of `v`, when it makes one.
bool JsonText(const Value& v, std::string* s) {
  switch (v.kind()) {
    case ValueKind::kText: *s = v.text(); return true;
    case ValueKind::kPercent:
    case ValueKind::kDate:
    case ValueKind::kDuration:
    case ValueKind::kEnum:
    case ValueKind::kMatter: *s = v.ToString(); return true;
    default: return false;
  }
}

void AddReason(std::string code, std::vector<std::string>* out) {
  if (std::find(out->begin(), out->end(), code) == out->end()) out->push_back(std::move(code));
}

// Codes of the Reason values among the outputs: JSON objects with a string
// `code` and a `rule`, at any depth, in the order a walk of the outputs'
// JSON (keys sorted) meets them, each once.
void CollectReasons(const Value& v, std::vector<std::string>* out) {
  if (v.kind() == ValueKind::kList) {
    for (const Value& x : v.items()) CollectReasons(x, out);
    return;
  }
  if (v.kind() != ValueKind::kRecord) return;
  const RecordType* rt = v.record_type();
  const std::span<const Value> items = v.items();
  const int code = rt->Find("code");
  const int rule = rt->Find("rule");
  std::string text;
  if (code >= 0 && rule >= 0 && !items[rule].is_missing() && JsonText(items[code], &text)) {
    AddReason(std::move(text), out);
  }
  for (std::uint32_t i : SortedByName(items.size(), [&](std::uint32_t k) -> const std::string& {
         return rt->field_names[k];
       })) {
    if (!items[i].is_missing()) CollectReasons(items[i], out);
  }
}

std::vector<std::string> OutcomeReasons(const Outcome& o,
                                        const std::vector<std::uint32_t>& by_name) {
  std::vector<std::string> out;
  const Value* code = o.Find("code");
  std::string text;
  if (code != nullptr && o.Find("rule") != nullptr && JsonText(*code, &text)) {
    AddReason(std::move(text), &out);
  }
  for (std::uint32_t i : by_name) CollectReasons(o.output(i), &out);
  return out;
}

// Table rows that matched and rules that stood or were excepted, in trace
// order, each once.
std::vector<std::string_view> FiredIds(const Outcome& outcome) {
  std::vector<std::string_view> fired;
  std::unordered_set<std::string_view> seen;  // only once the list is long
  auto add = [&](std::string_view id) {
    constexpr std::size_t kLinear = 32;
    if (fired.size() < kLinear) {
      if (std::find(fired.begin(), fired.end(), id) != fired.end()) return;
    } else {
      if (seen.empty()) seen.insert(fired.begin(), fired.end());
      if (!seen.insert(id).second) return;
    }
    fired.push_back(id);
  };
  for (const TraceEvent& e : outcome.trace()) {
    if (e.kind == TraceEvent::Kind::kTable) {
      for (const std::string& row : e.rows) add(row);
    } else if (e.kind == TraceEvent::Kind::kRule &&
               (e.detail == "stands" || e.detail == "excepted")) {
      add(e.id);
    }
  }
  return fired;
}

}  // namespace

namespace {

// What a record says besides its chain fields, whichever way it was
// decided: `outputs` is the canonical text of the outputs object.
struct RecordParts {
  std::string_view as_of;
  bool complete = true;
  std::string_view decision;
  const std::vector<EvalError>* errors = nullptr;
  std::string_view canonical_facts;
  bool keep_facts = false;
  std::vector<std::string_view> fired;
  std::string outputs;
  std::vector<std::string> reasons;
};

bool DraftFromParts(const Rulebook& book, const RecordParts& p, RecordDraft* draft) {
  draft->signer = book.signer_key_id();
  std::string& h = draft->head;
  h.clear();
  h.reserve(256 + (p.keep_facts ? p.canonical_facts.size() : 0));
  h.append("{\"as_of\":");
  AppendText(p.as_of, &h);
  h.append(",\"bundle\":");
  AppendText(book.hash(), &h);
  h.append(",\"complete\":");
  h.append(p.complete ? "true" : "false");
  h.append(",\"decision\":");
  AppendText(p.decision, &h);
  h.append(",\"errors\":[");
  if (p.errors != nullptr) {
    for (std::size_t i = 0; i < p.errors->size(); ++i) {
      const EvalError& e = (*p.errors)[i];
      h.append(i ? ",{\"code\":" : "{\"code\":");
      AppendText(e.code, &h);
      h.append(",\"message\":");
      AppendText(e.message, &h);
      h.append(",\"output\":");
      AppendText(e.output, &h);
      h.push_back('}');
    }
  }
  h.push_back(']');
  if (p.keep_facts) h.append(",\"facts\":").append(p.canonical_facts);
  base::Sha256Stream facts_digest;
  facts_digest.Update(p.canonical_facts);
  h.append(",\"facts_sha256\":\"");
  if (!AppendTaggedDigest(facts_digest, &h)) return false;
  h.append("\",\"fired\":[");
  for (std::size_t i = 0; i < p.fired.size(); ++i) {
    if (i) h.push_back(',');
    AppendText(p.fired[i], &h);
  }
  h.push_back(']');

  draft->outputs.assign("\"outputs\":").append(p.outputs);

  std::string& m = draft->middle;
  m.assign(",\"reasons\":[");
  for (std::size_t i = 0; i < p.reasons.size(); ++i) {
    if (i) m.push_back(',');
    AppendText(p.reasons[i], &m);
  }
  m.append("],\"rulesets\":[");
  const std::vector<std::string> rulesets = book.rulesets();
  for (std::size_t i = 0; i < rulesets.size(); ++i) {
    if (i) m.push_back(',');
    AppendText(rulesets[i], &m);
  }
  m.push_back(']');

  draft->digest = std::make_unique<base::Sha256Stream>();
  draft->digest->Update(h);
  draft->digest->Update(",");
  draft->digest->Update(draft->outputs);
  return true;
}

// Reason codes in host-given outputs, as CollectReasons finds them in a
// Value: objects with a string `code` and a `rule`, keys walked sorted.
void CollectJsonReasons(const json& j, std::vector<std::string>* out) {
  if (j.is_object()) {
    auto code = j.find("code");
    if (code != j.end() && code->is_string() && j.contains("rule")) {
      AddReason(code->get<std::string>(), out);
    }
    for (const json& v : j) CollectJsonReasons(v, out);
  } else if (j.is_array()) {
    for (const json& v : j) CollectJsonReasons(v, out);
  }
}

}  // namespace

bool DraftRecord(const Rulebook& book, const Outcome& outcome, std::string_view canonical_facts,
                 bool keep_facts, RecordDraft* draft) {
  const std::string as_of = FormatDate(outcome.as_of());
  RecordParts p;
  p.as_of = as_of;
  p.complete = outcome.complete();
  p.decision = outcome.decision();
  p.errors = &outcome.errors();
  p.canonical_facts = canonical_facts;
  p.keep_facts = keep_facts;
  p.fired = FiredIds(outcome);
  const std::vector<std::uint32_t> by_name = SortedByName(
      outcome.output_count(), [&](std::uint32_t k) { return outcome.output_name(k); });
  std::string& o = p.outputs;
  o.push_back('{');
  for (std::size_t k = 0; k < by_name.size(); ++k) {
    if (k) o.push_back(',');
    AppendText(outcome.output_name(by_name[k]), &o);
    o.push_back(':');
    AppendValue(outcome.output(by_name[k]), &o);
  }
  o.push_back('}');
  p.reasons = OutcomeReasons(outcome, by_name);
  return DraftFromParts(book, p, draft);
}

bool DraftEntryRecord(const Rulebook& book, const AuditLog::Entry& entry,
                      const json& outputs, std::string_view canonical_facts, bool keep_facts,
                      RecordDraft* draft) {
  RecordParts p;
  p.as_of = entry.as_of;
  p.decision = entry.decision;
  p.canonical_facts = canonical_facts;
  p.keep_facts = keep_facts;
  p.fired.assign(entry.fired.begin(), entry.fired.end());
  p.outputs = CanonicalDump(outputs);
  CollectJsonReasons(outputs, &p.reasons);
  return DraftFromParts(book, p, draft);
}

bool FinishRecord(const RecordDraft& draft, std::uint64_t seq, std::string_view prev,
                  std::string_view time, const std::vector<TornLine>& torn,
                  std::string* line, std::string* hash) {
  // The hashed text goes on from the draft's outputs with this tail.
  std::string tail;
  tail.reserve(draft.middle.size() + prev.size() + time.size() + 64);
  tail.append(",\"prev\":");
  AppendText(prev, &tail);
  tail.append(draft.middle);
  tail.append(",\"seq\":");
  AppendUnsigned(seq, &tail);
  if (!draft.signer.empty()) {  // between seq and time in key order
    tail.append(",\"signer\":");
    AppendText(draft.signer, &tail);
  }
  tail.append(",\"time\":");
  AppendText(time, &tail);
  if (!torn.empty()) {
    tail.append(",\"torn\":[");
    for (std::size_t i = 0; i < torn.size(); ++i) {
      tail.append(i ? ",{\"bytes\":" : "{\"bytes\":");
      AppendUnsigned(torn[i].bytes, &tail);
      tail.append(",\"line\":");
      AppendUnsigned(torn[i].line, &tail);
      tail.append(",\"sha256\":");
      AppendText(torn[i].sha256, &tail);
      tail.push_back('}');
    }
    tail.push_back(']');
  }
  tail.push_back('}');

  if (draft.digest == nullptr) return false;
  base::Sha256Stream digest(*draft.digest);
  digest.Update(tail);
  hash->clear();
  if (!AppendTaggedDigest(digest, hash)) return false;

  line->clear();
  line->reserve(draft.head.size() + draft.outputs.size() + tail.size() + hash->size() + 16);
  line->append(draft.head);
  line->append(",\"hash\":");
  AppendText(*hash, line);
  line->push_back(',');
  line->append(draft.outputs);
  line->append(tail);
  line->push_back('\n');
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
