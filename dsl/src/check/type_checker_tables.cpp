// TypeChecker: tables, matters and scorecards (see type_checker.h).
#include <algorithm>
#include <variant>

#include "../resolve/did_you_mean.h"
#include "../resolve/effective_range.h"
#include "type_checker.h"
#include "type_rules.h"

namespace bylaw::dsl::check_internal {

using resolve_internal::CheckEffectiveRange;
using resolve_internal::DidYouMean;

namespace {

const std::vector<std::string>& HitPolicies() {
  static const std::vector<std::string> names = {
      "unique", "any", "first", "priority", "rule_order", "collect"};
  return names;
}

const std::vector<std::string>& Aggregators() {
  static const std::vector<std::string> names = {"sum", "min", "max", "count"};
  return names;
}

const std::vector<std::string>& MatterTypes() {
  static const std::vector<std::string> names = {
      "single", "cross_level", "cross_region", "cross_department",
      "cross_business"};
  return names;
}

std::string JoinTicked(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += "`" + n + "`";
  }
  return out;
}

// `matter x` / `rule x`: from the keyword to the end of the name.
SourceRange HeadRange(const Decl& decl) {
  SourceRange r = decl.name.range;
  if (decl.range.valid() && decl.range.file == r.file &&
      decl.range.begin < r.begin) {
    r.begin = decl.range.begin;
  }
  return r;
}

}  // namespace

// ---------------------------------------------------------------- tables

void TypeChecker::CheckTable(Decl& decl, TableDecl& table,
                             const Ruleset& ruleset) {
  const std::string& hit = table.hit_policy.text;
  bool hit_ok = hit.empty() ||
                std::find(HitPolicies().begin(), HitPolicies().end(), hit) !=
                    HitPolicies().end();
  if (!hit_ok) {
    std::string help = DidYouMean(hit, HitPolicies());
    sink_.Error("unknown_hit_policy", table.hit_policy.range,
                "unknown hit policy `" + hit + "`")
        .Help((help.empty() ? std::string() : help + " ") +
              "hit policies: " + JoinTicked(HitPolicies()));
  }
  if (table.aggregator) {
    const std::string& agg = table.aggregator->text;
    if (hit_ok && hit != "collect") {
      sink_.Error("bad_aggregator", table.aggregator->range,
                  "an aggregator needs `hit collect`, not `hit " + hit + "`")
          .Help("write `hit collect " + agg + "`, or drop `" + agg + "`");
    } else if (std::find(Aggregators().begin(), Aggregators().end(), agg) ==
               Aggregators().end()) {
      std::string help = DidYouMean(agg, Aggregators());
      sink_.Error("bad_aggregator", table.aggregator->range,
                  "unknown aggregator `" + agg + "`")
          .Help((help.empty() ? std::string() : help + " ") +
                "aggregators: " + JoinTicked(Aggregators()));
    } else if (agg != "count") {
      const bool single = table.outputs.size() == 1;
      const Type out = single ? table.outputs[0].type.resolved : Type::Error();
      if (!single || (!IsVague(out) && !out.is_numeric() &&
                      !(agg != "sum" && Ordered(out)))) {
        sink_.Error("bad_aggregator", table.aggregator->range,
                    "`collect " + agg + "` needs a single " +
                        (agg == "sum" ? "numeric" : "ordered") + " output")
            .Help("declare one output, e.g. `-> (points: int)`");
      }
    }
  }

  Env env = EnvWithParams(ruleset, table.params);
  std::vector<Type> columns;
  for (auto& col : table.input_columns) {
    columns.push_back(col ? Check(*col, nullptr, env) : Type::Error());
  }
  // Header output names must be the declared outputs, in order.
  std::vector<std::string> declared, written;
  for (const TableOutput& o : table.outputs) declared.push_back(o.name.text);
  for (const Ident& o : table.output_columns) written.push_back(o.text);
  if (declared != written) {
    SourceRange at = table.header_range;
    for (std::size_t i = 0; i < table.output_columns.size(); ++i) {
      if (i >= declared.size() || declared[i] != written[i]) {
        at = table.output_columns[i].range;
        break;
      }
    }
    sink_.Error("table_header", at,
                "the header's outputs must be the declared outputs in order: " +
                    JoinTicked(declared))
        .Help("write the header as `| inputs... || " + [&] {
          std::string s;
          for (std::size_t i = 0; i < declared.size(); ++i) {
            s += (i ? " | " : "") + declared[i];
          }
          return s;
        }() + " |`");
  }

  for (Row& row : table.rows) {
    if (!row.is_default) {
      if (row.inputs.size() != columns.size()) {
        sink_.Error("row_arity", row.range,
                    "row has " + std::to_string(row.inputs.size()) +
                        " input cells, the header has " +
                        std::to_string(columns.size()))
            .Label(table.header_range, "header");
      } else {
        for (std::size_t i = 0; i < columns.size(); ++i) {
          CheckCell(row.inputs[i], columns[i], env);
        }
      }
    }
    if (row.outputs.size() != table.outputs.size()) {
      sink_.Error("row_arity", row.range,
                  "row has " + std::to_string(row.outputs.size()) +
                      " outputs, the table declares " +
                      std::to_string(table.outputs.size()))
          .Label(table.header_range, "header");
    } else {
      for (std::size_t i = 0; i < row.outputs.size(); ++i) {
        if (row.outputs[i]) {
          Expect(*row.outputs[i], table.outputs[i].type.resolved, env,
                 "output `" + table.outputs[i].name.text + "`");
        }
      }
    }
    if (row.priority && hit_ok && hit != "priority") {
      SourceRange at = row.range;
      sink_.Error("unexpected_priority", at,
                  "`priority` on a row of a table with `hit " +
                      (hit.empty() ? std::string("unique") : hit) + "`")
          .Help("row priorities apply only with `hit priority`");
    }
    if (row.effective) CheckEffectiveRange(*row.effective, sink_);
  }
  if (table.effective) CheckEffectiveRange(*table.effective, sink_);
  (void)decl;
}

