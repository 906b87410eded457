// Shard membership and the sampling key (assessment.h): pure functions of
// the id (and seed), so every machine of a sharded run agrees.
#include <charconv>

#include "bylaw/plan/assessment.h"
#include "hash_key.h"

namespace bylaw::plan {

using plan_internal::HashKey64;

int ShardOf(std::string_view id, int count) {
  if (count <= 1) return 0;
  return static_cast<int>(HashKey64({"bylaw-shard", id}) % static_cast<std::uint64_t>(count));
}

bool ShardSpec::Contains(std::string_view id) const { return ShardOf(id, count) == index - 1; }

Result<ShardSpec> ParseShardSpec(std::string_view text) {
  return runtime::CatchExceptions("internal", [&]() -> Result<ShardSpec> {  // no exception crosses the API
  auto bad = [&] {
    return Error{"usage", "--shard `" + std::string(text) + "`: expected I/N with 1 <= I <= N", {}};
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  ShardSpec spec;
  const char* b = text.data();
  const char* m = b + slash;
  const char* e = b + text.size();
  auto r1 = std::from_chars(b, m, spec.index);
  auto r2 = std::from_chars(m + 1, e, spec.count);
  if (r1.ec != std::errc() || r1.ptr != m || r2.ec != std::errc() || r2.ptr != e ||
      spec.count < 1 || spec.index < 1 || spec.index > spec.count) {
    return bad();
  }
  return spec;
  });
}

std::uint64_t SampleKey(std::string_view seed, std::string_view matter_id,
                        std::string_view enterprise_id) {
  return HashKey64({"bylaw-sample", seed, matter_id, enterprise_id});
}

}  // namespace bylaw::plan
