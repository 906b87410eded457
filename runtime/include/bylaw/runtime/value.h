// runtime::Value: the runtime's own value type (facts, params, outputs).
//
// A Value is small (40 bytes) and cheap to copy: scalars are stored inline,
// text, lists and records share immutable heap storage, one allocation
// each (the characters or elements live in the block of the reference
// count). Decimals and percents are fixed-point int64 scaled by 10^6
// (kDecimalScale), so 3% and 0.03 are exact and equal. Dates are days
// since 1970-01-01. Enum and record values point at their type, which a
// Rulebook owns: such a Value must not outlive the Rulebook it came from.
//
// Values are immutable once built; concurrent reads are safe.
#ifndef BYLAW_RUNTIME_VALUE_H_
#define BYLAW_RUNTIME_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::runtime {

namespace runtime_internal {
struct EnumType;
struct RecordType;
struct Matter;
struct ValueAccess;
}  // namespace runtime_internal

inline constexpr std::int64_t kDecimalScale = 1'000'000;

class Value;

// Value::items(): a list's items or a record's fields, viewed in the
// Value's shared block (valid while the Value or a copy of it lives). A
// contiguous range (begin, end, size, data, operator[]), so that in C++20
// it converts to std::span<const Value>; the installed headers stay C++17.
class ValueSpan {
 public:
  ValueSpan() = default;
  ValueSpan(const Value* data, std::size_t size) : data_(data), size_(size) {}
  const Value* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Value* begin() const { return data_; }
  const Value* end() const;
  const Value& operator[](std::size_t i) const;

 private:
  const Value* data_ = nullptr;
  std::size_t size_ = 0;
};

enum class ValueKind : std::uint8_t {
  kMissing,   // an absent fact: reading it fails closed (MISSING_FACT)
  kNull,      // `none`
  kBool,
  kInt,
  kDecimal,   // scaled by kDecimalScale
  kPercent,   // scaled by kDecimalScale: 3% is 30000
  kText,
  kDate,      // days since 1970-01-01
  kDuration,  // months + days
  kEnum,
  kMatter,
  kList,      // also sets (kept in insertion order, no duplicates)
  kRecord,    // records and anonymous structs
};

class Value {
 public:
  Value() = default;  // missing
  static Value Missing() { return Value(); }
  static Value Null() { return Value(ValueKind::kNull); }
  // The scalars are built inline: a Value returned from a call is stored
  // field by field and read back whole, which stalls store forwarding.
  static Value Bool(bool b) {
    Value v(ValueKind::kBool);
    v.u_.b = b;
    return v;
  }
  static Value Int(std::int64_t i) { return Scalar(ValueKind::kInt, i); }
  static Value DecimalScaled(std::int64_t scaled) { return Scalar(ValueKind::kDecimal, scaled); }
  static Value PercentScaled(std::int64_t scaled) { return Scalar(ValueKind::kPercent, scaled); }
  static Value Text(std::string_view s);
  static Value Date(std::int64_t days) { return Scalar(ValueKind::kDate, days); }
  static Value Duration(std::int32_t months, std::int32_t days) {
    Value v(ValueKind::kDuration);
    v.u_.d.months = months;
    v.u_.d.days = days;
    return v;
  }
  static Value Enum(const runtime_internal::EnumType* type, std::uint32_t index) {
    Value v(ValueKind::kEnum);
    v.u_.e = index;
    v.type_ = type;
    return v;
  }
  static Value Matter(const runtime_internal::Matter* matter);
  static Value List(std::vector<Value> items);
  // `path` is the JSON path a fact record came from ("$.enterprise"), used
  // to name missing facts; empty for computed records.
  static Value Record(const runtime_internal::RecordType* type, std::vector<Value> fields,
                      std::string_view path = {});

  ValueKind kind() const { return kind_; }
  bool is_missing() const { return kind_ == ValueKind::kMissing; }
  bool is_null() const { return kind_ == ValueKind::kNull; }

  bool bool_value() const { return u_.b; }
  std::int64_t int_value() const { return u_.i; }      // kInt
  std::int64_t scaled_value() const { return u_.i; }   // kDecimal, kPercent
  std::int64_t date_value() const { return u_.i; }     // kDate
  std::int32_t duration_months() const { return u_.d.months; }
  std::int32_t duration_days() const { return u_.d.days; }
  std::uint32_t enum_index() const { return u_.e; }
  const runtime_internal::EnumType* enum_type() const {
    return static_cast<const runtime_internal::EnumType*>(type_);
  }
  const runtime_internal::RecordType* record_type() const {
    return static_cast<const runtime_internal::RecordType*>(type_);
  }
  const runtime_internal::Matter* matter() const {
    return static_cast<const runtime_internal::Matter*>(type_);
  }
  // The views below stay valid while this Value or a copy of it lives
  // (they point into the shared block, not into the Value itself).
  // kText; empty for every other kind.
  std::string_view text() const;
  // kList elements, kRecord fields in declaration order; empty otherwise.
  ValueSpan items() const;
  // kRecord: the JSON path it was read from, or empty.
  std::string_view record_path() const;

  // Names for output: an enum member's name, a matter's id.
  std::string_view enum_name() const;
  std::string_view matter_id() const;
  // The value written as in the language: `3%`, `2024-09-02`, `A`, `[1, 2]`.
  std::string ToString() const;

  // Structural equality; numbers compare across int/decimal.
  friend bool operator==(const Value& a, const Value& b);

 private:
  explicit Value(ValueKind k) : kind_(k) {}
  static Value Scalar(ValueKind k, std::int64_t i) {
    Value v(k);
    v.u_.i = i;
    return v;
  }
  // The shared block behind a text, list or record (value.cpp allocates
  // it): the views point just past it, into the same allocation.
  struct Heap {
    std::string_view text;
    const Value* items = nullptr;
    std::size_t count = 0;
    std::string_view path;
    ~Heap();  // destroys the items
  };
  // Builds lists and records in place (runtime/src/value_access.h).
  friend struct runtime_internal::ValueAccess;
  ValueKind kind_ = ValueKind::kMissing;
  union U {
    bool b;
    std::int64_t i;
    struct { std::int32_t months, days; } d;
    std::uint32_t e;
  } u_{};
  const void* type_ = nullptr;
  std::shared_ptr<const Heap> heap_;
};

inline std::string_view Value::text() const { return heap_ ? heap_->text : std::string_view(); }
inline ValueSpan Value::items() const {
  return heap_ ? ValueSpan(heap_->items, heap_->count) : ValueSpan();
}
inline const Value* ValueSpan::end() const { return data_ + size_; }
inline const Value& ValueSpan::operator[](std::size_t i) const { return data_[i]; }
inline std::string_view Value::record_path() const {
  return heap_ ? heap_->path : std::string_view();
}

// Calendar helpers (proleptic Gregorian).
std::int64_t DaysFromCivil(int year, int month, int day);
void CivilFromDays(std::int64_t days, int* year, int* month, int* day);
// `2024-09-02`
std::string FormatDate(std::int64_t days);
// Fixed-point number without trailing zeros: `0.03`, `12`.
std::string FormatScaled(std::int64_t scaled);

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_VALUE_H_
