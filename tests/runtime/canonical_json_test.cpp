// Canonical JSON from text (canonical_json.h) must give nlohmann's dump()
// of the exactly parsed document (exact_json.h: numbers other than 64-bit
// integers as written) byte for byte, or decline: random documents
// written with random spacing, key order, escapes and number spellings, and
// documents it must decline (nlohmann then decides them).
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bundle_hash.h"
#include "bylaw/base/sha256.h"
#include "canonical_json.h"
#include "exact_json.h"

namespace ri = bylaw::runtime::runtime_internal;
using nlohmann::json;

namespace {

// Pieces strings are made of: ASCII, characters JSON must escape, the
// characters nlohmann writes as short escapes, DEL, and 2-, 3- and 4-byte
// UTF-8.
const char* const kPieces[] = {"a", "Z", " ", "/", "\"", "\\", "\b", "\f", "\n", "\r", "\t",
                               "" /* NUL, see Piece */, "\x01", "\x1f", "\x7f",
                               "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80"};

std::string Piece(int i) {
  if (i == 11) return std::string(1, '\0');
  return kPieces[i];
}

// `s` (valid UTF-8) as a JSON string literal, each character escaped or
// not at random, as hosts may write it.
std::string Spell(const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool must = c < 0x20 || c == '"' || c == '\\';
    auto u = [&](std::uint32_t x) {
      out += "\\u";
      for (int sh = 12; sh >= 0; sh -= 4) {
        const char h = kHex[(x >> sh) & 15];
        out += *rc::gen::arbitrary<bool>() ? static_cast<char>(std::toupper(h)) : h;
      }
    };
    if (must || *rc::gen::inRange(0, 4) == 0) {
      const char* short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '/' ? "\\/"
                             : c == '\b' ? "\\b" : c == '\f' ? "\\f" : c == '\n' ? "\\n"
                             : c == '\r' ? "\\r" : c == '\t' ? "\\t" : nullptr;
      if (short_form && *rc::gen::arbitrary<bool>()) {
        out += short_form;
      } else if (cp >= 0x10000) {
        u(0xD800 + ((cp - 0x10000) >> 10));
        u(0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        u(cp);
      }
    } else {
      out.append(s, i, n);
    }
    i += n;
  }
  return out + "\"";
}

std::string Space() {
  static const char* const kSpaces[] = {"", "", "", " ", "\n", "\t", "\r\n  "};
  return kSpaces[*rc::gen::inRange(0, 7)];
}

std::string RandomString() {
  std::string s;
  const int n = *rc::gen::inRange(0, 6);
  for (int i = 0; i < n; ++i) s += Piece(*rc::gen::inRange(0, 18));
  return s;
}

std::string RandomNumber() {
  static const char* const kNumbers[] = {
      "0", "-0", "7", "-12", "9223372036854775807", "-9223372036854775808",
      "9223372036854775808", "18446744073709551615", "18446744073709551616",
      "-9223372036854775809", "123456789012345678901234567890", "2.5", "-0.0",
      "0.1", "1e2", "1E+2", "-1.5e-3", "6.02214076e23", "1e308", "2.2250738585072014e-308", "2.50",
      "100.000", "0.30000000000000004", "5e-1", "1.7976931348623157e308"};
  if (*rc::gen::inRange(0, 3) == 0) return std::to_string(*rc::gen::inRange(-100000, 100000));
  return kNumbers[*rc::gen::inRange(0, 25)];
}

// A random document spelled at random; keys within an object are distinct.
std::string RandomDocument(int depth) {
  const int kind = *rc::gen::inRange(0, depth > 3 ? 5 : 7);
  switch (kind) {
    case 0: return RandomNumber();
    case 1: return Spell(RandomString());
    case 2: {
      static const char* const kLiterals[] = {"true", "false", "null"};
      return kLiterals[*rc::gen::inRange(0, 3)];
    }
    case 3: return RandomNumber();
    case 4: return Spell(RandomString());
    case 5: {
      std::string out = "[" + Space();
      const int n = *rc::gen::inRange(0, 4);
      for (int i = 0; i < n; ++i) {
        if (i) out += Space() + "," + Space();
        out += RandomDocument(depth + 1);
      }
      return out + Space() + "]";
    }
    default: {
      std::vector<std::string> keys;
      const int n = *rc::gen::inRange(0, 5);
      for (int i = 0; i < n; ++i) {
        std::string k = RandomString();
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
      }
      std::string out = "{" + Space();
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i) out += Space() + "," + Space();
        out += Spell(keys[i]) + Space() + ":" + Space() + RandomDocument(depth + 1);
      }
      return out + Space() + "}";
    }
  }
}

