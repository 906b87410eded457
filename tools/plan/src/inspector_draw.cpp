// Drawing a visit's inspectors (see inspector_draw.h).
#include "inspector_draw.h"

#include <algorithm>
#include <numeric>

#include "visit_builder.h"

namespace bylaw::plan::plan_internal {
namespace {

std::uint64_t U64At(const std::array<unsigned char, 32>& d, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | d[at + i];
  return v;
}

}  // namespace

InspectorPools::InspectorPools(const Roster& roster) : roster_(roster) {
  for (const Inspector& i : roster_.inspectors) {
    if (i.certified) by_department_[i.department].push_back(&i);
  }
  for (auto& [department, list] : by_department_) {
    std::sort(list.begin(), list.end(), [](const Inspector* a, const Inspector* b) { return a->id < b->id; });
  }
}

const std::vector<const Inspector*>& InspectorPools::Pool(std::string_view department, std::string_view region,
                                                          const std::vector<std::string>& matters) {
  std::string key;
  key.append(department).push_back('\0');
  key.append(region).push_back('\0');
  for (const std::string& m : matters) key.append(m).push_back('\0');
  auto hit = cache_.find(key);
  if (hit != cache_.end()) return hit->second;
  std::vector<const Inspector*> pool;
  auto dept = by_department_.find(std::string(department));
  if (dept != by_department_.end()) {
    for (const Inspector* i : dept->second) {
      if (!i->Serves(region)) continue;
      const bool qualified = std::any_of(matters.begin(), matters.end(),
                                         [&](const std::string& m) { return i->QualifiedFor(m); });
      if (qualified) pool.push_back(i);
    }
  }
  return cache_.emplace(std::move(key), std::move(pool)).first->second;
}

std::vector<std::size_t> WalkPool(const std::array<unsigned char, 32>& key, std::size_t size, std::size_t count) {
  std::vector<std::size_t> out;
  if (size == 0) return out;
  const std::size_t start = static_cast<std::size_t>(U64At(key, 0) % size);
  std::size_t stride = 1;
  if (size > 1) {
    stride = 1 + static_cast<std::size_t>(U64At(key, 8) % (size - 1));
    while (std::gcd(stride, size) != 1) stride = stride % (size - 1) + 1;
  }
  for (std::size_t i = 0; i < count && i < size; ++i) out.push_back((start + i * stride) % size);
  return out;
}

Status DrawInspectors(Visit* visit, const Assessment& enterprise, int year, std::string_view seed,
                      const std::vector<std::string>& excluded, InspectorPools* pools) {
  visit->inspectors.clear();
  const std::string content = CanonicalVisitContent(*visit, year, /*with_inspectors=*/false);
  for (const DepartmentPart& part : DepartmentParts(*visit, enterprise)) {
    const std::vector<const Inspector*>& qualified = pools->Pool(part.department, visit->region, part.matters);
    const std::vector<const Inspector*>* pool = &qualified;
    std::vector<const Inspector*> filtered;
    if (!excluded.empty()) {
      for (const Inspector* i : qualified) {
        if (std::find(excluded.begin(), excluded.end(), i->id) == excluded.end()) filtered.push_back(i);
      }
      pool = &filtered;
    }
    if (pool->size() < kInspectorsPerDepartment) {
      std::string message = "enterprise " + visit->enterprise_id + " (register line " +
                            std::to_string(enterprise.line) + "), quarter " + std::to_string(visit->quarter) +
                            ", department " + part.department + ": " + std::to_string(pool->size()) +
                            " qualified inspector(s), " + std::to_string(kInspectorsPerDepartment) + " needed";
      if (pool->size() != qualified.size()) {
        message += " (" + std::to_string(qualified.size() - pool->size()) +
                   " more excluded for inspecting it in the previous plan)";
      }
      std::string matters;
      for (const std::string& m : part.matters) matters += (matters.empty() ? "" : ", ") + m;
      return Error{kTooFewInspectors, message,
                   {"the department takes part in: " + matters,
                    "help: add certified inspectors of `" + part.department + "` qualified for these matters" +
                        (visit->region.empty() ? std::string() : " serving `" + visit->region + "`") +
                        " to the roster"}};
    }
    const auto key = Sha256Of({"bylaw-inspectors", seed, content, part.department});
    for (std::size_t at : WalkPool(key, pool->size(), kInspectorsPerDepartment)) {
      visit->inspectors.push_back(VisitInspector{(*pool)[at]->id, part.department});
    }
  }
  return {};
}

}  // namespace bylaw::plan::plan_internal
