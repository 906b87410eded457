// SHA-256 and its hex (bylaw/base/sha256.h): the FIPS 180-2 test vectors,
// the stream agreeing with the one-shot digest, and a copied stream going
// on independently of its original.
#include "bylaw/base/sha256.h"

#include <catch2/catch.hpp>

#include <string>

namespace base = bylaw::base;

namespace {

std::string Hex(const base::Sha256Digest& d) {
  std::string out;
  base::AppendHex(d.data(), d.size(), &out);
  return out;
}

}  // namespace

TEST_CASE("SHA-256 of the FIPS 180-2 vectors, in lowercase hex") {
  CHECK(base::Sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(base::Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(base::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("a stream hashes what the one-shot digest hashes, and copies go on apart") {
  base::Sha256Stream prefix;
  prefix.Update("ab");
  base::Sha256Stream copy(prefix);
  prefix.Update("c");
  copy.Update("cdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  base::Sha256Digest a{}, b{}, one{};
  REQUIRE(prefix.Finish(&a));
  REQUIRE(copy.Finish(&b));
  CHECK(Hex(a) == base::Sha256Hex("abc"));
  CHECK(Hex(b) == base::Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
  REQUIRE(base::Sha256Of("abc", &one));
  CHECK(one == a);
  const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  std::string hex;
  base::AppendHex(bytes, sizeof bytes, &hex);
  CHECK(hex == "000fa5ff");
}
