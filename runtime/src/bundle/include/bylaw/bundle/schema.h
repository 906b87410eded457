// The bundle format's names (docs/bundle.md): the top-level sections, the
// IR operators and the keys and kinds of a type, spelled once here for every
// writer and reader of a bundle: the lowering (dsl/src/lower), the typed
// reader (bylaw/bundle/reader.h) and through it the loader, the review
// tools (tools/review) and the booklet (tools/booklet).
//
// Owned by runtime/src/bundle/. Internal: never installed (hosts see only
// bylaw/runtime.h); other layers reach it through the CMake target
// bylaw_bundle_schema, which the layering test allows to dsl/ and tools/.
// Header-only, constants only: it depends on nothing.
#ifndef BYLAW_BUNDLE_SCHEMA_H_
#define BYLAW_BUNDLE_SCHEMA_H_

#include <array>
#include <string_view>

namespace bylaw::bundle {

// Section 1: the document's identity.
inline constexpr std::string_view kFormat = "bylaw-bundle";
// Version 2 writes types as objects (section 2); version 1 wrote them as
// spellings (`list<int>?`) and is refused with advice to recompile.
inline constexpr int kFormatVersion = 2;

// Section 1: the top-level keys.
namespace section {
inline constexpr const char* kFormat = "format";
inline constexpr const char* kFormatVersion = "format_version";
inline constexpr const char* kHash = "hash";
inline constexpr const char* kSignature = "signature";  // the one optional key (1.4)
inline constexpr const char* kRulesets = "rulesets";
inline constexpr const char* kEnums = "enums";
inline constexpr const char* kRecords = "records";
inline constexpr const char* kParams = "params";
inline constexpr const char* kMatters = "matters";
inline constexpr const char* kReasons = "reasons";
inline constexpr const char* kTables = "tables";
inline constexpr const char* kRules = "rules";
inline constexpr const char* kScorecards = "scorecards";
inline constexpr const char* kDefs = "defs";
inline constexpr const char* kLets = "lets";
inline constexpr const char* kDecisions = "decisions";
inline constexpr const char* kSources = "sources";
}  // namespace section

// Every key a bundle must have (all but `signature`).
inline constexpr std::array<const char*, 16> kRequiredSections = {
    section::kFormat,  section::kFormatVersion, section::kHash,      section::kRulesets,
    section::kEnums,   section::kRecords,       section::kParams,    section::kMatters,
    section::kReasons, section::kTables,        section::kRules,     section::kScorecards,
    section::kDefs,    section::kLets,          section::kDecisions, section::kSources};

// Section 5: the IR operators (`{"op": …}`).
namespace op {
inline constexpr const char* kLit = "lit";
inline constexpr const char* kVar = "var";
inline constexpr const char* kParam = "param";
inline constexpr const char* kGlobal = "global";
inline constexpr const char* kField = "field";
inline constexpr const char* kNot = "not";
inline constexpr const char* kNeg = "neg";
inline constexpr const char* kIsNone = "is_none";
inline constexpr const char* kIsNotNone = "is_not_none";
inline constexpr const char* kIf = "if";
inline constexpr const char* kList = "list";
inline constexpr const char* kSet = "set";
inline constexpr const char* kRecord = "record";
inline constexpr const char* kWith = "with";
inline constexpr const char* kCallTable = "call_table";
inline constexpr const char* kCallRule = "call_rule";
inline constexpr const char* kCallScorecard = "call_scorecard";
inline constexpr const char* kCallDef = "call_def";
inline constexpr const char* kCallDecision = "call_decision";
inline constexpr const char* kCall = "call";  // a built-in function, `fn`
inline constexpr const char* kComp = "comp";  // a comprehension, `fn`
// Binary operators (`lhs`, `rhs`).
inline constexpr const char* kAnd = "and";
inline constexpr const char* kOr = "or";
inline constexpr const char* kEq = "eq";
inline constexpr const char* kNe = "ne";
inline constexpr const char* kLt = "lt";
inline constexpr const char* kLe = "le";
inline constexpr const char* kGt = "gt";
inline constexpr const char* kGe = "ge";
inline constexpr const char* kIn = "in";
inline constexpr const char* kNotIn = "not_in";
inline constexpr const char* kContains = "contains";
inline constexpr const char* kAdd = "add";
inline constexpr const char* kSub = "sub";
inline constexpr const char* kMul = "mul";
inline constexpr const char* kDiv = "div";
}  // namespace op

// Every operator, for readers that check a bundle against the schema.
inline constexpr std::array<const char*, 36> kOps = {op::kLit,
                                                     op::kVar,
                                                     op::kParam,
                                                     op::kGlobal,
                                                     op::kField,
                                                     op::kNot,
                                                     op::kNeg,
                                                     op::kIsNone,
                                                     op::kIsNotNone,
                                                     op::kIf,
                                                     op::kList,
                                                     op::kSet,
                                                     op::kRecord,
                                                     op::kWith,
                                                     op::kCallTable,
                                                     op::kCallRule,
                                                     op::kCallScorecard,
                                                     op::kCallDef,
                                                     op::kCallDecision,
                                                     op::kCall,
                                                     op::kComp,
                                                     op::kAnd,
                                                     op::kOr,
                                                     op::kEq,
                                                     op::kNe,
                                                     op::kLt,
                                                     op::kLe,
                                                     op::kGt,
                                                     op::kGe,
                                                     op::kIn,
                                                     op::kNotIn,
                                                     op::kContains,
                                                     op::kAdd,
                                                     op::kSub,
                                                     op::kMul,
                                                     op::kDiv};

// The operators that call a declaration by `name` (call_decision aside,
// which a decision alone may use).
inline constexpr std::array<const char*, 4> kDeclCallOps = {op::kCallTable, op::kCallRule,
                                                            op::kCallScorecard, op::kCallDef};

// Section 2: a type is an object `{"kind": K, ...}`: its keys ...
namespace type {
inline constexpr const char* kKind = "kind";
inline constexpr const char* kName = "name";          // enum, record: the qualified name
inline constexpr const char* kOf = "of";              // list, set: the element type
inline constexpr const char* kFields = "fields";      // struct: [{"name", "type"}] in order
inline constexpr const char* kFieldName = "name";     // a struct field's name
inline constexpr const char* kFieldType = "type";     // a struct field's type
inline constexpr const char* kOptional = "optional";  // `true` (absent: false); never on none
}  // namespace type

// ... and its kinds.
namespace kind {
inline constexpr const char* kText = "text";
inline constexpr const char* kInt = "int";
inline constexpr const char* kDecimal = "decimal";
inline constexpr const char* kBool = "bool";
inline constexpr const char* kDate = "date";
inline constexpr const char* kPercent = "percent";
inline constexpr const char* kDuration = "duration";
inline constexpr const char* kNone = "none";      // the type of the literal none
inline constexpr const char* kMatter = "matter";  // a supervision matter (3.5)
inline constexpr const char* kReason = "reason";  // the struct {code, rule, message, basis}
inline constexpr const char* kEnum = "enum";
inline constexpr const char* kRecord = "record";
inline constexpr const char* kList = "list";
inline constexpr const char* kSet = "set";
inline constexpr const char* kStruct =
    "struct";  // anonymous: a table's outputs, a scorecard's result
}  // namespace kind

// Every kind, for readers that check a bundle against the schema.
inline constexpr std::array<const char*, 15> kKinds = {
    kind::kText,    kind::kInt,      kind::kDecimal, kind::kBool,   kind::kDate,
    kind::kPercent, kind::kDuration, kind::kNone,    kind::kMatter, kind::kReason,
    kind::kEnum,    kind::kRecord,   kind::kList,    kind::kSet,    kind::kStruct};

// Whether `o` is one of kDeclCallOps.
constexpr bool IsDeclCall(std::string_view o) {
  for (const char* c : kDeclCallOps) {
    if (o == c) return true;
  }
  return false;
}

}  // namespace bylaw::bundle

#endif  // BYLAW_BUNDLE_SCHEMA_H_
