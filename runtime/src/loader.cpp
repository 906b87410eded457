// Bundle loading and verification (see loader.h).
//
// The loader throws LoadFailure internally (nlohmann/json throws too); both
// are caught in BuildModel, so nothing escapes to the public API.
#include "loader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "bundle_hash.h"
#include "bundle_signature.h"
#include "bylaw/bundle/schema.h"
#include "bylaw/bundle/type.h"
#include "call_memo.h"
#include "direct_call.h"
#include "evaluator.h"
#include "exact_json.h"
#include "json_adapter.h"
#include "literal.h"
#include "table_index.h"

namespace bylaw::runtime::runtime_internal {
namespace {

using nlohmann::json;

struct LoadFailure {
  std::string code;
  std::string message;
};

[[noreturn]] void Structure(const std::string& where, const std::string& what) {
  throw LoadFailure{"bundle_structure", where + ": " + what};
}

[[noreturn]] void Dangling(const std::string& where, const std::string& what) {
  throw LoadFailure{"bundle_dangling_reference", where + ": " + what};
}

const json& Req(const json& obj, const char* key, const std::string& where) {
  if (!obj.is_object()) Structure(where, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) Structure(where, std::string("missing key `") + key + "`");
  return *it;
}

const json* Opt(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Str(const json& obj, const char* key, const std::string& where) {
  const json& v = Req(obj, key, where);
  if (!v.is_string()) Structure(where + "." + key, "expected a string");
  return v.get<std::string>();
}

std::string OptStr(const json& obj, const char* key, const std::string& where) {
  const json* v = Opt(obj, key);
  if (v == nullptr) return {};
  if (!v->is_string()) Structure(where + "." + key, "expected a string");
  return v->get<std::string>();
}

bool OptBool(const json& obj, const char* key, const std::string& where) {
  const json* v = Opt(obj, key);
  if (v == nullptr) return false;
  if (!v->is_boolean()) Structure(where + "." + key, "expected a bool");
  return v->get<bool>();
}

const json& Arr(const json& obj, const char* key, const std::string& where) {
  const json& v = Req(obj, key, where);
  if (!v.is_array()) Structure(where + "." + key, "expected an array");
  return v;
}

std::int64_t Date(const json& v, const std::string& where) {
  if (!v.is_string()) Structure(where, "expected a date string");
  auto d = ParseDateLiteral(v.get<std::string>());
  if (!d) Structure(where, "invalid date " + ShownJson(v));
  return *d;
}

Effective ParseEffective(const json& obj, const std::string& where) {
  Effective e;
  const json* v = Opt(obj, "effective");
  if (v == nullptr) return e;
  e.always = false;
  e.from = Date(Req(*v, "from", where + ".effective"), where + ".effective.from");
  if (const json* u = Opt(*v, "until")) e.until = Date(*u, where + ".effective.until");
  return e;
}

std::string LastSegment(const std::string& name) {
  auto dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// Name scopes for one callable: params, lets, comprehension variables.
class Scope {
 public:
  std::uint32_t Push(const std::string& name) {
    names_.push_back({name, next_});
    const std::uint32_t slot = next_++;
    max_ = std::max(max_, next_);
    return slot;
  }
  void Pop() {
    names_.pop_back();
    --next_;
  }
  std::optional<std::uint32_t> Find(const std::string& name) const {
    for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return std::nullopt;
  }
  std::uint32_t max() const { return max_; }

 private:
  std::vector<std::pair<std::string, std::uint32_t>> names_;
  std::uint32_t next_ = 0;
  std::uint32_t max_ = 0;
};

class Loader {
 public:
  Loader(std::string_view bytes, json& doc, Model* m, const LoadOptions& options)
      : bytes_(bytes), doc_(doc), m_(*m), options_(options) {}

  void Run();

 private:
  // The interned type of the type object `j` (bylaw/bundle/type.h).
  const TypeDesc* Type(const json& j, const std::string& where);
  const TypeDesc* Intern(const bundle::Type& t, const std::string& where);
  // `text` or `decimal`, which the loader needs without a bundle's word.
  const TypeDesc* KnownType(TypeDesc::Kind kind);
  const RecordType* Struct(const std::vector<std::string>& names,
                           const std::vector<const TypeDesc*>& types);
  std::unique_ptr<Node> Expr(const json& j, Scope& scope, const std::string& where,
                             int depth = 0);
  Value Literal(const json& j, const std::string& where);
  std::vector<Binding> Params(const json& obj, Scope& scope, const std::string& where);
  Cell ParseCell(const json& j, Scope& scope, std::vector<std::unique_ptr<Node>>* owned,
                 const std::string& where);
  const SourceLocation* Source(const std::string& id) const;
  Value Constant(const Node& n, const std::string& where, std::int64_t as_of);

  void CheckSignature();
  void LoadSources();
  void LoadTypes();
  void LoadMatters();
  void LoadMatterObject(const json& matter, const std::string& where, Matter& mt);
  void DeclareCallables();
  void LoadTable(const json& j, Table* t, const std::string& where);
  void LoadRule(const json& j, Rule* r, const std::string& where);
  void LoadScorecard(const json& j, Scorecard* s, const std::string& where);
  void LoadDecision(const json& j, Decision* d, const std::string& where);
  // Points every `call_decision` node at its callee, once all are loaded.
  void ResolveDecisionCalls();

  std::string_view bytes_;  // what doc_ was parsed from
  json& doc_;
  Model& m_;
  const LoadOptions& options_;
  std::unordered_map<std::string, Table*> tables_;
  std::unordered_map<std::string, Rule*> rules_;
  std::unordered_map<std::string, Scorecard*> scorecards_;
  std::unordered_map<std::string, Def*> defs_;
  std::vector<std::pair<Node*, std::string>> decision_calls_;  // node, where
  std::unordered_map<std::string, std::uint32_t> globals_;
  std::unordered_map<std::string, std::uint32_t> params_;
  std::unordered_map<std::string, const json*> reasons_;
  std::unordered_map<std::string, const Ruleset*> rulesets_;
  std::unordered_map<std::string, const Matter*> matters_by_name_;
};

const SourceLocation* Loader::Source(const std::string& id) const {
  auto it = m_.sources.find(id);
  return it == m_.sources.end() ? nullptr : &it->second;
}

// ------------------------------------------------------------------ types

const RecordType* Loader::Struct(const std::vector<std::string>& names,
                                 const std::vector<const TypeDesc*>& types) {
  std::string key = "{";
  for (std::size_t i = 0; i < names.size(); ++i) key += (i ? ", " : "") + names[i];
  key += "}";
  auto it = m_.record_by_name.find(key);
  if (it != m_.record_by_name.end()) return it->second;
  RecordType& rt = m_.records.emplace_back();
  rt.name = key;
  rt.is_struct = true;
  rt.field_names = names;
  rt.field_types = types;
  for (std::uint32_t i = 0; i < names.size(); ++i) rt.index[names[i]] = i;
  m_.record_by_name[key] = &rt;
  return &rt;
}

const TypeDesc* Loader::Type(const json& j, const std::string& where) {
  bundle::Type t;
  bundle::ReadError error;
  if (!bundle::ReadType(j, where, &t, &error)) throw LoadFailure{error.code, error.message};
  return Intern(t, where);
}

const TypeDesc* Loader::KnownType(TypeDesc::Kind kind) {
  bundle::Type t;
  using K = TypeDesc::Kind;
  using B = bundle::TypeKind;
  switch (kind) {
    case K::kText: t.kind = B::kText; break;
    case K::kDecimal: t.kind = B::kDecimal; break;
    default: t.kind = B::kNone; break;
  }
  return Intern(t, "$");
}

const TypeDesc* Loader::Intern(const bundle::Type& t, const std::string& where) {
  std::string spelling = bundle::Spelling(t);
  auto it = m_.type_by_spelling.find(spelling);
  if (it != m_.type_by_spelling.end()) return it->second;
  using K = TypeDesc::Kind;
  using B = bundle::TypeKind;
  TypeDesc d;
  d.optional = t.optional;
  switch (t.kind) {
    case B::kText: d.kind = K::kText; break;
    case B::kInt: d.kind = K::kInt; break;
    case B::kDecimal: d.kind = K::kDecimal; break;
    case B::kBool: d.kind = K::kBool; break;
    case B::kDate: d.kind = K::kDate; break;
    case B::kPercent: d.kind = K::kPercent; break;
    case B::kDuration: d.kind = K::kDuration; break;
    case B::kNone: d.kind = K::kNone; break;
    case B::kMatter: d.kind = K::kMatter; break;
    case B::kReason:
      d.kind = K::kRecord;
      d.record = m_.reason_record;
      break;
    case B::kEnum: {
      auto e = m_.enum_by_name.find(t.name);
      if (e == m_.enum_by_name.end()) Dangling(where, "unknown enum `" + t.name + "`");
      d.kind = K::kEnum;
      d.enum_type = e->second;
      break;
    }
    case B::kRecord: {
      auto r = m_.record_by_name.find(t.name);
      if (r == m_.record_by_name.end() || r->second->is_struct) {
        Dangling(where, "unknown record `" + t.name + "`");
      }
      d.kind = K::kRecord;
      d.record = r->second;
      break;
    }
    case B::kList:
    case B::kSet:
      d.kind = t.kind == B::kList ? K::kList : K::kSet;
      d.element = Intern(*t.element, where + ".of");
      break;
    case B::kStruct: {
      std::vector<std::string> names;
      std::vector<const TypeDesc*> types;
      for (std::size_t i = 0; i < t.fields.size(); ++i) {
        names.push_back(t.fields[i].name);
        types.push_back(
            Intern(t.fields[i].type, where + ".fields[" + std::to_string(i) + "].type"));
      }
      d.kind = K::kRecord;
      d.record = Struct(names, types);
      break;
    }
  }
  d.spelling = spelling;
  TypeDesc& stored = m_.types.emplace_back(std::move(d));
  m_.type_by_spelling.emplace(std::move(spelling), &stored);
  return &stored;
}

void Loader::LoadTypes() {
  RecordType& reason = m_.records.emplace_back();
  reason.name = "Reason";
  reason.is_struct = true;
  reason.field_names = {"code", "rule", "message", "basis"};
  m_.reason_record = &reason;
  for (std::uint32_t i = 0; i < 4; ++i) reason.index[reason.field_names[i]] = i;

  const json& enums = Arr(doc_, bundle::section::kEnums, "$");
  for (std::size_t i = 0; i < enums.size(); ++i) {
    const std::string where = "enums[" + std::to_string(i) + "]";
    EnumType& e = m_.enums.emplace_back();
    e.name = Str(enums[i], "name", where);
    e.label = OptStr(enums[i], "label", where);
    const json& members = Arr(enums[i], "members", where);
    for (std::size_t k = 0; k < members.size(); ++k) {
      const std::string mw = where + ".members[" + std::to_string(k) + "]";
      std::string name = Str(members[k], "name", mw);
      if (!e.index.emplace(name, static_cast<std::uint32_t>(k)).second) {
        Structure(mw, "duplicate member `" + name + "`");
      }
      e.members.push_back(std::move(name));
      e.labels.push_back(OptStr(members[k], "label", mw));
    }
    if (!m_.enum_by_name.emplace(e.name, &e).second) {
      Structure(where, "duplicate enum `" + e.name + "`");
    }
  }
  const json& records = Arr(doc_, bundle::section::kRecords, "$");
  std::vector<RecordType*> declared;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string where = "records[" + std::to_string(i) + "]";
    RecordType& r = m_.records.emplace_back();
    r.name = Str(records[i], "name", where);
    r.facts = OptBool(records[i], "facts", where);
    if (m_.record_by_name.count(r.name) || m_.enum_by_name.count(r.name)) {
      Structure(where, "duplicate type `" + r.name + "`");
    }
    m_.record_by_name[r.name] = &r;
    declared.push_back(&r);
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string where = "records[" + std::to_string(i) + "]";
    RecordType& r = *declared[i];
    const json& fields = Arr(records[i], "fields", where);
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const std::string fw = where + ".fields[" + std::to_string(k) + "]";
      std::string name = Str(fields[k], "name", fw);
      if (!r.index.emplace(name, static_cast<std::uint32_t>(k)).second) {
        Structure(fw, "duplicate field `" + name + "`");
      }
      r.field_names.push_back(std::move(name));
      r.field_types.push_back(Type(Req(fields[k], "type", fw), fw + ".type"));
    }
  }
  reason.field_types.assign(4, KnownType(TypeDesc::Kind::kText));
}

// -------------------------------------------------------------- literals

Value Loader::Literal(const json& j, const std::string& where) {
  const TypeDesc* t = Type(Req(j, "type", where), where + ".type");
  if (t->kind == TypeDesc::Kind::kNone) return Value::Null();
  const std::string& type_name = t->spelling;
  const json& v = Req(j, "value", where);
  if (v.is_null() && t->optional) return Value::Null();
  using K = TypeDesc::Kind;
  auto bad = [&]() -> Value {
    Structure(where + ".value", "invalid " + type_name + " literal " + ShownJson(v));
  };
  switch (t->kind) {
    case K::kInt:
      if (!v.is_number_integer()) bad();
      return Value::Int(v.get<std::int64_t>());
    case K::kDecimal:
    case K::kPercent: {
      if (!v.is_string()) bad();
      const auto& s = v.get_ref<const std::string&>();
      auto scaled = t->kind == K::kPercent ? ParsePercentLiteral(s) : ParseDecimalLiteral(s);
      if (!scaled) bad();
      return t->kind == K::kPercent ? Value::PercentScaled(*scaled)
                                    : Value::DecimalScaled(*scaled);
    }
    case K::kText:
      if (!v.is_string()) bad();
      return Value::Text(v.get<std::string>());
    case K::kBool:
      if (!v.is_boolean()) bad();
      return Value::Bool(v.get<bool>());
    case K::kDate:
      return Value::Date(Date(v, where + ".value"));
    case K::kDuration: {
      if (!v.is_string()) bad();
      auto d = ParseDurationLiteral(v.get<std::string>());
      if (!d) bad();
      return Value::Duration(d->months, d->days);
    }
    case K::kEnum: {
      if (!v.is_string()) bad();
      auto it = t->enum_type->index.find(v.get<std::string>());
      if (it == t->enum_type->index.end()) {
        Dangling(where, "`" + v.get<std::string>() + "` is not a member of `" +
                            t->enum_type->name + "`");
      }
      return Value::Enum(t->enum_type, it->second);
    }
    case K::kMatter: {
      if (!v.is_string()) bad();
      auto it = m_.matter_by_id.find(v.get<std::string>());
      if (it == m_.matter_by_id.end()) Dangling(where, "unknown matter " + ShownJson(v));
      return Value::Matter(it->second);
    }
    default:
      return bad();
  }
}

// ----------------------------------------------------------- expressions

std::unique_ptr<Node> Loader::Expr(const json& j, Scope& scope, const std::string& where,
                                   int depth) {
  if (depth > 200) Structure(where, "expression nested deeper than 200");
  if (!j.is_object()) Structure(where, "expected an expression object");
  const std::string op = Str(j, "op", where);
  auto n = std::make_unique<Node>();
  auto kid = [&](const char* key) {
    n->kids.push_back(Expr(Req(j, key, where), scope, where + "." + key, depth + 1));
  };
  auto kids_of = [&](const char* key) {
    const json& a = Arr(j, key, where);
    for (std::size_t i = 0; i < a.size(); ++i) {
      n->kids.push_back(
          Expr(a[i], scope, where + "." + key + "[" + std::to_string(i) + "]", depth + 1));
    }
  };
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
    kid("lhs");
    kid("rhs");
    return n;
  }
  if (op == o::kLit) {
    n->op = Op::kLit;
    n->constant = Literal(j, where);
  } else if (op == o::kVar) {
    n->op = Op::kVar;
    n->name = Str(j, "name", where);
    auto slot = scope.Find(n->name);
    if (!slot) Dangling(where, "unknown variable `" + n->name + "`");
    n->slot = *slot;
  } else if (op == o::kParam) {
    n->op = Op::kParam;
    n->name = Str(j, "name", where);
    auto it = params_.find(n->name);
    if (it == params_.end()) Dangling(where, "unknown param `" + n->name + "`");
    n->slot = it->second;
  } else if (op == o::kGlobal) {
    n->op = Op::kGlobal;
    n->name = Str(j, "name", where);
    auto it = globals_.find(n->name);
    if (it == globals_.end()) Dangling(where, "unknown let `" + n->name + "`");
    n->slot = it->second;
  } else if (op == o::kField) {
    n->name = Str(j, "name", where);
    const TypeDesc* t = Type(Req(j, "type", where), where + ".type");
    kid("base");
    using K = TypeDesc::Kind;
    if (t->kind == K::kList || t->kind == K::kSet) {
      n->op = Op::kProject;
      t = t->element;
    } else {
      n->op = Op::kField;
    }
    if (t->kind == K::kMatter && n->op == Op::kField) {
      static const std::unordered_map<std::string, std::uint32_t> kMatterFields = {
          {"id", kMatterId},           {"label", kMatterLabel},
          {"basis", kMatterBasis},     {"type", kMatterType},
          {"initiator", kMatterInitiator}, {"cooperators", kMatterCooperators},
          {"key", kMatterKey},         {"delegable", kMatterDelegable},
          {"level", kMatterLevel},     {"scenario", kMatterScenario},
          {"methods", kMatterMethods}, {"content", kMatterContent},
      };
      auto it = kMatterFields.find(n->name);
      if (it == kMatterFields.end()) Dangling(where, "Matter has no field `" + n->name + "`");
      n->op = Op::kMatterField;
      n->slot = it->second;
      return n;
    }
    if (t->kind != K::kRecord) Structure(where, "field access on type `" + t->spelling + "`");
    n->record = t->record;
    const int slot = t->record->Find(n->name);
    if (slot < 0) {
      Dangling(where, "`" + t->record->name + "` has no field `" + n->name + "`");
    }
    n->slot = static_cast<std::uint32_t>(slot);
  } else if (op == o::kNot || op == o::kNeg || op == o::kIsNone || op == o::kIsNotNone) {
    n->op = op == o::kNot      ? Op::kNot
            : op == o::kNeg    ? Op::kNeg
            : op == o::kIsNone ? Op::kIsNone
                               : Op::kIsNotNone;
    kid("arg");
  } else if (op == o::kIf) {
    n->op = Op::kIf;
    kid("cond");
    kid("then");
    kid("else");
  } else if (op == o::kList || op == o::kSet) {
    n->op = op == o::kList ? Op::kList : Op::kSet;
    kids_of("items");
  } else if (op == o::kRecord || op == o::kWith) {
    n->op = op == o::kRecord ? Op::kRecord : Op::kWith;
    const TypeDesc* t = Type(Req(j, "type", where), where + ".type");
    if (t->kind != TypeDesc::Kind::kRecord) Structure(where, "`" + op + "` of a non-record type");
    n->record = t->record;
    if (op == o::kWith) kid("base");
    const json& fields = Req(j, "fields", where);
    if (!fields.is_object()) Structure(where + ".fields", "expected an object");
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      const int slot = n->record->Find(it.key());
      if (slot < 0) Dangling(where, "`" + n->record->name + "` has no field `" + it.key() + "`");
      n->field_slots.push_back(static_cast<std::uint32_t>(slot));
      n->kids.push_back(Expr(it.value(), scope, where + ".fields." + it.key(), depth + 1));
    }
  } else if (bundle::IsDeclCall(op)) {
    n->name = Str(j, "name", where);
    std::size_t arity = 0;
    if (op == o::kCallTable) {
      auto it = tables_.find(n->name);
      if (it == tables_.end()) Dangling(where, "unknown table `" + n->name + "`");
      n->op = Op::kCallTable;
      n->target = it->second;
      arity = it->second->params.size();
    } else if (op == o::kCallRule) {
      auto it = rules_.find(n->name);
      if (it == rules_.end()) Dangling(where, "unknown rule `" + n->name + "`");
      n->op = Op::kCallRule;
      n->target = it->second;
      arity = it->second->params.size();
    } else if (op == o::kCallScorecard) {
      auto it = scorecards_.find(n->name);
      if (it == scorecards_.end()) Dangling(where, "unknown scorecard `" + n->name + "`");
      n->op = Op::kCallScorecard;
      n->target = it->second;
      arity = it->second->params.size();
    } else {
      auto it = defs_.find(n->name);
      if (it == defs_.end()) Dangling(where, "unknown def `" + n->name + "`");
      n->op = Op::kCallDef;
      n->target = it->second;
      arity = it->second->params.size();
    }
    kids_of("args");
    if (n->kids.size() != arity) {
      Structure(where, "`" + n->name + "` takes " + std::to_string(arity) + " arguments, got " +
                           std::to_string(n->kids.size()));
    }
  } else if (op == o::kCallDecision) {
    // Decisions load after every other body: the callee is resolved then
    // (ResolveDecisionCalls).
    n->op = Op::kCallDecision;
    n->name = Str(j, "name", where);
    const TypeDesc* t = Type(Req(j, "type", where), where + ".type");
    if (t->kind != TypeDesc::Kind::kRecord) Structure(where, "`call_decision` of a non-record type");
    n->record = t->record;
    kids_of("args");
    decision_calls_.push_back({n.get(), where});
  } else if (op == o::kCall) {
    n->op = Op::kBuiltin;
    n->name = Str(j, "fn", where);
    kids_of("args");
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
    if (it == kFns.end()) Dangling(where, "unknown builtin `" + n->name + "`");
    Builtin fn = it->second.first;
    const int arity = it->second.second;
    if (arity == -1) {
      if (argc == 2) fn = fn == Builtin::kMin ? Builtin::kMin2 : Builtin::kMax2;
      else if (argc != 1) Structure(where, "`" + n->name + "` takes 1 or 2 arguments");
    } else if (arity == -2) {
      for (const auto& k : n->kids) {
        if (k->op != Op::kCallRule) {
          Structure(where, "`" + n->name + "` takes rule calls only");
        }
      }
    } else if (static_cast<int>(argc) != arity) {
      Structure(where, "`" + n->name + "` takes " + std::to_string(arity) + " arguments");
    }
    n->fn = static_cast<std::uint8_t>(fn);
  } else if (op == o::kComp) {
    n->op = Op::kComp;
    n->name = Str(j, "fn", where);
    static const std::unordered_map<std::string, CompFn> kComps = {
        {"any", CompFn::kAny},       {"all", CompFn::kAll}, {"count", CompFn::kCount},
        {"filter", CompFn::kFilter}, {"map", CompFn::kMap}, {"sum", CompFn::kSum},
        {"min", CompFn::kMin},       {"max", CompFn::kMax},
    };
    auto it = kComps.find(n->name);
    if (it == kComps.end()) Structure(where, "unknown comprehension `" + n->name + "`");
    n->fn = static_cast<std::uint8_t>(it->second);
    kid("source");
    n->slot = scope.Push(Str(j, "var", where));
    kid("body");
    scope.Pop();
  } else {
    Structure(where, "unknown op `" + op + "`");
  }
  return n;
}