std::optional<std::string> Canonical(const std::string& text) {
  std::string out = "prefix";
  if (!ri::AppendCanonicalJson(text, &out)) return std::nullopt;
  REQUIRE(out.rfind("prefix", 0) == 0);
  return out.substr(6);
}

// DumpJsonExact(ParseJsonExact(text)), the canonical form by definition.
std::string ExactDump(const std::string& text) {
  json j;
  ri::ExactJsonError e;
  REQUIRE(ri::ParseJsonExact(text, &j, &e));
  return ri::DumpJsonExact(j, /*replace=*/true);
}

}  // namespace

TEST_CASE("canonical JSON from text equals nlohmann's dump of the parsed text") {
  const bool ok = rc::check("canonical == dump(parse)", [] {
    const std::string text = Space() + RandomDocument(0) + Space();
    const std::optional<std::string> canonical = Canonical(text);
    RC_ASSERT(canonical.has_value());
    RC_ASSERT(*canonical == ExactDump(text));
  });
  CHECK(ok);
}

// The bundle hash (docs/bundle.md 1.1) is SHA-256 of the canonical dump of
// the document without `hash` and `signature`, and never modifies the
// document: SignBundle and the loader hold pointers into it while hashing.
TEST_CASE("the bundle hash leaves out hash and signature and leaves the document untouched") {
  const bool ok = rc::check("BundleHash(doc) == sha256(dump(doc - hash - signature))", [] {
    json doc = json::object();
    const int n = *rc::gen::inRange(0, 5);
    for (int i = 0; i < n; ++i) {
      const std::string key = RandomString();
      if (key != "hash" && key != "signature") doc[key] = json::parse(RandomDocument(1));
    }
    json without = doc;
    if (*rc::gen::arbitrary<bool>()) doc["hash"] = "sha256:" + RandomString();
    if (*rc::gen::arbitrary<bool>())
      doc["signature"] = {{"alg", "ed25519"}, {"sig", RandomString()}};
    const json before = doc;
    const json* hash = doc.contains("hash") ? &doc["hash"] : nullptr;
    const std::string got = ri::BundleHash(doc);
    RC_ASSERT(got == "sha256:" + bylaw::base::Sha256Hex(without.dump()));
    RC_ASSERT(doc == before);
    if (hash != nullptr) RC_ASSERT(hash == &doc["hash"]);  // the same node, not a new one
  });
  CHECK(ok);
}

