// Dead code: declarations no decision or test reaches, facts fields no
// rule reads, reasons no rule gives (see analyze_context.h).
//
// The loaded program is taken as the whole world only when it has a
// decision: a library ruleset checked on its own (national standards, say)
// is used by rulesets that are not loaded, so nothing in it is called
// unused then.
#include <map>
#include <set>
#include <variant>

#include "analyze_context.h"
#include "bylaw/dsl/ast_walk.h"

namespace bylaw::dsl::analyze_internal {
namespace {

std::string Tick(const std::string& s) { return "`" + s + "`"; }

class UsageChecker {
 public:
  explicit UsageChecker(const AnalyzeContext& ctx) : ctx_(ctx) {}

  void Run() {
    std::vector<const Decl*> all;
    bool has_decision = false;
    for (const auto& module : ctx_.program.modules) {
      for (const auto& d : module->decls) {
        all.push_back(d.get());
        if (d->kind == DeclKind::kDecision) has_decision = true;
      }
    }
    ReportUndocumentedReasons(all);
    if (!has_decision) return;
    Reach(all);
    ReportUnused(all);
    ReportUnreadFields(all);
    ReportUnusedReasons(all);
  }

 private:
  // The declaration `e` names, where it names one.
  const Decl* Referent(const Expr& e, const Ruleset* ruleset) const {
    if (const auto* n = std::get_if<NameExpr>(&e.node)) return n->decl;
    if (const auto* c = std::get_if<CallExpr>(&e.node)) return c->decl;
    if (const auto* r = std::get_if<RecordExpr>(&e.node)) return r->decl;
    if (const auto* f = std::get_if<FieldExpr>(&e.node)) {
      // `alias.name`
      const auto* base = f->base ? std::get_if<NameExpr>(&f->base->node)
                                 : nullptr;
      if (base && base->decl == nullptr && ruleset != nullptr &&
          f->base->type.kind == TypeKind::kUnknown) {
        if (const ResolvedImport* imp = ruleset->FindAlias(base->name.text)) {
          if (imp->ruleset) return imp->ruleset->FindOwn(f->field.text);
        }
      }
    }
    return nullptr;
  }

  void Uses(const Decl& decl, std::set<const Decl*>& out) const {
    const Ruleset* ruleset = ctx_.program.RulesetOf(decl);
    ForEachExpr(decl, [&](const Expr& e) {
      if (const Decl* d = Referent(e, ruleset)) out.insert(d);
    });
    if (decl.kind == DeclKind::kRule) {
      const auto& rule = std::get<RuleDecl>(decl.node);
      if (rule.code && ruleset != nullptr) {
        if (const Decl* d = ruleset->FindVisible(rule.code->text)) out.insert(d);
      }
    }
  }

  void Reach(const std::vector<const Decl*>& all) {
    std::vector<const Decl*> work;
    for (const Decl* d : all) {
      if (d->kind == DeclKind::kDecision || d->kind == DeclKind::kTest ||
          d->kind == DeclKind::kMatter) {
        reached_.insert(d);
        work.push_back(d);
      }
    }
    while (!work.empty()) {
      const Decl* d = work.back();
      work.pop_back();
      std::set<const Decl*> uses;
      Uses(*d, uses);
      for (const Decl* u : uses) {
        if (reached_.insert(u).second) work.push_back(u);
      }
    }
  }

  void ReportUnused(const std::vector<const Decl*>& all) {
    for (const Decl* d : all) {
      switch (d->kind) {
        case DeclKind::kParam: case DeclKind::kRule: case DeclKind::kTable:
        case DeclKind::kScorecard: case DeclKind::kDef: case DeclKind::kLet:
          break;
        default:
          continue;
      }
      if (reached_.count(d)) continue;
      ctx_.sink
          .Warning("unused_declaration", d->name.range,
                   std::string(DeclKindKeyword(d->kind)) + " " + Tick(d->name.text) +
                       " is never reached from a decision or test")
          .Help("call it from a decision (or a test), or remove it");
    }
  }

  // The record a matter's `object` names, or null.
  const Decl* ObjectRecord(const Decl& decl, const MatterDecl& m) const {
    const Ruleset* rs = ctx_.program.RulesetOf(decl);
    if (rs == nullptr || !m.object_type) return nullptr;
    const auto& parts = m.object_type->parts;
    const Decl* d = nullptr;
    if (parts.size() == 1) {
      d = rs->FindVisible(parts[0].text);
    } else if (parts.size() == 2) {
      if (const ResolvedImport* imp = rs->FindAlias(parts[0].text)) {
        if (imp->ruleset) d = imp->ruleset->FindOwn(parts[1].text);
      }
    }
    return d && d->kind == DeclKind::kRecord ? d : nullptr;
  }