Value Loader::Constant(const Node& n, const std::string& where, std::int64_t as_of) {
  Evaluator ev(m_, as_of, nullptr, nullptr);
  Value v;
  if (!ev.EvalConstant(n, &v)) {
    Structure(where, "not a constant (" + ev.error_code() + ": " + ev.error_message() + ")");
  }
  return v;
}

std::vector<Binding> Loader::Params(const json& obj, Scope& scope, const std::string& where) {
  std::vector<Binding> out;
  const json& ps = Arr(obj, "params", where);
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const std::string pw = where + ".params[" + std::to_string(i) + "]";
    Binding b{Str(ps[i], "name", pw), Type(Req(ps[i], "type", pw), pw + ".type")};
    scope.Push(b.name);
    out.push_back(std::move(b));
  }
  return out;
}

Cell Loader::ParseCell(const json& j, Scope& scope, std::vector<std::unique_ptr<Node>>* owned,
                       const std::string& where) {
  Cell c;
  if (!j.is_object()) Structure(where, "expected a cell object");
  if (OptBool(j, "any", where)) return c;
  c.any = false;
  c.negate = OptBool(j, "not", where);
  auto constant = [&](const json& e, const std::string& w) -> const Node* {
    auto n = Expr(e, scope, w);
    if (n->op == Op::kParam) {
      c.dynamic = true;
    } else if (n->op != Op::kLit) {
      n->constant = Constant(*n, w, 0);
      n->op = Op::kLit;
      n->kids.clear();
    }
    owned->push_back(std::move(n));
    return owned->back().get();
  };
  if (const json* eq = Opt(j, "eq")) {
    if (!eq->is_array()) Structure(where + ".eq", "expected an array");
    for (std::size_t i = 0; i < eq->size(); ++i) {
      c.eq.push_back(constant((*eq)[i], where + ".eq[" + std::to_string(i) + "]"));
    }
  }
  if (const json* ranges = Opt(j, "ranges")) {
    if (!ranges->is_array()) Structure(where + ".ranges", "expected an array");
    for (std::size_t i = 0; i < ranges->size(); ++i) {
      const std::string rw = where + ".ranges[" + std::to_string(i) + "]";
      const json& r = (*ranges)[i];
      Range range;
      if (const json* lo = Opt(r, "low")) range.low = constant(*lo, rw + ".low");
      if (const json* hi = Opt(r, "high")) range.high = constant(*hi, rw + ".high");
      range.low_closed = OptBool(r, "low_closed", rw);
      range.high_closed = OptBool(r, "high_closed", rw);
      c.ranges.push_back(range);
    }
  }
  return c;
}

