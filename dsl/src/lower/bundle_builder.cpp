// BundleBuilder (see bundle_builder.h).
#include "bundle_builder.h"

#include <algorithm>

#include "bylaw/bundle/schema.h"
#include "cell_lowering.h"
#include "literal_lowering.h"
#include "type_lowering.h"

namespace bylaw::dsl::lower_internal {
namespace {

using nlohmann::json;

// The item sections in the order the bundle lists them (docs/bundle.md, 1).
constexpr const char* kSections[] = {
    bundle::section::kRulesets, bundle::section::kEnums,   bundle::section::kRecords,
    bundle::section::kParams,   bundle::section::kMatters, bundle::section::kReasons,
    bundle::section::kTables,   bundle::section::kRules,   bundle::section::kScorecards,
    bundle::section::kDefs,     bundle::section::kLets,    bundle::section::kDecisions,
};

json EffectiveJson(const Effective& e) {
  return {{"from", FormatDate(e.from)},
          {"until", e.until ? json(FormatDate(*e.until)) : json(nullptr)}};
}

void PutEffective(json& item, const std::optional<Effective>& e) {
  if (e) item["effective"] = EffectiveJson(*e);
}

void PutLabel(json& item, const std::optional<Text>& label) {
  if (label) item["label"] = label->value;
}

// The first basis written: on the item itself, else on what contains it.
std::optional<Text> FirstBasis(std::initializer_list<const std::optional<Text>*> candidates) {
  for (const std::optional<Text>* c : candidates) {
    if (c != nullptr && c->has_value()) return *c;
  }
  return std::nullopt;
}

}  // namespace

BundleBuilder::BundleBuilder(const LoweringContext& ctx,
                             std::string source_root)
    : ctx_(ctx), sources_(ctx, std::move(source_root)) {}

json BundleBuilder::Build() {
  for (const char* section : kSections) sections_[section];
  for (const RulesetView& view : ctx_.rulesets()) {
    AddRuleset(view);
    for (const Module* module : view.modules) {
      for (const auto& decl : module->decls) AddDecl(*decl, *module);
    }
  }
  json doc = {{bundle::section::kFormat, bundle::kFormat},
              {bundle::section::kFormatVersion, bundle::kFormatVersion}};
  for (auto& [section, items] : sections_) {
    json array = json::array();
    for (auto& [key, item] : items) array.push_back(std::move(item));
    doc[section] = std::move(array);
  }
  doc[bundle::section::kSources] = sources_.ToJson();
  return doc;
}

void BundleBuilder::Put(const std::string& section, const std::string& key,
                        json item) {
  sections_[section].emplace(key, std::move(item));
}

json BundleBuilder::Head(const Decl& decl) const {
  json item = {{"name", ctx_.Qualified(decl)},
               {"ruleset", ctx_.RulesetOf(decl)}};
  PutLabel(item, decl.label);
  return item;
}

json BundleBuilder::Params(const std::vector<Param>& params,
                           ExprLowerer& exprs) {
  json out = json::array();
  for (const Param& p : params) {
    out.push_back({{"name", p.name.text}, {"type", exprs.TypeOf(p.type.resolved, p.range)}});
  }
  return out;
}

void BundleBuilder::AddRuleset(const RulesetView& view) {
  // Each header item is stated once per ruleset, in any of its files
  // (docs/design/semantics.md); visit the files in path order so that the
  // result does not depend on load order even if the checker let a
  // duplicate through.
  std::vector<const Module*> modules = view.modules;
  std::sort(modules.begin(), modules.end(),
            [&](const Module* a, const Module* b) {
              return ctx_.sources().file(a->file).path() <
                     ctx_.sources().file(b->file).path();
            });
  json item = {{"id", view.id}, {"status", "in_force"}};
  bool has_level = false, has_status = false;
  for (const Module* m : modules) {
    const RulesetHeader& h = m->header;
    auto put_text = [&](const char* key, const std::optional<Text>& t) {
      if (t && !item.contains(key)) item[key] = t->value;
    };
    put_text("title", h.title);
    put_text("jurisdiction", h.jurisdiction);
    put_text("source", h.source);
    put_text("version", h.version);
    if (h.level && !has_level) {
      item["level"] = h.level->text;
      has_level = true;
    }
    if (h.status && !has_status) {
      item["status"] = h.status->text;
      has_status = true;
    }
    if (h.effective && !item.contains("effective")) {
      item["effective"] = EffectiveJson(*h.effective);
    }
  }
  if (!has_level) {
    SourceRange at = modules.empty() ? SourceRange{} : modules[0]->header.range;
    ctx_.sink()
        .Error("lower_missing_level", at,
               "ruleset `" + view.id + "` states no `level`")
        .Help("add `level national`, `provincial`, `municipal` or `county` "
              "to the ruleset header");
  }
  Put(bundle::section::kRulesets, view.id, std::move(item));
}

void BundleBuilder::AddDecl(const Decl& decl, const Module& module) {
  ExprLowerer exprs(ctx_, module);
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, EnumDecl>) {
          AddEnum(decl, node);
        } else if constexpr (std::is_same_v<T, RecordDecl>) {
          AddRecord(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, ParamDecl>) {
          AddParam(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, ReasonDecl>) {
          AddReason(decl);
        } else if constexpr (std::is_same_v<T, MatterDecl>) {
          AddMatter(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          AddTable(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, RuleDecl>) {
          AddRule(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
          AddScorecard(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, DefDecl>) {
          AddDef(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, LetDecl>) {
          AddLet(decl, node, exprs);
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          AddDecision(decl, node, exprs);
        }
        // Scenarios live on as the text of matters' `scenario`; tests are
        // run by `bylaw test` from the sources, not from bundles.
      },
      decl.node);
}

void BundleBuilder::AddEnum(const Decl& decl, const EnumDecl& e) {
  json item = Head(decl);
  item.erase("ruleset");
  json members = json::array();
  for (const EnumMember& m : e.members) {
    json member = {{"name", m.name.text}};
    PutLabel(member, m.label);
    members.push_back(std::move(member));
  }
  item["members"] = std::move(members);
  sources_.Add(ctx_.Qualified(decl), decl.range, decl.basis);
  Put(bundle::section::kEnums, ctx_.Qualified(decl), std::move(item));
}

void BundleBuilder::AddRecord(const Decl& decl, const RecordDecl& r,
                              ExprLowerer& exprs) {
  json item = Head(decl);
  item.erase("ruleset");
  item["facts"] = r.is_facts;
  json fields = json::array();
  for (const FieldDecl& f : r.fields) {
    json field = {{"name", f.name.text}, {"type", exprs.TypeOf(f.type.resolved, f.range)}};
    PutLabel(field, f.label);
    fields.push_back(std::move(field));
  }
  item["fields"] = std::move(fields);
  sources_.Add(ctx_.Qualified(decl), decl.range, decl.basis);
  Put(bundle::section::kRecords, ctx_.Qualified(decl), std::move(item));
}

void BundleBuilder::AddParam(const Decl& decl, const ParamDecl& p,
                             ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["type"] = exprs.TypeOf(p.type.resolved, p.type.range);
  // The undated value first, then by date (docs/bundle.md, 3.4); a stable
  // sort keeps source order among equal dates, which the checker rejects
  // anyway.
  std::vector<const ParamValue*> values;
  for (const ParamValue& v : p.values) values.push_back(&v);
  auto key = [](const ParamValue* v) {
    return v->from ? FormatDate(*v->from) : std::string();
  };
  std::stable_sort(values.begin(), values.end(),
                   [&](const ParamValue* a, const ParamValue* b) {
                     return key(a) < key(b);
                   });
  json out = json::array();
  int n = 0;
  for (const ParamValue* v : values) {
    const std::string id = name + "#" + std::to_string(++n);
    out.push_back({{"id", id},
                   {"from", v->from ? json(FormatDate(*v->from)) : json(nullptr)},
                   {"value", exprs.Lower(*v->value)}});
    sources_.Add(id, v->range, FirstBasis({&v->basis, &p.basis, &decl.basis}));
  }
  item["values"] = std::move(out);
  sources_.Add(name, decl.range, FirstBasis({&p.basis, &decl.basis}));
  Put(bundle::section::kParams, name, std::move(item));
}

void BundleBuilder::AddReason(const Decl& decl) {
  json item = Head(decl);
  item.erase("ruleset");
  item["code"] = decl.name.text;
  sources_.Add(ctx_.Qualified(decl), decl.range, decl.basis);
  Put(bundle::section::kReasons, ctx_.Qualified(decl), std::move(item));
}

void BundleBuilder::AddMatter(const Decl& decl, const MatterDecl& m,
                              ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  const std::string& id = decl.name.text;
  if (auto [it, inserted] = matter_ids_.emplace(id, decl.name.range);
      !inserted) {
    // Hosts name matters by id alone, so two rulesets must not share one.
    ctx_.sink()
        .Error("lower_duplicate_matter_id", decl.name.range,
               "matter id `" + id + "` is declared by two rulesets")
        .Label(it->second, "also declared here")
        .Help("rename one of the matters; hosts refer to matters by id");
  }
  const Module& module = exprs.module();
  // Values typed as enums are members of the enum of that name in scope,
  // else plain text (docs/bundle.md, 3.5).
  auto member = [&](const Decl* enum_decl, const Ident& ident) {
    if (enum_decl != nullptr) {
      for (const EnumMember& mm : std::get<EnumDecl>(enum_decl->node).members) {
        if (mm.name.text == ident.text) {
          return EnumMemberLiteral(ctx_.Qualified(*enum_decl), ident.text);
        }
      }
    }
    return TypedLiteral(bundle::kind::kText, ident.text);
  };
  auto member_list = [&](const Decl* enum_decl,
                         const std::vector<Ident>& idents) {
    json items = json::array();
    for (const Ident& i : idents) items.push_back(member(enum_decl, i));
    return json{{"op", bundle::op::kList}, {"items", std::move(items)}};
  };
  const Decl* department =
      ctx_.FindVisible(module, "Department", DeclKind::kEnum);
  const Decl* method = ctx_.FindVisible(module, "Method", DeclKind::kEnum);

  json fields = json::object();
  if (m.type) fields["type"] = TypedLiteral(bundle::kind::kText, m.type->text);
  if (m.initiator) fields["initiator"] = member(department, *m.initiator);
  fields["cooperators"] = member_list(department, m.cooperators);
  fields["methods"] = member_list(method, m.methods);
  // `key` and `delegable` are bools to the checker; unstated means no.
  fields["key"] = TypedLiteral(bundle::kind::kBool, m.key.value_or(false));
  fields["delegable"] = TypedLiteral(bundle::kind::kBool, m.delegable.value_or(false));
  if (m.level) fields["level"] = TypedLiteral(bundle::kind::kText, m.level->text);
  if (m.content) fields["content"] = TypedLiteral(bundle::kind::kText, m.content->value);
  if (m.scenario) {
    const Decl* scenario =
        ctx_.FindVisible(module, m.scenario->text, DeclKind::kScenario);
    fields["scenario"] = TypedLiteral(
        "text", scenario ? ctx_.Qualified(*scenario) : m.scenario->text);
  }
  json item = Head(decl);
  item["id"] = id;
  PutEffective(item, m.effective);
  item["fields"] = std::move(fields);
  // The object selector (`object Enterprise where ...`) lets a planner ask
  // which matters apply to an object (docs/bundle.md 3.5).
  if (m.object_type) {
    const auto& parts = m.object_type->parts;
    const Decl* record = nullptr;
    if (parts.size() == 1) {
      record = ctx_.FindVisible(module, parts[0].text, DeclKind::kRecord);
    } else if (parts.size() == 2) {
      record = ctx_.FindAliased(module, parts[0].text, parts[1].text);
    }
    if (record != nullptr && record->kind == DeclKind::kRecord) {
      json object = {{"type", NamedType(bundle::kind::kRecord, ctx_.Qualified(*record))},
                     {"var", ExprLowerer::kObjectVar}};
      if (m.object_filter) {
        object["where"] = exprs.LowerObjectFilter(*m.object_filter, *record);
      }
      item["object"] = std::move(object);
    }
  }
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kMatters, name, std::move(item));
}

void BundleBuilder::AddTable(const Decl& decl, const TableDecl& t,
                             ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["params"] = Params(t.params, exprs);
  json inputs = json::array();
  for (const ExprPtr& input : t.input_columns) {
    inputs.push_back(
        {{"expr", exprs.Lower(*input)}, {"type", exprs.TypeOf(input->type, input->range)}});
  }
  item["inputs"] = std::move(inputs);
  json outputs = json::array();
  for (const TableOutput& o : t.outputs) {
    outputs.push_back({{"name", o.name.text}, {"type", exprs.TypeOf(o.type.resolved, o.range)}});
  }
  item["outputs"] = std::move(outputs);
  item["hit"] = t.hit_policy.text.empty() ? "unique" : t.hit_policy.text;
  item["aggregator"] = t.aggregator ? json(t.aggregator->text) : json(nullptr);
  item["partial"] = t.partial;
  PutEffective(item, t.effective);

  // Row outputs are written in header order; the bundle lists them in
  // declared order. The checker makes the two agree, but map by name so
  // a reordered header still lowers correctly.
  std::vector<std::size_t> column_of_output;
  for (std::size_t i = 0; i < t.outputs.size(); ++i) {
    std::size_t column = i;
    for (std::size_t c = 0; c < t.output_columns.size(); ++c) {
      if (t.output_columns[c].text == t.outputs[i].name.text) column = c;
    }
    column_of_output.push_back(column);
  }
  json rows = json::array();
  std::size_t position = 0;
  for (const Row& row : t.rows) {
    ++position;
    const std::string id =
        name + "#" + (row.id ? row.id->text : "r" + std::to_string(position));
    json out_values = json::array();
    for (std::size_t column : column_of_output) {
      if (column < row.outputs.size() && row.outputs[column] != nullptr) {
        out_values.push_back(exprs.Lower(*row.outputs[column]));
      } else {
        ctx_.sink().Error("lower_row_shape", row.range,
                          "row `" + id + "` has no value for every output");
        out_values.push_back(NoneLiteral());
      }
    }
    json r = {{"id", id}};
    if (row.is_default) {
      r["default"] = true;
    } else {
      json cells = json::array();
      for (const Cell& cell : row.inputs) cells.push_back(LowerCell(cell, exprs));
      if (cells.size() != t.input_columns.size()) {
        ctx_.sink().Error("lower_row_shape", row.range,
                          "row `" + id + "` has " +
                              std::to_string(cells.size()) +
                              " cells for " +
                              std::to_string(t.input_columns.size()) +
                              " inputs");
      }
      r["cells"] = std::move(cells);
      r["priority"] = row.priority.value_or(0);
    }
    r["outputs"] = std::move(out_values);
    PutEffective(r, row.effective);
    sources_.Add(id, row.range, row.basis);
    rows.push_back(std::move(r));
  }
  item["rows"] = std::move(rows);
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kTables, name, std::move(item));
}

void BundleBuilder::AddRule(const Decl& decl, const RuleDecl& r,
                            ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["params"] = Params(r.params, exprs);
  item["kind"] = r.forbid ? "forbid" : "require";
  if (r.condition != nullptr) {
    item["condition"] = exprs.Lower(*r.condition);
  } else {
    ctx_.sink().Error("lower_missing_condition", decl.name.range,
                      "rule `" + decl.name.text + "` has no condition");
  }
  json excepts = json::array();
  int n = 0;
  for (const RuleExcept& e : r.excepts) {
    const std::string id = name + "#except" + std::to_string(++n);
    json except = {{"id", id}, {"when", exprs.Lower(*e.when)}};
    if (e.followup) except["followup"] = e.followup->text;
    sources_.Add(id, e.range, e.basis);
    excepts.push_back(std::move(except));
  }
  item["excepts"] = std::move(excepts);
  if (r.code) {
    const Decl* reason =
        ctx_.FindVisible(exprs.module(), r.code->text, DeclKind::kReason);
    if (reason != nullptr) {
      item["code"] = ctx_.Qualified(*reason);
    } else {
      ctx_.sink().Error("lower_unresolved", r.code->range,
                        "reason `" + r.code->text + "` is not declared");
    }
  }
  if (r.message) item["message"] = r.message->value;
  PutEffective(item, r.effective);
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kRules, name, std::move(item));
}

void BundleBuilder::AddScorecard(const Decl& decl, const ScorecardDecl& s,
                                 ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["params"] = Params(s.params, exprs);
  item["grade_type"] = exprs.TypeOf(s.grade_type.resolved, s.grade_type.range);
  json indicators = json::array();
  for (const Indicator& i : s.indicators) {
    const std::string id = name + "#" + i.name.text;
    json indicator = {{"id", id},
                      {"name", i.name.text},
                      {"weight", exprs.Lower(*i.weight)},
                      {"value", exprs.Lower(*i.value)}};
    PutLabel(indicator, i.label);
    sources_.Add(id, i.range);
    indicators.push_back(std::move(indicator));
  }
  item["indicators"] = std::move(indicators);
  json bands = json::array();
  int n = 0;
  for (const Band& b : s.bands) {
    const std::string id = name + "#band" + std::to_string(++n);
    bands.push_back({{"id", id},
                     {"test", LowerUnaryTest(b.test, exprs)},
                     {"grade", exprs.Lower(*b.grade)}});
    sources_.Add(id, b.range);
  }
  item["bands"] = std::move(bands);
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kScorecards, name, std::move(item));
}

void BundleBuilder::AddDef(const Decl& decl, const DefDecl& d,
                           ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["params"] = Params(d.params, exprs);
  item["type"] = exprs.TypeOf(d.result_type.resolved, d.result_type.range);
  item["body"] = exprs.Lower(*d.body);
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kDefs, name, std::move(item));
}

