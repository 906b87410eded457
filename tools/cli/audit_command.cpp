// `bylaw audit verify|replay` and eval's --log flags (see audit_command.h).
#include "audit_command.h"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "facts_input.h"
#include "json_text.h"
#include "logging.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

// ------------------------------------------------------------------ verify

int RunVerify(const std::string& path) {
  std::string text;
  if (!ReadText(path, &text)) {
    std::cerr << "bylaw audit verify: cannot read `" << path << "`\n";
    return kExitErrors;
  }
  spdlog::debug("verifying `{}` ({} bytes)", path, text.size());
  rt::AuditVerifyReport report = rt::VerifyAuditLog(text);
  for (const rt::TornLine& t : report.acknowledged_torn) {
    std::cout << path << ":" << t.line << ": note: a torn line (" << t.bytes
              << " bytes) left by an interrupted write, acknowledged by the "
                 "next record\n";
  }
  if (report.ok()) {
    std::cout << path << ": " << report.records
              << " record(s), chain intact; last seq " << report.last_seq
              << ", hash " << report.last_hash << "\n";
    return kExitOk;
  }
  for (const rt::AuditProblem& p : report.problems) {
    std::cout << path << ":" << p.line << ": error[" << p.code
              << "]: " << p.message << "\n";
  }
  std::cout << path << ": " << report.problems.size()
            << " problem(s) in " << report.lines << " line(s) ("
            << report.records << " record(s))\n";
  return kExitErrors;
}

// ------------------------------------------------------------------ replay

struct ReplayArgs {
  std::string log;
  RulesInput rules;
  bool quiet = false;
};

// The outputs of a record or an outcome as `{"name": value}`, plus the
// completeness flag under `$complete` when false.
std::string Show(const json& v) { return v.dump(); }

json OutcomeOutputs(const rt::Outcome& o, json* fired) {
  // Decimals compared by their exact text, not as rounded doubles.
  json doc = ParseKeepingDecimals(o.ToJson());
  if (fired != nullptr) {
    *fired = json::array();
    std::set<std::string> seen;
    for (const rt::TraceEvent& e : o.trace()) {
      if (e.kind == rt::TraceEvent::Kind::kTable) {
        for (const std::string& r : e.rows) {
          if (seen.insert(r).second) fired->push_back(r);
        }
      } else if (e.kind == rt::TraceEvent::Kind::kRule &&
                 (e.detail == "stands" || e.detail == "excepted")) {
        if (seen.insert(e.id).second) fired->push_back(e.id);
      }
    }
  }
  if (doc.is_discarded() || !doc.contains("outputs")) return json::object();
  return doc["outputs"];
}

// The first field of `rec` that replay reads and that does not have the
// type bylaw writes, or null.
const char* BadRecordField(const json& rec) {
  struct Field {
    const char* name;
    bool (json::*is)() const noexcept;
  };
  static const Field kFields[] = {{"bundle", &json::is_string},   {"decision", &json::is_string},
                                  {"as_of", &json::is_string},    {"complete", &json::is_boolean},
                                  {"outputs", &json::is_object},  {"fired", &json::is_array},
                                  {"rulesets", &json::is_array}};
  for (const Field& f : kFields) {
    auto it = rec.find(f.name);
    if (it != rec.end() && !((*it).*f.is)()) return f.name;
  }
  if (auto it = rec.find("fired"); it != rec.end()) {
    for (const json& id : *it) {
      if (!id.is_string()) return "fired";
    }
  }
  return nullptr;
}

