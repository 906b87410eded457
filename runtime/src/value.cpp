// runtime::Value construction, equality and printing (bylaw/runtime/value.h).
#include "bylaw/runtime/value.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "bylaw/base/civil_date.h"
#include "bylaw/runtime/decimal.h"
#include "model.h"
#include "value_access.h"

namespace bylaw::runtime {

Value::Heap::~Heap() { std::destroy_n(const_cast<Value*>(items), count); }

namespace runtime_internal {
namespace {

constexpr std::size_t RoundUpToValue(std::size_t n) {
  return (n + alignof(Value) - 1) / alignof(Value) * alignof(Value);
}

// Gives std::allocate_shared one allocation for the control block (the
// Heap inside it) and `extra` bytes after it, whose address it leaves in
// `*trailing`: a heap's characters and Values share its reference count's
// allocation, so a text, list or record costs one malloc and one free.
template <class T>
struct TrailingAllocator {
  using value_type = T;
  TrailingAllocator(std::size_t extra_bytes, char** trailing_out)
      : extra(extra_bytes), trailing(trailing_out) {}
  template <class U>
  TrailingAllocator(
      const TrailingAllocator<U>& o)  // NOLINT(google-explicit-constructor): rebinding
      : extra(o.extra), trailing(o.trailing) {}
  T* allocate(std::size_t n) {
    const std::size_t head = RoundUpToValue(n * sizeof(T));
    char* p = static_cast<char*>(::operator new(head + extra));
    *trailing = p + head;
    return reinterpret_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p); }
  template <class U>
  bool operator==(const TrailingAllocator<U>&) const noexcept {
    return true;
  }

  std::size_t extra;
  char** trailing;  // used by allocate() only, while allocate_shared runs
};

}  // namespace

Value ValueAccess::NewBlock(ValueKind kind, std::size_t count, std::string_view chars,
                            Value** items) {
  const std::size_t values_bytes = count * sizeof(Value);
  char* trailing = nullptr;
  auto heap = std::allocate_shared<Value::Heap>(
      TrailingAllocator<Value::Heap>(values_bytes + chars.size(), &trailing));
  Value* first = reinterpret_cast<Value*>(trailing);
  std::uninitialized_default_construct_n(first, count);  // missing
  heap->items = first;
  heap->count = count;
  char* text = trailing + values_bytes;
  if (!chars.empty()) std::memcpy(text, chars.data(), chars.size());
  const std::string_view copied(text, chars.size());
  if (kind == ValueKind::kText) {
    heap->text = copied;
  } else {
    heap->path = copied;
  }
  Value v(kind);
  v.heap_ = std::move(heap);
  if (items != nullptr) *items = first;
  return v;
}

Value ValueAccess::NewRecord(const RecordType* type, std::size_t count, std::string_view path,
                             Value** fields) {
  Value v = NewBlock(ValueKind::kRecord, count, path, fields);
  v.type_ = type;
  return v;
}

Value ValueAccess::NewList(std::size_t count, Value** items) {
  if (count == 0) {  // items() is empty without a heap
    *items = nullptr;
    return Value(ValueKind::kList);
  }
  return NewBlock(ValueKind::kList, count, {}, items);
}

}  // namespace runtime_internal

Value Value::Text(std::string_view s) {
  return runtime_internal::ValueAccess::NewBlock(ValueKind::kText, 0, s, nullptr);
}
Value Value::Matter(const runtime_internal::Matter* matter) {
  Value v(ValueKind::kMatter);
  v.u_.e = matter->index;
  v.type_ = matter;
  return v;
}
Value Value::List(std::vector<Value> items) {
  Value* out = nullptr;
  Value v = runtime_internal::ValueAccess::NewList(items.size(), &out);
  std::move(items.begin(), items.end(), out);
  return v;
}
Value Value::Record(const runtime_internal::RecordType* type, std::vector<Value> fields,
                    std::string_view path) {
  Value* out = nullptr;
  Value v = runtime_internal::ValueAccess::NewRecord(type, fields.size(), path, &out);
  std::move(fields.begin(), fields.end(), out);
  return v;
}

