// Signed bundles (docs/bundle.md, 1.4): a bundle edited and re-hashed (the
// forgery issue 17, finding 8 describes) is refused once keys are trusted,
// as are unsigned bundles and signatures by other keys; the signer's key
// id reaches the audit log. Keys are generated here, never committed.
#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;
using nlohmann::json;

namespace {

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

KeyPair NewKey(int type = EVP_PKEY_ED25519) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(type, nullptr),
                                                                 &EVP_PKEY_CTX_free);
  REQUIRE(ctx);
  REQUIRE(EVP_PKEY_keygen_init(ctx.get()) == 1);
  if (type == EVP_PKEY_RSA) REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 1024) == 1);
  EVP_PKEY* raw = nullptr;
  REQUIRE(EVP_PKEY_keygen(ctx.get(), &raw) == 1);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, &EVP_PKEY_free);
  KeyPair out;
  std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), &BIO_free);
  REQUIRE(PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  REQUIRE(PEM_write_bio_PUBKEY(pub.get(), key.get()) == 1);
  out.private_pem = BioText(priv.get());
  out.public_pem = BioText(pub.get());
  return out;
}

std::string Bundle() {
  std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/supervision.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto sealed = rt::SealBundle(ss.str());
  REQUIRE(sealed.ok());
  return *sealed;
}

rt::LoadOptions Trusting(std::initializer_list<const KeyPair*> keys) {
  rt::LoadOptions o;
  for (const KeyPair* k : keys) o.trusted_keys.push_back(k->public_pem);
  return o;
}

TEST_CASE("a signed bundle loads under its key and names its signer") {
  const KeyPair key = NewKey(), other = NewKey();
  auto signed_bundle = rt::SignBundle(Bundle(), key.private_pem);
  REQUIRE(signed_bundle.ok());
  const json sig = json::parse(*signed_bundle)["signature"];
  CHECK(sig["alg"] == "ed25519");
  CHECK(sig["key_id"].get<std::string>().rfind("ed25519:", 0) == 0);
  CHECK(sig["sig"].get<std::string>().size() == 128);

  auto book = rt::LoadBundle(*signed_bundle, Trusting({&other, &key}));
  REQUIRE(book.ok());
  CHECK((*book)->signer_key_id() == sig["key_id"].get<std::string>());
  CHECK((*book)->hash() == json::parse(*signed_bundle)["hash"].get<std::string>());
  // The signature is not part of the content hash: the unsigned bundle's
  // hash is the signed one's.
  CHECK((*book)->hash() == json::parse(Bundle())["hash"].get<std::string>());

  // Without trusted keys a signed bundle loads as any other, signer unknown.
  auto plain = rt::LoadBundle(*signed_bundle);
  REQUIRE(plain.ok());
  CHECK((*plain)->signer_key_id().empty());
}

TEST_CASE("forged, unsigned and foreign bundles are refused once keys are trusted") {
  const KeyPair key = NewKey(), other = NewKey();
  const std::string good = *rt::SignBundle(Bundle(), key.private_pem);

  // Edit a rule's content and re-hash it, as a forger can without the key.
  json doc = json::parse(good);
  doc["rulesets"][0]["version"] = "forged";
  auto forged = rt::SealBundle(doc.dump());
  REQUIRE(forged.ok());
  CHECK(rt::LoadBundle(*forged).ok());  // the hash alone cannot tell
  auto refused = rt::LoadBundle(*forged, Trusting({&key}));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "bundle_signature_invalid");

  // The signature itself changed.
  json flipped = json::parse(good);
  std::string s = flipped["signature"]["sig"];
  s[0] = s[0] == '0' ? '1' : '0';
  flipped["signature"]["sig"] = s;
  auto bad_sig = rt::LoadBundle(flipped.dump(), Trusting({&key}));
  REQUIRE_FALSE(bad_sig.ok());
  CHECK(bad_sig.error().code == "bundle_signature_invalid");

  auto unsigned_bundle = rt::LoadBundle(Bundle(), Trusting({&key}));
  REQUIRE_FALSE(unsigned_bundle.ok());
  CHECK(unsigned_bundle.error().code == "bundle_unsigned");

  auto foreign = rt::LoadBundle(good, Trusting({&other}));
  REQUIRE_FALSE(foreign.ok());
  CHECK(foreign.error().code == "bundle_untrusted_key");

  // Trusting keys checks the hash even with verify_hash off.
  json stale = json::parse(good);
  stale["rulesets"][0]["version"] = "changed";
  rt::LoadOptions no_hash = Trusting({&key});
  no_hash.verify_hash = false;
  auto unchecked = rt::LoadBundle(stale.dump(), no_hash);
  REQUIRE_FALSE(unchecked.ok());
  CHECK(unchecked.error().code == "bundle_hash_mismatch");

  // The engine refuses the same and keeps what it had.
  rt::Engine engine(Trusting({&key}));
  REQUIRE(engine.Load(good).ok());
  CHECK_FALSE(engine.Load(*forged).ok());
  CHECK(engine.Current()->signer_key_id() == json::parse(good)["signature"]["key_id"].get<std::string>());
}

