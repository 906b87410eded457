// Conflicts across levels (see analyze_context.h, codes in
// docs/diagnostics.md): a table of a lower-level ruleset that answers the
// same question as a table of a higher level must give the same answer
// wherever both answer, unless it says otherwise: `except basis` on the
// row or the table, or `tightens OUTPUT at_most|at_least` for an output
// it may only move one way.
//
// "The same question" (docs/language.md, "Imports and levels"): a table
// that declares `overrides alias.table`, or a table with the same name,
// parameter types, outputs and columns as a table of a higher level on its
// import path. Columns are matched by their header expression with the
// parameters renamed by position; a column only one of the tables has must
// be a fact (a parameter or a field path), so that it varies independently
// of the others. The comparison is exact over the joint partition of both
// tables' columns (table_model.h) and restricted to the window in which
// both are in force; outputs are compared where both rows give values
// known statically.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "analyze_context.h"
#include "answer_regions.h"
#include "const_eval.h"
#include "table_model.h"

namespace bylaw::dsl::analyze_internal {
namespace {

std::string Tick(const std::string& s) { return "`" + s + "`"; }

// Levels rank national > provincial > municipal > county.
bool Higher(Level a, Level b) {
  return static_cast<int>(a) < static_cast<int>(b);
}

bool OrderedOutput(const Type& t) {
  return t.kind == TypeKind::kInt || t.kind == TypeKind::kDecimal ||
         t.kind == TypeKind::kPercent || t.kind == TypeKind::kDate;
}

// A header expression with the table's parameters renamed by position, so
// that `(g: FoodRiskGrade) | g |` and `(grade: FoodRiskGrade) | grade |`
// give the same key. Nullopt for forms that are not compared.
struct ColumnKey {
  std::string key;
  bool fact = false;  // a parameter or a field path over one
};

class KeyMaker {
 public:
  KeyMaker(const Program& program, const std::vector<Param>& params)
      : program_(program), params_(params) {}

  std::optional<ColumnKey> Of(const Expr& e) const {
    ColumnKey out;
    bool fact = true;
    auto key = Key(e, fact, 0);
    if (!key) return std::nullopt;
    out.key = *key;
    out.fact = fact;
    return out;
  }

 private:
  std::optional<std::string> Key(const Expr& e, bool& fact, int depth) const {
    if (depth > 32) return std::nullopt;
    if (const auto* n = std::get_if<NameExpr>(&e.node)) {
      for (std::size_t i = 0; i < params_.size(); ++i) {
        if (n->decl == nullptr && params_[i].name.text == n->name.text) {
          return "$" + std::to_string(i);
        }
      }
      fact = false;
      if (n->decl != nullptr) return "@" + program_.QualifiedNameOf(*n->decl);
      return std::nullopt;
    }
    if (const auto* f = std::get_if<FieldExpr>(&e.node)) {
      if (!f->base) return std::nullopt;
      auto base = Key(*f->base, fact, depth + 1);
      if (!base) return std::nullopt;
      return *base + "." + f->field.text;
    }
    fact = false;
    bool ignored = true;
    if (const auto* l = std::get_if<LiteralExpr>(&e.node)) {
      return "lit:" + std::to_string(static_cast<int>(l->kind)) + ":" +
             l->text + (l->bool_value ? "t" : "f");
    }
    if (const auto* c = std::get_if<CallExpr>(&e.node)) {
      std::string out = "call:" + (c->decl ? "@" + program_.QualifiedNameOf(*c->decl)
                                           : c->callee.text) + "(";
      for (const ExprPtr& a : c->args) {
        if (!a) return std::nullopt;
        auto k = Key(*a, ignored, depth + 1);
        if (!k) return std::nullopt;
        out += *k + ",";
      }
      return out + ")";
    }
    if (const auto* u = std::get_if<UnaryExpr>(&e.node)) {
      if (!u->operand) return std::nullopt;
      auto k = Key(*u->operand, ignored, depth + 1);
      if (!k) return std::nullopt;
      return std::string(u->op == UnaryOp::kNeg ? "neg(" : "not(") + *k + ")";
    }
    if (const auto* b = std::get_if<BinaryExpr>(&e.node)) {
      if (!b->lhs || !b->rhs) return std::nullopt;
      auto l = Key(*b->lhs, ignored, depth + 1);
      auto r = Key(*b->rhs, ignored, depth + 1);
      if (!l || !r) return std::nullopt;
      return "(" + *l + " " + BinaryOpSpelling(b->op) + " " + *r + ")";
    }
    if (const auto* i = std::get_if<IsNoneExpr>(&e.node)) {
      if (!i->operand) return std::nullopt;
      auto k = Key(*i->operand, ignored, depth + 1);
      if (!k) return std::nullopt;
      return "isnone" + std::string(i->negated ? "!" : "") + "(" + *k + ")";
    }
    return std::nullopt;
  }