std::string_view Value::enum_name() const {
  if (kind_ != ValueKind::kEnum || type_ == nullptr) return {};
  return enum_type()->members[u_.e];
}

std::string_view Value::matter_id() const {
  if (kind_ != ValueKind::kMatter || type_ == nullptr) return {};
  return matter()->id;
}

bool operator==(const Value& a, const Value& b) {
  using K = ValueKind;
  auto numeric = [](const Value& v) {
    return v.kind_ == K::kInt || v.kind_ == K::kDecimal;
  };
  if (a.kind_ != b.kind_) {
    if (numeric(a) && numeric(b)) {
      // Exact for every int: no product in 64 bits.
      return a.kind_ == K::kInt ? CompareIntWithDecimal(a.u_.i, b.u_.i) == 0
                                : CompareIntWithDecimal(b.u_.i, a.u_.i) == 0;
    }
    return false;
  }
  switch (a.kind_) {
    case K::kMissing:
    case K::kNull:
      return true;
    case K::kBool:
      return a.u_.b == b.u_.b;
    case K::kInt:
    case K::kDecimal:
    case K::kPercent:
    case K::kDate:
      return a.u_.i == b.u_.i;
    case K::kDuration:
      return a.u_.d.months == b.u_.d.months && a.u_.d.days == b.u_.d.days;
    case K::kEnum:
    case K::kMatter:
      return a.type_ == b.type_ && a.u_.e == b.u_.e;
    case K::kText:
      return a.text() == b.text();
    case K::kList: return std::ranges::equal(a.items(), b.items());
    case K::kRecord: return a.type_ == b.type_ && std::ranges::equal(a.items(), b.items());
  }
  return false;
}

std::int64_t DaysFromCivil(int y, int m, int d) {
  return base::DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

void CivilFromDays(std::int64_t z, int* year, int* month, int* day) {
  const base::CivilDate c = base::CivilFromDays(z);
  *year = static_cast<int>(c.year);
  *month = static_cast<int>(c.month);
  *day = static_cast<int>(c.day);
}

std::string FormatDate(std::int64_t days) { return base::FormatDate(days); }

std::string FormatScaled(std::int64_t scaled) { return FormatDecimal(scaled); }

std::string Value::ToString() const {
  switch (kind_) {
    case ValueKind::kMissing: return "<missing>";
    case ValueKind::kNull: return "none";
    case ValueKind::kBool: return u_.b ? "true" : "false";
    case ValueKind::kInt: return std::to_string(u_.i);
    case ValueKind::kDecimal: return FormatScaled(u_.i);
    case ValueKind::kPercent: return FormatPercentNumber(u_.i) + "%";
    case ValueKind::kText: return "\"" + std::string(text()) + "\"";
    case ValueKind::kDate: return FormatDate(u_.i);
    case ValueKind::kDuration: {
      if (u_.d.months != 0 && u_.d.months % 12 == 0 && u_.d.days == 0)
        return std::to_string(u_.d.months / 12) + " years";
      if (u_.d.months != 0 && u_.d.days == 0)
        return std::to_string(u_.d.months) + " months";
      if (u_.d.months == 0) return std::to_string(u_.d.days) + " days";
      return std::to_string(u_.d.months) + " months " +
             std::to_string(u_.d.days) + " days";
    }
    case ValueKind::kEnum: return std::string(enum_name());
    case ValueKind::kMatter: return std::string(matter_id());
    case ValueKind::kList: {
      std::string s = "[";
      for (std::size_t i = 0; i < items().size(); ++i) {
        if (i) s += ", ";
        s += items()[i].ToString();
      }
      return s + "]";
    }
    case ValueKind::kRecord: {
      const auto* rt = record_type();
      std::string s = rt && !rt->is_struct ? rt->name + " {" : "{";
      for (std::size_t i = 0; i < items().size(); ++i) {
        if (i) s += ", ";
        s += (rt ? rt->field_names[i] : std::to_string(i)) + ": " +
             items()[i].ToString();
      }
      return s + "}";
    }
  }
  return "?";
}

}  // namespace bylaw::runtime
