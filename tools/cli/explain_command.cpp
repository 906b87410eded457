// `bylaw explain` (see explain_command.h).
#include "explain_command.h"

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "eval_command.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;

// What the bundle says about the items a trace names: labels, reason
// codes and messages. The trace itself carries ids, sources and bases.
class BundleLabels {
 public:
  explicit BundleLabels(const std::string& bundle) {
    json doc = json::parse(bundle, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return;
    for (const char* section : {"decisions", "tables", "rules", "scorecards",
                                "params", "defs", "lets", "matters"}) {
      if (!doc.contains(section) || !doc[section].is_array()) continue;
      for (const json& item : doc[section]) {
        if (item.contains("name") && item.contains("label") &&
            item["label"].is_string()) {
          labels_[item["name"].get<std::string>()] =
              item["label"].get<std::string>();
        }
      }
    }
    std::map<std::string, std::string> reason_codes;
    if (doc.contains("reasons") && doc["reasons"].is_array()) {
      for (const json& r : doc["reasons"]) {
        if (!r.contains("name") || !r.contains("code")) continue;
        std::string text = r["code"].get<std::string>();
        if (r.contains("label") && r["label"].is_string()) {
          text += " " + r["label"].get<std::string>();
        }
        reason_codes[r["name"].get<std::string>()] = text;
      }
    }
    if (doc.contains("rules") && doc["rules"].is_array()) {
      for (const json& r : doc["rules"]) {
        if (!r.contains("name")) continue;
        const std::string name = r["name"].get<std::string>();
        if (r.contains("code") && r["code"].is_string()) {
          auto it = reason_codes.find(r["code"].get<std::string>());
          if (it != reason_codes.end()) codes_[name] = it->second;
        }
        if (r.contains("message") && r["message"].is_string()) {
          messages_[name] = r["message"].get<std::string>();
        }
      }
    }
    if (doc.contains("sources") && doc["sources"].is_object()) {
      for (auto it = doc["sources"].begin(); it != doc["sources"].end(); ++it) {
        const json& s = it.value();
        if (!s.is_object() || !s.contains("file")) continue;
        rt::SourceLocation loc;
        loc.file = s["file"].get<std::string>();
        loc.line = s.value("line", 0);
        loc.col = s.value("col", 0);
        if (s.contains("basis") && s["basis"].is_string()) {
          loc.basis = s["basis"].get<std::string>();
        }
        sources_[it.key()] = std::move(loc);
      }
    }
  }

  // `id 「label」`, or the id alone.
  std::string Named(const std::string& id) const {
    auto it = labels_.find(id);
    // Param values (`PARAM#2`) and other parts carry their owner's label.
    if (it == labels_.end()) it = labels_.find(id.substr(0, id.find('#')));
    return it == labels_.end() ? id : id + " 「" + it->second + "」";
  }
  const std::string* Code(const std::string& rule) const {
    auto it = codes_.find(rule);
    return it == codes_.end() ? nullptr : &it->second;
  }
  const std::string* Message(const std::string& rule) const {
    auto it = messages_.find(rule);
    return it == messages_.end() ? nullptr : &it->second;
  }
  const rt::SourceLocation* Source(const std::string& id) const {
    auto it = sources_.find(id);
    return it == sources_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, std::string> labels_;
  std::map<std::string, std::string> codes_;
  std::map<std::string, std::string> messages_;
  std::map<std::string, rt::SourceLocation> sources_;
};

std::string Where(const rt::SourceLocation* s) {
  if (s == nullptr || s->file.empty()) return {};
  return s->file + ":" + std::to_string(s->line);
}

// `basis …; file:line` under a step, when either is known.
void PrintCitation(const rt::SourceLocation* s, std::ostream& out) {
  if (s == nullptr) return;
  if (!s->basis.empty()) out << "           basis: " << s->basis << "\n";
  if (!s->file.empty()) out << "           at " << Where(s) << "\n";
}

const char* RuleOutcome(const std::string& detail) {
  if (detail == "stands") return "stands against the answer";
  if (detail == "excepted") return "violated, but suspended by an except";
  if (detail == "not_in_force") return "not in force on this date";
  return "holds";
}

void Explain(const rt::Outcome& o, const BundleLabels& labels,
             const std::string& hash, std::ostream& out) {
  const std::string decision(o.decision());
  out << "decision " << labels.Named(decision) << "\n";
  out << "  as of " << rt::FormatDate(o.as_of()) << ", rules " << hash << "\n";
  if (const rt::SourceLocation* s = labels.Source(decision)) {
    if (!s->basis.empty()) out << "  basis: " << s->basis << "\n";
    if (!s->file.empty()) out << "  at " << Where(s) << "\n";
  }

  out << "\noutputs\n";
  std::map<std::string, std::vector<const rt::EvalError*>> errors;
  for (const rt::EvalError& e : o.errors()) errors[e.output].push_back(&e);
  for (std::size_t i = 0; i < o.output_count(); ++i) {
    const std::string name(o.output_name(i));
    out << "  " << name << " = " << o.output(i).ToString();
    if (errors.count(name) > 0) out << "   (failed closed, see below)";
    out << "\n";
  }
  if (!o.errors().empty()) {
    out << "\nfailed closed\n";
    for (const rt::EvalError& e : o.errors()) {
      out << "  " << e.output << ": " << e.code << ": " << e.message << "\n";
    }
    if (!o.complete()) {
      out << "  an output without a fallback failed: the answer is "
             "incomplete\n";
    }
  }

  out << "\nsteps\n";
  std::set<std::tuple<int, std::string, std::string>> seen;
  std::vector<std::string> facts;
  int held = 0, step = 0;
  for (const rt::TraceEvent& e : o.trace()) {
    using Kind = rt::TraceEvent::Kind;
    if (e.kind == Kind::kFact) {
      if (seen.insert({0, e.id, ""}).second) facts.push_back(e.id);
      continue;
    }
    std::string rows;
    for (const std::string& r : e.rows) rows += r + ",";
    if (!seen.insert({static_cast<int>(e.kind) + 1, e.id, e.detail + rows})
             .second) {
      continue;  // the same item with the same result, called again
    }
    switch (e.kind) {
      case Kind::kRule: {
        if (e.detail == "holds") {
          ++held;
          break;
        }
        // A suspended rule is reported by its except's id, `RULE#except1`.
        const std::size_t hash = e.id.find('#');
        const std::string rule = e.id.substr(0, hash);
        out << "  " << ++step << ". rule " << labels.Named(rule) << ": "
            << RuleOutcome(e.detail);
        if (hash != std::string::npos) out << " (" << e.id.substr(hash + 1) << ")";
        out << "\n";
        if (e.detail == "stands") {
          if (const std::string* code = labels.Code(rule)) {
            out << "           reason: " << *code << "\n";
          }
          if (const std::string* msg = labels.Message(rule)) {
            out << "           message: " << *msg << "\n";
          }
        }
        PrintCitation(e.source, out);
        break;
      }
      case Kind::kTable: {
        out << "  " << ++step << ". table " << labels.Named(e.id) << ": ";
        if (e.rows.empty()) {
          out << (e.detail.empty() ? "no row matched" : e.detail) << "\n";
        } else {
          out << (e.rows.size() == 1 ? "matched row" : "matched rows") << "\n";
        }
        PrintCitation(e.source, out);
        for (const std::string& row : e.rows) {
          const rt::SourceLocation* s = labels.Source(row);
          out << "           row " << row;
          if (s != nullptr) {
            if (!s->file.empty()) out << " (" << Where(s) << ")";
            if (!s->basis.empty()) out << " basis: " << s->basis;
          }
          out << "\n";
        }
        break;
      }
      case Kind::kScorecard:
        out << "  " << ++step << ". scorecard " << labels.Named(e.id) << " = "
            << e.detail << "\n";
        PrintCitation(e.source, out);
        break;
      case Kind::kParam:
        out << "  " << ++step << ". param " << labels.Named(e.id) << " = "
            << e.detail << "\n";
        PrintCitation(e.source, out);
        break;
      case Kind::kOutput:
        out << "  " << ++step << ". output " << e.id << " = " << e.detail
            << (e.source && !e.source->file.empty()
                    ? "   (" + Where(e.source) + ")"
                    : std::string())
            << "\n";
        break;
      case Kind::kFact:
        break;
    }
  }
  if (held > 0) {
    out << "\n" << held << " other rule(s) held (did not stand against)\n";
  }
  if (!facts.empty()) {
    out << "\nfacts read\n";
    for (const std::string& f : facts) out << "  " << f << "\n";
  }
}

int RunExplain(EvalArgs args) {
  args.trace = true;
  int exit_code = kExitOk;
  std::optional<PreparedEval> prepared =
      PrepareEval(args, "explain", /*allow_batch=*/false, &exit_code);
  if (!prepared) return exit_code;
  std::optional<rt::Facts> facts = ReadFacts(*prepared, args, "explain");
  if (!facts) return kExitErrors;
  rt::Outcome outcome;
  rt::Status s = prepared->rules.book->Evaluate(
      prepared->decision, *facts, prepared->options, &outcome);
  if (!s.ok()) {
    PrintError("explain", s.error(), std::cerr);
    return kExitErrors;
  }
  BundleLabels labels(prepared->rules.bundle);
  Explain(outcome, labels, prepared->rules.book->hash(), std::cout);
  return kExitOk;
}

}  // namespace

void RegisterExplainCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Evaluate a decision and explain each step as text");
  AddEvalOptions(cmd, *args);
  cmd->callback([args, &exit_code] { exit_code = RunExplain(*args); });
}

}  // namespace bylaw::cli
