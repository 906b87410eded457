// Syntax error phrasing and bounded recovery; see syntax_errors.h.
#include "syntax_errors.h"

#include <algorithm>
#include <set>
#include <string>

#include "BylawParser.h"

namespace bylaw::dsl::parse_internal {
namespace {

using antlr4::Token;
using P = grammar_internal::BylawParser;

// Token groups that are described by one phrase when all are expected.
// The soft keywords: the tokens the grammar's `ident` rule accepts besides
// IDENT, read from the parser's ATN so that this list is the grammar's own
// (a keyword added to `ident` is soft here at once). One grammar per
// process, so computed once.
const std::set<std::size_t>& SoftKeywords(const antlr4::atn::ATN& atn) {
  static const std::set<std::size_t> kSet = [&atn] {
    std::set<std::size_t> out;
    const antlr4::misc::IntervalSet first = atn.nextTokens(atn.ruleToStartState[P::RuleIdent]);
    for (ssize_t t : first.toList()) {
      if (t > 0 && static_cast<std::size_t>(t) != P::IDENT) out.insert(static_cast<std::size_t>(t));
    }
    return out;
  }();
  return kSet;
}

struct Group {
  std::vector<std::size_t> markers;  // all present: the group applies
  std::vector<std::size_t> members;  // removed from the list when it does
  const char* phrase;
};

const std::vector<Group>& Groups() {
  static const std::vector<Group> kGroups = {
      {{P::INT, P::STRING, P::LPAREN, P::IDENT},
       {P::INT, P::DECIMAL, P::PERCENT, P::STRING, P::DATE, P::TRUE, P::FALSE,
        P::NONE, P::LPAREN, P::LBRACK, P::LBRACE, P::MINUS, P::NOT, P::IF,
        P::IDENT},
       "an expression"},
      {{P::PLUS, P::STAR, P::AND},
       {P::EQ, P::NEQ, P::LE, P::GE, P::LT, P::GT, P::AND, P::OR, P::PLUS,
        P::MINUS, P::STAR, P::SLASH, P::DOT, P::WITH, P::IN, P::IS,
        P::CONTAINS, P::NOT},
       "an operator"},
      {{P::ENUM, P::TABLE, P::RULE, P::DEF},
       {P::ENUM, P::FACTS, P::RECORD, P::PARAM, P::SCENARIO, P::REASON,
        P::MATTER, P::TABLE, P::RULE, P::SCORECARD, P::DEF, P::LET,
        P::DECISION, P::TEST},
       "a declaration"},
      {{P::TITLE, P::JURISDICTION, P::VERSION},
       {P::TITLE, P::LEVEL, P::JURISDICTION, P::EFFECTIVE, P::STATUS,
        P::SOURCE, P::VERSION},
       "a header item (`title`, `level`, `effective`, ...)"},
      {{P::CONTENT, P::INITIATOR, P::COOPERATORS},
       {P::TYPE, P::CONTENT, P::OBJECT, P::METHODS, P::LEVEL, P::INITIATOR,
        P::COOPERATORS, P::DELEGABLE, P::KEY, P::SCENARIO, P::BASIS,
        P::EFFECTIVE},
       "a matter item (`type`, `object`, `initiator`, ...)"},
      {{P::FORBID, P::REQUIRE, P::EXCEPT},
       {P::FORBID, P::REQUIRE, P::EXCEPT, P::CODE, P::MESSAGE, P::BASIS,
        P::EFFECTIVE},
       "a rule item (`forbid when`, `require`, `except when`, ...)"},
      {{P::AS_OF, P::GIVEN, P::EXPECT},
       {P::AS_OF, P::GIVEN, P::EXPECT, P::BASIS},
       "a test item (`as_of`, `given`, `expect`)"},
      {{P::EQ, P::NEQ, P::LT, P::GE},
       {P::EQ, P::NEQ, P::LE, P::GE, P::LT, P::GT},
       "a comparison (`==`, `<`, ...)"},
      {{P::IDENT}, {P::IDENT}, "a name"},
  };
  return kGroups;
}

std::string TokenPhrase(std::size_t type, const antlr4::dfa::Vocabulary& vocab) {
  switch (type) {
    case Token::EOF: return "end of file";
    case P::STRING: return "a string";
    case P::DATE: return "a date";
    case P::INT: return "a whole number";
    case P::DECIMAL: return "a decimal number";
    case P::PERCENT: return "a percentage";
    case P::IDENT: return "a name";
    default: break;
  }
  std::string literal = vocab.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'') {
    return "`" + literal.substr(1, literal.size() - 2) + "`";
  }
  return "`" + vocab.getSymbolicName(type) + "`";
}

std::string DescribeExpected(const antlr4::misc::IntervalSet& set,
                             const antlr4::dfa::Vocabulary& vocab, const antlr4::atn::ATN& atn) {
  std::set<std::size_t> types;
  for (ssize_t t : set.toList()) {
    types.insert(t == -1 ? Token::EOF : static_cast<std::size_t>(t));
  }
  std::vector<std::string> phrases;
  if (types.count(P::IDENT)) {
    for (std::size_t k : SoftKeywords(atn)) types.erase(k);
  }
  std::vector<std::string> group_phrases;
  for (const Group& g : Groups()) {
    const bool all = std::all_of(g.markers.begin(), g.markers.end(),
                                 [&](std::size_t k) { return types.count(k); });
    if (!all) continue;
    for (std::size_t k : g.members) types.erase(k);
    group_phrases.push_back(g.phrase);
  }
  // Specific tokens first (`}`, `,`), then groups, then end of file; when
  // the list is long, groups first so they are not cut.
  bool eof = types.erase(Token::EOF) > 0;
  const bool long_list = types.size() + group_phrases.size() + eof > 6;
  if (long_list) phrases = group_phrases;
  for (std::size_t t : types) phrases.push_back(TokenPhrase(t, vocab));
  if (!long_list) {
    for (auto& g : group_phrases) phrases.push_back(std::move(g));
  }
  if (eof) phrases.push_back("end of file");
  if (phrases.empty()) return "something else";
  constexpr std::size_t kMax = 6;
  const bool cut = phrases.size() > kMax;
  if (cut) phrases.resize(kMax);
  std::string out;
  for (std::size_t i = 0; i < phrases.size(); ++i) {
    if (i > 0) out += (i + 1 == phrases.size() && !cut) ? " or " : ", ";
    out += phrases[i];
  }
  if (cut) out += ", ...";
  return out;
}

std::string Found(Token* t) {
  if (t == nullptr || t->getType() == Token::EOF) return "end of file";
  std::string text = t->getText();
  // Cut long text (a string literal, a synthetic name) at a code point
  // boundary.
  if (text.size() > 32) {
    std::size_t cut = 32;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text = text.substr(0, cut) + "...";
  }
  return "`" + text + "`";
}

bool IsHardKeyword(std::size_t type, const antlr4::dfa::Vocabulary& vocab,
                   const antlr4::atn::ATN& atn) {
  if (type == Token::EOF || SoftKeywords(atn).count(type)) return false;
  const std::string literal = vocab.getLiteralName(type);
  return literal.size() > 2 && std::isalpha(static_cast<unsigned char>(literal[1]));
}

bool Has(const antlr4::misc::IntervalSet& set, std::size_t type) {
  return set.contains(type);
}

std::size_t CloserFor(std::size_t open) {
  switch (open) {
    case P::LPAREN: return P::RPAREN;
    case P::LBRACK: return P::RBRACK;
    default: return P::RBRACE;
  }
}

bool IsDeclStart(std::size_t type) {
  switch (type) {
    case P::ENUM: case P::FACTS: case P::RECORD: case P::PARAM:
    case P::SCENARIO: case P::REASON: case P::MATTER: case P::TABLE:
    case P::RULE: case P::SCORECARD: case P::DEF: case P::LET:
    case P::DECISION: case P::TEST: case P::IMPORT:
      return true;
    default:
      return false;
  }
}

// Whether `t` is the first token on its line: declarations start lines,
// so such a keyword is more likely the next declaration than a typo.
bool StartsLine(antlr4::TokenStream* stream, Token* t) {
  const std::size_t index = t->getTokenIndex();
  if (index == 0 || index > stream->size()) return true;
  return stream->get(index - 1)->getLine() < t->getLine();
}

// "the table `frequency` started at line 3" when `opener` is the brace of
// a declaration still being parsed; otherwise "the `(` at 3:14".
std::string DescribeOpener(ParseContext& ctx, antlr4::Parser* recognizer,
                           Token* opener) {
  const LineCol at =
      ctx.file().LineColAt(ctx.ByteAt(opener->getStartIndex()));
  for (antlr4::ParserRuleContext* c = recognizer->getContext(); c != nullptr;
       c = dynamic_cast<antlr4::ParserRuleContext*>(c->parent)) {
    bool owns = false;
    for (antlr4::tree::ParseTree* child : c->children) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
      if (term != nullptr && term->getSymbol() == opener) owns = true;
    }
    if (!owns) continue;
    const char* noun = nullptr;
    switch (c->getRuleIndex()) {
      case P::RuleEnumDecl: noun = "enum"; break;
      case P::RuleRecordDecl: noun = "record"; break;
      case P::RuleParamDecl: noun = "param"; break;
      case P::RuleMatterDecl: noun = "matter"; break;
      case P::RuleTableDecl: noun = "table"; break;
      case P::RuleRuleDecl: noun = "rule"; break;
      case P::RuleScorecardDecl: noun = "scorecard"; break;
      case P::RuleDecisionDecl: noun = "decision"; break;
      case P::RuleTestDecl: noun = "test"; break;
      default: break;
    }
    if (noun == nullptr) break;
    std::string what = noun;
    if (c->getRuleIndex() == P::RuleRecordDecl && c->getStart() != nullptr) {
      what = c->getStart()->getText();  // `facts` or `record`
    }
    for (antlr4::tree::ParseTree* child : c->children) {
      if (auto* id = dynamic_cast<P::IdentContext*>(child)) {
        what += " `" + id->getText() + "`";
        break;
      }
    }
    const Token* start = c->getStart();
    const LineCol decl_at = ctx.file().LineColAt(
        ctx.ByteAt(start != nullptr ? start->getStartIndex() : 0));
    return "the " + what + " started at line " + std::to_string(decl_at.line);
  }
  return "the `" + opener->getText() + "` at " + std::to_string(at.line) +
         ":" + std::to_string(at.column);
}

}  // namespace

