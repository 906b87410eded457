// ExprLowerer (see expr_lowering.h).
#include "expr_lowering.h"

#include "bylaw/bundle/schema.h"
#include "literal_lowering.h"
#include "type_lowering.h"

namespace bylaw::dsl::lower_internal {
namespace {

// The runtime rejects deeper IR (docs/bundle.md, section 5); stopping here
// also bounds this recursive walk.
constexpr int kMaxDepth = 200;


bool IsEnumMember(const Decl& decl, const std::string& name) {
  const auto* e = std::get_if<EnumDecl>(&decl.node);
  if (e == nullptr) return false;
  for (const EnumMember& m : e->members) {
    if (m.name.text == name) return true;
  }
  return false;
}

}  // namespace

nlohmann::json ExprLowerer::Lower(
    const Expr& expr, const std::unordered_map<const Expr*, std::string>* substitutions) {
  substitutions_ = substitutions;
  nlohmann::json out = LowerAt(expr, 0);
  substitutions_ = nullptr;
  return out;
}

nlohmann::json ExprLowerer::TypeOf(const Type& type, const SourceRange& range) {
  std::optional<nlohmann::json> lowered = LowerType(type, ctx_);
  if (lowered) return std::move(*lowered);
  ctx_.sink()
      .Error("lower_untyped", range, "expression has no checked type")
      .Help("lowering needs a program that type-checked without errors");
  return KindType(bundle::kind::kNone);
}

nlohmann::json ExprLowerer::Unsupported(const SourceRange& range,
                                        const std::string& what) {
  ctx_.sink().Error("lower_unsupported", range,
                    what + " cannot be compiled into a bundle");
  return NoneLiteral();
}

const Decl* ExprLowerer::StaticDecl(const Expr& expr) const {
  if (const auto* name = std::get_if<NameExpr>(&expr.node)) return name->decl;
  if (const auto* field = std::get_if<FieldExpr>(&expr.node)) {
    const auto* base = std::get_if<NameExpr>(&field->base->node);
    // An alias is not a value: the checker gives it no type, and a local
    // or declaration with the same name would have one.
    if (base != nullptr && base->decl == nullptr &&
        (field->base->type.kind == TypeKind::kUnknown ||
         field->base->type.kind == TypeKind::kError)) {
      return ctx_.FindAliased(module_, base->name.text, field->field.text);
    }
  }
  return nullptr;
}

nlohmann::json ExprLowerer::LowerAt(const Expr& expr, int depth) {
  if (depth > kMaxDepth) {
    ctx_.sink()
        .Error("lower_too_deep", expr.range,
               "expression nests deeper than " + std::to_string(kMaxDepth) +
                   " levels")
        .Help("split it with `let` or `def`");
    return NoneLiteral();
  }
  if (substitutions_ != nullptr) {
    if (auto it = substitutions_->find(&expr); it != substitutions_->end()) {
      return {{"op", bundle::op::kVar}, {"name", it->second}};
    }
  }
  const int next = depth + 1;
  return std::visit(
      [&](const auto& node) -> nlohmann::json {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, LiteralExpr>) {
          std::optional<nlohmann::json> lit =
              LowerLiteral(node, expr.type, false, expr.range, ctx_);
          return lit ? *lit : NoneLiteral();
        } else if constexpr (std::is_same_v<T, NameExpr>) {
          return LowerName(expr, node);
        } else if constexpr (std::is_same_v<T, FieldExpr>) {
          return LowerField(expr, node, next);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          if (node.op == UnaryOp::kNeg) {
            if (const auto* lit = std::get_if<LiteralExpr>(&node.operand->node);
                lit != nullptr && (lit->kind == LiteralKind::kInt ||
                                   lit->kind == LiteralKind::kDecimal ||
                                   lit->kind == LiteralKind::kPercent)) {
              std::optional<nlohmann::json> folded = LowerLiteral(
                  *lit, node.operand->type, true, expr.range, ctx_);
              return folded ? *folded : NoneLiteral();
            }
          }
          return {{"op", node.op == UnaryOp::kNeg ? bundle::op::kNeg : bundle::op::kNot},
                  {"arg", LowerAt(*node.operand, next)}};
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          return {{"op", BinaryOpName(node.op)},
                  {"lhs", LowerAt(*node.lhs, next)},
                  {"rhs", LowerAt(*node.rhs, next)}};
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          return {{"op", node.negated ? bundle::op::kIsNotNone : bundle::op::kIsNone},
                  {"arg", LowerAt(*node.operand, next)}};
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          return {{"op", bundle::op::kIf},
                  {"cond", LowerAt(*node.cond, next)},
                  {"then", LowerAt(*node.then_expr, next)},
                  {"else", LowerAt(*node.else_expr, next)}};
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          return LowerCall(expr, node, next);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          nlohmann::json source = LowerAt(*node.source, next);
          object_locals_.push_back(node.var.text);
          nlohmann::json body = LowerAt(*node.body, next);
          object_locals_.pop_back();
          return {{"op", bundle::op::kComp},
                  {"fn", node.op.text},
                  {"var", node.var.text},
                  {"source", std::move(source)},
                  {"body", std::move(body)}};
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          nlohmann::json type = node.decl != nullptr
                                    ? NamedType(bundle::kind::kRecord, ctx_.Qualified(*node.decl))
                                    : TypeOf(expr.type.AsOptional(false), expr.range);
          return {{"op", bundle::op::kRecord},
                  {"type", type},
                  {"fields", LowerFields(node.fields, next)}};
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          return {{"op", bundle::op::kWith},
                  {"base", LowerAt(*node.base, next)},
                  {"type", TypeOf(node.base->type.AsOptional(false), node.base->range)},
                  {"fields", LowerFields(node.fields, next)}};
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          nlohmann::json items = nlohmann::json::array();
          for (const ExprPtr& item : node.items) {
            items.push_back(LowerAt(*item, next));
          }
          return {{"op", node.is_set ? bundle::op::kSet : bundle::op::kList},
                  {"items", std::move(items)}};
        }
      },
      expr.node);
}

