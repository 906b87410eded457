// The decision log (bylaw/audit_log.h): records and their chain, each kind
// of tampering caught at its line, a log cut mid-write, reopening, and many
// threads writing one chain.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <chrono>
#include <cstring>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bylaw/audit_log.h"
#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"

namespace {

namespace fs = std::filesystem;
namespace rt = bylaw::runtime;
using nlohmann::json;

std::shared_ptr<const rt::Rulebook> LoadVersion(const std::string& v) {
  bylaw::dsl::Compiler compiler = bylaw::dsl::CompilerBuilder().Build();
  bylaw::dsl::CompileResult r =
      compiler.Compile({std::string(BYLAW_AUDIT_CASES) + "/" + v});
  REQUIRE(r.ok());
  rt::Result<std::shared_ptr<const rt::Rulebook>> book = rt::LoadBundle(r.bundle);
  REQUIRE(book.ok());
  return *book;
}

const std::shared_ptr<const rt::Rulebook>& V1() {
  static const std::shared_ptr<const rt::Rulebook> book = LoadVersion("v1");
  return book;
}

std::vector<std::string> BatchFacts() {
  std::ifstream in(std::string(BYLAW_AUDIT_CASES) + "/batch.jsonl");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  REQUIRE(out.size() >= 5);
  return out;
}

// A fresh path in the build tree, removed first.
std::string TempLog(const std::string& name) {
  fs::path p = fs::path(BYLAW_AUDIT_TMP) / (name + ".jsonl");
  fs::remove(p);
  return p.string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// Appends `n` decisions (cycling through the batch facts) to `path`.
void WriteDecisions(const std::string& path, int n, bool keep_facts = true) {
  rt::AuditLogOptions opts;
  opts.keep_facts = keep_facts;
  std::int64_t t = 1717200000000;  // 2024-06-01T00:00:00Z
  opts.clock = [&t] { return t += 7; };
  auto log = rt::AuditLog::Open(path, opts);
  REQUIRE(log.ok());
  const rt::Rulebook& book = *V1();
  auto d = book.FindDecision("permit");
  REQUIRE(d.ok());
  std::vector<std::string> facts = BatchFacts();
  for (int i = 0; i < n; ++i) {
    const std::string& text = facts[i % facts.size()];
    auto f = book.ParseFacts(*d, text);
    REQUIRE(f.ok());
    rt::Outcome o;
    REQUIRE((*log)->EvaluateLogged(book, *d, *f, text, {}, &o).ok());
  }
}

// The record with the new content re-hashed, as a forger would.
std::string Rehash(const std::string& line) {
  json j = json::parse(line);
  j.erase("hash");
  rt::Result<std::string> h = rt::AuditRecordHash(j.dump());
  REQUIRE(h.ok());
  j["hash"] = *h;
  return j.dump();
}

std::string ChangeOutput(const std::string& line) {
  json j = json::parse(line);
  j["outputs"]["per_year"] = j["outputs"]["per_year"].get<int>() + 10;
  return j.dump();
}

TEST_CASE("a record holds the decision, its inputs' digest and its chain") {
  const std::string path = TempLog("record");
  WriteDecisions(path, 2);
  std::vector<std::string> lines = SplitLines(ReadFile(path));
  REQUIRE(lines.size() == 2);
  json first = json::parse(lines[0]);
  json second = json::parse(lines[1]);
  CHECK(first["seq"] == 1);
  CHECK(second["seq"] == 2);
  CHECK(first["prev"] == std::string(rt::kGenesisHash));
  CHECK(second["prev"] == first["hash"]);
  CHECK(first["bundle"] == V1()->hash());
  CHECK(first["rulesets"] == json(V1()->rulesets()));
  CHECK(first["decision"] == "shop.permit");
  CHECK(first["as_of"] == "2024-06-01");
  CHECK(first["time"] == "2024-06-01T00:00:00.007Z");
  // The digest is of the canonical facts: the same document with other
  // spacing and key order has the same digest.
  json facts = json::parse(BatchFacts()[0]);
  CHECK(first["facts"] == facts);
  CHECK(first["outputs"]["per_year"] == 2);  // grade B in v1
  CHECK(first["complete"] == true);
  bool mid_fired = false;
  for (const json& id : first["fired"]) {
    if (id.get<std::string>().find("#mid") != std::string::npos) mid_fired = true;
  }
  CHECK(mid_fired);
  // Each line's hash is the hash of the line without it.
  json no_hash = first;
  no_hash.erase("hash");
  CHECK(*rt::AuditRecordHash(no_hash.dump()) == first["hash"]);
}

TEST_CASE("reason codes and the facts digest") {
  const std::string path = TempLog("reasons");
  WriteDecisions(path, 4, /*keep_facts=*/false);
  std::vector<std::string> lines = SplitLines(ReadFile(path));
  REQUIRE(lines.size() == 4);
  json closed = json::parse(lines[3]);  // S4: not open
  CHECK_FALSE(closed.contains("facts"));
  CHECK(closed["outputs"]["allowed"] == false);
  CHECK(closed["outputs"]["reasons"] == json::array({"CLOSED"}));
  // Same facts with other key order and spacing: same digest.
  const std::string path2 = TempLog("reasons2");
  {
    auto log = rt::AuditLog::Open(path2);
    REQUIRE(log.ok());
    const rt::Rulebook& book = *V1();
    auto d = book.FindDecision("permit");
    std::string a = BatchFacts()[3];
    std::string b = json::parse(a).dump(4);
    for (const std::string& text : {a, b}) {
      auto f = book.ParseFacts(*d, text);
      REQUIRE(f.ok());
      rt::Outcome o;
      REQUIRE((*log)->EvaluateLogged(book, *d, *f, text, {}, &o).ok());
    }
  }
  std::vector<std::string> two = SplitLines(ReadFile(path2));
  REQUIRE(two.size() == 2);
  CHECK(json::parse(two[0])["facts_sha256"] == closed["facts_sha256"]);
  CHECK(json::parse(two[1])["facts_sha256"] == closed["facts_sha256"]);
}

TEST_CASE("a clean log verifies and reports its count") {
  const std::string path = TempLog("clean");
  WriteDecisions(path, 12);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(ReadFile(path));
  CHECK(r.ok());
  CHECK(r.records == 12);
  CHECK(r.last_seq == 12);
  CHECK(r.last_hash == json::parse(SplitLines(ReadFile(path)).back())["hash"]);
}

struct Tamper {
  const char* name;
  std::function<void(std::vector<std::string>&)> change;
  const char* code;
  std::uint64_t line;
};

TEST_CASE("each kind of tampering is caught at its line") {
  const std::string path = TempLog("tamper");
  WriteDecisions(path, 8);
  const std::vector<std::string> clean = SplitLines(ReadFile(path));
  REQUIRE(clean.size() == 8);
  static const Tamper kCases[] = {
      {"edited output", [](auto& l) { l[2] = ChangeOutput(l[2]); },
       "audit_record_edited", 3},
      {"edited and re-hashed", [](auto& l) { l[2] = Rehash(ChangeOutput(l[2])); },
       "audit_record_edited", 3},
      {"deleted", [](auto& l) { l.erase(l.begin() + 2); },
       "audit_record_missing", 3},
      {"deleted two", [](auto& l) { l.erase(l.begin() + 2, l.begin() + 4); },
       "audit_record_missing", 3},
      {"copy inserted", [](auto& l) { l.insert(l.begin() + 4, l[1]); },
       "audit_record_inserted", 5},
      {"forged record inserted",
       [](auto& l) { l.insert(l.begin() + 2, Rehash(ChangeOutput(l[2]))); },
       "audit_record_inserted", 3},
      {"reordered", [](auto& l) { std::swap(l[2], l[3]); },
       "audit_record_reordered", 3},
      {"garbage line inserted", [](auto& l) { l.insert(l.begin() + 5, "{\"x\":1"); },
       "audit_line_invalid", 6},
  };
  for (const Tamper& t : kCases) {
    DYNAMIC_SECTION(t.name) {
      std::vector<std::string> lines = clean;
      t.change(lines);
      rt::AuditVerifyReport r = rt::VerifyAuditLog(JoinLines(lines));
      REQUIRE_FALSE(r.ok());
      CHECK(r.problems.front().code == t.code);
      CHECK(r.problems.front().line == t.line);
      // One change, one report: the chain resynchronises after it.
      INFO(r.problems.back().message);
      CHECK(r.problems.size() == 1);
    }
  }
}

TEST_CASE("a log cut mid-write reports its last line; earlier records verify") {
  const std::string path = TempLog("truncated");
  WriteDecisions(path, 6);
  std::string text = ReadFile(path);
  std::vector<std::string> lines = SplitLines(text);
  // Cut in the middle of the last record.
  const std::size_t cut = text.size() - lines.back().size() / 2;
  fs::resize_file(path, cut);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(ReadFile(path));
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].code == "audit_truncated");
  CHECK(r.problems[0].line == 6);
  CHECK(r.records == 5);
  CHECK(r.last_seq == 5);

