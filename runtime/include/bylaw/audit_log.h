// The tamper-evident decision log: one JSON line per decision, each line
// chained to the one before by SHA-256, so that an edited, deleted,
// inserted or reordered record shows (docs/audit.md).
//
//   namespace rt = bylaw::runtime;
//   rt::AuditLogOptions opts;
//   opts.keep_facts = true;             // needed by `bylaw audit replay`
//   rt::Result<std::unique_ptr<rt::AuditLog>> log =
//       rt::AuditLog::Open("decisions.jsonl", opts);
//   rt::Outcome outcome;
//   rt::Status s = (*log)->EvaluateLogged(*book, decision, facts, facts_json,
//                                         {}, &outcome);
//
// A record (keys as written: sorted, no whitespace, docs/bundle.md 1.1):
//   {"as_of":"2025-07-01","bundle":"sha256:…","complete":true,
//    "decision":"nantong.contract.may_inspect","errors":[…],
//    "facts":{…} (only with keep_facts),"facts_sha256":"sha256:…",
//    "fired":["frequency#mid","enough_staff#except1",…],
//    "hash":"sha256:…","outputs":{…},"prev":"sha256:…",
//    "reasons":["TOO_FEW_STAFF"],"rulesets":["shop@2025.1"],"seq":1,
//    "time":"2025-07-01T08:00:00.123Z","torn":[…] (only after a crash)}
// `hash` is the SHA-256 of the record's canonical form without `hash`;
// `prev` is the previous record's `hash` (kGenesisHash for the first).
//
// This is the one part of the runtime that touches files and the clock, and
// only when a host opens a log; it never logs operational messages.
#ifndef BYLAW_AUDIT_LOG_H_
#define BYLAW_AUDIT_LOG_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime.h"

namespace bylaw::runtime {

// `prev` of the first record of a log.
inline constexpr std::string_view kGenesisHash =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

struct AuditLogOptions {
  // fsync(2) the log after this many records since the last sync; 0 turns
  // the count off. A flush costs milliseconds (about 3 ms on our CI disk),
  // so syncing every record caps a log at a few hundred decisions a second;
  // the defaults bound what a power cut can lose to 4096 records or one
  // second, whichever comes first, for under 1 us a decision. A process
  // crash loses nothing either way: each line is in the kernel once
  // Append returns.
  std::uint32_t sync_every = 4096;
  // fsync(2) on the first append at least this long after the last sync;
  // zero turns the timer off. With both off the log is synced only by
  // Sync() and on destruction (the OS still gets every line at once).
  std::chrono::milliseconds sync_interval{1000};
  // Copy the facts document (canonical JSON) into each record. Off by
  // default: facts may be personal data; only the digest is kept then, and
  // such records cannot be replayed.
  bool keep_facts = false;
  // The wall clock, in milliseconds since 1970-01-01 UTC. Unset: the
  // system clock. Tests set it to get reproducible records.
  std::function<std::int64_t()> clock;
  // How long Open waits for another writer of the same file (another
  // process, or another AuditLog in this one) to close it. Zero, the
  // default: fail at once with `audit_log_locked`.
  std::chrono::milliseconds lock_timeout{0};
};

// A line of the log that does not hold a complete record: what a crash in
// the middle of a write leaves behind.
struct TornLine {
  std::uint64_t line = 0;    // 1-based
  std::uint64_t bytes = 0;   // its length, without the newline
  std::string sha256;        // `sha256:<hex>` of those bytes
};

// What AuditLog::Open found in the file it opened.
struct AuditLogState {
  std::uint64_t lines = 0;       // complete and torn lines before appending
  std::uint64_t last_seq = 0;    // 0 for a new log
  std::string last_hash{kGenesisHash};
  // Lines after the last record that do not parse (a write cut short). The
  // log continues the chain after the last record, leaves these lines in
  // place (ended by a newline) and names them in the next record's `torn`,
  // so that verification accepts them as acknowledged rather than hidden.
  std::vector<TornLine> torn;
};

// An open decision log. Append and EvaluateLogged are thread-safe: records
// get consecutive seq numbers and one valid chain whatever the number of
// threads (a mutex covers seq/prev assignment, hashing and the write).
// Owns the file descriptor and an exclusive flock(2) on it, held for the
// object's lifetime; the destructor syncs and closes it. One writer per
// file: Open fails with `audit_log_locked` while another AuditLog, in this
// process or another, has the file open (AuditLogOptions::lock_timeout).
class AuditLog {
 public:
  // Opens `path` for appending (O_APPEND), creating it (mode 0644) if
  // absent. An existing log is read to find its last record, whose seq and
  // hash the next record continues. Errors: `audit_log_io` (cannot open or
  // read), `audit_log_locked` (another writer has it open),
  // `audit_log_corrupt` (a non-empty log without a single record).
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path,
                                                AuditLogOptions options = {});

  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  ~AuditLog();

