// Inspection codes (bylaw/plan/inspection_code.h): the form, the ISO 7064
// MOD 37,36 check character, that every single-character change of a code
// is caught, and nearly every adjacent transposition.
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "bylaw/plan/inspection_code.h"

namespace bylaw::plan {
namespace {

constexpr std::string_view kAlphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

std::array<unsigned char, 32> DigestFrom(unsigned seed) {
  std::array<unsigned char, 32> d{};
  for (std::size_t i = 0; i < d.size(); ++i) {
    seed = seed * 1103515245u + 12345u;
    d[i] = static_cast<unsigned char>(seed >> 16);
  }
  return d;
}

TEST_CASE("the check character follows ISO 7064 MOD 37,36", "[codes]") {
  // The standard's worked example (ISO 7064:2003, the hybrid system with
  // M = 36 applied to an alphanumeric string).
  CHECK(CheckCharacter("A12425GABC1234002") == 'M');
  // Computed by hand: p starts at 36; "0": s = 36, p = 72 mod 37 = 35;
  // check c makes (35 + c) mod 36 == 1, so c = 2.
  CHECK(CheckCharacter("0") == '2');
  CHECK(CheckCharacter("a1") == '\0');
  CHECK(CheckCharacter("A-1") == '\0');
}

TEST_CASE("a code spells the year, the quarter and 60 bits of the digest", "[codes]") {
  std::array<unsigned char, 32> digest{};
  digest.fill(0);
  std::string zero = MakeInspectionCode(2026, 1, digest);
  CHECK(zero.substr(0, 19) == "2026Q1-000000000000");
  CHECK(CodeWellFormed(zero));

  digest.fill(0xff);
  std::string ones = MakeInspectionCode(2026, 4, digest);
  CHECK(ones.substr(0, 19) == "2026Q4-ZZZZZZZZZZZZ");
  CHECK(CodeWellFormed(ones));

  // Bits 60.. of the digest are not part of the code.
  digest.fill(0);
  digest[7] = 0x0f;
  CHECK(MakeInspectionCode(2026, 2, digest).substr(7, 12) == "000000000000");
  digest[7] = 0x10;
  CHECK(MakeInspectionCode(2026, 2, digest).substr(7, 12) == "000000000001");
}

TEST_CASE("malformed codes are rejected", "[codes]") {
  const std::string good = MakeInspectionCode(2026, 3, DigestFrom(7));
  REQUIRE(CodeWellFormed(good));
  CHECK_FALSE(CodeWellFormed(""));
  CHECK_FALSE(CodeWellFormed(good.substr(0, 19)));
  CHECK_FALSE(CodeWellFormed(good + "0"));
  std::string lower = good;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK_FALSE(CodeWellFormed(lower));
  std::string quarter5 = good;
  quarter5[5] = '5';
  CHECK_FALSE(CodeWellFormed(quarter5));
  std::string dash = good;
  dash[6] = '_';
  CHECK_FALSE(CodeWellFormed(dash));
}

TEST_CASE("every single-character change of a code is detected", "[codes]") {
  for (unsigned seed = 0; seed < 64; ++seed) {
    const int quarter = 1 + static_cast<int>(seed % 4);
    const std::string code = MakeInspectionCode(2000 + static_cast<int>(seed), quarter, DigestFrom(seed));
    REQUIRE(CodeWellFormed(code));
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      if (pos == 6) continue;  // the dash: only '-' is well formed there
      for (char c : kAlphanumeric) {
        if (c == code[pos]) continue;
        std::string changed = code;
        changed[pos] = c;
        INFO(code << " -> " << changed);
        CHECK_FALSE(CodeWellFormed(changed));
      }
    }
  }
}

TEST_CASE("nearly every transposition of two adjacent characters is detected", "[codes]") {
  // The hybrid system does not promise all transpositions (unlike its
  // single substitutions): it misses a swap of two digits whose values
  // differ by the right amount for the running product at that point. A
  // miss rate near 1/36 or worse would mean a broken implementation.
  int swaps = 0, missed = 0;
  for (unsigned seed = 0; seed < 512; ++seed) {
    const std::string code = MakeInspectionCode(2026, 1 + static_cast<int>(seed % 4), DigestFrom(seed + 1000));
    for (std::size_t pos = 0; pos + 1 < code.size(); ++pos) {
      if (code[pos] == code[pos + 1]) continue;
      std::string swapped = code;
      std::swap(swapped[pos], swapped[pos + 1]);
      ++swaps;
      if (CodeWellFormed(swapped)) ++missed;
    }
  }
  INFO(missed << " of " << swaps << " transpositions missed");
  CHECK(swaps > 9000);
  CHECK(missed * 100 < swaps);  // under 1%
}

}  // namespace
}  // namespace bylaw::plan
