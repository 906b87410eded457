// SourceMap (see source_map.h).
#include "source_map.h"

namespace bylaw::dsl::lower_internal {

SourceMap::SourceMap(const LoweringContext& ctx, std::string source_root)
    : ctx_(ctx), source_root_(std::move(source_root)) {
  while (source_root_.size() > 1 && source_root_.back() == '/') {
    source_root_.pop_back();
  }
}

std::string SourceMap::FilePath(FileId file) const {
  const std::string& path = ctx_.sources().file(file).path();
  if (source_root_.empty()) return path;
  const std::string prefix = source_root_ == "/" ? "/" : source_root_ + "/";
  if (path.compare(0, prefix.size(), prefix) == 0) {
    return path.substr(prefix.size());
  }
  return path;
}

void SourceMap::Add(const std::string& id, const SourceRange& range,
                    const std::optional<Text>& basis) {
  if (auto it = first_.find(id); it != first_.end()) {
    ctx_.sink()
        .Error("lower_duplicate_id", range,
               "`" + id + "` names two items of the bundle")
        .Label(it->second, "first written here")
        .Help("give the items different names or row ids");
    return;
  }
  first_.emplace(id, range);
  if (!range.valid() ||
      static_cast<std::size_t>(range.file) >= ctx_.sources().size()) {
    return;  // built without a location: the trace prints none
  }
  LineCol at = ctx_.sources().file(range.file).LineColAt(range.begin);
  nlohmann::json entry = {{"file", FilePath(range.file)},
                          {"line", at.line},
                          {"col", at.column}};
  if (basis) entry["basis"] = basis->value;
  entries_.emplace(id, std::move(entry));
}

nlohmann::json SourceMap::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, entry] : entries_) out[id] = entry;
  return out;
}

}  // namespace bylaw::dsl::lower_internal
