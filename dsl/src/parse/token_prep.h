// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// Lexing and the token-level checks that run before the parser: comments
// are collected; full-width punctuation, non-ASCII names, stray characters
// and unterminated strings are reported once each and repaired where the
// intent is clear (so the parser does not cascade); a missing `ruleset`
// header is reported; and nesting depth is measured so that ANTLR's
// recursive descent never runs on input deep enough to exhaust the stack.
#ifndef BYLAW_DSL_SRC_PARSE_TOKEN_PREP_H_
#define BYLAW_DSL_SRC_PARSE_TOKEN_PREP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "BylawLexer.h"
#include "antlr4-runtime.h"
#include "bylaw/dsl/ast.h"
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

// A char stream over already-decoded code points (see utf8_input.h), so the
// text is decoded once and invalid bytes are already U+FFFD.
//
// The lexer reads a shadow copy in which every non-ASCII code point except
// U+FEFF is U+0001: no lexer rule names a non-ASCII character, so both
// lex alike, and ANTLR's lexer DFA caches transitions only for ASCII; Chinese
// text would otherwise take the slow ATN path for every character. Token
// text comes from the real code points.
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string code_points);

  const std::u32string& code_points() const { return real_; }
  // Changes one code point in both copies.
  void Set(std::size_t index, char32_t cp);
  std::string getText(const antlr4::misc::Interval& interval) override;

 private:
  static char32_t Shadow(char32_t cp) {
    return cp < 0x80 || cp == 0xFEFF ? cp : U'\x01';
  }
  std::u32string real_;
};

struct PreparedTokens {
  // Default-channel tokens for the parser, ending with EOF.
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  std::vector<Comment> comments;
  // For each token, the index of the innermost `(`, `[` or `{` still open
  // before it, or -1; used to say which bracket a syntax error leaves open.
  std::vector<std::int32_t> enclosing_open;
  // False when the parser must not run: nesting too deep or the error
  // budget spent.
  bool parse = true;
};

enum class InputKind { kFile, kExpression };

// Lexes `input` with `lexer` (whose token source the returned tokens point
// to; both must outlive the tokens).
PreparedTokens PrepareTokens(ParseContext& ctx, CodePointStream& input,
                             grammar_internal::BylawLexer& lexer,
                             InputKind kind);

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_TOKEN_PREP_H_
