// The bundle's `sources` map (docs/bundle.md, section 8): item id -> file,
// 1-based line and byte column, and the legal basis written on the item.
// Internal to dsl/src/lower.
#ifndef BYLAW_DSL_SRC_LOWER_SOURCE_MAP_H_
#define BYLAW_DSL_SRC_LOWER_SOURCE_MAP_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bylaw/dsl/ast.h"
#include "lowering_context.h"

namespace bylaw::dsl::lower_internal {

class SourceMap {
 public:
  // `source_root`: see LowerOptions::source_root.
  SourceMap(const LoweringContext& ctx, std::string source_root);

  // Records where item `id` was written. Ids are unique in a bundle: a
  // second item with the same id is `lower_duplicate_id` (the runtime's
  // traces could not tell them apart).
  void Add(const std::string& id, const SourceRange& range,
           const std::optional<Text>& basis = std::nullopt);

  nlohmann::json ToJson() const;

 private:
  std::string FilePath(FileId file) const;

  const LoweringContext& ctx_;
  std::string source_root_;
  std::map<std::string, nlohmann::json> entries_;
  std::map<std::string, SourceRange> first_;
};

}  // namespace bylaw::dsl::lower_internal

#endif  // BYLAW_DSL_SRC_LOWER_SOURCE_MAP_H_
