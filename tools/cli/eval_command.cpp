// `bylaw eval` (see eval_command.h).
#include "eval_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit_command.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

void AppendEscaped(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t run = 0;  // start of the pending span that needs no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (c != '"' && c != '\\' && u >= 0x20) continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else {
      switch (c) {
        case '\n': out->append("\\n"); break;
        case '\t': out->append("\\t"); break;
        case '\r': out->append("\\r"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        default:
          out->append("\\u00");
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 15]);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

// Writes `v` as the runtime's JSON adapter does; false when it meets a
// record, whose field names only the runtime knows (the caller then falls
// back to Outcome::ToJson).
bool AppendValue(const rt::Value& v, std::string* out) {
  switch (v.kind()) {
    case rt::ValueKind::kMissing:
    case rt::ValueKind::kNull:
      out->append("null");
      return true;
    case rt::ValueKind::kBool:
      out->append(v.bool_value() ? "true" : "false");
      return true;
    case rt::ValueKind::kInt:
      out->append(std::to_string(v.int_value()));
      return true;
    case rt::ValueKind::kDecimal:
      out->append(rt::FormatScaled(v.scaled_value()));
      return true;
    case rt::ValueKind::kText:
      AppendEscaped(v.text(), out);
      return true;
    case rt::ValueKind::kEnum:
      AppendEscaped(v.enum_name(), out);
      return true;
    case rt::ValueKind::kMatter:
      AppendEscaped(v.matter_id(), out);
      return true;
    case rt::ValueKind::kPercent:
    case rt::ValueKind::kDate:
    case rt::ValueKind::kDuration:
      AppendEscaped(v.ToString(), out);
      return true;
    case rt::ValueKind::kList: {
      out->push_back('[');
      bool first = true;
      for (const rt::Value& item : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        if (!AppendValue(item, out)) return false;
      }
      out->push_back(']');
      return true;
    }
    case rt::ValueKind::kRecord:
      return false;
  }
  return false;
}

// Writes outcomes as one compact JSON line each, without building a JSON
// tree: the batch path's output side. Keys come in the order
// Outcome::ToJson uses (sorted), so both paths print the same text.
class OutcomeWriter {
 public:
  // Appends `o`; with `trace` the runtime's own serialiser is used.
  void Append(const rt::Outcome& o, bool trace, std::string* out) {
    const std::size_t start = out->size();
    if (!trace && AppendFast(o, out)) return;
    out->resize(start);
    std::string text = o.ToJson();
    if (!trace && !o.trace().empty()) {  // traced only for the audit log
      json j = json::parse(text, nullptr, false);
      if (j.is_object()) j.erase("trace");
      if (!j.is_discarded()) text = j.dump();
    }
    if (!trace && !text.empty() && text.back() == '}') {
      text.pop_back();
      text.append(",\"trace\":null}");
    }
    out->append(text);
  }

 private:
  bool AppendFast(const rt::Outcome& o, std::string* out) {
    if (order_.size() != o.output_count() || decision_ != o.decision()) {
      decision_ = std::string(o.decision());
      order_.resize(o.output_count());
      for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = i;
      std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
        return o.output_name(a) < o.output_name(b);
      });
    }
    if (as_of_ != o.as_of() || as_of_text_.empty()) {
      as_of_ = o.as_of();
      as_of_text_ = rt::FormatDate(as_of_);  // snprintf: once per date
    }
    out->append("{\"as_of\":\"");
    out->append(as_of_text_);
    out->append("\",\"complete\":");
    out->append(o.complete() ? "true" : "false");
    out->append(",\"decision\":");
    AppendEscaped(o.decision(), out);
    out->append(",\"errors\":[");
    bool first = true;
    for (const rt::EvalError& e : o.errors()) {
      if (!first) out->push_back(',');
      first = false;
      out->append("{\"code\":");
      AppendEscaped(e.code, out);
      out->append(",\"message\":");
      AppendEscaped(e.message, out);
      out->append(",\"output\":");
      AppendEscaped(e.output, out);
      out->push_back('}');
    }
    out->append("],\"outputs\":{");
    first = true;
    for (std::size_t i : order_) {
      if (!first) out->push_back(',');
      first = false;
      AppendEscaped(o.output_name(i), out);
      out->push_back(':');
      if (!AppendValue(o.output(i), out)) return false;
    }
    out->append("},\"trace\":null}");
    return true;
  }

  std::string decision_;
  std::vector<std::size_t> order_;
  std::int64_t as_of_ = 0;
  std::string as_of_text_;
};

void AppendLineError(std::size_t line, const rt::Error& error,
                     std::string* out) {
  json j = {{"line", line},
            {"error",
             {{"code", error.code},
              {"message", error.message},
              {"details", error.details}}}};
  out->append(j.dump());
}

int RunBatch(const PreparedEval& prepared, const EvalArgs& args,
             rt::AuditLog* log) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.batch != "-") {
    file.open(args.batch, std::ios::binary);
    if (!file) {
      std::cerr << "bylaw eval: cannot read `" << args.batch << "`\n";
      return kExitErrors;
    }
    in = &file;
  }
  const rt::Rulebook& book = *prepared.rules.book;
  OutcomeWriter writer;
  rt::Outcome outcome;  // reused: no reallocation for the same decision
  std::string line, out;
  out.reserve(1 << 17);
  std::size_t number = 0, bad = 0;
  while (std::getline(*in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    rt::Result<rt::Facts> facts = book.ParseFacts(prepared.decision, line);
    if (!facts.ok()) {
      ++bad;
      AppendLineError(number, facts.error(), &out);
    } else {
      rt::Status s =
          log ? log->EvaluateLogged(book, prepared.decision, *facts, line,
                                    prepared.options, &outcome)
              : book.Evaluate(prepared.decision, *facts, prepared.options,
                              &outcome);
      if (s.ok()) {
        writer.Append(outcome, prepared.options.trace, &out);
      } else {
        ++bad;
        AppendLineError(number, s.error(), &out);
      }
    }
    out.push_back('\n');
    if (out.size() >= (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (bad > 0) {
    std::cerr << "bylaw eval: " << bad << " of " << number
              << " line(s) could not be evaluated\n";
    return kExitErrors;
  }
  return kExitOk;
}

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
  json doc = json::parse(outcome.ToJson(), nullptr, false);
  if (doc.is_discarded()) doc = json::object();
  if (!args.trace) doc.erase("trace");  // traced only for the audit log
  if (!doc.contains("trace")) {
    doc["trace"] = args.trace ? json::array() : json(nullptr);
  }
  std::cout << doc.dump(2) << "\n";
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
  auto log_flags = std::make_shared<AuditLogFlags>();
  AddAuditLogFlags(cmd, *log_flags);
  cmd->callback([args, log_flags, &exit_code] {
    exit_code = RunEval(*args, *log_flags);
  });
}

}  // namespace bylaw::cli
