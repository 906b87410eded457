// BuildBooklet (bylaw/booklet/booklet.h): the booklet's every figure from
// evaluations of the contract's decisions on a baseline enterprise of the
// industry and on variations of it, one fact changed at a time. Which
// facts to vary is read from the bundle (the record fields and their
// types), which of them matter for a figure from the trace of the decision,
// so a rule that starts reading another fact shows up without a change here.
#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/base/civil_date.h"
#include "bylaw/booklet/booklet.h"
#include "contract_view.h"

namespace bylaw::booklet {
namespace {

using booklet_internal::ContractView;
using booklet_internal::FieldInfo;
using booklet_internal::RecordInfo;
using nlohmann::json;

Error RulesError(std::string message) { return Error{kBadRules, std::move(message), {}}; }

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string KnownList(const std::vector<Member>& members) {
  std::string out;
  for (const Member& m : members) {
    if (!out.empty()) out += ", ";
    out += m.name;
    if (m.label != m.name) out += " (" + m.label + ")";
  }
  return out;
}

std::string JoinLabels(const std::vector<Member>& members, const char* sep = "、") {
  std::string out;
  for (const Member& m : members) {
    if (!out.empty()) out += sep;
    out += m.label;
  }
  return out;
}

// One fact of a facts object changed: the field, its new value, the
// value as the page shows it (`是`) and the change (`列入白名单：是`).
struct Change {
  std::string field;
  json value;
  std::string value_text;
  std::string text;
};

class Builder {
 public:
  Builder(const runtime::Rulebook& book, const ContractView& view, const BookletOptions& options)
      : book_(book), view_(view), options_(options) {}

  Result<Booklet> Build();

 private:
  // --- evaluation --------------------------------------------------------
  // The full result JSON of `decision` on `doc` (the params by name, plus
  // as_of); kBadRules when it fails, naming `situation`.
  Result<json> Eval(const std::string& decision, const json& doc, const std::string& situation,
                    bool trace = false);
  json Doc(const json& enterprise, const json& other, const char* other_param) const;
  Result<bool> Applies(const std::string& matter, const json& enterprise);

  // --- vocabulary ---------------------------------------------------------
  Citation Cite(const std::string& id, std::string basis = "") const;
  ReasonEntry Reason(const json& r) const;
  std::vector<ReasonEntry> Reasons(const json& outputs) const;
  std::string ValueText(const FieldInfo& f, const json& value) const;
  std::string ChangeText(const FieldInfo& f, const json& value) const {
    return f.label + "：" + ValueText(f, value);
  }
  // Single-fact variations of `base` over the fields of `record` that are
  // bools, enums (optional or not) and sets or lists of enum members;
  // `skip` fields are left alone.
  std::vector<Change> Variations(const RecordInfo& record, const json& base,
                                 const std::set<std::string>& skip) const;
  Member Dept(const std::string& name) const { return view_.MemberOf(department_type_, name); }

  // --- sections -----------------------------------------------------------
  Status Prepare();
  json BaseEnterprise(const std::string& region, const std::string& credit) const;
  json BaseInspection(const runtime::MatterInfo& m) const;
  json BaseViolation(const runtime::MatterInfo& m) const;
  Status Matters(Booklet* b);
  Status Grids(Booklet* b);
  Result<FrequencyGrid> Grid(const runtime::MatterInfo& m, const std::string& region);
  Status Tracks(Booklet* b);
  Status Conduct(Booklet* b);
  Result<ConductRow> ConductOf(const json& enterprise, const json& inspection, const std::string& situation);
  Status Penalties(Booklet* b);
  Result<PenaltyRow> PenaltyOf(const json& enterprise, const json& violation, const std::string& situation);
  Status Repairs(Booklet* b);

