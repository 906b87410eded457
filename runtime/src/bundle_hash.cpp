// SHA-256 of a Bundle's canonical form (see bundle_hash.h).
#include "bundle_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

namespace bylaw::runtime::runtime_internal {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) {
    return {};
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

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
  std::string out = "sha256:" + Sha256Hex(doc.dump());
  for (int k = 0; k < 2; ++k) {
    if (saved[k]) doc[kOut[k]] = std::move(*saved[k]);
  }
  return out;
}

}  // namespace bylaw::runtime::runtime_internal
