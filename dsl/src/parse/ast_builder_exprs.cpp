// The AST builder for expressions and literals; see ast_builder.h.
//
// Operator chains (`a + b + c`) are flat in the parse tree but nest in the
// AST, so besides the token-level nesting check the builder tracks the
// depth of every expression it builds and stops at 5 * max_nesting: a
// 100,000-term sum must not become a tree whose destructor overflows the
// stack.
#include <algorithm>

#include "ast_builder.h"

namespace bylaw::dsl::parse_internal {

using P = grammar_internal::BylawParser;

namespace {

std::optional<BinaryOp> BinaryOpFor(std::size_t token_type) {
  switch (token_type) {
    case P::OR: return BinaryOp::kOr;
    case P::AND: return BinaryOp::kAnd;
    case P::PLUS: return BinaryOp::kAdd;
    case P::MINUS: return BinaryOp::kSub;
    case P::STAR: return BinaryOp::kMul;
    case P::SLASH: return BinaryOp::kDiv;
    case P::EQ: return BinaryOp::kEq;
    case P::NEQ: return BinaryOp::kNe;
    case P::LT: return BinaryOp::kLt;
    case P::LE: return BinaryOp::kLe;
    case P::GT: return BinaryOp::kGt;
    case P::GE: return BinaryOp::kGe;
    default: return std::nullopt;
  }
}

}  // namespace

bool AstBuilder::DepthOk(int depth, SourceRange at) {
  const int limit = std::max(ctx_.options().max_nesting, 1) * 5;
  if (depth <= limit) return true;
  if (!depth_reported_) {
    depth_reported_ = !streaming_;
    ctx_.Error("nesting_too_deep", at,
               "expression nested deeper than " + std::to_string(limit) +
                   " levels",
               "split the expression with `let` or `def`");
  }
  return false;
}

ExprPtr AstBuilder::Placeholder(SourceRange at) {
  auto expr = std::make_unique<Expr>();
  expr->node = LiteralExpr{LiteralKind::kNone, "", false, {}, {}};
  expr->range = at;
  last_depth_ = 1;
  return expr;
}

ExprPtr AstBuilder::MakeExpr(SourceRange range, decltype(Expr::node) node,
                             int depth) {
  auto expr = std::make_unique<Expr>();
  expr->node = std::move(node);
  expr->range = range;
  last_depth_ = depth;
  return expr;
}

ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx,
                              antlr4::ParserRuleContext* parent) {
  if (ctx == nullptr) {
    const SourceRange at = Range(parent);
    return Placeholder(ctx_.Bytes(at.end, at.end));
  }
  // Backstop: the token-level check already bounds this recursion.
  struct Guard {
    int& n;
    explicit Guard(int& count) : n(count) { ++n; }
    ~Guard() { --n; }
  } guard(recursion_);
  if (!DepthOk(recursion_, Range(ctx))) return Placeholder(Range(ctx));

  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    IfExpr node;
    node.cond = BuildExpr(c->expr(0), c);
    int depth = last_depth_;
    node.then_expr = BuildExpr(c->expr(1), c);
    depth = std::max(depth, last_depth_);
    node.else_expr = BuildExpr(c->expr(2), c);
    depth = std::max(depth, last_depth_) + 1;
    if (!DepthOk(depth, Range(c))) return Placeholder(Range(c));
    return MakeExpr(Range(c), std::move(node), depth);
  }
  if (auto* c = dynamic_cast<P::PlainExprContext*>(ctx)) {
    if (c->orExpr() != nullptr) return BuildOr(c->orExpr());
  }
  return Placeholder(Range(ctx));
}

