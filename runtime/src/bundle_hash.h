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

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_BUNDLE_HASH_H_
