// TypeChecker: names, type references and declarations (see
// type_checker.h).
#include "type_checker.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "../resolve/did_you_mean.h"
#include "../resolve/effective_range.h"
#include "../resolve/scope_builder.h"
#include "type_rules.h"

namespace bylaw::dsl::check_internal {

using resolve_internal::CheckEffectiveRange;
using resolve_internal::CompareDates;
using resolve_internal::DeclKindWord;
using resolve_internal::DidYouMean;

namespace {

const std::vector<std::string>& BuiltinTypeNames() {
  static const std::vector<std::string> names = {
      "text", "int", "decimal", "bool", "date", "percent", "duration",
      "Matter", "Reason", "list", "set"};
  return names;
}

std::optional<TypeKind> BuiltinKind(const std::string& name) {
  static const std::map<std::string, TypeKind> kinds = {
      {"text", TypeKind::kText},       {"int", TypeKind::kInt},
      {"decimal", TypeKind::kDecimal}, {"bool", TypeKind::kBool},
      {"date", TypeKind::kDate},       {"percent", TypeKind::kPercent},
      {"duration", TypeKind::kDuration}, {"Matter", TypeKind::kMatter},
      {"Reason", TypeKind::kReason}};
  auto it = kinds.find(name);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

}  // namespace

void TypeChecker::Run() {
  for (const Ruleset* r : program_.ordered()) {
    for (Module* m : r->modules) {
      for (auto& d : m->decls) ResolveSignature(*d, *r);
    }
  }
  for (const Ruleset* r : program_.ordered()) {
    for (Module* m : r->modules) {
      for (auto& d : m->decls) CheckDecl(*d, *r);
    }
  }
}

const Ruleset* TypeChecker::RulesetOf(const Decl& decl) const {
  return program_.RulesetOf(decl);
}

// ------------------------------------------------------------ type refs

Type TypeChecker::Resolve(TypeRef& ref, const Ruleset& ruleset) {
  Type t = Type::Error();
  const auto& parts = ref.name.parts;
  if (parts.empty()) {
    ref.resolved = t;
    return t;
  }
  const std::string& first = parts.front().text;
  if (first == "list" || first == "set") {
    if (ref.args.size() != 1 || parts.size() != 1) {
      sink_.Error("unknown_type", ref.range,
                  "`" + first + "` takes one type argument")
          .Help("write `" + first + "<T>`");
    } else {
      Type e = Resolve(*ref.args.front(), ruleset);
      t = first == "list" ? Type::ListOf(e) : Type::SetOf(e);
    }
  } else if (!ref.args.empty()) {
    sink_.Error("unknown_type", ref.range,
                "`" + ref.name.ToString() + "` takes no type arguments");
  } else if (parts.size() == 1 && BuiltinKind(first)) {
    t = Type::Of(*BuiltinKind(first));
  } else {
    const Decl* d = nullptr;
    const Ident& last = parts.back();
    if (parts.size() == 1) {
      d = LookupDecl(ruleset, last, true);
    } else if (parts.size() == 2) {
      if (const ResolvedImport* imp = ruleset.FindAlias(first)) {
        d = imp->ruleset->FindOwn(last.text);
      }
    }
    if (d != nullptr && d->kind == DeclKind::kEnum) {
      t = Type::EnumOf(d);
    } else if (d != nullptr && d->kind == DeclKind::kRecord) {
      t = Type::RecordOf(d);
    } else if (d != nullptr) {
      sink_.Error("unknown_type", ref.name.range,
                  "`" + ref.name.ToString() + "` is a " +
                      DeclKindWord(d->kind) + ", not a type")
          .Label(d->name.range, "declared here");
    } else if (parts.size() == 1 && !ruleset.FindImported(first).empty()) {
      // Ambiguous: already reported by LookupDecl.
    } else {
      std::vector<std::string> candidates = BuiltinTypeNames();
      for (const std::string& n : VisibleNames(ruleset)) {
        const Decl* c = ruleset.FindVisible(n);
        if (c && (c->kind == DeclKind::kEnum || c->kind == DeclKind::kRecord)) {
          candidates.push_back(n);
        }
      }
      auto diag = sink_.Error("unknown_type", ref.name.range,
                              "unknown type `" + ref.name.ToString() + "`");
      std::string help = DidYouMean(ref.name.ToString(), candidates);
      if (!help.empty()) diag.Help(help);
    }
  }
  if (ref.optional && !t.is_error()) t = t.AsOptional();
  ref.resolved = t;
  return t;
}

void TypeChecker::ResolveSignature(Decl& decl, const Ruleset& ruleset) {
  auto params = [&](std::vector<Param>& ps) {
    for (Param& p : ps) Resolve(p.type, ruleset);
  };
  std::visit(
      [&](auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, RecordDecl>) {
          for (FieldDecl& f : n.fields) Resolve(f.type, ruleset);
        } else if constexpr (std::is_same_v<T, ParamDecl>) {
          Resolve(n.type, ruleset);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          params(n.params);
          for (TableOutput& o : n.outputs) Resolve(o.type, ruleset);
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          params(n.params);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          params(n.params);
          Type g = Resolve(n.grade_type, ruleset);
          if (!g.is_error() && g.kind != TypeKind::kEnum) {
            sink_.Error("type_mismatch", n.grade_type.range,
                        "a scorecard's grade must be an enum, found " + Quote(g))
                .Help("declare the grades as an enum, e.g. `enum RiskGrade "
                      "{ A, B, C, D }`");
          }
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          params(n.params);
          Resolve(n.result_type, ruleset);
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          if (n.type) Resolve(*n.type, ruleset);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          params(n.params);
          for (DecisionItem& i : n.items) {
            if (i.type) Resolve(*i.type, ruleset);
          }
        }
      },
      decl.node);
}

// ---------------------------------------------------------------- names

const Decl* TypeChecker::LookupDecl(const Ruleset& ruleset, const Ident& name,
                                    bool report) {
  if (const Decl* own = ruleset.FindOwn(name.text)) return own;
  std::vector<const Decl*> imported = ruleset.FindImported(name.text);
  if (imported.empty()) return nullptr;
  if (imported.size() > 1 && report) {
    std::string from, qualified;
    for (const ResolvedImport& imp : ruleset.imports) {
      if (imp.ruleset == nullptr || !imp.ruleset->FindOwn(name.text)) continue;
      if (!from.empty()) from += ", ";
      from += "`" + imp.ruleset->id + "`";
      if (qualified.empty()) qualified = imp.alias + "." + name.text;
    }
    sink_.Error("ambiguous_name", name.range,
                "`" + name.text + "` is declared by several imports: " + from)
        .Help("qualify it with an import alias, e.g. `" + qualified + "`");
  }
  // The first import wins after the report, so one mistake is one error.
  return imported.front();
}

std::vector<const Decl*> TypeChecker::VisibleEnums(const Ruleset& ruleset) {
  auto it = enums_.find(&ruleset);
  if (it != enums_.end()) return it->second;
  std::vector<const Decl*> out;
  auto add = [&](const Ruleset& r) {
    for (const auto& [name, d] : r.scope) {
      if (d->kind == DeclKind::kEnum) out.push_back(d);
    }
  };
  add(ruleset);
  for (const ResolvedImport& imp : ruleset.imports) {
    if (imp.ruleset) add(*imp.ruleset);
  }
  enums_[&ruleset] = out;
  return out;
}

std::vector<std::string> TypeChecker::VisibleNames(const Ruleset& ruleset) {
  std::vector<std::string> out;
  for (const auto& [name, d] : ruleset.scope) out.push_back(name);
  for (const ResolvedImport& imp : ruleset.imports) {
    if (!imp.ruleset) continue;
    for (const auto& [name, d] : imp.ruleset->scope) out.push_back(name);
  }
  return out;
}

// ------------------------------------------------------- derived types

Type TypeChecker::LetType(const Decl& decl) {
  const auto& let = std::get<LetDecl>(decl.node);
  if (let.type) return let.type->resolved;
  auto it = let_types_.find(&decl);
  if (it != let_types_.end()) return it->second;
  if (in_progress_.count(&decl)) return Type::Error();
  CheckLet(decl);
  return let_types_[&decl];
}

void TypeChecker::CheckLet(const Decl& decl) {
  if (!checked_lets_.insert(&decl).second) return;
  auto& let = const_cast<LetDecl&>(std::get<LetDecl>(decl.node));
  const Ruleset* r = RulesetOf(decl);
  if (r == nullptr || !let.value) {
    let_types_[&decl] = Type::Error();
    return;
  }
  in_progress_.insert(&decl);
  Env env;
  env.ruleset = r;
  Type t = let.type ? Expect(*let.value, let.type->resolved, env,
                             "the value of `" + decl.name.text + "`")
                    : Check(*let.value, nullptr, env);
  if (let.type) t = let.type->resolved;
  if (t.kind == TypeKind::kNone) t = Type::Error();
  let_types_[&decl] = t;
  in_progress_.erase(&decl);
}

Type TypeChecker::DecisionType(const Decl& decl) {
  auto it = decision_types_.find(&decl);
  if (it != decision_types_.end()) return it->second;
  if (in_progress_.count(&decl)) return Type::Error();
  const Ruleset* r = RulesetOf(decl);
  if (r == nullptr) return Type::Error();
  CheckDecision(const_cast<Decl&>(decl),
                const_cast<DecisionDecl&>(std::get<DecisionDecl>(decl.node)),
                *r);
  return decision_types_[&decl];
}

Type TypeChecker::TableResultType(const TableDecl& table) {
  StructFields fields;
  for (const TableOutput& o : table.outputs) {
    fields.emplace_back(o.name.text, o.type.resolved);
  }
  Type row = Type::StructOf(std::move(fields));
  const std::string& hit = table.hit_policy.text;
  if (hit == "rule_order" || (hit == "collect" && !table.aggregator)) {
    return Type::ListOf(row);
  }
  if (hit == "collect" && table.aggregator) {
    if (table.aggregator->text == "count") return Type::Of(TypeKind::kInt);
    if (table.outputs.size() != 1) return Type::Error();
    return table.outputs.front().type.resolved.AsOptional(false);
  }
  return row;
}

Type TypeChecker::CallResultType(const Decl& decl) {
  switch (decl.kind) {
    case DeclKind::kTable:
      return TableResultType(std::get<TableDecl>(decl.node));
    case DeclKind::kRule:
      return Type::Of(TypeKind::kReason).AsOptional();
    case DeclKind::kScorecard: {
      const auto& card = std::get<ScorecardDecl>(decl.node);
      return Type::StructOf({{"score", Type::Of(TypeKind::kDecimal)},
                             {"grade", card.grade_type.resolved}});
    }
    case DeclKind::kDef:
      return std::get<DefDecl>(decl.node).result_type.resolved;
    case DeclKind::kDecision:
      return DecisionType(decl);
    default:
      return Type::Error();
  }
}

std::vector<Type> TypeChecker::ParamTypes(const Decl& decl) {
  const std::vector<Param>* ps = nullptr;
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, TableDecl> ||
                      std::is_same_v<T, RuleDecl> ||
                      std::is_same_v<T, ScorecardDecl> ||
                      std::is_same_v<T, DefDecl> ||
                      std::is_same_v<T, DecisionDecl>) {
          ps = &n.params;
        }
      },
      decl.node);
  std::vector<Type> out;
  if (ps) {
    for (const Param& p : *ps) out.push_back(p.type.resolved);
  }
  return out;
}

