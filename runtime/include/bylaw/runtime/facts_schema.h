// The JSON Schema (draft 2020-12) of one decision's facts document, derived
// from a loaded Rulebook: what a host written in another language validates
// a document against before sending it (the C API's
// bylaw_engine_facts_schema, `GET /v1/bundle` of `bylaw serve`).
//
//   rt::Result<rt::DecisionRef> d = book->FindDecision("may_inspect");
//   rt::Result<std::string> schema = rt::FactsSchema(*book, *d);
//
// The schema says what the runtime's facts reader accepts (runtime.h,
// Rulebook::ParseFacts): an object with `as_of` and one key per decision
// param, no other key; records as objects with every field required and no
// other field; enums as their member names (integer-named members also as
// numbers); optional types also null; lists as arrays, sets as arrays of
// unique items; matters as the bundle's matter ids; dates `YYYY-MM-DD`;
// durations `N days|months|years`; decimals and percents as numbers or
// decimal strings (`"3%"` for a percent). Named records and enums are
// written once under `$defs`, by qualified name. `bylaw schema` derives the
// same document from the checked source with its labels, which bundles do
// not carry for record fields.
#ifndef BYLAW_RUNTIME_FACTS_SCHEMA_H_
#define BYLAW_RUNTIME_FACTS_SCHEMA_H_

#include <string>

#include "bylaw/runtime.h"

namespace bylaw::runtime {

// The schema as compact JSON text. `decision` must come from `book`
// (FindDecision); an empty DecisionRef is `unknown_decision`. Thread-safe
// like every const member of Rulebook.
Result<std::string> FactsSchema(const Rulebook& book, DecisionRef decision);

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_FACTS_SCHEMA_H_
