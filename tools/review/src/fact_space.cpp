// Variables and representative values of the diff's input space (see
// fact_space.h).
#include "fact_space.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "bylaw/base/civil_date.h"
#include "bylaw/runtime/decimal.h"

namespace bylaw::review::review_internal {
namespace {

constexpr std::int64_t kScale = runtime::kDecimalScale;  // decimals, as the runtime keeps them

// `2.5`, `-3` scaled by 10^6; nullopt for anything else. The runtime's own
// reader and printer (bylaw/runtime/decimal.h): the same digits, the same
// range, nothing rounded.
std::optional<std::int64_t> ParseScaled(const std::string& text) {
  std::int64_t units = 0;
  if (runtime::ParseDecimalText(text, &units) != runtime::DecimalStatus::kOk) return std::nullopt;
  return units;
}

std::string FormatScaled(std::int64_t v) { return runtime::FormatDecimal(v); }

// `1 year`, `6 months`, `30 days` as (months, days).
std::optional<std::pair<std::int64_t, std::int64_t>> ParseDuration(const std::string& s) {
  char* end = nullptr;
  const long long n = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str()) return std::nullopt;
  std::string unit(end);
  unit.erase(0, unit.find_first_not_of(' '));
  if (unit.rfind("year", 0) == 0) return std::make_pair(12LL * n, 0LL);
  if (unit.rfind("month", 0) == 0) return std::make_pair(static_cast<std::int64_t>(n), 0LL);
  if (unit.rfind("day", 0) == 0) return std::make_pair(0LL, static_cast<std::int64_t>(n));
  return std::nullopt;
}

}  // namespace

std::string FormatDay(std::int64_t day) { return base::FormatDate(day); }

std::optional<std::int64_t> ParseDay(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3 ||
      m < 1 || m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  return base::DaysFromCivil(y, m, d);
}

void Literals::Collect(const json& code) {
  ForEachIrObject(code, [&](const json& j) {
    auto op = j.find("op");
    if (op == j.end() || *op != "lit") return true;
    using K = bundle::TypeKind;
    const std::optional<bundle::Type> t = TypeAt(j);
    const K type = t ? t->kind : K::kNone;
    const json& v = j.contains("value") ? j["value"] : json();
    if (type == K::kInt && v.is_number_integer()) {
      ints.insert(v.get<std::int64_t>());
    } else if (type == K::kDecimal && v.is_string()) {
      if (auto s = ParseScaled(v.get<std::string>())) decimals.insert(*s);
    } else if (type == K::kPercent && v.is_string()) {
      std::string t = v.get<std::string>();
      if (!t.empty() && t.back() == '%') t.pop_back();
      if (auto s = ParseScaled(t)) percents.insert(*s / 100);
    } else if (type == K::kDate && v.is_string()) {
      if (auto d = ParseDay(v.get<std::string>())) dates.insert(*d);
    } else if (type == K::kText && v.is_string()) {
      texts.insert(v.get<std::string>());
    } else if (type == K::kDuration && v.is_string()) {
      durations.insert(v.get<std::string>());
    }
    return false;
  });
}

FactSpace::FactSpace(const BundleView& old_bundle, const BundleView& new_bundle,
                     const std::vector<std::pair<std::string, json>>& args,
                     const Literals& literals, std::int64_t as_of)
    : old_(old_bundle), new_(new_bundle), literals_(literals), as_of_(as_of) {
  for (const auto& [name, type] : args) {
    // A param whose type does not decode offers no facts.
    if (std::optional<bundle::Type> t = TypeAt(type, nullptr)) args_.push_back({name, *t, {}});
  }
}

const std::vector<bundle::Binding>* FactSpace::Fields(const bundle::Type& type) const {
  if (type.kind != bundle::TypeKind::kRecord) return nullptr;
  if (const auto* f = new_.RecordFields(type.name)) return f;
  return old_.RecordFields(type.name);
}

