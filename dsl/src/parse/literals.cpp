// Literal checks for the AST builder; see literals.h.
#include "literals.h"

#include <limits>

#include "utf8_input.h"

namespace bylaw::dsl::parse_internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Unescape(std::string_view body, std::vector<EscapeError>* errors) {
  std::string out;
  out.reserve(body.size());
  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out.push_back(c);
      ++i;
      continue;
    }
    const char e = body[i + 1];
    switch (e) {
      case '"': out.push_back('"'); i += 2; continue;
      case '\\': out.push_back('\\'); i += 2; continue;
      case 'n': out.push_back('\n'); i += 2; continue;
      case 't': out.push_back('\t'); i += 2; continue;
      case 'u': {
        // \u{X...}: at most 6 hex digits, then `}`.
        std::size_t j = i + 2;
        bool ok = j < body.size() && body[j] == '{';
        std::uint32_t value = 0;
        std::size_t digits = 0;
        if (ok) {
          ++j;
          while (j < body.size() && HexValue(body[j]) >= 0 && digits < 7) {
            value = value * 16 + static_cast<std::uint32_t>(HexValue(body[j]));
            ++digits;
            ++j;
          }
          ok = digits >= 1 && digits <= 6 && j < body.size() && body[j] == '}';
        }
        if (ok && (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))) {
          errors->push_back({i, j + 1,
                             "`\\u{...}` is not a Unicode scalar value"});
          out.append(body.substr(i, j + 1 - i));
          i = j + 1;
          continue;
        }
        if (!ok) {
          const std::size_t end = std::min(j + (j < body.size() ? 1 : 0),
                                           body.size());
          errors->push_back({i, end, "malformed `\\u{XXXX}` escape"});
          out.append(body.substr(i, end - i));
          i = end;
          continue;
        }
        AppendUtf8(static_cast<char32_t>(value), &out);
        i = j + 1;
        continue;
      }
      default: {
        // Report the escape and keep it as written. The escaped character
        // may be multi-byte; cover all of it.
        std::size_t end = i + 2;
        while (end < body.size() &&
               (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
          ++end;
        }
        errors->push_back({i, end, "unknown escape `" +
                                       std::string(body.substr(i, end - i)) +
                                       "`"});
        out.append(body.substr(i, end - i));
        i = end;
      }
    }
  }
  return out;
}

std::optional<std::string> DateProblem(int year, int month, int day) {
  if (month < 1 || month > 12) {
    return "there is no month " + std::to_string(month);
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = (month == 2 && leap) ? 29 : kDays[month - 1];
  if (day < 1 || day > days) {
    std::string ym = std::to_string(year);
    while (ym.size() < 4) ym.insert(0, "0");
    ym += month < 10 ? "-0" : "-";
    ym += std::to_string(month);
    return ym + " has " + std::to_string(days) + " days";
  }
  return std::nullopt;
}

std::optional<std::int64_t> ParseInt64(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const int d = c - '0';
    if (value > (kMax - d) / 10) return std::nullopt;
    value = value * 10 + d;
  }
  return value;
}

}  // namespace bylaw::dsl::parse_internal