  const runtime::Rulebook& book_;
  const ContractView& view_;
  const BookletOptions& options_;
  std::int64_t as_of_ = 0;
  const RecordInfo* enterprise_ = nullptr;
  const RecordInfo* inspection_ = nullptr;
  const RecordInfo* violation_ = nullptr;
  std::string industry_type_, region_type_, credit_type_, department_type_;
  std::vector<Member> regions_;      // the regions the booklet covers
  std::string base_credit_;
  std::vector<runtime::MatterInfo> all_matters_;
  // The applicable matters and, for a conditional one, the change that
  // makes it apply.
  std::vector<std::pair<runtime::MatterInfo, std::optional<Change>>> applicable_;
};

// --------------------------------------------------------------------------

Result<json> Builder::Eval(const std::string& decision, const json& doc, const std::string& situation,
                           bool trace) {
  runtime::EvaluateOptions options;
  options.as_of = as_of_;
  options.trace = trace;
  auto text = book_.EvaluateJson(decision, doc.dump(), options);
  if (!text.ok()) {
    return RulesError("decision `" + decision + "` cannot be evaluated for " + situation + ": " +
                      text.error().ToString());
  }
  json result;
  try {
    result = json::parse(*text);
  } catch (const std::exception& e) {
    return RulesError(std::string("decision `") + decision + "` gave no JSON: " + e.what());
  }
  const json& errors = result.value("errors", json::array());
  if (!result.value("complete", false) || !errors.empty()) {
    std::string why = errors.empty() ? "incomplete" : Str(errors.front(), "code") + ": " + Str(errors.front(), "message");
    return RulesError("decision `" + decision + "` failed for " + situation + ": " + why);
  }
  return result;
}

json Builder::Doc(const json& enterprise, const json& other, const char* other_param) const {
  json doc = json::object();
  doc["as_of"] = base::FormatDate(as_of_);
  doc["enterprise"] = enterprise;
  doc[other_param] = other;
  return doc;
}

Result<bool> Builder::Applies(const std::string& matter, const json& enterprise) {
  auto d = book_.FindDecision("frequency");
  if (!d.ok()) return d.error();
  json doc = Doc(enterprise, json{{"matter", all_matters_.front().id}}, "inspection");
  auto facts = book_.ParseFacts(*d, doc.dump());
  if (!facts.ok()) return RulesError("the baseline enterprise is not valid facts: " + facts.error().ToString());
  runtime::EvaluateOptions options;
  options.as_of = as_of_;
  auto applies = book_.MatterApplies(matter, *facts, "enterprise", options);
  if (!applies.ok()) return RulesError("the selector of matter `" + matter + "` fails: " + applies.error().ToString());
  return *applies;
}

Citation Builder::Cite(const std::string& id, std::string basis) const {
  Citation c;
  c.item = id;
  if (const runtime::SourceLocation* s = book_.FindSource(id)) {
    c.file = s->file;
    c.line = s->line;
    if (basis.empty()) basis = s->basis;
  }
  c.basis = std::move(basis);
  return c;
}

ReasonEntry Builder::Reason(const json& r) const {
  ReasonEntry e;
  e.code = Str(r, "code");
  e.message = Str(r, "message");
  e.basis = Cite(Str(r, "rule"), Str(r, "basis"));
  return e;
}

std::vector<ReasonEntry> Builder::Reasons(const json& outputs) const {
  std::vector<ReasonEntry> out;
  for (const json& r : outputs.value("reasons", json::array())) out.push_back(Reason(r));
  return out;
}

std::string Builder::ValueText(const FieldInfo& f, const json& value) const {
  if (value.is_boolean()) return value.get<bool>() ? "是" : "否";
  if (value.is_null()) return "空";
  if (value.is_array()) {
    if (value.empty()) return "空";
    std::vector<Member> items;
    for (const json& v : value) items.push_back(view_.MemberOf(f.parsed.element, v.is_string() ? v.get<std::string>() : v.dump()));
    return JoinLabels(items);
  }
  if (value.is_string() && view_.Enum(f.parsed.element) != nullptr) {
    return view_.MemberOf(f.parsed.element, value.get<std::string>()).label;
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<Change> Builder::Variations(const RecordInfo& record, const json& base,
                                        const std::set<std::string>& skip) const {
  std::vector<Change> out;
  for (const FieldInfo& f : record.fields) {
    if (skip.count(f.name) != 0) continue;
    const json& now = base.contains(f.name) ? base.at(f.name) : json();
    const std::vector<Member>* members = view_.Enum(f.parsed.element);
    if (f.parsed.container.empty() && f.parsed.element == "bool") {
      const json flipped = !(now.is_boolean() && now.get<bool>());
      out.push_back({f.name, flipped, ValueText(f, flipped), ChangeText(f, flipped)});
    } else if (f.parsed.container.empty() && members != nullptr) {
      for (const Member& m : *members) {
        if (now.is_string() && now.get<std::string>() == m.name) continue;
        out.push_back({f.name, m.name, m.label, ChangeText(f, m.name)});
      }
    } else if (!f.parsed.container.empty() && members != nullptr && !members->empty() &&
               now.is_array() && now.empty()) {
      const json one = json::array({members->front().name});
      const std::string shown = "不为空（如" + members->front().label + "）";
      out.push_back({f.name, one, shown, f.label + "：" + shown});
    }
  }
  return out;
}

// --------------------------------------------------------------------------

Status Builder::Prepare() {
  auto date = runtime::ParseDate(options_.as_of);
  if (!date.ok()) return Error{kBadInput, "as-of date `" + options_.as_of + "` is not YYYY-MM-DD", {}};
  as_of_ = *date;
  for (const char* d : {"frequency", "assignment", "may_inspect", "route_clue", "penalty", "credit_repair"}) {
    if (!book_.FindDecision(d).ok()) {
      return RulesError(std::string("the rules have no decision `") + d + "`, which the booklet reads (docs/rulesets/contract.md)");
    }
  }
  enterprise_ = view_.ParamRecord("frequency", "enterprise");
  inspection_ = view_.ParamRecord("may_inspect", "inspection");
  violation_ = view_.ParamRecord("penalty", "violation");
  if (enterprise_ == nullptr || inspection_ == nullptr || violation_ == nullptr) {
    return RulesError("the decisions `frequency`, `may_inspect` and `penalty` must take the records `enterprise`, `inspection` and `violation`");
  }
  const FieldInfo* industry = enterprise_->Find("industry");
  const FieldInfo* region = enterprise_->Find("region");
  const FieldInfo* credit = enterprise_->Find("credit_class");
  const FieldInfo* department = inspection_->Find("department");
  for (const FieldInfo* f : {industry, region, credit, department}) {
    if (f == nullptr || view_.Enum(f->parsed.element) == nullptr) {
      return RulesError("the records `" + enterprise_->name + "` and `" + inspection_->name +
                        "` need the enum fields industry, region, credit_class and department");
    }
  }
  industry_type_ = industry->parsed.element;
  region_type_ = region->parsed.element;
  credit_type_ = credit->parsed.element;
  department_type_ = department->parsed.element;
  const std::vector<Member>& industries = *view_.Enum(industry_type_);
  if (std::none_of(industries.begin(), industries.end(), [&](const Member& m) { return m.name == options_.industry; })) {
    return Error{kUnknownIndustry, "no industry `" + options_.industry + "` in the rules; known: " + KnownList(industries), {}};
  }
  const std::vector<Member>& regions = *view_.Enum(region_type_);
  if (options_.region.empty()) {
    regions_ = regions;
  } else {
    for (const Member& m : regions) {
      if (m.name == options_.region) regions_.push_back(m);
    }
    if (regions_.empty()) {
      return Error{kUnknownRegion, "no region `" + options_.region + "` in the rules; known: " + KnownList(regions), {}};
    }
  }
  all_matters_ = book_.matters();
  if (all_matters_.empty()) return RulesError("the rules declare no matter");
  return {};
}

json Builder::BaseEnterprise(const std::string& region, const std::string& credit) const {
  json e = json::object();
  for (const FieldInfo& f : enterprise_->fields) {
    const std::vector<Member>* members = view_.Enum(f.parsed.element);
    json v;
    if (!f.parsed.container.empty()) v = json::array();
    else if (f.parsed.optional) v = nullptr;
    else if (f.parsed.element == "bool") v = false;
    else if (f.parsed.element == "int") v = 0;
    else if (f.parsed.element == "date") v = base::FormatDate(as_of_);
    else if (f.parsed.element == "text") v = "booklet";
    else if (members != nullptr && !members->empty()) v = members->front().name;
    e[f.name] = v;
  }
  e["id"] = "booklet-" + options_.industry;
  e["name"] = view_.MemberOf(industry_type_, options_.industry).label;
  e["industry"] = options_.industry;
  e["region"] = region;
  e["credit_class"] = credit;
  return e;
}

// The lawful inspection of contract.md's example: approved, planned, coded,
// on site, two certified inspectors who show their certificates.
json Builder::BaseInspection(const runtime::MatterInfo& m) const {
  return json{{"matter", m.id}, {"department", m.initiator}, {"body_kind", "enforcement_organ"},
              {"entrustment_published", false}, {"kind", "routine"}, {"trigger", "none"},
              {"urgent", false}, {"head_approved", true}, {"in_filed_plan", true},
              {"special_plan_approved", false}, {"code_scanned", true}, {"remote_feasible", false},
              {"on_site", true}, {"joint", false},
              {"inspectors", json::array({json{{"id", "P1"}, {"certified", true}, {"shows_certificate", true}},
                                          json{{"id", "P2"}, {"certified", true}, {"shows_certificate", true}}})},
              {"done_this_year", json{{"by_department", 0}, {"by_matter", 0}}},
              {"other_departments_due", json::array()}};
}

// A violation for which a penalty may be given: not minor, slight harm,
// not corrected, not a first offence, fault not disproved, found soon.
json Builder::BaseViolation(const runtime::MatterInfo& m) const {
  return json{{"matter", m.id}, {"department", m.initiator},
              {"committed_on", base::FormatDate(as_of_ - 60)}, {"ended_on", nullptr},
              {"discovered_on", base::FormatDate(as_of_)}, {"minor", false}, {"harm", "minor"},
              {"corrected_in_time", false}, {"first_offence", false}, {"no_fault_proven", false},
              {"life_health_or_financial", false}, {"already_fined_by", json::array()}};
}

Status Builder::Matters(Booklet* b) {
  const json base = BaseEnterprise(regions_.front().name, base_credit_);
  const std::set<std::string> fixed = {"id", "name", "industry", "region"};
  const std::vector<Change> changes = Variations(*enterprise_, base, fixed);
  for (const runtime::MatterInfo& m : all_matters_) {
    auto applies = Applies(m.id, base);
    if (!applies.ok()) return applies.error();
    std::optional<Change> enabling;
    std::string condition;
    if (!*applies) {
      // Which single facts make it apply, grouped by field.
      std::map<std::string, std::vector<std::string>> by_field;
      std::vector<std::string> order;
      for (const Change& c : changes) {
        json e = base;
        e[c.field] = c.value;
        auto ok = Applies(m.id, e);
        if (!ok.ok()) return ok.error();
        if (!*ok) continue;
        if (!enabling) enabling = c;
        if (by_field.find(c.field) == by_field.end()) order.push_back(c.field);
        by_field[c.field].push_back(c.value_text);
      }
      if (!enabling) {
        b->not_applicable.push_back({m.id, m.label});
        continue;
      }
      for (const std::string& field : order) {
        if (!condition.empty()) condition += "，或";
        std::string values;
        for (const std::string& v : by_field[field]) values += (values.empty() ? "" : "、") + v;
        condition += enterprise_->Find(field)->label + "：" + values;
      }
    }
    MatterEntry entry;
    entry.id = m.id;
    entry.label = m.label;
    entry.content = m.content;
    entry.type = m.type;
    entry.level = m.level;
    entry.methods = view_.MatterMethods(m.id);
    entry.initiator = Dept(m.initiator);
    for (const std::string& c : m.cooperators) entry.cooperators.push_back(Dept(c));
    entry.key = m.key;
    entry.delegable = m.delegable;
    entry.condition = condition;
    entry.basis = Cite(view_.MatterName(m.id), m.basis);
    b->matters.push_back(std::move(entry));
    applicable_.emplace_back(m, enabling);
  }
  if (applicable_.empty()) {
    return RulesError("no matter of the list applies to industry `" + options_.industry + "`, whatever the enterprise's facts");
  }
  return {};
}


// --- frequency ---------------------------------------------------------------

std::string CellText(const FrequencyCell& c) {
  std::string count;
  if (c.max) {
    count = c.min == *c.max ? "每年" + std::to_string(c.min) + "次"
            : c.min == 0    ? "每年至多" + std::to_string(*c.max) + "次"
                            : "每年" + std::to_string(c.min) + "–" + std::to_string(*c.max) + "次";
  } else if (c.min > 0) {
    count = "每年至少" + std::to_string(c.min) + "次，不设上限";
  } else if (!c.ratio) {
    count = "规则未规定次数下限和上限";
  }
  std::string text = count;
  if (c.ratio) text += (text.empty() ? "" : "；") + std::string("抽查比例") + *c.ratio;
  if (c.key) text += "（重点监管）";
  if (c.exempt) text += "；无触发不主动检查";
  return text;
}

Result<FrequencyGrid> Builder::Grid(const runtime::MatterInfo& m, const std::string& region) {
  json base = BaseEnterprise(region, base_credit_);
  std::vector<std::pair<std::string, std::string>> given;
  for (const auto& [matter, enabling] : applicable_) {
    if (matter.id == m.id && enabling) {
      base[enabling->field] = enabling->value;
      given.emplace_back(enabling->field, enabling->value.dump());
    }
  }
  const json inspection = BaseInspection(m);
  const std::string situation = "matter `" + m.id + "`, region `" + region + "`";
  auto traced = Eval("frequency", Doc(base, inspection, "inspection"), situation, true);
  if (!traced.ok()) return traced.error();
  auto figures = [](const json& out) {
    return json::array({out.value("min_per_year", json()), out.value("max_per_year", json()),
                        out.value("sampling_ratio", json()), out.value("key", json())});
  };
  const json base_out = (*traced)["outputs"];

  // The axes: the enum facts the decision read (but the fixed ones and the
  // credit class, the rows), and the bools it read whose change moves a
  // figure but not the exemption (an exemption track is no risk grade).
  struct Axis {
    const FieldInfo* field;
    std::vector<json> values;
  };
  std::vector<Axis> axes;
  std::set<std::string> read;
  for (const json& t : (*traced).value("trace", json::array())) {
    const std::string id = Str(t, "id");
    const std::string prefix = "$.enterprise.";
    if (Str(t, "kind") == "fact" && id.rfind(prefix, 0) == 0) read.insert(id.substr(prefix.size()));
  }
  for (const FieldInfo& f : enterprise_->fields) {
    if (read.count(f.name) == 0 || f.name == "industry" || f.name == "region" || f.name == "credit_class") continue;
    if (!f.parsed.container.empty()) continue;
    if (const std::vector<Member>* members = view_.Enum(f.parsed.element)) {
      Axis axis{&f, {}};
      if (f.parsed.optional) axis.values.push_back(nullptr);
      for (const Member& mm : *members) axis.values.push_back(mm.name);
      axes.push_back(std::move(axis));
    } else if (f.parsed.element == "bool") {
      json e = base;
      e[f.name] = !base[f.name].get<bool>();
      auto flipped = Eval("frequency", Doc(e, inspection, "inspection"), situation);
      if (!flipped.ok()) return flipped.error();
      const json& out = (*flipped)["outputs"];
      if (figures(out) != figures(base_out) &&
          out.value("exempt_unless_triggered", false) == base_out.value("exempt_unless_triggered", false)) {
        axes.push_back({&f, {false, true}});
      }
    }
  }
  // Every combination of axis values under which the matter applies.
  std::vector<std::vector<json>> combos{{}};
  for (const Axis& a : axes) {
    std::vector<std::vector<json>> next;
    for (const auto& c : combos) {
      for (const json& v : a.values) {
        auto d = c;
        d.push_back(v);
        next.push_back(std::move(d));
      }
    }
    combos = std::move(next);
    if (combos.size() > 256) {
      return RulesError("`frequency` reads more risk facts for matter `" + m.id + "` than a grid can show (" +
                        std::to_string(combos.size()) + " combinations)");
    }
  }
  FrequencyGrid grid;
  grid.matter = m.id;
  grid.matter_label = m.label;
  grid.regions.push_back(view_.MemberOf(region_type_, region));
  grid.given = given;
  std::vector<std::vector<json>> columns;
  for (const auto& c : combos) {
    json e = base;
    std::string heading;
    for (std::size_t i = 0; i < axes.size(); ++i) {
      e[axes[i].field->name] = c[i];
      heading += (heading.empty() ? "" : "；") + ChangeText(*axes[i].field, c[i]);
    }
    auto applies = Applies(m.id, e);
    if (!applies.ok()) return applies.error();
    if (!*applies) continue;
    columns.push_back(c);
    grid.columns.push_back(axes.empty() ? "—" : heading);
  }
  std::set<std::string> seen;
  for (const Member& credit : *view_.Enum(credit_type_)) {
    grid.rows.push_back(credit);
    std::vector<FrequencyCell>& row = grid.cells.emplace_back();
    for (const auto& c : columns) {
      json e = base;
      e["credit_class"] = credit.name;
      FrequencyCell cell;
      cell.credit_class = credit.name;
      for (std::size_t i = 0; i < axes.size(); ++i) {
        e[axes[i].field->name] = c[i];
        cell.axes.emplace_back(axes[i].field->name, c[i].dump());
      }
      auto r = Eval("frequency", Doc(e, inspection, "inspection"), situation + ", credit class `" + credit.name + "`", true);
      if (!r.ok()) return r.error();
      const json& out = (*r)["outputs"];
      if (!out.value("min_per_year", json()).is_number_integer()) return RulesError("frequency.min_per_year is not an int");
      cell.min = out["min_per_year"].get<std::int64_t>();
      const json& max = out.value("max_per_year", json());
      if (max.is_number_integer()) cell.max = max.get<std::int64_t>();
      const json& ratio = out.value("sampling_ratio", json());
      if (ratio.is_string()) cell.ratio = ratio.get<std::string>();
      cell.exempt = out.value("exempt_unless_triggered", false);
      cell.key = out.value("key", m.key);
      cell.text = CellText(cell);
      row.push_back(std::move(cell));
      for (const json& basis : out.value("basis", json::array())) {
        if (basis.is_string() && seen.insert("basis:" + basis.get<std::string>()).second) {
          Citation cite = Cite("", basis.get<std::string>());
          cite.item = "frequency#basis";
          grid.basis.push_back(std::move(cite));
        }
      }
      for (const json& t : (*r).value("trace", json::array())) {
        if (Str(t, "kind") != "table") continue;
        for (const json& rowid : t.value("rows", json::array())) {
          if (rowid.is_string() && seen.insert(rowid.get<std::string>()).second) grid.basis.push_back(Cite(rowid.get<std::string>()));
        }
      }
    }
  }
  return grid;
}

Status Builder::Grids(Booklet* b) {
  for (const auto& [m, enabling] : applicable_) {
    std::vector<FrequencyGrid> groups;
    for (const Member& region : regions_) {
      auto grid = Grid(m, region.name);
      if (!grid.ok()) return grid.error();
      bool merged = false;
      for (FrequencyGrid& g : groups) {
        bool same = g.columns == grid->columns && g.cells.size() == grid->cells.size();
        for (std::size_t r = 0; same && r < g.cells.size(); ++r) {
          for (std::size_t c = 0; same && c < g.cells[r].size(); ++c) same = g.cells[r][c].text == grid->cells[r][c].text;
        }
        if (same) {
          g.regions.push_back(grid->regions.front());
          merged = true;
          break;
        }
      }
      if (!merged) groups.push_back(std::move(*grid));
    }
    for (FrequencyGrid& g : groups) b->grids.push_back(std::move(g));
  }
  return {};
}

// --- exemptions --------------------------------------------------------------

std::set<std::string> Codes(const std::vector<ReasonEntry>& reasons) {
  std::set<std::string> codes;
  for (const ReasonEntry& r : reasons) codes.insert(r.code);
  return codes;
}

bool Disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::none_of(a.begin(), a.end(), [&](const std::string& x) { return b.count(x) != 0; });
}

Status Builder::Tracks(Booklet* b) {
  const std::string region = regions_.front().name;
  const json base = BaseEnterprise(region, base_credit_);
  std::vector<Change> candidates;
  for (const Change& c : Variations(*enterprise_, base, {"id", "name", "industry", "region"})) {
    const FieldInfo* f = enterprise_->Find(c.field);
    if (c.field == "credit_class" || (f->parsed.container.empty() && f->parsed.element == "bool")) candidates.push_back(c);
  }
  const FieldInfo* trigger_field = inspection_->Find("trigger");
  const FieldInfo* kind_field = inspection_->Find("kind");
  for (const Change& change : candidates) {
    ExemptionTrack track;
    track.title = change.text;
    track.field = change.field;
    track.value = change.value.is_string() ? change.value.get<std::string>() : change.value.dump();
    json profile = base;
    profile[change.field] = change.value;
    const runtime::MatterInfo* first = nullptr;
    json first_enterprise;
    for (const auto& [m, enabling] : applicable_) {
      json e = profile;
      if (enabling && enabling->field != change.field) e[enabling->field] = enabling->value;
      auto r = Eval("frequency", Doc(e, BaseInspection(m), "inspection"), "the track `" + change.text + "`, matter `" + m.id + "`");
      if (!r.ok()) return r.error();
      const json& out = (*r)["outputs"];
      if (out.value("exempt_unless_triggered", false)) {
        track.exempt_matters.push_back({m.id, m.label});
        if (first == nullptr) {
          first = &m;
          first_enterprise = e;
        }
      } else {
        std::string why;
        if (out.value("key", false)) why = "重点监管";
        const std::int64_t min = out.value("min_per_year", json(0)).is_number_integer() ? out["min_per_year"].get<std::int64_t>() : 0;
        if (min > 0) why += (why.empty() ? "" : "；") + std::string("规则规定每年至少") + std::to_string(min) + "次";
        if (why.empty()) why = "本项待遇不适用于该事项";
        std::string basis;
        for (const json& x : out.value("basis", json::array())) basis += (basis.empty() ? "" : "；") + x.get<std::string>();
        if (!basis.empty()) why += "（" + basis + "）";
        track.not_exempt.push_back({{m.id, m.label}, why});
      }
    }
    if (first == nullptr) continue;
    const runtime::MatterInfo& m = *first;
    const json inspection = BaseInspection(m);
    auto decide = [&](const json& e, const json& i, const std::string& what) -> Result<json> {
      auto r = Eval("may_inspect", Doc(e, i, "inspection"), "the track `" + change.text + "`, " + what);
      if (!r.ok()) return r.error();
      return (*r)["outputs"];
    };
    auto proactive = decide(first_enterprise, inspection, "a proactive inspection");
    if (!proactive.ok()) return proactive.error();
    track.reasons = Reasons(*proactive);
    const std::set<std::string> codes = Codes(track.reasons);
    auto lifted = [&](const json& out) { return Disjoint(codes, Codes(Reasons(out))); };
    if (trigger_field != nullptr) {
      for (const Member& t : *view_.Enum(trigger_field->parsed.element)) {
        if (t.name == inspection["trigger"]) continue;
        json i = inspection;
        i["trigger"] = t.name;
        auto out = decide(first_enterprise, i, "trigger `" + t.name + "`");
        if (!out.ok()) return out.error();
        if (!codes.empty() && lifted(*out)) track.lifting_triggers.push_back(t);
      }
    }
    if (kind_field != nullptr) {
      for (const Member& k : *view_.Enum(kind_field->parsed.element)) {
        if (k.name == inspection["kind"]) continue;
        json i = inspection;
        i["kind"] = k.name;
        auto out = decide(first_enterprise, i, "kind `" + k.name + "`");
        if (!out.ok()) return out.error();
        if (!codes.empty() && lifted(*out)) track.lifting_kinds.push_back(k);
      }
    }
    for (const Change& other : candidates) {
      const FieldInfo* f = enterprise_->Find(other.field);
      if (other.field == change.field || f->parsed.element != "bool") continue;
      json e = first_enterprise;
      e[other.field] = other.value;
      auto freq = Eval("frequency", Doc(e, inspection, "inspection"), "the track `" + change.text + "` with " + other.text);
      if (!freq.ok()) return freq.error();
      auto out = decide(e, inspection, other.text);
      if (!out.ok()) return out.error();
      if (!(*freq)["outputs"].value("exempt_unless_triggered", false) && !codes.empty() && lifted(*out)) {
        track.not_for.push_back(other.text);
      }
    }
    // Clues: which trigger each source carries, who verifies it, and
    // whether the case inspection may then go ahead under this track.
    const RecordInfo* clue = view_.ParamRecord("route_clue", "clue");
    const FieldInfo* source = clue != nullptr ? clue->Find("source") : nullptr;
    if (source != nullptr && view_.Enum(source->parsed.element) != nullptr) {
      for (const Member& s : *view_.Enum(source->parsed.element)) {
        auto r = Eval("route_clue", Doc(first_enterprise, json{{"source", s.name}, {"matters", json::array({m.id})}}, "clue"),
                      "a clue from `" + s.name + "` on matter `" + m.id + "`");
        if (!r.ok()) return r.error();
        const json& out = (*r)["outputs"];
        ExemptionTrack::Clue row;
        row.source = s;
        row.trigger = view_.MemberOf(trigger_field != nullptr ? trigger_field->parsed.element : "", Str(out, "trigger"));
        row.lead = Dept(Str(out, "lead"));
        for (const json& c : out.value("cooperators", json::array())) row.cooperators.push_back(Dept(c.get<std::string>()));
        row.joint = out.value("joint", false);
        for (const json& x : out.value("basis", json::array())) row.basis.push_back(x.get<std::string>());
        json i = inspection;
        i["kind"] = "case";
        i["trigger"] = Str(out, "trigger");
        i["department"] = Str(out, "lead");
        auto go = decide(first_enterprise, i, "a case inspection of a clue from `" + s.name + "`");
        if (!go.ok()) return go.error();
        row.proceeds = go->value("proceed", false);
        track.clues.push_back(std::move(row));
      }
    }
    b->tracks.push_back(std::move(track));
  }
  return {};
}

// --- conduct -----------------------------------------------------------------

Result<ConductRow> Builder::ConductOf(const json& enterprise, const json& inspection, const std::string& situation) {
  auto r = Eval("may_inspect", Doc(enterprise, inspection, "inspection"), "the inspection with " + situation);
  if (!r.ok()) return r.error();
  const json& out = (*r)["outputs"];
  ConductRow row;
  row.situation = situation;
  row.proceed = out.value("proceed", false);
  row.may_refuse = out.value("enterprise_may_refuse", true);
  for (const json& f : out.value("followups", json::array())) row.followups.push_back(f.get<std::string>());
  const json& join = out.value("join", json());
  if (join.is_object()) {
    std::vector<Member> coops;
    for (const json& c : join.value("cooperators", json::array())) coops.push_back(Dept(c.get<std::string>()));
    row.join = "由" + Dept(Str(join, "lead")).label + "牵头" + (coops.empty() ? "" : "，" + JoinLabels(coops) + "配合");
  }
  row.reasons = Reasons(out);
  return row;
}

bool SameAnswer(const ConductRow& a, const ConductRow& b) {
  return a.proceed == b.proceed && a.may_refuse == b.may_refuse && a.followups == b.followups &&
         a.join == b.join && Codes(a.reasons) == Codes(b.reasons);
}

Status Builder::Conduct(Booklet* b) {
  // The matter: one the competent department initiates, preferably one
  // that applies to every enterprise of the industry.
  std::size_t chosen = 0;
  int best = -1;
  for (std::size_t k = 0; k < applicable_.size(); ++k) {
    const int score = (applicable_[k].first.initiator == b->competent.name ? 2 : 0) + (applicable_[k].second ? 0 : 1);
    if (score > best) {
      best = score;
      chosen = k;
    }
  }
  const runtime::MatterInfo* m = &applicable_[chosen].first;
  json enterprise = BaseEnterprise(regions_.front().name, base_credit_);
  if (applicable_[chosen].second) enterprise[applicable_[chosen].second->field] = applicable_[chosen].second->value;
  b->conduct_matter = m->id;
  const json inspection = BaseInspection(*m);
  auto baseline = ConductOf(enterprise, inspection, "合法的日常检查");
  if (!baseline.ok()) return baseline.error();
  if (!baseline->proceed) {
    std::string codes;
    for (const ReasonEntry& r : baseline->reasons) codes += " " + r.code;
    return RulesError("the lawful baseline inspection of matter `" + m->id + "` does not proceed (reasons:" + codes +
                      "); the booklet's inspection section needs one that does");
  }
  b->conduct_baseline = *baseline;

  std::vector<std::pair<json, std::string>> variations;
  for (const FieldInfo& f : inspection_->fields) {
    if (f.name == "matter" || f.name == "department") continue;
    const json& now = inspection[f.name];
    const std::vector<Member>* members = view_.Enum(f.parsed.element);
    if (f.parsed.container.empty() && f.parsed.element == "bool") {
      json i = inspection;
      i[f.name] = !now.get<bool>();
      variations.emplace_back(i, ChangeText(f, i[f.name]));
    } else if (f.parsed.container.empty() && members != nullptr) {
      for (const Member& mm : *members) {
        if (now == mm.name) continue;
        json i = inspection;
        i[f.name] = mm.name;
        variations.emplace_back(i, ChangeText(f, mm.name));
      }
    } else if (f.parsed.container == "set" && members != nullptr) {
      std::string other = b->competent.name != m->initiator ? b->competent.name : "";
      for (const Member& mm : *members) {
        if (other.empty() && mm.name != m->initiator) other = mm.name;
      }
      if (other.empty()) continue;
      json i = inspection;
      i[f.name] = json::array({other});
      variations.emplace_back(i, ChangeText(f, i[f.name]));
    } else if (f.parsed.container == "list" && now.is_array() && now.size() >= 2) {
      if (const RecordInfo* element = view_.Record(f.parsed.element)) {
        for (const FieldInfo& ef : element->fields) {
          if (ef.parsed.element != "bool" || !ef.parsed.container.empty()) continue;
          json i = inspection;
          i[f.name][1][ef.name] = !now[1][ef.name].get<bool>();
          variations.emplace_back(i, f.label + "中有一人" + ChangeText(ef, i[f.name][1][ef.name]));
        }
        json i = inspection;
        i[f.name].erase(1);
        variations.emplace_back(i, f.label + "仅一人");
      }
    }
  }
  for (const auto& [i, situation] : variations) {
    auto row = ConductOf(enterprise, i, situation);
    if (!row.ok()) return row.error();
    if (SameAnswer(*row, *baseline)) continue;
    if (!row->proceed) {
      for (const FieldInfo& f : inspection_->fields) {
        if (!f.parsed.container.empty() || f.parsed.element != "bool") continue;
        json j = i;
        j[f.name] = !i[f.name].get<bool>();
        if (j[f.name] == inspection[f.name]) continue;  // undoing the change itself
        auto again = ConductOf(enterprise, j, situation);
        if (!again.ok()) return again.error();
        if (!again->proceed) continue;
        std::string unless = ChangeText(f, j[f.name]);
        if (!again->followups.empty()) {
          unless += "（事后须";
          for (std::size_t k = 0; k < again->followups.size(); ++k) unless += (k ? "、" : "") + again->followups[k];
          unless += "）";
        }
        row->unless.push_back(unless);
      }
    }
    b->conduct.push_back(std::move(*row));
  }
  return {};
}

// --- penalties ---------------------------------------------------------------

Result<PenaltyRow> Builder::PenaltyOf(const json& enterprise, const json& violation, const std::string& situation) {
  auto r = Eval("penalty", Doc(enterprise, violation, "violation"), "the violation with " + situation);
  if (!r.ok()) return r.error();
  const json& out = (*r)["outputs"];
  PenaltyRow row;
  row.situation = situation;
  row.outcome = view_.MemberOf(view_.OutputType("penalty", "penalty").element, Str(out, "penalty"));
  const RecordInfo* measure = view_.Record(view_.OutputType("penalty", "measures").element);
  const FieldInfo* measure_kind = measure != nullptr ? measure->Find("kind") : nullptr;
  row.fine_allowed = out.value("fine_allowed", false);
  row.reasons = Reasons(out);
  for (const json& m : out.value("measures", json::array())) {
    MeasureEntry e;
    e.kind = view_.MemberOf(measure_kind != nullptr ? measure_kind->parsed.element : "", Str(m, "kind"));
    e.deadline = m.value("deadline", json()).is_string() ? m["deadline"].get<std::string>() : "";
    e.basis = Str(m, "basis");
    row.measures.push_back(std::move(e));
  }
  for (const json& x : out.value("basis", json::array())) row.basis.push_back(x.get<std::string>());
  return row;
}

Status Builder::Penalties(Booklet* b) {
  const runtime::MatterInfo& m = [&]() -> const runtime::MatterInfo& {
    for (const auto& [matter, enabling] : applicable_) {
      if (matter.id == b->conduct_matter) return matter;
    }
    return applicable_.front().first;
  }();
  const json enterprise = BaseEnterprise(regions_.front().name, base_credit_);
  const json base = BaseViolation(m);
  auto baseline = PenaltyOf(enterprise, base, "一般违法行为");
  if (!baseline.ok()) return baseline.error();
  b->penalty_baseline = *baseline;

  // Every combination of the violation's bool facts and enum facts (the
  // harm), and a fine already given: the fewest changes that give each
  // answer with exactly one reason.
  std::vector<const FieldInfo*> bools, enums;
  for (const FieldInfo& f : violation_->fields) {
    if (!f.parsed.container.empty()) continue;
    if (f.parsed.element == "bool") bools.push_back(&f);
    else if (f.name != "department" && view_.Enum(f.parsed.element) != nullptr) enums.push_back(&f);
  }
  if (bools.size() > 8) bools.resize(8);
  std::vector<std::vector<std::pair<std::string, json>>> combos{{}};
  for (const FieldInfo* f : bools) {
    auto next = combos;
    for (auto c : combos) {
      c.emplace_back(f->name, !base[f->name].get<bool>());
      next.push_back(std::move(c));
    }
    combos = std::move(next);
  }
  for (const FieldInfo* f : enums) {
    auto next = combos;
    for (const Member& mm : *view_.Enum(f->parsed.element)) {
      if (base[f->name] == mm.name) continue;
      for (auto c : combos) {
        c.emplace_back(f->name, mm.name);
        next.push_back(std::move(c));
      }
    }
    combos = std::move(next);
  }
  const FieldInfo* fined = violation_->Find("already_fined_by");
  if (fined != nullptr && view_.Enum(fined->parsed.element) != nullptr) {
    std::string other;
    for (const Member& d : *view_.Enum(fined->parsed.element)) {
      if (other.empty() && d.name != m.initiator) other = d.name;
    }
    if (!other.empty()) {
      auto next = combos;
      for (auto c : combos) {
        c.emplace_back(fined->name, json::array({other}));
        next.push_back(std::move(c));
      }
      combos = std::move(next);
    }
  }
  std::stable_sort(combos.begin(), combos.end(), [](const auto& x, const auto& y) { return x.size() < y.size(); });
  std::set<std::string> seen;
  auto signature = [](const PenaltyRow& r) {
    std::string s = r.outcome.name + (r.fine_allowed ? "/fine" : "/nofine");
    for (const std::string& c : Codes(r.reasons)) s += "/" + c;
    return s;
  };
  seen.insert(signature(*baseline));
  for (const auto& combo : combos) {
    if (combo.empty()) continue;
    json v = base;
    std::string situation;
    for (const auto& [field, value] : combo) {
      v[field] = value;
      situation += (situation.empty() ? "" : "；") + ChangeText(*violation_->Find(field), value);
    }
    auto row = PenaltyOf(enterprise, v, situation);
    if (!row.ok()) return row.error();
    if (row->reasons.size() != 1 || !seen.insert(signature(*row)).second) continue;
    b->penalties.push_back(std::move(*row));
  }

  // The time limit: the latest day of commission that is barred when the
  // act is discovered on the as-of date, for each harm and each bool fact
  // that moves it.
  const FieldInfo* committed = violation_->Find("committed_on");
  const FieldInfo* ended = violation_->Find("ended_on");
  if (committed == nullptr) return {};
  // Barred: the answer on that day has a reason it lacks for an act of
  // yesterday (whatever the rule is called).
  auto barred_since = [&](json v, const std::string& what) -> Result<std::optional<std::int64_t>> {
    v["committed_on"] = base::FormatDate(as_of_ - 1);
    auto recent = PenaltyOf(enterprise, v, what);
    if (!recent.ok()) return recent.error();
    const std::set<std::string> recent_codes = Codes(recent->reasons);
    auto at = [&](std::int64_t day) -> Result<bool> {
      v["committed_on"] = base::FormatDate(day);
      auto row = PenaltyOf(enterprise, v, what);
      if (!row.ok()) return row.error();
      const std::set<std::string> codes = Codes(row->reasons);
      return std::any_of(codes.begin(), codes.end(), [&](const std::string& c) { return recent_codes.count(c) == 0; });
    };
    std::int64_t lo = base::AddMonths(as_of_, -50 * 12), hi = as_of_ - 1;
    auto oldest = at(lo);
    if (!oldest.ok()) return oldest.error();
    if (!*oldest) return std::optional<std::int64_t>();
    while (lo < hi) {  // INVARIANT: at(lo) holds
      const std::int64_t mid = lo + (hi - lo + 1) / 2;
      auto held = at(mid);
      if (!held.ok()) return held.error();
      if (*held) lo = mid;
      else hi = mid - 1;
    }
    return std::optional<std::int64_t>(lo);
  };
  auto limit_of = [&](const json& v) -> Result<std::optional<std::int64_t>> { return barred_since(v, "the time limit"); };
  auto base_limit = limit_of(base);
  if (!base_limit.ok()) return base_limit.error();
  std::vector<const FieldInfo*> moving;
  const FieldInfo* harm = violation_->Find("harm");
  std::vector<json> harms{base.value("harm", json())};
  if (harm != nullptr && view_.Enum(harm->parsed.element) != nullptr) {
    harms.clear();
    for (const Member& h : *view_.Enum(harm->parsed.element)) harms.push_back(h.name);
  }
  for (const FieldInfo* f : bools) {
    for (const json& h : harms) {
      json v = base;
      if (harm != nullptr) v["harm"] = h;
      auto plain = limit_of(v);
      if (!plain.ok()) return plain.error();
      v[f->name] = !base[f->name].get<bool>();
      auto flipped = limit_of(v);
      if (!flipped.ok()) return flipped.error();
      if (*plain != *flipped) {
        moving.push_back(f);
        break;
      }
    }
  }
  if (moving.size() > 3) moving.resize(3);
  for (const json& h : harms) {
    for (std::size_t mask = 0; mask < (std::size_t{1} << moving.size()); ++mask) {
      json v = base;
      std::string situation;
      if (harm != nullptr) {
        v["harm"] = h;
        situation = ChangeText(*harm, h);
      }
      for (std::size_t k = 0; k < moving.size(); ++k) {
        const bool was = base[moving[k]->name].get<bool>();
        v[moving[k]->name] = (mask >> k & 1) != 0 ? !was : was;
        situation += (situation.empty() ? "" : "；") + ChangeText(*moving[k], v[moving[k]->name]);
      }
      auto limit = limit_of(v);
      if (!limit.ok()) return limit.error();
      TimeLimitRow row;
      row.situation = situation;
      if (*limit) {
        row.barred_on_or_before = base::FormatDate(**limit);
        json at = v;
        at["committed_on"] = *row.barred_on_or_before;
        auto r = PenaltyOf(enterprise, at, situation);
        if (!r.ok()) return r.error();
        for (const ReasonEntry& e : r->reasons) {
          if (Codes(baseline->reasons).count(e.code) == 0) row.reasons.push_back(e);
        }
      }
      b->time_limits.push_back(std::move(row));
    }
  }
  if (ended != nullptr && *base_limit) {
    json v = base;
    v["committed_on"] = base::FormatDate(**base_limit);
    v["ended_on"] = base::FormatDate(as_of_ - 30);
    auto row = PenaltyOf(enterprise, v, ChangeText(*committed, v["committed_on"]) + "；" + ChangeText(*ended, v["ended_on"]));
    if (!row.ok()) return row.error();
    b->continuing = std::move(*row);
  }
  return {};
}

// --- credit repair -----------------------------------------------------------

Status Builder::Repairs(Booklet* b) {
  const FieldInfo* penalties = enterprise_->Find("penalties");
  const RecordInfo* penalty = penalties != nullptr ? view_.Record(penalties->parsed.element) : nullptr;
  const FieldInfo* domain = penalty != nullptr ? penalty->Find("domain") : nullptr;
  if (domain == nullptr || view_.Enum(domain->parsed.element) == nullptr) return {};
  const json base = BaseEnterprise(regions_.front().name, base_credit_);
  const json inspection = BaseInspection(applicable_.front().first);
  auto repair = [&](const std::string& d, bool serious, bool corrected) -> Result<RepairRow> {
    json e = base;
    e["penalties"] = json::array({json{{"domain", d}, {"public_since", base::FormatDate(as_of_)},
                                       {"corrected", corrected}, {"serious", serious}}});
    auto r = Eval("credit_repair", Doc(e, inspection, "inspection"), "a penalty in domain `" + d + "`");
    if (!r.ok()) return r.error();
    const json& out = (*r)["outputs"];
    RepairRow row;
    row.domain = view_.MemberOf(domain->parsed.element, d);
    row.serious = serious;
    if (out.value("eligible_from", json()).is_string()) row.eligible_from = out["eligible_from"].get<std::string>();
    for (const json& x : out.value("basis", json::array())) row.basis.push_back(x.get<std::string>());
    return row;
  };
  for (const Member& d : *view_.Enum(domain->parsed.element)) {
    for (bool serious : {false, true}) {
      auto row = repair(d.name, serious, true);
      if (!row.ok()) return row.error();
      b->repairs.push_back(std::move(*row));
    }
  }
  auto uncorrected = repair(view_.Enum(domain->parsed.element)->front().name, false, false);
  if (!uncorrected.ok()) return uncorrected.error();
  b->repair_uncorrected = std::move(*uncorrected);
  return {};
}

// --------------------------------------------------------------------------

Result<Booklet> Builder::Build() {
  Status s = Prepare();
  if (!s.ok()) return s.error();
  Booklet b;
  b.industry = view_.MemberOf(industry_type_, options_.industry);
  if (!options_.region.empty()) b.region = regions_.front();
  b.example_region = regions_.front();
  b.as_of = base::FormatDate(as_of_);
  b.bundle_hash = view_.hash();
  b.rulesets = view_.rulesets();
  b.trial = std::any_of(b.rulesets.begin(), b.rulesets.end(), [](const RulesetEntry& r) { return r.status == "trial"; });

  // The baseline credit class: the first under which no matter is exempt
  // from proactive inspection (the tracks are shown as variations of it).
  for (const Member& c : *view_.Enum(credit_type_)) {
    bool exempt = false;
    const json e = BaseEnterprise(regions_.front().name, c.name);
    for (const runtime::MatterInfo& m : all_matters_) {
      auto applies = Applies(m.id, e);
      if (!applies.ok()) return applies.error();
      if (!*applies) continue;
      auto r = Eval("frequency", Doc(e, BaseInspection(m), "inspection"), "matter `" + m.id + "`");
      if (!r.ok()) return r.error();
      exempt = exempt || (*r)["outputs"].value("exempt_unless_triggered", false);
    }
    if (!exempt) {
      base_credit_ = c.name;
      break;
    }
  }
  if (base_credit_.empty()) return RulesError("every credit class is exempt from proactive inspection: no baseline enterprise");
  b.baseline_credit = view_.MemberOf(credit_type_, base_credit_);

  if (!(s = Matters(&b)).ok()) return s.error();
  {
    const auto& [m, enabling] = applicable_.front();
    json e = BaseEnterprise(regions_.front().name, base_credit_);
    if (enabling) e[enabling->field] = enabling->value;
    auto r = Eval("assignment", Doc(e, BaseInspection(m), "inspection"), "matter `" + m.id + "`", true);
    if (!r.ok()) return r.error();
    b.competent = Dept(Str((*r)["outputs"], "competent"));
    for (const json& t : (*r).value("trace", json::array())) {
      if (Str(t, "kind") == "table" && !t.value("rows", json::array()).empty()) {
        b.competent_basis = Cite(t["rows"][0].get<std::string>());
        if (b.competent_basis.basis.empty()) b.competent_basis.basis = Str(t, "basis");
      }
    }
  }
  if (!(s = Grids(&b)).ok()) return s.error();
  if (!(s = Tracks(&b)).ok()) return s.error();
  if (!(s = Conduct(&b)).ok()) return s.error();
  if (!(s = Penalties(&b)).ok()) return s.error();
  if (!(s = Repairs(&b)).ok()) return s.error();
  return b;
}

}  // namespace

Result<std::vector<Member>> Industries(std::string_view bundle_json) {
  auto view = ContractView::Parse(bundle_json);
  if (!view.ok()) return view.error();
  const RecordInfo* e = view->ParamRecord("frequency", "enterprise");
  const FieldInfo* f = e != nullptr ? e->Find("industry") : nullptr;
  if (f == nullptr || view->Enum(f->parsed.element) == nullptr) {
    return RulesError("decision `frequency` takes no `enterprise` with an enum field `industry`");
  }
  return *view->Enum(f->parsed.element);
}

Result<Booklet> BuildBooklet(const runtime::Rulebook& book, std::string_view bundle_json,
                             const BookletOptions& options) {
  auto view = ContractView::Parse(bundle_json);
  if (!view.ok()) return view.error();
  try {
    Builder builder(book, *view, options);
    return builder.Build();
  } catch (const std::exception& e) {
    // nlohmann throws on a value of an unexpected type: the rules do not
    // have the contract's shape.
    return RulesError(std::string("the decisions' outputs do not have the contract's shape: ") + e.what());
  }
}

}  // namespace bylaw::booklet
