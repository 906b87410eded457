// See analyze_test_util.h.
#include "analyze_test_util.h"

#include "bylaw/dsl/checker.h"
#include "bylaw/dsl/loader.h"
#include "bylaw/dsl/parser.h"

namespace bylaw::dsl::testing {
namespace {

void Finish(Analyzed& a, DiagnosticSink& sink, const AnalyzeOptions& options) {
  a.check = sink.Sorted();
  if (sink.has_errors()) return;
  DiagnosticSink analysis;
  Analyze(*a.program, *a.sources, analysis, options);
  for (const Diagnostic& d : analysis.Sorted()) {
    Seen s;
    s.code = d.code;
    s.message = d.message;
    s.help = d.help;
    if (d.range.valid()) {
      const SourceFile& f = a.sources->file(d.range.file);
      LineCol lc = f.LineColAt(d.range.begin);
      s.file = f.path();
      s.line = lc.line;
      s.column = lc.column;
      s.underlined = std::string(f.Slice(d.range));
    }
    for (const DiagnosticLabel& l : d.labels) {
      if (!l.range.valid()) {
        s.labels.emplace_back();
        s.label_at.emplace_back();
        continue;
      }
      const SourceFile& f = a.sources->file(l.range.file);
      const LineCol lc = f.LineColAt(l.range.begin);
      s.labels.push_back(std::string(f.Slice(l.range)));
      s.label_at.push_back(f.path() + ":" + std::to_string(lc.line) + ":" +
                           std::to_string(lc.column));
    }
    a.seen.push_back(std::move(s));
  }
}

}  // namespace

std::string Analyzed::Dump() const {
  std::string out;
  for (const Diagnostic& d : check) out += "check: " + d.code + " " + d.message + "\n";
  for (const Seen& s : seen) {
    out += s.code + " " + std::to_string(s.line) + ":" +
           std::to_string(s.column) + " [" + s.underlined + "] " + s.message +
           (s.help.empty() ? "" : " | help: " + s.help) + "\n";
  }
  return out;
}

std::vector<Seen> Analyzed::WithCode(const std::string& code) const {
  std::vector<Seen> out;
  for (const Seen& s : seen) {
    if (s.code == code) out.push_back(s);
  }
  return out;
}

std::unique_ptr<Analyzed> AnalyzeText(const std::string& text,
                                      const AnalyzeOptions& options) {
  auto a = std::make_unique<Analyzed>();
  a->sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  std::vector<std::unique_ptr<Module>> modules;
  FileId id = a->sources->Add("test.bylaw", text);
  modules.push_back(Parse(a->sources->file(id), sink));
  a->program = AssembleProgram(std::move(modules), sink);
  Check(*a->program, sink);
  Finish(*a, sink, options);
  return a;
}

std::unique_ptr<Analyzed> AnalyzeFiles(
    const std::vector<std::pair<std::string, std::string>>& files,
    const AnalyzeOptions& options) {
  auto a = std::make_unique<Analyzed>();
  a->sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  std::vector<std::unique_ptr<Module>> modules;
  for (const auto& [name, text] : files) {
    FileId id = a->sources->Add(name, text);
    modules.push_back(Parse(a->sources->file(id), sink));
  }
  a->program = AssembleProgram(std::move(modules), sink);
  Check(*a->program, sink);
  Finish(*a, sink, options);
  return a;
}

std::unique_ptr<Analyzed> AnalyzePaths(const std::vector<std::string>& paths) {
  auto a = std::make_unique<Analyzed>();
  a->sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  a->program = LoadProgram(paths, {}, *a->sources, sink);
  Check(*a->program, sink);
  Finish(*a, sink, {});
  return a;
}

}  // namespace bylaw::dsl::testing