nlohmann::json ExprLowerer::LowerFields(const std::vector<FieldInit>& fields,
                                        int depth) {
  nlohmann::json out = nlohmann::json::object();
  for (const FieldInit& f : fields) out[f.name.text] = LowerAt(*f.value, depth);
  return out;
}

nlohmann::json ExprLowerer::LowerObjectFilter(const Expr& filter,
                                              const Decl& record) {
  object_record_ = &record;
  object_locals_.clear();
  nlohmann::json out = LowerAt(filter, 0);
  object_record_ = nullptr;
  return out;
}

nlohmann::json ExprLowerer::LowerName(const Expr& expr, const NameExpr& name) {
  if (name.decl == nullptr && object_record_ != nullptr) {
    const std::string& text = name.name.text;
    bool local = false;
    for (const std::string& l : object_locals_) local = local || l == text;
    if (!local) {
      for (const FieldDecl& f :
           std::get<RecordDecl>(object_record_->node).fields) {
        if (f.name.text != text) continue;
        return {{"op", bundle::op::kField},
                {"base", {{"op", bundle::op::kVar}, {"name", kObjectVar}}},
                {"type", NamedType(bundle::kind::kRecord, ctx_.Qualified(*object_record_))},
                {"name", text}};
      }
    }
  }
  if (name.decl == nullptr) return {{"op", bundle::op::kVar}, {"name", name.name.text}};
  return LowerDeclRef(expr, *name.decl, name.name.text);
}