void TypeChecker::CheckCell(Cell& cell, const Type& column, Env& env) {
  for (UnaryTest& t : cell.tests) CheckUnaryTest(t, column, env);
}

void TypeChecker::CheckUnaryTest(UnaryTest& test, const Type& column,
                                 Env& env) {
  const Type want = column;
  const bool vague = IsVague(column);
  auto value = [&](Expr& e) -> Type {
    Type t = Check(e, vague ? nullptr : &want, env);
    CheckConstant(e);
    return t;
  };
  auto mismatch = [&](const Expr& e, const Type& t) {
    auto d = sink_.Error("type_mismatch", e.range,
                         "cell value " + Quote(t) + " does not match the column " +
                             Quote(column));
    if (t.kind == TypeKind::kInt &&
        column.AsOptional(false).kind == TypeKind::kPercent) {
      d.Help("percent columns compare with percents: write `3%`, not `3`");
    }
  };
  if (test.kind == UnaryTest::Kind::kEqual) {
    if (!test.value) return;
    Type t = value(*test.value);
    if (!vague && !IsVague(t) && !Comparable(t, column)) {
      // A list of values in one test (`in` semantics) is not a cell form.
      mismatch(*test.value, t);
    }
    return;
  }
  std::vector<Expr*> bounds;
  if (test.value) bounds.push_back(test.value.get());
  if (test.kind == UnaryTest::Kind::kInterval && test.high) {
    bounds.push_back(test.high.get());
  }
  const bool ordering = test.kind == UnaryTest::Kind::kInterval ||
                        (test.op != CompareOp::kEq && test.op != CompareOp::kNe);
  for (Expr* b : bounds) {
    Type t = value(*b);
    if (vague || IsVague(t)) continue;
    Type col = column.AsOptional(false);
    if (ordering && !Ordered(col)) {
      sink_.Error("type_mismatch", test.range,
                  "values of the column " + Quote(column) + " have no order")
          .Help("use equality tests: `A`, `A, B` or `not(A)`");
      return;
    }
    bool ok = ordering ? (Ordered(t) && Unify(t.AsOptional(false), col))
                       : Comparable(t, column);
    if (!ok) mismatch(*b, t);
  }
}

