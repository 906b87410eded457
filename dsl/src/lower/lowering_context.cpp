// LoweringContext (see lowering_context.h).
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {
namespace {

std::string JoinParts(const QualifiedName& name) {
  std::string out;
  for (const Ident& part : name.parts) {
    if (!out.empty()) out += '.';
    out += part.text;
  }
  return out;
}

}  // namespace

LoweringContext::LoweringContext(const std::vector<RulesetView>& rulesets,
                                 const SourceManager& sources,
                                 DiagnosticSink& sink)
    : rulesets_(rulesets), sources_(sources), sink_(sink) {
  for (const RulesetView& view : rulesets_) {
    auto& names = by_name_[view.id];
    for (const Module* module : view.modules) {
      module_ruleset_[module] = view.id;
      for (const auto& decl : module->decls) {
        ruleset_of_[decl.get()] = view.id;
        if (decl->kind != DeclKind::kTest) {
          names.emplace(decl->name.text, decl.get());
        }
      }
    }
  }
}

const std::string& LoweringContext::RulesetOf(const Decl& decl) const {
  static const std::string kEmpty;
  auto it = ruleset_of_.find(&decl);
  return it == ruleset_of_.end() ? kEmpty : it->second;
}

std::string LoweringContext::Qualified(const Decl& decl) const {
  const std::string& ruleset = RulesetOf(decl);
  return ruleset.empty() ? decl.name.text : ruleset + "." + decl.name.text;
}

const Decl* LoweringContext::FindIn(const std::string& ruleset,
                                    const std::string& name,
                                    const DeclKind* kind) const {
  auto rs = by_name_.find(ruleset);
  if (rs == by_name_.end()) return nullptr;
  auto [begin, end] = rs->second.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    if (kind == nullptr || it->second->kind == *kind) return it->second;
  }
  return nullptr;
}

const Decl* LoweringContext::FindVisible(const Module& from,
                                         const std::string& name,
                                         DeclKind kind) const {
  auto own = module_ruleset_.find(&from);
  if (own == module_ruleset_.end()) return nullptr;
  if (const Decl* d = FindIn(own->second, name, &kind)) return d;
  // Imports belong to the ruleset, not to the file that wrote them: any
  // file of the ruleset may hold the `import`.
  for (const Module* module : ModulesOf(own->second)) {
    for (const Import& import : module->imports) {
      if (const Decl* d = FindIn(JoinParts(import.ruleset), name, &kind)) {
        return d;
      }
    }
  }
  return nullptr;
}

std::vector<const Module*> LoweringContext::ModulesOf(
    const std::string& ruleset) const {
  std::vector<const Module*> modules;
  for (const RulesetView& view : rulesets_) {
    if (view.id == ruleset) {
      modules.insert(modules.end(), view.modules.begin(), view.modules.end());
    }
  }
  return modules;
}

const Decl* LoweringContext::FindAliased(const Module& from,
                                         const std::string& alias,
                                         const std::string& name) const {
  auto own = module_ruleset_.find(&from);
  if (own == module_ruleset_.end()) return nullptr;
  for (const Module* module : ModulesOf(own->second)) {
    for (const Import& import : module->imports) {
    std::string id = JoinParts(import.ruleset);
    std::string import_alias =
        import.alias ? import.alias->text
                     : (import.ruleset.parts.empty()
                            ? std::string()
                            : import.ruleset.parts.back().text);
      if (import_alias == alias) return FindIn(id, name, nullptr);
    }
  }
  return nullptr;
}

}  // namespace bylaw::dsl::lower_internal
