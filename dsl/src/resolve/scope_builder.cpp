// Ruleset scopes and duplicate names (see scope_builder.h).
#include "scope_builder.h"

#include <map>
#include <string>
#include <type_traits>
#include <variant>

namespace bylaw::dsl::resolve_internal {
namespace {

// Reports the second and later uses of a name among `items`, where
// `what` says what kind of name it is ("member", "field", ...).
class UniqueNames {
 public:
  UniqueNames(DiagnosticSink& sink, std::string what, std::string owner)
      : sink_(sink), what_(std::move(what)), owner_(std::move(owner)) {}
  void Add(const Ident& name) {
    if (name.text.empty()) return;
    auto [it, inserted] = first_.emplace(name.text, name.range);
    if (inserted) return;
    sink_.Error("duplicate_name", name.range,
                what_ + " `" + name.text + "` is declared twice in " + owner_)
        .Label(it->second, "first declared here")
        .Help("rename one of them");
  }

 private:
  DiagnosticSink& sink_;
  std::string what_, owner_;
  std::map<std::string, SourceRange> first_;
};

}  // namespace

void ScopeBuilder::Run(Program& program) {
  for (auto& ruleset : program.rulesets) Build(*ruleset);
  for (auto& ruleset : program.rulesets) CheckShadowing(*ruleset);
}

void ScopeBuilder::Build(Ruleset& ruleset) {
  ruleset.scope.clear();
  for (Module* module : ruleset.modules) {
    for (auto& decl : module->decls) {
      decl->module = module;
      CheckInnerNames(*decl);
      if (decl->kind == DeclKind::kTest || decl->name.text.empty()) continue;
      auto [it, inserted] = ruleset.scope.emplace(decl->name.text, decl.get());
      if (inserted) continue;
      const Decl& first = *it->second;
      sink_
          .Error("duplicate_name", decl->name.range,
                 "`" + decl->name.text + "` is already declared in ruleset `" + ruleset.id + "`")
          .Label(first.name.range,
                 std::string("first declared here as a ") + DeclKindKeyword(first.kind))
          .Help(
              "names are unique within a ruleset, across all its files; "
              "rename one of them");
    }
  }
}

void ScopeBuilder::CheckShadowing(const Ruleset& ruleset) {
  for (const auto& [name, decl] : ruleset.scope) {
    std::vector<const Decl*> imported = ruleset.FindImported(name);
    if (imported.empty()) continue;
    const Decl* other = imported.front();
    std::string from;
    for (const ResolvedImport& imp : ruleset.imports) {
      if (imp.ruleset != nullptr && imp.ruleset->FindOwn(name) == other) {
        from = imp.ruleset->id;
        break;
      }
    }
    sink_.Warning("shadows_import", decl->name.range,
                  "`" + name + "` shadows `" + from + "." + name + "`")
        .Label(other->name.range, "imported declaration")
        .Help("the local declaration wins for the bare name; write `" +
              from.substr(from.rfind('.') + 1) + "." + name +
              "` (the import's alias) for the imported one, or rename");
  }
}

void ScopeBuilder::CheckInnerNames(const Decl& decl) {
  const std::string owner = std::string(DeclKindKeyword(decl.kind)) + " `" + decl.name.text + "`";
  auto params = [&](const std::vector<Param>& ps) {
    UniqueNames names(sink_, "parameter", owner);
    for (const Param& p : ps) names.Add(p.name);
  };
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, EnumDecl>) {
          UniqueNames names(sink_, "member", owner);
          for (const EnumMember& m : node.members) names.Add(m.name);
        } else if constexpr (std::is_same_v<T, RecordDecl>) {
          UniqueNames names(sink_, "field", owner);
          for (const FieldDecl& f : node.fields) names.Add(f.name);
        } else if constexpr (std::is_same_v<T, TableDecl>) {
          params(node.params);
          UniqueNames outs(sink_, "output", owner);
          for (const TableOutput& o : node.outputs) outs.Add(o.name);
          UniqueNames rows(sink_, "row id", owner);
          for (const Row& r : node.rows) {
            if (r.id) rows.Add(*r.id);
          }
        } else if constexpr (std::is_same_v<T, RuleDecl> ||
                             std::is_same_v<T, ScorecardDecl> ||
                             std::is_same_v<T, DefDecl>) {
          params(node.params);
          if constexpr (std::is_same_v<T, ScorecardDecl>) {
            UniqueNames inds(sink_, "indicator", owner);
            for (const Indicator& i : node.indicators) inds.Add(i.name);
          }
        } else if constexpr (std::is_same_v<T, DecisionDecl>) {
          params(node.params);
          UniqueNames outs(sink_, "output", owner);
          for (const DecisionItem& item : node.items) {
            if (item.kind == DecisionItem::Kind::kOutput) outs.Add(item.name);
          }
        }
      },
      decl.node);
}

}  // namespace bylaw::dsl::resolve_internal
