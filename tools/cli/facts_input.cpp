// Shared inputs of the evaluating verbs (see facts_input.h).
#include "facts_input.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>
#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"

namespace bylaw::cli {

bool ReadText(const std::string& path, std::string* out) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    *out = buffer.str();
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return !in.bad();
}

std::int64_t Today() {
  using namespace std::chrono;
  return duration_cast<days>(system_clock::now().time_since_epoch()).count();
}

void PrintError(const std::string& verb, const runtime::Error& error,
                std::ostream& err) {
  err << "bylaw " << verb << ": " << error.code << ": " << error.message
      << "\n";
  // The first detail repeats the message when there are several.
  for (std::size_t i = 0; i < error.details.size(); ++i) {
    if (i == 0 && error.details[i] == error.message) continue;
    err << "  " << error.details[i] << "\n";
  }
}

void AddTrustOption(CLI::App* cmd, RulesInput* input) {
  cmd->add_option("--trust", input->trusted_key_paths,
                  "Only load bundles signed by this Ed25519 public key (PEM; repeatable)")
      ->check(CLI::ExistingFile);
}

runtime::Result<runtime::LoadOptions> TrustLoadOptions(const RulesInput& input) {
  runtime::LoadOptions options;
  for (const std::string& path : input.trusted_key_paths) {
    std::string pem;
    if (!ReadText(path, &pem)) {
      return runtime::Error{"trusted_key_invalid", "cannot read trusted key `" + path + "`", {}};
    }
    options.trusted_keys.push_back(std::move(pem));
  }
  return options;
}

std::optional<LoadedRules> LoadRules(const RulesInput& input,
                                     const std::string& verb,
                                     std::ostream& err) {
  LoadedRules loaded;
  if (!input.bundle_path.empty()) {
    if (!ReadText(input.bundle_path, &loaded.bundle)) {
      err << "bylaw " << verb << ": cannot read bundle `" << input.bundle_path
          << "`\n";
      return std::nullopt;
    }
  } else {
    dsl::Compiler compiler = dsl::CompilerBuilder().SetRoot(input.root).Build();
    dsl::CompileResult compiled = compiler.Compile(input.paths);
    if (compiled.check.sources != nullptr &&
        !compiled.check.diagnostics.empty() && !compiled.ok()) {
      err << dsl::RenderText(compiled.check.diagnostics,
                             *compiled.check.sources);
    }
    if (!compiled.ok()) {
      err << "bylaw " << verb << ": the rules did not compile ("
          << compiled.check.error_count << " error(s))\n";
      return std::nullopt;
    }
    loaded.bundle = std::move(compiled.bundle);
  }
  runtime::Result<runtime::LoadOptions> options = TrustLoadOptions(input);
  if (!options.ok()) {
    PrintError(verb, options.error(), err);
    return std::nullopt;
  }
  runtime::Result<std::shared_ptr<const runtime::Rulebook>> book =
      runtime::LoadBundle(loaded.bundle, *options);
  if (!book.ok()) {
    PrintError(verb, book.error(), err);
    return std::nullopt;
  }
  loaded.book = std::move(*book);
  return loaded;
}

}  // namespace bylaw::cli