  // The state found at Open.
  const AuditLogState& opened() const { return opened_; }

  // Appends the record of `outcome`, which `book` computed from
  // `facts_json` (the facts document as given: it is canonicalised and
  // hashed here). Rule and row ids that fired come from the outcome's
  // trace: evaluate with EvaluateOptions::trace, or use EvaluateLogged.
  // Returns the record's seq. Errors: `audit_facts_not_json`,
  // `audit_log_io` (the write failed: the record is not in the log).
  Result<std::uint64_t> Append(const Rulebook& book, const Outcome& outcome,
                               std::string_view facts_json);

  // A decision a host derived from the rules' answers rather than
  // evaluated (a visit of `bylaw plan`, decision `plan.visit`), logged in
  // the same chain with the same fields: `outputs_json` must be a JSON
  // object; errors are empty, complete is true and reasons are collected
  // from the outputs as for Append. Errors: `audit_facts_not_json`,
  // `audit_outputs_not_json`, `audit_log_io`.
  struct Entry {
    std::string decision;
    std::string as_of;                // YYYY-MM-DD
    std::string outputs_json;
    std::vector<std::string> fired;   // ids of the rules and rows it rests on
  };
  Result<std::uint64_t> AppendEntry(const Rulebook& book, const Entry& entry,
                                    std::string_view facts_json);

  // Evaluate (with the trace on, for the fired ids) then Append. An
  // evaluation error is returned without logging anything.
  Status EvaluateLogged(const Rulebook& book, DecisionRef decision,
                        const Facts& facts, std::string_view facts_json,
                        EvaluateOptions options, Outcome* outcome);

  // Flushes the log to disk now.
  Status Sync();

 private:
  struct PendingRecord;  // a record without its chain fields
  AuditLog(int fd, AuditLogOptions options, AuditLogState state);
  Result<std::uint64_t> Chain(PendingRecord* record);
  std::int64_t NowMs() const;

  int fd_;
  AuditLogOptions options_;
  AuditLogState opened_;
  std::mutex mu_;
  // Guarded by mu_.
  std::uint64_t seq_;
  std::uint64_t lines_;  // lines in the file, torn ones included
  std::string prev_;
  std::vector<TornLine> pending_torn_;
  std::uint32_t unsynced_ = 0;
  std::int64_t last_sync_ms_ = 0;
};

// One thing wrong with a log, at a 1-based line.
struct AuditProblem {
  std::uint64_t line = 0;
  // audit_record_edited, audit_record_missing, audit_record_inserted,
  // audit_record_reordered, audit_chain_broken, audit_record_invalid,
  // audit_line_invalid, audit_truncated, audit_verify_failed (the check
  // itself failed, out of memory: never read as ok).
  std::string code;
  std::string message;
};

// The verdict on a whole log.
struct AuditVerifyReport {
  std::uint64_t lines = 0;
  std::uint64_t records = 0;       // lines that parse as records
  std::uint64_t last_seq = 0;
  std::string last_hash{kGenesisHash};
  std::vector<AuditProblem> problems;  // in line order
  // Torn lines that a later record acknowledges (`torn`): not problems.
  std::vector<TornLine> acknowledged_torn;
  bool ok() const { return problems.empty(); }
};

// Checks the chain of a whole log held in memory: each record's hash, seq
// and prev. Each break is reported once, at the line that an auditor
// should look at, with what is wrong there; checking goes on after it. A
// last line without its newline that does not parse is `audit_truncated`
// (the records before it are still checked).
AuditVerifyReport VerifyAuditLog(std::string_view text);

// `sha256:<hex>` of the canonical form of `record` (a JSON object) without
// its `hash` key. Errors: `audit_record_invalid` (not a JSON object).
Result<std::string> AuditRecordHash(std::string_view record);

}  // namespace bylaw::runtime

#endif  // BYLAW_AUDIT_LOG_H_
