// The plan end to end (bylaw/plan/planner.h) on the shipped Nantong rules
// and the sample register and roster: determinism (same inputs, a shuffled
// register, a JSONL register, three shards merged: byte-identical plans),
// the invariants checked against the assessment the rules made,
// verify catching a changed code or draw, the previous year's inspectors
// avoided, too few inspectors reported, and the audit log of the visits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "bylaw/audit_log.h"
#include "bylaw/plan/html_report.h"
#include "bylaw/plan/inspection_code.h"
#include "bylaw/plan/planner.h"
#include "p1_test_support.h"
#include "plan_writer.h"
#include "sampling.h"
#include "visit_builder.h"

namespace bylaw::plan {
namespace {

using plan_internal::ParseVisitJson;
using plan_internal::Visit;
using testing::Nantong;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

const std::string kSample = std::string(BYLAW_SOURCE_DIR) + "/samples/nantong/";
constexpr int kYear = 2026;
constexpr const char* kSeed = "南通 2026 双随机 published seed";

const Roster& SampleRoster() {
  static const Roster roster = [] {
    auto r = ReadRoster(kSample + "roster.csv", Nantong().schema, *Nantong().book);
    if (!r.ok()) throw std::runtime_error(r.error().ToString());
    return *r;
  }();
  return roster;
}

PlanOptions Options(const std::string& register_path, const std::string& out) {
  PlanOptions o;
  o.year = kYear;
  o.seed = kSeed;
  o.register_path = register_path;
  o.out_dir = out;
  o.html_report = false;
  return o;
}

std::vector<Visit> ReadPlan(const std::string& dir) {
  std::vector<Visit> visits;
  std::istringstream in(ReadFile(dir + "/plan.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    Visit v;
    std::string error;
    INFO(line);
    REQUIRE(ParseVisitJson(line, &v, &error));
    visits.push_back(std::move(v));
  }
  return visits;
}

std::vector<Assessment> ReadAssessments(const std::string& shard_dir) {
  auto reader = AssessmentReader::Open(shard_dir);
  REQUIRE(reader.ok());
  std::vector<Assessment> out;
  Assessment a;
  while (true) {
    auto next = (*reader)->Next(&a);
    REQUIRE(next.ok());
    if (!*next) break;
    out.push_back(a);
  }
  return out;
}

void RequireSameFiles(const std::string& a, const std::string& b) {
  for (const char* name : {"plan.jsonl", "plan.csv", "summary.json"}) {
    INFO(name);
    const std::string left = ReadFile(a + "/" + name);
    REQUIRE_FALSE(left.empty());
    CHECK(left == ReadFile(b + "/" + name));
  }
}

// The sample planned once (with its assessment kept), shared by the tests
// that only read it.
struct SamplePlan {
  TempDir dir{"sample"};
  std::string out = dir / "plan";
  PlanResult result;
  std::vector<Visit> visits;
  std::vector<Assessment> assessments;
};

// Held by a static unique_ptr rather than leaked, so that its directory is
// removed at exit (a leaked one left a plan in the temp dir on every run).
const SamplePlan& Sample() {
  static const std::unique_ptr<SamplePlan> plan = [] {
    auto p = std::make_unique<SamplePlan>();
    PlanOptions o = Options(kSample + "register.csv", p->out);
    o.keep_shards = true;
    o.html_report = true;
    auto result = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o);
    if (!result.ok()) throw std::runtime_error(result.error().ToString());
    p->result = *result;
    p->visits = ReadPlan(p->out);
    p->assessments = ReadAssessments(p->out + "/shard-1-of-1");
    return p;
  }();
  return *plan;
}

TEST_CASE("the sample plan is written with its summary and report", "[planner]") {
  const SamplePlan& p = Sample();
  CHECK(p.assessments.size() == 300);
  CHECK(p.result.enterprises == 300);
  CHECK(p.result.visits == static_cast<std::int64_t>(p.visits.size()));
  CHECK(p.visits.size() > 300);
  const std::string report = ReadFile(p.out + "/report.html");
  CHECK(report.find("<html") != std::string::npos);
  // Its lists, collected while the visits were written, are those of
  // plan.jsonl read back.
  auto reread = RenderHtmlReport(ReadFile(p.out + "/summary.json"), p.out + "/plan.jsonl");
  REQUIRE(reread.ok());
  CHECK(*reread == report);
  auto summary = nlohmann::json::parse(ReadFile(p.out + "/summary.json"));
  CHECK(summary["visits_merged"] == p.visits.size());
  CHECK(summary["enterprises"]["planned"] == 300);
  // Labels from the rules' enums and matters, for report.html.
  CHECK(summary["labels"]["department"]["market"] == "市场监管部门");
  CHECK(summary["labels"]["department"]["fire"] == "消防救援机构");
  CHECK(summary["labels"]["matter"]["fire_safety"] == "消防监督检查");
  CHECK(summary["labels"]["region"]["chongchuan"] == "崇川区");
  // Regions and the burden per enterprise add up to the plan's visits.
  std::map<std::string, std::int64_t> region_visits;
  std::map<std::string, std::int64_t> per_enterprise;
  for (const Visit& v : p.visits) {
    ++region_visits[v.region];
    ++per_enterprise[v.enterprise_id];
  }
  std::int64_t region_enterprises = 0, region_separate = 0;
  for (const auto& r : summary["regions"]) {
    CHECK(r["merged"] == region_visits[r["region"].get<std::string>()]);
    region_enterprises += r["enterprises"].get<std::int64_t>();
    region_separate += r["separate"].get<std::int64_t>();
  }
  CHECK(region_enterprises == 300);
  CHECK(region_separate == summary["visits_separate"].get<std::int64_t>());
  std::map<std::int64_t, std::int64_t> after;
  for (const auto& [id, n] : per_enterprise) ++after[n];
  if (per_enterprise.size() < 300) after[0] = 300 - static_cast<std::int64_t>(per_enterprise.size());
  std::map<std::int64_t, std::int64_t> merged_burden;
  for (const auto& b : summary["burden"]["merged"]) merged_burden[b["visits"]] = b["enterprises"];
  CHECK(merged_burden == after);
  std::int64_t before_enterprises = 0, before_visits = 0;
  for (const auto& b : summary["burden"]["separate"]) {
    before_enterprises += b["enterprises"].get<std::int64_t>();
    before_visits += b["visits"].get<std::int64_t>() * b["enterprises"].get<std::int64_t>();
  }
  CHECK(before_enterprises == 300);
  CHECK(before_visits == summary["visits_separate"].get<std::int64_t>());
  const auto separate = summary["visits_separate"].get<std::int64_t>();
  const auto merged = summary["visits_merged"].get<std::int64_t>();
  CHECK(separate > merged);
  // plan.csv: a header and one record per visit (basis cells span lines).
  const std::string csv = ReadFile(p.out + "/plan.csv");
  CHECK(csv.rfind("code,enterprise_id,", 0) == 0);
  std::size_t records = 0;
  for (const Visit& v : p.visits) records += csv.find("\n" + v.code + ",") != std::string::npos ? 1 : 0;
  CHECK(records == p.visits.size());
}

TEST_CASE("visits are ordered, and two visits of a quarter could never have been one", "[planner][invariants]") {
  const SamplePlan& p = Sample();
  std::map<std::string, const Assessment*> by_id;
  for (const Assessment& a : p.assessments) by_id[a.id] = &a;
  for (std::size_t i = 1; i < p.visits.size(); ++i) {
    const Visit& a = p.visits[i - 1];
    const Visit& b = p.visits[i];
    CHECK(std::make_tuple(a.enterprise_id, a.quarter, a.slot) < std::make_tuple(b.enterprise_id, b.quarter, b.slot));
  }
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < p.visits.size(); ++i) {
    for (std::size_t j = i + 1; j < p.visits.size(); ++j) {
      const Visit& v = p.visits[i];
      const Visit& w = p.visits[j];
      if (v.enterprise_id != w.enterprise_id) break;
      if (v.quarter != w.quarter) continue;
      ++pairs;
      std::set<std::string> left;
      for (const auto& m : v.matters) left.insert(m.id);
      bool share = false;
      for (const auto& m : w.matters) share = share || left.count(m.id) != 0;
      if (share) continue;
      // Disjoint: only a remote visit holding a matter that may not be
      // delegated can stand beside an on-site visit.
      const Assessment& a = *by_id.at(v.enterprise_id);
      auto delegable_only = [&](const Visit& remote) {
        for (const auto& m : remote.matters) {
          for (const MatterNeed& n : a.needs) {
            if (n.matter == m.id && !n.delegable) return false;
          }
        }
        return true;
      };
      INFO(v.code << " and " << w.code);
      const bool v_remote = v.method == "remote", w_remote = w.method == "remote";
      CHECK(v_remote != w_remote);
      CHECK_FALSE(delegable_only(v_remote ? v : w));
    }
  }
  INFO("pairs of visits in one quarter: " << pairs);
}

TEST_CASE("every need is met: minimums, caps, exemptions, key supervision, the draw", "[planner][invariants]") {
  const SamplePlan& p = Sample();
  std::map<std::pair<std::string, std::string>, std::int64_t> done;  // (enterprise, matter)
  std::map<std::pair<std::string, std::string>, bool> sampled;
  for (const Visit& v : p.visits) {
    for (const auto& m : v.matters) {
      ++done[{v.enterprise_id, m.id}];
      if (m.sampled) sampled[{v.enterprise_id, m.id}] = true;
    }
  }
  // The draw by brute force: per group, sort by (sample_key, id), take k.
  std::map<plan_internal::SamplingGroupKey, std::vector<std::pair<std::uint64_t, std::string>>> pools;
  std::int64_t key_needs = 0, exempt_needs = 0;
  for (const Assessment& a : p.assessments) {
    for (const MatterNeed& n : a.needs) {
      INFO(a.id << " " << n.matter);
      if (n.key) {
        ++key_needs;
        CHECK_FALSE(n.exempt);  // key supervision is never exempt
        CHECK(n.min >= 1);
      }
      if (n.exempt) ++exempt_needs;
      if (!n.exempt && n.ratio) pools[{n.matter, n.lead, a.credit_class, *n.ratio}].emplace_back(n.sample_key, a.id);
    }
  }
  CHECK(key_needs > 0);
  CHECK(exempt_needs > 0);
  std::set<std::pair<std::string, std::string>> drawn;
  for (auto& [group, pool] : pools) {
    std::sort(pool.begin(), pool.end());
    const std::int64_t k = plan_internal::DrawCount(group.ratio, static_cast<std::int64_t>(pool.size()));
    for (std::int64_t i = 0; i < k; ++i) drawn.insert({pool[static_cast<std::size_t>(i)].second, group.matter});
  }
  CHECK_FALSE(drawn.empty());
  for (const Assessment& a : p.assessments) {
    for (const MatterNeed& n : a.needs) {
      INFO(a.id << " " << n.matter);
      const std::int64_t count = done[{a.id, n.matter}];
      const bool is_drawn = drawn.count({a.id, n.matter}) != 0;
      if (n.exempt) {
        CHECK(count == 0);
        continue;
      }
      CHECK(count >= n.min);
      if (n.max) CHECK(count <= *n.max);
      const std::int64_t expected = n.ratio && is_drawn ? std::max<std::int64_t>(n.min, 1) : n.min;
      CHECK(count == expected);
      CHECK(sampled[{a.id, n.matter}] == (n.ratio && is_drawn && count > 0));
    }
  }
}

TEST_CASE("every visit has two certified, qualified inspectors of each department", "[planner][invariants]") {
  const SamplePlan& p = Sample();
  std::map<std::string, const Inspector*> roster;
  for (const Inspector& i : SampleRoster().inspectors) roster[i.id] = &i;
  for (const Visit& v : p.visits) {
    INFO(v.code);
    std::vector<std::string> departments{v.lead};
    departments.insert(departments.end(), v.cooperators.begin(), v.cooperators.end());
    std::set<std::string> seen;
    for (const std::string& d : departments) {
      int count = 0;
      for (const auto& vi : v.inspectors) {
        if (vi.department != d) continue;
        ++count;
        REQUIRE(roster.count(vi.id) == 1);
        const Inspector& i = *roster.at(vi.id);
        CHECK(i.certified);
        CHECK(i.department == d);
        CHECK(i.Serves(v.region));
        bool qualified = false;
        for (const auto& m : v.matters) qualified = qualified || i.QualifiedFor(m.id);
        CHECK(qualified);
        CHECK(seen.insert(vi.id).second);  // nobody twice on one visit
      }
      CHECK(count >= 2);
    }
    CHECK(v.inspectors.size() == 2 * departments.size());
  }
}

TEST_CASE("every code verifies and is the hash of its visit", "[planner][invariants][codes]") {
  const SamplePlan& p = Sample();
  std::set<std::string> codes;
  for (const Visit& v : p.visits) {
    INFO(v.code);
    CHECK(CodeWellFormed(v.code));
    CHECK(v.code.substr(0, 6) == "2026Q" + std::to_string(v.quarter));
    CHECK(plan_internal::VisitCode(v, kYear, kSeed) == v.code);
    CHECK(codes.insert(v.code).second);
  }
}

TEST_CASE("the same inputs give the same plan, whatever the register's order or format", "[planner][determinism]") {
  const SamplePlan& p = Sample();
  TempDir dir("determinism");
  SECTION("again") {
    REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), Options(kSample + "register.csv", dir / "again"))
                .ok());
    RequireSameFiles(p.out, dir / "again");
  }
  SECTION("shuffled, on one thread") {
    std::istringstream in(ReadFile(kSample + "register.csv"));
    std::string header, line;
    std::getline(in, header);
    std::vector<std::string> rows;
    while (std::getline(in, line)) rows.push_back(line);
    std::mt19937 rng(42);
    std::shuffle(rows.begin(), rows.end(), rng);
    std::string text = header + "\n";
    for (const std::string& r : rows) text += r + "\n";
    WriteFile(dir / "shuffled.csv", text);
    PlanOptions o = Options(dir / "shuffled.csv", dir / "shuffled");
    o.threads = 1;
    REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o).ok());
    RequireSameFiles(p.out, dir / "shuffled");
  }
  SECTION("from the JSONL register") {
    REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), Options(kSample + "register.jsonl", dir / "jsonl"))
                .ok());
    RequireSameFiles(p.out, dir / "jsonl");
  }
  SECTION("another seed gives another plan") {
    PlanOptions o = Options(kSample + "register.csv", dir / "other");
    o.seed = "another seed";
    REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o).ok());
    CHECK(ReadFile(p.out + "/plan.jsonl") != ReadFile(dir / "other/plan.jsonl"));
  }
}