// The loader's fast path (TextHasDeclaredHash) never accepts what the
// reference, BundleHash of the parsed document, refuses, and accepts the
// sealed compact text as the compiler writes it, signed or not.
TEST_CASE("the hash read from the text agrees with the hash of the document") {
  const bool ok = rc::check("TextHasDeclaredHash => BundleHash(doc) == doc.hash", [] {
    json doc = json::object();
    const int n = *rc::gen::inRange(1, 5);
    for (int i = 0; i < n; ++i) {
      const std::string key = RandomString();
      if (key != "hash" && key != "signature") doc[key] = json::parse(RandomDocument(1));
    }
    doc["format_version"] = 2;  // a key before `hash`, as in every bundle
    doc["hash"] = ri::BundleHash(doc);
    if (*rc::gen::arbitrary<bool>()) {
      doc["signature"] = {{"alg", "ed25519"}, {"key_id", RandomString()}, {"sig", RandomString()}};
    }
    const std::string sealed = doc.dump();
    RC_ASSERT(ri::TextHasDeclaredHash(sealed, doc));
    // ... and with the newline that ends a file `bylaw compile -o` wrote.
    RC_ASSERT(ri::TextHasDeclaredHash(sealed + "\n", doc));
    RC_ASSERT(ri::TextHasDeclaredHash(sealed + " \r\n", doc));
    // Pretty-printed text is left to the reference.
    RC_ASSERT_FALSE(ri::TextHasDeclaredHash(doc.dump(1), doc));
    // Any one byte changed: whenever the text still parses, the fast path
    // says yes only if the reference does.
    std::string changed = sealed;
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, changed.size());
    changed[at] = static_cast<char>(*rc::gen::inRange(32, 127));
    const json reparsed = json::parse(changed, nullptr, false);
    if (reparsed.is_discarded() || !reparsed.is_object()) return;
    if (ri::TextHasDeclaredHash(changed, reparsed)) {
      RC_ASSERT(reparsed.contains("hash"));
      RC_ASSERT(ri::BundleHash(reparsed) == reparsed["hash"]);
    }
  });
  CHECK(ok);
}

TEST_CASE("canonical JSON declines what it must leave to nlohmann") {
  // Not JSON at all: nlohmann rejects these too.
  for (const std::string& text : std::vector<std::string>{
           "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", ".5", "-", "1e", "+1",
        "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"\x01\"", "\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"",
        "1 2", "{} x", "[1e999]", "\"\xc0\xaf\""}) {
    INFO(text);
    CHECK_FALSE(Canonical(text).has_value());
    CHECK(json::parse(text, nullptr, false).is_discarded());
  }
  // Documents nlohmann accepts that it leaves to nlohmann: a repeated key
  // (the last one wins), a byte-order mark, a NUL after the value (the end
  // of input to nlohmann's lexer).
  for (const std::string& text : std::vector<std::string>{
           "{\"a\":1,\"a\":2}", "\xef\xbb\xbf{\"a\":1}", std::string("1\0", 2)}) {
    INFO(text);
    CHECK_FALSE(Canonical(text).has_value());
    CHECK_FALSE(json::parse(text, nullptr, false).is_discarded());
  }
}

TEST_CASE("canonical JSON of a facts document") {
  const std::string text =
      "{ \"subject\": {\"name\": \"\\u5357\\u901a \\\"A\\\"\\/1\", \"years\": 2.50,"
      " \"risk\": 3, \"key\": true, \"grade\": null, \"tags\": [ ]} , \"as_of\":\"2025-07-01\" }";
  CHECK(Canonical(text) ==
        std::string("{\"as_of\":\"2025-07-01\",\"subject\":{\"grade\":null,\"key\":true,"
                    "\"name\":\"\xe5\x8d\x97\xe9\x80\x9a \\\"A\\\"/1\",\"risk\":3,\"tags\":[],"
                    "\"years\":2.50}}"));
  CHECK(Canonical(text) == ExactDump(text));
  // Numbers are never rounded through a double: 17 significant digits, a
  // subnormal and an integer past 64 bits stay as written.
  CHECK(Canonical("[12345678901.123455,12345678901.123456]") ==
        "[12345678901.123455,12345678901.123456]");
  CHECK(Canonical("[4.9e-324]") == "[4.9e-324]");
  CHECK(Canonical("[99999999999999999999999]") == "[99999999999999999999999]");
  CHECK(ExactDump("[12345678901.123455,4.9e-324,99999999999999999999999]") ==
        "[12345678901.123455,4.9e-324,99999999999999999999999]");
}