  void ReportUnreadFields(const std::vector<const Decl*>& all) {
    std::set<std::pair<const Decl*, std::string>> read;
    auto record_of = [](const Type& t) -> const Decl* {
      if (t.kind == TypeKind::kRecord) return t.decl;
      if ((t.kind == TypeKind::kList || t.kind == TypeKind::kSet) && t.element &&
          t.element->kind == TypeKind::kRecord) {
        return t.element->decl;
      }
      return nullptr;
    };
    for (const Decl* d : all) {
      if (d->kind == DeclKind::kTest) continue;
      const Decl* object = nullptr;
      if (d->kind == DeclKind::kMatter) {
        object = ObjectRecord(*d, std::get<MatterDecl>(d->node));
      }
      ForEachExpr(*d, [&](const Expr& e) {
        if (const auto* f = std::get_if<FieldExpr>(&e.node)) {
          if (f->base) {
            if (const Decl* r = record_of(f->base->type)) {
              read.insert({r, f->field.text});
            }
          }
        } else if (const auto* n = std::get_if<NameExpr>(&e.node)) {
          // Inside a matter's `where`, bare names are the object's fields.
          if (object != nullptr && n->decl == nullptr) {
            read.insert({object, n->name.text});
          }
        }
      });
    }
    for (const Decl* d : all) {
      if (d->kind != DeclKind::kRecord) continue;
      const auto& rec = std::get<RecordDecl>(d->node);
      if (!rec.is_facts) continue;
      for (const FieldDecl& f : rec.fields) {
        // `id` identifies the object to hosts, draws and audit logs even
        // when no rule reads it.
        if (f.name.text == "id" || read.count({d, f.name.text})) continue;
        ctx_.sink
            .Warning("unread_field", f.name.range,
                     "field " + Tick(f.name.text) + " of facts " +
                         Tick(d->name.text) +
                         " is never read by a rule, table, matter or decision")
            .Help("hosts must still supply it: use it, or remove it");
      }
    }
  }

  void ReportUnusedReasons(const std::vector<const Decl*>& all) {
    std::set<const Decl*> used;
    for (const Decl* d : all) {
      if (d->kind == DeclKind::kTest) continue;
      Uses(*d, used);
    }
    for (const Decl* d : all) {
      if (d->kind != DeclKind::kReason || used.count(d)) continue;
      ctx_.sink
          .Warning("unused_reason", d->name.range,
                   "reason " + Tick(d->name.text) + " is given by no rule")
          .Help("give it with `code " + d->name.text +
                "` in a rule, or remove it");
    }
  }

  // A reason a rule gives must say what it means and why: hosts show the
  // label, auditors follow the basis.
  void ReportUndocumentedReasons(const std::vector<const Decl*>& all) {
    std::set<const Decl*> given;
    for (const Decl* d : all) {
      if (d->kind != DeclKind::kRule) continue;
      const auto& rule = std::get<RuleDecl>(d->node);
      const Ruleset* ruleset = ctx_.program.RulesetOf(*d);
      if (!rule.code || ruleset == nullptr) continue;
      const Decl* reason = ruleset->FindVisible(rule.code->text);
      if (reason == nullptr || reason->kind != DeclKind::kReason) continue;
      if (reason->label && reason->basis) continue;
      if (!given.insert(reason).second) continue;
      const std::string missing = !reason->label && !reason->basis
                                      ? "label and no `basis`"
                                  : !reason->label ? "label"
                                                   : "`basis`";
      ctx_.sink
          .Warning("undocumented_reason", reason->name.range,
                   "reason " + Tick(reason->name.text) + ", given by rule " +
                       Tick(d->name.text) + ", has no " + missing)
          .Help("document it: `reason " + reason->name.text +
                " \"what it means\" basis \"the clause\"`; hosts show the "
                "label and auditors follow the basis");
    }
  }

  const AnalyzeContext& ctx_;
  std::set<const Decl*> reached_;
};

}  // namespace

void CheckUsage(const AnalyzeContext& ctx) { UsageChecker(ctx).Run(); }

}  // namespace bylaw::dsl::analyze_internal
