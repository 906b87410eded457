// Merging and checking ruleset headers (see header_merger.h).
#include "header_merger.h"

#include <algorithm>
#include <string>
#include <vector>

#include "did_you_mean.h"
#include "effective_range.h"

namespace bylaw::dsl::resolve_internal {
namespace {

// One header item as first stated: where, and its value spelled out so
// that two statements can be compared.
struct Stated {
  bool present = false;
  std::string value;
  SourceRange range;
};

}  // namespace

void HeaderMerger::Run(Program& program) {
  for (auto& ruleset : program.rulesets) Merge(*ruleset);
}

void HeaderMerger::Merge(Ruleset& ruleset) {
  Stated title, level, jurisdiction, effective, status, source, version;

  // Records `value` for `item`; on a second statement reports a duplicate
  // (same value) or a conflict (another value). Returns true the first time.
  auto state = [&](Stated& s, const char* item, const std::string& value,
                   SourceRange range) {
    if (!s.present) {
      s = {true, value, range};
      return true;
    }
    if (s.value == value) {
      sink_.Error("duplicate_header_item", range,
                  std::string("ruleset `") + ruleset.id + "` states `" + item +
                      "` twice")
          .Label(s.range, "first stated here")
          .Help("state each header item once per ruleset, in one of its files");
    } else {
      sink_.Error("conflicting_header", range,
                  std::string("`") + item + "` of ruleset `" + ruleset.id +
                      "` differs between files")
          .Label(s.range, "first stated here as " + s.value)
          .Help("state each header item once per ruleset, in one of its files");
    }
    return false;
  };

  for (Module* module : ruleset.modules) {
    const RulesetHeader& h = module->header;
    if (h.title && state(title, "title", h.title->value, h.title->range)) {
      ruleset.title = h.title;
    }
    if (h.jurisdiction && state(jurisdiction, "jurisdiction",
                                h.jurisdiction->value, h.jurisdiction->range)) {
      ruleset.jurisdiction = h.jurisdiction;
    }
    if (h.source && state(source, "source", h.source->value, h.source->range)) {
      ruleset.source = h.source;
    }
    if (h.version &&
        state(version, "version", h.version->value, h.version->range)) {
      ruleset.version = h.version;
    }
    if (h.effective) {
      const Effective& e = *h.effective;
      std::string v = std::to_string(e.from.year) + "-" +
                      std::to_string(e.from.month) + "-" +
                      std::to_string(e.from.day);
      if (e.until) {
        v += " until " + std::to_string(e.until->year) + "-" +
             std::to_string(e.until->month) + "-" +
             std::to_string(e.until->day);
      }
      if (state(effective, "effective", v, e.range)) {
        ruleset.effective = e;
        CheckEffectiveRange(e, sink_);
      }
    }
    if (h.level && state(level, "level", h.level->text, h.level->range)) {
      const auto& names = LevelKeywords();
      bool found = false;
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == h.level->text) {
          ruleset.level = static_cast<Level>(i);
          found = true;
        }
      }
      if (!found) {
        std::string help = DidYouMean(h.level->text, names);
        if (help.empty()) {
          help = "a level is one of `national`, `provincial`, `municipal`, "
                 "`county`";
        }
        sink_.Error("bad_level", h.level->range,
                    "unknown level `" + h.level->text + "`")
            .Help(help);
      }
    }
    if (h.status && state(status, "status", h.status->text, h.status->range)) {
      const std::string& s = h.status->text;
      const auto& names = StatusKeywords();
      const auto it = std::find(names.begin(), names.end(), s);
      if (it != names.end()) {
        ruleset.status = static_cast<RulesetStatus>(it - names.begin());
      } else {
        std::string help = DidYouMean(s, names);
        if (help.empty()) {
          help = "a status is one of `trial`, `in_force`, `repealed`";
        }
        sink_.Error("bad_status", h.status->range, "unknown status `" + s + "`")
            .Help(help);
      }
    }
  }
  if (!level.present && !ruleset.modules.empty()) {
    const RulesetHeader& first = ruleset.modules.front()->header;
    sink_.Error("missing_level", first.id.range,
                "ruleset `" + ruleset.id + "` has no `level`")
        .Help("add `level national`, `provincial`, `municipal` or `county` "
              "to the header of one of its files");
  }
}

}  // namespace bylaw::dsl::resolve_internal
