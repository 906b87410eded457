// The register's two formats (inputs.h): CSV with a header row, and JSON
// Lines of `enterprise` objects.
#include "register_source.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/base/json_text.h"
#include "bylaw/base/utf8.h"
#include "line_reader.h"
#include "register_fields.h"

namespace bylaw::plan::plan_internal {

using base::AppendJsonString;

namespace {

using json = nlohmann::json;

Error BadRow(std::string message) { return Error{kBadRow, std::move(message), {}}; }

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string FieldList(const RegisterSchema& schema) {
  std::string out;
  for (const FieldSpec& f : schema.fields) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

// The text kept for the plan's outputs: a CSV cell, or a JSON string/int.
void KeepText(const RegisterSchema& schema, int field, std::string_view text, RegisterRow* out) {
  const std::string& name = schema.fields[static_cast<std::size_t>(field)].name;
  if (name == "name") {
    out->name = text;
  } else if (name == "region") {
    out->region = text;
  } else if (name == "industry") {
    out->industry = text;
  } else if (name == "credit_class") {
    out->credit_class = text;
  } else if (name == "id") {
    out->id = text;
  }
}

class CsvSource final : public RegisterSource {
 public:
  CsvSource(std::string path, const RegisterSchema& schema, std::FILE* file, const InputLimits& limits)
      : RegisterSource(std::move(path)), schema_(schema), csv_(file, limits) {}

  Status ReadHeader() {
    CsvRecord header;
    std::string message;
    const CsvReader::Read r = csv_.Next(&header, &message);
    if (r == CsvReader::Read::kIoError) return Error{kIoError, path_ + ": read error", {}};
    if (r == CsvReader::Read::kEnd) {
      return Error{kBadInput, path_ + ":1: no header row (the register's fields: " + FieldList(schema_) + ")", {}};
    }
    if (r == CsvReader::Read::kMalformed) return Error{kBadInput, At(header.line) + message, {}};
    const std::string at = At(header.line);
    columns_ = header.size();
    column_of_.assign(schema_.fields.size(), -1);
    for (std::size_t c = 0; c < header.size(); ++c) {
      // A header that is not the register's (binary junk, a huge cell) is
      // named in the error as a short, valid UTF-8 quotation.
      const std::string name(header.cell(c));
      const std::string shown = name.size() <= 60 && base::IsValidUtf8(name) ? name : Shown(name);
      const int f = schema_.Find(name);
      if (f < 0) {
        return Error{kBadInput, at + "field " + shown + ": unknown column (the register's fields: " +
                                    FieldList(schema_) + ")", {}};
      }
      if (column_of_[static_cast<std::size_t>(f)] >= 0) {
        return Error{kBadInput, at + "field " + shown + ": repeated column", {}};
      }
      column_of_[static_cast<std::size_t>(f)] = static_cast<int>(c);
    }
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      if (column_of_[f] < 0) {
        return Error{kBadInput, at + "field " + schema_.fields[f].name + ": missing column", {}};
      }
    }
    id_column_ = column_of_[static_cast<std::size_t>(schema_.Find("id"))];
    return {};
  }

  Result<bool> NextRaw(RawRow* raw) override {
    raw->malformed.clear();
    std::string message;
    const CsvReader::Read r = csv_.Next(&raw->csv, &message);
    raw->line = raw->csv.line;
    switch (r) {
      case CsvReader::Read::kEnd: return false;
      case CsvReader::Read::kIoError: return Error{kIoError, path_ + ": read error", {}};
      case CsvReader::Read::kMalformed: raw->malformed = message; return true;
      case CsvReader::Read::kRecord: return true;
    }
    return false;
  }

  std::optional<std::string_view> CheapId(const RawRow& raw) const override {
    if (!raw.malformed.empty() || raw.csv.size() != columns_) return std::nullopt;
    std::string_view id = raw.csv.cell(static_cast<std::size_t>(id_column_));
    if (id.empty()) return std::nullopt;
    return id;
  }

  std::optional<std::string> OwnerId(const RawRow& raw) const override {
    auto id = CheapId(raw);
    if (!id) return std::nullopt;
    return std::string(*id);
  }

  Status Decode(const RawRow& raw, RegisterRow* row) const override {
    const std::string at = At(raw.line);
    if (!raw.malformed.empty()) return BadRow(at + raw.malformed);
    if (raw.csv.size() != columns_) {
      return BadRow(at + "the row has " + std::to_string(raw.csv.size()) + " cells, the header " +
                    std::to_string(columns_));
    }
    row->line = raw.line;
    row->name.clear();
    row->region.clear();
    row->industry.clear();
    row->credit_class.clear();
    std::string& out = row->enterprise_json;
    out.clear();
    out.push_back('{');
    std::string error;
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      const FieldSpec& spec = schema_.fields[f];
      const std::string_view cell = raw.csv.cell(static_cast<std::size_t>(column_of_[f]));
      if (f > 0) out.push_back(',');
      AppendJsonString(spec.name, &out);
      out.push_back(':');
      if (!EncodeCsvCell(spec, cell, &out, &error)) {
        return BadRow(at + "field " + spec.name + ": " + error);
      }
      if (spec.kind != FieldSpec::Kind::kList && spec.kind != FieldSpec::Kind::kRecordList) {
        KeepText(schema_, static_cast<int>(f), cell, row);
      }
    }
    out.push_back('}');
    if (row->id.empty()) return BadRow(at + "field id: empty (every enterprise needs an id)");
    return {};
  }

