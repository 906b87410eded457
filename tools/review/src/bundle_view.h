// A compiled bundle (docs/bundle.md) as the semantic diff reads it: its
// declarations by kind and qualified name, the declarations an expression
// refers to, record and enum shapes, and where items were written. Read
// through the bundle's typed reader (bylaw/bundle/reader.h), whose types
// (bylaw/bundle/type.h) the diff reasons on.
// Internal to tools/review; bylaw/review/diff.h is the public entry.
#ifndef BYLAW_REVIEW_SRC_BUNDLE_VIEW_H_
#define BYLAW_REVIEW_SRC_BUNDLE_VIEW_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/bundle/reader.h"
#include "bylaw/bundle/type.h"
#include "bylaw/review/diff.h"

namespace bylaw::review::review_internal {

using nlohmann::json;

// Calls `visit(node)` on every JSON object of an IR expression tree
// (docs/bundle.md section 5), parents before children; `visit` returns whether to
// go into the node's members. Iterative, so deep IR cannot exhaust the stack.
template <typename Visit>
void ForEachIrObject(const json& code, Visit visit) {
  std::vector<const json*> stack{&code};
  while (!stack.empty()) {
    const json* j = stack.back();
    stack.pop_back();
    if (j->is_array()) {
      for (const json& k : *j) stack.push_back(&k);
      continue;
    }
    if (!j->is_object() || !visit(*j)) continue;
    for (auto it = j->begin(); it != j->end(); ++it) {
      if (it->is_structured()) stack.push_back(&*it);
    }
  }
}

// The type object at `node[key]` (`node` itself when `key` is null),
// decoded by the bundle reader; nullopt when absent or malformed.
std::optional<bundle::Type> TypeAt(const json& node, const char* key = "type");

// Whether `type` is known and of `kind` (optional or not).
inline bool IsKind(const std::optional<bundle::Type>& type, bundle::TypeKind kind) {
  return type && type->kind == kind;
}

// The kinds of top-level declarations, as the report spells them, with the
// bundle section each lives in.
struct DeclKindInfo {
  const char* kind;     // `table`
  const char* section;  // `tables`
};
const std::vector<DeclKindInfo>& DeclKinds();

// A reference from code to a declaration: `table:nantong.frequency`.
using DeclKey = std::string;
DeclKey KeyOf(std::string_view kind, std::string_view name);

// Owns the read document; pointers into it stay valid while it lives.
// Not copyable (the indexes point into the document).
class BundleView {
 public:
  // Reads `text`; nullopt with `error` set when it is not a bundle this
  // release reads (the reader's message: a version-1 bundle is told to
  // recompile).
  static std::optional<BundleView> Parse(std::string_view text,
                                         std::string* error);
  BundleView(BundleView&&) = default;
  BundleView(const BundleView&) = delete;
  BundleView& operator=(const BundleView&) = delete;

  const json& doc() const { return doc_->json(); }
  const bundle::Document& document() const { return *doc_; }

  // The declaration `name` of `kind`, or null.
  const json* Find(std::string_view kind, const std::string& name) const;
  const json* Find(const DeclKey& key) const;
  // Every name of `kind`, sorted.
  std::vector<std::string> Names(std::string_view kind) const;

  // The declarations an expression (or any JSON holding expressions)
  // calls or reads: call_table/rule/scorecard/def, param, global.
  static std::set<DeclKey> Refs(const json& code);

  // Record fields, or null when `name` is no record.
  const std::vector<bundle::Binding>* RecordFields(const std::string& name) const;
  // Enum member names, or null when `name` is no enum.
  const std::vector<std::string>* EnumMembers(const std::string& name) const;
  // Matter ids in bundle order.
  const std::vector<std::string>& MatterIds() const { return matter_ids_; }

  // A decision by qualified name or unique last segment, or null.
  const json* FindDecision(const std::string& name) const;

  // Where item `id` was written.
  DiffSource Source(const std::string& id) const;

 private:
  BundleView() = default;
  void Index();

  std::unique_ptr<bundle::Document> doc_;
  std::map<std::string, std::map<std::string, const json*, std::less<>>, std::less<>> decls_;
  std::map<std::string, std::vector<std::string>> enums_;
  std::vector<std::string> matter_ids_;
};

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_BUNDLE_VIEW_H_
