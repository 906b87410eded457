// Inputs shared by `bylaw eval`, `bylaw explain` and `bylaw test`: reading
// a file or standard input, loading rules (compiled from rule files or a
// sealed bundle) into a runtime Rulebook, and the as-of date.
#ifndef BYLAW_TOOLS_CLI_FACTS_INPUT_H_
#define BYLAW_TOOLS_CLI_FACTS_INPUT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bylaw/runtime.h"

namespace CLI {
class App;
}  // namespace CLI

namespace bylaw::cli {

// Where the rules come from: rule files/directories, or a bundle file.
struct RulesInput {
  std::vector<std::string> paths;
  std::string bundle_path;
  std::string root;
  // `--trust PUB.pem` (repeatable): only bundles signed by one of these
  // keys load (docs/bundle.md, 1.4).
  std::vector<std::string> trusted_key_paths;
};

// Adds `--trust PUB.pem` (repeatable) to `cmd`, into input->trusted_key_paths.
// Every verb that loads a bundle for evaluation adds it (eval, explain,
// plan, audit replay; serve).
void AddTrustOption(CLI::App* cmd, RulesInput* input);

// The LoadOptions of `input`: the PEM text of each --trust key. Errors
// `trusted_key_invalid` naming an unreadable file.
runtime::Result<runtime::LoadOptions> TrustLoadOptions(const RulesInput& input);

struct LoadedRules {
  std::shared_ptr<const runtime::Rulebook> book;
  std::string bundle;  // the bundle text the book was loaded from
};

// Compiles `input.paths` (rendering diagnostics to `err`) or reads
// `input.bundle_path`, then loads the bundle. Prints what went wrong to
// `err`, prefixed with `verb`, and returns nullopt on failure.
std::optional<LoadedRules> LoadRules(const RulesInput& input,
                                     const std::string& verb,
                                     std::ostream& err);

// Reads a whole file, or standard input for `-`. False when unreadable.
bool ReadText(const std::string& path, std::string* out);

// Today in days since 1970-01-01 (UTC).
std::int64_t Today();

// Prints a runtime error: `bylaw VERB: code: message`, then each detail.
void PrintError(const std::string& verb, const runtime::Error& error,
                std::ostream& err);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_FACTS_INPUT_H_
