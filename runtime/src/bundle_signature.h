// Ed25519 signatures of bundles (docs/bundle.md, 1.4) through OpenSSL.
// Internal to the runtime; public API: bylaw/runtime.h (SignBundle,
// LoadOptions::trusted_keys, Rulebook::signer_key_id).
#ifndef BYLAW_RUNTIME_SRC_BUNDLE_SIGNATURE_H_
#define BYLAW_RUNTIME_SRC_BUNDLE_SIGNATURE_H_

#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime/result.h"

namespace bylaw::runtime::runtime_internal {

// What is signed: this prefix, then the bundle's `hash` value.
inline constexpr std::string_view kSignaturePrefix = "bylaw bundle signature v1\n";

// A public key trusted to sign bundles.
struct TrustedKey {
  std::string key_id;       // `ed25519:` + hex SHA-256 of the 32 raw key bytes
  std::string raw;          // the 32 raw key bytes
};

// Parses a PEM public key (`openssl pkey -pubout`) that must be Ed25519.
// Error `trusted_key_invalid`.
Result<TrustedKey> ParseTrustedKey(std::string_view pem);

// Checks `signature_hex` (128 hex digits) over kSignaturePrefix + `hash`
// with `key`. False when it does not verify.
bool VerifySignature(const TrustedKey& key, std::string_view hash, std::string_view signature_hex);

// Signs kSignaturePrefix + `hash` with a PEM Ed25519 private key
// (`openssl genpkey -algorithm ed25519`): the key id and the signature's
// hex. Error `signing_key_invalid`.
struct Signature {
  std::string key_id;
  std::string sig_hex;
};
Result<Signature> SignHash(std::string_view private_key_pem, std::string_view hash);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_BUNDLE_SIGNATURE_H_
