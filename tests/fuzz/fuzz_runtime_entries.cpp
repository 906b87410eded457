// CheckLoadBundle, CheckFacts and CheckAudit (fuzz_entries.h): the runtime
// alone, so that their libFuzzer targets build without the compiler.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "bylaw/audit_log.h"
#include "fuzz_entries.h"
#include "temp_dir.h"

namespace bylaw::fuzzing {
namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

// Codes that the API documents for each boundary (docs/bundle.md 7).
const std::set<std::string> kLoadCodes = {
    "bundle_not_json", "bundle_format", "bundle_version", "bundle_hash_mismatch", "bundle_structure",
    "bundle_dangling_reference", "param_override", "bundle_unsigned", "bundle_untrusted_key",
    "bundle_signature_invalid", "trusted_key_invalid", "out_of_memory"};
const std::set<std::string> kFactsCodes = {"facts_not_json", "facts_invalid", "unknown_decision", "out_of_memory"};
const std::set<std::string> kEvalCodes = {"limit_exceeded", "param_override", "out_of_memory"};
const std::set<std::string> kAuditCodes = {"audit_log_io", "audit_log_corrupt", "audit_log_locked",
                                           "audit_facts_not_json", "out_of_memory"};

std::string Bad(const std::string& where, const rt::Error& e) {
  return where + ": undocumented error " + e.code + ": " + e.message;
}

// Evaluates every decision of `book` on `facts`; "" or what broke.
std::string EvaluateAll(const rt::Rulebook& book, std::string_view facts) {
  for (const std::string& name : book.decision_names()) {
    auto d = book.FindDecision(name);
    if (!d.ok()) return "FindDecision(" + name + ") failed for a listed decision";
    auto f = book.ParseFacts(*d, facts);
    if (!f.ok()) {
      if (!kFactsCodes.count(f.error().code)) return Bad("ParseFacts", f.error());
      continue;
    }
    rt::Outcome o;
    rt::Status s = book.Evaluate(*d, *f, {}, &o);
    if (!s.ok() && !kEvalCodes.count(s.error().code)) return Bad("Evaluate", s.error());
    if (s.ok()) (void)o.ToJson();
  }
  return "";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

const Shipped& ShippedBundle() {
  static const Shipped shipped = [] {
    Shipped s;
    const char* env = std::getenv("BYLAW_FUZZ_BUNDLE");
    s.text = ReadAll(env != nullptr ? env : BYLAW_FUZZ_BUNDLE);
    auto book = rt::LoadBundle(s.text);
    if (!book.ok()) {
      std::fprintf(stderr, "fuzz: cannot load the shipped bundle: %s\n", book.error().ToString().c_str());
      std::abort();
    }
    s.book = *book;
    return s;
  }();
  return shipped;
}

std::string CheckLoadBundle(std::string_view input) {
  for (bool verify : {true, false}) {
    rt::LoadOptions o;
    o.verify_hash = verify;
    auto book = rt::LoadBundle(input, o);
    if (!book.ok()) {
      if (!kLoadCodes.count(book.error().code)) return Bad("LoadBundle", book.error());
      if (book.error().message.empty()) return "LoadBundle: an error without a message";
      continue;
    }
    std::string broke = EvaluateAll(**book, "{}");
    if (!broke.empty()) return broke;
  }
  auto sealed = rt::SealBundle(input);
  if (sealed.ok()) {
    auto again = rt::LoadBundle(*sealed, rt::LoadOptions{});
    rt::LoadOptions unchecked;
    unchecked.verify_hash = false;
    // Sealing only sets the hash: what loads unchecked loads sealed.
    if (rt::LoadBundle(input, unchecked).ok() && !again.ok()) {
      return "a bundle that loads without the hash check does not load once sealed: " + again.error().ToString();
    }
  }
  return "";
}

std::string CheckFacts(std::string_view input) {
  const Shipped& s = ShippedBundle();
  if (input.empty()) return "";
  const std::vector<std::string> names = s.book->decision_names();
  const std::string& name = names[static_cast<unsigned char>(input[0]) % names.size()];
  input.remove_prefix(1);
  auto d = s.book->FindDecision(name);
  if (!d.ok()) return "FindDecision(" + name + ") failed for a listed decision";
  auto f = s.book->ParseFacts(*d, input);
  if (!f.ok()) {
    if (!kFactsCodes.count(f.error().code)) return Bad("ParseFacts", f.error());
    return "";
  }
  rt::Outcome o;
  rt::Status st = s.book->Evaluate(*d, *f, {}, &o);
  if (!st.ok()) {
    if (!kEvalCodes.count(st.error().code)) return Bad("Evaluate", st.error());
    return "";
  }
  // Fail closed: an incomplete outcome names why.
  const json out = json::parse(o.ToJson(), nullptr, false);
  if (out.is_discarded()) return "Outcome::ToJson is not JSON";
  // The JSON path gives the same answer.
  auto again = s.book->EvaluateJson(name, input);
  if (!again.ok()) return "EvaluateJson failed where ParseFacts + Evaluate did not: " + again.error().ToString();
  if (*again != o.ToJson()) return "EvaluateJson differs from ParseFacts + Evaluate";
  return "";
}

std::string CheckAudit(std::string_view input) {
  rt::AuditVerifyReport report = rt::VerifyAuditLog(input);
  if (report.records > report.lines) return "VerifyAuditLog: more records than lines";
  for (const rt::AuditProblem& p : report.problems) {
    if (p.code.empty() || p.message.empty()) return "VerifyAuditLog: a problem without a code or message";
    if (p.line > report.lines) return "VerifyAuditLog: a problem past the last line";
  }

  const Shipped& s = ShippedBundle();
  static const bylaw::testing::TempDir dir("fuzz-audit");
  static const std::string path = dir / "audit.jsonl";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
  }
  rt::AuditLogOptions options;
  options.clock = [] { return std::int64_t{1751356800000}; };
  options.sync_every = 0;
  options.sync_interval = std::chrono::milliseconds(0);
  std::string opened_hash;
  std::uint64_t opened_seq = 0;
  {
    auto log = rt::AuditLog::Open(path, options);
    if (!log.ok()) {
      if (!kAuditCodes.count(log.error().code)) return Bad("AuditLog::Open", log.error());
      return "";
    }
    opened_hash = (*log)->opened().last_hash;
    opened_seq = (*log)->opened().last_seq;
    const std::string name = s.book->decision_names().front();
    auto d = s.book->FindDecision(name);
    auto f = s.book->ParseFacts(*d, "{}");
    if (!f.ok()) return "ParseFacts({}) failed";
    rt::Outcome o;
    rt::Status st = (*log)->EvaluateLogged(*s.book, *d, *f, "{}", {}, &o);
    if (!st.ok()) {
      if (!kAuditCodes.count(st.error().code)) return Bad("EvaluateLogged", st.error());
      return "";
    }
  }
  const std::string text = ReadAll(path);
  const std::size_t end = text.size() >= 2 ? text.rfind('\n', text.size() - 2) : std::string::npos;
  const std::string last = text.substr(end == std::string::npos ? 0 : end + 1);
  const json record = json::parse(last, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return "the appended line is not a record";
  if (record.value("prev", "") != opened_hash) return "the appended record does not chain to the last one found";
  if (record.value("seq", std::uint64_t{0}) != opened_seq + 1) return "the appended record's seq does not follow";
  auto hash = rt::AuditRecordHash(last);
  if (!hash.ok() || *hash != record.value("hash", "")) return "the appended record's hash is wrong";
  return "";
}

}  // namespace bylaw::fuzzing