  SECTION("reopening continues after the last record and acknowledges the torn line") {
    {
      auto log = rt::AuditLog::Open(path);
      REQUIRE(log.ok());
      REQUIRE((*log)->opened().torn.size() == 1);
      CHECK((*log)->opened().torn[0].line == 6);
      CHECK((*log)->opened().last_seq == 5);
    }
    WriteDecisions(path, 2);
    rt::AuditVerifyReport after = rt::VerifyAuditLog(ReadFile(path));
    CHECK(after.ok());
    CHECK(after.records == 7);
    CHECK(after.last_seq == 7);
    REQUIRE(after.acknowledged_torn.size() == 1);
    CHECK(after.acknowledged_torn[0].line == 6);
  }
}

TEST_CASE("reopening a log continues its chain") {
  const std::string path = TempLog("reopen");
  WriteDecisions(path, 3);
  WriteDecisions(path, 4);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(ReadFile(path));
  CHECK(r.ok());
  CHECK(r.records == 7);
  CHECK(r.last_seq == 7);
}

TEST_CASE("a file that is not a log is refused") {
  const std::string path = TempLog("not_a_log");
  std::ofstream(path) << "hello\n";
  auto log = rt::AuditLog::Open(path);
  REQUIRE_FALSE(log.ok());
  CHECK(log.error().code == "audit_log_corrupt");
}

