// Occurrences and hovers (see symbols.h).
#include "symbols.h"

#include <functional>
#include <type_traits>
#include <variant>

namespace bylaw::lsp {
namespace {

using namespace bylaw::dsl;

bool Contains(const SourceRange& r) { return r.valid() && r.end >= r.begin; }

const EnumMember* MemberOf(const Decl* decl, const std::string& name) {
  if (decl == nullptr) return nullptr;
  if (const auto* e = std::get_if<EnumDecl>(&decl->node)) {
    for (const EnumMember& m : e->members) {
      if (m.name.text == name) return &m;
    }
  }
  return nullptr;
}

const FieldDecl* FieldOf(const Decl* decl, const std::string& name) {
  if (decl == nullptr) return nullptr;
  if (const auto* r = std::get_if<RecordDecl>(&decl->node)) {
    for (const FieldDecl& f : r->fields) {
      if (f.name.text == name) return &f;
    }
  }
  return nullptr;
}

// Walks one module, adding occurrences.
class Collector {
 public:
  Collector(const Program& program, const Module& module, std::vector<Occurrence>& out)
      : ruleset_(program.RulesetOf(module)), out_(out) {}

  void Run(const Module& module) {
    for (const auto& d : module.decls) DeclItems(*d);
  }

 private:
  void Add(const SourceRange& range, Target t, bool definition = false) {
    if (!Contains(range) || t.decl == nullptr) return;
    out_.push_back({range, t, definition});
  }

  void TypeName(const TypeRef& t) {
    if (t.resolved.decl != nullptr && !t.name.parts.empty()) {
      Add(t.name.parts.back().range, {t.resolved.decl});
    }
    for (const auto& a : t.args) TypeName(*a);
  }

  void Params(const std::vector<Param>& params) {
    for (const Param& p : params) TypeName(p.type);
  }

  void Fields(const Decl* record, const std::vector<FieldInit>& fields) {
    for (const FieldInit& f : fields) {
      if (const FieldDecl* fd = FieldOf(record, f.name.text)) {
        Add(f.name.range, {record, nullptr, fd});
      }
      E(f.value);
    }
  }

  void E(const ExprPtr& e) {
    if (e != nullptr) E(*e);
  }

