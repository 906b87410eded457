// SHA-256 through OpenSSL, and the lowercase hex every bylaw hash is
// written in (`sha256:<hex>` in bundles and decision logs): the bundle
// hash of the compiler and the runtime, the decision log's chain and the
// planner's draws and codes. Part of the internal toolkit (base/, never
// installed); users link OpenSSL::Crypto.
#ifndef BYLAW_BASE_SHA256_H_
#define BYLAW_BASE_SHA256_H_

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace bylaw::base {

using Sha256Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

// Appends the `n` bytes at `bytes` as `2n` lowercase hex digits.
inline void AppendHex(const unsigned char* bytes, std::size_t n, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    out->push_back(kHex[bytes[i] >> 4]);
    out->push_back(kHex[bytes[i] & 15]);
  }
}

// SHA-256 fetched from OpenSSL's default provider once for the process
// (never freed). SHA256() and EVP_DigestInit_ex(EVP_sha256()) fetch it
// again, under a lock, on every call: the planner hashes a few times per
// enterprise on every thread.
inline const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

// The digest of `bytes` in one call. False when OpenSSL fails.
inline bool Sha256Of(std::string_view bytes, Sha256Digest* digest) {
  unsigned int len = 0;
  return EVP_Digest(bytes.data(), bytes.size(), digest->data(), &len, Sha256Md(), nullptr) == 1 &&
         len == digest->size();
}

// Lowercase hex SHA-256 of `bytes`; empty when OpenSSL fails.
inline std::string Sha256Hex(std::string_view bytes) {
  Sha256Digest digest;
  if (!Sha256Of(bytes, &digest)) return {};
  std::string out;
  out.reserve(2 * digest.size());
  AppendHex(digest.data(), digest.size(), &out);
  return out;
}

// An incremental SHA-256 whose state can be copied (hash a common prefix
// once, finish it several ways). A failure inside OpenSSL is sticky and
// reported by Finish. Not thread-safe; one stream per thread.
class Sha256Stream {
 public:
  Sha256Stream() : ctx_(EVP_MD_CTX_new()) {
    ok_ = ctx_ != nullptr && EVP_DigestInit_ex(ctx_, Sha256Md(), nullptr) == 1;
  }
  explicit Sha256Stream(const Sha256Stream& other) : ctx_(EVP_MD_CTX_new()) {
    ok_ = other.ok_ && ctx_ != nullptr && EVP_MD_CTX_copy_ex(ctx_, other.ctx_) == 1;
  }
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  ~Sha256Stream() { EVP_MD_CTX_free(ctx_); }

  void Update(std::string_view bytes) {
    ok_ = ok_ && EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1;
  }
  // The digest of everything updated so far; false when hashing failed.
  // The stream is spent afterwards.
  bool Finish(Sha256Digest* digest) {
    unsigned int len = 0;
    ok_ = ok_ && EVP_DigestFinal_ex(ctx_, digest->data(), &len) == 1 && len == digest->size();
    return ok_;
  }

 private:
  EVP_MD_CTX* ctx_;
  bool ok_;
};

}  // namespace bylaw::base

#endif  // BYLAW_BASE_SHA256_H_