TEST_CASE("records are written in the verifier's canonical form") {
  // Facts as hosts write them: keys in any order, spacing, escapes, text
  // that must be escaped, non-ASCII text raw and escaped; a missing fact
  // (errors in the record) and too few staff.
  const std::vector<std::string> texts = {
      R"({"shop": {"staff": 3, "open": true, "grade": "B", "id": "S\"1\\ \u00e9\ud83d\ude00 \u0001/\/"},)"
      R"( "as_of": "2024-06-01"})",
      "{\"as_of\":\"2024-06-01\",\"shop\":{\"id\":\"\xe5\x8d\x97\xe9\x80\x9a\\t\",\"grade\":\"B\","
      "\"open\":true,\"staff\":1}}",
      "\n{ \"as_of\" : \"2024-06-01\" , \"shop\" : { \"id\" : \"S3\" , \"grade\" : \"C\" ,"
      " \"staff\" : 2 } }\r\n",
  };
  for (bool keep_facts : {false, true}) {
    const std::string path = TempLog(keep_facts ? "canonical_facts" : "canonical");
    {
      rt::AuditLogOptions opts;
      opts.keep_facts = keep_facts;
      opts.clock = [] { return std::int64_t{1764213000123}; };
      auto log = rt::AuditLog::Open(path, opts);
      REQUIRE(log.ok());
      const rt::Rulebook& book = *V1();
      auto d = book.FindDecision("permit");
      REQUIRE(d.ok());
      for (const std::string& text : texts) {
        auto f = book.ParseFacts(*d, text);
        REQUIRE(f.ok());
        rt::Outcome o;
        REQUIRE((*log)->EvaluateLogged(book, *d, *f, text, {}, &o).ok());
      }
    }
    const std::vector<std::string> lines = SplitLines(ReadFile(path));
    REQUIRE(lines.size() == texts.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      INFO(lines[i]);
      const json record = json::parse(lines[i]);
      CHECK(record.dump() == lines[i]);
      CHECK(record["time"] == "2025-11-27T03:10:00.123Z");
      CHECK(*rt::AuditRecordHash(lines[i]) == record["hash"]);
      const json facts = json::parse(texts[i]);
      CHECK(record["facts_sha256"] == *rt::AuditRecordHash(facts.dump()));
      CHECK(record.contains("facts") == keep_facts);
      if (keep_facts) CHECK(record["facts"] == facts);
    }
    CHECK(json::parse(lines[1])["outputs"]["reasons"] == json::array({"TOO_FEW_STAFF"}));
    CHECK(json::parse(lines[2])["errors"].size() == 2);
    CHECK(rt::VerifyAuditLog(ReadFile(path)).ok());
  }
}