void BundleBuilder::AddLet(const Decl& decl, const LetDecl& l,
                           ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["type"] = l.type ? exprs.TypeOf(l.type->resolved, l.type->range)
                        : exprs.TypeOf(l.value->type, l.value->range);
  item["value"] = exprs.Lower(*l.value);
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kLets, name, std::move(item));
}

void BundleBuilder::AddDecision(const Decl& decl, const DecisionDecl& d,
                                ExprLowerer& exprs) {
  const std::string name = ctx_.Qualified(decl);
  json item = Head(decl);
  item["params"] = Params(d.params, exprs);
  json items = json::array();
  for (const DecisionItem& i : d.items) {
    const bool output = i.kind == DecisionItem::Kind::kOutput;
    json entry = {{"kind", output ? "output" : "let"}, {"name", i.name.text}};
    entry["type"] = i.type ? exprs.TypeOf(i.type->resolved, i.type->range)
                           : exprs.TypeOf(i.value->type, i.value->range);
    entry["expr"] = exprs.Lower(*i.value);
    if (output) {
      const std::string id = name + "#" + i.name.text;
      entry["id"] = id;
      if (i.fallback != nullptr) entry["else"] = exprs.Lower(*i.fallback);
      sources_.Add(id, i.range);
    }
    items.push_back(std::move(entry));
  }
  item["items"] = std::move(items);
  if (d.complete_facts) item["complete_facts"] = true;
  sources_.Add(name, decl.range, decl.basis);
  Put(bundle::section::kDecisions, name, std::move(item));
}

}  // namespace bylaw::dsl::lower_internal