TEST_CASE("counting the pools beside the merge gives the plan of the kept shard",
          "[planner][determinism]") {
  // Without keep_shards the pools are counted by a thread of their own in
  // batches of 4096 assessments while the sorted runs are merged, and the
  // later passes read the runs; with it, the shard's file is written and
  // read back. Several batches, duplicate ids skipped, both thread counts.
  TempDir dir("pools");
  std::vector<std::string> rows = testing::ValidRows(9000, 11);
  rows.push_back(rows[17]);
  rows.push_back(rows[4500]);
  rows.insert(rows.begin() + 100, rows[8999]);
  WriteFile(dir / "register.csv", testing::Csv(rows));
  for (int threads : {1, 2}) {
    INFO("threads " << threads);
    PlanOptions kept = Options(dir / "register.csv", dir / ("kept-" + std::to_string(threads)));
    kept.skip_bad = true;
    kept.threads = threads;
    kept.keep_shards = true;
    std::vector<std::string> reported_kept, reported_direct;
    kept.on_bad_row = [&](const Error& e) { reported_kept.push_back(e.ToString()); };
    auto reference = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), kept);
    INFO((reference.ok() ? "" : reference.error().ToString()));
    REQUIRE(reference.ok());
    CHECK(std::filesystem::exists(kept.out_dir + "/shard-1-of-1/assessments.jsonl"));
    PlanOptions direct = kept;
    direct.out_dir = dir / ("direct-" + std::to_string(threads));
    direct.keep_shards = false;
    direct.on_bad_row = [&](const Error& e) { reported_direct.push_back(e.ToString()); };
    auto fast = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), direct);
    REQUIRE(fast.ok());
    CHECK(reported_direct.size() == 3);
    CHECK(reported_direct == reported_kept);
    CHECK(fast->summary_json == reference->summary_json);
    RequireSameFiles(kept.out_dir, direct.out_dir);
    CHECK_FALSE(std::filesystem::exists(direct.out_dir + "/shard-1-of-1"));
  }
}

