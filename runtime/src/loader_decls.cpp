// The loader's sections (docs/bundle.md, section 3): rulesets, matters,
// params, and the bodies of tables, rules, scorecards, defs, lets and
// decisions, from the reader's declarations (see loader_internal.h).
#include <set>
#include <unordered_map>

#include "bylaw/bundle/schema.h"
#include "loader_internal.h"
#include "table_index.h"

namespace bylaw::runtime::runtime_internal {

using bundle::At;
using bundle::Find;
using bundle::Path;

bool Loader::LoadSources() {
  for (const auto& [id, entry] : doc_.sources()) {
    SourceLocation loc;
    loc.file = entry.file;
    loc.line = entry.line;
    loc.col = entry.col;
    loc.basis = entry.basis;
    m_.sources.emplace(id, std::move(loc));
  }
  return true;
}

bool Loader::LoadRulesets() {
  for (std::size_t i = 0; i < doc_.rulesets().size(); ++i) {
    const bundle::RulesetDecl& decl = doc_.rulesets()[i];
    const std::string where = At("rulesets", i);
    Ruleset& r = m_.rulesets.emplace_back();
    r.id = decl.id;
    r.version = decl.version;
    if (decl.status != "in_force" && decl.status != "trial" && decl.status != "repealed") {
      return Structure(where + ".status", "unknown status `" + decl.status + "`");
    }
    r.repealed = decl.status == "repealed";
    r.trial = decl.status == "trial";
    if (!ReadEffective(decl.effective, where, &r.effective)) return false;
  }
  for (const Ruleset& r : m_.rulesets) {
    if (!rulesets_.emplace(r.id, &r).second) {
      return Structure("rulesets", "duplicate `" + r.id + "`");
    }
  }
  return true;
}

bool Loader::LoadMatters() {
  for (std::size_t i = 0; i < doc_.matters().size(); ++i) {
    const bundle::MatterDecl& decl = doc_.matters()[i];
    const std::string where = At("matters", i);
    Matter& mt = m_.matters.emplace_back();
    mt.index = static_cast<std::uint32_t>(i);
    mt.name = decl.name;
    mt.id = decl.id;
    mt.label = decl.label;
    if (!ReadEffective(decl.effective, where, &mt.effective)) return false;
    if (!m_.matter_by_id.emplace(mt.id, &mt).second) {
      return Structure(where, "duplicate matter id `" + mt.id + "`");
    }
  }
  return true;
}

bool Loader::LoadMatterObject(const bundle::MatterDecl& decl, const std::string& where,
                              Matter& mt) {
  if (decl.object == nullptr) return true;
  const Json& object = *decl.object;
  const std::string at = where + ".object";
  if (!object.is_object()) return Structure(at, "expected an object");
  const TypeDesc* type = Type(object, "type", at);
  if (type == nullptr) return false;
  if (type->kind != TypeDesc::Kind::kRecord) {
    return Structure(at + ".type", "expected a record type");
  }
  mt.object_type = type->record;
  const Json* filter = Find(object, "where");
  if (filter == nullptr) return true;
  const std::string* var = bundle::GetString(object, "var", at, &error_);
  if (var == nullptr) return false;
  Scope scope;
  scope.Push(*var);
  mt.where = Expr(*filter, scope, at + ".where");
  if (mt.where == nullptr) return false;
  mt.where_frame = scope.max();
  m_.max_frame = std::max(m_.max_frame, mt.where_frame);
  return true;
}

// Matter fields are constants and may name enum members and matters, so
// they load once every matter is declared.
bool Loader::LoadMatterFields() {
  for (std::size_t i = 0; i < doc_.matters().size(); ++i) {
    const bundle::MatterDecl& decl = doc_.matters()[i];
    const std::string where = At("matters", i);
    Matter& mt = m_.matters[i];
    mt.fields.assign(kMatterFieldCount, Value::Null());
    mt.fields[kMatterId] = Value::Text(mt.id);
    mt.fields[kMatterLabel] = Value::Text(mt.label);
    const SourceLocation* src = Source(mt.name);
    mt.fields[kMatterBasis] = Value::Text(src ? src->basis : std::string());
    if (!LoadMatterObject(decl, where, mt)) return false;
    if (decl.fields == nullptr) continue;
    for (auto it = decl.fields->begin(); it != decl.fields->end(); ++it) {
      const std::string fw = where + ".fields." + it.key();
      // id, label and basis come from the declaration, not from `fields`.
      auto slot = MatterFieldSlots().find(it.key());
      if (slot == MatterFieldSlots().end() || slot->second < kMatterType) {
        return Structure(where + ".fields", "unknown field `" + it.key() + "`");
      }
      Scope none;
      auto node = Expr(it.value(), none, fw);
      if (node == nullptr || !Constant(*node, fw, 0, &mt.fields[slot->second])) return false;
    }
  }
  return true;
}

bool Loader::DeclareCallables() {
  for (const bundle::ReasonDecl& r : doc_.reasons()) reasons_[r.name] = &r;
  for (std::size_t i = 0; i < doc_.params().size(); ++i) {
    const bundle::ParamDecl& decl = doc_.params()[i];
    const std::string where = At("params", i);
    Param& p = m_.params.emplace_back();
    p.name = decl.name;
    p.short_name = std::string(bundle::LastSegment(p.name));
    p.type = Intern(decl.type, where + ".type");
    if (p.type == nullptr) return false;
    p.source = Source(p.name);
    if (!params_.emplace(p.name, static_cast<std::uint32_t>(i)).second) {
      return Structure(where, "duplicate param `" + p.name + "`");
    }
  }
  // Signatures are known before any body is loaded, so a call may precede
  // its callee in the document (a rule calling a def).
  auto declare = [&](const char* section, const std::vector<bundle::CallableDecl>& decls,
                     auto& store, auto& index) {
    for (std::size_t i = 0; i < decls.size(); ++i) {
      const std::string where = At(section, i);
      auto& item = store.emplace_back();
      item.name = decls[i].name;
      Scope signature;
      if (!Params(decls[i].params, signature, where, &item.params)) return false;
      if (!index.emplace(item.name, &item).second) {
        return Structure(where, "duplicate name `" + item.name + "`");
      }
    }
    return true;
  };
  if (!declare(bundle::section::kTables, doc_.tables(), m_.tables, tables_) ||
      !declare(bundle::section::kRules, doc_.rules(), m_.rules, rules_) ||
      !declare(bundle::section::kScorecards, doc_.scorecards(), m_.scorecards, scorecards_) ||
      !declare(bundle::section::kDefs, doc_.defs(), m_.defs, defs_)) {
    return false;
  }
  for (std::size_t i = 0; i < doc_.lets().size(); ++i) {
    Global& g = m_.globals.emplace_back();
    g.name = doc_.lets()[i].name;
    if (!globals_.emplace(g.name, static_cast<std::uint32_t>(i)).second) {
      return Structure(At("lets", i), "duplicate let `" + g.name + "`");
    }
  }
  return true;
}

// Params' signatures must be known before their values, which may refer
// to other params.
bool Loader::LoadParamValues() {
  for (std::size_t i = 0; i < doc_.params().size(); ++i) {
    const Json& values = *doc_.params()[i].values;
    const std::string where = At("params", i);
    Param& p = m_.params[i];
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::string vw = At(where + ".values", k);
      ParamValue pv;
      if (!bundle::GetOptString(values[k], "id", vw, &pv.id, &error_)) return false;
      pv.source = Source(pv.id);
      if (const Json* from = Find(values[k], "from")) {
        if (!Date(*from, vw + ".from", &pv.from)) return false;
      } else if (k != 0) {
        return Structure(vw, "only the first value may have no `from`");
      }
      if (!p.values.empty() && pv.from <= p.values.back().from) {
        return Structure(vw, "values must be sorted by `from`");
      }
      const Json* value = bundle::Get(values[k], "value", vw, &error_);
      if (value == nullptr) return false;
      Scope none;
      auto node = Expr(*value, none, vw + ".value");
      if (node == nullptr || !Constant(*node, vw + ".value", pv.from, &pv.value)) return false;
      p.values.push_back(std::move(pv));
    }
  }
  return true;
}