template <typename Operand, typename BuildFn, typename OpFn>
ExprPtr AstBuilder::BuildChain(antlr4::ParserRuleContext* ctx, BuildFn build,
                               OpFn op) {
  ExprPtr lhs;
  int depth = 0;
  std::optional<BinaryOp> pending;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* operand = dynamic_cast<Operand*>(child)) {
      ExprPtr rhs = (this->*build)(operand);
      if (lhs == nullptr) {
        lhs = std::move(rhs);
        depth = last_depth_;
        continue;
      }
      depth = std::max(depth, last_depth_) + 1;
      const SourceRange range = lhs->range.Join(rhs->range);
      if (!DepthOk(depth, range)) return Placeholder(Range(ctx));
      lhs = MakeExpr(range,
                     BinaryExpr{pending.value_or(BinaryOp::kAdd),
                                std::move(lhs), std::move(rhs)},
                     depth);
    } else if (auto* term = dynamic_cast<Terminal*>(child)) {
      if (std::optional<BinaryOp> o = op(term->getSymbol()->getType())) {
        pending = o;
      }
    }
  }
  if (lhs == nullptr) return Placeholder(Range(ctx));
  last_depth_ = depth;
  return lhs;
}

ExprPtr AstBuilder::BuildOr(P::OrExprContext* ctx) {
  return BuildChain<P::AndExprContext>(ctx, &AstBuilder::BuildAnd, BinaryOpFor);
}

ExprPtr AstBuilder::BuildAnd(P::AndExprContext* ctx) {
  return BuildChain<P::NotExprContext>(ctx, &AstBuilder::BuildNot, BinaryOpFor);
}

ExprPtr AstBuilder::BuildNot(P::NotExprContext* ctx) {
  if (auto* c = dynamic_cast<P::NotOpContext*>(ctx)) {
    if (c->notExpr() == nullptr) return Placeholder(Range(c));
    ExprPtr operand = BuildNot(c->notExpr());
    const int depth = last_depth_ + 1;
    if (!DepthOk(depth, Range(c))) return Placeholder(Range(c));
    return MakeExpr(Range(c), UnaryExpr{UnaryOp::kNot, std::move(operand)},
                    depth);
  }
  if (auto* c = dynamic_cast<P::NotPlainContext*>(ctx)) {
    if (c->compareExpr() != nullptr) return BuildCompare(c->compareExpr());
  }
  return Placeholder(Range(ctx));
}

ExprPtr AstBuilder::BuildCompare(P::CompareExprContext* ctx) {
  if (ctx->addExpr() == nullptr) return Placeholder(Range(ctx));
  ExprPtr lhs = BuildAdd(ctx->addExpr());
  P::CompareTailContext* tail = ctx->compareTail();
  if (tail == nullptr) return lhs;
  int depth = last_depth_;
  const SourceRange range = Range(ctx);
  auto rhs_of = [&](P::AddExprContext* add) {
    ExprPtr rhs = add != nullptr ? BuildAdd(add) : Placeholder(Range(tail));
    depth = std::max(depth, last_depth_) + 1;
    return rhs;
  };
  decltype(Expr::node) node;
  if (auto* c = dynamic_cast<P::CompareBinaryContext*>(tail)) {
    std::optional<BinaryOp> op;
    if (c->compareOp() != nullptr && c->compareOp()->getStart() != nullptr) {
      op = BinaryOpFor(c->compareOp()->getStart()->getType());
    }
    ExprPtr rhs = rhs_of(c->addExpr());
    node = BinaryExpr{op.value_or(BinaryOp::kEq), std::move(lhs), std::move(rhs)};
  } else if (auto* c = dynamic_cast<P::CompareInContext*>(tail)) {
    ExprPtr rhs = rhs_of(c->addExpr());
    node = BinaryExpr{c->NOT() != nullptr ? BinaryOp::kNotIn : BinaryOp::kIn,
                      std::move(lhs), std::move(rhs)};
  } else if (auto* c = dynamic_cast<P::CompareContainsContext*>(tail)) {
    ExprPtr rhs = rhs_of(c->addExpr());
    node = BinaryExpr{BinaryOp::kContains, std::move(lhs), std::move(rhs)};
  } else if (auto* c = dynamic_cast<P::CompareIsNoneContext*>(tail)) {
    ++depth;
    node = IsNoneExpr{std::move(lhs), c->NOT() != nullptr};
  } else {
    return lhs;
  }
  if (!DepthOk(depth, range)) return Placeholder(range);
  return MakeExpr(range, std::move(node), depth);
}

