// Bundle sealing (see bundle_seal.h).
#include "bundle_seal.h"

#include <openssl/evp.h>

#include <memory>

namespace bylaw::dsl::lower_internal {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(),
                                                             &EVP_MD_CTX_free);
  if (md == nullptr ||
      EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(md.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(md.get(), digest, &length) != 1) {
    return std::string();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

std::string Seal(nlohmann::json& doc) {
  doc.erase("hash");
  std::string hash = "sha256:" + Sha256Hex(doc.dump());
  doc["hash"] = hash;
  return hash;
}

}  // namespace bylaw::dsl::lower_internal
