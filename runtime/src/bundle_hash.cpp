// SHA-256 of a Bundle's canonical form (see bundle_hash.h).
#include "bundle_hash.h"

#include <optional>
#include <nlohmann/json.hpp>

#include "bylaw/base/sha256.h"

namespace bylaw::runtime::runtime_internal {

std::string BundleHash(nlohmann::json& doc) {
  if (!doc.is_object()) return {};
  // nlohmann::json keeps object keys in a std::map, so dump() is already
  // sorted and whitespace-free: exactly the canonical form. The hash and
  // signature keys (the signature signs the hash, docs/bundle.md 1.4) are
  // moved out and back rather than copying the whole document.
  std::optional<nlohmann::json> saved[2];
  const char* const kOut[2] = {"hash", "signature"};
  for (int k = 0; k < 2; ++k) {
    auto it = doc.find(kOut[k]);
    if (it == doc.end()) continue;
    saved[k] = std::move(*it);
    doc.erase(it);
  }
  std::string out = "sha256:" + base::Sha256Hex(doc.dump());
  for (int k = 0; k < 2; ++k) {
    if (saved[k]) doc[kOut[k]] = std::move(*saved[k]);
  }
  return out;
}

}  // namespace bylaw::runtime::runtime_internal
