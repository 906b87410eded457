// See effective_range.h.
#include "effective_range.h"

#include <cstdio>
#include <string>

namespace bylaw::dsl::resolve_internal {
namespace {

std::string DateText(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace

int CompareDates(const Date& a, const Date& b) {
  if (a.year != b.year) return a.year < b.year ? -1 : 1;
  if (a.month != b.month) return a.month < b.month ? -1 : 1;
  if (a.day != b.day) return a.day < b.day ? -1 : 1;
  return 0;
}

void CheckEffectiveRange(const Effective& effective, DiagnosticSink& sink) {
  if (!effective.until) return;
  if (CompareDates(*effective.until, effective.from) > 0) return;
  sink.Error("bad_effective_range", effective.until->range,
             "`until " + DateText(*effective.until) +
                 "` is not after `effective " + DateText(effective.from) + "`")
      .Label(effective.from.range, "in force from here")
      .Help("`until` is exclusive: it must be a later date than the start");
}

}  // namespace bylaw::dsl::resolve_internal
