// UTF-8 as every JSON reader and writer of bylaw needs it: the length of
// one well-formed sequence (RFC 3629, table 3-7 of Unicode: no overlongs,
// no surrogates, nothing past U+10FFFF), whole-text validation, encoding a
// code point, hex digits and JSON string escapes, skipping the plain run
// of a JSON string eight bytes at a time, and UTF-16 columns (the
// language server's positions). The runtime's facts
// reader, its canonical JSON and result writers, the lexer and the
// planner's readers share these, so that all of them accept and reject the
// same bytes. Part of the internal toolkit (base/, never installed);
// header-only: the readers call them per byte.
#ifndef BYLAW_BASE_UTF8_H_
#define BYLAW_BASE_UTF8_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bylaw::base {

// Length (2-4) of the well-formed sequence starting at `s[i]`, a byte of
// 0x80 or above; 0 when it is not one.
inline std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  const unsigned char c = b(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c == 0xE0) return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c == 0xED) return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
  if (c == 0xF0) return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  if (c == 0xF4) return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  return 0;
}

// Skips the well-formed multi-byte sequences that follow one another from
// `p` (text in Chinese is one long run of them) and returns the first byte
// past them: an ASCII byte, or `end`. nullptr when one of them is
// ill-formed, as Utf8SequenceLength judges it. The common three-byte form
// (leads E1..EC, EE, EF: most of the BMP, all of CJK) is checked inline;
// the others take Utf8SequenceLength. With SSE2, four of the three-byte
// form are checked at once (12 bytes of a 16-byte load, for the same
// conditions), a third of the branches a message in Chinese costs.
inline const char* SkipUtf8Multibyte(const char* p, const char* end) {
  while (p != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x80) return p;
#if defined(__SSE2__)
    if (c >= 0xE1) {
      const __m128i e1 = _mm_set1_epi8(static_cast<char>(0xE1));
      const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
      const __m128i ed = _mm_set1_epi8(static_cast<char>(0xED));
      const __m128i top2 = _mm_set1_epi8(static_cast<char>(0xC0));
      const __m128i cont = _mm_set1_epi8(static_cast<char>(0x80));
      while (end - p >= 16) {
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Unsigned E1 <= byte <= EF, byte != ED: a lead of the form.
        const __m128i lead = _mm_andnot_si128(
            _mm_cmpeq_epi8(w, ed), _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(w, e1), w),
                                                 _mm_cmpeq_epi8(_mm_min_epu8(w, ef), w)));
        const __m128i follow = _mm_cmpeq_epi8(_mm_and_si128(w, top2), cont);
        // Leads at bytes 0, 3, 6, 9 and continuations at the eight others
        // of the first 12.
        if ((_mm_movemask_epi8(lead) & 0x249) != 0x249 ||
            (_mm_movemask_epi8(follow) & 0xDB6) != 0xDB6) {
          break;
        }
        p += 12;
      }
    }
    const auto c3 = static_cast<unsigned char>(*p);
    if (c3 < 0x80) return p;
#else
    const unsigned char c3 = c;
#endif
    if (end - p >= 3 && c3 >= 0xE1 && c3 <= 0xEF && c3 != 0xED &&
        (static_cast<unsigned char>(p[1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(p[2]) & 0xC0) == 0x80) {
      p += 3;
      continue;
    }
    const std::size_t n =
        Utf8SequenceLength(std::string_view(p, static_cast<std::size_t>(end - p)), 0);
    if (n == 0) return nullptr;
    p += n;
  }
  return p;
}

// Whether all of `s` is well-formed UTF-8.
inline bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Appends code point `cp` (at most U+10FFFF; a caller decoding `\u`
// escapes has paired surrogates already) in UTF-8.
inline void AppendUtf8(char32_t cp, std::string* out) {
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

// The value of a hex digit (`0-9a-fA-F`), or -1.
inline int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes a JSON string holds as they are, unescaped and without a
// UTF-8 check: printable ASCII but `"` and `\`.
inline constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

// The first byte at or after `p` that is not plain (kJsonPlain), or `end`:
// sixteen bytes at a time with SSE2, then eight while there are eight,
// testing all of them at once for a byte below 0x20, a quote, a backslash
// or one of 0x80 and up.
// The JSON string readers and writers skip their runs of plain text so.
inline const char* SkipJsonPlain(const char* p, const char* end) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  // The first byte in memory is the word's lowest on little-endian
  // machines only; others take the byte loop.
#if defined(__SSE2__)
  {
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i slash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
      const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Signed: bytes of 0x80 and up are negative, so below 0x20 too.
      const __m128i stop =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)),
                       _mm_cmplt_epi8(w, space));
      const int mask = _mm_movemask_epi8(stop);
      if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
      p += 16;
    }
  }
