// Direct JSON writing of outcomes (see result_writer.h). Each piece copies
// a rule of nlohmann's serializer: keys in std::map order, integers in
// decimal, decimals with their exact digits (bylaw/runtime/decimal.h), strings with
// only `"`, `\` and control characters escaped (lowercase \u00xx).
#include "result_writer.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "bylaw/base/civil_date.h"
#include "bylaw/base/json_text.h"
#include "bylaw/runtime/decimal.h"
#include "model.h"

namespace bylaw::runtime::runtime_internal {
namespace {

// Strings and integers as nlohmann's dump() writes them.
bool AppendString(std::string_view s, std::string* out) { return base::AppendJsonString(s, out); }
using base::AppendInt;

// A decimal as a JSON number with its exact digits (`2.5`, `-0.125`,
// `12`): never through a double.
void AppendDecimal(std::int64_t scaled, std::string* out) {
  if (scaled % kDecimalScale == 0) {
    AppendInt(scaled / kDecimalScale, out);
    return;
  }
  out->append(FormatDecimal(scaled));
}

// Indices 0..n-1 in the byte-wise order of their names (std::map's order,
// which nlohmann objects use). Names are few: no cache, no allocation
// below 16.
class SortedOrder {
 public:
  template <typename NameOf>
  SortedOrder(std::size_t n, NameOf name_of) : n_(n) {
    if (n > small_.size()) large_.resize(n);
    std::uint32_t* o = data();
    for (std::size_t i = 0; i < n; ++i) o[i] = static_cast<std::uint32_t>(i);
    std::sort(o, o + n, [&](std::uint32_t a, std::uint32_t b) {
      return std::string_view(name_of(a)) < std::string_view(name_of(b));
    });
  }
  const std::uint32_t* begin() const { return data(); }
  const std::uint32_t* end() const { return data() + n_; }

 private:
  std::uint32_t* data() { return large_.empty() ? small_.data() : large_.data(); }
  const std::uint32_t* data() const {
    return large_.empty() ? small_.data() : large_.data();
  }
  std::size_t n_;
  std::array<std::uint32_t, 16> small_{};
  std::vector<std::uint32_t> large_;
};

// `%04d-%02d-%02d` as FormatDate writes it, without snprintf for years
// 0..9999.
void AppendDate(std::int64_t days, std::string* out) {
  const base::CivilDate c = base::CivilFromDays(days);
  const auto y = static_cast<int>(c.year);
  const auto m = static_cast<int>(c.month);
  const auto d = static_cast<int>(c.day);
  if (c.year < 0 || c.year > 9999) {
    AppendString(FormatDate(days), out);
    return;
  }
  char b[12] = {'"',
                static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10),
                static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10),
                '-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10),
                '-', static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10),
                '"'};
  out->append(b, sizeof b);
}

// `"name":`, an object's key.
bool AppendKey(std::string_view name, std::string* out) {
  if (!AppendString(name, out)) return false;
  out->push_back(':');
  return true;
}

const char* TraceKindName(TraceEvent::Kind k) {
  switch (k) {
    case TraceEvent::Kind::kFact: return "fact";
    case TraceEvent::Kind::kParam: return "param";
    case TraceEvent::Kind::kTable: return "table";
    case TraceEvent::Kind::kRule: return "rule";
    case TraceEvent::Kind::kScorecard: return "scorecard";
    case TraceEvent::Kind::kOutput: return "output";
  }
  return "?";
}

// {"basis"?, "detail"?, "id", "kind", "rows"?, "source"?: {col, file, line}}
bool AppendTraceEvent(const TraceEvent& e, std::string* out) {
  out->push_back('{');
  if (e.source && !e.source->basis.empty()) {
    out->append("\"basis\":");
    if (!AppendString(e.source->basis, out)) return false;
    out->push_back(',');
  }
  if (!e.detail.empty()) {
    out->append("\"detail\":");
    if (!AppendString(e.detail, out)) return false;
    out->push_back(',');
  }
  out->append("\"id\":");
  if (!AppendString(e.id, out)) return false;
  out->append(",\"kind\":\"");
  out->append(TraceKindName(e.kind));
  out->push_back('"');
  if (!e.rows.empty()) {
    out->append(",\"rows\":[");
    for (std::size_t i = 0; i < e.rows.size(); ++i) {
      if (i) out->push_back(',');
      if (!AppendString(e.rows[i], out)) return false;
    }
    out->push_back(']');
  }
  if (e.source) {
    out->append(",\"source\":{\"col\":");
    AppendInt(e.source->col, out);
    out->append(",\"file\":");
    if (!AppendString(e.source->file, out)) return false;
    out->append(",\"line\":");
    AppendInt(e.source->line, out);
    out->push_back('}');
  }
  out->push_back('}');
  return true;
}

}  // namespace

