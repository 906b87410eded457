// The inputs of `bylaw plan` (docs/plan.md): the enterprise register, the
// inspector roster, and the register's schema read from the rules.
//
//   auto schema = plan::ReadRegisterSchema(bundle_json, *book);
//   auto roster = plan::ReadRoster("roster.csv", *schema, *book);
//   auto reader = plan::RegisterReader::Open("register.csv", *schema);
//   plan::RegisterRow row;
//   while (true) {
//     auto next = (*reader)->Next(&row);        // a row, the end, or an error
//     if (!next.ok()) { ... next.error().message is FILE:LINE: ... }
//     if (!*next) break;
//     ... row.line, row.id, row.enterprise_json ...
//   }
//
// The register's columns are the fields of the record type of the
// `enterprise` param of decision `frequency` (in Nantong `nantong.Enterprise`,
// see docs/rulesets/contract.md), never a list written here: another ruleset's
// register works as well. Two formats, chosen by the file's extension:
//
// CSV (`.csv`): RFC 4180 (fields in double quotes may hold commas, quotes
// written `""` and line breaks), UTF-8 with an optional BOM, LF or CRLF, a
// header row naming every field once, in any order. Cells:
//   text          as is; `id` must not be empty
//   bool          `true` or `false`
//   int           `12`, `-3`            decimal   `0.25`
//   percent       `5%`                  date      `2024-10-01`
//   enum          the member's name: `rudong`, `A`, `1`
//   optional      an empty cell is null (`food_risk_grade` of a non-food
//                 business); an empty cell of a non-optional field other
//                 than text is an error
//   list, set     items separated by `;`: `school;mall`; empty cell = [];
//                 a set may not repeat an item
//   list of records (`penalties`)  items separated by `;`, each the record's
//                 fields in declaration order separated by `/`:
//                 `food/2024-10-01/true/false` (domain/public_since/
//                 corrected/serious); empty cell = []
// JSONL (`.jsonl`, `.ndjson`): one JSON object per line, the `enterprise`
// object of the facts document with every field present (null for an absent
// optional); blank lines are skipped.
//
// Errors name the file, the line where the row starts and the field:
// `register.csv:12: field credit_class: "E" is not a CreditClass (A, B, C, D)`.
// An unknown or missing column, a wrong type, a bad enum member, a bad list
// item, an empty or duplicate id, malformed JSON or CSV quoting are errors;
// nothing is silently dropped.
//
// The roster (`ReadRoster`), CSV or JSONL likewise, has the columns `id`,
// `department` (a member of the Department enum, the type of `assignment`'s
// `lead` output), `certified` (bool), `domains` (`;`-separated matter ids the
// inspector is qualified for, or `*` for every matter) and optionally
// `region` (a member of the register's `region` enum; empty = every region).
#ifndef BYLAW_PLAN_INPUTS_H_
#define BYLAW_PLAN_INPUTS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime.h"

