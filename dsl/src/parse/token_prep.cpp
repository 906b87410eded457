// Lexing and token-level checks before parsing; see token_prep.h.
#include "token_prep.h"

#include <utf8proc.h>

#include <algorithm>

#include "utf8_input.h"

namespace bylaw::dsl::parse_internal {
namespace {

using grammar_internal::BylawLexer;
using antlr4::CommonToken;
using antlr4::Token;

// The ASCII character a full-width or CJK punctuation mark stands for,
// where the intent is clear; 0 otherwise.
char32_t AsciiFor(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // full-width ASCII
  switch (cp) {
    case 0x3000: return U' ';   // ideographic space
    case 0x3001: return U',';   // 、
    case 0x201C:                // “
    case 0x201D: return U'"';   // ”
    case 0x3010: return U'[';   // 【
    case 0x3011: return U']';   // 】
    default: return 0;
  }
}

std::string Utf8(char32_t cp) {
  std::string s;
  AppendUtf8(cp, &s);
  return s;
}

// Help text for a full-width or CJK mark replaced by its ASCII meaning.
std::string SubstitutionHelp(char32_t original, char32_t ascii) {
  const std::string o = Utf8(original);
  if (original == 0x3000) return "full-width space — use an ASCII space";
  if (original == 0x201C || original == 0x201D) {
    return "curly quote `" + o + "` — strings use ASCII `\"`";
  }
  if (original == 0x3001) return "enumeration comma `、` — use `,`";
  return "full-width `" + o + "` — use `" + Utf8(ascii) + "`";
}

// Help text for characters that have no place outside strings.
std::string StrayHelp(char32_t cp, char32_t original) {
  switch (original) {
    case 0xFF1B: return "full-width `；` — bylaw needs no `;`";
    case 0x3002: return "full-width `。` — remove it";
    default: break;
  }
  switch (cp) {
    case U';': return "bylaw needs no `;`";
    case U'\'': return "strings use double quotes `\"`";
    case U'&': return "use `and`";
    case U'!': return "use `not`";
    case 0x2265: return "use `>=`";
    case 0x2264: return "use `<=`";
    case 0x2260: return "use `!=`";
    case 0x2192: return "use `->`";
    case 0x3002: return "full-width `。` — remove it";
    case 0xFFFD: return "";
    default: break;
  }
  if (cp < 0x80) return "";
  return "only ASCII is allowed outside strings and comments";
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return false;
  const utf8proc_category_t c =
      utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
         c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
         c == UTF8PROC_CATEGORY_LO;
}

bool IsWordToken(const Token& t, const std::u32string& cps) {
  const std::size_t type = t.getType();
  if (type == BylawLexer::IDENT || type == BylawLexer::INT) return true;
  if (type == BylawLexer::INVALID_CHAR) return IsLetter(cps[t.getStartIndex()]);
  // Keywords: their first character is a letter.
  if (type == Token::EOF || t.getStartIndex() >= cps.size()) return false;
  const char32_t c = cps[t.getStartIndex()];
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_';
}

struct Substitution {
  std::size_t index;
  char32_t original;
};

// Pass 1: find full-width marks that the lexer sees as stray characters
// and write their ASCII meaning into the input, so that pass 2 lexes
// `“text”` as a string and `（` as `(`. A mark inside a string or comment is
// lexed as part of it and never replaced.
std::vector<Substitution> Substitute(CodePointStream& input) {
  std::vector<Substitution> subs;
  const std::u32string& cps = input.code_points();
  if (std::none_of(cps.begin(), cps.end(),
                   [](char32_t c) { return AsciiFor(c) != 0; })) {
    return subs;
  }
  BylawLexer lexer(&input);
  lexer.removeErrorListeners();
  for (;;) {
    std::unique_ptr<Token> t = lexer.nextToken();
    if (t->getType() == Token::EOF) break;
    if (t->getType() != BylawLexer::INVALID_CHAR) continue;
    const std::size_t i = t->getStartIndex();
    if (const char32_t ascii = AsciiFor(cps[i]); ascii != 0) {
      subs.push_back({i, cps[i]});
      input.Set(i, ascii);
    }
  }
  input.seek(0);
  return subs;
}

}  // namespace

CodePointStream::CodePointStream(std::u32string code_points)
    : real_(std::move(code_points)) {
  _data.resize(real_.size());
  std::transform(real_.begin(), real_.end(), _data.begin(), Shadow);
  p = 0;
}

void CodePointStream::Set(std::size_t index, char32_t cp) {
  real_[index] = cp;
  _data[index] = Shadow(cp);
}

std::string CodePointStream::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < interval.a) return "";
  const std::size_t start = static_cast<std::size_t>(interval.a);
  const std::size_t stop =
      std::min(static_cast<std::size_t>(interval.b), real_.size() - 1);
  if (start >= real_.size()) return "";
  std::string out;
  out.reserve(stop - start + 1);
  for (std::size_t i = start; i <= stop; ++i) AppendUtf8(real_[i], &out);
  return out;
}

