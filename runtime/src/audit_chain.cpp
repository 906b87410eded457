// Record hashing and the chain verifier of the decision log (see
// audit_chain.h and bylaw/audit_log.h).
#include "audit_chain.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "bundle_hash.h"
#include "bylaw/audit_log.h"
#include "exact_json.h"
#include "bylaw/base/sha256.h"

namespace bylaw::runtime {
namespace runtime_internal {

using nlohmann::json;

std::string CanonicalDump(const json& j) { return DumpJsonExact(j, /*replace=*/true); }

std::string Sha256Tagged(std::string_view bytes) { return "sha256:" + base::Sha256Hex(bytes); }

std::string RecordHash(json& record) {
  auto it = record.find("hash");
  if (it == record.end()) return Sha256Tagged(CanonicalDump(record));
  json saved = std::move(*it);
  record.erase(it);
  std::string out = Sha256Tagged(CanonicalDump(record));
  record["hash"] = std::move(saved);
  return out;
}

std::optional<ChainFields> ParseChainFields(std::string_view line,
                                            std::string* computed_hash,
                                            json* record) {
  json j;
  ExactJsonError bad;
  if (!ParseJsonExact(line, &j, &bad) || !j.is_object()) return std::nullopt;
  auto seq = j.find("seq");
  auto prev = j.find("prev");
  auto hash = j.find("hash");
  if (seq == j.end() || !seq->is_number_unsigned() || prev == j.end() ||
      !prev->is_string() || hash == j.end() || !hash->is_string()) {
    return std::nullopt;
  }
  ChainFields f{seq->get<std::uint64_t>(), prev->get<std::string>(),
                hash->get<std::string>()};
  if (computed_hash != nullptr) *computed_hash = RecordHash(j);
  if (record != nullptr) *record = std::move(j);
  return f;
}

}  // namespace runtime_internal

namespace {

using nlohmann::json;
namespace ri = runtime_internal;

struct Line {
  std::uint64_t no = 0;
  std::string_view text;
  bool has_newline = true;
  std::optional<ri::ChainFields> f;
  std::string computed;
  std::vector<TornLine> torn;  // the record's `torn` acknowledgements
};

std::vector<TornLine> ReadTorn(const json& record) {
  std::vector<TornLine> out;
  auto it = record.find("torn");
  if (it == record.end() || !it->is_array()) return out;
  for (const json& t : *it) {
    if (!t.is_object()) continue;
    TornLine tl;
    tl.line = t.value("line", std::uint64_t{0});
    tl.bytes = t.value("bytes", std::uint64_t{0});
    tl.sha256 = t.value("sha256", std::string());
    out.push_back(std::move(tl));
  }
  return out;
}

std::string At(const Line& l) {
  return "line " + std::to_string(l.no) +
         (l.f ? " (seq " + std::to_string(l.f->seq) + ")" : "");
}

}  // namespace

AuditVerifyReport VerifyAuditLogUnguarded(std::string_view text);

Result<std::string> AuditRecordHash(std::string_view record) {
  return CatchExceptions("internal", [&]() -> Result<std::string> {  // no exception crosses the API
  json j;
  ri::ExactJsonError bad;
  if (!ri::ParseJsonExact(record, &j, &bad) || !j.is_object()) {
    return Error{"audit_record_invalid", "the record is not a JSON object", {}};
  }
  return ri::RecordHash(j);
  });
}

AuditVerifyReport VerifyAuditLog(std::string_view text) {
  // No exception crosses the API: a failure to check (out of memory) is a
  // problem of the log's verdict, never an "ok".
  try {
    return VerifyAuditLogUnguarded(text);
  } catch (const std::exception& e) {
    AuditVerifyReport report;
    report.problems.push_back(AuditProblem{0, "audit_verify_failed", std::string("cannot verify the log: ") + e.what()});
    return report;
  }
}

AuditVerifyReport VerifyAuditLogUnguarded(std::string_view text) {
  AuditVerifyReport report;
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    Line l;
    l.no = lines.size() + 1;
    if (end == std::string_view::npos) {
      l.text = text.substr(start);
      l.has_newline = false;
      start = text.size();
    } else {
      l.text = text.substr(start, end - start);
      start = end + 1;
    }
    json record;
    l.f = ri::ParseChainFields(l.text, &l.computed, &record);
    if (l.f) l.torn = ReadTorn(record);
    lines.push_back(std::move(l));
  }
  report.lines = lines.size();

