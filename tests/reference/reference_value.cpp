// Reference values (see reference_value.h).
#include "reference_value.h"

#include <cstdio>

namespace bylaw::reference {
namespace {

std::string Int128(__int128 x) {
  if (x == 0) return "0";
  const bool neg = x < 0;
  unsigned __int128 m = neg ? static_cast<unsigned __int128>(-(x + 1)) + 1
                            : static_cast<unsigned __int128>(x);
  std::string s;
  while (m != 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  return neg ? "-" + s : s;
}

// `12`, `0.5`, `-3.25`: no trailing zeros.
std::string Scaled(__int128 x) {
  const bool neg = x < 0;
  const __int128 m = neg ? -x : x;
  std::string out = (neg ? "-" : "") + Int128(m / kScale);
  std::string frac = Int128(m % kScale);
  if (frac != "0") {
    frac.insert(0, static_cast<std::size_t>(kScaleDigits) - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int MonthDays(std::int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
}

}  // namespace

// Counted plainly: whole years, then months, then days (no era tricks:
// this is the reference, the runtime uses Hinnant's algorithm).
std::int64_t DaysFromCivil(int year, int month, int day) {
  std::int64_t days = 0;
  if (year >= 1970) {
    for (std::int64_t y = 1970; y < year; ++y) days += IsLeap(y) ? 366 : 365;
  } else {
    for (std::int64_t y = year; y < 1970; ++y) days -= IsLeap(y) ? 366 : 365;
  }
  for (int m = 1; m < month; ++m) days += MonthDays(year, m);
  return days + day - 1;
}

void CivilFromDays(std::int64_t days, int* year, int* month, int* day) {
  std::int64_t y = 1970;
  while (days < 0) {
    --y;
    days += IsLeap(y) ? 366 : 365;
  }
  while (days >= (IsLeap(y) ? 366 : 365)) {
    days -= IsLeap(y) ? 366 : 365;
    ++y;
  }
  int m = 1;
  while (days >= MonthDays(y, m)) days -= MonthDays(y, m++);
  *year = static_cast<int>(y);
  *month = m;
  *day = static_cast<int>(days) + 1;
}

std::string RValue::ToString() const {
  switch (kind) {
    case Kind::kMissing: return "<missing>";
    case Kind::kNone: return "none";
    case Kind::kBool: return b ? "true" : "false";
    case Kind::kInt: return Int128(num);
    case Kind::kDecimal: return Scaled(num);
    case Kind::kPercent: return Scaled(num * 100) + "%";
    case Kind::kText: return "\"" + text + "\"";
    case Kind::kDate: {
      int y, m, d;
      CivilFromDays(static_cast<std::int64_t>(num), &y, &m, &d);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      return buf;
    }
    case Kind::kDuration:
      if (months != 0 && months % 12 == 0 && days == 0) {
        return std::to_string(months / 12) + " years";
      }
      if (months != 0 && days == 0) return std::to_string(months) + " months";
      if (months == 0) return std::to_string(days) + " days";
      return std::to_string(months) + " months " + std::to_string(days) + " days";
    case Kind::kEnum: return text;
    case Kind::kList: {
      std::string s = "[";
      for (std::size_t i = 0; i < items.size(); ++i) {
        s += (i ? ", " : "") + items[i].ToString();
      }
      return s + "]";
    }
    case Kind::kRecord: {
      std::string s = text.empty() ? "{" : text + " {";
      for (std::size_t i = 0; i < items.size(); ++i) {
        s += (i ? ", " : "") + names[i] + ": " + items[i].ToString();
      }
      return s + "}";
    }
  }
  return "?";
}

bool Equal(const RValue& a, const RValue& b) {
  using K = RValue::Kind;
  // S4.3: numbers by value across int and decimal.
  const bool an = a.kind == K::kInt || a.kind == K::kDecimal;
  const bool bn = b.kind == K::kInt || b.kind == K::kDecimal;
  if (an && bn) return a.scaled() == b.scaled();
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case K::kMissing:
    case K::kNone: return true;
    case K::kBool: return a.b == b.b;
    case K::kInt:
    case K::kDecimal:
    case K::kPercent:
    case K::kDate: return a.num == b.num;
    case K::kDuration: return a.months == b.months && a.days == b.days;
    case K::kText: return a.text == b.text;
    case K::kEnum: return a.enum_type == b.enum_type && a.text == b.text;
    case K::kList:
    case K::kRecord:
      if (a.kind == K::kRecord && (a.text != b.text || a.names != b.names)) return false;
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (!Equal(a.items[i], b.items[i])) return false;
      }
      return true;
  }
  return false;
}

}  // namespace bylaw::reference
