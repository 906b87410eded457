// The loader's working state, shared by its parts: loader.cpp (the order
// of the passes, the hash and the signature), loader_types.cpp (types and
// records), loader_exprs.cpp (the IR, literals and cells) and
// loader_decls.cpp (each section's declarations). Internal to the loader;
// see loader.h.
//
// Errors flow one way, as in the evaluator: every step returns false (or
// null) after recording the first failure with Fail/Structure/Dangling,
// and its caller returns at once. Nothing throws; BuildModel catches only
// what the standard library itself may throw (bad_alloc).
#ifndef BYLAW_RUNTIME_SRC_LOADER_INTERNAL_H_
#define BYLAW_RUNTIME_SRC_LOADER_INTERNAL_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bylaw/bundle/reader.h"
#include "bylaw/runtime.h"
#include "model.h"

namespace bylaw::runtime::runtime_internal {

using bundle::Json;

// The slot of each field of a Matter value by name (docs/bundle.md 3.5).
const std::unordered_map<std::string, std::uint32_t>& MatterFieldSlots();

// Name scopes for one callable: params, lets, comprehension variables.
class Scope {
 public:
  std::uint32_t Push(const std::string& name) {
    names_.push_back({name, next_});
    const std::uint32_t slot = next_++;
    max_ = std::max(max_, next_);
    return slot;
  }
  void Pop() {
    names_.pop_back();
    --next_;
  }
  std::optional<std::uint32_t> Find(const std::string& name) const {
    for (auto it = names_.rbegin(); it != names_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return std::nullopt;
  }
  std::uint32_t max() const { return max_; }

 private:
  std::vector<std::pair<std::string, std::uint32_t>> names_;
  std::uint32_t next_ = 0;
  std::uint32_t max_ = 0;
};

class Loader {
 public:
  // `bytes` is the text `doc` was parsed from (for the hash).
  Loader(std::string_view bytes, bundle::Document& doc, Model* m, const LoadOptions& options)
      : bytes_(bytes), doc_(doc), m_(*m), options_(options) {}

  // Builds the model; false with error() set when the bundle is refused.
  bool Run();
  const bundle::ReadError& error() const { return error_; }

 private:
  // Failures (always return false, for `return Structure(...)`).
  bool Fail(const char* code, std::string message);
  bool Structure(const bundle::Path& where, const std::string& what);
  bool Dangling(const bundle::Path& where, const std::string& what);
  // Adopts a reader's error.
  bool Failed(const bundle::ReadError& e) { return Fail(e.code.c_str(), e.message); }

  // loader.cpp
  bool CheckHash();
  bool CheckSignature();
  bool ApplyOverrides();

  // loader_types.cpp
  bool LoadTypes();
  // The interned type of the type object `obj[key]`.
  const TypeDesc* Type(const Json& obj, const char* key, const bundle::Path& where);
  const TypeDesc* Intern(const bundle::Type& t, const bundle::Path& where);
  // `text` or `decimal`, which the loader needs without a bundle's word.
  const TypeDesc* KnownType(TypeDesc::Kind kind);
  const RecordType* Struct(const std::vector<std::string>& names,
                           const std::vector<const TypeDesc*>& types);

  // loader_exprs.cpp
  std::unique_ptr<Node> Expr(const Json& j, Scope& scope, const bundle::Path& where, int depth = 0);
  bool Literal(const Json& j, const bundle::Path& where, Value* out);
  bool Constant(const Node& n, const bundle::Path& where, std::int64_t as_of, Value* out);
  bool Params(const std::vector<bundle::Binding>& params, Scope& scope, const bundle::Path& where,
              std::vector<Binding>* out);
  bool ReadCell(const Json& j, Scope& scope, std::vector<std::unique_ptr<Node>>* owned,
                const bundle::Path& where, Cell* out);
  bool Date(const Json& v, const bundle::Path& where, std::int64_t* out);
  bool ReadEffective(const Json* effective, const bundle::Path& where, Effective* out);
  const SourceLocation* Source(const std::string& id) const;

  // loader_decls.cpp
  bool LoadSources();
  bool LoadRulesets();
  bool LoadMatters();
  bool LoadMatterObject(const bundle::MatterDecl& decl, const std::string& where, Matter& mt);
  bool LoadMatterFields();
  bool DeclareCallables();
  bool LoadParamValues();
  bool LoadBodies();
  bool LoadTable(const bundle::CallableDecl& decl, Table* t, const std::string& where);
  bool LoadRule(const bundle::CallableDecl& decl, Rule* r, const std::string& where);
  bool LoadScorecard(const bundle::CallableDecl& decl, Scorecard* s, const std::string& where);
  bool LoadDef(const bundle::CallableDecl& decl, Def* d, const std::string& where);
  bool LoadDecision(const bundle::DecisionDecl& decl, Decision* d, const std::string& where);
  // Points every `call_decision` node at its callee, once all are loaded.
  bool ResolveDecisionCalls();
  void IndexShortNames();

  std::string_view bytes_;
  bundle::Document& doc_;  // its declarations are read by Run
  Model& m_;
  const LoadOptions& options_;
  bundle::ReadError error_;
  std::unordered_map<std::string, Table*> tables_;
  std::unordered_map<std::string, Rule*> rules_;
  std::unordered_map<std::string, Scorecard*> scorecards_;
  std::unordered_map<std::string, Def*> defs_;
  std::vector<std::pair<Node*, std::string>> decision_calls_;  // node, where
  std::unordered_map<std::string, std::uint32_t> globals_;
  std::unordered_map<std::string, std::uint32_t> params_;
  std::unordered_map<std::string, const bundle::ReasonDecl*> reasons_;
  std::unordered_map<std::string, const Ruleset*> rulesets_;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_LOADER_INTERNAL_H_