ExprPtr AstBuilder::BuildAdd(P::AddExprContext* ctx) {
  return BuildChain<P::MulExprContext>(ctx, &AstBuilder::BuildMul, BinaryOpFor);
}

ExprPtr AstBuilder::BuildMul(P::MulExprContext* ctx) {
  return BuildChain<P::UnaryExprContext>(ctx, &AstBuilder::BuildUnary,
                                         BinaryOpFor);
}

ExprPtr AstBuilder::BuildUnary(P::UnaryExprContext* ctx) {
  if (auto* c = dynamic_cast<P::NegateContext*>(ctx)) {
    if (c->unaryExpr() == nullptr) return Placeholder(Range(c));
    ExprPtr operand = BuildUnary(c->unaryExpr());
    const int depth = last_depth_ + 1;
    if (!DepthOk(depth, Range(c))) return Placeholder(Range(c));
    return MakeExpr(Range(c), UnaryExpr{UnaryOp::kNeg, std::move(operand)},
                    depth);
  }
  if (auto* c = dynamic_cast<P::UnaryPlainContext*>(ctx)) {
    if (c->postfixExpr() != nullptr) return BuildPostfix(c->postfixExpr());
  }
  return Placeholder(Range(ctx));
}

ExprPtr AstBuilder::BuildPostfix(P::PostfixExprContext* ctx) {
  if (ctx->primary() == nullptr) return Placeholder(Range(ctx));
  ExprPtr base = BuildPrimary(ctx->primary());
  int depth = last_depth_;
  for (P::PostfixOpContext* op : ctx->postfixOp()) {
    ++depth;
    const SourceRange range = base->range.Join(Range(op));
    if (!DepthOk(depth, range)) return Placeholder(Range(ctx));
    if (auto* c = dynamic_cast<P::FieldAccessContext*>(op)) {
      Ident field;
      if (c->ident() != nullptr) {
        field = MakeIdent(c->ident(), c);
      } else if (c->NONE() != nullptr) {
        // A member named `none`, qualified (`Harm.none`): the one spelling
        // of it that cannot be read as the absent value.
        field = Ident{"none", Range(c->NONE())};
      } else {
        continue;
      }
      base = MakeExpr(range, FieldExpr{std::move(base), std::move(field)}, depth);
    } else if (auto* c = dynamic_cast<P::RecordUpdateContext*>(op)) {
      std::vector<FieldInit> fields = BuildRecordBody(c->recordBody());
      depth = std::max(depth, last_depth_ + 1);
      base = MakeExpr(range, WithExpr{std::move(base), std::move(fields)}, depth);
    }
  }
  last_depth_ = depth;
  return base;
}