// ----------------------------------------------------------- declarations

void Loader::LoadSources() {
  const json& src = Req(doc_, bundle::section::kSources, "$");
  if (!src.is_object()) Structure("sources", "expected an object");
  for (auto it = src.begin(); it != src.end(); ++it) {
    const std::string where = "sources." + it.key();
    SourceLocation loc;
    loc.file = OptStr(it.value(), "file", where);
    if (const json* l = Opt(it.value(), "line"); l && l->is_number_integer()) {
      loc.line = l->get<int>();
    }
    if (const json* c = Opt(it.value(), "col"); c && c->is_number_integer()) {
      loc.col = c->get<int>();
    }
    loc.basis = OptStr(it.value(), "basis", where);
    m_.sources.emplace(it.key(), std::move(loc));
  }
}

void Loader::LoadMatters() {
  const json& matters = Arr(doc_, bundle::section::kMatters, "$");
  for (std::size_t i = 0; i < matters.size(); ++i) {
    const std::string where = "matters[" + std::to_string(i) + "]";
    Matter& mt = m_.matters.emplace_back();
    mt.index = static_cast<std::uint32_t>(i);
    mt.name = Str(matters[i], "name", where);
    mt.id = Str(matters[i], "id", where);
    mt.label = OptStr(matters[i], "label", where);
    mt.effective = ParseEffective(matters[i], where);
    if (!m_.matter_by_id.emplace(mt.id, &mt).second) {
      Structure(where, "duplicate matter id `" + mt.id + "`");
    }
    matters_by_name_[mt.name] = &mt;
  }
}

