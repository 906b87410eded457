// Internal to dsl/src/parse (public API: bylaw/dsl/parser.h).
//
// Turns ANTLR's syntax errors into bylaw Diagnostics phrased for policy
// authors ("expected `}` to close the table `t` started at line 3, found
// `rule`") and bounds error recovery: after the error budget or a fixed
// number of recovery attempts the parser skips to the end of the input, so
// garbage cannot make recovery quadratic.
#ifndef BYLAW_DSL_SRC_PARSE_SYNTAX_ERRORS_H_
#define BYLAW_DSL_SRC_PARSE_SYNTAX_ERRORS_H_

#include <cstdint>
#include <vector>

#include "antlr4-runtime.h"
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  // `enclosing_open` as in PreparedTokens; must outlive the strategy.
  SyntaxErrorStrategy(ParseContext& ctx,
                      const std::vector<std::int32_t>& enclosing_open);

  void recover(antlr4::Parser* recognizer, std::exception_ptr e) override;
  void sync(antlr4::Parser* recognizer) override;

 protected:
  void reportNoViableAlternative(antlr4::Parser* recognizer,
                                 const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* recognizer,
                           const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* recognizer,
                             const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* recognizer) override;
  void reportMissingToken(antlr4::Parser* recognizer) override;
  antlr4::Token* singleTokenDeletion(antlr4::Parser* recognizer) override;

 private:
  void Report(antlr4::Parser* recognizer, antlr4::Token* found,
              const antlr4::misc::IntervalSet& expected);
  void SkipToEnd(antlr4::Parser* recognizer);

  ParseContext& ctx_;
  const std::vector<std::int32_t>& enclosing_open_;
  int recoveries_ = 0;
  bool gave_up_ = false;
};

// Reports what ANTLR reports outside the error strategy (there should be
// nothing) as `syntax_error`, instead of printing to the console.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit SyntaxErrorListener(ParseContext& ctx) : ctx_(ctx) {}
  void syntaxError(antlr4::Recognizer* recognizer,
                   antlr4::Token* offending_symbol, size_t line,
                   size_t char_position_in_line, const std::string& msg,
                   std::exception_ptr e) override;

 private:
  ParseContext& ctx_;
};

}  // namespace bylaw::dsl::parse_internal

#endif  // BYLAW_DSL_SRC_PARSE_SYNTAX_ERRORS_H_