#endif
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t quote = w ^ (kOnes * '"');
      const std::uint64_t slash = w ^ (kOnes * '\\');
      // (x - 0x01..) & ~x & 0x80.. is set in the bytes where x is zero (a
      // borrow can mark bytes above a true zero only, past where the scan
      // stops); (w - 0x20..) & ~w marks the bytes below 0x20 likewise, and
      // w itself the bytes of 0x80 and up.
      const std::uint64_t stop = (((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) |
                                  ((w - kOnes * 0x20) & ~w) | w) &
                                 kHigh;
      if (stop != 0) return p + (std::countr_zero(stop) >> 3);
      p += 8;
    }
  }
  while (p != end && kJsonPlain[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// Decodes the JSON string escape whose letter is `s[i]` (just past the
// backslash) and appends what it stands for in UTF-8: `\" \\ \/ \b \f \n
// \r \t`, and `\uXXXX` with a high surrogate joined to the `\uXXXX` low
// one that must follow. Returns the bytes consumed from `i`; 0 for an
// unknown letter, a short or non-hex `\u`, or a lone surrogate (`out` is
// then unchanged).
inline std::size_t DecodeJsonEscape(std::string_view s, std::size_t i, std::string* out) {
  if (i >= s.size()) return 0;
  char plain = 0;
  switch (s[i]) {
    case '"': plain = '"'; break;
    case '\\': plain = '\\'; break;
    case '/': plain = '/'; break;
    case 'b': plain = '\b'; break;
    case 'f': plain = '\f'; break;
    case 'n': plain = '\n'; break;
    case 'r': plain = '\r'; break;
    case 't': plain = '\t'; break;
    case 'u': break;
    default: return 0;
  }
  if (plain != 0) {
    out->push_back(plain);
    return 1;
  }
  const auto hex4 = [&](std::size_t at, char32_t* cp) {
    if (at + 4 > s.size()) return false;
    char32_t v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const int d = HexDigit(s[k]);
      if (d < 0) return false;
      v = (v << 4) | static_cast<char32_t>(d);
    }
    *cp = v;
    return true;
  };
  char32_t cp = 0;
  if (!hex4(i + 1, &cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
  std::size_t used = 5;  // u and four digits
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    char32_t low = 0;
    if (i + 6 >= s.size() || s[i + 5] != '\\' || s[i + 6] != 'u' || !hex4(i + 7, &low) ||
        low < 0xDC00 || low > 0xDFFF) {
      return 0;
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    used = 11;
  }
  AppendUtf8(cp, out);
  return used;
}

// UTF-16 code units of UTF-8 text, as the Language Server Protocol counts
// columns: a four-byte sequence is a surrogate pair (2), any other code
// point 1; an invalid byte counts 1 (an editor shows it as U+FFFD).
inline std::size_t Utf16Length(std::string_view s) {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n =
        static_cast<unsigned char>(s[i]) < 0x80 ? 1 : Utf8SequenceLength(s, i);
    units += n == 4 ? 2 : 1;
    i += n == 0 ? 1 : n;
  }
  return units;
}

// The byte offset in `s` that lies `units` UTF-16 code units in, counted as
// Utf16Length does; past the end it is `s.size()`, and inside a surrogate
// pair it is the end of that code point.
inline std::size_t Utf8OffsetOfUtf16(std::string_view s, std::size_t units) {
  std::size_t i = 0;
  std::size_t seen = 0;
  while (i < s.size() && seen < units) {
    const std::size_t n =
        static_cast<unsigned char>(s[i]) < 0x80 ? 1 : Utf8SequenceLength(s, i);
    seen += n == 4 ? 2 : 1;
    i += n == 0 ? 1 : n;
  }
  return i;
}

}  // namespace bylaw::base

#endif  // BYLAW_BASE_UTF8_H_
