// Bundle loading and verification (see loader.h): the order of the passes
// over the reader's Document, and the content hash. The passes live in
// loader_types.cpp, loader_exprs.cpp, loader_decls.cpp, loader_signature.cpp
// and loader_overrides.cpp; their shared state in loader_internal.h.
#include "loader.h"

#include <unordered_map>

#include "bundle_hash.h"
#include "call_memo.h"
#include "direct_call.h"
#include "loader_internal.h"

namespace bylaw::runtime::runtime_internal {

bool Loader::Fail(const char* code, std::string message) {
  error_.code = code;
  error_.message = std::move(message);
  return false;
}

bool Loader::Structure(const bundle::Path& where, const std::string& what) {
  return bundle::Fail(&error_, bundle::code::kStructure, where, what);
}

bool Loader::Dangling(const bundle::Path& where, const std::string& what) {
  return bundle::Fail(&error_, bundle::code::kDangling, where, what);
}

// A signature signs the hash, so trusting keys checks the hash too.
bool Loader::CheckHash() {
  m_.hash = doc_.hash();
  if (!options_.verify_hash && options_.trusted_keys.empty()) return true;
  if (TextHasDeclaredHash(bytes_, doc_.json())) return true;
  const std::string actual = BundleHash(doc_.json());
  if (actual == m_.hash) return true;
  return Fail("bundle_hash_mismatch",
              "content hash is " + actual + " but the bundle says " + m_.hash);
}

bool Loader::Run() {
  if (!CheckHash() || !CheckSignature()) return false;
  // Declarations are decoded once the content is known to be the sealed one.
  bundle::ReadError read;
  if (!doc_.ReadDeclarations(&read)) return Failed(read);
  if (!LoadSources() || !LoadRulesets() || !LoadTypes() || !LoadMatters() || !DeclareCallables() ||
      !LoadParamValues() || !LoadMatterFields()) {
    return false;
  }
  IndexShortNames();
  if (!LoadBodies()) return false;
  std::unordered_map<std::string, int> short_count;
  for (const Decision& d : m_.decisions) ++short_count[std::string(bundle::LastSegment(d.name))];
  for (const Decision& d : m_.decisions) {
    const std::string s(bundle::LastSegment(d.name));
    if (short_count[s] == 1) m_.decision_by_name.emplace(s, &d);
  }
  return ApplyOverrides();
}

Result<std::unique_ptr<Model>> BuildModel(std::string_view bytes, const LoadOptions& options) {
  bundle::ReadError error;
  std::unique_ptr<bundle::Document> doc = bundle::Document::Parse(bytes, &error);
  if (doc == nullptr) return Error{error.code, error.message, {}};
  auto model = std::make_unique<Model>();
  Loader loader(bytes, *doc, model.get(), options);
  if (!loader.Run()) return Error{loader.error().code, loader.error().message, {}};
  for (Decision& d : model->decisions) d.direct = PlanDirectCalls(d);
  MarkRepeatedCallees(model.get());
  return model;
}

}  // namespace bylaw::runtime::runtime_internal
