// Helpers for diff_test (see diff_test_util.h).
#include "diff_test_util.h"

#include <atomic>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"

namespace bylaw::dsl::testing {

Compiled CompileText(const std::map<std::string, std::string>& files) {
  static std::atomic<int> counter{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("bylaw_diff_test_" + std::to_string(::getpid()) + "_" +
                        std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, text] : files) {
    std::ofstream(dir / name) << text;
  }
  Compiler compiler = CompilerBuilder().Build();
  CompileResult result = compiler.Compile({dir.string()});
  fs::remove_all(dir);
  Compiled out;
  if (result.check.sources != nullptr) {
    out.diagnostics = RenderText(result.check.diagnostics, *result.check.sources);
  }
  if (result.ok()) out.bundle = result.bundle;
  return out;
}

bool RegionContains(const DiffRegion& region,
                    const std::map<std::string, InputValue>& input) {
  for (const DiffCondition& c : region.conditions) {
    auto it = input.find(c.field);
    if (it == input.end()) return false;
    const InputValue& v = it->second;
    bool holds = false;
    if (v.none) {
      holds = c.none;
    } else if (!v.name.empty()) {
      for (const std::string& name : c.values) holds = holds || name == v.name;
    } else {
      for (const auto& [lo, hi] : c.ranges) {
        holds = holds || ((!lo || *lo <= v.number) && (!hi || v.number <= *hi));
      }
    }
    if (!holds) return false;
  }
  return true;
}

std::vector<const DiffRegion*> RegionsContaining(
    const DiffExploration& found, const std::map<std::string, InputValue>& input) {
  std::vector<const DiffRegion*> out;
  for (const DiffRegion& r : found.regions) {
    if (RegionContains(r, input)) out.push_back(&r);
  }
  return out;
}

}  // namespace bylaw::dsl::testing