void Loader::LoadMatterObject(const json& matter, const std::string& where, Matter& mt) {
  const json* object = Opt(matter, "object");
  if (object == nullptr) return;
  const std::string at = where + ".object";
  if (!object->is_object()) Structure(at, "expected an object");
  const TypeDesc* type = Type(Req(*object, "type", at), at + ".type");
  if (type->kind != TypeDesc::Kind::kRecord) Structure(at + ".type", "expected a record type");
  mt.object_type = type->record;
  const json* filter = Opt(*object, "where");
  if (filter == nullptr) return;
  Scope scope;
  scope.Push(Str(*object, "var", at));
  mt.where = Expr(*filter, scope, at + ".where");
  mt.where_frame = scope.max();
  m_.max_frame = std::max(m_.max_frame, mt.where_frame);
}

void Loader::DeclareCallables() {
  const json& reasons = Arr(doc_, bundle::section::kReasons, "$");
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    const std::string where = "reasons[" + std::to_string(i) + "]";
    Str(reasons[i], "code", where);
    reasons_[Str(reasons[i], "name", where)] = &reasons[i];
  }
  const json& params = Arr(doc_, bundle::section::kParams, "$");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string where = "params[" + std::to_string(i) + "]";
    Param& p = m_.params.emplace_back();
    p.name = Str(params[i], "name", where);
    p.short_name = LastSegment(p.name);
    p.type = Type(Req(params[i], "type", where), where + ".type");
    p.source = Source(p.name);
    if (!params_.emplace(p.name, static_cast<std::uint32_t>(i)).second) {
      Structure(where, "duplicate param `" + p.name + "`");
    }
  }
  auto declare = [&](const char* section, auto& store, auto& index) {
    const json& arr = Arr(doc_, section, "$");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string where = std::string(section) + "[" + std::to_string(i) + "]";
      auto& item = store.emplace_back();
      item.name = Str(arr[i], "name", where);
      // Signatures are known before any body is loaded, so a call may
      // precede its callee in the document (a rule calling a def).
      Scope signature;
      item.params = Params(arr[i], signature, where);
      if (!index.emplace(item.name, &item).second) {
        Structure(where, "duplicate name `" + item.name + "`");
      }
    }
  };
  declare(bundle::section::kTables, m_.tables, tables_);
  declare(bundle::section::kRules, m_.rules, rules_);
  declare(bundle::section::kScorecards, m_.scorecards, scorecards_);
  declare(bundle::section::kDefs, m_.defs, defs_);
  const json& lets = Arr(doc_, bundle::section::kLets, "$");
  for (std::size_t i = 0; i < lets.size(); ++i) {
    const std::string where = "lets[" + std::to_string(i) + "]";
    Global& g = m_.globals.emplace_back();
    g.name = Str(lets[i], "name", where);
    if (!globals_.emplace(g.name, static_cast<std::uint32_t>(i)).second) {
      Structure(where, "duplicate let `" + g.name + "`");
    }
  }
  // Params' signatures must be known before their values, which may refer
  // to other params.
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string where = "params[" + std::to_string(i) + "]";
    Param& p = m_.params[i];
    const json& values = Arr(params[i], "values", where);
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::string vw = where + ".values[" + std::to_string(k) + "]";
      ParamValue pv;
      pv.id = OptStr(values[k], "id", vw);
      pv.source = Source(pv.id);
      if (const json* from = Opt(values[k], "from")) {
        pv.from = Date(*from, vw + ".from");
      } else if (k != 0) {
        Structure(vw, "only the first value may have no `from`");
      }
      if (!p.values.empty() && pv.from <= p.values.back().from) {
        Structure(vw, "values must be sorted by `from`");
      }
      Scope none;
      auto node = Expr(Req(values[k], "value", vw), none, vw + ".value");
      pv.value = Constant(*node, vw + ".value", pv.from);
      p.values.push_back(std::move(pv));
    }
  }
}

