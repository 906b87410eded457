// `bylaw plan`, `bylaw plan merge`, `bylaw plan verify` (see
// plan_command.h): flags, usage checks and printing around bylaw_plan.
#include "plan_command.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit_command.h"
#include "bylaw/plan/assessment.h"
#include "bylaw/plan/inputs.h"
#include "bylaw/plan/planner.h"
#include "facts_input.h"
#include "progress.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;

enum class Mode { kPlan, kMerge, kVerify };

struct PlanArgs {
  RulesInput rules;
  std::string register_path;
  std::string roster_path;
  int year = 0;
  std::string seed;
  std::string previous;
  std::string out;
  std::string as_of;
  std::string shard;
  bool skip_bad = false;
  int threads = 2;
  bool keep_shards = false;
  bool no_report = false;
  bool quiet = false;
  std::string plan_dir;                 // verify
  std::vector<std::string> shard_dirs;  // merge
  AuditLogFlags log;
};

void AddInputFlags(CLI::App* cmd, PlanArgs& a, Mode mode) {
  cmd->add_option("--rules", a.rules.paths, "Rule files, or directories searched for *.bylaw");
  cmd->add_option("--bundle", a.rules.bundle_path, "A compiled bundle (bylaw compile) instead of --rules");
  cmd->add_option("--root", a.rules.root, "Directory imports are resolved from");
  AddTrustOption(cmd, &a.rules);
  if (mode != Mode::kMerge) {
    cmd->add_option("--register", a.register_path, "The enterprise register (.csv, .jsonl)");
    cmd->add_flag("--skip-bad", a.skip_bad, "Skip and count bad register rows instead of stopping");
  }
  cmd->add_option("--inspectors", a.roster_path, "The inspector roster (.csv, .jsonl)");
  cmd->add_option("--year", a.year, "The plan's year (YYYY)");
  cmd->add_option("--seed", a.seed, "The published seed of the draws");
  cmd->add_option("--previous", a.previous, "Last year's plan (a plan directory or its plan.jsonl)");
  cmd->add_option("--as-of", a.as_of, "The date the rules are applied as of (default YEAR-01-01)");
  cmd->add_option("--threads", a.threads, "Threads to use (default 2)");
  cmd->add_flag("--quiet", a.quiet, "No progress and no summary (progress: a percentage and ETA on a terminal, a line every 10 s off one)");
}

int Usage(const std::string& verb, const std::string& message) {
  std::cerr << "bylaw " << verb << ": " << message << "\n";
  return kExitUsage;
}

// Checks the flags every mode shares; a message for a usage error, or "".
std::string CheckArgs(const PlanArgs& a, Mode mode, bool need_roster) {
  if (a.rules.paths.empty() == a.rules.bundle_path.empty()) return "give --rules PATH... or --bundle FILE (one of the two)";
  if (mode != Mode::kMerge && a.register_path.empty()) return "--register FILE is required";
  if (need_roster && a.roster_path.empty()) return "--inspectors FILE is required";
  if (a.year < 1000 || a.year > 9999) return "--year YYYY is required (four digits)";
  if (a.seed.empty()) return "--seed TEXT is required (publish it with the plan)";
  if (!a.as_of.empty() && !rt::ParseDate(a.as_of).ok()) return "--as-of: expected a date YYYY-MM-DD, got `" + a.as_of + "`";
  if (a.threads < 1) return "--threads must be at least 1";
  if (a.log.keep_facts) {
    return "--log-facts: a plan's visit records cannot be replayed, so they keep only the facts' digest";
  }
  return "";
}

// The plan's stages as progress on stderr (progress.h): reading the
// register (a percentage of its lines, counted first), then the passes over
// the assessed enterprises.
class ProgressPrinter {
 public:
  ProgressPrinter(bool quiet, const std::string& register_path)
      : reporter_(ProgressReporter::ForStderr(quiet, /*lines_off_terminal=*/true), stderr) {
    if (reporter_.mode() != ProgressReporter::Mode::kOff && !register_path.empty()) {
      register_rows_ = CountRegisterRows(register_path);
    }
  }
  // How often the planner should call: often enough to redraw a terminal.
  double interval() const {
    return reporter_.mode() == ProgressReporter::Mode::kTerminal ? 0.2 : 10;
  }
  void Assess(const plan::Progress& p) {
    ProgressSnapshot s{p.rows_read, register_rows_, -1, p.seconds};
    if (p.done) {
      s.total = p.rows_read;
      reporter_.Finish("reading the register", "rows", s);
    } else {
      reporter_.Update("reading the register", "rows", s);
    }
  }
  void Finalize(const plan::FinalizeProgress& p) {
    static const char* const kPass[] = {"", "pass 1/3: counting sample pools",
                                        "pass 2/3: fixing sample thresholds",
                                        "pass 3/3: planning visits"};
    const int pass = p.pass < 1 || p.pass > 3 ? 0 : p.pass;
    // A new pass means the last one went over every enterprise.
    if (pass != pass_ && pass_ != 0 && last_.total > 0) {
      reporter_.Finish(kPass[pass_], "enterprises", {last_.total, last_.total, -1, last_.seconds});
    }
    pass_ = pass;
    last_ = {p.enterprises, p.total, -1, p.seconds};
    if (p.done) {
      reporter_.Finish(kPass[pass], "enterprises", last_);
      pass_ = 0;
    } else {
      reporter_.Update(kPass[pass], "enterprises", last_);
    }
  }