nlohmann::json ExprLowerer::LowerDeclRef(const Expr& expr, const Decl& decl,
                                         const std::string& written) {
  switch (decl.kind) {
    case DeclKind::kParam: return {{"op", bundle::op::kParam}, {"name", ctx_.Qualified(decl)}};
    case DeclKind::kLet: return {{"op", bundle::op::kGlobal}, {"name", ctx_.Qualified(decl)}};
    case DeclKind::kMatter:
      // A matter value is its id, the unqualified name (docs/bundle.md 3.5).
      return TypedLiteral(bundle::kind::kMatter, decl.name.text);
    case DeclKind::kScenario: return TypedLiteral(bundle::kind::kText, ctx_.Qualified(decl));
    case DeclKind::kEnum:
      // A bare member resolved to its enum: `A` where a CreditClass is
      // expected.
      if (IsEnumMember(decl, written)) {
        return EnumMemberLiteral(ctx_.Qualified(decl), written);
      }
      break;
    default:
      break;
  }
  return Unsupported(expr.range, "a reference to `" + written + "`");
}

nlohmann::json ExprLowerer::LowerField(const Expr& expr,
                                       const FieldExpr& field, int depth) {
  const Decl* base_decl = StaticDecl(*field.base);
  // `CreditClass.A`, `nat.CreditClass.A`
  if (base_decl != nullptr && base_decl->kind == DeclKind::kEnum) {
    if (IsEnumMember(*base_decl, field.field.text)) {
      return EnumMemberLiteral(ctx_.Qualified(*base_decl), field.field.text);
    }
    return Unsupported(expr.range, "`" + field.field.text + "`");
  }
  // `nat.ratio_class_a`: the base is an import alias, not a value.
  if (const Decl* aliased = StaticDecl(expr)) {
    return LowerDeclRef(expr, *aliased, field.field.text);
  }
  return {{"op", bundle::op::kField},
          {"base", LowerAt(*field.base, depth)},
          {"type", TypeOf(field.base->type.AsOptional(false), field.base->range)},
          {"name", field.field.text}};
}

nlohmann::json ExprLowerer::LowerCall(const Expr& expr, const CallExpr& call,
                                      int depth) {
  nlohmann::json args = nlohmann::json::array();
  for (const ExprPtr& arg : call.args) args.push_back(LowerAt(*arg, depth));
  if (call.decl == nullptr) {
    return {{"op", bundle::op::kCall}, {"fn", call.callee.text}, {"args", std::move(args)}};
  }
  const char* op = nullptr;
  switch (call.decl->kind) {
    case DeclKind::kTable: op = bundle::op::kCallTable; break;
    case DeclKind::kRule: op = bundle::op::kCallRule; break;
    case DeclKind::kScorecard: op = bundle::op::kCallScorecard; break;
    case DeclKind::kDef: op = bundle::op::kCallDef; break;
    case DeclKind::kDecision:
      // Its outputs, with their fallbacks applied, as a struct (the call's
      // checked type): docs/bundle.md, section 5.
      return {{"op", bundle::op::kCallDecision},
              {"name", ctx_.Qualified(*call.decl)},
              {"type", TypeOf(expr.type.AsOptional(false), expr.range)},
              {"args", std::move(args)}};
    default:
      return Unsupported(expr.range,
                         "a call of `" + call.callee.text + "`");
  }
  return {{"op", op},
          {"name", ctx_.Qualified(*call.decl)},
          {"args", std::move(args)}};
}

const char* BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return bundle::op::kOr;
    case BinaryOp::kAnd: return bundle::op::kAnd;
    case BinaryOp::kEq: return bundle::op::kEq;
    case BinaryOp::kNe: return bundle::op::kNe;
    case BinaryOp::kLt: return bundle::op::kLt;
    case BinaryOp::kLe: return bundle::op::kLe;
    case BinaryOp::kGt: return bundle::op::kGt;
    case BinaryOp::kGe: return bundle::op::kGe;
    case BinaryOp::kIn: return bundle::op::kIn;
    case BinaryOp::kNotIn: return bundle::op::kNotIn;
    case BinaryOp::kContains: return bundle::op::kContains;
    case BinaryOp::kAdd: return bundle::op::kAdd;
    case BinaryOp::kSub: return bundle::op::kSub;
    case BinaryOp::kMul: return bundle::op::kMul;
    case BinaryOp::kDiv: return bundle::op::kDiv;
  }
  return bundle::op::kEq;
}

}  // namespace bylaw::dsl::lower_internal
