// CheckCompile (fuzz_entries.h): the compiler in memory, then the runtime.
#include <memory>
#include <vector>

#include "bylaw/dsl/checker.h"
#include "bylaw/dsl/loader.h"
#include "bylaw/dsl/lower.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"
#include "fuzz_entries.h"

namespace bylaw::fuzzing {

std::string CheckCompile(std::string_view input) {
  dsl::SourceManager sources;
  dsl::DiagnosticSink sink;
  const dsl::FileId id = sources.Add("fuzz.bylaw", std::string(input));
  std::vector<std::unique_ptr<dsl::Module>> modules;
  modules.push_back(dsl::Parse(sources.file(id), sink));
  std::unique_ptr<dsl::Program> program = dsl::AssembleProgram(std::move(modules), sink);
  if (program == nullptr) return "AssembleProgram returned null";
  dsl::Check(*program, sink);
  if (sink.has_errors()) return "";
  dsl::LowerResult lowered = dsl::Lower(*program, sources);
  if (!lowered.ok()) return "";  // lowering reports its own diagnostics
  // What the compiler writes, the runtime loads, checked hash and all.
  auto book = runtime::LoadBundle(lowered.bundle);
  if (!book.ok()) return "the runtime refuses a bundle the compiler wrote: " + book.error().ToString();
  for (const std::string& name : (*book)->decision_names()) {
    auto d = (*book)->FindDecision(name);
    if (!d.ok()) return "FindDecision(" + name + ") failed for a listed decision";
    auto f = (*book)->ParseFacts(*d, "{}");
    if (!f.ok()) continue;
    runtime::Outcome o;
    runtime::Status s = (*book)->Evaluate(*d, *f, {}, &o);
    if (!s.ok() && s.error().code != "limit_exceeded") return "Evaluate: " + s.error().ToString();
  }
  return "";
}

}  // namespace bylaw::fuzzing