void Loader::LoadTable(const json& j, Table* t, const std::string& where) {
  Scope scope;
  t->ruleset = OptStr(j, "ruleset", where);
  t->params = Params(j, scope, where);
  t->source = Source(t->name);
  t->effective = ParseEffective(j, where);
  const json& inputs = Arr(j, "inputs", where);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string iw = where + ".inputs[" + std::to_string(i) + "]";
    t->inputs.push_back(Expr(Req(inputs[i], "expr", iw), scope, iw + ".expr"));
    t->input_types.push_back(Type(Req(inputs[i], "type", iw), iw + ".type"));
  }
  const json& outputs = Arr(j, "outputs", where);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string ow = where + ".outputs[" + std::to_string(i) + "]";
    t->output_names.push_back(Str(outputs[i], "name", ow));
    t->output_types.push_back(Type(Req(outputs[i], "type", ow), ow + ".type"));
  }
  t->output_record = Struct(t->output_names, t->output_types);
  static const std::unordered_map<std::string, HitPolicy> kHits = {
      {"unique", HitPolicy::kUnique},       {"any", HitPolicy::kAny},
      {"first", HitPolicy::kFirst},         {"priority", HitPolicy::kPriority},
      {"rule_order", HitPolicy::kRuleOrder}, {"collect", HitPolicy::kCollect},
  };
  const std::string hit = Str(j, "hit", where);
  auto h = kHits.find(hit);
  if (h == kHits.end()) Structure(where + ".hit", "unknown hit policy `" + hit + "`");
  t->hit = h->second;
  const std::string agg = OptStr(j, "aggregator", where);
  static const std::unordered_map<std::string, Aggregator> kAggs = {
      {"", Aggregator::kNone},   {"sum", Aggregator::kSum}, {"min", Aggregator::kMin},
      {"max", Aggregator::kMax}, {"count", Aggregator::kCount},
  };
  auto a = kAggs.find(agg);
  if (a == kAggs.end()) Structure(where + ".aggregator", "unknown aggregator `" + agg + "`");
  t->aggregator = a->second;
  if (t->aggregator != Aggregator::kNone && t->hit != HitPolicy::kCollect) {
    Structure(where + ".aggregator", "an aggregator needs `hit collect`");
  }
  if ((t->aggregator == Aggregator::kSum || t->aggregator == Aggregator::kMin ||
       t->aggregator == Aggregator::kMax) &&
      t->output_names.size() != 1) {
    Structure(where + ".aggregator", "`" + agg + "` needs exactly one output");
  }
  t->partial = OptBool(j, "partial", where);
  const json& rows = Arr(j, "rows", where);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string rw = where + ".rows[" + std::to_string(i) + "]";
    Row row;
    row.id = Str(rows[i], "id", rw);
    row.source = Source(row.id);
    row.source_order = static_cast<std::uint32_t>(i);
    row.effective = ParseEffective(rows[i], rw);
    if (const json* p = Opt(rows[i], "priority")) {
      if (!p->is_number_integer()) Structure(rw + ".priority", "expected an integer");
      row.priority = p->get<std::int64_t>();
    }
    const bool is_default = OptBool(rows[i], "default", rw);
    if (!is_default) {
      const json& cells = Arr(rows[i], "cells", rw);
      if (cells.size() != t->inputs.size()) {
        Structure(rw + ".cells", "expected " + std::to_string(t->inputs.size()) +
                                     " cells, got " + std::to_string(cells.size()));
      }
      for (std::size_t c = 0; c < cells.size(); ++c) {
        row.cells.push_back(
            ParseCell(cells[c], scope, &row.owned, rw + ".cells[" + std::to_string(c) + "]"));
      }
    }
    const json& outs = Arr(rows[i], "outputs", rw);
    if (outs.size() != t->output_names.size()) {
      Structure(rw + ".outputs", "expected " + std::to_string(t->output_names.size()) +
                                     " outputs, got " + std::to_string(outs.size()));
    }
    bool all_lit = true;
    for (std::size_t o = 0; o < outs.size(); ++o) {
      row.outputs.push_back(Expr(outs[o], scope, rw + ".outputs[" + std::to_string(o) + "]"));
      all_lit = all_lit && row.outputs.back()->op == Op::kLit;
    }
    if (all_lit) {
      std::vector<Value> vals;
      for (const auto& o : row.outputs) vals.push_back(o->constant);
      row.constant_outputs = Value::Record(t->output_record, std::move(vals));
    }
    if (is_default) {
      if (t->default_row) Structure(rw, "a second default row");
      t->default_row = std::make_unique<Row>(std::move(row));
    } else {
      t->rows.push_back(std::move(row));
    }
  }
  if (t->hit == HitPolicy::kPriority) {
    std::stable_sort(t->rows.begin(), t->rows.end(),
                     [](const Row& a, const Row& b) { return a.priority > b.priority; });
  }
  t->frame_size = scope.max();
  BuildIndex(t, m_);
}