 private:
  // The register's data rows, estimated by its lines (a CSV header is not a
  // row; a quoted line break or a blank line makes it high, which the
  // percentage, never 100 before the end, absorbs). 0 when unreadable.
  static std::int64_t CountRegisterRows(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return 0;
    std::int64_t lines = 0;
    char buffer[1 << 16];
    bool ends_open = false;
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) {
      lines += std::count(buffer, buffer + n, '\n');
      ends_open = buffer[n - 1] != '\n';
    }
    std::fclose(f);
    lines += ends_open;
    const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    return std::max<std::int64_t>(0, lines - (csv ? 1 : 0));
  }

  ProgressReporter reporter_;
  std::int64_t register_rows_ = 0;
  int pass_ = 0;
  ProgressSnapshot last_;
};

struct Loaded {
  LoadedRules rules;
  plan::RegisterSchema schema;
  std::optional<plan::Roster> roster;
};

std::optional<Loaded> Load(const PlanArgs& a, const std::string& verb, bool need_roster) {
  std::optional<LoadedRules> rules = LoadRules(a.rules, verb, std::cerr);
  if (!rules) return std::nullopt;
  Loaded loaded;
  loaded.rules = std::move(*rules);
  rt::Result<plan::RegisterSchema> schema = plan::ReadRegisterSchema(loaded.rules.bundle, *loaded.rules.book);
  if (!schema.ok()) {
    PrintError(verb, schema.error(), std::cerr);
    return std::nullopt;
  }
  loaded.schema = std::move(*schema);
  if (need_roster) {
    rt::Result<plan::Roster> roster = plan::ReadRoster(a.roster_path, loaded.schema, *loaded.rules.book);
    if (!roster.ok()) {
      PrintError(verb, roster.error(), std::cerr);
      return std::nullopt;
    }
    loaded.roster = std::move(*roster);
  }
  return loaded;
}

plan::PlanOptions Options(const PlanArgs& a, ProgressPrinter* progress) {
  plan::PlanOptions o;
  o.year = a.year;
  o.seed = a.seed;
  o.as_of = a.as_of;
  o.register_path = a.register_path;
  o.previous = a.previous;
  o.out_dir = a.out.empty() ? "plan-" + std::to_string(a.year) : a.out;
  o.skip_bad = a.skip_bad;
  o.threads = a.threads;
  o.keep_shards = a.keep_shards;
  o.html_report = !a.no_report;
  o.on_bad_row = [](const rt::Error& e) { std::cerr << "skipped: " << e.message << "\n"; };
  o.assess_progress = [progress](const plan::Progress& p) { progress->Assess(p); };
  o.finalize_progress = [progress](const plan::FinalizeProgress& p) { progress->Finalize(p); };
  o.progress_interval_seconds = progress->interval();
  return o;
}

int Finish(const PlanArgs& a, const plan::PlanOptions& o, const rt::Result<plan::PlanResult>& result,
           const std::string& verb) {
  if (!result.ok()) {
    PrintError(verb, result.error(), std::cerr);
    return kExitErrors;
  }
  if (!a.quiet) {
    std::cout << result->summary_text << "\n"
              << result->visits << " visits for " << result->enterprises << " enterprises written to " << o.out_dir
              << "/ (plan.jsonl, plan.csv, summary.json" << (o.html_report ? ", report.html" : "") << ")\n";
  }
  return kExitOk;
}

int RunShard(const PlanArgs& a, const Loaded& loaded, ProgressPrinter* progress) {
  rt::Result<plan::ShardSpec> spec = plan::ParseShardSpec(a.shard);
  if (!spec.ok()) return Usage("plan", "--shard: " + spec.error().message);
  plan::AssessOptions o;
  o.register_path = a.register_path;
  o.out_dir = a.out.empty() ? "plan-" + std::to_string(a.year) + "-shard-" + std::to_string(spec->index) + "-of-" +
                                  std::to_string(spec->count)
                            : a.out;
  o.year = a.year;
  o.as_of = a.as_of;
  o.seed = a.seed;
  o.shard = *spec;
  o.skip_bad = a.skip_bad;
  o.threads = a.threads;
  o.on_bad_row = [](const rt::Error& e) { std::cerr << "skipped: " << e.message << "\n"; };
  o.progress = [progress](const plan::Progress& p) { progress->Assess(p); };
  o.progress_interval_seconds = progress->interval();
  rt::Result<plan::ShardInfo> info = plan::AssessShard(*loaded.rules.book, loaded.schema, o);
  if (!info.ok()) {
    PrintError("plan", info.error(), std::cerr);
    return kExitErrors;
  }
  if (!a.quiet) {
    std::cout << "shard " << spec->index << "/" << spec->count << ": " << info->enterprises
              << " enterprises assessed (" << info->bad_rows << " bad rows skipped) into " << o.out_dir
              << "/\nthen: bylaw plan merge --out DIR ... with every shard's directory\n";
  }
  return kExitOk;
}

