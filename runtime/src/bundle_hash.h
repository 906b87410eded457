// The Bundle content hash (docs/bundle.md, 1.1): SHA-256 over the canonical
// serialisation of the document without its `hash` key. Public API:
// bylaw/runtime.h (SealBundle).
#ifndef BYLAW_RUNTIME_SRC_BUNDLE_HASH_H_
#define BYLAW_RUNTIME_SRC_BUNDLE_HASH_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace bylaw::runtime::runtime_internal {

// `sha256:<hex>` of `doc` without its `hash` and `signature` keys; `doc`
// is left untouched, so pointers into it stay valid.
std::string BundleHash(const nlohmann::json& doc);

// Whether `text`, the bytes `doc` was parsed from, is exactly the sealed
// canonical serialisation with the `hash` member (and a `signature`)
// inserted: the form the compiler writes (whitespace after the document,
// such as the newline ending a bundle file, aside). The text with those members cut
// out is hashed and compared with `doc`'s `hash`, so a match proves the
// content is the sealed one (the cut members must also be exactly the
// parsed ones) without re-serialising the document. False means only "not
// shown this way" (pretty-printed, reordered, or changed): the caller then
// compares BundleHash(doc).
bool TextHasDeclaredHash(std::string_view text, const nlohmann::json& doc);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_BUNDLE_HASH_H_