  const Program& program_;
  const std::vector<Param>& params_;
};

// A lower table and the higher table it answers the same question as.
struct Pairing {
  const Decl* lower = nullptr;
  const Decl* higher = nullptr;
  bool declared = false;  // by `overrides`; else by name
};

class LevelChecker {
 public:
  explicit LevelChecker(const AnalyzeContext& ctx) : ctx_(ctx) {}

  void Run() {
    for (const Ruleset* ruleset : ctx_.program.ordered()) {
      if (!ruleset->level) continue;
      for (const Module* module : ruleset->modules) {
        for (const auto& decl : module->decls) {
          if (decl->kind == DeclKind::kTable) CheckTable(*ruleset, *decl);
        }
      }
    }
  }

 private:
  void CheckTable(const Ruleset& ruleset, const Decl& decl) {
    const auto& table = std::get<TableDecl>(decl.node);
    bool tightens_ok = CheckTightenings(decl, table);
    std::vector<Pairing> pairings;
    if (table.overrides) {
      if (const Decl* target = ResolveOverride(ruleset, table)) {
        pairings.push_back({&decl, target, true});
      }
    }
    for (const Decl* same : SameNamed(ruleset, decl)) {
      if (!pairings.empty() && pairings.front().higher == same) continue;
      pairings.push_back({&decl, same, false});
    }
    if (!table.tightens.empty() && tightens_ok && pairings.empty() &&
        !table.overrides) {
      ctx_.sink
          .Error("bad_tightening", table.tightens.front().range,
                 "table " + Tick(decl.name.text) +
                     " declares `tightens` but overrides no table of a "
                     "higher level")
          .Help("name the higher-level table it tightens: `overrides "
                "alias.table`");
    }
    for (const Pairing& p : pairings) Compare(ruleset, p);
  }

  // Validates each `tightens`; false when one is wrong.
  bool CheckTightenings(const Decl& decl, const TableDecl& table) {
    bool ok = true;
    for (const Tightening& t : table.tightens) {
      const TableOutput* out = nullptr;
      for (const TableOutput& o : table.outputs) {
        if (o.name.text == t.output.text) out = &o;
      }
      if (t.direction.text != "at_most" && t.direction.text != "at_least") {
        ok = false;
        ctx_.sink
            .Error("bad_tightening", t.direction.range,
                   "unknown direction " + Tick(t.direction.text) +
                       " in `tightens`")
            .Help("write `at_most` (the output may only be lowered: a cap) "
                  "or `at_least` (it may only be raised: a minimum, a "
                  "sampling ratio)");
      } else if (out == nullptr) {
        ok = false;
        ctx_.sink
            .Error("bad_tightening", t.output.range,
                   "table " + Tick(decl.name.text) + " has no output " +
                       Tick(t.output.text))
            .Help("name one of the table's outputs");
      } else if (!OrderedOutput(out->type.resolved)) {
        ok = false;
        ctx_.sink
            .Error("bad_tightening", t.output.range,
                   "output " + Tick(t.output.text) + " is " +
                       Tick(out->type.resolved.ToString()) +
                       ", which has no order to tighten along")
            .Help("only `int`, `decimal`, `percent` and `date` outputs "
                  "(optional or not) can be tightened");
      }
    }
    return ok;
  }