TEST_CASE("keys that are not Ed25519, or not keys, are refused clearly") {
  const KeyPair rsa = NewKey(EVP_PKEY_RSA);
  const KeyPair key = NewKey();
  const std::string good = *rt::SignBundle(Bundle(), key.private_pem);

  rt::LoadOptions o;
  o.trusted_keys = {"not a key"};
  auto junk = rt::LoadBundle(good, o);
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().code == "trusted_key_invalid");
  o.trusted_keys = {rsa.public_pem};
  auto not_ed = rt::LoadBundle(good, o);
  REQUIRE_FALSE(not_ed.ok());
  CHECK(not_ed.error().code == "trusted_key_invalid");
  CHECK(not_ed.error().message.find("Ed25519") != std::string::npos);

  auto rsa_sign = rt::SignBundle(Bundle(), rsa.private_pem);
  REQUIRE_FALSE(rsa_sign.ok());
  CHECK(rsa_sign.error().code == "signing_key_invalid");
  auto public_as_private = rt::SignBundle(Bundle(), key.public_pem);
  REQUIRE_FALSE(public_as_private.ok());
  CHECK(public_as_private.error().code == "signing_key_invalid");

  // A stale hash is not signed.
  json stale = json::parse(Bundle());
  stale["rulesets"][0]["version"] = "changed";
  auto stale_sign = rt::SignBundle(stale.dump(), key.private_pem);
  REQUIRE_FALSE(stale_sign.ok());
  CHECK(stale_sign.error().code == "bundle_hash_mismatch");
}

TEST_CASE("the signer's key id is in every audit record of a signed bundle") {
  const KeyPair key = NewKey();
  const std::string good = *rt::SignBundle(Bundle(), key.private_pem);
  auto book = rt::LoadBundle(good, Trusting({&key}));
  REQUIRE(book.ok());
  const std::string path =
      (std::filesystem::temp_directory_path() / ("bylaw_signed_" + std::to_string(::getpid()) + ".jsonl")).string();
  std::filesystem::remove(path);
  {
    auto log = rt::AuditLog::Open(path);
    REQUIRE(log.ok());
    const std::string name = (*book)->decision_names().front();
    auto d = (*book)->FindDecision(name);
    REQUIRE(d.ok());
    auto facts = (*book)->ParseFacts(*d, R"({"as_of":"2025-01-01"})");
    REQUIRE(facts.ok());
    rt::Outcome o;
    REQUIRE((*log)->EvaluateLogged(**book, *d, *facts, R"({"as_of":"2025-01-01"})", {}, &o).ok());
  }
  std::ifstream in(path);
  std::string line;
  REQUIRE(std::getline(in, line));
  const json record = json::parse(line);
  CHECK(record["signer"] == (*book)->signer_key_id());
  std::stringstream all;
  all << std::ifstream(path).rdbuf();
  CHECK(rt::VerifyAuditLog(all.str()).ok());
  std::filesystem::remove(path);
}

}  // namespace
