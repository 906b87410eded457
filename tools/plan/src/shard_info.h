// `shard.json` of a shard directory (ShardInfo, assessment.h): written last
// by AssessShard, so a directory with a shard.json is complete. Internal to
// bylaw_plan.
#ifndef BYLAW_PLAN_SRC_SHARD_INFO_H_
#define BYLAW_PLAN_SRC_SHARD_INFO_H_

#include <string>

#include "bylaw/plan/assessment.h"

namespace bylaw::plan::plan_internal {

inline constexpr int kShardFormatVersion = 1;
inline constexpr const char* kShardInfoFile = "shard.json";
inline constexpr const char* kAssessmentsFile = "assessments.jsonl";

// Writes `dir`/shard.json atomically (temporary file, then rename).
Status WriteShardInfo(const std::string& dir, const ShardInfo& info);
// Reads `dir`/shard.json. Errors kIoError, kBadShard.
Result<ShardInfo> ReadShardInfo(const std::string& dir);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_SHARD_INFO_H_
