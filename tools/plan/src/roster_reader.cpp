// ReadRoster (inputs.h): the inspectors, checked against the rules'
// Department enum, matter ids and regions.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "bylaw/base/utf8.h"
#include "bylaw/plan/inputs.h"
#include "csv.h"
#include "line_reader.h"
#include "register_fields.h"

namespace bylaw::plan {
namespace {

using json = nlohmann::json;
using plan_internal::Shown;

constexpr const char* kColumns[] = {"id", "department", "certified", "domains", "region"};

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The cells of one roster row as text, whatever the file format.
struct RosterCells {
  std::string id, department, certified, region;
  std::vector<std::string> domains;
  bool all_domains = false;
};

class RosterChecker {
 public:
  RosterChecker(const std::string& path, const RegisterSchema& schema, const runtime::Rulebook& book)
      : path_(path), schema_(schema) {
    for (const runtime::MatterInfo& m : book.matters()) matters_.push_back(m.id);
  }

  Status Add(std::int64_t line, const RosterCells& c) {
    const std::string at = path_ + ":" + std::to_string(line) + ": ";
    auto bad = [&](const char* field, const std::string& what) {
      return Error{kBadRow, at + "field " + field + ": " + what, {}};
    };
    Inspector ins;
    ins.line = line;
    if (c.id.empty()) return bad("id", "empty (every inspector needs an id)");
    if (!base::IsValidUtf8(c.id)) return bad("id", "not valid UTF-8");
    ins.id = c.id;
    if (std::find(schema_.departments.begin(), schema_.departments.end(), c.department) ==
        schema_.departments.end()) {
      return bad("department", Shown(c.department) + " is not a Department (" + Joined(schema_.departments) + ")");
    }
    ins.department = c.department;
    if (c.certified != "true" && c.certified != "false") {
      return bad("certified", Shown(c.certified) + " is not a bool (true or false)");
    }
    ins.certified = c.certified == "true";
    ins.all_domains = c.all_domains;
    if (!c.all_domains) {
      if (c.domains.empty()) return bad("domains", "empty (list matter ids separated by `;`, or `*` for every matter)");
      for (std::size_t i = 0; i < c.domains.size(); ++i) {
        const std::string& d = c.domains[i];
        if (std::find(matters_.begin(), matters_.end(), d) == matters_.end()) {
          return bad("domains", "item " + std::to_string(i + 1) + ": " + Shown(d) +
                                    " is not a matter of the rules (" + Joined(matters_) + ")");
        }
        if (std::find(ins.domains.begin(), ins.domains.end(), d) != ins.domains.end()) {
          return bad("domains", "item " + std::to_string(i + 1) + " repeats " + Shown(d));
        }
        ins.domains.push_back(d);
      }
    }
    if (!c.region.empty() && !schema_.regions.empty() &&
        std::find(schema_.regions.begin(), schema_.regions.end(), c.region) == schema_.regions.end()) {
      return bad("region", Shown(c.region) + " is not a region (" + Joined(schema_.regions) +
                               "; empty for every region)");
    }
    ins.region = c.region;
    auto [it, fresh] = first_line_.emplace(ins.id, line);
    if (!fresh) {
      return bad("id", "duplicate id " + ins.id + " (first at line " + std::to_string(it->second) + ")");
    }
    roster_.inspectors.push_back(std::move(ins));
    return {};
  }

  Roster Take() {
    std::sort(roster_.inspectors.begin(), roster_.inspectors.end(),
              [](const Inspector& a, const Inspector& b) { return a.id < b.id; });
    return std::move(roster_);
  }