TEST_CASE("three shards merged give the plan of a single run", "[planner][determinism][shards]") {
  const SamplePlan& p = Sample();
  TempDir dir("shards");
  std::vector<std::string> shard_dirs;
  std::int64_t enterprises = 0;
  for (int i = 3; i >= 1; --i) {  // any order
    AssessOptions o;
    o.register_path = kSample + "register.csv";
    o.out_dir = dir / ("shard-" + std::to_string(i));
    o.year = kYear;
    o.seed = kSeed;
    o.shard = ShardSpec{i, 3};
    auto info = AssessShard(*Nantong().book, Nantong().schema, o);
    REQUIRE(info.ok());
    enterprises += info->enterprises;
    CHECK(info->enterprises < 300);
    shard_dirs.push_back(o.out_dir);
  }
  CHECK(enterprises == 300);
  auto merged =
      FinalizePlan(*Nantong().book, Nantong().schema, SampleRoster(), shard_dirs, Options("", dir / "merged"));
  REQUIRE(merged.ok());
  RequireSameFiles(p.out, dir / "merged");

  SECTION("a missing shard is refused") {
    shard_dirs.pop_back();
    auto partial =
        FinalizePlan(*Nantong().book, Nantong().schema, SampleRoster(), shard_dirs, Options("", dir / "partial"));
    REQUIRE_FALSE(partial.ok());
    CHECK(partial.error().code == std::string(kBadShard));
  }
  SECTION("shards of another seed are refused") {
    PlanOptions o = Options("", dir / "other");
    o.seed = "another seed";
    auto other = FinalizePlan(*Nantong().book, Nantong().schema, SampleRoster(), shard_dirs, o);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().message.find("another --seed") != std::string::npos);
  }
}