std::optional<bundle::Type> FactSpace::TypeOfPath(const std::string& path) const {
  std::size_t pos = 0;
  const std::vector<bundle::Binding>* fields = &args_;
  bundle::Type type;
  bool first = true;
  while (pos <= path.size()) {
    std::size_t dot = path.find('.', pos);
    if (dot == std::string::npos) dot = path.size();
    std::string segment = path.substr(pos, dot - pos);
    pos = dot + 1;
    if (first) {
      if (segment != "__args") return std::nullopt;
      first = false;
      if (dot == path.size()) return std::nullopt;
      continue;
    }
    if (fields == nullptr) return std::nullopt;
    const std::size_t bracket = segment.find('[');
    const std::string name = segment.substr(0, bracket);
    auto it = std::find_if(fields->begin(), fields->end(),
                           [&](const bundle::Binding& f) { return f.name == name; });
    if (it == fields->end()) return std::nullopt;
    type = it->type;
    for (std::size_t b = bracket; b != std::string::npos; b = segment.find('[', b + 1)) {
      if (!type.is_collection() || type.element == nullptr) return std::nullopt;
      type = *type.element;
    }
    fields = Fields(type);
    if (dot == path.size()) break;
  }
  return type;
}

int FactSpace::VarOf(std::string path) {
  if (path.rfind("$.", 0) == 0) path.erase(0, 2);
  if (auto it = by_path_.find(path); it != by_path_.end()) return it->second;
  std::optional<bundle::Type> type = TypeOfPath(path);
  if (!type) return -1;
  vars_.push_back(MakeVar(path, *type));
  const int id = static_cast<int>(vars_.size() - 1);
  by_path_[path] = id;
  return id;
}

Var FactSpace::MakeVar(const std::string& path, const bundle::Type& type) const {
  Var v;
  v.path = path;
  const bool optional = type.optional;
  v.type = type.Required();
  if (Fields(v.type) != nullptr) {
    v.shape = VarShape::kRecord;
    Rep present;
    present.value = json::object();
    present.text = "given";
    v.domain.push_back(std::move(present));
  } else if (v.type.is_collection() && v.type.element != nullptr) {
    const bundle::Type element = v.type.element->Required();
    if (Fields(element) != nullptr) {
      v.shape = VarShape::kListLength;
      v.scale = OrderedScale::kInt;
      std::set<std::int64_t> lengths = {0, 1, 2, 3};
      for (std::int64_t p : literals_.ints) {
        if (p >= 0 && p <= 5) {
          lengths.insert(p);
          lengths.insert(p + 1);
        }
      }
      for (std::int64_t n : lengths) {
        Rep r;
        r.value = n;
        r.text = std::to_string(n);
        r.ordered = true;
        r.lo = n;
        if (n != *lengths.rbegin()) r.hi = n;  // the longest stands for "or more"
        if (n == 1) v.preferred = v.domain.size();
        v.domain.push_back(std::move(r));
      }
    } else {
      Var scalar;
      ScalarDomain(scalar, element);
      const bool is_set = v.type.kind == bundle::TypeKind::kSet;
      auto spell = [&](const std::vector<const Rep*>& items) {
        Rep r;
        r.value = json::array();
        std::string text;
        for (const Rep* item : items) {
          r.value.push_back(item->value);
          text += (text.empty() ? "" : ", ") + item->text;
        }
        r.text = (is_set ? "{" : "[") + text + (is_set ? "}" : "]");
        return r;
      };
      v.domain.push_back(spell({}));
      std::vector<const Rep*> all;
      for (const Rep& item : scalar.domain) {
        v.domain.push_back(spell({&item}));
        all.push_back(&item);
      }
      if (all.size() > 1) v.domain.push_back(spell(all));
    }
  } else {
    ScalarDomain(v, v.type);
  }
  if (optional) {
    Rep none;
    none.value = nullptr;
    none.text = "none";
    none.is_none = true;
    v.domain.push_back(std::move(none));
  }
  return v;
}

