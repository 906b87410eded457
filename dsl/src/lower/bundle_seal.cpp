// Bundle sealing (see bundle_seal.h).
#include "bundle_seal.h"

#include "bylaw/base/sha256.h"
#include "bylaw/bundle/schema.h"

namespace bylaw::dsl::lower_internal {

std::string Seal(nlohmann::json& doc) {
  doc.erase(bundle::section::kHash);
  std::string hash = "sha256:" + base::Sha256Hex(doc.dump());
  doc[bundle::section::kHash] = hash;
  return hash;
}

}  // namespace bylaw::dsl::lower_internal
