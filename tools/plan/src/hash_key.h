// The plan's keyed draws (shard membership, sampling order) rest on
// SHA-256 of a domain-separated text: `"bylaw-shard\0" + id`. Internal to
// bylaw_plan; the public uses are ShardOf and SampleKey (assessment.h).
#ifndef BYLAW_PLAN_SRC_HASH_KEY_H_
#define BYLAW_PLAN_SRC_HASH_KEY_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bylaw::plan::plan_internal {

// The first 8 bytes of SHA-256 of the parts joined by NUL bytes, read as a
// big-endian u64. The first part is the domain (`bylaw-shard`).
std::uint64_t HashKey64(std::initializer_list<std::string_view> parts);

// 16 lowercase hex digits.
std::string HexKey(std::uint64_t key);
// Parses HexKey's form; false if `text` is not exactly 16 hex digits.
bool ParseHexKey(std::string_view text, std::uint64_t* key);

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_HASH_KEY_H_
