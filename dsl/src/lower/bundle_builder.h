// Builds the sections of a Bundle (docs/bundle.md, section 3) from the
// declarations of checked rulesets, and the source map that goes with
// them. Internal to dsl/src/lower; the public entry point is
// bylaw/dsl/lower.h.
#ifndef BYLAW_DSL_SRC_LOWER_BUNDLE_BUILDER_H_
#define BYLAW_DSL_SRC_LOWER_BUNDLE_BUILDER_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "bylaw/dsl/ast.h"
#include "expr_lowering.h"
#include "lowering_context.h"
#include "source_map.h"

namespace bylaw::dsl::lower_internal {

class BundleBuilder {
 public:
  BundleBuilder(const LoweringContext& ctx, std::string source_root);

  // Lowers every ruleset of the context, then returns the whole document
  // without its `hash`. Sections are sorted by name so that the output
  // does not depend on the order files were loaded in.
  nlohmann::json Build();

 private:
  void AddRuleset(const RulesetView& view);
  void AddDecl(const Decl& decl, const Module& module);
  void AddEnum(const Decl& decl, const EnumDecl& e);
  void AddRecord(const Decl& decl, const RecordDecl& r, ExprLowerer& exprs);
  void AddParam(const Decl& decl, const ParamDecl& p, ExprLowerer& exprs);
  void AddReason(const Decl& decl);
  void AddMatter(const Decl& decl, const MatterDecl& m, ExprLowerer& exprs);
  void AddTable(const Decl& decl, const TableDecl& t, ExprLowerer& exprs);
  void AddRule(const Decl& decl, const RuleDecl& r, ExprLowerer& exprs);
  void AddScorecard(const Decl& decl, const ScorecardDecl& s,
                    ExprLowerer& exprs);
  void AddDef(const Decl& decl, const DefDecl& d, ExprLowerer& exprs);
  void AddLet(const Decl& decl, const LetDecl& l, ExprLowerer& exprs);
  void AddDecision(const Decl& decl, const DecisionDecl& d,
                   ExprLowerer& exprs);

  // `{"name", "ruleset", "label"?}`, the start of most sections' items.
  nlohmann::json Head(const Decl& decl) const;
  nlohmann::json Params(const std::vector<Param>& params, ExprLowerer& exprs);
  // Adds `item` to `section` under its sort key.
  void Put(const std::string& section, const std::string& key,
           nlohmann::json item);

  const LoweringContext& ctx_;
  SourceMap sources_;
  std::map<std::string, std::map<std::string, nlohmann::json>> sections_;
  std::map<std::string, SourceRange> matter_ids_;
};

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_BUNDLE_BUILDER_H_
