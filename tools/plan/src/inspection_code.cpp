// Inspection codes (see bylaw/plan/inspection_code.h).
#include "bylaw/plan/inspection_code.h"

namespace bylaw::plan {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr char kAlphanumeric[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr int kModulus = 36;  // ISO 7064 MOD 37,36: M = 36, M + 1 = 37

int AlphanumericValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

bool IsCrockford(char c) {
  for (const char* p = kCrockford; *p != '\0'; ++p) {
    if (*p == c) return true;
  }
  return false;
}

// The hybrid system's running product after `text`: starts at M, and for
// each character s = (p + v) mod M (0 read as M), p = 2s mod (M + 1).
// -1 when `text` holds a character outside 0-9 A-Z.
int RunningProduct(std::string_view text) {
  int p = kModulus;
  for (char c : text) {
    const int v = AlphanumericValue(c);
    if (v < 0) return -1;
    int s = (p + v) % kModulus;
    if (s == 0) s = kModulus;
    p = (2 * s) % (kModulus + 1);
  }
  return p;
}

}  // namespace

char CheckCharacter(std::string_view alphanumerics) {
  const int p = RunningProduct(alphanumerics);
  if (p < 0) return '\0';
  // The check value c makes (p + c) mod M == 1, the system's final state.
  return kAlphanumeric[(kModulus + 1 - p) % kModulus];
}

std::string MakeInspectionCode(int year, int quarter,
                               const std::array<unsigned char, 32>& digest) {
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | digest[static_cast<std::size_t>(i)];
  bits >>= 4;  // the first 60 bits
  std::string body(12, '0');
  for (int i = 11; i >= 0; --i) {
    body[static_cast<std::size_t>(i)] = kCrockford[bits & 31];
    bits >>= 5;
  }
  std::string code = std::to_string(year) + "Q" + std::to_string(quarter) + "-" + body;
  std::string alnum = code.substr(0, 6) + body;
  code.push_back(CheckCharacter(alnum));
  return code;
}

bool CodeWellFormed(std::string_view code) {
  // YYYY Q q - 12 body + check = 20 characters.
  if (code.size() != 20) return false;
  for (int i = 0; i < 4; ++i) {
    if (code[static_cast<std::size_t>(i)] < '0' || code[static_cast<std::size_t>(i)] > '9') return false;
  }
  if (code[4] != 'Q' || code[5] < '1' || code[5] > '4' || code[6] != '-') return false;
  for (std::size_t i = 7; i < 19; ++i) {
    if (!IsCrockford(code[i])) return false;
  }
  if (AlphanumericValue(code[19]) < 0) return false;
  std::string alnum;
  alnum.reserve(18);
  alnum.append(code.substr(0, 6));
  alnum.append(code.substr(7, 12));
  return CheckCharacter(alnum) == code[19];
}

}  // namespace bylaw::plan