SyntaxErrorStrategy::SyntaxErrorStrategy(
    ParseContext& ctx, const std::vector<std::int32_t>& enclosing_open)
    : ctx_(ctx), enclosing_open_(enclosing_open) {}

void SyntaxErrorStrategy::Report(antlr4::Parser* recognizer, Token* found,
                                 const antlr4::misc::IntervalSet& expected) {
  if (gave_up_ || ctx_.stopped() || found == nullptr) return;
  const antlr4::dfa::Vocabulary& vocab = recognizer->getVocabulary();
  antlr4::TokenStream* stream = recognizer->getTokenStream();
  const std::size_t index = found->getTokenIndex();
  const std::size_t type = found->getType();

  // Where: the found token; at end of file, just after the last token, so
  // the caret sits where the missing text belongs.
  SourceRange range;
  if (type == Token::EOF) {
    std::uint32_t end = 0;
    if (index > 0 && index - 1 < stream->size()) {
      Token* last = stream->get(index - 1);
      end = ctx_.ByteAt(last->getStopIndex() + 1);
    }
    range = ctx_.Bytes(end, end);
  } else {
    range = ctx_.CodePoints(found->getStartIndex(), found->getStopIndex());
  }

  std::string message;
  std::string help;
  std::vector<DiagnosticLabel> labels;
  // An open bracket whose closer is expected: say which one is open.
  const std::int32_t open =
      index < enclosing_open_.size() ? enclosing_open_[index] : -1;
  bool closer_message = false;
  if (open >= 0 && static_cast<std::size_t>(open) < stream->size()) {
    Token* opener = stream->get(static_cast<std::size_t>(open));
    const std::size_t closer = CloserFor(opener->getType());
    const bool found_ends = type == Token::EOF || type == P::RPAREN ||
                            type == P::RBRACK || type == P::RBRACE ||
                            (IsDeclStart(type) && !Has(expected, P::IDENT));
    if (Has(expected, closer) && found_ends && type != closer) {
      closer_message = true;
      message = "expected " + TokenPhrase(closer, vocab) + " to close " +
                DescribeOpener(ctx_, recognizer, opener) + ", found " +
                Found(found);
      labels.push_back({ctx_.CodePoints(opener->getStartIndex(),
                                        opener->getStopIndex()),
                        "opened here"});
    }
  }
  if (!closer_message) {
    message = "expected " + DescribeExpected(expected, vocab, recognizer->getATN()) + ", found " +
              Found(found);
  }

  // Common mistakes.
  if (type == P::ASSIGN && !Has(expected, P::ASSIGN)) {
    help = "use `==` to compare";
  } else if (type == P::INT && Has(expected, P::DATE)) {
    help = "write dates as YYYY-MM-DD with two-digit month and day, e.g. "
           "`2024-09-02`";
  } else if (type == P::DPIPE && Has(expected, P::OR)) {
    help = "use `or`";
  } else if (IsHardKeyword(type, vocab, recognizer->getATN()) && Has(expected, P::IDENT) &&
             !Has(expected, P::INT) && !StartsLine(stream, found)) {
    help = Found(found) + " is a reserved word; choose another name";
  } else if (type == P::STRING && Has(expected, P::IDENT) && !Has(expected, P::STRING)) {
    help = "a name is written without quotes";
  } else if (type == P::IDENT && Has(expected, P::IMPORT) && Has(expected, P::ENUM) &&
             !Has(expected, P::IDENT)) {
    help = "header items are `title`, `level`, `jurisdiction`, `effective`, "
           "`status`, `source` and `version`; declarations start with a "
           "keyword such as `enum`, `facts`, `matter`, `table` or `rule`";
  }
  ctx_.Error("syntax_error", range, message, help, labels);
}

