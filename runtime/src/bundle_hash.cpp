// SHA-256 of a Bundle's canonical form (see bundle_hash.h).
#include "bundle_hash.h"

#include <nlohmann/json.hpp>

#include "bylaw/base/sha256.h"

namespace bylaw::runtime::runtime_internal {

std::string BundleHash(const nlohmann::json& doc) {
  if (!doc.is_object()) return {};
  // nlohmann::json keeps object keys in a std::map, so dump() is already
  // sorted and whitespace-free: exactly the canonical form. The object is
  // written here key by key, as dump() writes it, leaving out the hash and
  // the signature (which signs the hash, docs/bundle.md 1.4). The document
  // is never modified: callers hold pointers into it (an earlier version
  // moved the two keys out and back, and SignBundle's iterator to `hash`
  // was left dangling; the ASan run of tools/test --sanitize found it).
  std::string canonical = "{";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() == "hash" || it.key() == "signature") continue;
    if (canonical.size() > 1) canonical += ',';
    canonical += nlohmann::json(it.key()).dump();
    canonical += ':';
    canonical += it.value().dump();
  }
  canonical += '}';
  return "sha256:" + base::Sha256Hex(canonical);
}

}  // namespace bylaw::runtime::runtime_internal
