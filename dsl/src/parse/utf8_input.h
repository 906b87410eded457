// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// UTF-8 validation and decoding before lexing. ANTLR's C++ runtime works on
// code points; bylaw reports byte offsets. Decoding here, once, gives both:
// the code points the lexer reads and, in the ParseContext, the byte offset
// of every code point. Invalid bytes are reported (`invalid_utf8`) and each
// becomes U+FFFD, so the rest of the file still parses.
#ifndef BYLAW_DSL_SRC_PARSE_UTF8_INPUT_H_
#define BYLAW_DSL_SRC_PARSE_UTF8_INPUT_H_

#include <string>
#include <string_view>

#include "bylaw/base/utf8.h"
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

// Decodes `ctx.file().text()`, fills `ctx.offsets()` and returns the code
// points. Overlong forms, surrogates and values above U+10FFFF are invalid.
std::u32string DecodeUtf8(ParseContext& ctx);

// Appends the UTF-8 encoding of `cp` (which must be a valid scalar value).
using base::AppendUtf8;

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_UTF8_INPUT_H_