TEST_CASE("a facts document that is not JSON is refused and nothing is written") {
  const std::string path = TempLog("not_json");
  auto log = rt::AuditLog::Open(path);
  REQUIRE(log.ok());
  const rt::Rulebook& book = *V1();
  auto d = book.FindDecision("permit");
  REQUIRE(d.ok());
  const std::string good = BatchFacts()[0];
  auto f = book.ParseFacts(*d, good);
  REQUIRE(f.ok());
  rt::Outcome o;
  rt::EvaluateOptions traced;
  traced.trace = true;
  REQUIRE(book.Evaluate(*d, *f, traced, &o).ok());
  for (const std::string bad : {"{\"as_of\": ", "{\"a\": 1} x", "{\"a\": \"\xff\"}"}) {
    auto seq = (*log)->Append(book, o, bad);
    REQUIRE_FALSE(seq.ok());
    CHECK(seq.error().code == "audit_facts_not_json");
  }
  // What only nlohmann decides (a repeated key: the last wins) is logged as
  // it reads it.
  REQUIRE((*log)->Append(book, o, R"({"shop": 1, "shop": {"id": "S1"}})").ok());
  log->reset();
  const std::vector<std::string> lines = SplitLines(ReadFile(path));
  REQUIRE(lines.size() == 1);
  CHECK(json::parse(lines[0])["facts_sha256"] ==
        *rt::AuditRecordHash(R"({"shop":{"id":"S1"}})"));
}

TEST_CASE("concurrent writers give one valid chain") {
  const std::string path = TempLog("concurrent");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 400;
  {
    rt::AuditLogOptions opts;
    opts.sync_every = 50;
    opts.keep_facts = true;
    auto log = rt::AuditLog::Open(path, opts);
    REQUIRE(log.ok());
    const rt::Rulebook& book = *V1();
    auto d = book.FindDecision("permit");
    REQUIRE(d.ok());
    const std::vector<std::string> facts = BatchFacts();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          const std::string& text = facts[(t + i) % facts.size()];
          auto f = book.ParseFacts(*d, text);
          rt::Outcome o;
          if (!f.ok() || !(*log)->EvaluateLogged(book, *d, *f, text, {}, &o).ok()) {
            ++failures;
          }
        }
      });
    }
    for (std::thread& th : threads) th.join();
    CHECK(failures == 0);
  }
  std::string text = ReadFile(path);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(text);
  INFO((r.problems.empty() ? std::string() : r.problems[0].message));
  CHECK(r.ok());
  CHECK(r.records == kThreads * kPerThread);
  CHECK(r.last_seq == kThreads * kPerThread);
  std::set<std::string> ids;
  for (const std::string& line : SplitLines(text)) {
    ids.insert(json::parse(line)["facts"]["shop"]["id"].get<std::string>());
  }
  CHECK(ids.size() == BatchFacts().size());  // every thread's facts landed
}

}  // namespace

// Issue 12, finding 3: a decimal with 17 significant digits (which no
// double holds) is exact from the facts text through evaluation, param
// overrides, the result JSON fed back as facts, and the decision log,
// whose chain still verifies.
TEST_CASE("decimals are exact in facts, params, results and the decision log") {
  bylaw::dsl::Compiler compiler = bylaw::dsl::CompilerBuilder().Build();
  bylaw::dsl::CompileResult r =
      compiler.Compile({std::string(BYLAW_AUDIT_CASES) + "/../../cli/cases/decimals"});
  REQUIRE(r.ok());
  auto loaded = rt::LoadBundle(r.bundle);
  REQUIRE(loaded.ok());
  const rt::Rulebook& book = **loaded;
  auto d = book.FindDecision("compare");
  REQUIRE(d.ok());
  const std::string text =
      R"({"as_of":"2024-06-01","x":{"a":12345678901.123455,"b":12345678901.123456}})";
  auto f = book.ParseFacts(*d, text);
  REQUIRE(f.ok());
  rt::Outcome o;
  REQUIRE(book.Evaluate(*d, *f, {}, &o).ok());
  REQUIRE(o.Find("ge") != nullptr);
  CHECK_FALSE(o.Find("ge")->bool_value());
  CHECK(o.Find("a")->ToString() == "12345678901.123455");
  const std::string result = o.ToJson();
  CHECK(result.find("\"a\":12345678901.123455,") != std::string::npos);
  CHECK(result.find("\"sum\":24691357802.246911") != std::string::npos);

  // The result's number text, fed back as facts, is the same number.
  const std::size_t at = result.find("\"a\":") + 4;
  const std::string a = result.substr(at, result.find(',', at) - at);
  auto again = book.ParseFacts(*d, R"({"as_of":"2024-06-01","x":{"a":)" + a +
                                       R"(,"b":12345678901.123455}})");
  REQUIRE(again.ok());
  rt::Outcome o2;
  REQUIRE(book.Evaluate(*d, *again, {}, &o2).ok());
  CHECK(o2.Find("ge")->bool_value());  // a == b exactly

  // Param overrides are read from their text too.
  rt::EvaluateOptions below;
  below.params["decimals.ceiling"] = "12345678901.123454";
  REQUIRE(book.Evaluate(*d, *f, below, &o2).ok());
  CHECK_FALSE(o2.Find("below_ceiling")->bool_value());
  below.params["decimals.ceiling"] = "12345678901.123455";
  REQUIRE(book.Evaluate(*d, *f, below, &o2).ok());
  CHECK(o2.Find("below_ceiling")->bool_value());
  rt::EvaluateOptions bad;
  bad.params["decimals.ceiling"] = "9223372036854.775808";
  rt::Status s = book.Evaluate(*d, *f, bad, &o2);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "param_override");
  CHECK(s.error().message.find("out of range (-9223372036854.775807 to 9223372036854.775807)") !=
        std::string::npos);
  bad.params["decimals.ceiling"] = "1e400";
  s = book.Evaluate(*d, *f, bad, &o2);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "param_override");
  CHECK(s.error().message.find("1e400 is out of range") != std::string::npos);

  // The decision log keeps the digits, and its chain verifies.
  const std::string path = TempLog("decimals");
  {
    rt::AuditLogOptions opts;
    opts.keep_facts = true;
    opts.clock = [] { return std::int64_t{1717200000000}; };
    auto log = rt::AuditLog::Open(path, opts);
    REQUIRE(log.ok());
    REQUIRE((*log)->EvaluateLogged(book, *d, *f, text, {}, &o2).ok());
  }
  const std::string logged = ReadFile(path);
  CHECK(logged.find("\"a\":12345678901.123455,\"b\":12345678901.123456") != std::string::npos);
  CHECK(logged.find("\"a\":12345678901.123455,") != std::string::npos);
  CHECK(rt::VerifyAuditLog(logged).ok());
  // Changing the last digit of a logged fact is caught.
  std::string forged = logged;
  forged.replace(forged.find("12345678901.123456"), 18, "12345678901.123457");
  CHECK_FALSE(rt::VerifyAuditLog(forged).ok());
}

