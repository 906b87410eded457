// The typed bundle reader: a bundle document (docs/bundle.md) checked for
// its identity (format, version), its sections, and decoded into its
// declarations, record and enum shapes and structured types. Expressions
// (section 5) stay JSON, reached through the declarations that hold them;
// the loader builds its IR from them, the review tools walk them.
//
// The one reader of the format: the loader (runtime/src/loader.cpp) builds
// the Model from it, tools/review and tools/booklet read through it.
//
// Owned by runtime/src/bundle/; internal (never installed: hosts see only
// bylaw/runtime.h). Other layers reach it through the CMake target
// bylaw_bundle_schema; its code is compiled into bylaw_runtime.
//
// A Document owns the parsed JSON; every `const Json*` in a declaration
// points into it and stays valid while the Document lives. Immutable once
// read; safe to share between threads for reading.
#ifndef BYLAW_BUNDLE_READER_H_
#define BYLAW_BUNDLE_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/bundle/fields.h"
#include "bylaw/bundle/read_error.h"
#include "bylaw/bundle/type.h"

namespace bylaw::bundle {

// A typed name: a param of a table, rule, def, decision (`PARAM`), a field
// of a record, a table output.
struct Binding {
  std::string name;
  Type type;
  std::string label;  // records' fields only
};

// 3.1
struct RulesetDecl {
  std::string id, title, level, status, version, source, jurisdiction;
  const Json* effective = nullptr;  // EFFECTIVE (1.3) or null
  const Json* json = nullptr;       // the whole declaration
};

// 3.2
struct EnumMember {
  std::string name, label;
};
struct EnumDecl {
  std::string name, label;
  std::vector<EnumMember> members;
  const Json* json = nullptr;
};

// 3.3
struct RecordDecl {
  std::string name, label;
  bool facts = false;
  std::vector<Binding> fields;
  const Json* json = nullptr;
  // The field `name`, or null.
  const Binding* Field(std::string_view name) const;
};

// 3.4
struct ParamDecl {
  std::string name, label, ruleset;
  Type type;
  const Json* values = nullptr;  // the `values` array
  const Json* json = nullptr;
};

// 3.5
struct MatterDecl {
  std::string name, id, label;
  const Json* effective = nullptr;
  const Json* object = nullptr;  // the `object` selector, or null
  const Json* fields = nullptr;  // the `fields` object, or null
  const Json* json = nullptr;    // the whole declaration
};

// 3.6
struct ReasonDecl {
  std::string name, code, label;
  const Json* json = nullptr;
};

// 3.7-3.10: tables, rules, scorecards and defs, as far as a caller needs
// them before their bodies: name and signature. `json` is the whole
// declaration, for the section-specific keys.
struct CallableDecl {
  std::string name, label, ruleset;
  std::vector<Binding> params;
  const Json* json = nullptr;
};

// 3.10
struct LetDecl {
  std::string name, label;
  Type type;
  const Json* value = nullptr;
  const Json* json = nullptr;
};

// 3.11
struct DecisionItem {
  bool output = false;  // `output`, else `let`
  std::string name;
  std::string id;  // outputs
  bool has_type = false;
  Type type;  // when has_type
  const Json* expr = nullptr;
  const Json* fallback = nullptr;  // outputs' `else`, or null
};
struct DecisionDecl {
  std::string name, label, ruleset;
  std::vector<Binding> params;
  bool complete_facts = false;
  std::vector<DecisionItem> items;
  const Json* json = nullptr;
};

// 8
struct SourceEntry {
  std::string file;
  int line = 0;
  int col = 0;
  std::string basis;
};

class Document {
 public:
  // Parses `bytes` and checks the document's identity: JSON
  // (bundle_not_json, telling a truncated text from one that never was
  // JSON), `format` (bundle_format), `format_version` (bundle_version; a
  // version-1 bundle is told to recompile with `bylaw compile`) and a
  // `hash` string. Null with `*error` set otherwise. The content hash is
  // not verified here (bylaw/runtime.h LoadOptions::verify_hash).
  static std::unique_ptr<Document> Parse(std::string_view bytes, ReadError* error);

  // Checks the sections (all of schema.h's kRequiredSections, nothing
  // else but `signature`) and decodes every declaration. Call once, after
  // Parse; false with `*error` (bundle_structure) when one is malformed.
  // A name is not checked against other sections here: that a type names
  // a declared enum is the loader's (bundle_dangling_reference).
  bool ReadDeclarations(ReadError* error);

  const Json& json() const { return doc_; }
  const std::string& hash() const { return hash_; }

  const std::vector<RulesetDecl>& rulesets() const { return rulesets_; }
  const std::vector<EnumDecl>& enums() const { return enums_; }
  const std::vector<RecordDecl>& records() const { return records_; }
  const std::vector<ParamDecl>& params() const { return params_; }
  const std::vector<MatterDecl>& matters() const { return matters_; }
  const std::vector<ReasonDecl>& reasons() const { return reasons_; }
  const std::vector<CallableDecl>& tables() const { return tables_; }
  const std::vector<CallableDecl>& rules() const { return rules_; }
  const std::vector<CallableDecl>& scorecards() const { return scorecards_; }
  const std::vector<CallableDecl>& defs() const { return defs_; }
  const std::vector<LetDecl>& lets() const { return lets_; }
  const std::vector<DecisionDecl>& decisions() const { return decisions_; }
  // By item id (1.2), in id order.
  const std::map<std::string, SourceEntry, std::less<>>& sources() const { return sources_; }

  // By qualified name, or null.
  const EnumDecl* FindEnum(std::string_view name) const;
  const RecordDecl* FindRecord(std::string_view name) const;
  // By qualified name or by a last segment unique among the decisions
  // (1.2), or null.
  const DecisionDecl* FindDecision(std::string_view name) const;

 private:
  Document() = default;

  Json doc_;
  std::string hash_;
  std::vector<RulesetDecl> rulesets_;
  std::vector<EnumDecl> enums_;
  std::vector<RecordDecl> records_;
  std::vector<ParamDecl> params_;
  std::vector<MatterDecl> matters_;
  std::vector<ReasonDecl> reasons_;
  std::vector<CallableDecl> tables_, rules_, scorecards_, defs_;
  std::vector<LetDecl> lets_;
  std::vector<DecisionDecl> decisions_;
  std::map<std::string, SourceEntry, std::less<>> sources_;
  std::map<std::string, std::size_t, std::less<>> enum_index_, record_index_, decision_index_;
};

// The last segment of a qualified name: `may_inspect` of
// `nantong.contract.may_inspect`.
std::string_view LastSegment(std::string_view name);

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_READER_H_
