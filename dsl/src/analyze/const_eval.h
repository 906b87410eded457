// Values known at compile time: table cells, row outputs and scorecard
// grades evaluated without facts, for the analysis. Internal to
// dsl/src/analyze.
//
// Literals, enum members (bare or qualified), `none`, negated numbers,
// matters and top-level lets that name one of those are known; params are
// not (hosts may override them, and dated values change), nor is anything
// computed.
#ifndef BYLAW_DSL_SRC_ANALYZE_CONST_EVAL_H_
#define BYLAW_DSL_SRC_ANALYZE_CONST_EVAL_H_

#include <string>

#include "bylaw/dsl/program.h"
#include "exact_number.h"

namespace bylaw::dsl::analyze_internal {

// A value evaluated at compile time.
struct Const {
  enum class Kind { kUnknown, kMember, kNone, kNumber, kText, kBool, kMatter };
  Kind kind = Kind::kUnknown;
  std::string name;  // member, text, or matter's qualified name
  ExactNumber number;
  bool boolean = false;

  bool known() const { return kind != Kind::kUnknown; }
  // Same kind and value (both known).
  bool SameAs(const Const& o) const;
  // As bylaw spells it: `C`, `3`, `"x"`, `true`, `none`.
  std::string Spelling() const;
};

class ConstEval {
 public:
  // `ruleset` is where the expressions are written (for `alias.name`).
  ConstEval(const Program& program, const Ruleset* ruleset)
      : program_(program), ruleset_(ruleset) {}

  Const Eval(const Expr& expr, int depth = 0) const;

 private:
  Const OfDecl(const Decl& decl, int depth) const;

  const Program& program_;
  const Ruleset* ruleset_;
};

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_CONST_EVAL_H_
