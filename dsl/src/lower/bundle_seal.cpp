// Bundle sealing (see bundle_seal.h).
#include "bundle_seal.h"

#include "bylaw/base/sha256.h"

namespace bylaw::dsl::lower_internal {

std::string Seal(nlohmann::json& doc) {
  doc.erase("hash");
  std::string hash = "sha256:" + base::Sha256Hex(doc.dump());
  doc["hash"] = hash;
  return hash;
}

}  // namespace bylaw::dsl::lower_internal