void Loader::LoadRule(const json& j, Rule* r, const std::string& where) {
  Scope scope;
  r->ruleset = OptStr(j, "ruleset", where);
  r->params = Params(j, scope, where);
  r->source = Source(r->name);
  r->effective = ParseEffective(j, where);
  const std::string kind = Str(j, "kind", where);
  if (kind != "forbid" && kind != "require") {
    Structure(where + ".kind", "expected `forbid` or `require`");
  }
  r->forbid = kind == "forbid";
  r->condition = Expr(Req(j, "condition", where), scope, where + ".condition");
  const json& excepts = Arr(j, "excepts", where);
  for (std::size_t i = 0; i < excepts.size(); ++i) {
    const std::string ew = where + ".excepts[" + std::to_string(i) + "]";
    Except e;
    e.id = Str(excepts[i], "id", ew);
    e.source = Source(e.id);
    e.when = Expr(Req(excepts[i], "when", ew), scope, ew + ".when");
    e.followup = OptStr(excepts[i], "followup", ew);
    r->excepts.push_back(std::move(e));
  }
  std::string code = LastSegment(r->name);
  const std::string code_ref = OptStr(j, "code", where);
  if (!code_ref.empty()) {
    auto it = reasons_.find(code_ref);
    if (it == reasons_.end()) Dangling(where + ".code", "unknown reason `" + code_ref + "`");
    code = (*it->second)["code"].get<std::string>();
  }
  r->reason = Value::Record(
      m_.reason_record, {Value::Text(code), Value::Text(r->name),
                         Value::Text(OptStr(j, "message", where)),
                         Value::Text(r->source ? r->source->basis : std::string())});
  r->frame_size = scope.max();
}

void Loader::LoadScorecard(const json& j, Scorecard* s, const std::string& where) {
  Scope scope;
  s->params = Params(j, scope, where);
  s->source = Source(s->name);
  const TypeDesc* grade = Type(Req(j, "grade_type", where), where + ".grade_type");
  s->result_record = Struct({"score", "grade"}, {KnownType(TypeDesc::Kind::kDecimal), grade});
  const json& inds = Arr(j, "indicators", where);
  for (std::size_t i = 0; i < inds.size(); ++i) {
    const std::string iw = where + ".indicators[" + std::to_string(i) + "]";
    Indicator ind;
    ind.id = Str(inds[i], "id", iw);
    ind.weight = Expr(Req(inds[i], "weight", iw), scope, iw + ".weight");
    ind.value = Expr(Req(inds[i], "value", iw), scope, iw + ".value");
    s->indicators.push_back(std::move(ind));
  }
  const json& bands = Arr(j, "bands", where);
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const std::string bw = where + ".bands[" + std::to_string(i) + "]";
    Band b;
    b.id = Str(bands[i], "id", bw);
    b.test = ParseCell(Req(bands[i], "test", bw), scope, &b.owned, bw + ".test");
    b.grade = Expr(Req(bands[i], "grade", bw), scope, bw + ".grade");
    s->bands.push_back(std::move(b));
  }
  s->frame_size = scope.max();
}

void Loader::LoadDecision(const json& j, Decision* d, const std::string& where) {
  Scope scope;
  d->name = Str(j, "name", where);
  d->source = Source(d->name);
  const std::string rs = Str(j, "ruleset", where);
  auto it = rulesets_.find(rs);
  if (it == rulesets_.end()) Dangling(where + ".ruleset", "unknown ruleset `" + rs + "`");
  d->ruleset = it->second;
  d->params = Params(j, scope, where);
  for (std::uint32_t i = 0; i < d->params.size(); ++i) {
    if (d->params[i].name == "as_of") Structure(where, "a param may not be called `as_of`");
    d->param_index[d->params[i].name] = i;
  }
  d->complete_facts = OptBool(j, "complete_facts", where);
  const json& items = Arr(j, "items", where);
  std::set<std::string> outputs;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string iw = where + ".items[" + std::to_string(i) + "]";
    DecisionItem item;
    const std::string kind = Str(items[i], "kind", iw);
    item.name = Str(items[i], "name", iw);
    item.expr = Expr(Req(items[i], "expr", iw), scope, iw + ".expr");
    if (kind == "let") {
      item.slot = scope.Push(item.name);
    } else if (kind == "output") {
      item.output = true;
      item.id = Str(items[i], "id", iw);
      item.source = Source(item.id);
      if (!outputs.insert(item.name).second) Structure(iw, "duplicate output `" + item.name + "`");
      item.output_index = static_cast<std::uint32_t>(d->output_names.size());
      d->output_names.push_back(item.name);
      if (const json* e = Opt(items[i], "else")) item.fallback = Expr(*e, scope, iw + ".else");
    } else {
      Structure(iw + ".kind", "expected `let` or `output`");
    }
    d->items.push_back(std::move(item));
  }
  d->frame_size = scope.max();
}