  // Which lines carry a given hash, and which point at it as their prev.
  std::multimap<std::string, std::size_t> by_hash, by_prev;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].f) continue;
    by_hash.emplace(lines[i].f->hash, i);
    by_prev.emplace(lines[i].f->prev, i);
  }
  auto first_with = [](const std::multimap<std::string, std::size_t>& m,
                       const std::string& key, auto pred) -> long {
    auto [b, e] = m.equal_range(key);
    for (auto it = b; it != e; ++it) {
      if (pred(it->second)) return static_cast<long>(it->second);
    }
    return -1;
  };

  auto problem = [&](std::uint64_t line, const char* code, std::string msg) {
    report.problems.push_back({line, code, std::move(msg)});
  };

  std::uint64_t exp_seq = 1;
  std::string exp_prev(kGenesisHash);
  long last = -1;  // index of the last record accepted into the chain
  std::vector<bool> accepted(lines.size(), false);
  std::set<std::size_t> reordered, reported;
  std::vector<TornLine> pending_torn;
  auto advance = [&](std::size_t i) {
    exp_seq = lines[i].f->seq + 1;
    exp_prev = lines[i].f->hash;
    last = static_cast<long>(i);
    accepted[i] = true;
  };

  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line& l = lines[i];
    if (!l.f) {
      TornLine t{l.no, l.text.size(), ri::Sha256Tagged(l.text)};
      if (!l.has_newline) {
        problem(l.no, "audit_truncated",
                "line " + std::to_string(l.no) + " is cut short (" +
                    std::to_string(l.text.size()) +
                    " bytes, no newline): the log stopped in the middle of a "
                    "write; the " + std::to_string(report.records) +
                    " record(s) before it are checked");
      } else {
        pending_torn.push_back(std::move(t));
      }
      continue;
    }
    ++report.records;

    // Torn lines since the last record must be named by this record.
    for (const TornLine& t : pending_torn) {
      bool ack = std::any_of(l.torn.begin(), l.torn.end(), [&](const TornLine& a) {
        return a.line == t.line && a.sha256 == t.sha256;
      });
      if (ack) {
        report.acknowledged_torn.push_back(t);
      } else {
        problem(t.line, "audit_line_invalid",
                "line " + std::to_string(t.line) +
                    " is not a record and no later record acknowledges it");
      }
    }
    for (const TornLine& a : l.torn) {
      bool found = std::any_of(pending_torn.begin(), pending_torn.end(),
                               [&](const TornLine& t) {
                                 return a.line == t.line && a.sha256 == t.sha256;
                               });
      if (!found) {
        problem(l.no, "audit_chain_broken",
                At(l) + " acknowledges a torn line " + std::to_string(a.line) +
                    " that is no longer there as it was written");
      }
    }
    pending_torn.clear();

    const ri::ChainFields& f = *l.f;
    if (l.computed != f.hash) {
      problem(l.no, "audit_record_edited",
              At(l) + ": the content does not match the record's hash: the "
                      "record was edited after it was written");
      advance(i);
      continue;
    }
    if (f.seq == exp_seq && f.prev == exp_prev) {
      advance(i);
      continue;
    }
    long dup = first_with(by_hash, f.hash, [&](std::size_t j) { return j < i; });
    if (dup >= 0) {
      problem(l.no, "audit_record_inserted",
              At(l) + " repeats the record at line " +
                  std::to_string(lines[dup].no) + ": a copy was inserted");
      continue;
    }
    long pred_later =
        first_with(by_hash, f.prev, [&](std::size_t j) { return j > i; });
    long succ_earlier =
        first_with(by_prev, f.hash, [&](std::size_t j) { return j < i; });
    if (pred_later < 0 && succ_earlier >= 0 &&
        reordered.count(static_cast<std::size_t>(succ_earlier)) > 0) {
      advance(i);  // the other half of a move already reported
      continue;
    }
    if (pred_later >= 0 || succ_earlier >= 0) {
      std::string where =
          pred_later >= 0
              ? "the record it follows is further down, at line " +
                    std::to_string(lines[pred_later].no)
              : "the record that follows it comes earlier, at line " +
                    std::to_string(lines[succ_earlier].no);
      problem(l.no, "audit_record_reordered",
              At(l) + " is out of order: " + where);
      reordered.insert(i);
      advance(i);
      continue;
    }
    long pred = first_with(by_hash, f.prev, [&](std::size_t j) { return j < i; });
    if (pred >= 0 && reordered.count(static_cast<std::size_t>(pred)) > 0) {
      advance(i);  // already reported at the moved record
      continue;
    }
    if (pred >= 0 && pred != last && lines[pred].f->seq + 1 == f.seq) {
      for (long k = pred + 1; k < static_cast<long>(i); ++k) {
        if (!accepted[k] || !reported.insert(k).second) continue;
        problem(lines[k].no, "audit_record_inserted",
                At(lines[k]) + " is not part of the chain: " + At(l) +
                    " continues from line " + std::to_string(lines[pred].no));
      }
      advance(i);
      continue;
    }
    if (pred < 0 && f.seq > exp_seq) {
      problem(l.no, "audit_record_missing",
              "before " + At(l) + ": record(s) seq " + std::to_string(exp_seq) +
                  (f.seq - 1 > exp_seq ? ".." + std::to_string(f.seq - 1) : "") +
                  " are missing: deleted from the log");
      advance(i);
      continue;
    }
    if (pred < 0 && f.seq == exp_seq && last >= 0) {
      problem(lines[last].no, "audit_record_edited",
              At(lines[last]) + ": the record was changed and re-hashed: " +
                  At(l) + " chains to a different hash");
      advance(i);
      continue;
    }
    problem(l.no, "audit_chain_broken",
            At(l) + ": expected seq " + std::to_string(exp_seq) +
                " chained to " +
                (last >= 0 ? "line " + std::to_string(lines[last].no)
                           : std::string("the start of the log")) +
                ", got seq " + std::to_string(f.seq) + " with prev " + f.prev);
    advance(i);
  }
  for (const TornLine& t : pending_torn) {
    problem(t.line, "audit_truncated",
            "line " + std::to_string(t.line) +
                " is not a record and no record follows it: the log stopped "
                "in the middle of a write; the " +
                std::to_string(report.records) + " record(s) before it are checked");
  }
  if (last >= 0) {
    report.last_seq = lines[last].f->seq;
    report.last_hash = lines[last].f->hash;
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const AuditProblem& a, const AuditProblem& b) {
                     return a.line < b.line;
                   });
  return report;
}

}  // namespace bylaw::runtime
