// Completeness across tables (see analyze_context.h, codes in
// docs/diagnostics.md): every grade a grading table or scorecard can
// produce is handled by every table it feeds.
//
// A producer is a single-hit table with an enum output, or a scorecard
// (its `grade`). What it can produce: the constant enum value of each row
// that answers some input (answer_regions.h), of each band some score
// reaches before an earlier band does. A consumer is a table called with a
// producer's output as the argument of a parameter that is one of its
// columns, directly or through a decision `let`, a top-level `let`, a
// `def` or an `if`. The consumer handles a value when its rows match every
// input with that value in the column (a `default` row handles all).
// Rows whose outputs or cells are not known statically are left out, so
// every finding is real.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include "analyze_context.h"
#include "answer_regions.h"
#include "const_eval.h"
#include "expr_visit.h"
#include "score_range.h"
#include "table_model.h"

namespace bylaw::dsl::analyze_internal {
namespace {

std::string Tick(const std::string& s) { return "`" + s + "`"; }

// One value a producer can give, and the row or band that gives it.
struct Produced {
  std::string value;  // an enum member's name, or `none`
  bool is_none = false;  // the value `none` of an optional output
  std::string by;     // `row `high``, `band 3`
  SourceRange at;
};

// A producer's output: a table and output name, or a scorecard's grade.
using Output = std::pair<const Decl*, std::string>;

// Local names bound in a decision: `let` items.
using Env = std::map<std::string, const Expr*>;

class GradeChecker {
 public:
  explicit GradeChecker(const AnalyzeContext& ctx) : ctx_(ctx) {}

  void Run() {
    for (const auto& module : ctx_.program.modules) {
      for (const auto& decl : module->decls) {
        switch (decl->kind) {
          case DeclKind::kDecision: case DeclKind::kDef: case DeclKind::kRule:
          case DeclKind::kTable: case DeclKind::kLet: case DeclKind::kScorecard:
            VisitCalls(*decl);
            break;
          default:
            break;
        }
      }
    }
  }

 private:
  void VisitCalls(const Decl& decl) {
    Env env;
    if (decl.kind == DeclKind::kDecision) {
      for (const DecisionItem& item : std::get<DecisionDecl>(decl.node).items) {
        if (item.kind == DecisionItem::Kind::kLet && item.value) {
          env[item.name.text] = item.value.get();
        }
      }
    }
    VisitDeclExprs(decl, [&](const Expr& e) {
      const auto* call = std::get_if<CallExpr>(&e.node);
      if (call == nullptr || call->decl == nullptr ||
          call->decl->kind != DeclKind::kTable) {
        return;
      }
      CheckCall(*call, env);
    });
  }

  void CheckCall(const CallExpr& call, const Env& env) {
    const Decl& consumer = *call.decl;
    const auto& table = std::get<TableDecl>(consumer.node);
    for (std::size_t j = 0; j < table.input_columns.size(); ++j) {
      const Expr* header = table.input_columns[j].get();
      const auto* name = header ? std::get_if<NameExpr>(&header->node) : nullptr;
      if (name == nullptr || name->decl != nullptr) continue;
      std::size_t k = 0;
      while (k < table.params.size() && table.params[k].name.text != name->name.text) ++k;
      if (k >= table.params.size() || k >= call.args.size() || !call.args[k]) continue;
      std::set<Output> sources;
      Sources(*call.args[k], env, 0, sources);
      for (const Output& out : sources) {
        if (out.first == &consumer) continue;
        for (const Produced& p : ProducedBy(out)) {
          Report(consumer, j, out, p, call.args[k]->range);
        }
      }
    }
  }

  // Follows names to what they are bound to.
  const Expr* Deref(const Expr& e, const Env& env, int depth) const {
    const Expr* at = &e;
    for (int i = 0; i + depth < 32; ++i) {
      const auto* n = std::get_if<NameExpr>(&at->node);
      if (n == nullptr) return at;
      if (n->decl == nullptr) {
        auto it = env.find(n->name.text);
        if (it == env.end()) return at;
        at = it->second;
      } else if (n->decl->kind == DeclKind::kLet) {
        const auto& let = std::get<LetDecl>(n->decl->node);
        if (!let.value) return at;
        at = let.value.get();
      } else {
        return at;
      }
    }
    return at;
  }

  // The producer outputs whose value `e` may be.
  void Sources(const Expr& e, const Env& env, int depth,
               std::set<Output>& out) const {
    if (depth > 16) return;
    const Expr* x = Deref(e, env, depth);
    if (const auto* f = std::get_if<FieldExpr>(&x->node)) {
      if (!f->base) return;
      const Expr* base = Deref(*f->base, env, depth);
      const auto* call = std::get_if<CallExpr>(&base->node);
      if (call == nullptr || call->decl == nullptr) return;
      if (call->decl->kind == DeclKind::kTable &&
          std::holds_alternative<TableDecl>(call->decl->node)) {
        out.insert({call->decl, f->field.text});
      } else if (call->decl->kind == DeclKind::kScorecard &&
                 f->field.text == "grade") {
        out.insert({call->decl, "grade"});
      }
      return;
    }
    if (const auto* i = std::get_if<IfExpr>(&x->node)) {
      if (i->then_expr) Sources(*i->then_expr, env, depth + 1, out);
      if (i->else_expr) Sources(*i->else_expr, env, depth + 1, out);
      return;
    }
    if (const auto* call = std::get_if<CallExpr>(&x->node)) {
      if (call->decl != nullptr && call->decl->kind == DeclKind::kDef) {
        const auto& def = std::get<DefDecl>(call->decl->node);
        if (def.body) Sources(*def.body, Env{}, depth + 1, out);
      }
    }
  }

