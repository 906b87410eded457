// Helpers of the reference tests (see reference_support.h).
#include "reference_support.h"

#include <atomic>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "bylaw/dsl/diagnostic_render.h"

namespace bylaw::reference {
namespace {

namespace rt = bylaw::runtime;

// One evaluation written out for comparison: outputs as in the language,
// then each error as `output:CODE`, then completeness.
std::string Show(const std::vector<std::string>& names, const std::vector<std::string>& values,
                 const std::vector<std::pair<std::string, std::string>>& errors,
                 bool complete, bool trial) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += names[i] + " = " + values[i] + "\n";
  for (const auto& [output, code] : errors) s += "error " + output + ": " + code + "\n";
  return s + (complete ? "complete\n" : "incomplete\n") + (trial ? "trial\n" : "");
}

}  // namespace

Compiled Compile(const std::string& source) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("bylaw_reference_" + std::to_string(::getpid()) + "_" +
                        std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "p.bylaw") << source;
  Compiled c;
  c.result = dsl::CompilerBuilder().Build().Compile({(dir / "p.bylaw").string()});
  fs::remove_all(dir);
  for (const dsl::Diagnostic& d : c.result.check.diagnostics) {
    if (d.severity == dsl::Severity::kError) c.errors.emplace_back(d.code, d.message);
  }
  if (c.result.check.sources != nullptr) {
    c.rendered = dsl::RenderText(c.result.check.diagnostics, *c.result.check.sources);
  }
  return c;
}

const dsl::Decl* FindDecl(const dsl::Program& program, const std::string& name) {
  for (const auto& m : program.modules) {
    for (const auto& d : m->decls) {
      if (d->name.text == name) return d.get();
    }
  }
  return nullptr;
}

std::string ShowRuntime(const rt::Outcome& o) {
  std::vector<std::string> names, values;
  for (std::size_t i = 0; i < o.output_count(); ++i) {
    names.emplace_back(o.output_name(i));
    values.push_back(o.output(i).ToString());
  }
  std::vector<std::pair<std::string, std::string>> errors;
  for (const rt::EvalError& e : o.errors()) errors.emplace_back(e.output, e.code);
  return Show(names, values, errors, o.complete(), o.trial());
}

std::string ShowReference(const ReferenceOutcome& o) {
  std::vector<std::string> values;
  for (const RValue& v : o.outputs) values.push_back(v.ToString());
  std::vector<std::pair<std::string, std::string>> errors;
  for (const ReferenceError& e : o.errors) errors.emplace_back(e.output, e.code);
  return Show(o.names, values, errors, o.complete, o.trial);
}

RuntimeAnswer RunBundle(const std::string& bundle, const std::string& facts) {
  RuntimeAnswer a;
  auto book = rt::LoadBundle(bundle);
  if (!book.ok()) {
    a.shown = "bundle refused: " + book.error().ToString();
    return a;
  }
  auto d = (*book)->FindDecision("dec");
  if (!d.ok()) {
    a.shown = "no decision: " + d.error().ToString();
    return a;
  }
  auto f = (*book)->ParseFacts(*d, facts);
  if (!f.ok()) {
    a.refused = true;
    a.shown = "facts refused: " + f.error().ToString();
    return a;
  }
  auto o = (*book)->Evaluate(*d, *f);
  if (!o.ok()) {
    a.shown = "evaluation refused: " + o.error().ToString();
    return a;
  }
  a.shown = ShowRuntime(*o);
  // The runtime's own reference path (EvaluateOptions::reference) must
  // give the same outcome, byte for byte, with and without a trace.
  for (bool trace : {false, true}) {
    rt::EvaluateOptions fast, reference;
    fast.trace = reference.trace = trace;
    reference.reference = true;
    auto x = (*book)->Evaluate(*d, *f, fast);
    auto y = (*book)->Evaluate(*d, *f, reference);
    const std::string shown_x = x.ok() ? x->ToJson() : x.error().ToString();
    const std::string shown_y = y.ok() ? y->ToJson() : y.error().ToString();
    if (shown_x != shown_y) {
      a.shown = "runtime paths disagree" + std::string(trace ? " (trace on)" : "") + ": " +
                shown_x + " against the reference path " + shown_y;
      return a;
    }
  }
  return a;
}

std::int64_t ParseIsoDate(const std::string& date) {
  return DaysFromCivil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)),
                       std::stoi(date.substr(8, 2)));
}

}  // namespace bylaw::reference