namespace {

class TokenPrep {
 public:
  TokenPrep(ParseContext& ctx, CodePointStream& input, BylawLexer& lexer)
      : ctx_(ctx), input_(input), cps_(input.code_points()), lexer_(lexer) {}

  PreparedTokens Run(InputKind kind) {
    subs_ = Substitute(input_);
    lexer_.removeErrorListeners();
    while (!ctx_.stopped()) {
      std::unique_ptr<Token> t = lexer_.nextToken();
      const bool eof = t->getType() == Token::EOF;
      if (!eof) HandleSubstitutions(*t);
      if (IsWordToken(*t, cps_)) {
        if (!word_run_.empty() &&
            word_run_.back()->getStopIndex() + 1 != t->getStartIndex()) {
          FlushWords();
        }
        FlushStray();
        word_run_.push_back(std::move(t));
        continue;
      }
      FlushWords();
      if (t->getType() == BylawLexer::INVALID_CHAR) {
        AddStray(std::move(t));
        continue;
      }
      FlushStray();
      if (eof) {
        HandleSubstitutionsBefore(cps_.size());
        out_.tokens.push_back(std::move(t));
        break;
      }
      Handle(std::move(t));
    }
    if (ctx_.stopped()) {
      out_.parse = false;
      return std::move(out_);
    }
    if (kind == InputKind::kFile) CheckHeader();
    CheckNesting();
    return std::move(out_);
  }

 private:
  std::unique_ptr<CommonToken> Synthetic(std::size_t type, std::string text,
                                         std::size_t start, std::size_t stop,
                                         const Token& like) {
    auto t = std::make_unique<CommonToken>(
        std::make_pair(static_cast<antlr4::TokenSource*>(&lexer_),
                       static_cast<antlr4::CharStream*>(&input_)),
        type, Token::DEFAULT_CHANNEL, start, stop);
    t->setText(std::move(text));
    t->setLine(like.getLine());
    t->setCharPositionInLine(like.getCharPositionInLine());
    return t;
  }

  // Reports substitutions skipped over (they were whitespace in pass 2).
  void HandleSubstitutionsBefore(std::size_t index) {
    while (next_sub_ < subs_.size() && subs_[next_sub_].index < index) {
      ReportSubstitution(subs_[next_sub_]);
      ++next_sub_;
    }
  }

  void ReportSubstitution(const Substitution& s) {
    const std::string o = Utf8(s.original);
    ctx_.Error("invalid_character", ctx_.CodePoints(s.index, s.index),
               "unexpected character `" + o + "`",
               SubstitutionHelp(s.original, cps_[s.index]));
  }

  void HandleSubstitutions(const Token& t) {
    const std::size_t start = t.getStartIndex();
    const std::size_t stop = t.getStopIndex();
    HandleSubstitutionsBefore(start);
    const std::size_t type = t.getType();
    while (next_sub_ < subs_.size() && subs_[next_sub_].index <= stop) {
      const Substitution& s = subs_[next_sub_++];
      const bool in_text = type == BylawLexer::COMMENT ||
                           ((type == BylawLexer::STRING ||
                             type == BylawLexer::UNTERMINATED_STRING) &&
                            s.index != start &&
                            !(type == BylawLexer::STRING && s.index == stop));
      if (in_text || type == BylawLexer::INVALID_CHAR) {
        // Inside text the mark means itself; a mark whose ASCII meaning is
        // still stray is reported with the stray characters.
        if (type == BylawLexer::INVALID_CHAR) stray_original_ = s.original;
        input_.Set(s.index, s.original);
        continue;
      }
      ReportSubstitution(s);
    }
  }

