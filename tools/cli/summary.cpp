// What the rulesets contain (see summary.h).
#include "summary.h"

#include <array>
#include <cstdio>
#include <sstream>
#include <vector>

namespace bylaw::cli {
namespace {

const char* LevelName(const std::optional<dsl::Level>& level) {
  if (!level) return "?";
  return dsl::LevelKeyword(*level);
}

const char* StatusName(dsl::RulesetStatus status) {
  switch (status) {
    case dsl::RulesetStatus::kInForce: return "in force";
    case dsl::RulesetStatus::kTrial: return "trial";
    case dsl::RulesetStatus::kRepealed: return "repealed";
  }
  return "?";
}

std::string DateText(const dsl::Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

}  // namespace

std::string RenderSummary(const dsl::Program& program,
                          const dsl::SourceManager& sources) {
  std::ostringstream out;
  std::size_t total_rules = 0, total_rows = 0, total_tests = 0, total_matters = 0;
  for (const dsl::Ruleset* ruleset : program.ordered()) {
    constexpr std::size_t kKinds = static_cast<std::size_t>(dsl::DeclKind::kTest) + 1;
    std::array<std::size_t, kKinds> counts{};
    std::size_t rows = 0;
    std::vector<const dsl::Decl*> unverified;
    for (const dsl::Module* module : ruleset->modules) {
      for (const auto& decl : module->decls) {
        ++counts[static_cast<std::size_t>(decl->kind)];
        if (const auto* param = std::get_if<dsl::ParamDecl>(&decl->node)) {
          bool any = param->unverified;
          for (const dsl::ParamValue& v : param->values) any = any || v.unverified;
          if (any) unverified.push_back(decl.get());
        }
        if (const auto* table = std::get_if<dsl::TableDecl>(&decl->node)) {
          rows += table->rows.size();
        }
      }
    }
    auto n = [&](dsl::DeclKind k) { return counts[static_cast<std::size_t>(k)]; };
    out << ruleset->id << "  [" << LevelName(ruleset->level) << ", "
        << StatusName(ruleset->status);
    if (ruleset->effective) {
      out << ", from " << DateText(ruleset->effective->from);
      if (ruleset->effective->until) out << " until " << DateText(*ruleset->effective->until);
    }
    out << "]\n";
    if (ruleset->title) out << "  " << ruleset->title->value << "\n";
    out << "  " << ruleset->modules.size() << " file(s): "
        << n(dsl::DeclKind::kDecision) << " decisions, "
        << n(dsl::DeclKind::kTable) << " tables (" << rows << " rows), "
        << n(dsl::DeclKind::kRule) << " rules, " << n(dsl::DeclKind::kMatter)
        << " matters, " << n(dsl::DeclKind::kParam) << " params, "
        << n(dsl::DeclKind::kEnum) + n(dsl::DeclKind::kRecord) << " types, "
        << n(dsl::DeclKind::kTest) << " tests\n";
    // Numbers not yet checked against the official text (`unverified`).
    for (const dsl::Decl* d : unverified) {
      const dsl::SourceFile& f = sources.file(d->range.file);
      out << "  unverified param " << d->name.text;
      if (d->label) out << " \"" << d->label->value << "\"";
      out << ": " << f.path() << ":" << f.LineColAt(d->range.begin).line << "\n";
    }
    total_rules += n(dsl::DeclKind::kRule);
    total_rows += rows;
    total_tests += n(dsl::DeclKind::kTest);
    total_matters += n(dsl::DeclKind::kMatter);
  }
  out << program.rulesets.size() << " rulesets in " << sources.size()
      << " files: " << total_matters << " matters, " << total_rules
      << " rules, " << total_rows << " table rows, " << total_tests
      << " tests\n";
  return out.str();
}

}  // namespace bylaw::cli
