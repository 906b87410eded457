// The loaded form of a Bundle: types, the expression IR with every name
// resolved to a slot or pointer, tables with their indexes, rules, and
// decisions. Built once by the loader (loader.cpp), then immutable and read
// concurrently by evaluations. Public API: bylaw/runtime.h.
#ifndef BYLAW_RUNTIME_SRC_MODEL_H_
#define BYLAW_RUNTIME_SRC_MODEL_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bylaw/runtime.h"
#include "bylaw/runtime/value.h"
#include "name_table.h"

namespace bylaw::runtime::runtime_internal {

struct Effective {
  std::int64_t from = std::numeric_limits<std::int64_t>::min();
  std::int64_t until = std::numeric_limits<std::int64_t>::max();
  bool always = true;
  bool Contains(std::int64_t day) const { return from <= day && day < until; }
};

struct EnumType {
  std::string name;
  std::string label;
  std::vector<std::string> members;
  std::vector<std::string> labels;
  std::unordered_map<std::string, std::uint32_t> index;
  NameTable names;  // over `members`, for the facts reader (BuildNameTables)
};

struct RecordType;

// The keys of a record's fields or of a decision's outputs as the result
// writer writes them (result_writer.h), made once at load by
// BuildJsonKeys: `order`, the indices in the byte-wise order of the names
// (std::map's, which nlohmann's objects use), and `text`, each name as a
// JSON string with its colon (`"name":`), by index. Empty when not built
// or when a name is not valid UTF-8: the writer then sorts and escapes as
// it goes (and fails on the bad name, as nlohmann would).
struct JsonKeys {
  std::vector<std::uint32_t> order;
  std::vector<std::string> text;
};

// A resolved type (docs/bundle.md, section 2); interned by the Model.
struct TypeDesc {
  enum class Kind {
    kText, kInt, kDecimal, kBool, kDate, kPercent, kDuration,
    kNone, kEnum, kRecord, kMatter, kList, kSet,
  };
  Kind kind = Kind::kText;
  bool optional = false;
  const EnumType* enum_type = nullptr;
  const RecordType* record = nullptr;  // kRecord (records, structs, Reason)
  const TypeDesc* element = nullptr;   // kList, kSet
  std::string spelling;
};

struct RecordType {
  std::string name;  // qualified name, or the struct spelling `{a, b}`
  bool facts = false;
  bool is_struct = false;
  std::vector<std::string> field_names;
  std::vector<const TypeDesc*> field_types;
  std::unordered_map<std::string, std::uint32_t> index;
  NameTable names;  // over `field_names`, for the facts reader (BuildNameTables)
  JsonKeys json_keys;  // over `field_names`, for the result writer
  int Find(const std::string& field) const {
    auto it = index.find(field);
    return it == index.end() ? -1 : static_cast<int>(it->second);
  }
};

// Slots of the fields of a Matter value.
enum MatterField : std::uint32_t {
  kMatterId, kMatterLabel, kMatterBasis, kMatterType, kMatterInitiator,
  kMatterCooperators, kMatterKey, kMatterDelegable, kMatterLevel,
  kMatterScenario, kMatterMethods, kMatterContent, kMatterFieldCount,
};

struct Node;

struct Matter {
  std::string name;
  std::string id;
  std::string label;
  Effective effective;
  std::vector<Value> fields;  // kMatterFieldCount slots
  std::uint32_t index = 0;
  // `object T where F`: the object's record type (null when the matter
  // names none) and the filter over it (null: every object of that type),
  // evaluated with the object in frame slot 0.
  const RecordType* object_type = nullptr;
  std::unique_ptr<Node> where;
  std::uint32_t where_frame = 0;
};

// ------------------------------------------------------------------ IR

enum class Op : std::uint8_t {
  kLit, kVar, kParam, kGlobal, kField, kProject, kMatterField,
  kNot, kNeg, kAnd, kOr,
  kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kContains,
  kAdd, kSub, kMul, kDiv,
  kIsNone, kIsNotNone, kIf, kList, kSet, kRecord, kWith,
  kCallTable, kCallRule, kCallScorecard, kCallDef, kBuiltin, kComp,
  kCallDecision,
};

enum class Builtin : std::uint8_t {
  kCount,
  kSum,
  kMin,
  kMax,
  kMin2,
  kMax2,
  kLen,
  kToday,
  kYear,
  kReasons,
  kFollowups,
  kOnly,
};

enum class CompFn : std::uint8_t {
  kAny, kAll, kCount, kFilter, kMap, kSum, kMin, kMax,
};

struct Table;
struct Rule;
struct Scorecard;
struct Def;
struct PlanSet;

struct Node {
  Op op = Op::kLit;
  std::uint8_t fn = 0;        // Builtin or CompFn
  std::uint32_t slot = 0;     // var/comp: frame slot; field: field slot;
                              // param/global: index
  const RecordType* record = nullptr;  // field, record, with, call_decision
  const void* target = nullptr;        // callee (Table, Rule, ...)
  Value constant;                      // lit
  std::vector<std::unique_ptr<Node>> kids;
  // record/with: slot per kid; call_decision: slot per callee output
  std::vector<std::uint32_t> field_slots;
  std::string name;                        // for messages
};

struct Binding {
  std::string name;
  const TypeDesc* type = nullptr;
};

// ---------------------------------------------------------------- tables

// A normalised unary test over one column (docs/bundle.md, 3.7).
struct Range {
  const Node* low = nullptr;  // null: unbounded
  const Node* high = nullptr;
  bool low_closed = false;
  bool high_closed = false;
};

struct Cell {
  bool any = true;
  bool negate = false;
  std::vector<const Node*> eq;
  std::vector<Range> ranges;
  bool dynamic = false;  // refers to a param: evaluated per row
};

struct Row {
  std::string id;
  std::vector<Cell> cells;
  std::vector<std::unique_ptr<Node>> owned;  // cell constants
  std::vector<std::unique_ptr<Node>> outputs;
  std::int64_t priority = 0;
  Effective effective;
  std::uint32_t source_order = 0;  // position in the bundle
  Value constant_outputs;          // prebuilt struct when all outputs are lits
  const SourceLocation* source = nullptr;
};

using Bits = std::vector<std::uint64_t>;

// Per-column index: maps a column value to the bitset of rows (in hit
// order) whose cell accepts it. The bitsets of one column lie back to back
// in `bits`, `Table::words` words each, so a lookup is an offset, not a
// pointer chase: class k starts at bits[k * words].
// Hashes std::string and std::string_view alike: a map keyed by std::string
// with this hash and std::equal_to<> finds a text Value's view
// (Value::text()) without building a string.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct ColumnIndex {
  enum class Kind { kEnum, kBool, kMatter, kOrdered, kText, kScan };
  Kind kind = Kind::kScan;
  bool dynamic = false;  // a cell reads a param: checked by the evaluator
  // kEnum: one class per member of `enum_type`; kBool: false, true;
  // kMatter: one per matter index. kOrdered: boundaries b[0..k) give
  // 2k+1 segment classes (see table_index.cpp); `date` tells a date column
  // from a numeric one. kText: one class per constant in `text_slots`,
  // then `other` for any other text. Every indexed column has `none` last.
  std::vector<std::uint64_t> bits;
  std::uint32_t none = 0;  // also the number of value classes
  std::uint32_t other = 0;
  const EnumType* enum_type = nullptr;
  bool date = false;
  // kOrdered: the `nbounds` boundaries, then at least one and up to four
  // entries of padding (int64 max, never below a key) so that a lookup
  // may read in fours and one past the end (SegmentClass).
  std::vector<std::int64_t> bounds;
  std::uint32_t nbounds = 0;
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> text_slots;
};