int Run(const PlanArgs& a, Mode mode) {
  const std::string verb = mode == Mode::kPlan ? "plan" : mode == Mode::kMerge ? "plan merge" : "plan verify";
  const bool shard = mode == Mode::kPlan && !a.shard.empty();
  std::string problem = CheckArgs(a, mode, /*need_roster=*/!shard);
  if (problem.empty() && mode == Mode::kMerge && a.shard_dirs.empty()) problem = "give the shard directories to merge";
  if (problem.empty() && mode == Mode::kVerify && a.plan_dir.empty()) problem = "--plan DIR is required";
  if (problem.empty() && shard && !a.log.path.empty()) problem = "--log: a shard has no visits yet; log at merge";
  if (!problem.empty()) return Usage(verb, problem);
  ProgressPrinter progress(a.quiet, mode == Mode::kPlan ? a.register_path : std::string());
  std::optional<Loaded> loaded = Load(a, verb, /*need_roster=*/!shard);
  if (!loaded) return kExitErrors;
  if (shard) return RunShard(a, *loaded, &progress);
  plan::PlanOptions o = Options(a, &progress);
  const rt::Rulebook& book = *loaded->rules.book;
  if (mode == Mode::kVerify) {
    o.html_report = false;
    rt::Result<plan::VerifyResult> verified = plan::VerifyPlan(a.plan_dir, book, loaded->schema, *loaded->roster, o);
    if (!verified.ok()) {
      PrintError(verb, verified.error(), std::cerr);
      return kExitErrors;
    }
    if (!verified->ok) {
      std::cerr << "bylaw plan verify: " << verified->difference << "\n";
      return kExitErrors;
    }
    std::cout << verified->visits << " visits verified\n";
    return kExitOk;
  }
  bool log_failed = false;
  std::unique_ptr<rt::AuditLog> log = OpenAuditLog(a.log, verb, &log_failed);
  if (log_failed) return kExitErrors;
  o.audit_log = log.get();
  if (mode == Mode::kMerge) {
    return Finish(a, o, plan::FinalizePlan(book, loaded->schema, *loaded->roster, a.shard_dirs, o), verb);
  }
  return Finish(a, o, plan::RunPlan(book, loaded->schema, *loaded->roster, o), verb);
}

}  // namespace

void RegisterPlanCommand(CLI::App& app, int& exit_code) {
  auto plan_args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan", "The year's integrated inspection plan from a register, a roster and the rules");
  AddInputFlags(cmd, *plan_args, Mode::kPlan);
  cmd->add_option("--out", plan_args->out, "Output directory (default plan-YEAR)");
  cmd->add_option("--shard", plan_args->shard, "Assess only shard I of N (1-based, e.g. 2/8) into --out");
  cmd->add_flag("--keep-shards", plan_args->keep_shards, "Keep the assessment in OUT/shard-1-of-1");
  cmd->add_flag("--no-report", plan_args->no_report, "Do not write report.html");
  AddAuditLogFlags(cmd, plan_args->log);

  auto merge_args = std::make_shared<PlanArgs>();
  CLI::App* merge = cmd->add_subcommand("merge", "Finalize shard directories into the plan of a single run");
  AddInputFlags(merge, *merge_args, Mode::kMerge);
  merge->add_option("--out", merge_args->out, "Output directory (default plan-YEAR)");
  merge->add_flag("--no-report", merge_args->no_report, "Do not write report.html");
  merge->add_option("shards", merge_args->shard_dirs, "The shard directories (all N of them)");
  AddAuditLogFlags(merge, merge_args->log);

  auto verify_args = std::make_shared<PlanArgs>();
  CLI::App* verify = cmd->add_subcommand("verify", "Recompute a plan and check every code and draw");
  AddInputFlags(verify, *verify_args, Mode::kVerify);
  verify->add_option("--plan", verify_args->plan_dir, "The plan directory to check");

  merge->callback([merge_args, &exit_code] { exit_code = Run(*merge_args, Mode::kMerge); });
  verify->callback([verify_args, &exit_code] { exit_code = Run(*verify_args, Mode::kVerify); });
  cmd->callback([merge, verify, plan_args, &exit_code] {
    // CLI11 runs this after a subcommand's callback too.
    if (merge->parsed() || verify->parsed()) return;
    exit_code = Run(*plan_args, Mode::kPlan);
  });
}

}  // namespace bylaw::cli
