// Ed25519 bundle signatures (see bundle_signature.h).
#include "bundle_signature.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "bundle_hash.h"
#include "bylaw/base/sha256.h"

namespace bylaw::runtime::runtime_internal {
namespace {

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

constexpr char kHex[] = "0123456789abcdef";

std::string Hex(const unsigned char* p, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

bool Unhex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->clear();
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string Message(std::string_view hash) {
  std::string m(kSignaturePrefix);
  m.append(hash);
  return m;
}

// The 32 raw bytes of an Ed25519 key (public part).
bool RawPublic(EVP_PKEY* key, std::string* raw) {
  unsigned char buf[64];
  std::size_t len = sizeof buf;
  if (EVP_PKEY_get_raw_public_key(key, buf, &len) != 1 || len != 32) return false;
  raw->assign(reinterpret_cast<const char*>(buf), len);
  return true;
}

std::string KeyId(const std::string& raw) { return "ed25519:" + base::Sha256Hex(raw); }

}  // namespace

Result<TrustedKey> ParseTrustedKey(std::string_view pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return Error{"trusted_key_invalid", "cannot read the key", {}};
  PKey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) {
    return Error{"trusted_key_invalid", "not a PEM public key",
                 {"help: export it with `openssl pkey -in KEY.pem -pubout -out PUB.pem`"}};
  }
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return Error{"trusted_key_invalid", "not an Ed25519 key (bundles are signed with Ed25519)", {}};
  }
  TrustedKey out;
  if (!RawPublic(key.get(), &out.raw)) return Error{"trusted_key_invalid", "cannot read the key", {}};
  out.key_id = KeyId(out.raw);
  return out;
}

bool VerifySignature(const TrustedKey& key, std::string_view hash, std::string_view signature_hex) {
  std::string sig;
  if (signature_hex.size() != 128 || !Unhex(signature_hex, &sig)) return false;
  PKey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                        reinterpret_cast<const unsigned char*>(key.raw.data()), key.raw.size()),
            &EVP_PKEY_free);
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!pkey || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  const std::string m = Message(hash);
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(m.data()), m.size()) == 1;
}

Result<Signature> SignHash(std::string_view private_key_pem, std::string_view hash) {
  Bio bio(BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())), &BIO_free);
  if (!bio) return Error{"signing_key_invalid", "cannot read the key", {}};
  PKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) {
    return Error{"signing_key_invalid", "not a PEM private key (or it is encrypted)",
                 {"help: make one with `openssl genpkey -algorithm ed25519 -out KEY.pem`"}};
  }
  if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return Error{"signing_key_invalid", "not an Ed25519 key (bundles are signed with Ed25519)", {}};
  }
  std::string raw;
  if (!RawPublic(key.get(), &raw)) return Error{"signing_key_invalid", "cannot read the key", {}};
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char sig[64];
  std::size_t len = sizeof sig;
  const std::string m = Message(hash);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &len, reinterpret_cast<const unsigned char*>(m.data()), m.size()) != 1 ||
      len != 64) {
    return Error{"signing_key_invalid", "cannot sign with the key", {}};
  }
  return Signature{KeyId(raw), Hex(sig, len)};
}

}  // namespace bylaw::runtime::runtime_internal