void TypeChecker::CheckConstant(const Expr& expr) {
  bool ok = std::visit(
      [&](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, LiteralExpr>) {
          return true;
        } else if constexpr (std::is_same_v<T, NameExpr>) {
          // Enum members, params, lets and matters; not table parameters.
          return n.decl != nullptr;
        } else if constexpr (std::is_same_v<T, FieldExpr>) {
          return expr.type.kind == TypeKind::kEnum ||
                 (n.base && std::get_if<NameExpr>(&n.base->node) &&
                  n.base->type.kind == TypeKind::kUnknown);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          return n.op == UnaryOp::kNeg && n.operand &&
                 std::holds_alternative<LiteralExpr>(n.operand->node);
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          for (const auto& i : n.items) {
            if (i && !std::holds_alternative<LiteralExpr>(i->node) &&
                !std::holds_alternative<NameExpr>(i->node)) {
              return false;
            }
          }
          return true;
        } else {
          return false;
        }
      },
      expr.node);
  if (!ok && !IsVague(expr.type)) {
    sink_.Error("non_constant_cell", expr.range,
                "a table cell must be a constant")
        .Help("cells hold literals, enum members, params or matters; move "
              "computed values into a header column");
  }
}

// --------------------------------------------------------------- matters

void TypeChecker::CheckMatter(Decl& decl, MatterDecl& matter,
                              const Ruleset& ruleset) {
  std::map<std::string, SourceRange> seen;
  for (const auto& [item, range] : matter.items) {
    auto [it, fresh] = seen.emplace(item, range);
    if (fresh) continue;
    sink_.Error("duplicate_matter_element", range,
                "matter `" + decl.name.text + "` states `" + item + "` twice")
        .Label(it->second, "first stated here")
        .Help("state each element once");
  }
  auto missing = [&](const char* item, const std::string& help) {
    sink_.Error("missing_matter_element", HeadRange(decl),
                "matter `" + decl.name.text + "` has no `" + item + "`")
        .Help(help);
  };
  if (!matter.type) {
    missing("type", "add `type single` (or cross_level, cross_region, "
                    "cross_department, cross_business)");
  }
  if (!matter.object_type) {
    missing("object", "add `object <record type>`, e.g. `object Enterprise`");
  }
  if (!matter.initiator) {
    missing("initiator", "add `initiator <Department member>`: whoever "
                         "governs, leads");
  }
  if (!decl.basis) {
    missing("basis", "add `basis \"<legal citation>\"`");
  }

  if (matter.type &&
      std::find(MatterTypes().begin(), MatterTypes().end(),
                matter.type->text) == MatterTypes().end()) {
    std::string help = DidYouMean(matter.type->text, MatterTypes());
    sink_.Error("bad_matter_type", matter.type->range,
                "unknown supervision type `" + matter.type->text + "`")
        .Help((help.empty() ? std::string() : help + " ") +
              "types: " + JoinTicked(MatterTypes()));
  }
  if (matter.level && std::find(LevelKeywords().begin(), LevelKeywords().end(),
                                matter.level->text) == LevelKeywords().end()) {
    std::string help = DidYouMean(matter.level->text, LevelKeywords());
    sink_.Error("bad_level", matter.level->range, "unknown level `" + matter.level->text + "`")
        .Help(help.empty() ? "levels: " + JoinTicked(LevelKeywords()) : help);
  }

  // The object record and its `where` filter.
  if (matter.object_type) {
    const auto& parts = matter.object_type->parts;
    const Decl* obj = nullptr;
    if (parts.size() == 1) {
      obj = LookupDecl(ruleset, parts[0], true);
    } else if (parts.size() == 2) {
      if (const ResolvedImport* imp = ruleset.FindAlias(parts[0].text)) {
        obj = imp->ruleset->FindOwn(parts[1].text);
      }
    }
    if (obj == nullptr || obj->kind != DeclKind::kRecord) {
      std::vector<std::string> records;
      for (const std::string& n : VisibleNames(ruleset)) {
        const Decl* c = ruleset.FindVisible(n);
        if (c && c->kind == DeclKind::kRecord) records.push_back(n);
      }
      auto d = sink_.Error("unknown_type", matter.object_type->range,
                           "`" + matter.object_type->ToString() +
                               "` is not a record or facts type");
      std::string help = DidYouMean(matter.object_type->ToString(), records);
      if (!help.empty()) d.Help(help);
      obj = nullptr;
    }
    if (matter.object_filter) {
      Env env;
      env.ruleset = &ruleset;
      env.object = obj;
      ExpectBool(*matter.object_filter, env, "the `where` filter");
    }
  }

  // Departments: members of the enum `Department`.
  const Decl* dept = ruleset.FindVisible("Department");
  if (dept && dept->kind != DeclKind::kEnum) dept = nullptr;
  auto check_member = [&](const Ident& id, const Decl* enum_decl,
                          const char* enum_name) {
    const auto& e = std::get<EnumDecl>(enum_decl->node);
    if (HasMember(e, id.text)) return;
    std::vector<std::string> names;
    for (const EnumMember& m : e.members) names.push_back(m.name.text);
    auto d = sink_.Error("unknown_member", id.range,
                         "`" + id.text + "` is not a member of `" + enum_name +
                             "`");
    d.Label(enum_decl->name.range, "enum declared here");
    std::string help = DidYouMean(id.text, names);
    if (!help.empty()) d.Help(help);
  };
  std::vector<const Ident*> departments;
  if (matter.initiator) departments.push_back(&*matter.initiator);
  for (const Ident& c : matter.cooperators) departments.push_back(&c);
  if (!departments.empty() && dept == nullptr) {
    sink_.Error("unknown_type", departments.front()->range,
                "no enum `Department` is declared for matters to name")
        .Help("declare `enum Department { ... }` here or in an imported "
              "ruleset");
  } else if (dept != nullptr) {
    for (const Ident* d : departments) check_member(*d, dept, "Department");
  }
  const Decl* method = ruleset.FindVisible("Method");
  if (method && method->kind == DeclKind::kEnum) {
    for (const Ident& m : matter.methods) check_member(m, method, "Method");
  }
  if (matter.scenario) {
    const Decl* s = LookupDecl(ruleset, *matter.scenario, true);
    if (s == nullptr || s->kind != DeclKind::kScenario) {
      std::vector<std::string> scenarios;
      for (const std::string& n : VisibleNames(ruleset)) {
        const Decl* c = ruleset.FindVisible(n);
        if (c && c->kind == DeclKind::kScenario) scenarios.push_back(n);
      }
      auto d = sink_.Error("unknown_scenario", matter.scenario->range,
                           "`" + matter.scenario->text +
                               "` is not a declared scenario");
      std::string help = DidYouMean(matter.scenario->text, scenarios);
      d.Help(help.empty() ? "declare it: `scenario " + matter.scenario->text +
                                " \"<label>\"`"
                          : help);
    }
  }
  if (matter.type && matter.type->text == "cross_department" &&
      matter.cooperators.empty()) {
    sink_.Error("missing_cooperator", matter.type->range,
                "cross-department matter `" + decl.name.text +
                    "` has no cooperators")
        .Help("add `cooperators <Department>, ...`, or use `type single`");
  }
  if (matter.effective) CheckEffectiveRange(*matter.effective, sink_);
}

// ------------------------------------------------------------ scorecards

void TypeChecker::CheckScorecard(Decl& decl, ScorecardDecl& card,
                                 const Ruleset& ruleset) {
  Env env = EnvWithParams(ruleset, card.params);
  auto numeric = [&](Expr& e, const std::string& what) {
    Type t = Check(e, nullptr, env);
    if (IsVague(t)) return;
    t = RequirePresent(t, e, "cannot score with");
    if (!t.is_numeric()) {
      sink_.Error("type_mismatch", e.range,
                  what + " must be a number, found " + Quote(t));
    }
  };
  for (Indicator& ind : card.indicators) {
    if (ind.weight) numeric(*ind.weight, "the weight of `" + ind.name.text + "`");
    if (ind.value) numeric(*ind.value, "the value of `" + ind.name.text + "`");
  }
  const Type score = Type::Of(TypeKind::kDecimal);
  for (Band& band : card.bands) {
    CheckUnaryTest(band.test, score, env);
    if (band.grade) {
      Expect(*band.grade, card.grade_type.resolved, env, "a band's grade");
    }
  }
  (void)decl;
}

}  // namespace bylaw::dsl::check_internal