  const std::vector<Produced>& ProducedBy(const Output& out) {
    auto it = produced_.find(out);
    if (it != produced_.end()) return it->second;
    std::vector<Produced>& values = produced_[out];
    if (out.first->kind == DeclKind::kTable) {
      FromTable(*out.first, out.second, values);
    } else {
      FromScorecard(*out.first, values);
    }
    return values;
  }

  void FromTable(const Decl& decl, const std::string& output,
                 std::vector<Produced>& values) {
    const auto& table = std::get<TableDecl>(decl.node);
    std::size_t k = 0;
    while (k < table.outputs.size() && table.outputs[k].name.text != output) ++k;
    if (k >= table.outputs.size() ||
        table.outputs[k].type.resolved.kind != TypeKind::kEnum) {
      return;
    }
    const TableModel* model = Model(decl);
    if (model == nullptr || !SingleHitPolicy(model->hit)) return;
    const Answers answers = AnswerRegions(*model, 1, ctx_.options.step_budget);
    const ConstEval eval(ctx_.program, ctx_.program.RulesetOf(decl));
    for (const AnswerRegion& r : answers.regions) {
      if (r.boxes.empty() || k >= r.row->row->outputs.size()) continue;
      const Expr* value = r.row->row->outputs[k].get();
      if (value == nullptr) continue;
      const Const c = eval.Eval(*value);
      if (c.kind != Const::Kind::kMember && c.kind != Const::Kind::kNone) continue;
      const bool is_none = c.kind == Const::Kind::kNone;
      values.push_back({is_none ? "none" : c.name, is_none,
                        "row " + Tick(r.row->name), r.row->at});
    }
  }

  // The bands that answer some reachable score (the scorecard's model,
  // score_range.h), each with its grade.
  void FromScorecard(const Decl& decl, std::vector<Produced>& values) {
    const auto& card = std::get<ScorecardDecl>(decl.node);
    const ConstEval eval(ctx_.program, ctx_.program.RulesetOf(decl));
    const std::unique_ptr<TableModel> model = BuildScorecardModel(
        ctx_.program, ctx_.sources, decl, ScoreSetOf(ctx_.program, decl));
    if (model == nullptr) return;
    const Answers answers = AnswerRegions(*model, 1, ctx_.options.step_budget);
    for (std::size_t b = 0; b < answers.regions.size() && b < card.bands.size(); ++b) {
      if (answers.regions[b].boxes.empty() || !card.bands[b].grade) continue;
      const Const c = eval.Eval(*card.bands[b].grade);
      if (c.kind != Const::Kind::kMember) continue;
      values.push_back({c.name, false, "band " + std::to_string(b + 1),
                        card.bands[b].range});
    }
  }

  const TableModel* Model(const Decl& decl) {
    auto it = models_.find(&decl);
    if (it == models_.end()) {
      it = models_.emplace(&decl, BuildTableModel(ctx_.program, ctx_.sources, decl)).first;
    }
    return it->second.get();
  }

  void Report(const Decl& consumer, std::size_t column, const Output& out,
              const Produced& p, const SourceRange& fed_at) {
    if (!reported_.insert({&consumer, column, p.value, out.first}).second) return;
    const TableModel* model = Model(consumer);
    if (model == nullptr) return;
    const Space& space = *model->space;
    const Column& col = model->columns[column];
    const int element = p.is_none ? col.none_element : col.LocateName(p.value);
    if (element < 0) return;
    std::vector<const Box*> rows;
    for (const RowModel& r : model->rows) {
      if (r.is_default) return;  // a default row answers every value
      rows.push_back(&r.may);
    }
    Box slice = model->universe;
    space.ClearColumn(slice, column);
    space.Set(slice, column, static_cast<std::size_t>(element));
    if (space.IsEmpty(slice)) return;
    auto cover = space.Uncovered(slice, rows, 1, ctx_.options.step_budget);
    if (cover.uncovered.empty()) return;
    const std::string producer = ctx_.program.QualifiedNameOf(*out.first);
    ctx_.sink
        .Warning("unhandled_grade", consumer.name.range,
                 "table " + Tick(consumer.name.text) + " has no row for " +
                     Tick(col.header + " = " + p.value) + ", which " + p.by +
                     " of " + Tick(producer) + " (" + Where(p.at) +
                     ") produces: no row matches " +
                     Tick(model->Example(cover.uncovered.front())))
        .Label(p.at, "produces " + Tick(p.value))
        .Label(fed_at, "fed to " + Tick(consumer.name.text) + " here")
        .Help("add a row (or a `default` row) for " + Tick(p.value) + " to " +
              Tick(consumer.name.text) + ", or change " + Tick(producer) +
              " so that it cannot produce it");
  }

  std::string Where(const SourceRange& at) const {
    if (!at.valid()) return "?";
    const SourceFile& f = ctx_.sources.file(at.file);
    const LineCol lc = f.LineColAt(at.begin);
    return f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }

  const AnalyzeContext& ctx_;
  std::map<Output, std::vector<Produced>> produced_;
  std::map<const Decl*, std::unique_ptr<TableModel>> models_;
  std::set<std::tuple<const Decl*, std::size_t, std::string, const Decl*>> reported_;
};

}  // namespace

void CheckGrades(const AnalyzeContext& ctx) { GradeChecker(ctx).Run(); }

}  // namespace bylaw::dsl::analyze_internal