// Replaces line `index` (0-based) of `dir`/plan.jsonl with `line`.
void EditPlanLine(const std::string& dir, std::size_t index, const std::string& line) {
  std::istringstream in(ReadFile(dir + "/plan.jsonl"));
  std::string text, l;
  for (std::size_t i = 0; std::getline(in, l); ++i) text += (i == index ? line : l) + "\n";
  WriteFile(dir + "/plan.jsonl", text);
}

std::string PlanLine(const std::string& dir, std::size_t index) {
  std::istringstream in(ReadFile(dir + "/plan.jsonl"));
  std::string l;
  for (std::size_t i = 0; std::getline(in, l); ++i) {
    if (i == index) return l;
  }
  return "";
}

TEST_CASE("verify confirms every code and draw, and names the first visit that differs", "[planner][verify]") {
  TempDir dir("verify");
  const std::string out = dir / "plan";
  PlanOptions o = Options(kSample + "register.csv", out);
  REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o).ok());
  auto clean = VerifyPlan(out, *Nantong().book, Nantong().schema, SampleRoster(), o);
  REQUIRE(clean.ok());
  CHECK(clean->ok);
  CHECK(clean->visits == static_cast<std::int64_t>(ReadPlan(out).size()));

  const std::size_t index = 17;
  const std::string original = PlanLine(out, index);
  Visit v;
  std::string error;
  REQUIRE(ParseVisitJson(original, &v, &error));
  const std::string at = "plan.jsonl:" + std::to_string(index + 1) + ": visit ";

  SECTION("a mistyped code") {
    std::string line = original;
    const std::size_t pos = line.find(v.code) + 10;
    line[pos] = line[pos] == '7' ? '8' : '7';
    EditPlanLine(out, index, line);
    auto r = VerifyPlan(out, *Nantong().book, Nantong().schema, SampleRoster(), o);
    REQUIRE(r.ok());
    CHECK_FALSE(r->ok);
    CHECK(r->difference.rfind("plan.jsonl:" + std::to_string(index + 1) + ": visit ", 0) == 0);
    CHECK(r->difference.find("check character does not verify") != std::string::npos);
  }
  SECTION("another inspector, with a code recomputed to match") {
    Visit forged = v;
    forged.inspectors[0].id = forged.inspectors[0].id == "320600-SJ-0001" ? "320600-SJ-0002" : "320600-SJ-0001";
    forged.code = plan_internal::VisitCode(forged, kYear, kSeed);
    REQUIRE(CodeWellFormed(forged.code));
    std::string line;
    plan_internal::AppendVisitJson(forged, &line);
    line.pop_back();
    EditPlanLine(out, index, line);
    auto r = VerifyPlan(out, *Nantong().book, Nantong().schema, SampleRoster(), o);
    REQUIRE(r.ok());
    CHECK_FALSE(r->ok);
    CHECK(r->difference.rfind(at + forged.code + " differs from the recomputed plan: inspectors (the draw)", 0) == 0);
  }
  SECTION("a visit removed") {
    EditPlanLine(out, index, PlanLine(out, index + 1));
    auto r = VerifyPlan(out, *Nantong().book, Nantong().schema, SampleRoster(), o);
    REQUIRE(r.ok());
    CHECK_FALSE(r->ok);
    CHECK(r->difference.rfind(at, 0) == 0);
  }
  SECTION("other flags recompute another plan") {
    PlanOptions other = o;
    other.seed = "not the published seed";
    auto r = VerifyPlan(out, *Nantong().book, Nantong().schema, SampleRoster(), other);
    REQUIRE(r.ok());
    CHECK_FALSE(r->ok);
    CHECK(r->difference.rfind("plan.jsonl:1: visit ", 0) == 0);
  }
}

