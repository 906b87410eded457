// Inspection codes (赋码) of `bylaw plan` (docs/plan.md): every visit of a
// plan carries a code that an enterprise can check at the door (先赋码、凭码
// 检查) and that `bylaw plan verify` recomputes.
//
//   std::string code = plan::MakeInspectionCode(2026, 3, digest);
//   // "2026Q3-7M2K9D0QX4TB" + check character, e.g. "2026Q3-7M2K9D0QX4TBP"
//   bool ok = plan::CodeWellFormed(code);     // true; false after any typo
//
// Form: `<YEAR>Q<q>-<body><check>`:
//   YEAR   four digits; q the quarter 1..4;
//   body   12 characters of Crockford base32 (0-9 A-Z without I L O U)
//          spelling the first 60 bits of the visit's digest, most
//          significant first;
//   check  one character of 0-9 A-Z: ISO 7064 MOD 37,36 (the hybrid
//          system with M = 36) over the code's alphanumerics in order
//          (YEAR, `Q`, q, body), each valued 0-9 for digits and 10-35 for
//          A-Z. The system detects every single-character substitution
//          (tests/plan/codes_test.cpp tries them all) and all but a few
//          tenths of a percent of transpositions of two adjacent characters.
// Codes are upper case; CodeWellFormed rejects lower case rather than
// guessing.
#ifndef BYLAW_PLAN_INSPECTION_CODE_H_
#define BYLAW_PLAN_INSPECTION_CODE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bylaw::plan {

// The code of a visit in quarter `quarter` (1..4) of `year` (1000..9999),
// whose digest (SHA-256 of the seed and the visit's canonical content, see
// planner.h) is `digest`.
std::string MakeInspectionCode(int year, int quarter,
                               const std::array<unsigned char, 32>& digest);

// The ISO 7064 MOD 37,36 check character of `alphanumerics` (0-9, A-Z
// only; anything else gives '\0').
char CheckCharacter(std::string_view alphanumerics);

// Whether `code` has the form above and its check character verifies.
bool CodeWellFormed(std::string_view code);

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_INSPECTION_CODE_H_
