// Which declarations differ between two bundles, and which code depends on
// them. Internal to tools/review; bylaw/review/diff.h is the public entry.
//
// Two declarations are "the same" when everything the runtime evaluates of
// them is equal: the whole JSON of tables, rules, defs, params, lets,
// scorecards and decisions (labels included, which only costs a needless
// exploration); enum member names; record field names and types; matters;
// reason codes; and a ruleset's level, status and effective period.
// Vocabulary changes (enums, records, matters, reasons, rulesets) are
// "global": every decision is then explored.
#ifndef BYLAW_REVIEW_SRC_CHANGE_SET_H_
#define BYLAW_REVIEW_SRC_CHANGE_SET_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "bundle_view.h"

namespace bylaw::review::review_internal {

class ChangeSet {
 public:
  // Both views must outlive the ChangeSet.
  ChangeSet(const BundleView& old_bundle, const BundleView& new_bundle);

  // Added, removed and changed declarations, by kind then name.
  const std::vector<DiffDeclaration>& declarations() const { return decls_; }
  // Some enum, record, matter, reason or ruleset changed.
  bool global() const { return global_; }
  // The declaration is added, removed or changed.
  bool Changed(const DeclKey& key) const { return changed_.count(key) > 0; }
  // It changed, or code it calls or reads (transitively) did.
  bool Affected(const DeclKey& key) const;
  // Some declaration that `code` refers to (in either version) is affected.
  bool AffectsCode(const json& code) const;

 private:
  const BundleView& old_;
  const BundleView& new_;
  std::vector<DiffDeclaration> decls_;
  std::set<DeclKey> changed_;
  bool global_ = false;
  mutable std::map<DeclKey, bool> affected_;
};

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_CHANGE_SET_H_