int RunReplay(const ReplayArgs& args) {
  if (args.rules.paths.empty() == args.rules.bundle_path.empty()) {
    std::cerr << "bylaw audit replay: give rule files (--rules PATH...) or "
                 "--bundle FILE (one of the two)\n";
    return kExitUsage;
  }
  std::string text;
  if (!ReadText(args.log, &text)) {
    std::cerr << "bylaw audit replay: cannot read `" << args.log << "`\n";
    return kExitErrors;
  }
  rt::AuditVerifyReport verdict = rt::VerifyAuditLog(text);
  if (!verdict.ok()) {
    std::cerr << "bylaw audit replay: warning: `" << args.log
              << "` does not verify (" << verdict.problems.size()
              << " problem(s)); run `bylaw audit verify " << args.log
              << "`; replaying its records anyway\n";
  }
  std::optional<LoadedRules> rules = LoadRules(args.rules, "audit replay", std::cerr);
  if (!rules) return kExitErrors;
  const rt::Rulebook& book = *rules->book;
  spdlog::info("replaying `{}` under bundle {}", args.log, book.hash());

  std::size_t records = 0, replayed = 0, same = 0, differ = 0, failed = 0,
              no_facts = 0, path_only = 0;
  // output name -> "before -> after" -> count
  std::map<std::string, std::map<std::string, std::size_t>> changes;
  std::map<std::string, std::size_t> stopped_firing, started_firing;
  std::set<std::string> old_bundles, old_rulesets;
  rt::Outcome outcome;
  std::size_t line_no = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    json rec = ParseKeepingDecimals(line);
    if (rec.is_discarded() || !rec.is_object() || !rec.contains("seq")) continue;
    ++records;
    // A record edited by hand may hold anything: the fields read below are
    // checked for the types bylaw writes first (nlohmann would throw).
    if (const char* bad = BadRecordField(rec)) {
      ++replayed;
      ++failed;
      std::cout << "line " << line_no << ": cannot replay: field `" << bad
                << "` is not what bylaw writes\n";
      continue;
    }
    old_bundles.insert(rec.value("bundle", std::string()));
    if (rec.contains("rulesets")) {
      for (const json& r : rec["rulesets"]) old_rulesets.insert(r.dump());
    }
    if (!rec.contains("facts")) {
      ++no_facts;
      continue;
    }
    ++replayed;
    const std::string where = "line " + std::to_string(line_no) + " (seq " +
                              rec["seq"].dump() + ") " +
                              rec.value("decision", std::string("?"));
    auto fail = [&](const std::string& why) {
      ++failed;
      std::cout << where << ": cannot replay: " << why << "\n";
    };
    rt::Result<rt::DecisionRef> decision =
        book.FindDecision(rec.value("decision", std::string()));
    if (!decision.ok()) {
      fail(decision.error().ToString());
      continue;
    }
    rt::Result<rt::Facts> facts = book.ParseFacts(*decision, rec["facts"].dump());
    if (!facts.ok()) {
      fail(facts.error().ToString());
      continue;
    }
    rt::EvaluateOptions options;
    options.trace = true;
    rt::Result<std::int64_t> as_of = rt::ParseDate(rec.value("as_of", std::string()));
    if (as_of.ok()) options.as_of = *as_of;
    rt::Status s = book.Evaluate(*decision, *facts, options, &outcome);
    if (!s.ok()) {
      fail(s.error().ToString());
      continue;
    }
    json fired_now;
    json after = OutcomeOutputs(outcome, &fired_now);
    const json& before = rec.contains("outputs") ? rec["outputs"] : json::object();
    std::set<std::string> fired_then, fired_set;
    if (rec.contains("fired")) {
      for (const json& f : rec["fired"]) fired_then.insert(f.get<std::string>());
    }
    for (const json& f : fired_now) fired_set.insert(f.get<std::string>());
    for (const std::string& f : fired_then) {
      if (!fired_set.count(f)) ++stopped_firing[f];
    }
    for (const std::string& f : fired_set) {
      if (!fired_then.count(f)) ++started_firing[f];
    }
    const bool complete_then = rec.value("complete", true);
    if (after == before && complete_then == outcome.complete()) {
      ++same;
      if (fired_then != fired_set) ++path_only;
      continue;
    }
    ++differ;
    std::cout << where << ": differs\n";
    std::set<std::string> names;
    for (auto it = before.begin(); it != before.end(); ++it) names.insert(it.key());
    for (auto it = after.begin(); it != after.end(); ++it) names.insert(it.key());
    for (const std::string& n : names) {
      json b = before.contains(n) ? before[n] : json("<absent>");
      json a = after.contains(n) ? after[n] : json("<absent>");
      if (a == b) continue;
      std::cout << "  " << n << ": " << Show(b) << " -> " << Show(a) << "\n";
      ++changes[n][Show(b) + " -> " + Show(a)];
    }
    if (complete_then != outcome.complete()) {
      std::cout << "  complete: " << complete_then << " -> "
                << outcome.complete() << "\n";
    }
  }

  std::cout << "replayed " << replayed << " of " << records
            << " record(s) under " << book.hash() << ": " << same
            << " unchanged, " << differ << " differ, " << failed
            << " cannot be replayed";
  if (no_facts > 0) std::cout << "; " << no_facts << " kept no facts";
  std::cout << "\n";
  if (old_bundles.size() == 1 && *old_bundles.begin() == book.hash()) {
    std::cout << "the log was written under the same bundle\n";
  } else {
    std::cout << "logged under " << old_bundles.size() << " bundle(s); now:";
    for (const std::string& r : book.rulesets()) std::cout << " " << r;
    std::cout << "\n";
  }
  if (!changes.empty()) {
    std::cout << "what the new rules change:\n";
    for (const auto& [name, transitions] : changes) {
      for (const auto& [t, n] : transitions) {
        std::cout << "  " << name << ": " << t << " in " << n
                  << " decision(s)\n";
      }
    }
  }
  for (const auto& [id, n] : stopped_firing) {
    std::cout << "  no longer fires: " << id << " (" << n << " decision(s))\n";
  }
  for (const auto& [id, n] : started_firing) {
    std::cout << "  now fires: " << id << " (" << n << " decision(s))\n";
  }
  if (path_only > 0) {
    std::cout << "  " << path_only
              << " decision(s) reach the same answer through other rules or rows\n";
  }
  return differ + failed > 0 ? kExitErrors : kExitOk;
}

}  // namespace

