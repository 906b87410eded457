// `--previous PLAN`: last year's plan, streamed alongside this year's
// enterprises (both sorted by enterprise id) to tell, for each enterprise,
// which inspectors visited it then, so they are not drawn again (docs/
// plan.md semantics 6). Memory holds one enterprise's visits. Internal to
// bylaw_plan.
#ifndef BYLAW_PLAN_SRC_PREVIOUS_PLAN_H_
#define BYLAW_PLAN_SRC_PREVIOUS_PLAN_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/inputs.h"
#include "line_reader.h"

namespace bylaw::plan::plan_internal {

// Not thread-safe.
class PreviousPlan {
 public:
  // `path` is a plan directory (its plan.jsonl is read) or a plan.jsonl.
  // Errors: kBadPrevious (cannot open).
  static Result<std::unique_ptr<PreviousPlan>> Open(const std::string& path);

  // The ids of the inspectors of every visit to enterprise `id` in the
  // previous plan (each once, in plan order). Ids must be asked in
  // ascending order. Errors: kBadPrevious naming `plan.jsonl:LINE` (not a
  // visit, visits not sorted by enterprise id).
  Status InspectorsOf(std::string_view id, std::vector<std::string>* out);

 private:
  PreviousPlan(std::string path, std::FILE* file) : path_(std::move(path)), lines_(file) {}
  Status Advance();  // reads the next visit into next_id_/next_inspectors_

  std::string path_;
  LineReader lines_;
  std::string line_;
  bool at_end_ = false;
  std::string next_id_;                       // enterprise of the visit read ahead
  std::vector<std::string> next_inspectors_;
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_PREVIOUS_PLAN_H_