enum class HitPolicy { kUnique, kAny, kFirst, kPriority, kRuleOrder, kCollect };
enum class Aggregator { kNone, kSum, kMin, kMax, kCount };

struct Table {
  std::string name;
  std::string ruleset;
  std::vector<Binding> params;
  std::uint32_t frame_size = 0;
  std::vector<std::unique_ptr<Node>> inputs;
  std::vector<const TypeDesc*> input_types;
  std::vector<std::string> output_names;
  std::vector<const TypeDesc*> output_types;
  const RecordType* output_record = nullptr;
  HitPolicy hit = HitPolicy::kUnique;
  Aggregator aggregator = Aggregator::kNone;
  bool partial = false;
  Effective effective;
  std::vector<Row> rows;            // in hit order (priority-sorted)
  std::unique_ptr<Row> default_row;
  std::vector<ColumnIndex> columns;
  std::vector<std::uint32_t> dynamic_columns;
  std::vector<std::uint32_t> dated_rows;
  std::uint32_t words = 0;
  // Per row, its constant outputs, or null when they are computed: a hit
  // reads one pointer instead of the row.
  std::vector<const Value*> row_outputs;
  const SourceLocation* source = nullptr;  // More than one call node names it: its calls are memoised per
  // evaluation (call_memo.h).
  bool memo = false;
};

// ----------------------------------------------------------------- rules

struct Except {
  std::string id;
  std::unique_ptr<Node> when;
  std::string followup;
  const SourceLocation* source = nullptr;
};

struct Rule {
  std::string name;
  std::string ruleset;
  std::vector<Binding> params;
  std::uint32_t frame_size = 0;
  bool forbid = true;
  std::unique_ptr<Node> condition;
  std::vector<Except> excepts;
  Effective effective;
  Value reason;  // the Reason struct it yields when it stands against
  const SourceLocation* source = nullptr;  // More than one call node names it: its calls are memoised per
  // evaluation (call_memo.h).
  bool memo = false;
};

struct Indicator {
  std::string id;
  std::unique_ptr<Node> weight;
  std::unique_ptr<Node> value;
};

