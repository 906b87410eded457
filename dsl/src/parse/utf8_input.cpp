// UTF-8 validation and decoding for the lexer; see utf8_input.h.
#include "utf8_input.h"

#include <cstdint>

namespace bylaw::dsl::parse_internal {
namespace {

// The code point at `s[i]` and its length in bytes; 0 when the bytes there
// are not well-formed UTF-8 (the runtime's check, so that rule files and
// facts accept the same text).
std::size_t DecodeOne(std::string_view s, std::size_t i, char32_t* cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  if (byte(i) < 0x80) {
    *cp = byte(i);
    return 1;
  }
  const std::size_t len = base::Utf8SequenceLength(s, i);
  if (len == 0) return 0;
  char32_t value = byte(i) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) value = (value << 6) | (byte(i + k) & 0x3F);
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

}  // namespace bylaw::dsl::parse_internal
