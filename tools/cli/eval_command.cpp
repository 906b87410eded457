// `bylaw eval` (see eval_command.h).
#include "eval_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "audit_command.h"
#include "eval_batch.h"
#include "json_text.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;

int RunEval(const EvalArgs& args, const AuditLogFlags& log_flags) {
  int exit_code = kExitOk;
  std::optional<PreparedEval> prepared =
      PrepareEval(args, "eval", /*allow_batch=*/true, &exit_code);
  if (!prepared) return exit_code;
  bool log_failed = false;
  std::unique_ptr<rt::AuditLog> log = OpenAuditLog(log_flags, "eval", &log_failed);
  if (log_failed) return kExitErrors;
  if (!args.batch.empty()) return RunBatch(*prepared, args, log.get());
  std::string facts_text;
  std::optional<rt::Facts> facts =
      ReadFacts(*prepared, args, "eval", log ? &facts_text : nullptr);
  if (!facts) return kExitErrors;
  rt::Outcome outcome;
  rt::Status s =
      log ? log->EvaluateLogged(*prepared->rules.book, prepared->decision,
                                *facts, facts_text, prepared->options, &outcome)
          : prepared->rules.book->Evaluate(prepared->decision, *facts,
                                           prepared->options, &outcome);
  if (!s.ok()) {
    PrintError("eval", s.error(), std::cerr);
    return kExitErrors;
  }
  // Written from the outcome's own text and only re-indented: a round trip
  // through nlohmann would round decimals through a double. The trace,
  // recorded for the audit log alone without --trace, is left out; `trace`
  // is the last key, so it is appended when absent.
  std::string text;
  outcome.AppendJson(&text, /*with_trace=*/args.trace);
  if (text.size() >= 2 && !(args.trace && !outcome.trace().empty())) {
    text.insert(text.size() - 1, args.trace ? ",\"trace\":[]" : ",\"trace\":null");
  }
  std::cout << IndentJson(text, 2) << "\n";
  return kExitOk;
}

}  // namespace

void AddEvalOptions(CLI::App* cmd, EvalArgs& args) {
  cmd->add_option("paths", args.rules.paths,
                  "Rule files, or directories searched for *.bylaw");
  cmd->add_option("--bundle", args.rules.bundle_path,
                  "A compiled bundle (bylaw compile) instead of rule files");
  cmd->add_option("--root", args.rules.root,
                  "Directory imports are resolved from");
  AddTrustOption(cmd, &args.rules);
  cmd->add_option("--decision", args.decision,
                  "The decision: qualified, or its last name when unique")
      ->required();
  cmd->add_option("--facts", args.facts,
                  "The facts document (JSON), `-` for standard input");
  cmd->add_option("--as-of", args.as_of,
                  "Evaluate as of this date (YYYY-MM-DD), over the facts' "
                  "`as_of`");
  cmd->add_flag("--trace", args.trace, "Record and print the trace");
}

std::optional<PreparedEval> PrepareEval(const EvalArgs& args,
                                        const std::string& verb,
                                        bool allow_batch, int* exit_code) {
  auto usage = [&](const std::string& message) {
    std::cerr << "bylaw " << verb << ": " << message << "\n";
    *exit_code = kExitUsage;
    return std::nullopt;
  };
  if (args.rules.paths.empty() == args.rules.bundle_path.empty()) {
    return usage("give rule files or --bundle FILE (one of the two)");
  }
  if (allow_batch && args.facts.empty() == args.batch.empty()) {
    return usage("give --facts FILE or --batch FILE.jsonl (one of the two)");
  }
  if (!allow_batch && args.facts.empty()) return usage("--facts is required");
  PreparedEval prepared;
  prepared.options.trace = args.trace;
  if (!args.as_of.empty()) {
    rt::Result<std::int64_t> day = rt::ParseDate(args.as_of);
    if (!day.ok()) {
      return usage("--as-of: expected a date YYYY-MM-DD, got `" + args.as_of +
                   "`");
    }
    prepared.options.as_of = *day;
  }
  std::optional<LoadedRules> rules = LoadRules(args.rules, verb, std::cerr);
  if (!rules) {
    *exit_code = kExitErrors;
    return std::nullopt;
  }
  prepared.rules = std::move(*rules);
  rt::Result<rt::DecisionRef> decision =
      prepared.rules.book->FindDecision(args.decision);
  if (!decision.ok()) {
    PrintError(verb, decision.error(), std::cerr);
    std::cerr << "  the rules have:";
    for (const std::string& name : prepared.rules.book->decision_names()) {
      std::cerr << " " << name;
    }
    std::cerr << "\n";
    *exit_code = kExitErrors;
    return std::nullopt;
  }
  prepared.decision = *decision;
  return prepared;
}

std::optional<runtime::Facts> ReadFacts(const PreparedEval& prepared,
                                        const EvalArgs& args,
                                        const std::string& verb,
                                        std::string* facts_text) {
  std::string text;
  if (!ReadText(args.facts, &text)) {
    std::cerr << "bylaw " << verb << ": cannot read facts `" << args.facts
              << "`\n";
    return std::nullopt;
  }
  rt::Result<rt::Facts> facts =
      prepared.rules.book->ParseFacts(prepared.decision, text);
  if (!facts.ok()) {
    PrintError(verb, facts.error(), std::cerr);
    return std::nullopt;
  }
  if (facts_text != nullptr) *facts_text = std::move(text);
  return std::move(*facts);
}

void RegisterEvalCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd =
      app.add_subcommand("eval", "Evaluate a decision on facts, as JSON");
  AddEvalOptions(cmd, *args);
  cmd->add_option("--batch", args->batch,
                  "Evaluate each line of a JSON Lines file; one result a line");
  cmd->add_flag("--quiet", args->quiet, "--batch: no progress line on the terminal");
  cmd->add_option("--threads", args->threads,
                  "--batch: threads evaluating lines (default: one per core; "
                  "the output is the same)")
      ->check(CLI::PositiveNumber);
  auto log_flags = std::make_shared<AuditLogFlags>();
  AddAuditLogFlags(cmd, *log_flags);
  cmd->callback([args, log_flags, &exit_code] {
    exit_code = RunEval(*args, *log_flags);
  });
}

}  // namespace bylaw::cli