namespace {

TEST_CASE("a second writer of the same log is refused while the first has it open") {
  // Before the flock both opened, read the same last record and forked the
  // chain (issue 17, finding 5).
  const std::string path = TempLog("two_writers");
  WriteDecisions(path, 2);
  auto first = rt::AuditLog::Open(path);
  REQUIRE(first.ok());
  auto second = rt::AuditLog::Open(path);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == "audit_log_locked");
  CHECK(second.error().message.find("another writer") != std::string::npos);

  // With a wait, the second writer gets the log once the first closes it,
  // and continues the one chain.
  rt::AuditLogOptions wait;
  wait.lock_timeout = std::chrono::milliseconds(5000);
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first.value().reset();
  });
  auto third = rt::AuditLog::Open(path, wait);
  closer.join();
  REQUIRE(third.ok());
  CHECK((*third)->opened().last_seq == 2);
}

TEST_CASE("writers in two processes never fork the chain") {
  const std::string path = TempLog("two_processes");
  WriteDecisions(path, 1);
  auto held = rt::AuditLog::Open(path);
  REQUIRE(held.ok());
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The other process: refused while the parent holds the log.
    auto log = rt::AuditLog::Open(path);
    ::_exit(!log.ok() && log.error().code == "audit_log_locked" ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  held.value().reset();
  WriteDecisions(path, 2);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(ReadFile(path));
  CHECK(r.ok());
  CHECK(r.records == 3);
}

TEST_CASE("a write cut short by a full disk names the error, not Success") {
  // A file-size limit stands in for a full disk: the record's write(2)
  // stops short at the limit, and the next one fails with EFBIG. Before,
  // the short write was reported with the stale errno: "Success".
  const std::string path = TempLog("full_disk");
  WriteDecisions(path, 1);
  const std::uintmax_t size = fs::file_size(path);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{size + 100, size + 100};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(2);
    auto log = rt::AuditLog::Open(path);
    if (!log.ok()) ::_exit(3);
    const rt::Rulebook& book = *V1();
    auto d = book.FindDecision("permit");
    const std::string text = BatchFacts()[0];
    auto f = book.ParseFacts(*d, text);
    rt::Outcome o;
    rt::Status s = (*log)->EvaluateLogged(book, *d, *f, text, {}, &o);
    if (s.ok()) ::_exit(4);
    const std::string& m = s.error().message;
    const bool named = s.error().code == "audit_log_io" &&
                       m.find(std::strerror(EFBIG)) != std::string::npos &&
                       m.find("Success") == std::string::npos;
    std::fprintf(stderr, "child: %s\n", m.c_str());
    ::_exit(named ? 0 : 5);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // The part written is acknowledged by the next record: the log verifies.
  WriteDecisions(path, 1);
  rt::AuditVerifyReport r = rt::VerifyAuditLog(ReadFile(path));
  CHECK(r.ok());
  CHECK(r.records == 2);
}

}  // namespace