void FactSpace::ScalarDomain(Var& v, const bundle::Type& t) const {
  using K = bundle::TypeKind;
  const K type = t.kind;
  auto finite = [&](const std::string& name, json value) {
    Rep r;
    r.value = std::move(value);
    r.text = name;
    v.domain.push_back(std::move(r));
  };
  if (type == K::kBool) {
    finite("false", false);
    finite("true", true);
    return;
  }
  if (type == K::kMatter) {
    std::vector<std::string> ids = old_.MatterIds();
    for (const std::string& id : new_.MatterIds()) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    for (const std::string& id : ids) finite(id, id);
    if (ids.empty()) finite("(no matter)", "");
    return;
  }
  const auto* old_members = type == K::kEnum ? old_.EnumMembers(t.name) : nullptr;
  const auto* new_members = type == K::kEnum ? new_.EnumMembers(t.name) : nullptr;
  if (old_members != nullptr || new_members != nullptr) {
    std::vector<std::string> members = old_members ? *old_members : std::vector<std::string>{};
    if (new_members != nullptr) {
      for (const std::string& m : *new_members) {
        if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
      }
    }
    for (const std::string& m : members) finite(m, m);
    return;
  }
  if (type == K::kText) {
    std::string other = "x";
    while (literals_.texts.count(other)) other += "x";
    finite("\"" + other + "\"", other);
    if (!literals_.texts.count("")) finite("\"\"", "");
    for (const std::string& t : literals_.texts) finite("\"" + t + "\"", t);
    return;
  }
  if (type == K::kDuration) {
    for (const std::string& d : literals_.durations) finite(d, d);
    if (v.domain.empty()) finite("1 day", "1 day");
    return;
  }
  std::set<std::int64_t> points;
  std::int64_t gap = 1;
  std::int64_t typical = 0;
  if (type == K::kInt) {
    v.scale = OrderedScale::kInt;
    points = literals_.ints;
    for (std::int64_t d : literals_.decimals) {
      points.insert(d >= 0 ? d / kScale : -((-d + kScale - 1) / kScale));
      points.insert(d >= 0 ? (d + kScale - 1) / kScale : -(-d / kScale));
    }
  } else if (type == K::kDecimal) {
    v.scale = OrderedScale::kDecimal;
    gap = kScale;
    for (std::int64_t i : literals_.ints) points.insert(i * kScale);
    points.insert(literals_.decimals.begin(), literals_.decimals.end());
  } else if (type == K::kPercent) {
    v.scale = OrderedScale::kPercent;
    gap = kScale / 100;
    points = literals_.percents;
  } else if (type == K::kDate) {
    v.scale = OrderedScale::kDate;
    typical = as_of_;
    points = literals_.dates;
    points.insert(as_of_);
    for (const std::string& d : literals_.durations) {
      if (auto dur = ParseDuration(d)) {
        points.insert(base::AddMonths(as_of_, -dur->first) - dur->second);
        points.insert(base::AddMonths(as_of_, dur->first) + dur->second);
      }
    }
  } else {
    // Types that facts cannot carry (structs, Reason): one opaque value.
    finite("any", nullptr);
    return;
  }
  const bool midpoints = v.scale == OrderedScale::kDecimal || v.scale == OrderedScale::kPercent;
  auto encode = [&](std::int64_t x) -> json {
    switch (v.scale) {
      case OrderedScale::kDecimal: return FormatScaled(x);
      case OrderedScale::kPercent: return runtime::FormatPercentNumber(x) + "%";
      case OrderedScale::kDate: return FormatDay(x);
      default: return x;
    }
  };
  auto add = [&](std::optional<std::int64_t> lo, std::optional<std::int64_t> hi,
                 std::int64_t example) {
    Rep r;
    r.value = encode(example);
    r.text = r.value.is_string() ? r.value.get<std::string>() : r.value.dump();
    r.ordered = true;
    r.lo = lo;
    r.hi = hi;
    v.domain.push_back(std::move(r));
  };
  if (points.empty()) {
    add(std::nullopt, std::nullopt, typical);
  } else {
    const std::vector<std::int64_t> p(points.begin(), points.end());
    add(std::nullopt, p.front() - 1, p.front() - gap);
    for (std::size_t i = 0; i < p.size(); ++i) {
      add(p[i], p[i], p[i]);
      if (i + 1 < p.size()) {
        if (p[i + 1] - p[i] >= 2) {
          add(p[i] + 1, p[i + 1] - 1, midpoints ? p[i] + (p[i + 1] - p[i]) / 2 : p[i] + 1);
        }
      } else {
        add(p[i] + 1, std::nullopt, p[i] + gap);
      }
    }
  }
  for (std::size_t i = 0; i < v.domain.size(); ++i) {
    const Rep& r = v.domain[i];
    if ((!r.lo || *r.lo <= typical) && (!r.hi || typical <= *r.hi)) v.preferred = i;
  }
}

