#include "register_fields.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "bylaw/base/json_text.h"
#include "bylaw/base/utf8.h"

namespace bylaw::plan::plan_internal {

using base::AppendInt;
using base::AppendJsonString;

namespace {

using json = nlohmann::json;
using Kind = FieldSpec::Kind;

// `-?digits(.digits{1,6})?`: the decimal literal the runtime accepts.
bool DecimalText(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_begin = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == int_begin) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  const std::size_t frac_begin = ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i == s.size() && i > frac_begin && i - frac_begin <= 6;
}

bool DateText(std::string_view s) {
  // runtime::ParseDate checks the calendar; the shape check keeps `2024-1-1`
  // out, which a register writer should not produce either.
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && runtime::ParseDate(s).ok();
}

int MemberIndex(const FieldSpec& spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.members.size(); ++i) {
    if (spec.members[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// A scalar (or enum) in its CSV text form, `kind` overriding spec.kind for
// list elements.
bool EncodeScalarText(const FieldSpec& spec, Kind kind, std::string_view cell, std::string* out,
                      std::string* error) {
  switch (kind) {
    case Kind::kText:
      if (!base::IsValidUtf8(cell)) {
        *error = "not valid UTF-8";
        return false;
      }
      AppendJsonString(cell, out);
      return true;
    case Kind::kBool:
      if (cell == "true" || cell == "false") {
        out->append(cell);
        return true;
      }
      *error = Shown(cell) + " is not a bool (true or false)";
      return false;
    case Kind::kInt: {
      std::int64_t v = 0;
      const char* end = cell.data() + cell.size();
      auto r = std::from_chars(cell.data(), end, v);
      if (cell.empty() || r.ec != std::errc() || r.ptr != end || cell[0] == '+') {
        *error = Shown(cell) + " is not an int";
        return false;
      }
      AppendInt(v, out);
      return true;
    }
    case Kind::kDecimal:
    case Kind::kPercent: {
      const bool percent = kind == Kind::kPercent;
      std::string_view number = cell;
      if (percent) {
        if (number.empty() || number.back() != '%') {
          *error = Shown(cell) + " is not a percent (like 5%)";
          return false;
        }
        number.remove_suffix(1);
      }
      if (!DecimalText(number)) {
        *error = Shown(cell) + (percent ? " is not a percent (like 5%)"
                                        : " is not a decimal (like 0.25, at most 6 decimals)");
        return false;
      }
      AppendJsonString(cell, out);
      return true;
    }
    case Kind::kDate:
      if (!DateText(cell)) {
        *error = Shown(cell) + " is not a date (YYYY-MM-DD)";
        return false;
      }
      AppendJsonString(cell, out);
      return true;
    case Kind::kEnum:
      if (MemberIndex(spec, cell) < 0) {
        *error = Shown(cell) + " is not a " + EnumChoices(spec);
        return false;
      }
      AppendJsonString(cell, out);
      return true;
    case Kind::kList:
    case Kind::kRecordList:
      break;
  }
  *error = "unsupported type";
  return false;
}

// Calls `fn(item_index, item)` for each `sep`-separated item of a non-empty
// cell; stops at the first false.
template <typename Fn>
bool ForEachItem(std::string_view cell, char sep, Fn fn) {
  std::size_t index = 0;
  while (true) {
    const std::size_t at = cell.find(sep);
    if (!fn(index++, cell.substr(0, at))) return false;
    if (at == std::string_view::npos) return true;
    cell.remove_prefix(at + 1);
  }
}

bool EncodeRecordText(const FieldSpec& spec, std::string_view item, std::string* out,
                      std::string* error) {
  std::size_t parts = 1 + static_cast<std::size_t>(std::count(item.begin(), item.end(), '/'));
  if (parts != spec.fields.size()) {
    std::string shape;
    for (const FieldSpec& f : spec.fields) shape += (shape.empty() ? "" : "/") + f.name;
    *error = Shown(item) + " has " + std::to_string(parts) + " parts, expected " +
             std::to_string(spec.fields.size()) + " (" + shape + ")";
    return false;
  }
  out->push_back('{');
  return ForEachItem(item, '/', [&](std::size_t i, std::string_view part) {
    const FieldSpec& f = spec.fields[i];
    if (i > 0) out->push_back(',');
    AppendJsonString(f.name, out);
    out->push_back(':');
    if (part.empty() && f.optional) {
      out->append("null");
    } else if (!EncodeScalarText(f, f.kind, part, out, error)) {
      *error = "field " + f.name + ": " + *error;
      return false;
    }
    if (i + 1 == spec.fields.size()) out->push_back('}');
    return true;
  });
}

bool EncodeScalarJson(const FieldSpec& spec, Kind kind, const json& v, std::string* out,
                      std::string* error) {
  auto expected = [&](const char* what) {
    *error = std::string("expected ") + what + ", got " + ShownJsonValue(v);
    return false;
  };
  switch (kind) {
    case Kind::kText:
      if (!v.is_string()) return expected("text (a JSON string)");
      AppendJsonString(v.get_ref<const std::string&>(), out);
      return true;
    case Kind::kBool:
      if (!v.is_boolean()) return expected("bool (true or false)");
      out->append(v.get<bool>() ? "true" : "false");
      return true;
    case Kind::kInt:
      if (!v.is_number_integer() ||
          (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX)) {
        return expected("int");
      }
      AppendInt(v.get<std::int64_t>(), out);
      return true;
    case Kind::kDecimal:
    case Kind::kPercent:
      if (v.is_number()) {
        out->append(v.dump());
        return true;
      }
      if (!v.is_string()) return expected(kind == Kind::kPercent ? "percent" : "decimal");
      return EncodeScalarText(spec, kind, v.get_ref<const std::string&>(), out, error);
    case Kind::kDate:
      if (!v.is_string()) return expected("date (a string YYYY-MM-DD)");
      return EncodeScalarText(spec, kind, v.get_ref<const std::string&>(), out, error);
    case Kind::kEnum:
      // A member named by an integer (SafetyGrade `1`) may be a JSON integer.
      if (v.is_number_integer()) {
        return EncodeScalarText(spec, kind, std::to_string(v.get<std::int64_t>()), out, error);
      }
      if (!v.is_string()) return expected(("a " + spec.enum_name + " member").c_str());
      return EncodeScalarText(spec, kind, v.get_ref<const std::string&>(), out, error);
    case Kind::kList:
    case Kind::kRecordList:
      break;
  }
  *error = "unsupported type";
  return false;
}

}  // namespace

std::string Shown(std::string_view cell) {
  std::string out;
  if (cell.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;
    std::string shortened(cell.substr(0, cut));
    shortened += "...";
    AppendJsonString(base::IsValidUtf8(shortened) ? std::string_view(shortened) : "<not UTF-8>",
                     &out);
    return out;
  }
  AppendJsonString(base::IsValidUtf8(cell) ? cell : "<not UTF-8>", &out);
  return out;
}

// A JSON value as written: `"no"`, `12`, shortened when long.
std::string ShownJsonValue(const json& v) {
  std::string text = v.dump();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string EnumChoices(const FieldSpec& spec) {
  std::string out = spec.enum_name + " (";
  for (std::size_t i = 0; i < spec.members.size(); ++i) {
    if (i > 0) out += ", ";
    out += spec.members[i];
  }
  return out + ")";
}

bool EncodeCsvCell(const FieldSpec& spec, std::string_view cell, std::string* out,
                   std::string* error) {
  if (spec.kind == Kind::kList || spec.kind == Kind::kRecordList) {
    out->push_back('[');
    std::vector<std::string_view> seen;  // a set repeats no item
    bool ok = cell.empty() || ForEachItem(cell, ';', [&](std::size_t i, std::string_view item) {
      if (i > 0) out->push_back(',');
      const bool item_ok = spec.kind == Kind::kList
                               ? EncodeScalarText(spec, spec.element, item, out, error)
                               : EncodeRecordText(spec, item, out, error);
      if (!item_ok) {
        *error = "item " + std::to_string(i + 1) + ": " + *error;
        return false;
      }
      if (spec.set) {
        if (std::find(seen.begin(), seen.end(), item) != seen.end()) {
          *error = "item " + std::to_string(i + 1) + " repeats " + Shown(item);
          return false;
        }
        seen.push_back(item);
      }
      return true;
    });
    if (!ok) return false;
    out->push_back(']');
    return true;
  }
  if (cell.empty() && spec.optional) {
    out->append("null");
    return true;
  }
  if (cell.empty() && spec.kind != Kind::kText) {
    *error = "empty, but the field is not optional";
    return false;
  }
  return EncodeScalarText(spec, spec.kind, cell, out, error);
}

bool EncodeJsonValue(const FieldSpec& spec, const json& v, std::string* out, std::string* error) {
  if (v.is_null()) {
    if (spec.optional) {
      out->append("null");
      return true;
    }
    *error = "null, but the field is not optional";
    return false;
  }
  if (spec.kind != Kind::kList && spec.kind != Kind::kRecordList) {
    return EncodeScalarJson(spec, spec.kind, v, out, error);
  }
  if (!v.is_array()) {
    *error = "expected a JSON array, got " + ShownJsonValue(v);
    return false;
  }
  out->push_back('[');
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out->push_back(',');
    const json& item = v[i];
    const std::string where = "item " + std::to_string(i + 1) + ": ";
    if (spec.kind == Kind::kList) {
      if (!EncodeScalarJson(spec, spec.element, item, out, error)) {
        *error = where + *error;
        return false;
      }
      for (std::size_t k = 0; spec.set && k < i; ++k) {
        if (v[k] == item) {
          *error = where + "repeats " + ShownJsonValue(item);
          return false;
        }
      }
      continue;
    }
    if (!item.is_object()) {
      *error = where + "expected a JSON object, got " + ShownJsonValue(item);
      return false;
    }
    for (auto it = item.begin(); it != item.end(); ++it) {
      bool known = false;
      for (const FieldSpec& f : spec.fields) known = known || f.name == it.key();
      if (!known) {
        *error = where + "unknown field " + it.key();
        return false;
      }
    }
    out->push_back('{');
    for (std::size_t k = 0; k < spec.fields.size(); ++k) {
      const FieldSpec& f = spec.fields[k];
      auto it = item.find(f.name);
      if (it == item.end()) {
        *error = where + "missing field " + f.name;
        return false;
      }
      if (k > 0) out->push_back(',');
      AppendJsonString(f.name, out);
      out->push_back(':');
      if (it->is_null() && f.optional) {
        out->append("null");
      } else if (!EncodeScalarJson(f, f.kind, *it, out, error)) {
        *error = where + "field " + f.name + ": " + *error;
        return false;
      }
    }
    out->push_back('}');
  }
  out->push_back(']');
  return true;
}

}  // namespace bylaw::plan::plan_internal