  const Decl* ResolveOverride(const Ruleset& ruleset, const TableDecl& table) {
    const QualifiedName& name = *table.overrides;
    const Decl* target = nullptr;
    std::string where;
    if (name.parts.size() == 2) {
      const ResolvedImport* imp = ruleset.FindAlias(name.parts[0].text);
      if (imp != nullptr && imp->ruleset != nullptr) {
        target = imp->ruleset->FindOwn(name.parts[1].text);
      }
      where = imp ? "ruleset " + Tick(imp->ruleset ? imp->ruleset->id : "?")
                  : "no import is called " + Tick(name.parts[0].text);
    } else if (name.parts.size() == 1) {
      const auto found = ruleset.FindImported(name.parts[0].text);
      if (found.size() > 1) {
        BadOverride(name.range,
                    Tick(name.ToString()) + " is declared by several imported "
                    "rulesets",
                    "qualify it with the import's alias: `alias." +
                        name.ToString() + "`");
        return nullptr;
      }
      if (!found.empty()) target = found.front();
      where = "the imported rulesets";
    }
    if (target == nullptr) {
      BadOverride(name.range,
                  "no table " + Tick(name.ToString()) + " to override (" +
                      where + ")",
                  "name a table of a higher-level ruleset this ruleset "
                  "imports: `alias.table`");
      return nullptr;
    }
    if (target->kind != DeclKind::kTable) {
      BadOverride(name.range,
                  Tick(name.ToString()) + " is not a table",
                  "only tables answer a question that a lower level can "
                  "restate; rules of every level apply side by side");
      return nullptr;
    }
    const Ruleset* higher = ctx_.program.RulesetOf(*target);
    if (higher == nullptr || !higher->level || !Higher(*higher->level, *ruleset.level)) {
      BadOverride(name.range,
                  Tick(name.ToString()) + " is in " + Tick(higher ? higher->id : "?") + " (" +
                      (higher && higher->level ? LevelKeyword(*higher->level) : "no level") +
                      "), not above " + Tick(ruleset.id) + " (" + LevelKeyword(*ruleset.level) +
                      ")",
                  "a table may override only a table of a higher level");
      return nullptr;
    }
    return target;
  }

  void BadOverride(const SourceRange& at, const std::string& message,
                   const std::string& help) {
    ctx_.sink.Error("bad_override", at, message).Help(help);
  }

  // Tables with this table's name in higher-level rulesets on its import
  // path.
  std::vector<const Decl*> SameNamed(const Ruleset& ruleset, const Decl& decl) {
    std::vector<const Decl*> out;
    std::set<const Ruleset*> seen{&ruleset};
    std::vector<const Ruleset*> work{&ruleset};
    while (!work.empty()) {
      const Ruleset* r = work.back();
      work.pop_back();
      for (const ResolvedImport& imp : r->imports) {
        if (imp.ruleset == nullptr || !seen.insert(imp.ruleset).second) continue;
        work.push_back(imp.ruleset);
        if (!imp.ruleset->level || !Higher(*imp.ruleset->level, *ruleset.level)) {
          continue;
        }
        const Decl* same = imp.ruleset->FindOwn(decl.name.text);
        if (same != nullptr && same->kind == DeclKind::kTable) out.push_back(same);
      }
    }
    return out;
  }

  // Why the two tables cannot be compared, or empty; fills the column
  // mapping when they can.
  std::string Align(const Pairing& p,
                    std::vector<std::vector<std::size_t>>& joint_of) {
    const auto& low = std::get<TableDecl>(p.lower->node);
    const auto& high = std::get<TableDecl>(p.higher->node);
    const std::string low_hit = low.hit_policy.text.empty() ? "unique" : low.hit_policy.text;
    const std::string high_hit = high.hit_policy.text.empty() ? "unique" : high.hit_policy.text;
    if (!SingleHitPolicy(low_hit) || !SingleHitPolicy(high_hit)) {
      return "one of them has `hit " + (SingleHitPolicy(low_hit) ? high_hit : low_hit) +
             "`; only tables that give one answer per input (`unique`, "
             "`any`, `first`, `priority`) are compared";
    }
    if (low.params.size() != high.params.size()) {
      return "they take " + std::to_string(low.params.size()) + " and " +
             std::to_string(high.params.size()) + " parameters";
    }
    for (std::size_t i = 0; i < low.params.size(); ++i) {
      if (!(low.params[i].type.resolved == high.params[i].type.resolved)) {
        return "parameter " + std::to_string(i + 1) + " is " +
               Tick(low.params[i].type.resolved.ToString()) + " here and " +
               Tick(high.params[i].type.resolved.ToString()) + " there";
      }
    }
    for (const TableOutput& o : low.outputs) {
      const TableOutput* match = nullptr;
      for (const TableOutput& h : high.outputs) {
        if (h.name.text == o.name.text) match = &h;
      }
      if (match == nullptr) {
        return "output " + Tick(o.name.text) + " is not an output of the "
               "higher table";
      }
      if (!(match->type.resolved == o.type.resolved)) {
        return "output " + Tick(o.name.text) + " is " +
               Tick(o.type.resolved.ToString()) + " here and " +
               Tick(match->type.resolved.ToString()) + " there";
      }
    }
    std::map<std::string, std::size_t> joint;
    std::vector<bool> fact;
    std::vector<int> owners;  // bit 1: higher has it, bit 2: lower has it
    auto add = [&](const TableDecl& t, int owner,
                   std::vector<std::size_t>& mapping) -> std::string {
      const KeyMaker keys(ctx_.program, t.params);
      for (const ExprPtr& h : t.input_columns) {
        auto key = h ? keys.Of(*h) : std::nullopt;
        if (!key) return "a column's header cannot be compared";
        auto [it, inserted] = joint.emplace(key->key, joint.size());
        if (inserted) {
          fact.push_back(key->fact);
          owners.push_back(0);
        }
        owners[it->second] |= owner;
        mapping.push_back(it->second);
      }
      return "";
    };
    joint_of.assign(2, {});
    std::string why = add(high, 1, joint_of[0]);
    if (why.empty()) why = add(low, 2, joint_of[1]);
    if (!why.empty()) return why;
    for (std::size_t j = 0; j < owners.size(); ++j) {
      if (owners[j] != 3 && !fact[j]) {
        return "a computed column appears in only one of them, so the "
               "columns cannot be matched";
      }
    }
    return "";
  }