  void E(const Expr& e) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, NameExpr>) {
            const Decl* d = n.decl;
            if (d == nullptr) return;
            if (const EnumMember* m = MemberOf(d, n.name.text)) {
              Add(n.name.range, {d, m});
            } else if (d->name.text == n.name.text) {
              Add(n.name.range, {d});
            }
          } else if constexpr (std::is_same_v<T, FieldExpr>) {
            E(n.base);
            const Type& base = n.base->type;
            if (base.kind == TypeKind::kRecord) {
              if (const FieldDecl* f = FieldOf(base.decl, n.field.text)) {
                Add(n.field.range, {base.decl, nullptr, f});
              }
            } else if (e.type.kind == TypeKind::kEnum) {
              if (const EnumMember* m = MemberOf(e.type.decl, n.field.text)) {
                Add(n.field.range, {e.type.decl, m});
              }
            }
            // `alias.name`: the name declared by the imported ruleset.
            if (const auto* alias = std::get_if<NameExpr>(&n.base->node);
                alias != nullptr && alias->decl == nullptr && ruleset_ != nullptr) {
              if (const ResolvedImport* imp = ruleset_->FindAlias(alias->name.text);
                  imp != nullptr && imp->ruleset != nullptr) {
                if (const Decl* d = imp->ruleset->FindOwn(n.field.text)) {
                  Add(n.field.range, {d});
                }
              }
            }
          } else if constexpr (std::is_same_v<T, UnaryExpr>) {
            E(n.operand);
          } else if constexpr (std::is_same_v<T, BinaryExpr>) {
            E(n.lhs);
            E(n.rhs);
          } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
            E(n.operand);
          } else if constexpr (std::is_same_v<T, IfExpr>) {
            E(n.cond);
            E(n.then_expr);
            E(n.else_expr);
          } else if constexpr (std::is_same_v<T, CallExpr>) {
            Add(n.callee.range, {n.decl});
            for (const auto& a : n.args) E(a);
          } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
            E(n.source);
            E(n.body);
          } else if constexpr (std::is_same_v<T, RecordExpr>) {
            if (!n.type_name.parts.empty()) Add(n.type_name.parts.back().range, {n.decl});
            Fields(n.decl, n.fields);
          } else if constexpr (std::is_same_v<T, WithExpr>) {
            E(n.base);
            Fields(n.base != nullptr ? n.base->type.decl : nullptr, n.fields);
          } else if constexpr (std::is_same_v<T, ListExpr>) {
            for (const auto& i : n.items) E(i);
          }
        },
        e.node);
  }

  void Test(const UnaryTest& t) {
    E(t.value);
    E(t.high);
  }

  void DeclItems(const Decl& d) {
    if (!d.name.text.empty()) Add(d.name.range, {&d}, true);
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, EnumDecl>) {
            for (const EnumMember& m : n.members) Add(m.name.range, {&d, &m}, true);
          } else if constexpr (std::is_same_v<T, RecordDecl>) {
            for (const FieldDecl& f : n.fields) {
              Add(f.name.range, {&d, nullptr, &f}, true);
              TypeName(f.type);
            }
          } else if constexpr (std::is_same_v<T, ParamDecl>) {
            TypeName(n.type);
            for (const ParamValue& v : n.values) E(v.value);
          } else if constexpr (std::is_same_v<T, MatterDecl>) {
            E(n.object_filter);
          } else if constexpr (std::is_same_v<T, TableDecl>) {
            Params(n.params);
            for (const TableOutput& o : n.outputs) TypeName(o.type);
            for (const auto& c : n.input_columns) E(c);
            for (const Row& r : n.rows) {
              for (const Cell& c : r.inputs) {
                for (const UnaryTest& t : c.tests) Test(t);
              }
              for (const auto& o : r.outputs) E(o);
            }
          } else if constexpr (std::is_same_v<T, RuleDecl>) {
            Params(n.params);
            E(n.condition);
            for (const RuleExcept& x : n.excepts) E(x.when);
          } else if constexpr (std::is_same_v<T, ScorecardDecl>) {
            Params(n.params);
            TypeName(n.grade_type);
            for (const Indicator& i : n.indicators) {
              E(i.weight);
              E(i.value);
            }
            for (const Band& b : n.bands) {
              Test(b.test);
              E(b.grade);
            }
          } else if constexpr (std::is_same_v<T, DefDecl>) {
            Params(n.params);
            TypeName(n.result_type);
            E(n.body);
          } else if constexpr (std::is_same_v<T, LetDecl>) {
            if (n.type) TypeName(*n.type);
            E(n.value);
          } else if constexpr (std::is_same_v<T, DecisionDecl>) {
            Params(n.params);
            for (const DecisionItem& i : n.items) {
              if (i.type) TypeName(*i.type);
              E(i.value);
              E(i.fallback);
            }
          } else if constexpr (std::is_same_v<T, TestDecl>) {
            for (const TestItem& i : n.items) E(i.value);
          }
        },
        d.node);
  }

  const Ruleset* ruleset_;
  std::vector<Occurrence>& out_;
};

std::string Slice(const SourceManager& sources, const SourceRange& r) {
  if (!r.valid() || static_cast<std::size_t>(r.file) >= sources.size()) return {};
  return std::string(sources.file(r.file).Slice(r));
}

std::string DateText(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string ParamsText(const std::vector<Param>& params, const SourceManager& sources) {
  std::string s = "(";
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (i > 0) s += ", ";
    s += params[i].name.text + ": " + Slice(sources, params[i].type.range);
  }
  return s + ")";
}

}  // namespace

SourceRange Target::name_range() const {
  if (member != nullptr) return member->name.range;
  if (field != nullptr) return field->name.range;
  return decl != nullptr ? decl->name.range : SourceRange{};
}

