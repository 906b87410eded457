// Matters: duplicate supervision (多头执法), cooperators that include the
// initiator, and rules or tables without a legal basis (see
// analyze_context.h).
#include <map>
#include <set>
#include <variant>

#include "analyze_context.h"

namespace bylaw::dsl::analyze_internal {
namespace {

std::string Tick(const std::string& s) { return "`" + s + "`"; }

// A `where` filter over-approximated as a union of conjunctions, each
// constraining some fields to sets of values (enum members, `true`,
// `false`). A field absent from a conjunction is unconstrained; a filter
// the analysis does not understand is `{{}}`, "anything".
using Conjunction = std::map<std::string, std::set<std::string>>;
using Selector = std::vector<Conjunction>;

const Selector& Anything() {
  static const Selector any{Conjunction{}};
  return any;
}

// The member or bool a constant names, or empty.
std::string ValueName(const Expr& e) {
  if (const auto* n = std::get_if<NameExpr>(&e.node)) {
    if (n->decl && n->decl->kind == DeclKind::kEnum) return n->name.text;
  }
  if (const auto* f = std::get_if<FieldExpr>(&e.node)) {
    if (e.type.kind == TypeKind::kEnum && f->base &&
        f->base->type.kind == TypeKind::kUnknown) {
      return f->field.text;
    }
  }
  if (const auto* l = std::get_if<LiteralExpr>(&e.node)) {
    if (l->kind == LiteralKind::kBool) return l->bool_value ? "true" : "false";
    if (e.type.kind == TypeKind::kEnum) return l->text;
  }
  return "";
}

// The object field a bare name in a `where` denotes, or empty.
std::string FieldName(const Expr& e) {
  if (const auto* n = std::get_if<NameExpr>(&e.node)) {
    if (n->decl == nullptr) return n->name.text;
  }
  return "";
}

Selector And(const Selector& a, const Selector& b) {
  Selector out;
  for (const Conjunction& x : a) {
    for (const Conjunction& y : b) {
      Conjunction c = x;
      bool empty = false;
      for (const auto& [field, values] : y) {
        auto it = c.find(field);
        if (it == c.end()) {
          c[field] = values;
          continue;
        }
        std::set<std::string> both;
        for (const std::string& v : values) {
          if (it->second.count(v)) both.insert(v);
        }
        if (both.empty()) empty = true;
        it->second = std::move(both);
      }
      if (!empty) out.push_back(std::move(c));
      if (out.size() > 64) return Anything();  // keep it small
    }
  }
  return out;
}

Selector Of(const Expr& e, int depth = 0) {
  if (depth > 32) return Anything();
  if (const auto* b = std::get_if<BinaryExpr>(&e.node)) {
    if (!b->lhs || !b->rhs) return Anything();
    if (b->op == BinaryOp::kAnd) {
      return And(Of(*b->lhs, depth + 1), Of(*b->rhs, depth + 1));
    }
    if (b->op == BinaryOp::kOr) {
      Selector out = Of(*b->lhs, depth + 1);
      for (Conjunction& c : Of(*b->rhs, depth + 1)) out.push_back(std::move(c));
      return out;
    }
    if (b->op == BinaryOp::kEq) {
      std::string field = FieldName(*b->lhs), value = ValueName(*b->rhs);
      if (field.empty()) {
        field = FieldName(*b->rhs);
        value = ValueName(*b->lhs);
      }
      if (field.empty() || value.empty()) return Anything();
      return {Conjunction{{field, {value}}}};
    }
    if (b->op == BinaryOp::kIn) {
      const std::string field = FieldName(*b->lhs);
      const auto* list = std::get_if<ListExpr>(&b->rhs->node);
      if (field.empty() || list == nullptr) return Anything();
      std::set<std::string> values;
      for (const ExprPtr& item : list->items) {
        const std::string v = item ? ValueName(*item) : "";
        if (v.empty()) return Anything();
        values.insert(v);
      }
      return {Conjunction{{field, values}}};
    }
    return Anything();
  }
  // A bare bool field: `key_site`.
  if (e.type.kind == TypeKind::kBool) {
    const std::string field = FieldName(e);
    if (!field.empty()) return {Conjunction{{field, {"true"}}}};
  }
  return Anything();
}

bool Overlap(const Selector& a, const Selector& b) {
  for (const Conjunction& x : a) {
    for (const Conjunction& y : b) {
      bool disjoint = false;
      for (const auto& [field, values] : x) {
        auto it = y.find(field);
        if (it == y.end()) continue;
        bool common = false;
        for (const std::string& v : values) common = common || it->second.count(v);
        if (!common) disjoint = true;
      }
      if (!disjoint) return true;
    }
  }
  return false;
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n");
  const auto e = s.find_last_not_of(" \t\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

struct MatterInfo {
  const Decl* decl;
  const MatterDecl* matter;
  Selector selector;
};

}  // namespace

void CheckMatters(const AnalyzeContext& ctx) {
  std::vector<MatterInfo> matters;
  for (const auto& module : ctx.program.modules) {
    for (const auto& d : module->decls) {
      if (d->kind == DeclKind::kMatter) {
        const auto& m = std::get<MatterDecl>(d->node);
        matters.push_back({d.get(), &m,
                           m.object_filter ? Of(*m.object_filter) : Anything()});
        // Cooperators that include the initiator.
        if (m.initiator) {
          for (const Ident& c : m.cooperators) {
            if (c.text != m.initiator->text) continue;
            ctx.sink
                .Warning("cooperator_is_initiator", c.range,
                         "matter " + Tick(d->name.text) + " lists its initiator " +
                             Tick(c.text) + " among its cooperators")
                .Label(m.initiator->range, "initiator")
                .Help("the initiating department leads; remove " + Tick(c.text) +
                      " from `cooperators`");
          }
        }
      } else if (d->kind == DeclKind::kRule || d->kind == DeclKind::kScorecard) {
        if (d->basis) continue;
        ctx.sink
            .Warning("missing_basis", d->name.range,
                     std::string(d->kind == DeclKind::kRule ? "rule " : "scorecard ") +
                         Tick(d->name.text) + " has no `basis`")
            .Help("cite the legal clause it implements: `basis \"...\"`");
      } else if (d->kind == DeclKind::kTable && !d->basis) {
        // A table is founded when every row cites its own basis.
        const auto& t = std::get<TableDecl>(d->node);
        bool rows_cite = !t.rows.empty();
        for (const Row& r : t.rows) rows_cite = rows_cite && r.basis.has_value();
        if (rows_cite) continue;
        ctx.sink
            .Warning("missing_basis", d->name.range,
                     "table " + Tick(d->name.text) + " has no `basis`")
            .Help("cite the legal clause it implements: `basis \"...\"` after "
                  "the hit policy, or on every row");
      }
    }
  }

  // Duplicate supervision: the same content over overlapping objects by
  // different initiating departments.
  for (std::size_t b = 0; b < matters.size(); ++b) {
    for (std::size_t a = 0; a < b; ++a) {
      const MatterDecl& x = *matters[a].matter;
      const MatterDecl& y = *matters[b].matter;
      if (!x.initiator || !y.initiator || x.initiator->text == y.initiator->text) {
        continue;
      }
      if (!x.object_type || !y.object_type ||
          x.object_type->parts.back().text != y.object_type->parts.back().text) {
        continue;
      }
      const bool same_content =
          x.content && y.content && !Trim(x.content->value).empty() &&
          Trim(x.content->value) == Trim(y.content->value);
      const bool same_scenario =
          x.scenario && y.scenario && x.scenario->text == y.scenario->text;
      if (!same_content && !same_scenario) continue;
      if (!Overlap(matters[a].selector, matters[b].selector)) continue;
      const Decl& da = *matters[a].decl;
      const Decl& db = *matters[b].decl;
      ctx.sink
          .Warning("duplicate_supervision", db.name.range,
                   "matters " + Tick(da.name.text) + " (" +
                       Tick(x.initiator->text) + ") and " + Tick(db.name.text) +
                       " (" + Tick(y.initiator->text) + ") supervise the same " +
                       (same_content ? "content" : "scenario") +
                       " of objects that can overlap")
          .Label(da.name.range, Tick(da.name.text) + " is here")
          .Help("merge them into one matter with one initiator and the other "
                "department as a cooperator (进一次门、查多项事), or narrow their "
                "`object ... where` filters apart");
    }
  }
}

}  // namespace bylaw::dsl::analyze_internal
