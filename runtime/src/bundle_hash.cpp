// SHA-256 of a Bundle's canonical form (see bundle_hash.h).
#include "bundle_hash.h"

#include <nlohmann/json.hpp>

#include "bylaw/base/sha256.h"

namespace bylaw::runtime::runtime_internal {

std::string BundleHash(nlohmann::json& doc) {
  if (!doc.is_object()) return {};
  // nlohmann::json keeps object keys in a std::map, so dump() is already
  // sorted and whitespace-free: exactly the canonical form. The hash key is
  // moved out and back rather than copying the whole document.
  auto it = doc.find("hash");
  if (it == doc.end()) return "sha256:" + base::Sha256Hex(doc.dump());
  nlohmann::json saved = std::move(*it);
  doc.erase(it);
  std::string out = "sha256:" + base::Sha256Hex(doc.dump());
  doc["hash"] = std::move(saved);
  return out;
}

}  // namespace bylaw::runtime::runtime_internal
