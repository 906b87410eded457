// Answer regions of table rows (see answer_regions.h).
#include "answer_regions.h"

namespace bylaw::dsl::analyze_internal {

bool SingleHitPolicy(const std::string& hit) {
  return hit == "unique" || hit == "any" || hit == "first" ||
         hit == "priority";
}

namespace {

bool WinsOver(const std::string& hit, const RowModel& o, const RowModel& r) {
  if (&o == &r || o.is_default) return false;
  if (r.is_default) return true;
  const bool earlier = o.position < r.position;
  if (hit == "first") return earlier;
  if (hit == "priority") {
    return o.priority > r.priority || (o.priority == r.priority && earlier);
  }
  // unique, any: another matching row makes the answer an error or the
  // same; either way this row alone does not decide it.
  return true;
}

}  // namespace

Answers AnswerRegions(const TableModel& model, std::size_t max_pieces,
                      std::size_t budget) {
  Answers out;
  const Space& space = *model.space;
  for (const RowModel& r : model.rows) {
    AnswerRegion region;
    region.row = &r;
    const Box matched =
        r.is_default ? model.universe : space.Intersect(r.must, model.universe);
    if (!space.IsEmpty(matched)) {
      std::vector<const Box*> winners;
      for (const RowModel& o : model.rows) {
        if (WinsOver(model.hit, o, r) && space.Intersects(o.may, matched)) {
          winners.push_back(&o.may);
        }
      }
      auto cover = space.Uncovered(matched, winners, max_pieces, budget);
      if (!cover.complete) out.complete = false;
      region.boxes = std::move(cover.uncovered);
    }
    out.regions.push_back(std::move(region));
  }
  return out;
}

}  // namespace bylaw::dsl::analyze_internal