struct Band {
  std::string id;
  Cell test;
  std::vector<std::unique_ptr<Node>> owned;
  std::unique_ptr<Node> grade;
};

struct Scorecard {
  std::string name;
  std::vector<Binding> params;
  std::uint32_t frame_size = 0;
  std::vector<Indicator> indicators;
  std::vector<Band> bands;
  const RecordType* result_record = nullptr;
  const SourceLocation* source = nullptr;  // More than one call node names it: its calls are memoised per
  // evaluation (call_memo.h).
  bool memo = false;
};

struct Def {
  std::string name;
  std::vector<Binding> params;
  std::uint32_t frame_size = 0;
  std::unique_ptr<Node> body;  // More than one call node names it: its calls are memoised per
  // evaluation (call_memo.h).
  bool memo = false;
};

struct Global {
  std::string name;
  std::unique_ptr<Node> value;
  std::uint32_t frame_size = 0;
};

struct ParamValue {
  std::string id;
  std::int64_t from = std::numeric_limits<std::int64_t>::min();
  Value value;
  const SourceLocation* source = nullptr;
};

struct Param {
  std::string name;
  std::string short_name;
  const TypeDesc* type = nullptr;
  std::vector<ParamValue> values;  // sorted by from
  bool overridden = false;         // LoadOptions override: values[0] only
  const SourceLocation* source = nullptr;
};

struct Ruleset {
  std::string id;
  std::string version;
  bool repealed = false;
  bool trial = false;  // status `trial`: every outcome says so
  Effective effective;
};

struct DecisionItem {
  bool output = false;
  std::string id;
  std::string name;
  std::uint32_t slot = 0;          // let: frame slot
  std::uint32_t output_index = 0;  // output: position
  std::unique_ptr<Node> expr;
  std::unique_ptr<Node> fallback;
  const SourceLocation* source = nullptr;
};

// The direct plan of a decision whose outputs are each one table called on
// fact fields (direct_call.h). Each argument of the call is a decision
// param or a field chain on one; each input column reads one argument, or
// one field of it (then the argument must be a `record`).
struct DirectPath {
  std::uint32_t param = 0;  // the decision param it starts from
  // Fields followed from the param, each on a record of the given type.
  std::vector<std::pair<const RecordType*, std::uint32_t>> steps;
  const RecordType* record = nullptr;  // when inputs read its fields
};

struct DirectInput {
  static constexpr std::uint32_t kWhole = ~std::uint32_t{0};
  std::uint32_t base = 0;  // the argument, an index into DirectCall::bases
  std::uint32_t field = kWhole;
};

struct DirectCall {
  const Table* table = nullptr;
  std::uint32_t output_index = 0;
  std::vector<DirectPath> bases;    // one per table param
  std::vector<DirectInput> inputs;  // one per table input column
};

struct Decision {
  std::string name;
  const Ruleset* ruleset = nullptr;
  std::vector<Binding> params;
  std::unordered_map<std::string, std::uint32_t> param_index;
  std::uint32_t frame_size = 0;
  std::vector<DecisionItem> items;
  std::vector<std::string> output_names;
  JsonKeys json_outputs;  // over `output_names`, for the result writer
  const SourceLocation* source = nullptr;
  // One per output when every output is a direct table call; else empty.
  std::vector<DirectCall> direct;
  // `require complete facts` (docs/design/semantics.md): a facts document missing
  // a non-optional field fails every output with MISSING_FACT.
  bool complete_facts = false;
  // Its position in Model::decisions: where its plan is (PlanSet::Find).
  std::uint32_t index = 0;
};

struct Model {
  std::string hash;
  // The key id of the trusted key whose signature was verified at load
  // (docs/bundle.md 1.4); empty when no key was trusted.
  std::string signer_key_id;
  std::vector<Ruleset> rulesets;
  std::deque<EnumType> enums;
  std::deque<RecordType> records;  // records, structs, Reason
  std::deque<TypeDesc> types;
  std::unordered_map<std::string, const TypeDesc*> type_by_spelling;
  std::unordered_map<std::string, const EnumType*> enum_by_name;
  std::unordered_map<std::string, const RecordType*> record_by_name;
  const RecordType* reason_record = nullptr;
  std::deque<Matter> matters;
  std::unordered_map<std::string, const Matter*> matter_by_id;
  std::deque<Param> params;
  std::deque<Table> tables;
  std::deque<Rule> rules;
  std::deque<Scorecard> scorecards;
  std::deque<Def> defs;
  std::deque<Global> globals;
  std::deque<Decision> decisions;
  std::unordered_map<std::string, const Decision*> decision_by_name;
  std::unordered_map<std::string, const Param*> param_by_name;  // + short
  std::unordered_map<std::string, SourceLocation> sources;
  std::uint32_t max_frame = 0;
  // The compiled plans of the decisions (decision_plan.h), built when the
  // Rulebook is made; null for a Model evaluated without them.
  std::shared_ptr<const PlanSet> plan;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_MODEL_H_
