// A streaming reader for facts documents: parses the JSON text once and
// builds the decision's param Values directly, checking each value against
// its schema type as it goes, without an intermediate JSON tree. It is the
// batch path's input side. Public API: bylaw/runtime.h
// (Rulebook::ParseFacts).
//
// The reader only decides the common case, a well-formed and valid
// document. Anything else (a syntax error, an ill-typed or unknown field, a
// duplicate key, an integer too large to be exact) makes it give up, and
// the caller runs the DOM path (nlohmann + FromJson), which then produces
// the errors, with their JSON paths, exactly as before. So on every input
// the result is the DOM path's result; the reader only makes it cheaper.
#ifndef BYLAW_RUNTIME_SRC_FACTS_READER_H_
#define BYLAW_RUNTIME_SRC_FACTS_READER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"

namespace bylaw::runtime::runtime_internal {

// Reads `text` as a facts document for `decision`. True when it is valid:
// `params` (resized to the decision's param count; absent params Missing)
// and `as_of` are then set exactly as the DOM path would set them. False
// when the reader gives up; `params` and `as_of` are then unspecified.
// When true and `complete` is given, `*complete` tells whether no
// non-optional fact is absent (FirstMissingFact would return ""), known
// from what the reader saw without walking the Values again.
// Thread-safe (no shared state).
bool ReadFactsFast(const Model& model, const Decision& decision, std::string_view text,
                   std::vector<Value>* params, std::optional<std::int64_t>* as_of,
                   bool* complete = nullptr);

// Indexes every record's fields and every enum's members for the reader
// (name_table.h); once, at bundle load (the Rulebook's constructor). A
// Model not prepared so is read all the same, by scanning the names.
void BuildNameTables(Model* model);

// For a decision that says `require complete facts` (docs/design/semantics.md):
// the JSON path of the first non-optional fact absent from `params` (a
// missing param `$.inspection`, or field `$.inspection.urgent`, also
// inside list elements `$.enterprise.penalties[0].serious`), in document
// order of the schema; empty when the facts are complete.
std::string FirstMissingFact(const Decision& decision, const std::vector<Value>& params);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_FACTS_READER_H_
