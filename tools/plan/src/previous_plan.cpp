// Last year's plan, streamed by enterprise id (see previous_plan.h).
#include "previous_plan.h"

#include <algorithm>
#include <filesystem>

#include "bylaw/plan/planner.h"
#include "plan_writer.h"

namespace bylaw::plan::plan_internal {

Result<std::unique_ptr<PreviousPlan>> PreviousPlan::Open(const std::string& path) {
  std::error_code ec;
  const std::string file_path =
      std::filesystem::is_directory(path, ec) ? (std::filesystem::path(path) / "plan.jsonl").string() : path;
  std::FILE* file = std::fopen(file_path.c_str(), "rb");
  if (file == nullptr) {
    return Error{kBadPrevious, "--previous: cannot open `" + file_path + "`", {}};
  }
  std::unique_ptr<PreviousPlan> plan(new PreviousPlan(file_path, file));
  Status first = plan->Advance();
  if (!first.ok()) return first.error();
  return plan;
}

Status PreviousPlan::Advance() {
  std::string last = next_id_;
  while (true) {
    if (!lines_.Next(&line_)) {
      if (lines_.failed()) return Error{kBadPrevious, path_ + ": read error", {}};
      at_end_ = true;
      next_id_.clear();
      return {};
    }
    if (lines_.overlong()) {
      return Error{kBadPrevious, path_ + ":" + std::to_string(lines_.line()) + ": not a visit: the line is over the limit", {}};
    }
    if (!line_.empty()) break;
  }
  Visit v;
  std::string error;
  if (!ParseVisitJson(line_, &v, &error)) {
    return Error{kBadPrevious, path_ + ":" + std::to_string(lines_.line()) + ": not a visit: " + error, {}};
  }
  if (!last.empty() && v.enterprise_id < last) {
    return Error{kBadPrevious,
                 path_ + ":" + std::to_string(lines_.line()) + ": enterprise " + v.enterprise_id +
                     " comes after " + last + " (a plan is sorted by enterprise id)",
                 {}};
  }
  next_id_ = std::move(v.enterprise_id);
  next_inspectors_.clear();
  for (VisitInspector& i : v.inspectors) next_inspectors_.push_back(std::move(i.id));
  return {};
}

Status PreviousPlan::InspectorsOf(std::string_view id, std::vector<std::string>* out) {
  out->clear();
  while (!at_end_ && next_id_ < id) {
    Status s = Advance();
    if (!s.ok()) return s;
  }
  while (!at_end_ && next_id_ == id) {
    for (const std::string& i : next_inspectors_) {
      if (std::find(out->begin(), out->end(), i) == out->end()) out->push_back(i);
    }
    Status s = Advance();
    if (!s.ok()) return s;
  }
  return {};
}

}  // namespace bylaw::plan::plan_internal
