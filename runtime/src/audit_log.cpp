// The decision log's writer (see bylaw/audit_log.h).
#include "bylaw/audit_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "audit_chain.h"
#include "audit_record.h"
#include "canonical_json.h"
#include "exact_json.h"

namespace bylaw::runtime {
namespace {

namespace ri = runtime_internal;
using nlohmann::json;

Error IoError(const std::string& what) {
  return Error{"audit_log_io", what + ": " + std::strerror(errno), {}};
}

// `2025-07-01T08:00:00.123Z`, written by hand: snprintf was a visible part
// of a record's cost.
std::string IsoTime(std::int64_t ms) {
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const int milli = static_cast<int>(ms - secs * 1000);
  const std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int in_day = static_cast<int>(secs - days * 86400);
  int y, mo, d;
  CivilFromDays(days, &y, &mo, &d);
  if (y < 0 || y > 9999) {
    char buf[96];  // room for any int the format could print
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d,
                  in_day / 3600, in_day / 60 % 60, in_day % 60, milli);
    return buf;
  }
  char b[24];
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  two(b, y / 100);
  two(b + 2, y % 100);
  b[4] = '-';
  two(b + 5, mo);
  b[7] = '-';
  two(b + 8, d);
  b[10] = 'T';
  two(b + 11, in_day / 3600);
  b[13] = ':';
  two(b + 14, in_day / 60 % 60);
  b[16] = ':';
  two(b + 17, in_day % 60);
  b[19] = '.';
  b[20] = static_cast<char>('0' + milli / 100);
  two(b + 21, milli % 100);
  b[23] = 'Z';
  return std::string(b, sizeof b);
}

bool ReadAll(int fd, std::string* out) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(out->size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    out->append(buf, static_cast<std::size_t>(n));
  }
}

bool WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// The facts document in canonical form: without a JSON tree when it can be
// (canonical_json.h), else through nlohmann, which also rejects it; the
// error every append reports when it is not JSON.
Result<std::string> CanonicalFacts(std::string_view facts_json) {
  std::string out;
  out.reserve(facts_json.size());
  if (ri::AppendCanonicalJson(facts_json, &out)) return out;
  json doc;
  ri::ExactJsonError bad;
  if (!ri::ParseJsonExact(facts_json, &doc, &bad)) {
    return Error{"audit_facts_not_json", "the facts document is not JSON", {}};
  }
  return ri::CanonicalDump(doc);
}

}  // namespace

struct AuditLog::PendingRecord {
  ri::RecordDraft draft;
};

Result<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path,
                                                 AuditLogOptions options) {
  return CatchExceptions("internal", [&]() -> Result<std::unique_ptr<AuditLog>> {  // no exception crosses the API
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot open `" + path + "`");
  // One writer per log, across threads and processes: an exclusive flock(2)
  // held until the destructor closes the file. A second writer would read
  // the same last record and fork the chain.
  const auto lock_deadline = std::chrono::steady_clock::now() + options.lock_timeout;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK || std::chrono::steady_clock::now() >= lock_deadline) {
      const bool busy = errno == EWOULDBLOCK;
      Error e = busy ? Error{"audit_log_locked",
                             "`" + path + "` is open by another writer (another process, or another "
                             "AuditLog in this one)",
                             {"help: wait for it to finish, or give each writer its own log"}}
                     : IoError("cannot lock `" + path + "`");
      ::close(fd);
      return e;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string text;
  if (!ReadAll(fd, &text)) {
    Error e = IoError("cannot read `" + path + "`");
    ::close(fd);
    return e;
  }
  // Find the last record; lines after it that do not parse are torn.
  AuditLogState state;
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  state.lines = lines.size();
  std::size_t i = lines.size();
  while (i > 0) {
    std::optional<ri::ChainFields> f = ri::ParseChainFields(lines[i - 1], nullptr);
    if (f) {
      state.last_seq = f->seq;
      state.last_hash = f->hash;
      break;
    }
    --i;
  }
  if (i == 0 && !lines.empty()) {
    ::close(fd);
    return Error{"audit_log_corrupt",
                 "`" + path + "` is not empty but holds no audit record",
                 {"help: give a new file, or the decision log it was"}};
  }
  for (std::size_t k = i; k < lines.size(); ++k) {
    state.torn.push_back(
        TornLine{k + 1, lines[k].size(), ri::Sha256Tagged(lines[k])});
  }
  // End the last line so that the next record starts on its own line.
  if (!text.empty() && text.back() != '\n' && !WriteAll(fd, "\n")) {
    Error e = IoError("cannot write `" + path + "`");
    ::close(fd);
    return e;
  }
  return std::unique_ptr<AuditLog>(
      new AuditLog(fd, std::move(options), std::move(state)));
  });
}

AuditLog::AuditLog(int fd, AuditLogOptions options, AuditLogState state)
    : fd_(fd),
      options_(std::move(options)),
      opened_(std::move(state)),
      seq_(opened_.last_seq),
      lines_(opened_.lines),
      prev_(opened_.last_hash),
      pending_torn_(opened_.torn) {}

