// The AST builder's shared parts: ranges and leaf values (names,
// strings, dates, numbers, types, parameters); see ast_builder.h.
#include "ast_builder.h"

#include <string>

#include "literals.h"

namespace bylaw::dsl::parse_internal {

AstBuilder::AstBuilder(ParseContext& ctx, bool streaming)
    : ctx_(ctx), streaming_(streaming) {}

// ------------------------------------------------------------------ ranges

SourceRange AstBuilder::Range(const antlr4::Token* token) const {
  if (token == nullptr) return ctx_.Bytes(0, 0);
  // EOF and synthetic empty tokens have stop == start - 1: an empty range.
  return ctx_.CodePoints(token->getStartIndex(), token->getStopIndex());
}

SourceRange AstBuilder::Range(Terminal* node) const {
  return Range(node == nullptr ? nullptr : node->getSymbol());
}

SourceRange AstBuilder::Range(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return ctx_.Bytes(0, 0);
  const antlr4::Token* start = ctx->getStart();
  const antlr4::Token* stop = ctx->getStop();
  SourceRange range = Range(start);
  if (stop != nullptr && start != nullptr &&
      stop->getTokenIndex() >= start->getTokenIndex() &&
      stop->getType() != antlr4::Token::EOF) {
    range.end = std::max(range.begin, Range(stop).end);
  } else {
    range.end = range.begin;
  }
  return range;
}

// ------------------------------------------------------------------ leaves

Ident AstBuilder::MakeIdent(P::IdentContext* ctx,
                            antlr4::ParserRuleContext* parent) {
  if (ctx == nullptr) {
    SourceRange at = Range(parent);
    return Ident{"", ctx_.Bytes(at.end, at.end)};
  }
  return Ident{ctx->getText(), Range(ctx)};
}

std::optional<Ident> AstBuilder::MaybeIdent(P::IdentContext* ctx) {
  if (ctx == nullptr || ctx->getStart() == nullptr) return std::nullopt;
  return Ident{ctx->getText(), Range(ctx)};
}

QualifiedName AstBuilder::MakeQualifiedName(P::QualifiedNameContext* ctx,
                                            antlr4::ParserRuleContext* parent) {
  QualifiedName name;
  if (ctx == nullptr) {
    SourceRange at = Range(parent);
    name.range = ctx_.Bytes(at.end, at.end);
    return name;
  }
  for (P::IdentContext* part : ctx->ident()) {
    // The synthetic header name of a file without one is empty: no parts.
    if (part->getText().empty()) continue;
    name.parts.push_back(MakeIdent(part, ctx));
  }
  name.range = Range(ctx);
  return name;
}

std::optional<Text> AstBuilder::MakeText(Terminal* string) {
  if (string == nullptr || string->getSymbol() == nullptr) return std::nullopt;
  const std::string raw = string->getText();
  const SourceRange range = Range(string);
  if (raw.size() < 2) return Text{"", range};
  const std::string_view body(raw.data() + 1, raw.size() - 2);
  std::vector<EscapeError> errors;
  Text text{Unescape(body, &errors), range};
  for (const EscapeError& e : errors) {
    // Offsets inside the body map to the file when the token's text is the
    // file's bytes (always, unless invalid UTF-8 was replaced in it).
    const std::uint32_t begin = std::min<std::uint32_t>(
        range.begin + 1 + static_cast<std::uint32_t>(e.begin), range.end);
    const std::uint32_t end = std::min<std::uint32_t>(
        range.begin + 1 + static_cast<std::uint32_t>(e.end), range.end);
    ctx_.Error("invalid_escape", ctx_.Bytes(begin, end), e.message,
               "escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{XXXX}`");
  }
  return text;
}

std::optional<Text> AstBuilder::MakeLabel(P::LabelContext* ctx) {
  if (ctx == nullptr) return std::nullopt;
  return MakeText(ctx->STRING());
}

std::optional<Date> AstBuilder::MakeDate(Terminal* node) {
  if (node == nullptr || node->getSymbol() == nullptr) return std::nullopt;
  const std::string text = node->getText();
  if (text.size() != 10) return std::nullopt;  // a DATE token is YYYY-MM-DD
  Date date;
  date.year = std::stoi(text.substr(0, 4));
  date.month = std::stoi(text.substr(5, 2));
  date.day = std::stoi(text.substr(8, 2));
  date.range = Range(node);
  if (std::optional<std::string> problem =
          DateProblem(date.year, date.month, date.day)) {
    ctx_.Error("bad_date", date.range,
               "`" + text + "` is not a calendar date", *problem);
  }
  return date;
}

std::optional<Effective> AstBuilder::MakeEffective(
    antlr4::ParserRuleContext* item, const std::vector<Terminal*>& dates,
    Terminal* until) {
  if (dates.empty()) return std::nullopt;
  std::optional<Date> from = MakeDate(dates[0]);
  if (!from) return std::nullopt;
  Effective effective;
  effective.from = *from;
  if (until != nullptr && dates.size() > 1) effective.until = MakeDate(dates[1]);
  effective.range = Range(item);
  return effective;
}

std::optional<std::int64_t> AstBuilder::MakeInt(Terminal* number) {
  if (number == nullptr || number->getSymbol() == nullptr) return std::nullopt;
  const std::string text = number->getText();
  std::optional<std::int64_t> value = ParseInt64(text);
  if (!value) {
    ctx_.Error("number_out_of_range", Range(number),
               "`" + text + "` is too large for a whole number",
               "whole numbers are at most 9223372036854775807");
  }
  return value;
}

TypeRef AstBuilder::MakeTypeRef(P::TypeRefContext* ctx,
                                antlr4::ParserRuleContext* parent) {
  TypeRef type;
  if (auto* generic = dynamic_cast<P::GenericTypeContext*>(ctx)) {
    if (std::optional<Ident> name = MaybeIdent(generic->ident())) {
      type.name.parts.push_back(*name);
      type.name.range = name->range;
    }
    if (generic->typeRef() != nullptr) {
      type.args.push_back(std::make_unique<TypeRef>(
          MakeTypeRef(generic->typeRef(), generic)));
    }
    type.optional = generic->QUESTION() != nullptr;
    type.range = Range(generic);
  } else if (auto* named = dynamic_cast<P::NamedTypeContext*>(ctx)) {
    type.name = MakeQualifiedName(named->qualifiedName(), named);
    type.optional = named->QUESTION() != nullptr;
    type.range = Range(named);
  } else {
    SourceRange at = Range(ctx != nullptr ? ctx : parent);
    type.range = ctx_.Bytes(at.end, at.end);
    type.name.range = type.range;
  }
  return type;
}

std::vector<Param> AstBuilder::MakeParams(P::ParamListContext* ctx) {
  std::vector<Param> params;
  if (ctx == nullptr) return params;
  for (P::ParamContext* p : ctx->param()) {
    Param param;
    param.name = MakeIdent(p->ident(), p);
    param.type = MakeTypeRef(p->typeRef(), p);
    param.range = Range(p);
    params.push_back(std::move(param));
  }
  return params;
}

std::vector<Ident> AstBuilder::MakeIdentList(P::IdentListContext* ctx) {
  std::vector<Ident> idents;
  if (ctx == nullptr) return idents;
  for (P::IdentContext* id : ctx->ident()) idents.push_back(MakeIdent(id, ctx));
  return idents;
}

}  // namespace bylaw::dsl::parse_internal
