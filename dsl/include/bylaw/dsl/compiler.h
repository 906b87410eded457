// The bylaw compiler's entry point: check rule files and compile them.
//
//   bylaw::dsl::Compiler compiler = bylaw::dsl::CompilerBuilder()
//                                       .SetRoot("rulesets")
//                                       .Build();
//   bylaw::dsl::CheckResult result = compiler.Check({"rulesets/nantong"});
//   if (!result.ok()) {
//     std::cerr << bylaw::dsl::RenderText(result.diagnostics, *result.sources);
//   }
//
// Editors compile buffers that are not saved: Check and Compile also take
// sources held in memory (cel-cpp's `Compile(const Source&)`). Each one
// stands for the file at its path, wherever the loader would read that
// file (given, or found as an import); imports not held in memory are read
// from disk as usual:
//
//   std::vector<bylaw::dsl::MemorySource> open = {{"rules/a.bylaw", text}};
//   CheckResult r = compiler.Check(open, {"rules/a.bylaw", "rules/b.bylaw"});
//   CheckResult one = compiler.CheckSource({"x.bylaw", text});
//
// A Compiler holds only options: it is cheap, immutable and may be shared by
// threads; each Check call builds its own SourceManager and Program, which
// the result owns. No exceptions escape: I/O and internal failures become
// diagnostics.
#ifndef BYLAW_DSL_COMPILER_H_
#define BYLAW_DSL_COMPILER_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct Program;

// A file's text held in memory, standing for the file at `path`.
struct MemorySource {
  std::string path;
  std::string text;
};

struct CompilerOptions {
  // Where imports are searched; empty derives it from the first file
  // (docs/design/semantics.md, "Files, rulesets, imports").
  std::string root;
  // Warning codes to drop.
  std::set<std::string> disabled_warnings;
  // Treat warnings as errors for `ok()`.
  bool warnings_as_errors = false;
};

struct CheckResult {
  std::unique_ptr<SourceManager> sources;
  std::unique_ptr<Program> program;        // null when nothing could be loaded
  std::vector<Diagnostic> diagnostics;     // sorted
  std::size_t error_count = 0;
  std::size_t warning_count = 0;
  bool warnings_as_errors = false;

  bool ok() const {
    return error_count == 0 && (!warnings_as_errors || warning_count == 0);
  }
  CheckResult();
  CheckResult(CheckResult&&) noexcept;
  CheckResult& operator=(CheckResult&&) noexcept;
  ~CheckResult();
};

// A checked program and, when it had no errors, its sealed Bundle (JSON,
// docs/bundle.md) for the runtime.
struct CompileResult {
  CheckResult check;
  std::string bundle;  // empty when there were errors
  std::string hash;    // `sha256:...`

  bool ok() const { return check.ok() && !bundle.empty(); }
};

class Compiler {
 public:
  // Loads the files and directories (searched recursively for *.bylaw),
  // their imports, parses, resolves and type-checks them.
  CheckResult Check(const std::vector<std::string>& paths) const;

  // Check, then lower to a Bundle when no error was found. Source-map paths
  // are written relative to the rulesets root so that bundles built from
  // different checkouts are identical.
  CompileResult Compile(const std::vector<std::string>& paths) const;

  // The same with `memory` sources standing for files: the inputs are
  // `paths`, as above; a file the loader reads (given, found in a given
  // directory, or imported) whose path matches an in-memory source (both
  // after weakly_canonical) is taken from memory instead of disk, and an
  // import is also found among the in-memory files of its directory.
  CheckResult Check(const std::vector<MemorySource>& memory,
                    const std::vector<std::string>& paths) const;
  CompileResult Compile(const std::vector<MemorySource>& memory,
                        const std::vector<std::string>& paths) const;
  // One source in memory as the only input (its imports as above); named
  // apart so that `Check({"a", "b"})` still means two paths.
  CheckResult CheckSource(const MemorySource& source) const {
    return Check(std::vector<MemorySource>{source}, {source.path});
  }
  CompileResult CompileSource(const MemorySource& source) const {
    return Compile(std::vector<MemorySource>{source}, {source.path});
  }

  const CompilerOptions& options() const { return options_; }

 private:
  friend class CompilerBuilder;
  explicit Compiler(CompilerOptions options) : options_(std::move(options)) {}
  CompilerOptions options_;
};

class CompilerBuilder {
 public:
  // Each setter works on a named builder (`b.SetRoot(..)`) and in a chain
  // on a temporary (`CompilerBuilder().SetRoot(..).Build()`).
  CompilerBuilder& SetRoot(std::string root) & {
    options_.root = std::move(root);
    return *this;
  }
  CompilerBuilder&& SetRoot(std::string root) && {
    return std::move(SetRoot(std::move(root)));
  }
  CompilerBuilder& DisableWarning(std::string code) & {
    options_.disabled_warnings.insert(std::move(code));
    return *this;
  }
  CompilerBuilder&& DisableWarning(std::string code) && {
    return std::move(DisableWarning(std::move(code)));
  }
  CompilerBuilder& WarningsAsErrors(bool on = true) & {
    options_.warnings_as_errors = on;
    return *this;
  }
  CompilerBuilder&& WarningsAsErrors(bool on = true) && {
    return std::move(WarningsAsErrors(on));
  }
  Compiler Build() && { return Compiler(std::move(options_)); }

 private:
  CompilerOptions options_;
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_COMPILER_H_
