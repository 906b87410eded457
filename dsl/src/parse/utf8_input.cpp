// UTF-8 validation and decoding for the lexer; see utf8_input.h.
#include "utf8_input.h"

#include <cstdint>

namespace bylaw::dsl::parse_internal {
namespace {

// Length of the valid sequence starting at `s[i]`, or 0 when the bytes
// there are not valid UTF-8. Stores the decoded value in `*cp`.
std::size_t DecodeOne(std::string_view s, std::size_t i, char32_t* cp) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(s[k]);
  };
  const unsigned char b0 = byte(i);
  std::size_t len;
  char32_t value;
  char32_t min;
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, value = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, value = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, value = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF) return 0;           // overlong, too big
  if (value >= 0xD800 && value <= 0xDFFF) return 0;         // surrogate
  *cp = value;
  return len;
}

}  // namespace

std::u32string DecodeUtf8(ParseContext& ctx) {
  const std::string& text = ctx.file().text();
  std::u32string out;
  out.reserve(text.size());
  std::vector<std::uint32_t>& offsets = ctx.offsets();
  offsets.clear();
  offsets.reserve(text.size() + 1);
  std::size_t bad_begin = 0;
  bool in_bad_run = false;
  const auto flush_bad = [&](std::size_t end) {
    if (!in_bad_run) return;
    in_bad_run = false;
    ctx.Error("invalid_utf8",
              ctx.Bytes(static_cast<std::uint32_t>(bad_begin),
                        static_cast<std::uint32_t>(end)),
              "invalid UTF-8 at byte " + std::to_string(bad_begin),
              "save the file as UTF-8; the bytes were read as U+FFFD");
  };
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp;
    std::size_t len = DecodeOne(text, i, &cp);
    if (len == 0) {
      // One replacement character per bad byte keeps the offset map simple;
      // a run of bad bytes is reported once.
      if (!in_bad_run) {
        in_bad_run = true;
        bad_begin = i;
      }
      cp = 0xFFFD;
      len = 1;
    } else {
      flush_bad(i);
    }
    offsets.push_back(static_cast<std::uint32_t>(i));
    out.push_back(cp);
    i += len;
  }
  flush_bad(text.size());
  offsets.push_back(static_cast<std::uint32_t>(text.size()));
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace bylaw::dsl::parse_internal
