// `bylaw plan verify` (see VerifyPlan in bylaw/plan/planner.h): recompute
// the plan from the same inputs and compare it visit by visit.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "bylaw/plan/inspection_code.h"
#include "bylaw/plan/planner.h"
#include "plan_writer.h"

namespace bylaw::plan {
namespace {

namespace fs = std::filesystem;
using plan_internal::ParseVisitJson;
using plan_internal::Visit;

std::string Inspectors(const Visit& v) {
  std::string out;
  for (const auto& i : v.inspectors) out += (out.empty() ? "" : ", ") + i.id + "/" + i.department;
  return out;
}

std::string Matters(const Visit& v) {
  std::string out;
  for (const auto& m : v.matters) {
    out += (out.empty() ? "" : ", ") + m.id + "/" + m.department;
    if (!m.delegated_from.empty()) out += "<" + m.delegated_from;
    if (m.sampled) out += " (sampled)";
  }
  return out;
}

std::string List(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// What differs between a visit of the plan and the recomputed one, most
// telling first.
std::string Differences(const Visit& got, const Visit& want) {
  std::vector<std::string> parts;
  auto field = [&](const std::string& name, const std::string& a, const std::string& b) {
    if (a != b) parts.push_back(name + " (plan: " + a + "; recomputed: " + b + ")");
  };
  field("enterprise", got.enterprise_id + " " + got.enterprise_name + " " + got.region,
        want.enterprise_id + " " + want.enterprise_name + " " + want.region);
  field("quarter", std::to_string(got.quarter), std::to_string(want.quarter));
  field("slot", std::to_string(got.slot), std::to_string(want.slot));
  field("inspectors (the draw)", Inspectors(got), Inspectors(want));
  field("matters", Matters(got), Matters(want));
  field("lead", got.lead, want.lead);
  field("cooperators", List(got.cooperators), List(want.cooperators));
  field("method", got.method, want.method);
  field("rules", List(got.rules), List(want.rules));
  field("basis", List(got.basis), List(want.basis));
  field("code", got.code, want.code);
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out.empty() ? "the line's text (same fields, other formatting)" : out;
}

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = (fs::temp_directory_path() /
             ("bylaw-plan-verify-" + std::to_string(::getpid()) + "-" + std::to_string(++counter)))
                .string();
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Streams the comparison of plan.jsonl: the first difference, or "".
std::string CompareJsonl(const std::string& given_path, const std::string& fresh_path, std::int64_t* visits) {
  std::ifstream given(given_path, std::ios::binary), fresh(fresh_path, std::ios::binary);
  std::string g, f;
  std::int64_t line = 0;
  while (true) {
    const bool has_g = static_cast<bool>(std::getline(given, g));
    const bool has_f = static_cast<bool>(std::getline(fresh, f));
    if (!has_g && !has_f) break;
    ++line;
    const std::string at = "plan.jsonl:" + std::to_string(line) + ": ";
    Visit want;
    std::string error;
    if (has_f && !ParseVisitJson(f, &want, &error)) return at + "the recomputed plan is unreadable: " + error;
    if (!has_g) {
      return at + "visit " + want.code + " (enterprise " + want.enterprise_id + ", quarter " +
             std::to_string(want.quarter) + ") is missing: the plan has " + std::to_string(line - 1) + " visits";
    }
    Visit got;
    if (!ParseVisitJson(g, &got, &error)) return at + "not a visit: " + error;
    if (!CodeWellFormed(got.code)) {
      return at + "visit " + got.code + ": the code's check character does not verify (a mistyped or forged code)";
    }
    if (!has_f) return at + "visit " + got.code + " is not in the recomputed plan (it has " +
                        std::to_string(line - 1) + " visits)";
    if (g != f) return at + "visit " + got.code + " differs from the recomputed plan: " + Differences(got, want);
    ++*visits;
  }
  return "";
}

// Streams a line-by-line comparison of a whole file: the first differing
// line, or "".
std::string CompareLines(const std::string& name, const std::string& given_path, const std::string& fresh_path) {
  std::ifstream given(given_path, std::ios::binary), fresh(fresh_path, std::ios::binary);
  if (!given) return name + ": cannot read `" + given_path + "`";
  std::string g, f;
  for (std::int64_t line = 1;; ++line) {
    const bool has_g = static_cast<bool>(std::getline(given, g));
    const bool has_f = static_cast<bool>(std::getline(fresh, f));
    if (!has_g && !has_f) return "";
    if (has_g != has_f || g != f) return name + ":" + std::to_string(line) + ": differs from the recomputed plan";
  }
}

}  // namespace

Result<VerifyResult> VerifyPlan(const std::string& plan_dir, const runtime::Rulebook& book,
                                const RegisterSchema& schema, const Roster& roster, const PlanOptions& options) {
  return runtime::CatchExceptions("internal", [&]() -> Result<VerifyResult> {  // no exception crosses the API
  const std::string given = (fs::path(plan_dir) / "plan.jsonl").string();
  if (!fs::exists(given)) return Error{kIoError, "cannot read `" + given + "`", {}};
  TempDir temp;
  PlanOptions fresh = options;
  fresh.out_dir = temp.path();
  fresh.keep_shards = false;
  fresh.html_report = false;
  fresh.audit_log = nullptr;
  Result<PlanResult> recomputed = RunPlan(book, schema, roster, fresh);
  if (!recomputed.ok()) return recomputed.error();
  VerifyResult result;
  result.difference = CompareJsonl(given, (fs::path(temp.path()) / "plan.jsonl").string(), &result.visits);
  if (result.difference.empty()) {
    result.difference = CompareLines("plan.csv", (fs::path(plan_dir) / "plan.csv").string(),
                                     (fs::path(temp.path()) / "plan.csv").string());
  }
  if (result.difference.empty()) {
    result.difference = CompareLines("summary.json", (fs::path(plan_dir) / "summary.json").string(),
                                     (fs::path(temp.path()) / "summary.json").string());
  }
  result.ok = result.difference.empty();
  return result;
  });
}

}  // namespace bylaw::plan
