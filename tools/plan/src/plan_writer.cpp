// plan.jsonl and plan.csv lines (see plan_writer.h).
#include "plan_writer.h"

#include <nlohmann/json.hpp>

#include "bylaw/base/json_text.h"

namespace bylaw::plan::plan_internal {

using base::AppendInt;
using base::AppendJsonString;

namespace {

using nlohmann::json;

void AppendStringList(const std::vector<std::string>& items, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(items[i], out);
  }
  out->push_back(']');
}

// Whether a cell must be quoted. One pass over the bytes: find_first_of
// calls memchr over the four specials for every byte of the cell, and
// plan.csv has several cells per visit.
bool NeedsQuotes(std::string_view cell) {
  for (const char c : cell) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void AppendCsvCell(std::string_view cell, std::string* out) {
  if (!NeedsQuotes(cell)) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// Appends one cell whose raw text `write` appends to `out`, then `end`:
// the text is written in place and quoted afterwards only if it must be,
// so that no cell is built in a string of its own.
template <typename F>
void AppendCell(std::string* out, char end, F&& write) {
  const std::size_t start = out->size();
  write();
  const std::string_view text(out->data() + start, out->size() - start);
  if (NeedsQuotes(text)) {
    const std::string raw(text);
    out->resize(start);
    AppendCsvCell(raw, out);
  }
  out->push_back(end);
}

// Appends part(item, out) for each item, `separator` between them.
template <typename T, typename F>
void AppendJoined(const std::vector<T>& items, std::string_view separator, std::string* out, F&& part) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->append(separator);
    part(items[i]);
  }
}

}  // namespace

const char kPlanCsvHeader[] =
    "code,enterprise_id,enterprise_name,region,quarter,slot,method,lead,cooperators,matters,"
    "matter_departments,sampled,delegated,matter_min,matter_max,inspectors,inspector_departments,rules,"
    "basis\n";

void AppendVisitJson(const Visit& v, std::string* out) {
  out->append("{\"code\":");
  AppendJsonString(v.code, out);
  out->append(",\"enterprise\":{\"id\":");
  AppendJsonString(v.enterprise_id, out);
  out->append(",\"name\":");
  AppendJsonString(v.enterprise_name, out);
  out->append(",\"region\":");
  AppendJsonString(v.region, out);
  out->append("},\"quarter\":");
  AppendInt(v.quarter, out);
  out->append(",\"slot\":");
  AppendInt(v.slot, out);
  out->append(",\"lead\":");
  AppendJsonString(v.lead, out);
  out->append(",\"cooperators\":");
  AppendStringList(v.cooperators, out);
  out->append(",\"matters\":[");
  for (std::size_t i = 0; i < v.matters.size(); ++i) {
    const VisitMatter& m = v.matters[i];
    if (i > 0) out->push_back(',');
    out->append("{\"id\":");
    AppendJsonString(m.id, out);
    out->append(",\"department\":");
    AppendJsonString(m.department, out);
    out->append(m.sampled ? ",\"sampled\":true" : ",\"sampled\":false");
    if (!m.delegated_from.empty()) {
      out->append(",\"delegated_from\":");
      AppendJsonString(m.delegated_from, out);
    }
    out->append(",\"min\":");
    AppendInt(m.min, out);
    out->append(",\"max\":");
    if (m.max.has_value()) {
      AppendInt(*m.max, out);
    } else {
      out->append("null");
    }
    out->push_back('}');
  }
  out->append("],\"inspectors\":[");
  for (std::size_t i = 0; i < v.inspectors.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append("{\"id\":");
    AppendJsonString(v.inspectors[i].id, out);
    out->append(",\"department\":");
    AppendJsonString(v.inspectors[i].department, out);
    out->push_back('}');
  }
  out->append("],\"method\":");
  AppendJsonString(v.method, out);
  out->append(",\"rules\":");
  AppendStringList(v.rules, out);
  out->append(",\"basis\":");
  AppendStringList(v.basis, out);
  out->append("}\n");
}

