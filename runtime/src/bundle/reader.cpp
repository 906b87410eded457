// The typed bundle reader (see bylaw/bundle/reader.h).
#include "bylaw/bundle/reader.h"

#include <set>

#include "bylaw/bundle/schema.h"

namespace bylaw::bundle {
namespace {

// Reads `PARAM...` (`{"name", "type"}`) from the array `key` of `obj`.
bool ReadBindings(const Json& obj, const char* key, const std::string& where,
                  std::vector<Binding>* out, ReadError* error) {
  const Json* arr = GetArray(obj, key, where, error);
  if (arr == nullptr) return false;
  out->reserve(arr->size());
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string w = At(where + "." + key, i);
    const Json& p = (*arr)[i];
    Binding b;
    const std::string* name = GetString(p, "name", w, error);
    if (name == nullptr || !GetType(p, "type", w, &b.type, error) ||
        !GetOptString(p, "label", w, &b.label, error)) {
      return false;
    }
    b.name = *name;
    out->push_back(std::move(b));
  }
  return true;
}

bool ReadCallables(const Json& doc, const char* section, std::vector<CallableDecl>* out,
                   ReadError* error) {
  const Json& arr = doc[section];
  out->reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string where = At(section, i);
    const Json& j = arr[i];
    CallableDecl d;
    const std::string* name = GetString(j, "name", where, error);
    if (name == nullptr || !GetOptString(j, "label", where, &d.label, error) ||
        !GetOptString(j, "ruleset", where, &d.ruleset, error) ||
        !ReadBindings(j, "params", where, &d.params, error)) {
      return false;
    }
    d.name = *name;
    d.json = &j;
    out->push_back(std::move(d));
  }
  return true;
}

// Why the JSON text `bytes` did not parse: truncated or never JSON.
std::string NotJsonMessage(std::string_view bytes) {
  std::string message = "the bundle is not valid JSON";
  try {
    Json ignored = Json::parse(bytes.begin(), bytes.end());
    (void)ignored;
  } catch (const Json::parse_error& e) {
    if (e.byte >= bytes.size()) {
      message = "the bundle ends unexpectedly (truncated?) at byte " + std::to_string(e.byte);
    } else {
      message = "the bundle is not valid JSON at byte " + std::to_string(e.byte);
    }
  } catch (const Json::exception& e) {
    // out_of_range.406: a number too large for a double (`1e400`), which
    // the non-throwing parse reports as discarded too.
    message = "the bundle is not valid JSON (" + std::string(e.what()) + ")";
  }
  return message;
}

}  // namespace