std::vector<FieldInit> AstBuilder::BuildRecordBody(P::RecordBodyContext* ctx) {
  std::vector<FieldInit> fields;
  int depth = 0;
  if (ctx != nullptr) {
    for (P::FieldInitContext* f : ctx->fieldInit()) {
      FieldInit field;
      field.name = MakeIdent(f->ident(), f);
      field.value = BuildExpr(f->expr(), f);
      depth = std::max(depth, last_depth_);
      field.range = Range(f);
      fields.push_back(std::move(field));
    }
  }
  last_depth_ = depth;
  return fields;
}

ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx) {
  const SourceRange range = Range(ctx);
  if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) {
    if (c->literal() != nullptr) return BuildLiteral(c->literal());
  } else if (auto* c = dynamic_cast<P::ComprehensionContext*>(ctx)) {
    ComprehensionExpr node;
    node.op = MakeIdent(c->ident(0), c);
    node.var = MakeIdent(c->ident(1), c);
    node.source = BuildExpr(c->expr(0), c);
    int depth = last_depth_;
    node.body = BuildExpr(c->expr(1), c);
    depth = std::max(depth, last_depth_) + 1;
    if (!DepthOk(depth, range)) return Placeholder(range);
    return MakeExpr(range, std::move(node), depth);
  } else if (auto* c = dynamic_cast<P::CallContext*>(ctx)) {
    CallExpr node;
    node.callee = MakeIdent(c->ident(), c);
    int depth = 0;
    for (P::ExprContext* arg : c->expr()) {
      node.args.push_back(BuildExpr(arg, c));
      depth = std::max(depth, last_depth_);
    }
    if (!DepthOk(depth + 1, range)) return Placeholder(range);
    return MakeExpr(range, std::move(node), depth + 1);
  } else if (auto* c = dynamic_cast<P::RecordLiteralContext*>(ctx)) {
    RecordExpr node;
    node.type_name = MakeQualifiedName(c->qualifiedName(), c);
    node.fields = BuildRecordBody(c->recordBody());
    const int depth = last_depth_ + 1;
    if (!DepthOk(depth, range)) return Placeholder(range);
    return MakeExpr(range, std::move(node), depth);
  } else if (auto* c = dynamic_cast<P::NameContext*>(ctx)) {
    return MakeExpr(range, NameExpr{MakeIdent(c->ident(), c)}, 1);
  } else if (auto* c = dynamic_cast<P::ParensContext*>(ctx)) {
    // The node as written, parentheses included.
    ExprPtr inner = BuildExpr(c->expr(), c);
    inner->parenthesized = true;
    inner->range = range;
    return inner;
  } else if (auto* c = dynamic_cast<P::ListLiteralContext*>(ctx)) {
    ListExpr node;
    int depth = 0;
    for (P::ExprContext* item : c->expr()) {
      node.items.push_back(BuildExpr(item, c));
      depth = std::max(depth, last_depth_);
    }
    if (!DepthOk(depth + 1, range)) return Placeholder(range);
    return MakeExpr(range, std::move(node), depth + 1);
  } else if (auto* c = dynamic_cast<P::SetLiteralContext*>(ctx)) {
    ListExpr node;
    node.is_set = true;
    int depth = 0;
    for (P::ExprContext* item : c->expr()) {
      node.items.push_back(BuildExpr(item, c));
      depth = std::max(depth, last_depth_);
    }
    if (!DepthOk(depth + 1, range)) return Placeholder(range);
    return MakeExpr(range, std::move(node), depth + 1);
  }
  return Placeholder(range);
}

ExprPtr AstBuilder::BuildLiteral(P::LiteralContext* ctx) {
  const SourceRange range = Range(ctx);
  LiteralExpr lit;
  if (auto* c = dynamic_cast<P::IntLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::kInt;
    lit.text = c->INT() != nullptr ? c->INT()->getText() : "0";
    MakeInt(c->INT());  // reports `number_out_of_range`
    if (P::DurationUnitContext* unit = c->durationUnit()) {
      lit.kind = LiteralKind::kDuration;
      switch (unit->getStart() != nullptr ? unit->getStart()->getType() : 0) {
        case P::MONTH:
        case P::MONTHS: lit.unit = DurationUnit::kMonths; break;
        case P::YEAR:
        case P::YEARS: lit.unit = DurationUnit::kYears; break;
        default: lit.unit = DurationUnit::kDays; break;
      }
    }
  } else if (auto* c = dynamic_cast<P::DecimalLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::kDecimal;
    lit.text = c->getText();
  } else if (auto* c = dynamic_cast<P::PercentLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::kPercent;
    lit.text = c->getText();
    if (!lit.text.empty() && lit.text.back() == '%') lit.text.pop_back();
  } else if (auto* c = dynamic_cast<P::StringLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::kText;
    if (std::optional<Text> text = MakeText(c->STRING())) {
      lit.text = std::move(text->value);
    }
  } else if (auto* c = dynamic_cast<P::DateLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::kDate;
    if (std::optional<Date> date = MakeDate(c->DATE())) lit.date = *date;
    lit.text = c->getText();
  } else if (auto* c = dynamic_cast<P::BoolLitContext*>(ctx)) {
    lit.kind = LiteralKind::kBool;
    lit.bool_value = c->boolLiteral() != nullptr &&
                     c->boolLiteral()->TRUE() != nullptr;
    lit.text = lit.bool_value ? "true" : "false";
  } else {
    lit.kind = LiteralKind::kNone;
  }
  return MakeExpr(range, std::move(lit), 1);
}

}  // namespace bylaw::dsl::parse_internal
