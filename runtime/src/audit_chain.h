// Hashing and parsing shared by the decision log's writer and its verifier
// (public API: bylaw/audit_log.h).
#ifndef BYLAW_RUNTIME_SRC_AUDIT_CHAIN_H_
#define BYLAW_RUNTIME_SRC_AUDIT_CHAIN_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace bylaw::runtime::runtime_internal {

// Canonical text of `j` (docs/bundle.md 1.1); invalid UTF-8 in strings is
// replaced rather than thrown on, so that a record can always be written.
std::string CanonicalDump(const nlohmann::json& j);

// `sha256:<hex>` of `bytes`.
std::string Sha256Tagged(std::string_view bytes);

// `sha256:<hex>` of the canonical form of `record` without its `hash` key
// (removed while hashing and put back).
std::string RecordHash(nlohmann::json& record);

// The chain fields of one line, when it parses as a record.
struct ChainFields {
  std::uint64_t seq = 0;
  std::string prev;
  std::string hash;
};

// Parses `line` as a record: a JSON object with an unsigned `seq` and
// string `prev` and `hash`. nullopt when it is not one. `computed_hash`,
// when given, receives RecordHash of the parsed record.
std::optional<ChainFields> ParseChainFields(std::string_view line,
                                            std::string* computed_hash,
                                            nlohmann::json* record = nullptr);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_AUDIT_CHAIN_H_
