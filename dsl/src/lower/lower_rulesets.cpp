// LowerRulesets (see lower_rulesets.h).
#include "lower_rulesets.h"

#include <algorithm>
#include <exception>

#include "bundle_builder.h"
#include "bundle_seal.h"

namespace bylaw::dsl::lower_internal {

LowerResult LowerRulesets(std::vector<RulesetView> rulesets,
                          const SourceManager& sources,
                          const LowerOptions& options) {
  // Visit rulesets and files in a fixed order so that diagnostics (which
  // item of a duplicate pair is "first") do not depend on load order.
  std::sort(rulesets.begin(), rulesets.end(),
            [](const RulesetView& a, const RulesetView& b) {
              return a.id < b.id;
            });
  for (RulesetView& view : rulesets) {
    std::stable_sort(view.modules.begin(), view.modules.end(),
                     [&](const Module* a, const Module* b) {
                       return sources.file(a->file).path() <
                              sources.file(b->file).path();
                     });
  }
  DiagnosticSink sink;
  LowerResult result;
  try {
    LoweringContext ctx(rulesets, sources, sink);
    nlohmann::json doc = BundleBuilder(ctx, options.source_root).Build();
    if (!sink.has_errors()) {
      std::string hash = Seal(doc);
      result.bundle = options.pretty ? doc.dump(2) : doc.dump();
      result.hash = std::move(hash);
    }
  } catch (const std::exception& e) {
    // nlohmann throws on text that is not UTF-8; sources are validated
    // when read, so this is an internal error, reported rather than thrown.
    result.bundle.clear();
    result.hash.clear();
    sink.Error("lower_internal", SourceRange{},
               std::string("internal error while lowering: ") + e.what());
  }
  result.diagnostics = sink.Sorted();
  return result;
}

}  // namespace bylaw::dsl::lower_internal
