// The loader's IR decoding (docs/bundle.md, sections 4 and 5): literals,
// expressions with every name resolved to a slot or pointer, and table
// cells (see loader_internal.h).
#include <unordered_map>

#include "bylaw/bundle/schema.h"
#include "evaluator.h"
#include "json_adapter.h"
#include "literal.h"
#include "loader_internal.h"

namespace bylaw::runtime::runtime_internal {

using bundle::At;
using bundle::Find;
using bundle::Path;

const std::unordered_map<std::string, std::uint32_t>& MatterFieldSlots() {
  static const std::unordered_map<std::string, std::uint32_t> kSlots = {
      {"id", kMatterId},
      {"label", kMatterLabel},
      {"basis", kMatterBasis},
      {"type", kMatterType},
      {"initiator", kMatterInitiator},
      {"cooperators", kMatterCooperators},
      {"key", kMatterKey},
      {"delegable", kMatterDelegable},
      {"level", kMatterLevel},
      {"scenario", kMatterScenario},
      {"methods", kMatterMethods},
      {"content", kMatterContent},
  };
  return kSlots;
}

const SourceLocation* Loader::Source(const std::string& id) const {
  auto it = m_.sources.find(id);
  return it == m_.sources.end() ? nullptr : &it->second;
}

bool Loader::Date(const Json& v, const Path& where, std::int64_t* out) {
  if (!v.is_string()) return Structure(where, "expected a date string");
  auto d = ParseDateLiteral(v.get_ref<const std::string&>());
  if (!d) return Structure(where, "invalid date " + ShownJson(v));
  *out = *d;
  return true;
}

bool Loader::ReadEffective(const Json* v, const Path& where, Effective* out) {
  *out = Effective();
  if (v == nullptr) return true;
  out->always = false;
  const Path ew(where, "effective");
  const Json* from = bundle::Get(*v, "from", ew, &error_);
  if (from == nullptr || !Date(*from, Path(ew, "from"), &out->from)) return false;
  if (const Json* u = Find(*v, "until")) return Date(*u, Path(ew, "until"), &out->until);
  return true;
}

bool Loader::Literal(const Json& j, const Path& where, Value* out) {
  const TypeDesc* t = Type(j, "type", where);
  if (t == nullptr) return false;
  if (t->kind == TypeDesc::Kind::kNone) {
    *out = Value::Null();
    return true;
  }
  const Json* value = bundle::Get(j, "value", where, &error_);
  if (value == nullptr) return false;
  const Json& v = *value;
  if (v.is_null() && t->optional) {
    *out = Value::Null();
    return true;
  }
  using K = TypeDesc::Kind;
  auto bad = [&] {
    return Structure(Path(where, "value"), "invalid " + t->spelling + " literal " + ShownJson(v));
  };
  switch (t->kind) {
    case K::kInt:
      if (!v.is_number_integer()) return bad();
      *out = Value::Int(v.get<std::int64_t>());
      return true;
    case K::kDecimal:
    case K::kPercent: {
      if (!v.is_string()) return bad();
      const auto& s = v.get_ref<const std::string&>();
      auto scaled = t->kind == K::kPercent ? ParsePercentLiteral(s) : ParseDecimalLiteral(s);
      if (!scaled) return bad();
      *out = t->kind == K::kPercent ? Value::PercentScaled(*scaled) : Value::DecimalScaled(*scaled);
      return true;
    }
    case K::kText:
      if (!v.is_string()) return bad();
      *out = Value::Text(v.get<std::string>());
      return true;
    case K::kBool:
      if (!v.is_boolean()) return bad();
      *out = Value::Bool(v.get<bool>());
      return true;
    case K::kDate: {
      std::int64_t day = 0;
      if (!Date(v, Path(where, "value"), &day)) return false;
      *out = Value::Date(day);
      return true;
    }
    case K::kDuration: {
      if (!v.is_string()) return bad();
      auto d = ParseDurationLiteral(v.get_ref<const std::string&>());
      if (!d) return bad();
      *out = Value::Duration(d->months, d->days);
      return true;
    }
    case K::kEnum: {
      if (!v.is_string()) return bad();
      auto it = t->enum_type->index.find(v.get_ref<const std::string&>());
      if (it == t->enum_type->index.end()) {
        return Dangling(where, "`" + v.get<std::string>() + "` is not a member of `" +
                                   t->enum_type->name + "`");
      }
      *out = Value::Enum(t->enum_type, it->second);
      return true;
    }
    case K::kMatter: {
      if (!v.is_string()) return bad();
      auto it = m_.matter_by_id.find(v.get_ref<const std::string&>());
      if (it == m_.matter_by_id.end()) return Dangling(where, "unknown matter " + ShownJson(v));
      *out = Value::Matter(it->second);
      return true;
    }
    default: return bad();
  }
}

std::unique_ptr<Node> Loader::Expr(const Json& j, Scope& scope, const Path& where, int depth) {
  if (depth > 200) {
    Structure(where, "expression nested deeper than 200");
    return nullptr;
  }
  if (!j.is_object()) {
    Structure(where, "expected an expression object");
    return nullptr;
  }
  const std::string* op_name = bundle::GetString(j, "op", where, &error_);
  if (op_name == nullptr) return nullptr;
  const std::string& op = *op_name;
  auto n = std::make_unique<Node>();
  auto kid = [&](const char* key) {
    const Json* k = bundle::Get(j, key, where, &error_);
    if (k == nullptr) return false;
    auto node = Expr(*k, scope, Path(where, key), depth + 1);
    if (node == nullptr) return false;
    n->kids.push_back(std::move(node));
    return true;
  };
  auto kids_of = [&](const char* key) {
    const Json* a = bundle::GetArray(j, key, where, &error_);
    if (a == nullptr) return false;
    const Path list(where, key);
    for (std::size_t i = 0; i < a->size(); ++i) {
      auto node = Expr((*a)[i], scope, Path(list, i), depth + 1);
      if (node == nullptr) return false;
      n->kids.push_back(std::move(node));
    }
    return true;
  };
  auto fail = [&](bool) { return std::unique_ptr<Node>(); };
  namespace o = bundle::op;
  static const std::unordered_map<std::string, Op> kBinary = {
      {o::kAnd, Op::kAnd},
      {o::kOr, Op::kOr},
      {o::kEq, Op::kEq},
      {o::kNe, Op::kNe},
      {o::kLt, Op::kLt},
      {o::kLe, Op::kLe},
      {o::kGt, Op::kGt},
      {o::kGe, Op::kGe},
      {o::kIn, Op::kIn},
      {o::kNotIn, Op::kNotIn},
      {o::kContains, Op::kContains},
      {o::kAdd, Op::kAdd},
      {o::kSub, Op::kSub},
      {o::kMul, Op::kMul},
      {o::kDiv, Op::kDiv},
  };
  if (auto b = kBinary.find(op); b != kBinary.end()) {
    n->op = b->second;
    if (!kid("lhs") || !kid("rhs")) return nullptr;
    return n;
  }
  auto named = [&]() {
    const std::string* name = bundle::GetString(j, "name", where, &error_);
    if (name == nullptr) return false;
    n->name = *name;
    return true;
  };
  if (op == o::kLit) {
    n->op = Op::kLit;
    if (!Literal(j, where, &n->constant)) return nullptr;
  } else if (op == o::kVar) {
    n->op = Op::kVar;
    if (!named()) return nullptr;
    auto slot = scope.Find(n->name);
    if (!slot) return fail(Dangling(where, "unknown variable `" + n->name + "`"));
    n->slot = *slot;
  } else if (op == o::kParam) {
    n->op = Op::kParam;
    if (!named()) return nullptr;
    auto it = params_.find(n->name);
    if (it == params_.end()) return fail(Dangling(where, "unknown param `" + n->name + "`"));
    n->slot = it->second;
  } else if (op == o::kGlobal) {
    n->op = Op::kGlobal;
    if (!named()) return nullptr;
    auto it = globals_.find(n->name);
    if (it == globals_.end()) return fail(Dangling(where, "unknown let `" + n->name + "`"));
    n->slot = it->second;
  } else if (op == o::kField) {
    if (!named()) return nullptr;
    const TypeDesc* t = Type(j, "type", where);
    if (t == nullptr || !kid("base")) return nullptr;
    using K = TypeDesc::Kind;
    if (t->kind == K::kList || t->kind == K::kSet) {
      n->op = Op::kProject;
      t = t->element;
    } else {
      n->op = Op::kField;
    }
    if (t->kind == K::kMatter && n->op == Op::kField) {
      auto it = MatterFieldSlots().find(n->name);
      if (it == MatterFieldSlots().end()) {
        return fail(Dangling(where, "Matter has no field `" + n->name + "`"));
      }
      n->op = Op::kMatterField;
      n->slot = it->second;
      return n;
    }
    if (t->kind != K::kRecord) {
      return fail(Structure(where, "field access on type `" + t->spelling + "`"));
    }
    n->record = t->record;
    const int slot = t->record->Find(n->name);
    if (slot < 0) {
      return fail(Dangling(where, "`" + t->record->name + "` has no field `" + n->name + "`"));
    }
    n->slot = static_cast<std::uint32_t>(slot);
  } else if (op == o::kNot || op == o::kNeg || op == o::kIsNone || op == o::kIsNotNone) {
    n->op = op == o::kNot      ? Op::kNot
            : op == o::kNeg    ? Op::kNeg
            : op == o::kIsNone ? Op::kIsNone
                               : Op::kIsNotNone;
    if (!kid("arg")) return nullptr;
  } else if (op == o::kIf) {
    n->op = Op::kIf;
    if (!kid("cond") || !kid("then") || !kid("else")) return nullptr;
  } else if (op == o::kList || op == o::kSet) {
    n->op = op == o::kList ? Op::kList : Op::kSet;
    if (!kids_of("items")) return nullptr;
  } else if (op == o::kRecord || op == o::kWith) {
    n->op = op == o::kRecord ? Op::kRecord : Op::kWith;
    const TypeDesc* t = Type(j, "type", where);
    if (t == nullptr) return nullptr;
    if (t->kind != TypeDesc::Kind::kRecord) {
      return fail(Structure(where, "`" + op + "` of a non-record type"));
    }
    n->record = t->record;
    if (op == o::kWith && !kid("base")) return nullptr;
    const Json* fields = bundle::Get(j, "fields", where, &error_);
    if (fields == nullptr) return nullptr;
    if (!fields->is_object()) return fail(Structure(Path(where, "fields"), "expected an object"));
    const Path fields_at(where, "fields");
    for (auto it = fields->begin(); it != fields->end(); ++it) {
      const int slot = n->record->Find(it.key());
      if (slot < 0) {
        return fail(Dangling(where, "`" + n->record->name + "` has no field `" + it.key() + "`"));
      }
      n->field_slots.push_back(static_cast<std::uint32_t>(slot));
      auto node = Expr(it.value(), scope, Path(fields_at, it.key()), depth + 1);
      if (node == nullptr) return nullptr;
      n->kids.push_back(std::move(node));
    }
  } else if (bundle::IsDeclCall(op)) {
    if (!named()) return nullptr;
    std::size_t arity = 0;
    auto target = [&](const auto& index, Op call, const char* what) {
      auto it = index.find(n->name);
      if (it == index.end()) {
        return Dangling(where, std::string("unknown ") + what + " `" + n->name + "`");
      }
      n->op = call;
      n->target = it->second;
      arity = it->second->params.size();
      return true;
    };
    const bool found = op == o::kCallTable  ? target(tables_, Op::kCallTable, "table")
                       : op == o::kCallRule ? target(rules_, Op::kCallRule, "rule")
                       : op == o::kCallScorecard
                           ? target(scorecards_, Op::kCallScorecard, "scorecard")
                           : target(defs_, Op::kCallDef, "def");
    if (!found || !kids_of("args")) return nullptr;
    if (n->kids.size() != arity) {
      return fail(Structure(where, "`" + n->name + "` takes " + std::to_string(arity) +
                                       " arguments, got " + std::to_string(n->kids.size())));
    }
  } else if (op == o::kCallDecision) {
    // Decisions load after every other body: the callee is resolved then
    // (ResolveDecisionCalls).
    n->op = Op::kCallDecision;
    if (!named()) return nullptr;
    const TypeDesc* t = Type(j, "type", where);
    if (t == nullptr) return nullptr;
    if (t->kind != TypeDesc::Kind::kRecord) {
      return fail(Structure(where, "`call_decision` of a non-record type"));
    }
    n->record = t->record;
    if (!kids_of("args")) return nullptr;
    decision_calls_.push_back({n.get(), where.str()});
  } else if (op == o::kCall) {
    n->op = Op::kBuiltin;
    const std::string* fn_name = bundle::GetString(j, "fn", where, &error_);
    if (fn_name == nullptr) return nullptr;
    n->name = *fn_name;
    if (!kids_of("args")) return nullptr;
    const std::size_t argc = n->kids.size();
    static const std::unordered_map<std::string, std::pair<Builtin, int>> kFns = {
        {"count", {Builtin::kCount, 1}},      {"sum", {Builtin::kSum, 1}},
        {"min", {Builtin::kMin, -1}},         {"max", {Builtin::kMax, -1}},
        {"len", {Builtin::kLen, 1}},          {"today", {Builtin::kToday, 0}},
        {"as_of", {Builtin::kToday, 0}},      {"year", {Builtin::kYear, 1}},
        {"reasons", {Builtin::kReasons, -2}}, {"followups", {Builtin::kFollowups, -2}},
        {"only", {Builtin::kOnly, 1}},
    };
    auto it = kFns.find(n->name);
    if (it == kFns.end()) return fail(Dangling(where, "unknown builtin `" + n->name + "`"));
    Builtin fn = it->second.first;
    const int arity = it->second.second;
    if (arity == -1) {
      if (argc == 2) {
        fn = fn == Builtin::kMin ? Builtin::kMin2 : Builtin::kMax2;
      } else if (argc != 1) {
        return fail(Structure(where, "`" + n->name + "` takes 1 or 2 arguments"));
      }
    } else if (arity == -2) {
      for (const auto& k : n->kids) {
        if (k->op != Op::kCallRule) {
          return fail(Structure(where, "`" + n->name + "` takes rule calls only"));
        }
      }
    } else if (static_cast<int>(argc) != arity) {
      return fail(
          Structure(where, "`" + n->name + "` takes " + std::to_string(arity) + " arguments"));
    }
    n->fn = static_cast<std::uint8_t>(fn);
  } else if (op == o::kComp) {
    n->op = Op::kComp;
    const std::string* fn_name = bundle::GetString(j, "fn", where, &error_);
    if (fn_name == nullptr) return nullptr;
    n->name = *fn_name;
    static const std::unordered_map<std::string, CompFn> kComps = {
        {"any", CompFn::kAny},       {"all", CompFn::kAll}, {"count", CompFn::kCount},
        {"filter", CompFn::kFilter}, {"map", CompFn::kMap}, {"sum", CompFn::kSum},
        {"min", CompFn::kMin},       {"max", CompFn::kMax},
    };
    auto it = kComps.find(n->name);
    if (it == kComps.end()) {
      return fail(Structure(where, "unknown comprehension `" + n->name + "`"));
    }
    n->fn = static_cast<std::uint8_t>(it->second);
    if (!kid("source")) return nullptr;
    const std::string* var = bundle::GetString(j, "var", where, &error_);
    if (var == nullptr) return nullptr;
    n->slot = scope.Push(*var);
    const bool body = kid("body");
    scope.Pop();
    if (!body) return nullptr;
  } else {
    return fail(Structure(where, "unknown op `" + op + "`"));
  }
  return n;
}

bool Loader::Constant(const Node& n, const Path& where, std::int64_t as_of, Value* out) {
  Evaluator ev(m_, as_of, nullptr, nullptr);
  if (!ev.EvalConstant(n, out)) {
    return Structure(where, "not a constant (" + ev.error_code() + ": " + ev.error_message() + ")");
  }
  return true;
}

bool Loader::Params(const std::vector<bundle::Binding>& params, Scope& scope, const Path& where,
                    std::vector<Binding>* out) {
  out->clear();
  out->reserve(params.size());
  const Path list(where, "params");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Path param(list, i);
    const TypeDesc* t = Intern(params[i].type, Path(param, "type"));
    if (t == nullptr) return false;
    out->push_back(Binding{params[i].name, t});
    scope.Push(params[i].name);
  }
  return true;
}

