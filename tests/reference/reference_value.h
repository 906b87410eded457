// The reference interpreter's values (tests/reference/reference_interpreter.h):
// one plain struct, deliberately simple, independent of runtime::Value.
// semantics.md S4 is what they model.
#ifndef BYLAW_TESTS_REFERENCE_REFERENCE_VALUE_H_
#define BYLAW_TESTS_REFERENCE_REFERENCE_VALUE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace bylaw::reference {

// Decimals count units of 10^-kScaleDigits (semantics.md S5.2).
inline constexpr int kScaleDigits = 6;
inline constexpr std::int64_t kScale = 1'000'000;

struct RValue {
  enum class Kind {
    kMissing, kNone, kBool, kInt, kDecimal, kPercent, kText, kDate, kDuration,
    kEnum, kList, kRecord,
  };
  Kind kind = Kind::kMissing;
  bool b = false;
  // kInt: the integer; kDecimal, kPercent: units of 10^-6; kDate: days
  // since 1970-01-01.
  __int128 num = 0;
  std::int64_t months = 0, days = 0;  // kDuration
  // kText: the text; kEnum: the member; kRecord: the type's qualified name
  // (empty for anonymous structs: table outputs, scorecard results, Reason).
  std::string text;
  std::string enum_type;  // kEnum: the enum's qualified name
  std::vector<RValue> items;        // kList elements, kRecord fields
  std::vector<std::string> names;   // kRecord field names, declaration order

  static RValue Missing() { return {}; }
  static RValue None() { RValue v; v.kind = Kind::kNone; return v; }
  static RValue Bool(bool x) { RValue v; v.kind = Kind::kBool; v.b = x; return v; }
  static RValue Int(__int128 x) { RValue v; v.kind = Kind::kInt; v.num = x; return v; }
  static RValue Decimal(__int128 scaled) {
    RValue v; v.kind = Kind::kDecimal; v.num = scaled; return v;
  }
  static RValue Percent(__int128 scaled) {
    RValue v; v.kind = Kind::kPercent; v.num = scaled; return v;
  }
  static RValue Text(std::string s) {
    RValue v; v.kind = Kind::kText; v.text = std::move(s); return v;
  }
  static RValue Date(std::int64_t d) { RValue v; v.kind = Kind::kDate; v.num = d; return v; }
  static RValue Duration(std::int64_t m, std::int64_t d) {
    RValue v; v.kind = Kind::kDuration; v.months = m; v.days = d; return v;
  }
  static RValue Enum(std::string type, std::string member) {
    RValue v; v.kind = Kind::kEnum; v.enum_type = std::move(type); v.text = std::move(member);
    return v;
  }
  static RValue List(std::vector<RValue> xs) {
    RValue v; v.kind = Kind::kList; v.items = std::move(xs); return v;
  }
  static RValue Record(std::string type, std::vector<std::string> names,
                       std::vector<RValue> fields) {
    RValue v; v.kind = Kind::kRecord; v.text = std::move(type);
    v.names = std::move(names); v.items = std::move(fields);
    return v;
  }

  bool is_number() const {
    return kind == Kind::kInt || kind == Kind::kDecimal || kind == Kind::kPercent;
  }
  // The number in units of 10^-6.
  __int128 scaled() const { return kind == Kind::kInt ? num * kScale : num; }
  // The field called `name` of a record, or nullptr.
  const RValue* Field(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return &items[i];
    }
    return nullptr;
  }

  // Written as in the language, the way runtime::Value::ToString writes it
  // (`3%`, `0.5`, `2025-07-01`, `A`, `[1, 2]`, `{n: 1}`, `p.F {i: 1}`), so
  // outputs of both interpreters compare as text.
  std::string ToString() const;
};

// Structural equality (semantics.md S4.3).
bool Equal(const RValue& a, const RValue& b);

// `2024-09-02` <-> days since 1970-01-01 (proleptic Gregorian).
std::int64_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(std::int64_t days, int* year, int* month, int* day);

}  // namespace bylaw::reference

#endif  // BYLAW_TESTS_REFERENCE_REFERENCE_VALUE_H_
