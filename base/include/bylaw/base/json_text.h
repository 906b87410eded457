// Writing JSON text by hand on hot paths, without building a DOM: strings
// escaped exactly as nlohmann's dump() escapes them, and integers in
// decimal. The runtime's result and decision-log writers and the planner's
// writers share these, so that every JSON text bylaw writes by hand is byte
// for byte what nlohmann would have written (canonical JSON and content
// hashes depend on it). Part of the internal toolkit (base/, never
// installed); header-only so that the writers inline it.
#ifndef BYLAW_BASE_JSON_TEXT_H_
#define BYLAW_BASE_JSON_TEXT_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bylaw/base/utf8.h"

namespace bylaw::base {

// Appends `s` as a JSON string, quotes included: `"` and `\` escaped, the
// control characters with a short form as `\b \f \n \r \t` and the others
// as lowercase `\u00xx`; every other byte is copied. False when `s` is not
// valid UTF-8 (nlohmann refuses to dump such text); `out` then holds part
// of the string past its old size, and a caller that must not keep it
// truncates back.
inline bool AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t run = 0;  // start of the pending span that needs no escape
  std::size_t i = 0;
  while (i < s.size()) {
    i = static_cast<std::size_t>(SkipJsonPlain(s.data() + i, s.data() + s.size()) - s.data());
    if (i == s.size()) break;
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x80) {
      const char* next = SkipUtf8Multibyte(s.data() + i, s.data() + s.size());
      if (next == nullptr) return false;
      i = static_cast<std::size_t>(next - s.data());
      continue;
    }
    if (u != '"' && u != '\\' && u >= 0x20) {
      ++i;
      continue;
    }
    out->append(s.data() + run, i - run);
    switch (u) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\f': out->append("\\f"); break;
      case '\r': out->append("\\r"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[u >> 4]);
        out->push_back(kHex[u & 15]);
    }
    run = ++i;
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
  return true;
}

// Appends `value` in decimal, as nlohmann writes an integer.
inline void AppendInt(std::int64_t value, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, r.ptr);
}

inline void AppendUnsigned(std::uint64_t value, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, r.ptr);
}

}  // namespace bylaw::base

#endif  // BYLAW_BASE_JSON_TEXT_H_