 private:
  const RegisterSchema& schema_;
  CsvReader csv_;
  std::size_t columns_ = 0;
  std::vector<int> column_of_;  // by schema field
  int id_column_ = 0;
};

class JsonlSource final : public RegisterSource {
 public:
  JsonlSource(std::string path, const RegisterSchema& schema, std::FILE* file, const InputLimits& limits)
      : RegisterSource(std::move(path)), schema_(schema), lines_(file, limits.max_line_bytes) {}

  Result<bool> NextRaw(RawRow* raw) override {
    raw->malformed.clear();
    while (lines_.Next(&raw->text)) {
      if (lines_.overlong()) {
        raw->line = lines_.line();
        raw->malformed = "the line is over the limit of " + std::to_string(lines_.max_line_bytes()) +
                         " bytes (InputLimits::max_line_bytes)";
        return true;
      }
      if (raw->text.find_first_not_of(" \t\r") == std::string::npos) continue;
      raw->line = lines_.line();
      if (raw->line == 1 && raw->text.rfind("\xEF\xBB\xBF", 0) == 0) raw->text.erase(0, 3);
      return true;
    }
    if (lines_.failed()) return Error{kIoError, path_ + ": read error", {}};
    return false;
  }

  std::optional<std::string_view> CheapId(const RawRow&) const override { return std::nullopt; }

  std::optional<std::string> OwnerId(const RawRow& raw) const override {
    const json doc = json::parse(raw.text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    auto it = doc.find("id");
    if (it == doc.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  Status Decode(const RawRow& raw, RegisterRow* row) const override {
    const std::string at = At(raw.line);
    if (!raw.malformed.empty()) return BadRow(at + raw.malformed);
    json doc;
    try {
      doc = json::parse(raw.text);
    } catch (const json::parse_error& e) {
      // nlohmann's message ends with the byte offset and the token it met.
      std::string what = e.what();
      const std::size_t colon = what.find(": ", what.find("parse error"));
      return BadRow(at + "not valid JSON (" + (colon == std::string::npos ? what : what.substr(colon + 2)) + ")");
    } catch (const json::exception& e) {
      // out_of_range.406: a number beyond a double (`1e400`); its message
      // follows nlohmann's `[json.exception.out_of_range.406] ` prefix.
      std::string what = e.what();
      const std::size_t close = what.find("] ");
      return BadRow(at + "not valid JSON (" + (close == std::string::npos ? what : what.substr(close + 2)) + ")");
    }
    if (!doc.is_object()) return BadRow(at + "expected a JSON object (an enterprise), got " + ShownJsonValue(doc));
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      if (schema_.Find(it.key()) < 0) {
        return BadRow(at + "field " + it.key() + ": unknown field of " + schema_.record +
                      " (the register's fields: " + FieldList(schema_) + ")");
      }
    }
    row->line = raw.line;
    row->name.clear();
    row->region.clear();
    row->industry.clear();
    row->credit_class.clear();
    row->id.clear();
    std::string& out = row->enterprise_json;
    out.clear();
    out.push_back('{');
    std::string error;
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      const FieldSpec& spec = schema_.fields[f];
      auto it = doc.find(spec.name);
      if (it == doc.end()) {
        return BadRow(at + "field " + spec.name + ": missing (write null for an absent optional)");
      }
      if (f > 0) out.push_back(',');
      AppendJsonString(spec.name, &out);
      out.push_back(':');
      if (!EncodeJsonValue(spec, *it, &out, &error)) {
        return BadRow(at + "field " + spec.name + ": " + error);
      }
      if (it->is_string()) {
        KeepText(schema_, static_cast<int>(f), it->get_ref<const std::string&>(), row);
      } else if (it->is_number_integer()) {
        KeepText(schema_, static_cast<int>(f), it->dump(), row);
      }
    }
    out.push_back('}');
    if (row->id.empty()) return BadRow(at + "field id: empty (every enterprise needs an id)");
    return {};
  }

 private:
  const RegisterSchema& schema_;
  LineReader lines_;
};

}  // namespace

Result<std::unique_ptr<RegisterSource>> RegisterSource::Open(const std::string& path,
                                                             const RegisterSchema& schema,
                                                             const InputLimits& limits) {
  const bool csv = EndsWith(path, ".csv");
  const bool jsonl = EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson");
  if (!csv && !jsonl) {
    return Error{kBadInput, path + ": unknown register format (expected .csv, .jsonl or .ndjson)", {}};
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Error{kIoError, path + ": cannot open (" + std::strerror(errno) + ")", {}};
  }
  if (jsonl) return std::unique_ptr<RegisterSource>(new JsonlSource(path, schema, file, limits));
  auto source = std::make_unique<CsvSource>(path, schema, file, limits);
  Status header = source->ReadHeader();
  if (!header.ok()) return header.error();
  return std::unique_ptr<RegisterSource>(std::move(source));
}

}  // namespace bylaw::plan::plan_internal