AuditLog::~AuditLog() {
  ::fsync(fd_);
  ::close(fd_);
}

std::int64_t AuditLog::NowMs() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status AuditLog::Sync() {
  return CatchExceptions("internal", [&]() -> Status {  // no exception crosses the API
  std::lock_guard<std::mutex> lock(mu_);
  if (::fsync(fd_) != 0) return IoError("cannot sync the audit log");
  unsynced_ = 0;
  last_sync_ms_ = NowMs();
  return {};
  });
}

Status AuditLog::EvaluateLogged(const Rulebook& book, DecisionRef decision,
                                const Facts& facts, std::string_view facts_json,
                                EvaluateOptions options, Outcome* outcome) {
  return CatchExceptions("internal", [&]() -> Status {  // no exception crosses the API
  options.trace = true;
  Status s = book.Evaluate(decision, facts, options, outcome);
  if (!s.ok()) return s;
  Result<std::uint64_t> seq = Append(book, *outcome, facts_json);
  if (!seq.ok()) return seq.error();
  return {};
  });
}

Result<std::uint64_t> AuditLog::Append(const Rulebook& book,
                                       const Outcome& outcome,
                                       std::string_view facts_json) {
  return CatchExceptions(
      "internal", [&]() -> Result<std::uint64_t> {  // no exception crosses the API
        Result<std::string> facts = CanonicalFacts(facts_json);
        if (!facts.ok()) return facts.error();
        PendingRecord pending;
        if (!ri::DraftRecord(book, outcome, *facts, options_.keep_facts, &pending.draft)) {
          return Error{"audit_log_hash", "SHA-256 is not available", {}};
        }
        return Chain(&pending);
      });
}

Result<std::uint64_t> AuditLog::AppendEntry(const Rulebook& book,
                                            const Entry& entry,
                                            std::string_view facts_json) {
  return CatchExceptions(
      "internal", [&]() -> Result<std::uint64_t> {  // no exception crosses the API
        Result<std::string> facts = CanonicalFacts(facts_json);
        if (!facts.ok()) return facts.error();
        json outputs;
        ri::ExactJsonError bad;
        if (!ri::ParseJsonExact(entry.outputs_json, &outputs, &bad) || !outputs.is_object()) {
          return Error{"audit_outputs_not_json", "the outputs are not a JSON object", {}};
        }
        PendingRecord pending;
        if (!ri::DraftEntryRecord(book, entry, outputs, *facts, options_.keep_facts,
                                  &pending.draft)) {
          return Error{"audit_log_hash", "SHA-256 is not available", {}};
        }
        return Chain(&pending);
      });
}

// Everything but the chain fields was written, and the part before them
// hashed, outside the lock.
Result<std::uint64_t> AuditLog::Chain(PendingRecord* pending) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::int64_t now = NowMs();
  if (last_sync_ms_ == 0) last_sync_ms_ = now;  // the timer starts here
  std::string line, hash;
  if (!ri::FinishRecord(pending->draft, seq_ + 1, prev_, IsoTime(now), pending_torn_, &line, &hash)) {
    return Error{"audit_log_hash", "SHA-256 is not available", {}};
  }
  // One write(2) of the whole line: with O_APPEND it lands in one piece.
  // A short write (a nearly full disk) is continued, so that the error,
  // if any, is the errno of the write that failed rather than a stale one
  // (a short write sets none); the flock keeps other writers out meanwhile.
  ssize_t n = 0;
  while (static_cast<std::size_t>(n) < line.size()) {
    const ssize_t w = ::write(fd_, line.data() + n, line.size() - static_cast<std::size_t>(n));
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = EIO;
      break;
    }
    n += w;
  }
  if (n != static_cast<ssize_t>(line.size())) {
    Error e = IoError("cannot append to the audit log");
    if (n > 0) {
      // A short write left part of a line: end it and acknowledge it in the
      // next record, as Open does after a crash.
      std::string_view part(line.data(), static_cast<std::size_t>(n));
      if (WriteAll(fd_, "\n")) {
        ++lines_;
        pending_torn_.push_back(TornLine{lines_, part.size(), ri::Sha256Tagged(part)});
      }
      e.details.push_back("a partial line was written and will be acknowledged");
    }
    return e;
  }
  ++seq_;
  ++lines_;
  prev_ = std::move(hash);
  pending_torn_.clear();
  ++unsynced_;
  const bool by_count = options_.sync_every > 0 && unsynced_ >= options_.sync_every;
  const bool by_time = options_.sync_interval.count() > 0 &&
                       now - last_sync_ms_ >= options_.sync_interval.count();
  if (by_count || by_time) {
    ::fsync(fd_);
    unsynced_ = 0;
    last_sync_ms_ = now;
  }
  return seq_;
}

}  // namespace bylaw::runtime