// --------------------------------------------------------- declarations

TypeChecker::Env TypeChecker::EnvWithParams(const Ruleset& ruleset,
                                            const std::vector<Param>& params) {
  Env env;
  env.ruleset = &ruleset;
  for (const Param& p : params) env.locals.push_back({p.name.text, p.type.resolved});
  return env;
}

Type TypeChecker::Expect(Expr& expr, const Type& want, Env& env,
                         const std::string& what) {
  Type got = Check(expr, &want, env);
  if (!Assignable(got, want)) {
    auto d = sink_.Error("type_mismatch", expr.range,
                         what + " should be " + Quote(want) + ", found " +
                             Quote(got));
    if (got.optional && Assignable(got.AsOptional(false), want)) {
      d.Help("the value may be none: test `is not none` first, or give a "
             "default with `if ... is not none then ... else ...`");
    } else if (got.kind == TypeKind::kInt &&
               want.AsOptional(false).kind == TypeKind::kPercent) {
      d.Help("write a percent with `%`, e.g. `3%`");
    }
    return Type::Error();
  }
  return got;
}

void TypeChecker::ExpectBool(Expr& expr, Env& env, const std::string& what) {
  Expect(expr, Type::Of(TypeKind::kBool), env, what);
}

void TypeChecker::CheckDecl(Decl& decl, const Ruleset& ruleset) {
  std::visit(
      [&](auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ParamDecl>) {
          CheckParam(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, MatterDecl>) {
          CheckMatter(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          CheckTable(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          CheckRule(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          CheckScorecard(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          Env env = EnvWithParams(ruleset, n.params);
          if (n.body) {
            Expect(*n.body, n.result_type.resolved, env,
                   "the body of `" + decl.name.text + "`");
          }
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          CheckLet(decl);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          if (!decision_types_.count(&decl)) CheckDecision(decl, n, ruleset);
        } else if constexpr (std::is_same_v<T, TestDecl>) {
          CheckTest(decl, n, ruleset);
        }
      },
      decl.node);
}

void TypeChecker::CheckParam(Decl& decl, ParamDecl& param,
                             const Ruleset& ruleset) {
  Env env;
  env.ruleset = &ruleset;
  const ParamValue* previous = nullptr;
  for (ParamValue& v : param.values) {
    if (v.value) {
      Expect(*v.value, param.type.resolved, env,
             "the value of param `" + decl.name.text + "`");
    }
    if (v.from && previous && previous->from &&
        CompareDates(*v.from, *previous->from) <= 0) {
      sink_.Error("param_dates_order", v.from->range,
                  "dated values of param `" + decl.name.text +
                      "` are not in increasing date order")
          .Label(previous->from->range, "previous value is from here")
          .Help("list the values from the earliest date to the latest, each "
                "date once");
    }
    previous = &v;
  }
}

void TypeChecker::CheckRule(Decl& decl, RuleDecl& rule,
                            const Ruleset& ruleset) {
  Env env = EnvWithParams(ruleset, rule.params);
  if (!rule.condition) {
    SourceRange at = decl.name.range;
    if (decl.range.valid()) at.begin = decl.range.begin;
    sink_.Error("missing_rule_condition", at,
                "rule `" + decl.name.text + "` has no `forbid when` or "
                "`require`")
        .Help("state the obligation: `forbid when <condition>` or "
              "`require <condition>`");
  } else {
    ExpectBool(*rule.condition, env, "the condition of rule `" +
                                         decl.name.text + "`");
  }
  for (RuleExcept& x : rule.excepts) {
    if (x.when) ExpectBool(*x.when, env, "an `except when` condition");
  }
  if (rule.code) {
    const Decl* reason = LookupDecl(ruleset, *rule.code, true);
    if (reason == nullptr || reason->kind != DeclKind::kReason) {
      std::vector<std::string> reasons;
      for (const std::string& n : VisibleNames(ruleset)) {
        const Decl* c = ruleset.FindVisible(n);
        if (c && c->kind == DeclKind::kReason) reasons.push_back(n);
      }
      auto d = sink_.Error("unknown_reason", rule.code->range,
                           "`" + rule.code->text + "` is not a declared reason");
      std::string help = DidYouMean(rule.code->text, reasons);
      d.Help(help.empty() ? "declare it: `reason " + rule.code->text +
                                " \"<label>\" basis \"...\"`"
                          : help);
    }
  }
  if (rule.effective) CheckEffectiveRange(*rule.effective, sink_);
}

void TypeChecker::CheckDecision(Decl& decl, DecisionDecl& decision,
                                const Ruleset& ruleset) {
  in_progress_.insert(&decl);
  Env env = EnvWithParams(ruleset, decision.params);
  StructFields outputs;
  for (DecisionItem& item : decision.items) {
    if (!item.value) continue;
    const std::string what = "`" + item.name.text + "`";
    Type t = item.type ? Expect(*item.value, item.type->resolved, env,
                                "the value of " + what)
                       : Check(*item.value, nullptr, env);
    if (item.type) t = item.type->resolved;
    if (t.kind == TypeKind::kNone) t = Type::Error();
    if (item.fallback) {
      Expect(*item.fallback, t, env, "the `else` value of " + what);
    }
    if (item.kind == DecisionItem::Kind::kLet) {
      env.locals.push_back({item.name.text, t});
    } else {
      outputs.emplace_back(item.name.text, t);
    }
  }
  decision_types_[&decl] = Type::StructOf(std::move(outputs));
  in_progress_.erase(&decl);
}

void TypeChecker::CheckTest(Decl& decl, TestDecl& test,
                            const Ruleset& ruleset) {
  Env env;
  env.ruleset = &ruleset;
  for (TestItem& item : test.items) {
    if (!item.value) continue;
    if (item.kind == TestItem::Kind::kGiven) {
      Type t = Check(*item.value, nullptr, env);
      env.locals.push_back({item.name.text, t});
    } else if (item.kind == TestItem::Kind::kExpect && item.fails) {
      // Any type: the expect is about the error, not the value.
      Check(*item.value, nullptr, env);
      if (!IsEvaluationErrorCode(item.fails->text)) {
        sink_.Error("unknown_error_code", item.fails->range,
                    "`" + item.fails->text + "` is not an evaluation error code")
            .Help("name one of MISSING_FACT, MISSING_PARAM, NOT_IN_FORCE, "
                  "NO_MATCH, UNIQUE_VIOLATION, ANY_VIOLATION, TYPE_ERROR, "
                  "ARITHMETIC");
      }
    } else if (item.kind == TestItem::Kind::kExpect) {
      ExpectBool(*item.value, env, "`expect`");
      WarnConstantExpect(*item.value);
    }
  }
}

// `expect "MISSING_FACT" != ""` holds whatever the rules do: a comparison
// of two literals asserts nothing about them.
void TypeChecker::WarnConstantExpect(const Expr& expect) {
  const auto* bin = std::get_if<BinaryExpr>(&expect.node);
  if (bin == nullptr || !bin->lhs || !bin->rhs) return;
  switch (bin->op) {
    case BinaryOp::kEq: case BinaryOp::kNe: case BinaryOp::kLt:
    case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe:
      break;
    default:
      return;
  }
  if (!std::holds_alternative<LiteralExpr>(bin->lhs->node) ||
      !std::holds_alternative<LiteralExpr>(bin->rhs->node)) {
    return;
  }
  sink_.Warning("constant_expect", expect.range,
                "this `expect` compares two literals: its result does not "
                "depend on the rules")
      .Help("to test failing closed, write `expect fails CALL with CODE`");
}

}  // namespace bylaw::dsl::check_internal
