// The shared UTF-8 pieces (bylaw/base/utf8.h): every well-formed
// sequence is accepted and every ill-formed one refused, at the edges of
// Unicode's table 3-7, and encoding round-trips through nlohmann's decoder;
// the eight-byte scan of plain JSON string text stops where the byte loop
// stops, for every byte at every offset.
#include "bylaw/base/utf8.h"

#include <catch2/catch.hpp>

#include <rapidcheck.h>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace base = bylaw::base;

TEST_CASE("well-formed UTF-8 is told from ill-formed at the table's edges") {
  for (const char* ok : {"", "ascii", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
                         "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",
                         "\xe5\x8d\x97\xe9\x80\x9a"}) {
    INFO(ok);
    CHECK(base::IsValidUtf8(ok));
  }
  for (const char* bad : {"\x80", "\xc0\x80", "\xc1\xbf", "\xc2", "\xe0\x9f\xbf",  // overlongs, cut
                          "\xed\xa0\x80", "\xed\xbf\xbf",                          // surrogates
                          "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",  // range
                          "\xe5\x8d", "a\xff", "\xe5\x8d\x41"}) {
    INFO(bad);
    CHECK_FALSE(base::IsValidUtf8(bad));
  }
  CHECK(base::Utf8SequenceLength("\xe5\x8d\x97", 0) == 3);
  CHECK(base::Utf8SequenceLength("\xe5\x8d", 0) == 0);
}

TEST_CASE("code points are encoded as nlohmann decodes their escapes") {
  for (char32_t cp : {0x24u, 0x7fu, 0x80u, 0x7ffu, 0x800u, 0xd7ffu, 0xe000u, 0xffffu, 0x10000u,
                      0x1f600u, 0x10ffffu}) {
    std::string mine;
    base::AppendUtf8(cp, &mine);
    char escaped[32];
    if (cp < 0x10000) {
      std::snprintf(escaped, sizeof escaped, "\"\\u%04x\"", static_cast<unsigned>(cp));
    } else {
      const unsigned v = static_cast<unsigned>(cp) - 0x10000;
      std::snprintf(escaped, sizeof escaped, "\"\\u%04x\\u%04x\"", 0xd800 + (v >> 10),
                    0xdc00 + (v & 0x3ff));
    }
    INFO(escaped);
    CHECK(mine == nlohmann::json::parse(escaped).get<std::string>());
    CHECK(base::IsValidUtf8(mine));
  }
}

TEST_CASE("hex digits of \\u escapes") {
  CHECK(base::HexDigit('0') == 0);
  CHECK(base::HexDigit('9') == 9);
  CHECK(base::HexDigit('a') == 10);
  CHECK(base::HexDigit('F') == 15);
  CHECK(base::HexDigit('g') == -1);
  CHECK(base::HexDigit('/') == -1);
}

TEST_CASE("JSON string escapes decode as nlohmann decodes them, and bad ones are refused") {
  for (const char* escape : {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041",
                             "\\u00e9", "\\u4e2d", "\\uD83D\\uDE00", "\\ud83d\\ude00x"}) {
    INFO(escape);
    const std::string text(escape);
    std::string mine;
    const std::size_t used = base::DecodeJsonEscape(text, 1, &mine);
    REQUIRE(used > 0);
    const std::string quoted = "\"" + text.substr(0, 1 + used) + "\"";
    CHECK(mine == nlohmann::json::parse(quoted).get<std::string>());
  }
  std::string pair;
  CHECK(base::DecodeJsonEscape("\\uD83D\\uDE00tail", 1, &pair) == 11);
  for (const char* bad : {"\\x", "\\", "\\u12", "\\u12g4", "\\uDE00", "\\uD83D", "\\uD83Dx",
                          "\\uD83D\\u0041", "\\uD83D\\n"}) {
    INFO(bad);
    std::string out = "kept";
    CHECK(base::DecodeJsonEscape(bad, 1, &out) == 0);
    CHECK(out == "kept");
  }
}

TEST_CASE("UTF-16 columns count a Chinese character once and an emoji twice") {
  using bylaw::base::Utf16Length;
  using bylaw::base::Utf8OffsetOfUtf16;
  const std::string line = "  \xE4\xB8\xAD\xE6\x96\x87 x \xF0\x9F\x98\x80y";  // "  中文 x 😀y"
  CHECK(Utf16Length("abc") == 3);
  CHECK(Utf16Length(line) == 2 + 2 + 3 + 2 + 1);
  CHECK(Utf8OffsetOfUtf16(line, 4) == 2 + 6);        // after 中文
  CHECK(Utf8OffsetOfUtf16(line, 5) == 2 + 6 + 1);
  CHECK(Utf8OffsetOfUtf16(line, 9) == line.size() - 1);  // after 😀
  CHECK(Utf8OffsetOfUtf16(line, 8) == line.size() - 1);  // inside the pair
  CHECK(Utf8OffsetOfUtf16(line, 99) == line.size());
  CHECK(Utf16Length(std::string("a\xFF" "b")) == 3);  // invalid byte counts 1
}