void SyntaxErrorStrategy::reportNoViableAlternative(
    antlr4::Parser* recognizer, const antlr4::NoViableAltException& e) {
  Report(recognizer, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportInputMismatch(
    antlr4::Parser* recognizer, const antlr4::InputMismatchException& e) {
  Report(recognizer, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportFailedPredicate(
    antlr4::Parser* recognizer, const antlr4::FailedPredicateException& e) {
  // The grammar has no predicates; report like any other error.
  Report(recognizer, e.getOffendingToken(), e.getExpectedTokens());
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  Report(recognizer, recognizer->getCurrentToken(),
         getExpectedTokens(recognizer));
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* recognizer) {
  if (inErrorRecoveryMode(recognizer)) return;
  beginErrorCondition(recognizer);
  Report(recognizer, recognizer->getCurrentToken(),
         getExpectedTokens(recognizer));
}

Token* SyntaxErrorStrategy::singleTokenDeletion(antlr4::Parser* recognizer) {
  // Deleting a declaration keyword that starts a line (`let x = 1 +` then
  // `let y = 2`) would glue two declarations together and cascade; leave
  // it for the next declaration.
  Token* t = recognizer->getCurrentToken();
  if (IsDeclStart(t->getType()) &&
      StartsLine(recognizer->getTokenStream(), t)) {
    return nullptr;
  }
  return DefaultErrorStrategy::singleTokenDeletion(recognizer);
}

void SyntaxErrorStrategy::SkipToEnd(antlr4::Parser* recognizer) {
  gave_up_ = true;
  beginErrorCondition(recognizer);
  antlr4::TokenStream* stream = recognizer->getTokenStream();
  if (stream->size() > 0) stream->seek(stream->size() - 1);
}

void SyntaxErrorStrategy::recover(antlr4::Parser* recognizer,
                                  std::exception_ptr e) {
  // Each recovery scans forward for a token in the follow set; bounding
  // their number bounds the work on garbage.
  const int limit = std::max(ctx_.options().max_errors, 1) * 4;
  if (gave_up_ || ctx_.stopped() || ++recoveries_ > limit) {
    SkipToEnd(recognizer);
    return;
  }
  DefaultErrorStrategy::recover(recognizer, e);
}

void SyntaxErrorStrategy::sync(antlr4::Parser* recognizer) {
  if (gave_up_ || ctx_.stopped()) {
    if (recognizer->getCurrentToken()->getType() != Token::EOF) {
      SkipToEnd(recognizer);
    }
    return;
  }
  // ANTLR throws at the entry of a `x*` loop when the next token fits
  // neither the loop nor what follows, which unwinds to the enclosing rule:
  // a typo in the ruleset header would discard every declaration of the
  // file. Recover as ANTLR does inside a loop instead: report, then skip to
  // a token that can continue.
  if (inErrorRecoveryMode(recognizer)) return;
  const antlr4::atn::ATN& atn = recognizer->getATN();
  antlr4::atn::ATNState* state = atn.states[recognizer->getState()];
  if (state->getStateType() != antlr4::atn::ATNState::STAR_LOOP_ENTRY) {
    DefaultErrorStrategy::sync(recognizer);
    return;
  }
  const std::size_t la = recognizer->getTokenStream()->LA(1);
  const antlr4::misc::IntervalSet next = atn.nextTokens(state);
  if (next.contains(Token::EPSILON) || next.contains(la)) return;
  if (singleTokenDeletion(recognizer) != nullptr) return;
  reportUnwantedToken(recognizer);
  antlr4::misc::IntervalSet expecting = recognizer->getExpectedTokens();
  consumeUntil(recognizer, expecting.Or(getErrorRecoverySet(recognizer)));
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* /*recognizer*/,
                                      Token* offending_symbol, size_t /*line*/,
                                      size_t /*char_position_in_line*/,
                                      const std::string& msg,
                                      std::exception_ptr /*e*/) {
  SourceRange range = ctx_.Bytes(0, 0);
  if (offending_symbol != nullptr &&
      offending_symbol->getType() != Token::EOF) {
    range = ctx_.CodePoints(offending_symbol->getStartIndex(),
                            offending_symbol->getStopIndex());
  }
  ctx_.Error("syntax_error", range, msg);
}

}  // namespace bylaw::dsl::parse_internal