  void Compare(const Ruleset& ruleset, const Pairing& p) {
    std::vector<std::vector<std::size_t>> joint_of;
    const std::string why = Align(p, joint_of);
    const auto& low = std::get<TableDecl>(p.lower->node);
    if (!why.empty()) {
      if (p.declared) {
        BadOverride(low.overrides->range,
                    "table " + Tick(p.lower->name.text) + " cannot override " +
                        Tick(low.overrides->ToString()) + ": " + why,
                    "give it the parameters, outputs and columns of the table "
                    "it overrides (it may leave out outputs and add or leave "
                    "out fact columns)");
      }
      return;
    }
    auto models = BuildJointModels(ctx_.program, ctx_.sources,
                                   {p.higher, p.lower}, joint_of);
    if (models.size() != 2) return;
    const TableModel& high_model = *models[0];
    const TableModel& low_model = *models[1];
    const Answers high_answers =
        AnswerRegions(high_model, 64, ctx_.options.step_budget);
    const Answers low_answers =
        AnswerRegions(low_model, 64, ctx_.options.step_budget);
    const Ruleset* higher_rs = ctx_.program.RulesetOf(*p.higher);
    const ConstEval low_eval(ctx_.program, &ruleset);
    const ConstEval high_eval(ctx_.program, higher_rs);
    const std::string high_name = ctx_.program.QualifiedNameOf(*p.higher);
    const Space& space = *low_model.space;
    // A column that is not a plain fact is compared as if it were one.
    const std::string inexact = low_model.InexactColumns();
    const std::string caveat =
        inexact.empty() ? ""
                        : " (the comparison is not exact: " + inexact +
                              ", so this input may not occur)";
    std::size_t reported = 0;
    for (const AnswerRegion& lr : low_answers.regions) {
      if (lr.boxes.empty()) continue;
      if (low.except_basis || lr.row->row->except_basis) continue;
      for (const AnswerRegion& hr : high_answers.regions) {
        if (hr.boxes.empty()) continue;
        std::optional<Box> both;
        for (const Box& a : lr.boxes) {
          for (const Box& b : hr.boxes) {
            if (space.Intersects(a, b)) {
              both = space.Intersect(a, b);
              break;
            }
          }
          if (both) break;
        }
        if (!both) continue;
        std::vector<std::string> conflicts, loosened;
        CompareOutputs(p, *lr.row->row, *hr.row->row, low_eval, high_eval,
                       conflicts, loosened);
        if (conflicts.empty() && loosened.empty()) continue;
        if (reported >= ctx_.options.max_overlaps_per_table) return;
        ++reported;
        const std::string example = Tick(low_model.Example(*both));
        const std::string there = "row " + Tick(hr.row->name) + " of " + Tick(high_name) + " (" +
                                  LevelKeyword(*higher_rs->level) + ", " + Where(hr.row->at) + ")";
        const std::string here = "row " + Tick(lr.row->name) + " of table " +
                                 Tick(p.lower->name.text);
        const std::string how =
            p.declared ? "it declares `overrides " + low.overrides->ToString() + "`"
                       : "it has the name and signature of a table of a higher "
                         "level on its import path";
        if (!conflicts.empty()) {
          ctx_.sink
              .Error("level_conflict", lr.row->at,
                     here + " answers " + Join(conflicts) + " where " + there +
                         " answers otherwise, for " + example)
              .Label(hr.row->at, Tick(high_name) + " answers here")
              .Help("both answer the same question (" + how +
                    "); a lower level departs from a higher one only "
                    "explicitly: cite the clause that allows it with "
                    "`except basis \"...\"` on the row (or the table), or "
                    "declare `tightens OUTPUT at_most|at_least` when it only "
                    "ever tightens" + caveat);
        }
        if (!loosened.empty()) {
          ctx_.sink
              .Error("loosened_standard", lr.row->at,
                     here + " loosens " + Join(loosened) + " against " +
                         there + ", for " + example)
              .Label(hr.row->at, Tick(high_name) + " sets the standard here")
              .Help("the table declares it only tightens these outputs: keep "
                    "them within the higher level's value, or cite the clause "
                    "that allows the departure with `except basis \"...\"` on "
                    "the row" + caveat);
        }
      }
    }
  }