bool Loader::LoadTable(const bundle::CallableDecl& decl, Table* t, const std::string& where) {
  const Json& j = *decl.json;
  Scope scope;
  t->ruleset = decl.ruleset;
  if (!Params(decl.params, scope, where, &t->params)) return false;
  t->source = Source(t->name);
  if (!ReadEffective(Find(j, "effective"), where, &t->effective)) return false;
  const Json* inputs = bundle::GetArray(j, "inputs", where, &error_);
  if (inputs == nullptr) return false;
  for (std::size_t i = 0; i < inputs->size(); ++i) {
    const std::string iw = At(where + ".inputs", i);
    const Json* expr = bundle::Get((*inputs)[i], "expr", iw, &error_);
    if (expr == nullptr) return false;
    auto node = Expr(*expr, scope, iw + ".expr");
    const TypeDesc* type = node ? Type((*inputs)[i], "type", iw) : nullptr;
    if (type == nullptr) return false;
    t->inputs.push_back(std::move(node));
    t->input_types.push_back(type);
  }
  const Json* outputs = bundle::GetArray(j, "outputs", where, &error_);
  if (outputs == nullptr) return false;
  for (std::size_t i = 0; i < outputs->size(); ++i) {
    const std::string ow = At(where + ".outputs", i);
    const std::string* name = bundle::GetString((*outputs)[i], "name", ow, &error_);
    const TypeDesc* type = name ? Type((*outputs)[i], "type", ow) : nullptr;
    if (type == nullptr) return false;
    t->output_names.push_back(*name);
    t->output_types.push_back(type);
  }
  t->output_record = Struct(t->output_names, t->output_types);
  static const std::unordered_map<std::string, HitPolicy> kHits = {
      {"unique", HitPolicy::kUnique},        {"any", HitPolicy::kAny},
      {"first", HitPolicy::kFirst},          {"priority", HitPolicy::kPriority},
      {"rule_order", HitPolicy::kRuleOrder}, {"collect", HitPolicy::kCollect},
  };
  const std::string* hit = bundle::GetString(j, "hit", where, &error_);
  if (hit == nullptr) return false;
  auto h = kHits.find(*hit);
  if (h == kHits.end()) return Structure(where + ".hit", "unknown hit policy `" + *hit + "`");
  t->hit = h->second;
  std::string agg;
  if (!bundle::GetOptString(j, "aggregator", where, &agg, &error_)) return false;
  static const std::unordered_map<std::string, Aggregator> kAggs = {
      {"", Aggregator::kNone},   {"sum", Aggregator::kSum},     {"min", Aggregator::kMin},
      {"max", Aggregator::kMax}, {"count", Aggregator::kCount},
  };
  auto a = kAggs.find(agg);
  if (a == kAggs.end()) return Structure(where + ".aggregator", "unknown aggregator `" + agg + "`");
  t->aggregator = a->second;
  if (t->aggregator != Aggregator::kNone && t->hit != HitPolicy::kCollect) {
    return Structure(where + ".aggregator", "an aggregator needs `hit collect`");
  }
  if ((t->aggregator == Aggregator::kSum || t->aggregator == Aggregator::kMin ||
       t->aggregator == Aggregator::kMax) &&
      t->output_names.size() != 1) {
    return Structure(where + ".aggregator", "`" + agg + "` needs exactly one output");
  }
  if (!bundle::GetOptBool(j, "partial", where, &t->partial, &error_)) return false;
  const Json* rows = bundle::GetArray(j, "rows", where, &error_);
  if (rows == nullptr) return false;
  const Path table_at(where);
  const Path rows_at(table_at, "rows");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Path rw(rows_at, i);
    const Json& rj = (*rows)[i];
    Row row;
    const std::string* id = bundle::GetString(rj, "id", rw, &error_);
    if (id == nullptr) return false;
    row.id = *id;
    row.source = Source(row.id);
    row.source_order = static_cast<std::uint32_t>(i);
    if (!ReadEffective(Find(rj, "effective"), rw, &row.effective)) return false;
    if (const Json* p = Find(rj, "priority")) {
      if (!p->is_number_integer()) return Structure(Path(rw, "priority"), "expected an integer");
      row.priority = p->get<std::int64_t>();
    }
    bool is_default = false;
    if (!bundle::GetOptBool(rj, "default", rw, &is_default, &error_)) return false;
    if (!is_default) {
      const Json* cells = bundle::GetArray(rj, "cells", rw, &error_);
      if (cells == nullptr) return false;
      const Path cells_at(rw, "cells");
      if (cells->size() != t->inputs.size()) {
        return Structure(cells_at, "expected " + std::to_string(t->inputs.size()) + " cells, got " +
                                       std::to_string(cells->size()));
      }
      row.cells.resize(cells->size());
      for (std::size_t c = 0; c < cells->size(); ++c) {
        if (!ReadCell((*cells)[c], scope, &row.owned, Path(cells_at, c), &row.cells[c])) {
          return false;
        }
      }
    }
    const Json* outs = bundle::GetArray(rj, "outputs", rw, &error_);
    if (outs == nullptr) return false;
    const Path outs_at(rw, "outputs");
    if (outs->size() != t->output_names.size()) {
      return Structure(outs_at, "expected " + std::to_string(t->output_names.size()) +
                                    " outputs, got " + std::to_string(outs->size()));
    }
    bool all_lit = true;
    for (std::size_t o = 0; o < outs->size(); ++o) {
      auto node = Expr((*outs)[o], scope, Path(outs_at, o));
      if (node == nullptr) return false;
      all_lit = all_lit && node->op == Op::kLit;
      row.outputs.push_back(std::move(node));
    }
    if (all_lit) {
      std::vector<Value> vals;
      for (const auto& o : row.outputs) vals.push_back(o->constant);
      row.constant_outputs = Value::Record(t->output_record, std::move(vals));
    }
    if (is_default) {
      if (t->default_row) return Structure(rw, "a second default row");
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
  return true;
}

bool Loader::LoadRule(const bundle::CallableDecl& decl, Rule* r, const std::string& where) {
  const Json& j = *decl.json;
  Scope scope;
  r->ruleset = decl.ruleset;
  if (!Params(decl.params, scope, where, &r->params)) return false;
  r->source = Source(r->name);
  if (!ReadEffective(Find(j, "effective"), where, &r->effective)) return false;
  const std::string* kind = bundle::GetString(j, "kind", where, &error_);
  if (kind == nullptr) return false;
  if (*kind != "forbid" && *kind != "require") {
    return Structure(where + ".kind", "expected `forbid` or `require`");
  }
  r->forbid = *kind == "forbid";
  const Json* condition = bundle::Get(j, "condition", where, &error_);
  if (condition == nullptr) return false;
  r->condition = Expr(*condition, scope, where + ".condition");
  if (r->condition == nullptr) return false;
  const Json* excepts = bundle::GetArray(j, "excepts", where, &error_);
  if (excepts == nullptr) return false;
  for (std::size_t i = 0; i < excepts->size(); ++i) {
    const std::string ew = At(where + ".excepts", i);
    const Json& ej = (*excepts)[i];
    Except e;
    const std::string* id = bundle::GetString(ej, "id", ew, &error_);
    if (id == nullptr) return false;
    e.id = *id;
    e.source = Source(e.id);
    const Json* when = bundle::Get(ej, "when", ew, &error_);
    if (when == nullptr) return false;
    e.when = Expr(*when, scope, ew + ".when");
    if (e.when == nullptr || !bundle::GetOptString(ej, "followup", ew, &e.followup, &error_)) {
      return false;
    }
    r->excepts.push_back(std::move(e));
  }
  std::string code(bundle::LastSegment(r->name));
  std::string code_ref, message;
  if (!bundle::GetOptString(j, "code", where, &code_ref, &error_) ||
      !bundle::GetOptString(j, "message", where, &message, &error_)) {
    return false;
  }
  if (!code_ref.empty()) {
    auto it = reasons_.find(code_ref);
    if (it == reasons_.end()) return Dangling(where + ".code", "unknown reason `" + code_ref + "`");
    code = it->second->code;
  }
  r->reason = Value::Record(m_.reason_record,
                            {Value::Text(code), Value::Text(r->name), Value::Text(message),
                             Value::Text(r->source ? r->source->basis : std::string())});
  r->frame_size = scope.max();
  return true;
}

bool Loader::LoadScorecard(const bundle::CallableDecl& decl, Scorecard* s,
                           const std::string& where) {
  const Json& j = *decl.json;
  Scope scope;
  if (!Params(decl.params, scope, where, &s->params)) return false;
  s->source = Source(s->name);
  const TypeDesc* grade = Type(j, "grade_type", where);
  if (grade == nullptr) return false;
  s->result_record = Struct({"score", "grade"}, {KnownType(TypeDesc::Kind::kDecimal), grade});
  const Json* inds = bundle::GetArray(j, "indicators", where, &error_);
  if (inds == nullptr) return false;
  for (std::size_t i = 0; i < inds->size(); ++i) {
    const std::string iw = At(where + ".indicators", i);
    const Json& ij = (*inds)[i];
    Indicator ind;
    const std::string* id = bundle::GetString(ij, "id", iw, &error_);
    const Json* weight = id ? bundle::Get(ij, "weight", iw, &error_) : nullptr;
    if (weight == nullptr || (ind.weight = Expr(*weight, scope, iw + ".weight")) == nullptr) {
      return false;
    }
    const Json* value = bundle::Get(ij, "value", iw, &error_);
    if (value == nullptr || (ind.value = Expr(*value, scope, iw + ".value")) == nullptr) {
      return false;
    }
    ind.id = *id;
    s->indicators.push_back(std::move(ind));
  }
  const Json* bands = bundle::GetArray(j, "bands", where, &error_);
  if (bands == nullptr) return false;
  for (std::size_t i = 0; i < bands->size(); ++i) {
    const std::string bw = At(where + ".bands", i);
    const Json& bj = (*bands)[i];
    Band b;
    const std::string* id = bundle::GetString(bj, "id", bw, &error_);
    const Json* test = id ? bundle::Get(bj, "test", bw, &error_) : nullptr;
    if (test == nullptr || !ReadCell(*test, scope, &b.owned, bw + ".test", &b.test)) return false;
    const Json* grade_expr = bundle::Get(bj, "grade", bw, &error_);
    if (grade_expr == nullptr || (b.grade = Expr(*grade_expr, scope, bw + ".grade")) == nullptr) {
      return false;
    }
    b.id = *id;
    s->bands.push_back(std::move(b));
  }
  s->frame_size = scope.max();
  return true;
}

bool Loader::LoadDef(const bundle::CallableDecl& decl, Def* d, const std::string& where) {
  Scope scope;
  if (!Params(decl.params, scope, where, &d->params)) return false;
  if (Type(*decl.json, "type", where) == nullptr) return false;
  const Json* body = bundle::Get(*decl.json, "body", where, &error_);
  if (body == nullptr || (d->body = Expr(*body, scope, where + ".body")) == nullptr) return false;
  d->frame_size = scope.max();
  return true;
}

bool Loader::LoadDecision(const bundle::DecisionDecl& decl, Decision* d, const std::string& where) {
  Scope scope;
  d->name = decl.name;
  d->source = Source(d->name);
  auto it = rulesets_.find(decl.ruleset);
  if (it == rulesets_.end()) {
    return Dangling(where + ".ruleset", "unknown ruleset `" + decl.ruleset + "`");
  }
  d->ruleset = it->second;
  if (!Params(decl.params, scope, where, &d->params)) return false;
  for (std::uint32_t i = 0; i < d->params.size(); ++i) {
    if (d->params[i].name == "as_of") return Structure(where, "a param may not be called `as_of`");
    d->param_index[d->params[i].name] = i;
  }
  d->complete_facts = decl.complete_facts;
  std::set<std::string> outputs;
  const Path decision_at(where);
  const Path items_at(decision_at, "items");
  for (std::size_t i = 0; i < decl.items.size(); ++i) {
    const bundle::DecisionItem& di = decl.items[i];
    const Path iw(items_at, i);
    DecisionItem item;
    item.name = di.name;
    item.expr = Expr(*di.expr, scope, Path(iw, "expr"));
    if (item.expr == nullptr) return false;
    if (!di.output) {
      item.slot = scope.Push(item.name);
    } else {
      item.output = true;
      item.id = di.id;
      item.source = Source(item.id);
      if (!outputs.insert(item.name).second) {
        return Structure(iw, "duplicate output `" + item.name + "`");
      }
      item.output_index = static_cast<std::uint32_t>(d->output_names.size());
      d->output_names.push_back(item.name);
      if (di.fallback != nullptr) {
        item.fallback = Expr(*di.fallback, scope, Path(iw, "else"));
        if (item.fallback == nullptr) return false;
      }
    }
    d->items.push_back(std::move(item));
  }
  d->frame_size = scope.max();
  return true;
}

bool Loader::LoadBodies() {
  for (std::size_t i = 0; i < doc_.tables().size(); ++i) {
    if (!LoadTable(doc_.tables()[i], &m_.tables[i], At("tables", i))) return false;
  }
  for (std::size_t i = 0; i < doc_.rules().size(); ++i) {
    if (!LoadRule(doc_.rules()[i], &m_.rules[i], At("rules", i))) return false;
  }
  for (std::size_t i = 0; i < doc_.scorecards().size(); ++i) {
    if (!LoadScorecard(doc_.scorecards()[i], &m_.scorecards[i], At("scorecards", i))) return false;
  }
  for (std::size_t i = 0; i < doc_.defs().size(); ++i) {
    if (!LoadDef(doc_.defs()[i], &m_.defs[i], At("defs", i))) return false;
  }
  for (std::size_t i = 0; i < doc_.lets().size(); ++i) {
    Scope scope;
    Global& g = m_.globals[i];
    g.value = Expr(*doc_.lets()[i].value, scope, At("lets", i) + ".value");
    if (g.value == nullptr) return false;
    g.frame_size = scope.max();
  }
  for (std::size_t i = 0; i < doc_.decisions().size(); ++i) {
    Decision& d = m_.decisions.emplace_back();
    d.index = static_cast<std::uint32_t>(m_.decisions.size() - 1);
    const std::string where = At("decisions", i);
    if (!LoadDecision(doc_.decisions()[i], &d, where)) return false;
    if (!m_.decision_by_name.emplace(d.name, &d).second) {
      return Structure(where, "duplicate decision `" + d.name + "`");
    }
  }
  return ResolveDecisionCalls();
}

bool Loader::ResolveDecisionCalls() {
  for (const auto& [n, where] : decision_calls_) {
    auto it = m_.decision_by_name.find(n->name);
    if (it == m_.decision_by_name.end()) {
      return Dangling(where, "unknown decision `" + n->name + "`");
    }
    const Decision& d = *it->second;
    if (n->kids.size() != d.params.size()) {
      return Structure(where, "`" + n->name + "` takes " + std::to_string(d.params.size()) +
                                  " arguments, got " + std::to_string(n->kids.size()));
    }
    if (n->record->field_names.size() != d.output_names.size()) {
      return Structure(where + ".type",
                       "`" + n->record->name + "` is not the outputs of `" + n->name + "`");
    }
    for (const std::string& output : d.output_names) {
      const int slot = n->record->Find(output);
      if (slot < 0) {
        return Dangling(where + ".type", "`" + n->record->name + "` has no field `" + output + "`");
      }
      n->field_slots.push_back(static_cast<std::uint32_t>(slot));
    }
    n->target = &d;
  }
  return true;
}

// Params and decisions by qualified name, and by last segment when that is
// unique (docs/bundle.md 1.2).
void Loader::IndexShortNames() {
  std::unordered_map<std::string, int> param_short;
  for (const Param& p : m_.params) {
    m_.param_by_name[p.name] = &p;
    ++param_short[p.short_name];
  }
  for (const Param& p : m_.params) {
    if (param_short[p.short_name] == 1) m_.param_by_name.emplace(p.short_name, &p);
  }
}

}  // namespace bylaw::runtime::runtime_internal
