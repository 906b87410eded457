// Text and JSON renderings of a DiffReport (bylaw/review/diff.h).
#include <nlohmann/json.hpp>

#include "bylaw/review/diff.h"

namespace bylaw::review {
namespace {

using nlohmann::json;

std::string Where(const DiffSource& s) {
  if (s.file.empty()) return "";
  return s.file + ":" + std::to_string(s.line);
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

void RegionText(const DiffRegion& r, const std::string& indent, std::string* out) {
  if (r.conditions.empty()) {
    *out += indent + "for every input\n";
  } else {
    for (std::size_t i = 0; i < r.conditions.size(); ++i) {
      *out += indent + (i == 0 ? "where " : "  and ") + r.conditions[i].field + " " +
              r.conditions[i].test + "\n";
    }
  }
  if (r.answers_vary) *out += indent + "  (the answers vary in this region; at the example:)\n";
  *out += indent + "  old: " + r.old_answer + "\n";
  *out += indent + "  new: " + r.new_answer + "\n";
  std::vector<std::string> example;
  for (const DiffCondition& e : r.example) example.push_back(e.field + " = " + e.test);
  if (!example.empty()) *out += indent + "  example: " + Join(example, ", ") + "\n";
  for (const DiffInvolved& inv : r.involved) {
    const std::string id = inv.new_source.id.empty() ? inv.old_source.id : inv.new_source.id;
    const std::string at = Where(inv.new_source.id.empty() ? inv.old_source : inv.new_source);
    *out += indent + "  " + id + (at.empty() ? "" : " (" + at + ")") + ": " +
            (inv.old_detail.empty() ? "(not reached)" : inv.old_detail) + " -> " +
            (inv.new_detail.empty() ? "(not reached)" : inv.new_detail) + "\n";
  }
}

void ExplorationText(const DiffExploration& f, const std::string& indent, std::string* out) {
  for (const DiffRegion& r : f.regions) RegionText(r, indent, out);
}

std::string Count(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

json SourceJson(const DiffSource& s) {
  if (s.id.empty()) return nullptr;
  return {{"id", s.id}, {"file", s.file}, {"line", s.line}};
}

json ExplorationJson(const DiffExploration& f) {
  json regions = json::array();
  for (const DiffRegion& r : f.regions) {
    json where = json::array(), example = json::object(), involved = json::array();
    for (const DiffCondition& c : r.conditions) {
      json w = {{"field", c.field}, {"test", c.test}};
      if (!c.values.empty()) w["values"] = c.values;
      if (!c.ranges.empty()) {
        json ranges = json::array();
        for (const auto& [lo, hi] : c.ranges) {
          ranges.push_back({lo ? json(*lo) : json(nullptr), hi ? json(*hi) : json(nullptr)});
        }
        w["ranges"] = ranges;
      }
      if (c.none) w["none"] = true;
      where.push_back(std::move(w));
    }
    for (const DiffCondition& c : r.example) example[c.field] = c.test;
    for (const DiffInvolved& i : r.involved) {
      involved.push_back({{"old", SourceJson(i.old_source)},
                          {"new", SourceJson(i.new_source)},
                          {"old_detail", i.old_detail},
                          {"new_detail", i.new_detail}});
    }
    json facts = json::parse(r.example_facts, nullptr, false);
    regions.push_back({{"where", where},
                       {"old", r.old_answer},
                       {"new", r.new_answer},
                       {"answers_vary", r.answers_vary},
                       {"example", example},
                       {"example_facts", facts.is_discarded() ? json(nullptr) : facts},
                       {"involved", involved}});
  }
  json out = {{"regions", regions}, {"cells", f.cells}, {"complete", f.complete}};
  if (!f.inexact.empty()) out["incomplete_because"] = f.inexact;
  return out;
}

bool Differs(const DiffExploration& f) { return !f.regions.empty() || !f.complete; }

// Why an exploration is incomplete, for the line after its count.
std::string Limit(const DiffExploration& f) {
  if (f.complete) return "";
  if (!f.inexact.empty()) return "; not exact, more may exist";
  return "; stopped at the limit, more may exist";
}

}  // namespace

std::string RenderDiffText(const DiffReport& report) {
  std::string out = "bylaw diff, as of " + report.as_of + "\n";
  std::size_t differing = 0;
  for (const DiffDecision& d : report.decisions) {
    out += "\n";
    if (d.change == "added" || d.change == "removed") {
      ++differing;
      out += "decision " + d.name + ": " + d.change + "\n";
      continue;
    }
    bool any = !d.note.empty() || !d.outputs_added.empty() || !d.outputs_removed.empty();
    bool unsure = !d.note.empty();
    for (const DiffOutput& o : d.outputs) {
      any = any || Differs(o.found);
      unsure = unsure || !o.found.complete;
    }
    if (any) ++differing;
    out += "decision " + d.name + ": " +
           (any ? (unsure ? "answers may change" : "answers change")
                : d.change == "changed" ? "code changed, same answers" : "unchanged") +
           "\n";
    if (!d.note.empty()) out += "  " + d.note + "\n";
    if (!d.outputs_added.empty()) out += "  outputs added: " + Join(d.outputs_added, ", ") + "\n";
    if (!d.outputs_removed.empty()) {
      out += "  outputs removed: " + Join(d.outputs_removed, ", ") + "\n";
    }
    for (const DiffOutput& o : d.outputs) {
      if (o.found.complete && o.found.regions.empty()) {
        out += "  output " + o.name + ": same answers (" + Count(o.found.cells, "cell") +
               " compared)\n";
        continue;
      }
      out += "  output " + o.name + ": " + Count(o.found.regions.size(), "region") +
             " where the answer changes (" + Count(o.found.cells, "cell") + " compared" +
             Limit(o.found) + ")\n";
      if (!o.found.inexact.empty()) out += "    not exact: " + o.found.inexact + "\n";
      // Regions found before the limit are fragments of larger ones; when
      // the changed calls stand in, they say more (JSON keeps both).
      if (o.calls.empty()) ExplorationText(o.found, "    ", &out);
      if (!o.note.empty()) out += "    " + o.note + "\n";
      for (const DiffCall& c : o.calls) {
        out += "    the changed call " + c.call + " answers differently in " +
               Count(c.found.regions.size(), "region") + " (" + Count(c.found.cells, "cell") +
               (c.found.complete ? "" : c.found.inexact.empty() ? ", stopped at the limit" : ", not exact") +
               "); the output may change there:\n";
        ExplorationText(c.found, "      ", &out);
      }
    }
    std::vector<std::string> tables;
    for (const DiffTable& t : report.tables) {
      for (const std::string& r : t.reached_by) {
        if (r == d.name) tables.push_back(t.name);
      }
    }
    if (!tables.empty()) out += "  changed tables it reaches: " + Join(tables, ", ") + "\n";
  }
  for (const DiffTable& t : report.tables) {
    out += "\ntable " + t.name;
    const std::string at = Where(t.new_source);
    if (!at.empty()) out += " (" + at + ")";
    if (!t.reached_by.empty()) out += ", reached by " + Join(t.reached_by, ", ");
    out += ": ";
    if (!Differs(t.found)) {
      out += "same answers (" + Count(t.found.cells, "cell") + " compared)\n";
      continue;
    }
    out += Count(t.found.regions.size(), "region") + " where the answer changes (" +
           Count(t.found.cells, "cell") + " compared" + Limit(t.found) + ")\n";
    if (!t.found.inexact.empty()) out += "  not exact: " + t.found.inexact + "\n";
    ExplorationText(t.found, "  ", &out);
  }
  if (!report.declarations.empty()) {
    out += "\nchanged declarations:\n";
    for (const DiffDeclaration& c : report.declarations) {
      const std::string at = Where(c.new_source.id.empty() ? c.old_source : c.new_source);
      out += "  " + c.change + " " + c.kind + " " + c.name + (at.empty() ? "" : "  " + at) + "\n";
    }
  }
  out += "\n" + std::string(report.answers_differ() ? "answers differ: " : "no answer differs: ") +
         Count(differing, "decision") + " with changes, " +
         Count(report.declarations.size(), "declaration") + " changed\n";
  return out;
}

std::string RenderDiffJson(const DiffReport& report) {
  json decisions = json::array(), tables = json::array(), decls = json::array();
  for (const DiffDecision& d : report.decisions) {
    json outputs = json::array();
    for (const DiffOutput& o : d.outputs) {
      json calls = json::array();
      for (const DiffCall& c : o.calls) {
        json call = ExplorationJson(c.found);
        call["call"] = c.call;
        calls.push_back(std::move(call));
      }
      json output = ExplorationJson(o.found);
      output["name"] = o.name;
      output["calls"] = calls;
      if (!o.note.empty()) output["note"] = o.note;
      outputs.push_back(std::move(output));
    }
    json dj = {{"name", d.name},
               {"change", d.change},
               {"outputs_added", d.outputs_added},
               {"outputs_removed", d.outputs_removed},
               {"outputs", outputs}};
    if (!d.note.empty()) dj["note"] = d.note;
    decisions.push_back(std::move(dj));
  }
  for (const DiffTable& t : report.tables) {
    json tj = ExplorationJson(t.found);
    tj["name"] = t.name;
    tj["old_source"] = SourceJson(t.old_source);
    tj["new_source"] = SourceJson(t.new_source);
    tj["reached_by"] = t.reached_by;
    tables.push_back(std::move(tj));
  }
  for (const DiffDeclaration& c : report.declarations) {
    decls.push_back({{"kind", c.kind},
                     {"name", c.name},
                     {"change", c.change},
                     {"old", SourceJson(c.old_source)},
                     {"new", SourceJson(c.new_source)}});
  }
  json doc = {{"as_of", report.as_of},
              {"answers_differ", report.answers_differ()},
              {"decisions", decisions},
              {"tables", tables},
              {"declarations", decls}};
  return doc.dump(2) + "\n";
}

}  // namespace bylaw::review
