// The facts reader (runtime/src/facts_reader.h) against the DOM path it
// stands in for (nlohmann parse with numbers kept as text, then FromJson):
// whenever the reader decides a document, the DOM path must accept it and
// build the same Values, and the reader's completeness must be what
// FirstMissingFact finds. Shared by tests/runtime/facts_reader_test.cpp and
// the facts fuzzer (tests/fuzz/fuzz_runtime_entries.cpp). Header-only;
// needs runtime/src on the include path.
#ifndef BYLAW_TESTS_SUPPORT_FACTS_REFERENCE_H_
#define BYLAW_TESTS_SUPPORT_FACTS_REFERENCE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/runtime.h"
#include "exact_json.h"
#include "facts_reader.h"
#include "json_adapter.h"
#include "literal.h"
#include "model.h"

namespace bylaw::testing {

// The DOM path, as Rulebook::ParseFacts runs it when the reader gives up.
struct DomFacts {
  bool json_ok = false;  // JSON, or an overflowing number (facts_invalid)
  std::vector<std::string> errors;
  std::vector<runtime::Value> params;
  std::optional<std::int64_t> as_of;
};

inline DomFacts DomPath(const runtime::runtime_internal::Model& model,
                        const runtime::runtime_internal::Decision& d, const std::string& text) {
  namespace ri = runtime::runtime_internal;
  DomFacts r;
  nlohmann::json doc;
  ri::ExactJsonError bad;
  if (!ri::ParseJsonExact(text, &doc, &bad)) {
    r.json_ok = !bad.token.empty();
    if (r.json_ok) r.errors.push_back(bad.path);
    return r;
  }
  r.json_ok = true;
  r.params.resize(d.params.size());
  if (!doc.is_object()) {
    r.errors.push_back("not an object");
    return r;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "as_of") {
      if (it->is_string()) r.as_of = ri::ParseDateLiteral(it->get<std::string>());
      if (!r.as_of) r.errors.push_back("as_of");
      continue;
    }
    auto p = d.param_index.find(it.key());
    if (p == d.param_index.end()) {
      r.errors.push_back("unknown " + it.key());
      continue;
    }
    r.params[p->second] =
        ri::FromJson(model, d.params[p->second].type, it.value(), "$." + it.key(), &r.errors);
  }
  return r;
}

// Kind-exact equality (Value's == equates 2 and 2.0), record paths included.
inline bool SameValue(const runtime::Value& a, const runtime::Value& b) {
  if (a.kind() != b.kind() || !(a == b)) return false;
  if (a.kind() == runtime::ValueKind::kRecord && a.record_path() != b.record_path()) return false;
  if (a.kind() == runtime::ValueKind::kList || a.kind() == runtime::ValueKind::kRecord) {
    for (std::size_t i = 0; i < a.items().size(); ++i) {
      if (!SameValue(a.items()[i], b.items()[i])) return false;
    }
  }
  return true;
}

// Runs the reader and the DOM path on `text`: "" when they agree, else what
// differs. `decided`: whether the reader took the document; `dom`, if
// given, receives the DOM path's result.
inline std::string ReaderDisagreement(const runtime::runtime_internal::Model& model,
                                      const runtime::runtime_internal::Decision& d,
                                      const std::string& text, bool* decided,
                                      DomFacts* dom_out = nullptr) {
  namespace ri = runtime::runtime_internal;
  std::vector<runtime::Value> params;
  std::optional<std::int64_t> as_of;
  bool complete = false;
  *decided = ri::ReadFactsFast(model, d, text, &params, &as_of, &complete);
  DomFacts dom = DomPath(model, d, text);
  std::string why;
  if (*decided) {
    if (!dom.json_ok || !dom.errors.empty()) {
      why = "the reader accepted what the DOM rejects";
    } else if (complete != ri::FirstMissingFact(d, params).empty()) {
      // What the reader saw of absent facts is what walking its Values finds.
      why = "complete is " + std::string(complete ? "true" : "false") + ", first missing `" +
            ri::FirstMissingFact(d, params) + "`";
    } else if (as_of != dom.as_of) {
      why = "as_of differs";
    } else if (params.size() != dom.params.size()) {
      why = "param count differs";
    } else {
      for (std::size_t i = 0; i < params.size() && why.empty(); ++i) {
        if (!SameValue(params[i], dom.params[i])) {
          why = "param " + std::to_string(i) + ": " + params[i].ToString() + " vs " +
                dom.params[i].ToString();
        }
      }
    }
  }
  if (dom_out != nullptr) *dom_out = std::move(dom);
  return why;
}

}  // namespace bylaw::testing

#endif  // BYLAW_TESTS_SUPPORT_FACTS_REFERENCE_H_