void AppendVisitCsv(const Visit& v, std::string* out) {
  auto text = [&](std::string_view t) {
    AppendCell(out, ',', [&] { out->append(t); });
  };
  auto list = [&](const auto& items, std::string_view separator, auto&& part, char end = ',') {
    AppendCell(out, end, [&] { AppendJoined(items, separator, out, part); });
  };
  auto append = [&](std::string_view t) { out->append(t); };
  text(v.code);
  text(v.enterprise_id);
  text(v.enterprise_name);
  text(v.region);
  AppendCell(out, ',', [&] { AppendInt(v.quarter, out); });
  AppendCell(out, ',', [&] { AppendInt(v.slot, out); });
  text(v.method);
  text(v.lead);
  list(v.cooperators, ";", append);
  list(v.matters, ";", [&](const VisitMatter& m) { out->append(m.id); });
  list(v.matters, ";", [&](const VisitMatter& m) { out->append(m.department); });
  AppendCell(out, ',', [&] {
    bool first = true;
    for (const VisitMatter& m : v.matters) {
      if (!m.sampled) continue;
      if (!first) out->push_back(';');
      first = false;
      out->append(m.id);
    }
  });
  AppendCell(out, ',', [&] {
    bool first = true;
    for (const VisitMatter& m : v.matters) {
      if (m.delegated_from.empty()) continue;
      if (!first) out->push_back(';');
      first = false;
      out->append(m.id).append(1, '/').append(m.delegated_from);
    }
  });
  list(v.matters, ";", [&](const VisitMatter& m) { AppendInt(m.min, out); });
  list(v.matters, ";", [&](const VisitMatter& m) {
    if (m.max.has_value()) AppendInt(*m.max, out);
  });
  list(v.inspectors, ";", [&](const VisitInspector& i) { out->append(i.id); });
  list(v.inspectors, ";", [&](const VisitInspector& i) { out->append(i.department); });
  list(v.rules, ";", append);
  // Basis texts cite laws and may hold `;`: one per line inside the cell.
  list(v.basis, "\n", append, '\n');
}

bool ParseVisitJson(std::string_view line, Visit* v, std::string* error) {
  json j = json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  try {
    *v = Visit{};
    v->code = j.at("code").get<std::string>();
    const json& e = j.at("enterprise");
    v->enterprise_id = e.at("id").get<std::string>();
    v->enterprise_name = e.at("name").get<std::string>();
    v->region = e.at("region").get<std::string>();
    v->quarter = j.at("quarter").get<int>();
    v->slot = j.at("slot").get<int>();
    v->lead = j.at("lead").get<std::string>();
    v->cooperators = j.at("cooperators").get<std::vector<std::string>>();
    for (const json& m : j.at("matters")) {
      VisitMatter vm;
      vm.id = m.at("id").get<std::string>();
      vm.department = m.at("department").get<std::string>();
      vm.sampled = m.at("sampled").get<bool>();
      if (m.contains("delegated_from")) vm.delegated_from = m.at("delegated_from").get<std::string>();
      vm.min = m.at("min").get<std::int64_t>();
      if (!m.at("max").is_null()) vm.max = m.at("max").get<std::int64_t>();
      v->matters.push_back(std::move(vm));
    }
    for (const json& i : j.at("inspectors")) {
      v->inspectors.push_back(VisitInspector{i.at("id").get<std::string>(), i.at("department").get<std::string>()});
    }
    v->method = j.at("method").get<std::string>();
    v->rules = j.at("rules").get<std::vector<std::string>>();
    v->basis = j.at("basis").get<std::vector<std::string>>();
  } catch (const json::exception& ex) {
    // nlohmann's messages name the missing key or the wrong type.
    *error = ex.what();
    return false;
  }
  return true;
}

}  // namespace bylaw::plan::plan_internal
