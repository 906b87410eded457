// The parts of a compiled bundle (docs/bundle.md) the booklet reads besides
// what the runtime evaluates: enum and record labels, decision params and
// ruleset headers, read through the bundle's typed reader
// (bylaw/bundle/reader.h). Internal to bylaw_booklet (bylaw/booklet/booklet.h
// is the public entry).
#ifndef BYLAW_BOOKLET_SRC_CONTRACT_VIEW_H_
#define BYLAW_BOOKLET_SRC_CONTRACT_VIEW_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/booklet/booklet.h"
#include "bylaw/bundle/type.h"

namespace bylaw::booklet::booklet_internal {

using nlohmann::json;

// A bundle type as the booklet asks about it: `set<national.KeyPlace>` is
// container "set", element "national.KeyPlace"; `national.FoodRiskGrade?`
// is optional.
struct TypeInfo {
  std::string container;  // "", "list" or "set"
  std::string element;    // a kind (`bool`, `text`), or an enum or record name
  bool optional = false;
};
TypeInfo InfoOf(const bundle::Type& type);

struct FieldInfo {
  std::string name, label;
  std::string type;  // as people write it (bundle::Spelling)
  TypeInfo parsed;
};

struct RecordInfo {
  std::string name, label;
  std::vector<FieldInfo> fields;
  const FieldInfo* Find(std::string_view field) const;
};

class ContractView {
 public:
  // Errors kBadRules when the text is not a bundle.
  static Result<ContractView> Parse(std::string_view bundle_json);

  // Members of enum `name` with labels, or null when it is no enum.
  const std::vector<Member>* Enum(const std::string& name) const;
  // The member `name` of enum `type` (label = name when unknown).
  Member MemberOf(const std::string& type, const std::string& name) const;
  const RecordInfo* Record(const std::string& name) const;
  // The record type of param `param` of decision `decision` (qualified or
  // last segment), or null.
  const RecordInfo* ParamRecord(std::string_view decision, std::string_view param) const;
  // The type of output `output` of decision `decision` (empty when there
  // is none).
  TypeInfo OutputType(std::string_view decision, std::string_view output) const;
  // The qualified name of matter `id` (its source-map id) and the labels of
  // its methods, read from the matter's `methods` literals.
  std::string MatterName(const std::string& id) const;
  std::vector<std::string> MatterMethods(const std::string& id) const;
  const std::vector<RulesetEntry>& rulesets() const { return rulesets_; }
  const std::string& hash() const { return hash_; }

 private:
  std::map<std::string, std::vector<Member>> enums_;
  std::map<std::string, RecordInfo> records_;
  // decision (qualified and unique last segment) -> param -> type
  std::map<std::string, std::map<std::string, TypeInfo>, std::less<>> params_;
  std::map<std::string, std::map<std::string, TypeInfo>, std::less<>> outputs_;
  std::vector<RulesetEntry> rulesets_;
  std::map<std::string, std::string> matter_names_;
  std::map<std::string, std::vector<std::string>> matter_methods_, matter_method_types_;
  std::string hash_;
};

}  // namespace bylaw::booklet::booklet_internal

#endif  // BYLAW_BOOKLET_SRC_CONTRACT_VIEW_H_