TEST_CASE("with the previous plan, nobody inspects the same enterprise two years running", "[planner][previous]") {
  const SamplePlan& p = Sample();
  TempDir dir("previous");
  PlanOptions o = Options(kSample + "register.csv", dir / "2027");
  o.year = 2027;
  o.previous = p.out;
  auto next = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o);
  REQUIRE(next.ok());
  std::map<std::string, std::set<std::string>> last_year;
  for (const Visit& v : p.visits) {
    for (const auto& i : v.inspectors) last_year[v.enterprise_id].insert(i.id);
  }
  std::size_t checked = 0;
  for (const Visit& v : ReadPlan(dir / "2027")) {
    for (const auto& i : v.inspectors) {
      INFO(v.code << " " << i.id);
      CHECK(last_year[v.enterprise_id].count(i.id) == 0);
      ++checked;
    }
  }
  CHECK(checked > 0);
  // The plan file alone works as well.
  o.previous = p.out + "/plan.jsonl";
  o.out_dir = dir / "2027-file";
  REQUIRE(RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o).ok());
  RequireSameFiles(dir / "2027", dir / "2027-file");

  o.previous = dir / "missing";
  auto missing = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == std::string(kBadPrevious));
}

TEST_CASE("too few qualified inspectors is an error naming the visit", "[planner]") {
  TempDir dir("few");
  Roster roster = SampleRoster();
  // One fire inspector left, serving every region: fire safety is everyone's.
  roster.inspectors.erase(std::remove_if(roster.inspectors.begin(), roster.inspectors.end(),
                                         [](const Inspector& i) { return i.department == "fire"; }),
                          roster.inspectors.end());
  Inspector only;
  only.id = "320600-XF-ONLY";
  only.department = "fire";
  only.certified = true;
  only.all_domains = true;
  roster.inspectors.push_back(only);
  auto r = RunPlan(*Nantong().book, Nantong().schema, roster, Options(kSample + "register.csv", dir / "plan"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == std::string(kTooFewInspectors));
  INFO(r.error().message);
  CHECK(r.error().message.find(", department fire: 1 qualified inspector(s), 2 needed") != std::string::npos);
  CHECK(r.error().message.rfind("enterprise ", 0) == 0);
  // Nothing half-written is left behind.
  CHECK_FALSE(std::filesystem::exists(dir / "plan/plan.jsonl"));
}

TEST_CASE("the audit log holds one chained record per visit", "[planner][audit]") {
  TempDir dir("audit");
  const std::string path = dir / "visits.log";
  auto log = runtime::AuditLog::Open(path);
  REQUIRE(log.ok());
  PlanOptions o = Options(kSample + "register.csv", dir / "plan");
  o.audit_log = log->get();
  auto r = RunPlan(*Nantong().book, Nantong().schema, SampleRoster(), o);
  REQUIRE(r.ok());
  REQUIRE((*log)->Sync().ok());
  const std::string text = ReadFile(path);
  runtime::AuditVerifyReport report = runtime::VerifyAuditLog(text);
  CHECK(report.ok());
  CHECK(report.records == static_cast<std::uint64_t>(r->visits));
  std::istringstream in(text);
  std::string first;
  std::getline(in, first);
  auto record = nlohmann::json::parse(first);
  CHECK(record["decision"] == "plan.visit");
  CHECK(record["bundle"] == Nantong().book->hash());
  CHECK(record["as_of"] == "2026-01-01");
  CHECK(record["outputs"]["code"] == ReadPlan(dir / "plan").front().code);
  CHECK(record["fired"] == record["outputs"]["rules"]);
}

}  // namespace
}  // namespace bylaw::plan
