// Value <-> JSON (see json_adapter.h).
#include "json_adapter.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "bylaw/runtime/decimal.h"
#include "exact_json.h"
#include "literal.h"

namespace bylaw::runtime::runtime_internal {
namespace {

using nlohmann::json;

constexpr std::size_t kShownChars = 40;

// Appends `j` to `out` until `out` passes `limit` bytes. Containers recurse
// at most once per character shown, so the depth is bounded by `limit`.
void AppendShown(const json& j, std::size_t limit, std::string* out) {
  if (out->size() > limit) return;
  if (IsNumberText(j)) {
    out->append(NumberText(j));
  } else if (j.is_array()) {
    out->push_back('[');
    bool first = true;
    for (const json& v : j) {
      if (out->size() > limit) return;
      if (!first) out->push_back(',');
      first = false;
      AppendShown(v, limit, out);
    }
    out->push_back(']');
  } else if (j.is_object()) {
    out->push_back('{');
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (out->size() > limit) return;
      if (!first) out->push_back(',');
      first = false;
      out->append(json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace));
      out->push_back(':');
      AppendShown(it.value(), limit, out);
    }
    out->push_back('}');
  } else if (j.is_string() && j.get_ref<const std::string&>().size() > limit) {
    // Only the part that can be shown is escaped.
    out->append(json(j.get_ref<const std::string&>().substr(0, limit))
                    .dump(-1, ' ', false, json::error_handler_t::replace));
  } else {
    out->append(j.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

void Expected(const std::string& path, const TypeDesc* type, const json& j,
              std::vector<std::string>* errors) {
  std::string want = type->spelling;
  if (!want.empty() && want.back() == '?') want.pop_back();
  errors->push_back(path + ": expected " + want + ", got " + ShownJson(j));
}

}  // namespace

std::string ShownJson(const json& j) {
  std::string s;
  AppendShown(j, kShownChars, &s);
  if (s.size() > kShownChars) {
    std::size_t cut = kShownChars - 3;
    // Do not cut a UTF-8 sequence in two.
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return s;
}

Value FromJson(const Model& model, const TypeDesc* type, const json& j,
               const std::string& path, std::vector<std::string>* errors) {
  using K = TypeDesc::Kind;
  if (j.is_null()) {
    if (type->optional || type->kind == K::kNone) return Value::Null();
    Expected(path, type, j, errors);
    return {};
  }
  switch (type->kind) {
    case K::kNone:
      break;
    case K::kText:
      if (j.is_string()) return Value::Text(j.get<std::string>());
      break;
    case K::kBool:
      if (j.is_boolean()) return Value::Bool(j.get<bool>());
      break;
    case K::kInt:
      if (j.is_number_integer()) {
        if (!j.is_number_unsigned() || j.get<std::uint64_t>() <= INT64_MAX) {
          return Value::Int(j.get<std::int64_t>());
        }
      }
      if (j.is_number_integer() ||
          (IsNumberText(j) && NumberText(j).find_first_of(".eE") == std::string_view::npos)) {
        errors->push_back(path + ": integer " + ShownJson(j) +
                          " is out of range (-9223372036854775808 to 9223372036854775807)");
        return {};
      }
      break;
    case K::kDecimal:
    case K::kPercent: {
      // Exact from the text: a number token, or a string spelling of the
      // language (`"2.5"`, for a percent also `"3%"`); never a double.
      const bool percent = type->kind == K::kPercent;
      std::int64_t units = 0;
      DecimalStatus status = DecimalStatus::kSyntax;
      int digits = kDecimalDigits;
      if (j.is_number() || IsNumberText(j)) {
        status = ParseJsonNumberDecimal(NumberToken(j), &units);
      } else if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (percent && !s.empty() && s.back() == '%') {
          digits = kPercentDigits;
          status = ParseDecimalText(std::string_view(s).substr(0, s.size() - 1), &units,
                                    kPercentDigits);
        } else {
          status = ParseDecimalText(s, &units);
        }
      }
      if (status == DecimalStatus::kOk) {
        return percent ? Value::PercentScaled(units) : Value::DecimalScaled(units);
      }
      if (status != DecimalStatus::kSyntax) {
        errors->push_back(path + ": " + (percent ? "percent " : "decimal ") + ShownJson(j) +
                          " " + DecimalStatusText(status, digits));
        return {};
      }
      break;
    }
    case K::kDate:
      if (j.is_string()) {
        if (auto d = ParseDateLiteral(j.get_ref<const std::string&>())) {
          return Value::Date(*d);
        }
      }
      break;
    case K::kDuration:
      if (j.is_string()) {
        if (auto d = ParseDurationLiteral(j.get_ref<const std::string&>())) {
          return Value::Duration(d->months, d->days);
        }
      }
      break;
    case K::kEnum: {
      std::string name;
      if (j.is_string()) name = j.get<std::string>();
      if (j.is_number_integer()) name = std::to_string(j.get<std::int64_t>());
      auto it = type->enum_type->index.find(name);
      if (!name.empty() && it != type->enum_type->index.end()) {
        return Value::Enum(type->enum_type, it->second);
      }
      if (j.is_string() || j.is_number_integer()) {
        errors->push_back(path + ": " + ShownJson(j) + " is not a member of `" +
                          type->enum_type->name + "`");
        return {};
      }
      break;
    }
    case K::kMatter:
      if (j.is_string()) {
        auto it = model.matter_by_id.find(j.get<std::string>());
        if (it != model.matter_by_id.end()) return Value::Matter(it->second);
        errors->push_back(path + ": " + ShownJson(j) + " is not a matter of the bundle");
        return {};
      }
      break;
    case K::kList:
    case K::kSet:
      if (j.is_array()) {
        std::vector<Value> items;
        items.reserve(j.size());
        for (std::size_t i = 0; i < j.size(); ++i) {
          items.push_back(FromJson(model, type->element, j[i],
                                   path + "[" + std::to_string(i) + "]", errors));
        }
        return Value::List(std::move(items));
      }
      break;
    case K::kRecord: {
      if (!j.is_object()) break;
      const RecordType* rt = type->record;
      std::vector<Value> fields(rt->field_names.size());
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (rt->field_types[i]->optional) fields[i] = Value::Null();
      }
      for (auto it = j.begin(); it != j.end(); ++it) {
        const int slot = rt->Find(it.key());
        if (slot < 0) {
          errors->push_back(path + "." + it.key() + ": unknown field of `" +
                            rt->name + "`");
          continue;
        }
        fields[slot] = FromJson(model, rt->field_types[slot], it.value(),
                                path + "." + it.key(), errors);
      }
      return Value::Record(rt, std::move(fields), path);
    }
  }
  Expected(path, type, j, errors);
  return {};
}

json ToJson(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kMissing:
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return v.bool_value();
    case ValueKind::kInt:
      return v.int_value();
    case ValueKind::kDecimal:
      // An integral decimal is an integer; any other is a number kept as
      // its exact text (exact_json.h), which only the result writer
      // (AppendValueJson) and ShownJson print. A plain dump() would show
      // it as a binary object: write values with AppendValueJson.
      if (v.scaled_value() % kDecimalScale == 0) return v.scaled_value() / kDecimalScale;
      {
        const std::string t = FormatDecimal(v.scaled_value());
        return json::binary_t(std::vector<std::uint8_t>(t.begin(), t.end()), kNumberTextSubtype);
      }
    case ValueKind::kPercent:
    case ValueKind::kDate:
    case ValueKind::kDuration:
    case ValueKind::kEnum:
    case ValueKind::kMatter:
      return v.ToString();
    case ValueKind::kText: return std::string(v.text());
    case ValueKind::kList: {
      json a = json::array();
      for (const Value& x : v.items()) a.push_back(ToJson(x));
      return a;
    }
    case ValueKind::kRecord: {
      json o = json::object();
      const RecordType* rt = v.record_type();
      for (std::size_t i = 0; i < v.items().size(); ++i) {
        if (v.items()[i].is_missing()) continue;
        o[rt->field_names[i]] = ToJson(v.items()[i]);
      }
      return o;
    }
  }
  return nullptr;
}

}  // namespace bylaw::runtime::runtime_internal
