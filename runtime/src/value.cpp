// runtime::Value construction, equality and printing (bylaw/runtime/value.h).
#include "bylaw/runtime/value.h"

#include <cstdio>

#include "bylaw/base/civil_date.h"
#include "bylaw/runtime/decimal.h"
#include "model.h"

namespace bylaw::runtime {

struct Value::Heap {
  std::string text;
  std::vector<Value> items;
  std::string path;
};

namespace {
const std::string kEmpty;
const std::vector<Value> kNoItems;
}  // namespace

Value Value::Text(std::string s) {
  Value v(ValueKind::kText);
  auto h = std::make_shared<Heap>();
  h->text = std::move(s);
  v.heap_ = std::move(h);
  return v;
}
Value Value::Matter(const runtime_internal::Matter* matter) {
  Value v(ValueKind::kMatter);
  v.u_.e = matter->index;
  v.type_ = matter;
  return v;
}
Value Value::List(std::vector<Value> items) {
  Value v(ValueKind::kList);
  if (items.empty()) return v;  // items() is empty without a heap
  auto h = std::make_shared<Heap>();
  h->items = std::move(items);
  v.heap_ = std::move(h);
  return v;
}
Value Value::Record(const runtime_internal::RecordType* type,
                    std::vector<Value> fields, std::string path) {
  Value v(ValueKind::kRecord);
  auto h = std::make_shared<Heap>();
  h->items = std::move(fields);
  h->path = std::move(path);
  v.heap_ = std::move(h);
  v.type_ = type;
  return v;
}

const std::string& Value::text() const { return heap_ ? heap_->text : kEmpty; }
const std::vector<Value>& Value::items() const {
  return heap_ ? heap_->items : kNoItems;
}
const std::string& Value::record_path() const {
  return heap_ ? heap_->path : kEmpty;
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
    case K::kList:
      return a.items() == b.items();
    case K::kRecord:
      return a.type_ == b.type_ && a.items() == b.items();
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
    case ValueKind::kText: return "\"" + text() + "\"";
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