  // A run of touching word tokens containing a non-ASCII letter is a
  // name written in Chinese (or another script): one diagnostic, and one
  // IDENT for the parser.
  void FlushWords() {
    if (word_run_.empty()) return;
    const bool non_ascii = std::any_of(
        word_run_.begin(), word_run_.end(), [](const auto& t) {
          return t->getType() == BylawLexer::INVALID_CHAR;
        });
    if (!non_ascii) {
      for (auto& t : word_run_) out_.tokens.push_back(std::move(t));
      word_run_.clear();
      return;
    }
    const std::size_t start = word_run_.front()->getStartIndex();
    const std::size_t stop = word_run_.back()->getStopIndex();
    std::string text;
    for (std::size_t i = start; i <= stop; ++i) AppendUtf8(cps_[i], &text);
    ctx_.Error("invalid_character", ctx_.CodePoints(start, stop),
               "`" + text + "` is not a valid name",
               "names are ASCII; put Chinese text in a label string");
    out_.tokens.push_back(
        Synthetic(BylawLexer::IDENT, text, start, stop, *word_run_.front()));
    word_run_.clear();
  }

  void AddStray(std::unique_ptr<Token> t) {
    const std::size_t start = t->getStartIndex();
    if (stray_count_ > 0 && stray_stop_ + 1 != start) FlushStray();
    if (stray_count_ == 0) {
      stray_start_ = start;
      stray_first_ = cps_[start];
      stray_first_original_ = stray_original_;
      stray_first_token_ = std::move(t);
    }
    stray_original_ = 0;
    stray_stop_ = start;
    ++stray_count_;
  }

  // One diagnostic per run of stray characters. `&`/`&&` and `!` stand for
  // `and` and `not`, so the parser gets those instead of a cascade.
  void FlushStray() {
    if (stray_count_ == 0) return;
    std::string text;
    bool all_replacement = true;
    for (std::size_t i = stray_start_; i <= stray_stop_; ++i) {
      if (cps_[i] != 0xFFFD) all_replacement = false;
      if (i - stray_start_ < 16) AppendUtf8(cps_[i], &text);
    }
    if (stray_stop_ - stray_start_ >= 16) text += "…";
    // U+FFFD came from invalid UTF-8, already reported.
    if (!all_replacement) {
      const std::string what = stray_count_ == 1 ? "character" : "characters";
      ctx_.Error("invalid_character", ctx_.CodePoints(stray_start_, stray_stop_),
                 "unexpected " + what + " `" + text + "`",
                 StrayHelp(stray_first_, stray_first_original_));
    }
    if (text == "&" || text == "&&") {
      out_.tokens.push_back(Synthetic(BylawLexer::AND, text, stray_start_,
                                      stray_stop_, *stray_first_token_));
    } else if (text == "!") {
      out_.tokens.push_back(Synthetic(BylawLexer::NOT, text, stray_start_,
                                      stray_stop_, *stray_first_token_));
    }
    stray_count_ = 0;
    stray_first_token_.reset();
  }

  void Handle(std::unique_ptr<Token> t) {
    switch (t->getType()) {
      case BylawLexer::COMMENT:
        out_.comments.push_back(
            Comment{t->getText(),
                    ctx_.CodePoints(t->getStartIndex(), t->getStopIndex())});
        return;
      case BylawLexer::UNTERMINATED_STRING: {
        ctx_.Error("unterminated_string",
                   ctx_.CodePoints(t->getStartIndex(), t->getStopIndex()),
                   "unterminated string",
                   "close it with `\"` on the same line; write `\\n` for a "
                   "line break");
        // The parser sees a terminated string so the line still parses.
        out_.tokens.push_back(Synthetic(BylawLexer::STRING,
                                        t->getText() + "\"",
                                        t->getStartIndex(), t->getStopIndex(),
                                        *t));
        return;
      }
      default:
        if (t->getChannel() != Token::DEFAULT_CHANNEL) return;
        out_.tokens.push_back(std::move(t));
    }
  }

  void CheckHeader() {
    std::vector<std::unique_ptr<Token>>& tokens = out_.tokens;
    Token& first = *tokens.front();
    if (first.getType() == BylawLexer::RULESET) return;
    const std::size_t start =
        first.getType() == Token::EOF ? cps_.size() : first.getStartIndex();
    // `rulset demo`: a misspelled keyword followed by a name.
    if (first.getType() == BylawLexer::IDENT && tokens.size() > 2 &&
        tokens[1]->getType() == BylawLexer::IDENT) {
      ctx_.Error("missing_ruleset_header",
                 ctx_.CodePoints(start, first.getStopIndex()),
                 "expected `ruleset` at the start of the file, found `" +
                     first.getText() + "`",
                 "every file starts with `ruleset <id>`");
      if (auto* ct = dynamic_cast<CommonToken*>(&first)) {
        ct->setType(BylawLexer::RULESET);
      }
      return;
    }
    ctx_.Error("missing_ruleset_header",
               ctx_.Bytes(ctx_.ByteAt(start), ctx_.ByteAt(start)),
               "file does not start with a `ruleset` header",
               "begin the file with `ruleset <id>`, e.g. `ruleset "
               "nantong.rudong`");
    // An empty-named header lets the declarations still parse; the AST
    // builder leaves the header id empty.
    auto keyword =
        Synthetic(BylawLexer::RULESET, "ruleset", start, start - 1, first);
    auto name = Synthetic(BylawLexer::IDENT, "", start, start - 1, first);
    tokens.insert(tokens.begin(), std::move(name));
    tokens.insert(tokens.begin(), std::move(keyword));
  }