std::size_t FactSpace::Pick(const Cell& cell, int id) const {
  const Var& v = var(id);
  const auto i = static_cast<std::size_t>(id);
  if (i >= cell.size() || cell[i].empty() || cell[i][v.preferred]) return v.preferred;
  for (std::size_t r = 0; r < cell[i].size(); ++r) {
    if (cell[i][r]) return r;
  }
  return v.preferred;
}

bool FactSpace::Allows(const Cell& cell, int id, std::size_t rep) const {
  const auto i = static_cast<std::size_t>(id);
  return i >= cell.size() || cell[i].empty() || cell[i][rep];
}

json FactSpace::Build(const BundleView& version, const bundle::Type& type, const std::string& path,
                      const Cell& cell) {
  const int id = VarOf(path);
  if (id < 0) return nullptr;
  const std::size_t pick = Pick(cell, id);
  // Copies: building nested values creates variables (vars_ may grow).
  const Rep rep = var(id).domain[pick];
  const VarShape shape = var(id).shape;
  if (rep.is_none) return nullptr;
  switch (shape) {
    case VarShape::kRecord: {
      json obj = json::object();
      const auto* fields =
          type.kind == bundle::TypeKind::kRecord ? version.RecordFields(type.name) : nullptr;
      if (fields != nullptr) {
        for (const bundle::Binding& f : *fields) {
          obj[f.name] = Build(version, f.type, path + "." + f.name, cell);
        }
      }
      return obj;
    }
    case VarShape::kListLength: {
      json list = json::array();
      if (type.element == nullptr) return list;
      const bundle::Type& element = *type.element;
      const std::int64_t n = rep.value.get<std::int64_t>();
      for (std::int64_t k = 0; k < n; ++k) {
        list.push_back(Build(version, element, path + "[" + std::to_string(k) + "]", cell));
      }
      return list;
    }
    case VarShape::kValue: break;
  }
  return rep.value;
}

std::string FactSpace::FactsJson(const BundleView& version, const Cell& cell,
                                 const std::string& as_of_text) {
  json args = json::object();
  for (const bundle::Binding& a : args_) {
    args[a.name] = Build(version, a.type, "__args." + a.name, cell);
  }
  json doc = json::object();
  doc["as_of"] = as_of_text;
  doc["__args"] = std::move(args);
  return doc.dump();
}

std::string FactSpace::FieldName(int id) const {
  const Var& v = var(id);
  std::string p = v.path.rfind("__args.", 0) == 0 ? v.path.substr(7) : v.path;
  return v.shape == VarShape::kListLength ? "count(" + p + ")" : p;
}

