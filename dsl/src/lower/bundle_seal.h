// The bundle content hash (docs/bundle.md, 1.1): SHA-256 (bylaw/base/sha256.h)
// of the canonical serialisation of the document without its `hash` key.
// Internal to dsl/src/lower. The runtime computes the same thing when it
// verifies a bundle (bylaw::runtime::SealBundle); the compiler hashes on
// its own so that dsl/ does not link the runtime library.
#ifndef BYLAW_DSL_SRC_LOWER_BUNDLE_SEAL_H_
#define BYLAW_DSL_SRC_LOWER_BUNDLE_SEAL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bylaw::dsl::lower_internal {

// Sets `doc["hash"]` to `sha256:<hex>` of `doc` without it, and returns
// the hash.
std::string Seal(nlohmann::json& doc);

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_BUNDLE_SEAL_H_