void Loader::ResolveDecisionCalls() {
  for (const auto& [n, where] : decision_calls_) {
    auto it = m_.decision_by_name.find(n->name);
    if (it == m_.decision_by_name.end()) Dangling(where, "unknown decision `" + n->name + "`");
    const Decision& d = *it->second;
    if (n->kids.size() != d.params.size()) {
      Structure(where, "`" + n->name + "` takes " + std::to_string(d.params.size()) +
                           " arguments, got " + std::to_string(n->kids.size()));
    }
    if (n->record->field_names.size() != d.output_names.size()) {
      Structure(where + ".type", "`" + n->record->name + "` is not the outputs of `" + n->name + "`");
    }
    for (const std::string& output : d.output_names) {
      const int slot = n->record->Find(output);
      if (slot < 0) Dangling(where + ".type", "`" + n->record->name + "` has no field `" + output + "`");
      n->field_slots.push_back(static_cast<std::uint32_t>(slot));
    }
    n->target = &d;
  }
}

void Loader::Run() {
  if (!doc_.is_object()) throw LoadFailure{"bundle_format", "a bundle is a JSON object"};
  const json* format = Opt(doc_, bundle::section::kFormat);
  if (format == nullptr || !format->is_string() || *format != bundle::kFormat) {
    throw LoadFailure{"bundle_format", "`format` is not \"bylaw-bundle\""};
  }
  const json* version = Opt(doc_, bundle::section::kFormatVersion);
  if (version == nullptr || !version->is_number_integer()) {
    throw LoadFailure{"bundle_version", "`format_version` is missing or not an integer"};
  }
  if (version->get<std::int64_t>() != bundle::kFormatVersion) {
    const bool older = version->get<std::int64_t>() < bundle::kFormatVersion;
    throw LoadFailure{"bundle_version",
                      "format version " + ShownJson(*version) +
                          " is not supported (this runtime reads " +
                          std::to_string(bundle::kFormatVersion) + "): " +
                          (older ? "recompile the rules with `bylaw compile`"
                                 : "the bundle is newer than this runtime; upgrade it, or "
                                   "recompile the rules with this release's `bylaw compile`")};
  }
  const json* hash = Opt(doc_, bundle::section::kHash);
  if (hash == nullptr || !hash->is_string()) Structure("$", "missing key `hash`");
  m_.hash = hash->get<std::string>();
  // A signature signs the hash, so trusting keys checks the hash too.
  if ((options_.verify_hash || !options_.trusted_keys.empty()) &&
      !TextHasDeclaredHash(bytes_, doc_)) {
    const std::string actual = BundleHash(doc_);
    if (actual != m_.hash) {
      throw LoadFailure{"bundle_hash_mismatch",
                        "content hash is " + actual + " but the bundle says " + m_.hash};
    }
  }
  CheckSignature();
  static const std::set<std::string> kKeys(bundle::kRequiredSections.begin(),
                                           bundle::kRequiredSections.end());
  for (auto it = doc_.begin(); it != doc_.end(); ++it) {
    if (!kKeys.count(it.key()) && it.key() != bundle::section::kSignature) {
      Structure("$", "unknown key `" + it.key() + "`");
    }
  }
  for (const std::string& k : kKeys) Req(doc_, k.c_str(), "$");

  LoadSources();
  const json& rulesets = Arr(doc_, bundle::section::kRulesets, "$");
  for (std::size_t i = 0; i < rulesets.size(); ++i) {
    const std::string where = "rulesets[" + std::to_string(i) + "]";
    Ruleset& r = m_.rulesets.emplace_back();
    r.id = Str(rulesets[i], "id", where);
    r.version = OptStr(rulesets[i], "version", where);
    const std::string status = Str(rulesets[i], "status", where);
    if (status != "in_force" && status != "trial" && status != "repealed") {
      Structure(where + ".status", "unknown status `" + status + "`");
    }
    r.repealed = status == "repealed";
    r.trial = status == "trial";
    r.effective = ParseEffective(rulesets[i], where);
  }
  for (const Ruleset& r : m_.rulesets) {
    if (!rulesets_.emplace(r.id, &r).second) Structure("rulesets", "duplicate `" + r.id + "`");
  }
  LoadTypes();
  LoadMatters();
  DeclareCallables();

  // Matter fields are constants and may name enum members and matters.
  const json& matters = doc_[bundle::section::kMatters];
  for (std::size_t i = 0; i < matters.size(); ++i) {
    const std::string where = "matters[" + std::to_string(i) + "]";
    Matter& mt = m_.matters[i];
    mt.fields.assign(kMatterFieldCount, Value::Null());
    mt.fields[kMatterId] = Value::Text(mt.id);
    mt.fields[kMatterLabel] = Value::Text(mt.label);
    const SourceLocation* src = Source(mt.name);
    mt.fields[kMatterBasis] = Value::Text(src ? src->basis : std::string());
    LoadMatterObject(matters[i], where, mt);
    const json* fields = Opt(matters[i], "fields");
    if (fields == nullptr) continue;
    static const std::unordered_map<std::string, std::uint32_t> kSlots = {
        {"type", kMatterType},       {"initiator", kMatterInitiator},
        {"cooperators", kMatterCooperators}, {"key", kMatterKey},
        {"delegable", kMatterDelegable}, {"level", kMatterLevel},
        {"scenario", kMatterScenario}, {"methods", kMatterMethods},
        {"content", kMatterContent},
    };
    for (auto it = fields->begin(); it != fields->end(); ++it) {
      auto slot = kSlots.find(it.key());
      if (slot == kSlots.end()) Structure(where + ".fields", "unknown field `" + it.key() + "`");
      Scope none;
      auto node = Expr(it.value(), none, where + ".fields." + it.key());
      mt.fields[slot->second] = Constant(*node, where + ".fields." + it.key(), 0);
    }
  }

  // Params by qualified name, and by short name when that is unique.
  std::unordered_map<std::string, int> param_short;
  for (const Param& p : m_.params) {
    m_.param_by_name[p.name] = &p;
    ++param_short[p.short_name];
  }
  for (const Param& p : m_.params) {
    if (param_short[p.short_name] == 1) m_.param_by_name.emplace(p.short_name, &p);
  }

  auto each = [&](const char* section, auto& store, auto load) {
    const json& arr = doc_[section];
    for (std::size_t i = 0; i < arr.size(); ++i) {
      load(arr[i], &store[i], std::string(section) + "[" + std::to_string(i) + "]");
    }
  };
  each(bundle::section::kTables, m_.tables,
       [&](const json& j, Table* t, const std::string& w) { LoadTable(j, t, w); });
  each(bundle::section::kRules, m_.rules,
       [&](const json& j, Rule* r, const std::string& w) { LoadRule(j, r, w); });
  each(bundle::section::kScorecards, m_.scorecards,
       [&](const json& j, Scorecard* s, const std::string& w) { LoadScorecard(j, s, w); });
  each(bundle::section::kDefs, m_.defs, [&](const json& j, Def* d, const std::string& w) {
    Scope scope;
    d->params = Params(j, scope, w);
    Type(Req(j, "type", w), w + ".type");
    d->body = Expr(Req(j, "body", w), scope, w + ".body");
    d->frame_size = scope.max();
  });
  each(bundle::section::kLets, m_.globals, [&](const json& j, Global* g, const std::string& w) {
    Scope scope;
    g->value = Expr(Req(j, "value", w), scope, w + ".value");
    g->frame_size = scope.max();
  });
  const json& decisions = Arr(doc_, bundle::section::kDecisions, "$");
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    Decision& d = m_.decisions.emplace_back();
    LoadDecision(decisions[i], &d, "decisions[" + std::to_string(i) + "]");
    if (!m_.decision_by_name.emplace(d.name, &d).second) {
      Structure("decisions[" + std::to_string(i) + "]", "duplicate decision `" + d.name + "`");
    }
  }
  ResolveDecisionCalls();
  // Short names, when unique.
  std::unordered_map<std::string, int> short_count;
  for (const Decision& d : m_.decisions) ++short_count[LastSegment(d.name)];
  for (const Decision& d : m_.decisions) {
    const std::string s = LastSegment(d.name);
    if (short_count[s] == 1) m_.decision_by_name.emplace(s, &d);
  }

  // Host overrides baked in at load time.
  std::vector<Value> storage;
  std::vector<const Value*> slots;
  Status st = ResolveOverrides(m_, options_.params, &storage, &slots);
  if (!st.ok()) throw LoadFailure{st.error().code, st.error().message};
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] == nullptr) continue;
    Param& p = m_.params[i];
    ParamValue pv;
    pv.id = p.name + "#override";
    pv.value = *slots[i];
    p.values.clear();
    p.values.push_back(std::move(pv));
    p.overridden = true;
  }
}

}  // namespace