std::string FactSpace::Describe(int id, const std::vector<char>& allowed) const {
  const Var& v = var(id);
  if (allowed.empty() ||
      std::all_of(allowed.begin(), allowed.end(), [](char c) { return c != 0; })) {
    return "";
  }
  std::vector<std::string> pieces;
  bool none = false;
  if (v.scale != OrderedScale::kNone) {
    auto fmt = [&](std::int64_t x) {
      switch (v.scale) {
        case OrderedScale::kDecimal: return FormatScaled(x);
        case OrderedScale::kPercent: return runtime::FormatPercentNumber(x) + "%";
        case OrderedScale::kDate: return FormatDay(x);
        default: return std::to_string(x);
      }
    };
    // Bounds that are not literal points read better as open ones for
    // decimals: (3%..5%) rather than [3.0001%..4.9999%].
    const bool open_style = v.scale == OrderedScale::kDecimal || v.scale == OrderedScale::kPercent;
    auto is_point = [&](std::int64_t x) {
      for (const Rep& r : v.domain) {
        if (r.ordered && r.lo && r.hi && *r.lo == x && *r.hi == x) return true;
      }
      return false;
    };
    std::size_t i = 0;
    while (i < v.domain.size()) {
      if (!allowed[i] || !v.domain[i].ordered) {
        if (allowed[i] && v.domain[i].is_none) none = true;
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < v.domain.size() && allowed[j + 1] && v.domain[j + 1].ordered) ++j;
      const std::optional<std::int64_t> lo = v.domain[i].lo, hi = v.domain[j].hi;
      std::string low, high;
      bool low_open = false, high_open = false;
      if (lo) {
        low_open = open_style && !is_point(*lo);
        low = fmt(low_open ? *lo - 1 : *lo);
      }
      if (hi) {
        high_open = open_style && !is_point(*hi);
        high = fmt(high_open ? *hi + 1 : *hi);
      }
      if (lo && hi && *lo == *hi) {
        pieces.push_back(low);
      } else if (lo && hi) {
        pieces.push_back(std::string(low_open ? "(" : "[") + low + ".." + high +
                         (high_open ? ")" : "]"));
      } else if (lo) {
        pieces.push_back((low_open ? "> " : ">= ") + low);
      } else if (hi) {
        pieces.push_back((high_open ? "< " : "<= ") + high);
      } else {
        pieces.push_back("any value");
      }
      i = j + 1;
    }
    if (none) pieces.push_back("none");
    if (pieces.size() == 1) {
      const std::string& p = pieces[0];
      if (p[0] == '<' || p[0] == '>') return p;
      if (p[0] == '[' || p[0] == '(') return "in " + p;
      return "= " + p;
    }
  } else {
    std::vector<std::string> in, out;
    for (std::size_t r = 0; r < v.domain.size(); ++r) {
      (allowed[r] ? in : out).push_back(v.domain[r].text);
    }
    if (in.size() == 1) return "= " + in[0];
    if (out.size() == 1 && v.domain.size() > 3) return "!= " + out[0];
    if (out.size() < in.size() && v.domain.size() > 3) {
      pieces = out;
      std::string s;
      for (const std::string& p : pieces) s += (s.empty() ? "" : ", ") + p;
      return "not in {" + s + "}";
    }
    pieces = in;
  }
  std::string s;
  for (const std::string& p : pieces) s += (s.empty() ? "" : ", ") + p;
  return "in {" + s + "}";
}

std::optional<DiffCondition> FactSpace::Condition(int id,
                                                 const std::vector<char>& allowed) const {
  std::string test = Describe(id, allowed);
  if (test.empty()) return std::nullopt;
  const Var& v = var(id);
  DiffCondition c;
  c.field = FieldName(id);
  c.test = std::move(test);
  for (std::size_t r = 0; r < v.domain.size(); ++r) {
    if (!allowed[r]) continue;
    const Rep& rep = v.domain[r];
    if (rep.is_none) {
      c.none = true;
    } else if (rep.ordered) {
      // Adjacent classes join into one range.
      if (!c.ranges.empty() && c.ranges.back().second && rep.lo &&
          *c.ranges.back().second + 1 == *rep.lo) {
        c.ranges.back().second = rep.hi;
      } else {
        c.ranges.emplace_back(rep.lo, rep.hi);
      }
    } else {
      c.values.push_back(rep.text);
    }
  }
  return c;
}

}  // namespace bylaw::review::review_internal