const char* KindKeyword(DeclKind kind) {
  switch (kind) {
    case DeclKind::kEnum: return "enum";
    case DeclKind::kRecord: return "record";
    case DeclKind::kParam: return "param";
    case DeclKind::kScenario: return "scenario";
    case DeclKind::kReason: return "reason";
    case DeclKind::kMatter: return "matter";
    case DeclKind::kTable: return "table";
    case DeclKind::kRule: return "rule";
    case DeclKind::kScorecard: return "scorecard";
    case DeclKind::kDef: return "def";
    case DeclKind::kLet: return "let";
    case DeclKind::kDecision: return "decision";
    case DeclKind::kTest: return "test";
  }
  return "declaration";
}

std::vector<Occurrence> CollectOccurrences(const Program& program) {
  std::vector<Occurrence> out;
  for (const auto& m : program.modules) Collector(program, *m, out).Run(*m);
  return out;
}

std::string HoverText(const Target& t, const Program& program, const SourceManager& sources) {
  const Decl& d = *t.decl;
  std::string s;
  const std::string qualified = program.QualifiedNameOf(d);
  if (t.member != nullptr) {
    s = "**enum member** `" + d.name.text + "." + t.member->name.text + "`";
    if (t.member->label) s += " — " + t.member->label->value;
    s += "\n\ntype: `" + qualified + "`";
    return s;
  }
  if (t.field != nullptr) {
    s = "**field** `" + d.name.text + "." + t.field->name.text + "`";
    if (t.field->label) s += " — " + t.field->label->value;
    s += "\n\ntype: `" + Slice(sources, t.field->type.range) + "`";
    return s;
  }
  const char* keyword = d.kind == DeclKind::kRecord &&
                                std::get<RecordDecl>(d.node).is_facts
                            ? "facts"
                            : KindKeyword(d.kind);
  s = std::string("**") + keyword + "** `" + qualified + "`";
  if (d.label) s += " — " + d.label->value;
  std::string type;
  if (const auto* p = std::get_if<ParamDecl>(&d.node)) {
    type = Slice(sources, p->type.range);
  } else if (const auto* tb = std::get_if<TableDecl>(&d.node)) {
    type = ParamsText(tb->params, sources) + " -> (";
    for (std::size_t i = 0; i < tb->outputs.size(); ++i) {
      if (i > 0) type += ", ";
      type += tb->outputs[i].name.text + ": " + Slice(sources, tb->outputs[i].type.range);
    }
    type += ")";
  } else if (const auto* r = std::get_if<RuleDecl>(&d.node)) {
    type = ParamsText(r->params, sources) + (r->forbid ? " forbid" : " require");
  } else if (const auto* df = std::get_if<DefDecl>(&d.node)) {
    type = ParamsText(df->params, sources) + " -> " + Slice(sources, df->result_type.range);
  } else if (const auto* dc = std::get_if<DecisionDecl>(&d.node)) {
    type = ParamsText(dc->params, sources);
  } else if (const auto* sc = std::get_if<ScorecardDecl>(&d.node)) {
    type = ParamsText(sc->params, sources) + " -> " + Slice(sources, sc->grade_type.range);
  } else if (const auto* mt = std::get_if<MatterDecl>(&d.node)) {
    if (mt->content) s += "\n\ncontent: " + mt->content->value;
    if (mt->object_type) type = mt->object_type->ToString();
  }
  if (!type.empty()) s += "\n\ntype: `" + type + "`";
  if (d.basis) s += "\n\nbasis: " + d.basis->value;
  if (const auto* p = std::get_if<ParamDecl>(&d.node)) {
    if (p->basis && !d.basis) s += "\n\nbasis: " + p->basis->value;
    if (!p->values.empty()) s += "\n\nvalues:";
    for (const ParamValue& v : p->values) {
      s += "\n- ";
      s += v.from ? "from " + DateText(*v.from) + ": " : std::string();
      s += "`" + Slice(sources, v.value ? v.value->range : SourceRange{}) + "`";
      if (v.basis) s += " (basis: " + v.basis->value + ")";
      if (v.unverified) s += " unverified";
    }
  }
  return s;
}

}  // namespace bylaw::lsp