  // Depth = open brackets + open `if`s + a run of prefix operators
  // (`not`, `-`) or generic type openers (`list<`). Each of these is one
  // level of recursion in the generated parser.
  void CheckNesting() {
    const int limit = ctx_.options().max_nesting;
    std::vector<std::size_t> stack;  // token indexes of openers and `if`s
    std::vector<std::int32_t> brackets;  // indexes of open brackets only
    const auto& tokens = out_.tokens;
    out_.enclosing_open.resize(tokens.size(), -1);
    int run = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      out_.enclosing_open[i] = brackets.empty() ? -1 : brackets.back();
      const std::size_t type = tokens[i]->getType();
      switch (type) {
        case BylawLexer::LPAREN:
        case BylawLexer::LBRACK:
        case BylawLexer::LBRACE:
          stack.push_back(i);
          brackets.push_back(static_cast<std::int32_t>(i));
          run = 0;
          break;
        case BylawLexer::IF:
          stack.push_back(i);
          run = 0;
          break;
        case BylawLexer::RPAREN:
        case BylawLexer::RBRACK:
        case BylawLexer::RBRACE: {
          const std::size_t open = type == BylawLexer::RPAREN ? BylawLexer::LPAREN
                                   : type == BylawLexer::RBRACK ? BylawLexer::LBRACK
                                                                : BylawLexer::LBRACE;
          // Pop to the matching opener; an unmatched closer (or an interval
          // such as `[1..2)`) pops the nearest bracket.
          auto it = std::find_if(stack.rbegin(), stack.rend(), [&](std::size_t k) {
            return tokens[k]->getType() == open;
          });
          if (it == stack.rend()) {
            it = std::find_if(stack.rbegin(), stack.rend(), [&](std::size_t k) {
              return tokens[k]->getType() != BylawLexer::IF;
            });
          }
          if (it != stack.rend()) {
            const std::size_t k = *it;
            while (!stack.empty() && stack.back() != k) stack.pop_back();
            stack.pop_back();
            while (!brackets.empty() &&
                   static_cast<std::size_t>(brackets.back()) >= k) {
              brackets.pop_back();
            }
          }
          run = 0;
          break;
        }
        case BylawLexer::ELSE:
          if (!stack.empty() && tokens[stack.back()]->getType() == BylawLexer::IF) {
            stack.pop_back();
          }
          run = 0;
          break;
        case BylawLexer::NOT:
        case BylawLexer::MINUS:
        case BylawLexer::LT:
          ++run;
          break;
        default:
          // `list<list<...`: a name before `<` continues the run.
          if (!(i + 1 < tokens.size() &&
                tokens[i + 1]->getType() == BylawLexer::LT)) {
            run = 0;
          }
      }
      if (static_cast<int>(stack.size()) + run > limit) {
        const Token& t = *tokens[i];
        ctx_.Error("nesting_too_deep",
                   ctx_.CodePoints(t.getStartIndex(), t.getStopIndex()),
                   "nesting deeper than " + std::to_string(limit) + " levels",
                   "split the expression with `let` or `def`");
        out_.parse = false;
        return;
      }
    }
  }

  ParseContext& ctx_;
  CodePointStream& input_;
  const std::u32string& cps_;
  BylawLexer& lexer_;
  PreparedTokens out_;
  std::vector<Substitution> subs_;
  std::size_t next_sub_ = 0;
  std::vector<std::unique_ptr<Token>> word_run_;
  // The current run of stray characters.
  std::size_t stray_count_ = 0;
  std::size_t stray_start_ = 0;
  std::size_t stray_stop_ = 0;
  char32_t stray_first_ = 0;
  char32_t stray_first_original_ = 0;
  char32_t stray_original_ = 0;  // set by HandleSubstitutions for AddStray
  std::unique_ptr<Token> stray_first_token_;
};

}  // namespace

PreparedTokens PrepareTokens(ParseContext& ctx, CodePointStream& input,
                             BylawLexer& lexer, InputKind kind) {
  return TokenPrep(ctx, input, lexer).Run(kind);
}

}  // namespace bylaw::dsl::parse_internal