// docs/bundle.md, 1.4. With trusted keys, an unsigned bundle, a key not
// trusted and a signature that does not verify are each refused; without,
// a signature is only checked for shape and its signer is not reported.
void Loader::CheckSignature() {
  const json* sig = Opt(doc_, bundle::section::kSignature);
  std::string key_id, sig_hex;
  if (sig != nullptr) {
    if (!sig->is_object()) Structure("$.signature", "expected an object");
    const json* alg = Opt(*sig, "alg");
    if (alg == nullptr || !alg->is_string() || alg->get<std::string>() != "ed25519") {
      throw LoadFailure{"bundle_signature_invalid", "`signature.alg` is not \"ed25519\""};
    }
    key_id = Str(*sig, "key_id", "$.signature");
    sig_hex = Str(*sig, "sig", "$.signature");
  }
  if (options_.trusted_keys.empty()) return;
  std::vector<TrustedKey> keys;
  for (std::size_t i = 0; i < options_.trusted_keys.size(); ++i) {
    Result<TrustedKey> k = ParseTrustedKey(options_.trusted_keys[i]);
    if (!k.ok()) {
      throw LoadFailure{"trusted_key_invalid",
                        "trusted key " + std::to_string(i + 1) + ": " + k.error().message};
    }
    keys.push_back(std::move(k).value());
  }
  if (sig == nullptr) {
    throw LoadFailure{"bundle_unsigned", "the bundle is not signed, and only signed bundles are trusted"};
  }
  for (const TrustedKey& k : keys) {
    if (k.key_id != key_id) continue;
    if (!VerifySignature(k, m_.hash, sig_hex)) {
      throw LoadFailure{"bundle_signature_invalid",
                        "the signature by " + key_id + " does not verify (the bundle or its signature was changed)"};
    }
    m_.signer_key_id = key_id;
    return;
  }
  throw LoadFailure{"bundle_untrusted_key", "the bundle is signed by " + key_id + ", which is not a trusted key"};
}

Status ResolveOverrides(const Model& model, const ParamOverrides& overrides,
                        std::vector<Value>* storage, std::vector<const Value*>* slots) {
  slots->assign(model.params.size(), nullptr);
  storage->clear();
  storage->reserve(overrides.size());
  for (const auto& [name, text] : overrides) {
    auto it = model.param_by_name.find(name);
    if (it == model.param_by_name.end() || it->second == nullptr) {
      return Error{"param_override", "unknown or ambiguous param `" + name + "`", {}};
    }
    const Param& p = *it->second;
    json j;
    ExactJsonError bad;
    if (!ParseJsonExact(text, &j, &bad)) {
      if (!bad.token.empty()) {
        return Error{"param_override", "override of `" + name + "`: number " + bad.token +
                                           " is out of range",
                     {}};
      }
      return Error{"param_override", "override of `" + name + "` is not JSON", {}};
    }
    std::vector<std::string> errors;
    Value v = FromJson(model, p.type, j, "$." + name, &errors);
    if (!errors.empty()) return Error{"param_override", errors.front(), errors};
    storage->push_back(std::move(v));
    (*slots)[static_cast<std::size_t>(&p - &model.params[0])] = &storage->back();
  }
  return {};
}

Result<std::unique_ptr<Model>> BuildModel(std::string_view bytes, const LoadOptions& options) {
  json doc = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Tell a truncated document from one that was never JSON.
    std::string message = "the bundle is not valid JSON";
    try {
      json ignored = json::parse(bytes.begin(), bytes.end());
      (void)ignored;
    } catch (const json::parse_error& e) {
      if (e.byte >= bytes.size()) {
        message = "the bundle ends unexpectedly (truncated?) at byte " + std::to_string(e.byte);
      } else {
        message = "the bundle is not valid JSON at byte " + std::to_string(e.byte);
      }
    } catch (const json::exception& e) {
      // out_of_range.406: a number too large for a double (`1e400`), which
      // the non-throwing parse above reports as discarded too.
      message = "the bundle is not valid JSON (" + std::string(e.what()) + ")";
    }
    return Error{"bundle_not_json", message, {}};
  }
  auto model = std::make_unique<Model>();
  try {
    Loader(bytes, doc, model.get(), options).Run();
    for (Decision& d : model->decisions) d.direct = PlanDirectCalls(d);
    MarkRepeatedCallees(model.get());
  } catch (const LoadFailure& f) {
    return Error{f.code, f.message, {}};
  } catch (const std::exception& e) {
    return Error{"bundle_structure", std::string("invalid bundle: ") + e.what(), {}};
  }
  return model;
}

}  // namespace bylaw::runtime::runtime_internal