 private:
  const std::string& path_;
  const RegisterSchema& schema_;
  std::vector<std::string> matters_;
  std::map<std::string, std::int64_t> first_line_;
  Roster roster_;
};

void SplitDomains(std::string_view cell, RosterCells* c) {
  c->domains.clear();
  c->all_domains = cell == "*";
  if (c->all_domains || cell.empty()) return;
  while (true) {
    const std::size_t at = cell.find(';');
    c->domains.emplace_back(cell.substr(0, at));
    if (at == std::string_view::npos) return;
    cell.remove_prefix(at + 1);
  }
}

Result<Roster> ReadCsv(const std::string& path, std::FILE* file, RosterChecker* checker,
                       const InputLimits& limits) {
  plan_internal::CsvReader csv(file, limits);
  plan_internal::CsvRecord rec;
  std::string message;
  auto read = csv.Next(&rec, &message);
  if (read == plan_internal::CsvReader::Read::kEnd) {
    return Error{kBadInput, path + ":1: no header row (id, department, certified, domains, region)", {}};
  }
  if (read != plan_internal::CsvReader::Read::kRecord) {
    return Error{kBadInput, path + ":" + std::to_string(rec.line) + ": " + message, {}};
  }
  int column[5] = {-1, -1, -1, -1, -1};
  for (std::size_t c = 0; c < rec.size(); ++c) {
    const std::string name(rec.cell(c));
    auto it = std::find(std::begin(kColumns), std::end(kColumns), name);
    const std::string shown =
        name.size() <= 60 && base::IsValidUtf8(name) ? name : plan_internal::Shown(name);
    const std::string at = path + ":" + std::to_string(rec.line) + ": field " + shown + ": ";
    if (it == std::end(kColumns)) {
      return Error{kBadInput, at + "unknown column (the roster's fields: id, department, certified, domains, region)", {}};
    }
    int& slot = column[it - std::begin(kColumns)];
    if (slot >= 0) return Error{kBadInput, at + "repeated column", {}};
    slot = static_cast<int>(c);
  }
  for (int k = 0; k < 4; ++k) {
    if (column[k] < 0) {
      return Error{kBadInput, path + ":" + std::to_string(rec.line) + ": field " + kColumns[k] + ": missing column", {}};
    }
  }
  const std::size_t columns = rec.size();
  RosterCells cells;
  while (true) {
    read = csv.Next(&rec, &message);
    if (read == plan_internal::CsvReader::Read::kEnd) break;
    const std::string at = path + ":" + std::to_string(rec.line) + ": ";
    if (read == plan_internal::CsvReader::Read::kIoError) return Error{kIoError, path + ": read error", {}};
    if (read == plan_internal::CsvReader::Read::kMalformed) return Error{kBadRow, at + message, {}};
    if (rec.size() != columns) {
      return Error{kBadRow, at + "the row has " + std::to_string(rec.size()) + " cells, the header " +
                                std::to_string(columns), {}};
    }
    auto cell = [&](int k) { return column[k] < 0 ? std::string_view() : rec.cell(static_cast<std::size_t>(column[k])); };
    cells.id = cell(0);
    cells.department = cell(1);
    cells.certified = cell(2);
    SplitDomains(cell(3), &cells);
    cells.region = cell(4);
    Status s = checker->Add(rec.line, cells);
    if (!s.ok()) return s.error();
  }
  return checker->Take();
}

Result<Roster> ReadJsonl(const std::string& path, std::FILE* file, RosterChecker* checker,
                         const InputLimits& limits) {
  plan_internal::LineReader lines(file, limits.max_line_bytes);
  std::string text;
  RosterCells cells;
  while (lines.Next(&text)) {
    const std::string at = path + ":" + std::to_string(lines.line()) + ": ";
    if (lines.overlong()) {
      return Error{kBadRow, at + "the line is over the limit of " + std::to_string(limits.max_line_bytes) +
                                " bytes (InputLimits::max_line_bytes)", {}};
    }
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{kBadRow, at + "not a JSON object", {}};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(std::begin(kColumns), std::end(kColumns), it.key()) == std::end(kColumns)) {
        return Error{kBadRow, at + "field " + it.key() + ": unknown field (id, department, certified, domains, region)", {}};
      }
    }
    auto text_field = [&](const char* name, bool required, std::string* out) -> Status {
      auto it = j.find(name);
      out->clear();
      if (it == j.end() || it->is_null()) {
        if (required) return Error{kBadRow, at + "field " + name + ": missing", {}};
        return {};
      }
      if (!it->is_string()) return Error{kBadRow, at + "field " + name + ": expected a string, got " + plan_internal::ShownJsonValue(*it), {}};
      *out = it->get<std::string>();
      return {};
    };
    Status s = text_field("id", true, &cells.id);
    if (s.ok()) s = text_field("department", true, &cells.department);
    if (s.ok()) s = text_field("region", false, &cells.region);
    if (!s.ok()) return s.error();
    auto cert = j.find("certified");
    if (cert == j.end()) return Error{kBadRow, at + "field certified: missing", {}};
    if (!cert->is_boolean()) {
      return Error{kBadRow, at + "field certified: expected bool (true or false), got " +
                                plan_internal::ShownJsonValue(*cert), {}};
    }
    cells.certified = cert->get<bool>() ? "true" : "false";
    auto domains = j.find("domains");
    if (domains == j.end()) return Error{kBadRow, at + "field domains: missing", {}};
    if (domains->is_string() && domains->get<std::string>() == "*") {
      SplitDomains("*", &cells);
    } else if (domains->is_array()) {
      cells.all_domains = false;
      cells.domains.clear();
      for (const json& d : *domains) {
        if (!d.is_string()) return Error{kBadRow, at + "field domains: expected matter ids (strings), got " + plan_internal::ShownJsonValue(d), {}};
        cells.domains.push_back(d.get<std::string>());
      }
    } else {
      return Error{kBadRow, at + "field domains: expected an array of matter ids or \"*\", got " + plan_internal::ShownJsonValue(*domains), {}};
    }
    s = checker->Add(lines.line(), cells);
    if (!s.ok()) return s.error();
  }
  if (lines.failed()) return Error{kIoError, path + ": read error", {}};
  return checker->Take();
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool Inspector::QualifiedFor(std::string_view matter_id) const {
  return all_domains || std::find(domains.begin(), domains.end(), matter_id) != domains.end();
}

bool Inspector::Serves(std::string_view region_name) const { return region.empty() || region == region_name; }

Result<Roster> ReadRoster(const std::string& path, const RegisterSchema& schema, const runtime::Rulebook& book,
                          const InputLimits& limits) {
  return runtime::CatchExceptions("internal", [&]() -> Result<Roster> {  // no exception crosses the API
  const bool csv = EndsWith(path, ".csv");
  if (!csv && !EndsWith(path, ".jsonl") && !EndsWith(path, ".ndjson")) {
    return Error{kBadInput, path + ": unknown roster format (expected .csv, .jsonl or .ndjson)", {}};
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Error{kIoError, path + ": cannot open (" + std::strerror(errno) + ")", {}};
  RosterChecker checker(path, schema, book);
  return csv ? ReadCsv(path, file, &checker, limits) : ReadJsonl(path, file, &checker, limits);
  });
}

}  // namespace bylaw::plan