bool AppendValueJson(const Value& v, std::string* out) {
  switch (v.kind()) {
    case ValueKind::kMissing:
    case ValueKind::kNull:
      out->append("null");
      return true;
    case ValueKind::kBool:
      out->append(v.bool_value() ? "true" : "false");
      return true;
    case ValueKind::kInt:
      AppendInt(v.int_value(), out);
      return true;
    case ValueKind::kDecimal:
      AppendDecimal(v.scaled_value(), out);
      return true;
    case ValueKind::kEnum:
      return AppendString(v.enum_name(), out);
    case ValueKind::kMatter:
      return AppendString(v.matter_id(), out);
    case ValueKind::kDate:
      AppendDate(v.date_value(), out);
      return true;
    case ValueKind::kPercent:
    case ValueKind::kDuration:
      return AppendString(v.ToString(), out);
    case ValueKind::kText:
      return AppendString(v.text(), out);
    case ValueKind::kList: {
      out->push_back('[');
      bool first = true;
      for (const Value& x : v.items()) {
        if (!first) out->push_back(',');
        first = false;
        if (!AppendValueJson(x, out)) return false;
      }
      out->push_back(']');
      return true;
    }
    case ValueKind::kRecord: {
      const RecordType* rt = v.record_type();
      const std::span<const Value> items = v.items();
      out->push_back('{');
      bool first = true;
      const JsonKeys& keys = rt->json_keys;
      if (keys.order.size() == items.size()) {
        for (std::uint32_t i : keys.order) {
          if (items[i].is_missing()) continue;
          if (!first) out->push_back(',');
          first = false;
          out->append(keys.text[i]);
          if (!AppendValueJson(items[i], out)) return false;
        }
      } else {
        for (std::uint32_t i : SortedOrder(
                 items.size(),
                 [&](std::uint32_t k) -> const std::string& { return rt->field_names[k]; })) {
          if (items[i].is_missing()) continue;
          if (!first) out->push_back(',');
          first = false;
          if (!AppendKey(rt->field_names[i], out)) return false;
          if (!AppendValueJson(items[i], out)) return false;
        }
      }
      out->push_back('}');
      return true;
    }
  }
  out->append("null");
  return true;
}

void BuildJsonKeys(const std::vector<std::string>& names, JsonKeys* keys) {
  keys->order.clear();
  keys->text.clear();
  std::vector<std::string> text(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!AppendKey(names[i], &text[i])) return;  // the writer fails on it
  }
  const SortedOrder sorted(names.size(),
                           [&](std::uint32_t k) -> const std::string& { return names[k]; });
  keys->order.assign(sorted.begin(), sorted.end());
  keys->text = std::move(text);
}

void BuildJsonKeys(Model* model) {
  for (RecordType& r : model->records) BuildJsonKeys(r.field_names, &r.json_keys);
  for (Decision& d : model->decisions) BuildJsonKeys(d.output_names, &d.json_outputs);
}

bool AppendOutcomeJson(const Outcome& o, bool with_trace, std::string* out) {
  out->append("{\"as_of\":");
  AppendDate(o.as_of(), out);
  out->append(",\"complete\":");
  out->append(o.complete() ? "true" : "false");
  out->append(",\"decision\":");
  if (!AppendString(o.decision(), out)) return false;
  out->append(",\"errors\":[");
  bool first = true;
  for (const EvalError& e : o.errors()) {
    if (!first) out->push_back(',');
    first = false;
    out->append("{\"code\":");
    if (!AppendString(e.code, out)) return false;
    out->append(",\"message\":");
    if (!AppendString(e.message, out)) return false;
    out->append(",\"output\":");
    if (!AppendString(e.output, out)) return false;
    if (!e.within.empty()) {
      out->append(",\"within\":");
      if (!AppendString(e.within, out)) return false;
    }
    out->push_back('}');
  }
  out->append("],\"outputs\":{");
  bool first_output = true;
  const JsonKeys* keys = o.decision_ != nullptr ? &o.decision_->json_outputs : nullptr;
  if (keys != nullptr && keys->order.size() == o.output_count()) {
    for (std::uint32_t i : keys->order) {
      if (!first_output) out->push_back(',');
      first_output = false;
      out->append(keys->text[i]);
      if (!AppendValueJson(o.output(i), out)) return false;
    }
  } else {
    for (std::uint32_t i :
         SortedOrder(o.output_count(), [&](std::uint32_t k) { return o.output_name(k); })) {
      if (!first_output) out->push_back(',');
      first_output = false;
      if (!AppendKey(o.output_name(i), out)) return false;
      if (!AppendValueJson(o.output(i), out)) return false;
    }
  }
  out->push_back('}');
  if (with_trace && !o.trace().empty()) {
    out->append(",\"trace\":[");
    for (std::size_t i = 0; i < o.trace().size(); ++i) {
      if (i) out->push_back(',');
      if (!AppendTraceEvent(o.trace()[i], out)) return false;
    }
    out->push_back(']');
  }
  if (o.trial()) out->append(",\"trial\":true");
  out->push_back('}');
  return true;
}

}  // namespace bylaw::runtime::runtime_internal
