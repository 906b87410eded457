// Structural comparison of two bundles (see change_set.h).
#include "change_set.h"

namespace bylaw::review::review_internal {
namespace {

// The part of a declaration that evaluation depends on.
json Semantic(std::string_view kind, const json& d) {
  if (kind == "ruleset") {
    return json{{"level", d.value("level", json())},
                {"status", d.value("status", json())},
                {"effective", d.value("effective", json())}};
  }
  if (kind == "enum") {
    json names = json::array();
    for (const json& m : d.value("members", json::array())) names.push_back(m.value("name", ""));
    return names;
  }
  if (kind == "record") {
    json fields = json::array();
    for (const json& f : d.value("fields", json::array())) {
      fields.push_back({f.value("name", ""), f.value("type", json())});
    }
    return json{{"facts", d.value("facts", false)}, {"fields", fields}};
  }
  if (kind == "reason") return d.value("code", json());
  return d;
}

bool IsVocabulary(std::string_view kind) {
  return kind == "ruleset" || kind == "enum" || kind == "record" ||
         kind == "matter" || kind == "reason";
}

}  // namespace

ChangeSet::ChangeSet(const BundleView& old_bundle, const BundleView& new_bundle)
    : old_(old_bundle), new_(new_bundle) {
  for (const DeclKindInfo& k : DeclKinds()) {
    std::set<std::string> names;
    for (const std::string& n : old_.Names(k.kind)) names.insert(n);
    for (const std::string& n : new_.Names(k.kind)) names.insert(n);
    for (const std::string& name : names) {
      const json* a = old_.Find(k.kind, name);
      const json* b = new_.Find(k.kind, name);
      DiffDeclaration d;
      d.kind = k.kind;
      d.name = name;
      if (a == nullptr) {
        d.change = "added";
      } else if (b == nullptr) {
        d.change = "removed";
      } else if (Semantic(k.kind, *a) != Semantic(k.kind, *b)) {
        d.change = "changed";
      } else {
        continue;
      }
      if (a != nullptr) d.old_source = old_.Source(name);
      if (b != nullptr) d.new_source = new_.Source(name);
      changed_.insert(KeyOf(k.kind, name));
      if (IsVocabulary(k.kind)) global_ = true;
      decls_.push_back(std::move(d));
    }
  }
}

bool ChangeSet::Affected(const DeclKey& key) const {
  if (changed_.count(key)) return true;
  if (auto it = affected_.find(key); it != affected_.end()) return it->second;
  // The language has no recursion; mark first anyway so that a malformed
  // bundle cannot loop.
  affected_[key] = false;
  bool result = false;
  for (const BundleView* view : {&old_, &new_}) {
    const json* d = view->Find(key);
    if (d == nullptr) continue;
    for (const DeclKey& ref : BundleView::Refs(*d)) {
      if (Affected(ref)) {
        result = true;
        break;
      }
    }
    if (result) break;
  }
  affected_[key] = result;
  return result;
}

bool ChangeSet::AffectsCode(const json& code) const {
  for (const DeclKey& ref : BundleView::Refs(code)) {
    if (Affected(ref)) return true;
  }
  return false;
}

}  // namespace bylaw::review::review_internal
