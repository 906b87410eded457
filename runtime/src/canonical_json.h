// Canonical JSON text (docs/bundle.md 1.1: DumpJsonExact of the document
// read by ParseJsonExact, exact_json.h) straight from JSON text, without building a tree: the
// decision log digests and copies every facts document it records, and a
// tree per decision costs more than the decision.
#ifndef BYLAW_RUNTIME_SRC_CANONICAL_JSON_H_
#define BYLAW_RUNTIME_SRC_CANONICAL_JSON_H_

#include <string>
#include <string_view>

namespace bylaw::runtime::runtime_internal {

// Appends to `out` exactly DumpJsonExact(ParseJsonExact(text)): keys
// sorted by their bytes, no whitespace, escapes decoded and strings
// re-escaped as nlohmann writes them, integers that fit 64 bits in decimal
// and other numbers exactly as written. Returns false,
// leaving `out` unspecified past its old size, for text it does not
// handle: anything that is not valid JSON, a byte-order mark, an object
// with a repeated key, nesting deeper than 256. Callers fall back to
// nlohmann for those (which then decides or reports them).
bool AppendCanonicalJson(std::string_view text, std::string* out);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_CANONICAL_JSON_H_