TEST_CASE("SkipJsonPlain stops at the first byte a JSON string cannot hold as it is") {
  // Every byte value at every offset of a 40-byte run (two SSE2 blocks,
  // a word and some) of plain text, with a second stop byte after it: the
  // scan stops at the first non-plain byte, as the byte-by-byte reference
  // does.
  const auto reference = [](const char* p, const char* end) {
    while (p != end && base::kJsonPlain[static_cast<unsigned char>(*p)]) ++p;
    return p;
  };
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at = 0; at < 40; ++at) {
      std::string s(40, 'a');
      s[at] = static_cast<char>(b);
      if (at + 3 < s.size()) s[at + 3] = '"';
      for (std::size_t from = 0; from <= at; ++from) {
        const char* begin = s.data() + from;
        const char* end = s.data() + s.size();
        CAPTURE(b, at, from);
        REQUIRE(base::SkipJsonPlain(begin, end) == reference(begin, end));
      }
    }
  }
  CHECK(base::kJsonPlain['a']);
  CHECK_FALSE(base::kJsonPlain['"']);
  CHECK_FALSE(base::kJsonPlain['\\']);
  CHECK_FALSE(base::kJsonPlain[0x1f]);
  CHECK_FALSE(base::kJsonPlain[0x80]);
  CHECK(base::kJsonPlain[0x7f]);
}

// SkipUtf8Multibyte's reference: one Utf8SequenceLength at a time, up to
// the next ASCII byte; nullptr on a sequence it refuses.
namespace {
const char* SkipUtf8MultibyteReference(const char* p, const char* end) {
  while (p != end && static_cast<unsigned char>(*p) >= 0x80) {
    const std::size_t n =
        base::Utf8SequenceLength(std::string_view(p, static_cast<std::size_t>(end - p)), 0);
    if (n == 0) return nullptr;
    p += n;
  }
  return p;
}
}  // namespace

TEST_CASE("SkipUtf8Multibyte accepts and refuses the sequences Utf8SequenceLength does") {
  // Against the reference, every lead byte of 0x80 and up with every two
  // following bytes, after a Chinese character and before an ASCII byte,
  // cut at every length: the fast three-byte form must not accept what the
  // table refuses (E0 80, ED A0 surrogates, truncation) nor refuse what it
  // takes.
  const auto reference = SkipUtf8MultibyteReference;
  std::size_t refused = 0, accepted = 0;
  for (int b0 = 0x80; b0 < 0x100; ++b0) {
    for (int b1 = 0; b1 < 0x100; ++b1) {
      for (int b2 = 0; b2 < 0x100; ++b2) {
        std::string s = "\xE4\xB8\xAD";  // 中
        s.push_back(static_cast<char>(b0));
        s.push_back(static_cast<char>(b1));
        s.push_back(static_cast<char>(b2));
        s.push_back('a');
        for (std::size_t cut = 4; cut <= s.size(); ++cut) {
          const char* end = s.data() + cut;
          const char* want = reference(s.data(), end);
          const char* got = base::SkipUtf8Multibyte(s.data(), end);
          if (got != want) {
            CAPTURE(b0, b1, b2, cut);
            REQUIRE(got == want);
          }
          (want == nullptr ? refused : accepted) += 1;
        }
      }
    }
  }
  CHECK(refused > 0);
  CHECK(accepted > 0);
  const std::string han = "南通市";
  CHECK(base::SkipUtf8Multibyte(han.data(), han.data() + han.size()) == han.data() + han.size());
  const std::string mixed = "市a";
  CHECK(base::SkipUtf8Multibyte(mixed.data(), mixed.data() + mixed.size()) == mixed.data() + 3);
}

// The four-at-a-time check of the three-byte form (SSE2) runs on long
// runs only: long random texts of Chinese and other sequences, with a
// byte changed, cut or inserted anywhere, against the same reference.
TEST_CASE("SkipUtf8Multibyte on long runs agrees with Utf8SequenceLength") {
  const auto reference = SkipUtf8MultibyteReference;
  const bool ok = rc::check("long multi-byte runs", [&] {
    static const char* const kPieces[] = {"\xE4\xB8\xAD",
                                          "\xE5\x8D\x97",
                                          "\xEF\xBF\xBD",
                                          "\xE1\x80\x80",
                                          "\xEC\xBF\xBF",
                                          "\xEE\x80\x80",
                                          "\xE0\xA0\x80",
                                          "\xED\x9F\xBF",
                                          "\xC3\xA9",
                                          "\xF0\x9F\x98\x80",
                                          "a"};
    std::string s;
    for (int k : *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 40))) {
      s += kPieces[k < 30 ? k % 2 : k - 29];  // mostly Chinese
    }
    if (!s.empty()) {
      const std::size_t at = *rc::gen::inRange<std::size_t>(0, s.size());
      switch (*rc::gen::inRange(0, 4)) {
        case 0: s[at] = static_cast<char>(*rc::gen::inRange(0, 256)); break;
        case 1: s.insert(at, 1, static_cast<char>(*rc::gen::inRange(0x80, 0x100))); break;
        case 2: s.resize(at); break;
        default: break;  // unchanged
      }
    }
    const std::size_t from = s.empty() ? 0 : *rc::gen::inRange<std::size_t>(0, s.size());
    const char* p = s.data() + from;
    const char* end = s.data() + s.size();
    RC_ASSERT(base::SkipUtf8Multibyte(p, end) == reference(p, end));
  });
  CHECK(ok);
}
