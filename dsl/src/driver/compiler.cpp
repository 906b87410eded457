// The compiler facade (see bylaw/dsl/compiler.h): runs the stages in order
// and turns anything thrown inside them into a diagnostic.
#include "bylaw/dsl/compiler.h"

#include <exception>
#include <filesystem>
#include <map>

#include "bylaw/dsl/analyzer.h"
#include "bylaw/dsl/checker.h"
#include "bylaw/dsl/loader.h"
#include "bylaw/dsl/lower.h"
#include "bylaw/dsl/program.h"

namespace bylaw::dsl {

CheckResult::CheckResult() = default;
CheckResult::CheckResult(CheckResult&&) noexcept = default;
CheckResult& CheckResult::operator=(CheckResult&&) noexcept = default;
CheckResult::~CheckResult() = default;

namespace {

void Finish(CheckResult& result, const DiagnosticSink& sink) {
  result.diagnostics = sink.Sorted();
  result.error_count = 0;
  result.warning_count = 0;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError) ++result.error_count;
    if (d.severity == Severity::kWarning) ++result.warning_count;
  }
}

}  // namespace

CheckResult Compiler::Check(const std::vector<std::string>& paths) const {
  return Check(std::vector<MemorySource>{}, paths);
}

CompileResult Compiler::Compile(const std::vector<std::string>& paths) const {
  return Compile(std::vector<MemorySource>{}, paths);
}

CheckResult Compiler::Check(const std::vector<MemorySource>& memory,
                            const std::vector<std::string>& paths) const {
  CheckResult result;
  result.sources = std::make_unique<SourceManager>();
  result.warnings_as_errors = options_.warnings_as_errors;
  DiagnosticSink sink;
  for (const std::string& code : options_.disabled_warnings) {
    sink.DisableWarning(code);
  }
  try {
    // The loader takes any file it reads from memory when its path is held
    // there (keyed as the loader keys files: weakly_canonical).
    std::map<std::string, std::string> texts;
    for (const MemorySource& source : memory) {
      std::error_code ec;
      std::filesystem::path canonical =
          std::filesystem::weakly_canonical(source.path, ec);
      texts[ec ? source.path : canonical.string()] = source.text;
    }
    LoadOptions load;
    load.root = options_.root;
    load.memory = &texts;
    result.program = LoadProgram(paths, load, *result.sources, sink);
    if (result.program != nullptr) {
      dsl::Check(*result.program, sink);
      if (!sink.has_errors()) Analyze(*result.program, *result.sources, sink);
    }
  } catch (const std::exception& e) {
    // INVARIANT: stages report bad input as diagnostics; an exception here
    // is a compiler bug, reported rather than crashing the host.
    sink.Error("internal_error", SourceRange{},
               std::string("internal compiler error: ") + e.what())
        .Help("please report this with the input that caused it");
  }
  Finish(result, sink);
  return result;
}

CompileResult Compiler::Compile(const std::vector<MemorySource>& memory,
                                const std::vector<std::string>& paths) const {
  CompileResult out;
  out.check = Check(memory, paths);
  if (!out.check.ok() || out.check.program == nullptr) return out;
  LowerOptions options;
  options.source_root = out.check.program->root;
  LowerResult lowered = Lower(*out.check.program, *out.check.sources, options);
  if (!lowered.ok() || !lowered.diagnostics.empty()) {
    DiagnosticSink sink;
    for (Diagnostic& d : out.check.diagnostics) sink.Add(std::move(d));
    for (Diagnostic& d : lowered.diagnostics) sink.Add(std::move(d));
    Finish(out.check, sink);
  }
  if (lowered.ok() && out.check.error_count == 0) {
    out.bundle = std::move(lowered.bundle);
    out.hash = std::move(lowered.hash);
  }
  return out;
}

}  // namespace bylaw::dsl