std::string_view LastSegment(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

const Binding* RecordDecl::Field(std::string_view name) const {
  for (const Binding& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::unique_ptr<Document> Document::Parse(std::string_view bytes, ReadError* error) {
  std::unique_ptr<Document> d(new Document());
  d->doc_ = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (d->doc_.is_discarded()) {
    Fail(error, code::kNotJson, "", NotJsonMessage(bytes));
    return nullptr;
  }
  const Json& doc = d->doc_;
  if (!doc.is_object()) {
    Fail(error, code::kFormat, "", "a bundle is a JSON object");
    return nullptr;
  }
  const Json* format = Find(doc, section::kFormat);
  if (format == nullptr || !format->is_string() || *format != kFormat) {
    Fail(error, code::kFormat, "", "`format` is not \"bylaw-bundle\"");
    return nullptr;
  }
  const Json* version = Find(doc, section::kFormatVersion);
  if (version == nullptr || !version->is_number_integer()) {
    Fail(error, code::kVersion, "", "`format_version` is missing or not an integer");
    return nullptr;
  }
  if (version->get<std::int64_t>() != kFormatVersion) {
    const bool older = version->get<std::int64_t>() < kFormatVersion;
    Fail(error, code::kVersion, "",
         "format version " + version->dump() + " is not supported (this runtime reads " +
             std::to_string(kFormatVersion) + "): " +
             (older ? "recompile the rules with `bylaw compile`"
                    : "the bundle is newer than this runtime; upgrade it, or recompile the "
                      "rules with this release's `bylaw compile`"));
    return nullptr;
  }
  const Json* hash = Find(doc, section::kHash);
  if (hash == nullptr || !hash->is_string()) {
    Fail(error, code::kStructure, "$", "missing key `hash`");
    return nullptr;
  }
  d->hash_ = hash->get<std::string>();
  return d;
}

bool Document::ReadDeclarations(ReadError* error) {
  const Json& doc = doc_;
  static const std::set<std::string, std::less<>> kKeys(kRequiredSections.begin(),
                                                        kRequiredSections.end());
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!kKeys.count(it.key()) && it.key() != section::kSignature) {
      return Fail(error, code::kStructure, "$", "unknown key `" + it.key() + "`");
    }
  }
  for (const char* k : kRequiredSections) {
    if (Get(doc, k, "$", error) == nullptr) return false;
  }
  for (const char* k :
       {section::kRulesets, section::kEnums, section::kRecords, section::kParams, section::kMatters,
        section::kReasons, section::kTables, section::kRules, section::kScorecards, section::kDefs,
        section::kLets, section::kDecisions}) {
    if (GetArray(doc, k, "$", error) == nullptr) return false;
  }

  const Json& sources = doc[section::kSources];
  if (!sources.is_object()) return Fail(error, code::kStructure, "sources", "expected an object");
  for (auto it = sources.begin(); it != sources.end(); ++it) {
    const std::string where = "sources." + it.key();
    SourceEntry s;
    if (!GetOptString(it.value(), "file", where, &s.file, error) ||
        !GetOptString(it.value(), "basis", where, &s.basis, error)) {
      return false;
    }
    // A location is informative only: a malformed line or col is dropped.
    if (const Json* l = Find(it.value(), "line"); l && l->is_number_integer()) {
      s.line = l->get<int>();
    }
    if (const Json* c = Find(it.value(), "col"); c && c->is_number_integer()) {
      s.col = c->get<int>();
    }
    sources_.emplace(it.key(), std::move(s));
  }

  const Json& rulesets = doc[section::kRulesets];
  for (std::size_t i = 0; i < rulesets.size(); ++i) {
    const std::string where = At(section::kRulesets, i);
    const Json& j = rulesets[i];
    RulesetDecl r;
    const std::string* id = GetString(j, "id", where, error);
    const std::string* status = id ? GetString(j, "status", where, error) : nullptr;
    if (status == nullptr || !GetOptString(j, "title", where, &r.title, error) ||
        !GetOptString(j, "level", where, &r.level, error) ||
        !GetOptString(j, "version", where, &r.version, error) ||
        !GetOptString(j, "source", where, &r.source, error) ||
        !GetOptString(j, "jurisdiction", where, &r.jurisdiction, error)) {
      return false;
    }
    r.id = *id;
    r.status = *status;
    r.effective = Find(j, "effective");
    r.json = &j;
    rulesets_.push_back(std::move(r));
  }

  const Json& enums = doc[section::kEnums];
  for (std::size_t i = 0; i < enums.size(); ++i) {
    const std::string where = At(section::kEnums, i);
    EnumDecl e;
    const std::string* name = GetString(enums[i], "name", where, error);
    const Json* members = name ? GetArray(enums[i], "members", where, error) : nullptr;
    if (members == nullptr || !GetOptString(enums[i], "label", where, &e.label, error)) {
      return false;
    }
    e.name = *name;
    e.json = &enums[i];
    for (std::size_t k = 0; k < members->size(); ++k) {
      const std::string mw = At(where + ".members", k);
      EnumMember m;
      const std::string* member = GetString((*members)[k], "name", mw, error);
      if (member == nullptr || !GetOptString((*members)[k], "label", mw, &m.label, error)) {
        return false;
      }
      m.name = *member;
      e.members.push_back(std::move(m));
    }
    enum_index_.emplace(e.name, enums_.size());
    enums_.push_back(std::move(e));
  }

  const Json& records = doc[section::kRecords];
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string where = At(section::kRecords, i);
    RecordDecl r;
    const std::string* name = GetString(records[i], "name", where, error);
    if (name == nullptr || !GetOptString(records[i], "label", where, &r.label, error) ||
        !GetOptBool(records[i], "facts", where, &r.facts, error) ||
        !ReadBindings(records[i], "fields", where, &r.fields, error)) {
      return false;
    }
    r.name = *name;
    r.json = &records[i];
    record_index_.emplace(r.name, records_.size());
    records_.push_back(std::move(r));
  }

  const Json& params = doc[section::kParams];
  for (std::size_t i = 0; i < params.size(); ++i) {
    const std::string where = At(section::kParams, i);
    ParamDecl p;
    const std::string* name = GetString(params[i], "name", where, error);
    if (name == nullptr || !GetType(params[i], "type", where, &p.type, error) ||
        !GetOptString(params[i], "label", where, &p.label, error) ||
        !GetOptString(params[i], "ruleset", where, &p.ruleset, error) ||
        (p.values = GetArray(params[i], "values", where, error)) == nullptr) {
      return false;
    }
    p.name = *name;
    p.json = &params[i];
    params_.push_back(std::move(p));
  }

  const Json& matters = doc[section::kMatters];
  for (std::size_t i = 0; i < matters.size(); ++i) {
    const std::string where = At(section::kMatters, i);
    MatterDecl m;
    const std::string* name = GetString(matters[i], "name", where, error);
    const std::string* id = name ? GetString(matters[i], "id", where, error) : nullptr;
    if (id == nullptr || !GetOptString(matters[i], "label", where, &m.label, error)) return false;
    m.name = *name;
    m.id = *id;
    m.effective = Find(matters[i], "effective");
    m.object = Find(matters[i], "object");
    m.fields = Find(matters[i], "fields");
    m.json = &matters[i];
    matters_.push_back(std::move(m));
  }

  const Json& reasons = doc[section::kReasons];
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    const std::string where = At(section::kReasons, i);
    ReasonDecl r;
    const std::string* code = GetString(reasons[i], "code", where, error);
    const std::string* name = code ? GetString(reasons[i], "name", where, error) : nullptr;
    if (name == nullptr || !GetOptString(reasons[i], "label", where, &r.label, error)) {
      return false;
    }
    r.name = *name;
    r.code = *code;
    r.json = &reasons[i];
    reasons_.push_back(std::move(r));
  }

  if (!ReadCallables(doc, section::kTables, &tables_, error) ||
      !ReadCallables(doc, section::kRules, &rules_, error) ||
      !ReadCallables(doc, section::kScorecards, &scorecards_, error) ||
      !ReadCallables(doc, section::kDefs, &defs_, error)) {
    return false;
  }

  const Json& lets = doc[section::kLets];
  for (std::size_t i = 0; i < lets.size(); ++i) {
    const std::string where = At(section::kLets, i);
    LetDecl l;
    const std::string* name = GetString(lets[i], "name", where, error);
    if (name == nullptr || !GetType(lets[i], "type", where, &l.type, error) ||
        !GetOptString(lets[i], "label", where, &l.label, error) ||
        (l.value = Get(lets[i], "value", where, error)) == nullptr) {
      return false;
    }
    l.name = *name;
    l.json = &lets[i];
    lets_.push_back(std::move(l));
  }

  const Json& decisions = doc[section::kDecisions];
  for (std::size_t i = 0; i < decisions.size(); ++i) {
    const std::string where = At(section::kDecisions, i);
    const Json& j = decisions[i];
    DecisionDecl d;
    const std::string* name = GetString(j, "name", where, error);
    const std::string* ruleset = name ? GetString(j, "ruleset", where, error) : nullptr;
    if (ruleset == nullptr || !GetOptString(j, "label", where, &d.label, error) ||
        !ReadBindings(j, "params", where, &d.params, error) ||
        !GetOptBool(j, "complete_facts", where, &d.complete_facts, error)) {
      return false;
    }
    d.name = *name;
    d.ruleset = *ruleset;
    d.json = &j;
    const Json* items = GetArray(j, "items", where, error);
    if (items == nullptr) return false;
    for (std::size_t k = 0; k < items->size(); ++k) {
      const std::string iw = At(where + ".items", k);
      const Json& it = (*items)[k];
      DecisionItem item;
      const std::string* kind = GetString(it, "kind", iw, error);
      const std::string* item_name = kind ? GetString(it, "name", iw, error) : nullptr;
      if (item_name == nullptr || (item.expr = Get(it, "expr", iw, error)) == nullptr) {
        return false;
      }
      item.name = *item_name;
      if (*kind == "output") {
        item.output = true;
        const std::string* id = GetString(it, "id", iw, error);
        if (id == nullptr) return false;
        item.id = *id;
        item.fallback = Find(it, "else");
      } else if (*kind != "let") {
        return Fail(error, code::kStructure, iw + ".kind", "expected `let` or `output`");
      }
      // The runtime does not need an item's type; the compiler writes it
      // for the tools (the booklet shows outputs by type).
      if (Find(it, "type") != nullptr) {
        item.has_type = true;
        if (!GetType(it, "type", iw, &item.type, error)) return false;
      }
      d.items.push_back(std::move(item));
    }
    decisions_.push_back(std::move(d));
  }
  std::map<std::string_view, int> last_segments;
  for (const DecisionDecl& d : decisions_) ++last_segments[LastSegment(d.name)];
  for (std::size_t i = 0; i < decisions_.size(); ++i) {
    decision_index_.emplace(decisions_[i].name, i);
  }
  for (std::size_t i = 0; i < decisions_.size(); ++i) {
    const std::string_view last = LastSegment(decisions_[i].name);
    if (last_segments[last] == 1) decision_index_.emplace(std::string(last), i);
  }
  return true;
}

const EnumDecl* Document::FindEnum(std::string_view name) const {
  auto it = enum_index_.find(name);
  return it == enum_index_.end() ? nullptr : &enums_[it->second];
}

const RecordDecl* Document::FindRecord(std::string_view name) const {
  auto it = record_index_.find(name);
  return it == record_index_.end() ? nullptr : &records_[it->second];
}

const DecisionDecl* Document::FindDecision(std::string_view name) const {
  auto it = decision_index_.find(name);
  return it == decision_index_.end() ? nullptr : &decisions_[it->second];
}

}  // namespace bylaw::bundle