namespace bylaw::plan {

using runtime::Error;
using runtime::Result;
using runtime::Status;

// Error codes (Error::code) of the plan's inputs. Error::message is the whole
// line to print, already prefixed by `FILE:LINE: ` where there is a line.
inline constexpr const char* kBadRow = "bad_row";        // one row; --skip-bad may skip it
inline constexpr const char* kBadInput = "bad_input";    // the file as a whole (header, encoding)
inline constexpr const char* kIoError = "io_error";      // cannot open, read or write
inline constexpr const char* kBadRules = "bad_rules";    // the rules lack what the plan needs

// How much of one row a reader holds: a longer JSON Lines line, CSV record
// or CSV cell is a kBadRow (`line 7 is over the limit of 16777216 bytes`),
// read past without being kept, so memory stays bounded whatever the file.
// A register row is a few hundred bytes; the defaults leave room for
// rows with long lists.
struct InputLimits {
  std::size_t max_line_bytes = std::size_t{16} << 20;  // a JSONL line or a CSV record
  std::size_t max_cell_bytes = std::size_t{1} << 20;   // one CSV cell
};

// One field of a register (or of a record inside a list field), from the
// bundle's record type.
struct FieldSpec {
  enum class Kind { kText, kBool, kInt, kDecimal, kPercent, kDate, kEnum, kList, kRecordList };
  std::string name;
  Kind kind = Kind::kText;
  bool optional = false;
  // kEnum: the enum's short name (`CreditClass`) and members in order; for
  // kList the same of the element when it is an enum.
  std::string enum_name;
  std::vector<std::string> members;
  // kList: the element's kind (a scalar kind) and whether it is a set.
  Kind element = Kind::kText;
  bool set = false;
  // kRecordList: the record's fields (scalars only), in declaration order.
  std::vector<FieldSpec> fields;
};

// What the plan reads from the rules besides the Rulebook itself.
struct RegisterSchema {
  std::string record;               // `nantong.Enterprise`
  std::vector<FieldSpec> fields;    // declaration order
  std::vector<std::string> departments;  // Department members, enum order
  std::vector<std::string> department_labels;  // their labels (`市场监管部门`; empty when none)
  std::vector<std::string> regions;      // the `region` field's members, if an enum
  std::vector<std::string> region_labels;  // their labels (`崇川区`; empty when none)
  // Index of field `name`, or -1.
  int Find(std::string_view name) const;
};

// Reads the schema from the bundle text that `book` was loaded from (the
// bundle's `records`, `enums` and `decisions`, docs/bundle.md sections 2, 3).
// Errors (kBadRules): the bundle's hash differs from book.hash(), no decision
// `frequency` with a record param `enterprise`, a field of a type a register
// cannot hold, no `assignment` decision whose `lead` output is an enum.
Result<RegisterSchema> ReadRegisterSchema(std::string_view bundle_json,
                                          const runtime::Rulebook& book);

// One row of the register, validated against the schema.
struct RegisterRow {
  std::int64_t line = 0;        // the line (1-based) where the row starts
  std::string id;
  // The `enterprise` object as JSON in the facts encoding, fields in schema
  // order: ready to be placed in a facts document.
  std::string enterprise_json;
  // Selected fields as text for the plan's outputs ("" when the schema has
  // no such field, or for null): name, region, industry, credit_class.
  std::string name, region, industry, credit_class;
};

// Streams a register file (CSV or JSONL, by extension) row by row. Owns the
// open file; not thread-safe (one reader per thread). The schema must
// outlive the reader.
class RegisterReader {
 public:
  virtual ~RegisterReader() = default;
  // Opens `path` and, for CSV, reads and checks the header row. Errors:
  // kIoError, kBadInput (unknown extension, unknown/missing/repeated column,
  // not UTF-8, a header over `limits`).
  static Result<std::unique_ptr<RegisterReader>> Open(const std::string& path,
                                                      const RegisterSchema& schema,
                                                      const InputLimits& limits = {});
  // Reads the next row into `*row`: true, or false at the end of the file.
  // A bad row is an error kBadRow naming file, line and field; the reader
  // has then moved past it, so calling Next again continues with the next
  // row (--skip-bad). Any other error code is fatal. Duplicate ids are not
  // detected here (the assessor's sort does, see assessment.h).
  virtual Result<bool> Next(RegisterRow* row) = 0;
  // The number of data rows read so far (good and bad).
  virtual std::int64_t rows() const = 0;
  virtual const std::string& path() const = 0;
};

// One inspector of the roster.
struct Inspector {
  std::string id;
  std::string department;           // a Department member
  bool certified = false;
  bool all_domains = false;         // `*`
  std::vector<std::string> domains; // matter ids (empty when all_domains)
  std::string region;               // empty: serves every region
  std::int64_t line = 0;

  bool QualifiedFor(std::string_view matter_id) const;
  bool Serves(std::string_view region_name) const;
};

// The roster, sorted by inspector id (ids are unique).
struct Roster {
  std::vector<Inspector> inspectors;
};

// Reads a whole roster (CSV or JSONL). Every bad row is an error (kBadRow,
// `roster.csv:LINE: field NAME: ...`): unknown department, unknown matter id
// in domains (matters of book.matters()), unknown region, duplicate id,
// empty id. The roster is small: no --skip-bad.
Result<Roster> ReadRoster(const std::string& path, const RegisterSchema& schema,
                          const runtime::Rulebook& book, const InputLimits& limits = {});

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_INPUTS_H_
