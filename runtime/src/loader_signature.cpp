// The loader's signature check (docs/bundle.md, 1.4; see loader_internal.h).
// With trusted keys, an unsigned bundle, a key not trusted and a signature
// that does not verify are each refused; without, a signature is only
// checked for shape and its signer is not reported.
#include "bundle_signature.h"
#include "bylaw/bundle/schema.h"
#include "loader_internal.h"

namespace bylaw::runtime::runtime_internal {

bool Loader::CheckSignature() {
  const Json* sig = bundle::Find(doc_.json(), bundle::section::kSignature);
  std::string key_id, sig_hex;
  if (sig != nullptr) {
    if (!sig->is_object()) return Structure("$.signature", "expected an object");
    const Json* alg = bundle::Find(*sig, "alg");
    if (alg == nullptr || !alg->is_string() || alg->get_ref<const std::string&>() != "ed25519") {
      return Fail("bundle_signature_invalid", "`signature.alg` is not \"ed25519\"");
    }
    const std::string* id = bundle::GetString(*sig, "key_id", "$.signature", &error_);
    const std::string* hex = id ? bundle::GetString(*sig, "sig", "$.signature", &error_) : nullptr;
    if (hex == nullptr) return false;
    key_id = *id;
    sig_hex = *hex;
  }
  if (options_.trusted_keys.empty()) return true;
  std::vector<TrustedKey> keys;
  for (std::size_t i = 0; i < options_.trusted_keys.size(); ++i) {
    Result<TrustedKey> k = ParseTrustedKey(options_.trusted_keys[i]);
    if (!k.ok()) {
      return Fail("trusted_key_invalid",
                  "trusted key " + std::to_string(i + 1) + ": " + k.error().message);
    }
    keys.push_back(std::move(k).value());
  }
  if (sig == nullptr) {
    return Fail("bundle_unsigned", "the bundle is not signed, and only signed bundles are trusted");
  }
  for (const TrustedKey& k : keys) {
    if (k.key_id != key_id) continue;
    if (!VerifySignature(k, m_.hash, sig_hex)) {
      return Fail("bundle_signature_invalid",
                  "the signature by " + key_id +
                      " does not verify (the bundle or its signature was changed)");
    }
    m_.signer_key_id = key_id;
    return true;
  }
  return Fail("bundle_untrusted_key",
              "the bundle is signed by " + key_id + ", which is not a trusted key");
}

}  // namespace bylaw::runtime::runtime_internal
