// The text of one decision-log record (bylaw/audit_log.h, docs/audit.md 2),
// written directly in canonical form instead of through a JSON tree: the
// record is hashed once, as it is written, and the verifier's nlohmann
// re-serialisation of the line gives the same bytes. The work is split at
// the log's lock: a RecordDraft (everything but the chain fields, and the
// hash state over its leading part) is built by the caller's thread, and
// FinishRecord adds seq, prev, time and torn lines under the lock.
#ifndef BYLAW_RUNTIME_SRC_AUDIT_RECORD_H_
#define BYLAW_RUNTIME_SRC_AUDIT_RECORD_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"

namespace bylaw::base {
class Sha256Stream;
}  // namespace bylaw::base

namespace bylaw::runtime::runtime_internal {

// Keys in canonical (sorted) order: as_of bundle complete decision errors
// facts? facts_sha256 fired | hash | outputs | prev | reasons rulesets |
// seq time torn?  -- the bars are where the chain fields go.
struct RecordDraft {
  RecordDraft();
  ~RecordDraft();
  RecordDraft(RecordDraft&&) noexcept;
  RecordDraft& operator=(RecordDraft&&) noexcept;

  std::string head;     // `{"as_of":…,"fired":[…]`
  std::string outputs;  // `"outputs":{…}`
  std::string middle;   // `,"reasons":[…],"rulesets":[…]`
  std::string signer;   // the bundle's verified signer key id, or empty
  // SHA-256 state over head, `,` and outputs: the hashed text continues
  // with prev and what follows.
  std::unique_ptr<base::Sha256Stream> digest;
};

// Builds the draft of `outcome`'s record. `canonical_facts` is the facts
// document in canonical form (AppendCanonicalJson); it is digested, and
// copied in when `keep_facts`. False only when hashing is unavailable.
bool DraftRecord(const Rulebook& book, const Outcome& outcome,
                 std::string_view canonical_facts, bool keep_facts, RecordDraft* draft);

// Builds the draft of a decision a host derived (AuditLog::AppendEntry):
// `outputs` is the entry's outputs_json parsed; reasons are collected from
// it as from an Outcome's outputs; errors are empty and complete is true.
bool DraftEntryRecord(const Rulebook& book, const AuditLog::Entry& entry,
                      const nlohmann::json& outputs, std::string_view canonical_facts,
                      bool keep_facts, RecordDraft* draft);

// Completes the record with its chain fields: `line` receives the whole
// line with its newline, `hash` the record's `sha256:` hash. False only
// when hashing is unavailable.
bool FinishRecord(const RecordDraft& draft, std::uint64_t seq, std::string_view prev,
                  std::string_view time, const std::vector<TornLine>& torn,
                  std::string* line, std::string* hash);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_AUDIT_RECORD_H_
