// Lookups on the resolved program (see bylaw/dsl/program.h).
#include "bylaw/dsl/program.h"

namespace bylaw::dsl {

const Decl* Ruleset::FindOwn(const std::string& name) const {
  auto it = scope.find(name);
  return it == scope.end() ? nullptr : it->second;
}

const ResolvedImport* Ruleset::FindAlias(const std::string& alias) const {
  for (const ResolvedImport& imp : imports) {
    if (imp.alias == alias && imp.ruleset != nullptr) return &imp;
  }
  return nullptr;
}

std::vector<const Decl*> Ruleset::FindImported(const std::string& name) const {
  std::vector<const Decl*> found;
  for (const ResolvedImport& imp : imports) {
    if (imp.ruleset == nullptr) continue;
    if (const Decl* d = imp.ruleset->FindOwn(name)) {
      // The same ruleset imported twice provides one declaration.
      bool seen = false;
      for (const Decl* f : found) seen = seen || f == d;
      if (!seen) found.push_back(d);
    }
  }
  return found;
}

const Decl* Ruleset::FindVisible(const std::string& name) const {
  if (const Decl* own = FindOwn(name)) return own;
  std::vector<const Decl*> imported = FindImported(name);
  return imported.size() == 1 ? imported.front() : nullptr;
}

const Ruleset* Program::FindRuleset(const std::string& id) const {
  for (const auto& r : rulesets) {
    if (r->id == id) return r.get();
  }
  return nullptr;
}

Ruleset* Program::FindRuleset(const std::string& id) {
  for (const auto& r : rulesets) {
    if (r->id == id) return r.get();
  }
  return nullptr;
}

const Ruleset* Program::RulesetOf(const Module& module) const {
  auto it = module_ruleset.find(&module);
  return it == module_ruleset.end() ? nullptr : it->second;
}

const Ruleset* Program::RulesetOf(const Decl& decl) const {
  return decl.module == nullptr ? nullptr : RulesetOf(*decl.module);
}

std::string Program::QualifiedNameOf(const Decl& decl) const {
  const Ruleset* r = RulesetOf(decl);
  return r == nullptr ? decl.name.text : r->id + "." + decl.name.text;
}

std::vector<const Ruleset*> Program::ordered() const {
  std::vector<const Ruleset*> out;
  out.reserve(rulesets.size());
  for (const auto& r : rulesets) out.push_back(r.get());
  return out;
}

}  // namespace bylaw::dsl