void AddAuditLogFlags(CLI::App* cmd, AuditLogFlags& flags) {
  cmd->add_option("--log", flags.path,
                  "Append one chained record per decision to this audit log");
  cmd->add_flag("--log-facts", flags.keep_facts,
                "Keep a copy of the facts in each record (for audit replay)");
  cmd->add_option("--log-sync-every", flags.sync_every,
                  "fsync the audit log every N records (0: off)")
      ->capture_default_str();
  cmd->add_option("--log-sync-ms", flags.sync_ms,
                  "fsync the audit log at most this many ms apart (0: off)")
      ->capture_default_str();
}

std::unique_ptr<rt::AuditLog> OpenAuditLog(const AuditLogFlags& flags,
                                           const std::string& verb,
                                           bool* failed) {
  if (flags.path.empty()) return nullptr;
  rt::AuditLogOptions options;
  options.keep_facts = flags.keep_facts;
  options.sync_every = flags.sync_every;
  options.sync_interval = std::chrono::milliseconds(flags.sync_ms);
  rt::Result<std::unique_ptr<rt::AuditLog>> log =
      rt::AuditLog::Open(flags.path, options);
  if (!log.ok()) {
    PrintError(verb, log.error(), std::cerr);
    *failed = true;
    return nullptr;
  }
  const rt::AuditLogState& st = (*log)->opened();
  spdlog::info("audit log `{}`: continuing after seq {}", flags.path, st.last_seq);
  for (const rt::TornLine& t : st.torn) {
    spdlog::warn("audit log `{}`: line {} is torn ({} bytes, an interrupted "
                 "write); the next record acknowledges it",
                 flags.path, t.line, t.bytes);
  }
  return std::move(*log);
}

void RegisterAuditCommand(CLI::App& app, int& exit_code) {
  CLI::App* audit =
      app.add_subcommand("audit", "Check a decision log: verify, replay");
  audit->require_subcommand(1);

  auto log = std::make_shared<std::string>();
  CLI::App* verify =
      audit->add_subcommand("verify", "Check the hash chain of a decision log");
  verify->add_option("log", *log, "The decision log (JSON Lines)")->required();
  verify->callback([log, &exit_code] { exit_code = RunVerify(*log); });

  auto args = std::make_shared<ReplayArgs>();
  CLI::App* replay = audit->add_subcommand(
      "replay", "Re-evaluate logged decisions under other rules and compare");
  replay->add_option("log", args->log, "The decision log (JSON Lines)")->required();
  replay->add_option("--rules", args->rules.paths,
                     "Rule files, or directories searched for *.bylaw");
  replay->add_option("--bundle", args->rules.bundle_path,
                     "A compiled bundle (bylaw compile) instead of rule files");
  AddTrustOption(replay, &args->rules);
  replay->add_option("--root", args->rules.root,
                     "Directory imports are resolved from");
  replay->callback([args, &exit_code] { exit_code = RunReplay(*args); });
}

}  // namespace bylaw::cli