  // Outputs the two rows give differently: `conflicts` for outputs with no
  // declared direction, `loosened` for tightened outputs moved the wrong
  // way. Outputs not known statically on either side are not compared.
  void CompareOutputs(const Pairing& p, const Row& low_row, const Row& high_row,
                      const ConstEval& low_eval, const ConstEval& high_eval,
                      std::vector<std::string>& conflicts,
                      std::vector<std::string>& loosened) const {
    const auto& low = std::get<TableDecl>(p.lower->node);
    const auto& high = std::get<TableDecl>(p.higher->node);
    for (std::size_t i = 0; i < low.outputs.size() && i < low_row.outputs.size(); ++i) {
      const std::string& name = low.outputs[i].name.text;
      std::size_t k = 0;
      while (k < high.outputs.size() && high.outputs[k].name.text != name) ++k;
      if (k >= high_row.outputs.size()) continue;
      const Expr* a = low_row.outputs[i].get();
      const Expr* b = high_row.outputs[k].get();
      if (a == nullptr || b == nullptr) continue;
      const Const ca = low_eval.Eval(*a);
      const Const cb = high_eval.Eval(*b);
      if (!ca.known() || !cb.known()) continue;
      if (ca.SameAs(cb)) continue;
      const std::string text = Tick(name + " = " + Spell(ca, low.outputs[i].type.resolved)) +
                               " (not " + Tick(Spell(cb, low.outputs[i].type.resolved)) + ")";
      const Tightening* tight = nullptr;
      for (const Tightening& t : low.tightens) {
        if (t.output.text == name) tight = &t;
      }
      if (tight == nullptr) {
        conflicts.push_back(text);
      } else if (!Tighter(ca, cb, tight->direction.text == "at_most")) {
        loosened.push_back(text);
      }
    }
  }

  // Whether `low` is within `high` in the direction; `none` is no limit:
  // above every cap, below every minimum.
  static bool Tighter(const Const& low, const Const& high, bool at_most) {
    const bool low_none = low.kind == Const::Kind::kNone;
    const bool high_none = high.kind == Const::Kind::kNone;
    if (low_none || high_none) {
      // Exactly one is none. A limit where the higher level sets none is
      // tighter, whichever the direction; dropping one is looser.
      return !low_none;
    }
    if (low.kind != Const::Kind::kNumber || high.kind != Const::Kind::kNumber) {
      return false;
    }
    return at_most ? low.number <= high.number : high.number <= low.number;
  }

  static std::string Spell(const Const& c, const Type& type) {
    if (c.kind == Const::Kind::kNumber && type.kind == TypeKind::kPercent) {
      return c.number.ToString() + "%";
    }
    if (c.kind == Const::Kind::kNumber && type.kind == TypeKind::kDate) {
      return c.number.ToDateString();
    }
    return c.Spelling();
  }

  static std::string Join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
  }

  std::string Where(const SourceRange& at) const {
    if (!at.valid()) return "?";
    const SourceFile& f = ctx_.sources.file(at.file);
    const LineCol lc = f.LineColAt(at.begin);
    return f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }

  const AnalyzeContext& ctx_;
};

}  // namespace

void CheckLevels(const AnalyzeContext& ctx) { LevelChecker(ctx).Run(); }

}  // namespace bylaw::dsl::analyze_internal