bool Loader::ReadCell(const Json& j, Scope& scope, std::vector<std::unique_ptr<Node>>* owned,
                      const Path& where, Cell* out) {
  Cell& c = *out;
  c = Cell();
  if (!j.is_object()) return Structure(where, "expected a cell object");
  bool any = false;
  if (!bundle::GetOptBool(j, "any", where, &any, &error_)) return false;
  if (any) return true;
  c.any = false;
  if (!bundle::GetOptBool(j, "not", where, &c.negate, &error_)) return false;
  // A cell's constants are folded to literals here, unless they read a
  // param (then the column is scanned, not indexed).
  auto constant = [&](const Json& e, const Path& w) -> const Node* {
    auto n = Expr(e, scope, w);
    if (n == nullptr) return nullptr;
    if (n->op == Op::kParam) {
      c.dynamic = true;
    } else if (n->op != Op::kLit) {
      if (!Constant(*n, w, 0, &n->constant)) return nullptr;
      n->op = Op::kLit;
      n->kids.clear();
    }
    owned->push_back(std::move(n));
    return owned->back().get();
  };
  if (const Json* eq = Find(j, "eq")) {
    const Path eq_at(where, "eq");
    if (!eq->is_array()) return Structure(eq_at, "expected an array");
    for (std::size_t i = 0; i < eq->size(); ++i) {
      const Node* n = constant((*eq)[i], Path(eq_at, i));
      if (n == nullptr) return false;
      c.eq.push_back(n);
    }
  }
  if (const Json* ranges = Find(j, "ranges")) {
    const Path ranges_at(where, "ranges");
    if (!ranges->is_array()) return Structure(ranges_at, "expected an array");
    for (std::size_t i = 0; i < ranges->size(); ++i) {
      const Path rw(ranges_at, i);
      const Json& r = (*ranges)[i];
      Range range;
      if (const Json* lo = Find(r, "low")) {
        if ((range.low = constant(*lo, Path(rw, "low"))) == nullptr) return false;
      }
      if (const Json* hi = Find(r, "high")) {
        if ((range.high = constant(*hi, Path(rw, "high"))) == nullptr) return false;
      }
      if (!bundle::GetOptBool(r, "low_closed", rw, &range.low_closed, &error_) ||
          !bundle::GetOptBool(r, "high_closed", rw, &range.high_closed, &error_)) {
        return false;
      }
      c.ranges.push_back(range);
    }
  }
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
