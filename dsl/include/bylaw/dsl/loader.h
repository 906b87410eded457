// Loading a program: files and directories in, parsed modules grouped into
// rulesets out, with imported rulesets found under the rulesets root.
//
//   SourceManager sources;
//   DiagnosticSink sink;
//   LoadOptions options;
//   options.root = "rulesets";  // optional: derived from the first file
//   std::unique_ptr<Program> program =
//       LoadProgram({"rulesets/nantong/rudong"}, options, sources, sink);
//
// Paths may be `.bylaw` files or directories (searched recursively for
// `*.bylaw`, in sorted order so that diagnostics are deterministic). Each
// file is read once into `sources` and parsed. Modules are grouped by their
// `ruleset` id; the header items are merged per ruleset (checked here:
// `missing_level`, `bad_level`, `bad_status`, `duplicate_header_item`,
// `conflicting_header`, `bad_effective_range`). Every import is looked up
// among the loaded rulesets, then at `<root>/a/b/c/*.bylaw` (files that
// declare `a.b.c`) and `<root>/a/b/c.bylaw`; found files are loaded too,
// transitively. Problems: `io_error`, `unknown_import`, `import_cycle`,
// `import_level` (docs/diagnostics.md).
//
// LoadProgram never throws and always returns a Program (possibly empty);
// it is reentrant given separate SourceManagers and sinks.
#ifndef BYLAW_DSL_LOADER_H_
#define BYLAW_DSL_LOADER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

struct LoadOptions {
  // Where imports are searched. Empty: derived from the first file given
  // (docs/design/semantics.md): the file's directory with the ruleset id's
  // path stripped, or the directory itself when they do not match.
  std::string root;
  // Limits applied to every file parsed.
  ParseOptions limits;
  // At most this many files are loaded (given and imported together); the
  // rest are reported with `io_error`.
  std::size_t max_files = 10000;
  // Texts that stand for files (an editor's unsaved buffers), keyed by
  // weakly_canonical path: a file to be read whose path is here is taken
  // from memory. Not owned; may be null.
  const std::map<std::string, std::string>* memory = nullptr;
};

std::unique_ptr<Program> LoadProgram(const std::vector<std::string>& paths,
                                     const LoadOptions& options,
                                     SourceManager& sources,
                                     DiagnosticSink& sink);

// Builds a Program from modules already parsed (tests, editors, files held
// in memory): groups, merges headers and checks imports as LoadProgram
// does, but never touches the file system, so imports must be among
// `modules`.
std::unique_ptr<Program> AssembleProgram(
    std::vector<std::unique_ptr<Module>> modules, DiagnosticSink& sink);

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_LOADER_H_
