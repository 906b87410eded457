// The assessment stage (bylaw/plan/assessment.h): what AssessShard writes
// agrees with `bylaw eval`, does not depend on register order, run size or
// threads; shards partition the register and merge back to the single run;
// bad rows are reported once and counted.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include "assessment_json.h"
#include "bylaw/plan/assessment.h"
#include "p1_test_support.h"
#include "shard_info.h"
#include "sorted_spill.h"

namespace bylaw::plan {
namespace {

using json = nlohmann::json;
using testing::Nantong;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    start = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

AssessOptions Options(const std::string& register_path, const std::string& out_dir) {
  AssessOptions o;
  o.register_path = register_path;
  o.out_dir = out_dir;
  o.year = 2026;
  o.seed = "test seed";
  return o;
}

Result<ShardInfo> Assess(const AssessOptions& o) { return AssessShard(*Nantong().book, Nantong().schema, o); }

std::string Assessments(const std::string& dir) { return ReadFile(dir + "/assessments.jsonl"); }

// The register line is the one thing a reordered register may change.
std::string WithoutLines(const std::string& text) {
  static const std::regex line(R"(,"line":\d+,)");
  return std::regex_replace(text, line, ",");
}

std::uint64_t Sha256Prefix(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | digest[i];
  return v;
}

TEST_CASE("shard membership and sample keys follow their published formulas", "[plan][assessment]") {
  for (const std::string id : {"E00001", "91320623MA1XXXXXXX", "", "企业"}) {
    const std::uint64_t h = Sha256Prefix(std::string("bylaw-shard") + '\0' + id);
    for (int n : {1, 2, 3, 7, 64}) CHECK(ShardOf(id, n) == static_cast<int>(h % static_cast<std::uint64_t>(n)));
    const std::string sample = std::string("bylaw-sample") + '\0' + "seed" + '\0' + "fire_safety" + '\0' + id;
    CHECK(SampleKey("seed", "fire_safety", id) == Sha256Prefix(sample));
  }
  // Every id is in exactly one shard, and shards are of similar size.
  std::vector<int> sizes(4);
  for (int i = 0; i < 4000; ++i) {
    const std::string id = "X" + std::to_string(i);
    int owners = 0;
    for (int s = 1; s <= 4; ++s) owners += ShardSpec{s, 4}.Contains(id) ? 1 : 0;
    CHECK(owners == 1);
    ++sizes[static_cast<std::size_t>(ShardOf(id, 4))];
  }
  for (int size : sizes) CHECK(size > 850);
}

TEST_CASE("--shard I/N is parsed 1-based", "[plan][assessment]") {
  auto s = ParseShardSpec("2/4");
  REQUIRE(s.ok());
  CHECK(s->index == 2);
  CHECK(s->count == 4);
  for (const char* bad : {"0/4", "5/4", "1/0", "1", "a/b", "1/4x", "-1/4"}) {
    CHECK_FALSE(ParseShardSpec(bad).ok());
  }
}

// Random texts with what JSON must escape (quotes, backslashes, control
// bytes, line breaks) and multi-byte characters.
rc::Gen<std::string> JsonText() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 8)), [](const std::vector<int>& cs) {
    static const char* const kParts[] = {"a", "\"", "\\", "\x01", "\n", "中", "}", "],"};
    std::string s;
    for (int c : cs) s += kParts[c];
    return s;
  });
}

TEST_CASE("the draw's passes read an assessment line's sampling fields alone", "[plan][assessment]") {
  const bool ok = rc::check("random assessments", [] {
    Assessment a;
    a.id = *JsonText();
    a.name = *JsonText();
    a.region = *JsonText();
    a.industry = *JsonText();
    a.credit_class = *JsonText();
    a.competent = *JsonText();
    a.line = *rc::gen::inRange(1, 1 << 30);
    const int needs = *rc::gen::inRange(0, 4);
    for (int i = 0; i < needs; ++i) {
      MatterNeed n;
      n.matter = *JsonText();
      n.lead = *JsonText();
      n.cooperators = *rc::gen::container<std::vector<std::string>>(JsonText());
      n.delegable = *rc::gen::arbitrary<bool>();
      n.key = *rc::gen::arbitrary<bool>();
      n.methods = *rc::gen::container<std::vector<std::string>>(JsonText());
      n.min = *rc::gen::inRange(0, 100);
      if (*rc::gen::arbitrary<bool>()) n.max = *rc::gen::inRange(0, 100);
      if (*rc::gen::arbitrary<bool>()) n.ratio = *rc::gen::inRange(0, 1000000);
      n.exempt = *rc::gen::arbitrary<bool>();
      n.sample_key = *rc::gen::arbitrary<std::uint64_t>();
      n.basis = *rc::gen::container<std::vector<std::string>>(JsonText());
      n.rules = *rc::gen::container<std::vector<std::string>>(JsonText());
      a.needs.push_back(std::move(n));
    }
    std::string line;
    plan_internal::AppendAssessmentJson(a, &line);
    // What a reused Assessment held before: kept where not read.
    Assessment stale;
    stale.name = "stale";
    stale.needs.resize(1);
    stale.needs[0].basis = {"stale"};
    stale.needs[0].min = 77;
    Assessment got = stale;
    std::string error;
    RC_ASSERT(plan_internal::ParseAssessmentJson(line, &got, &error, AssessmentFields::kSampling));
    RC_ASSERT(got.id == a.id);
    RC_ASSERT(got.credit_class == a.credit_class);
    RC_ASSERT(got.line == a.line);
    RC_ASSERT(got.name == "stale");
    RC_ASSERT(got.needs.size() == a.needs.size());
    for (std::size_t i = 0; i < a.needs.size(); ++i) {
      const MatterNeed& w = a.needs[i];
      const MatterNeed& g = got.needs[i];
      RC_ASSERT(g.matter == w.matter);
      RC_ASSERT(g.lead == w.lead);
      RC_ASSERT(g.ratio == w.ratio);
      RC_ASSERT(g.exempt == w.exempt);
      RC_ASSERT(g.sample_key == w.sample_key);
      if (i == 0) RC_ASSERT(g.min == 77);  // not read
    }
    // The full read of the same line gives the assessment back whole.
    Assessment full = stale;
    RC_ASSERT(plan_internal::ParseAssessmentJson(line, &full, &error));
    std::string again;
    plan_internal::AppendAssessmentJson(full, &again);
    RC_ASSERT(again == line);
  });
  CHECK(ok);
  // Still an assessment's shape: a skipped value must be JSON, every key
  // there once, nothing after the object.
  Assessment a;
  a.id = "x";
  a.needs.resize(1);
  a.needs[0].basis = {"b \"q\" \\"};
  std::string line;
  plan_internal::AppendAssessmentJson(a, &line);
  Assessment back;
  std::string error;
  REQUIRE(plan_internal::ParseAssessmentJson(line, &back, &error, AssessmentFields::kSampling));
  const auto bad_basis = line.find("\"basis\":[") + 9;
  for (const std::string& bad :
       {line.substr(0, line.size() - 3), line + "x", line.substr(0, bad_basis) + "[\"open" + line.substr(bad_basis + 1),
        std::string("{\"id\":\"x\"}"), line.substr(0, bad_basis) + "tru" + line.substr(line.find(']', bad_basis) + 1)}) {
    CHECK_FALSE(plan_internal::ParseAssessmentJson(bad, &back, &error, AssessmentFields::kSampling));
  }
}

TEST_CASE("an assessment line round-trips through its reader", "[plan][assessment]") {
  Assessment a;
  a.id = "id \"quoted\" \\ \x01 中文";
  a.name = "line\nbreak";
  a.region = "rudong";
  a.industry = "catering";
  a.credit_class = "B";
  a.competent = "market";
  a.line = 12;
  MatterNeed n;
  n.matter = "fire_safety";
  n.lead = "fire";
  n.cooperators = {"market", "housing"};
  n.delegable = true;
  n.key = true;
  n.methods = {"on_site"};
  n.min = 1;
  n.max = 3;
  n.ratio = 50000;
  n.exempt = false;
  n.sample_key = 0xfedcba9876543210ULL;
  n.basis = {"基础 (C5)"};
  n.rules = {"t#r1", "rule"};
  a.needs = {n, n};
  a.needs[1].max.reset();
  a.needs[1].ratio.reset();
  a.needs[1].cooperators.clear();
  std::string line;
  plan_internal::AppendAssessmentJson(a, &line);
  const json j = json::parse(line);  // valid JSON for any other reader
  CHECK(j["needs"][0]["ratio"] == "0.05");
  CHECK(j["needs"][0]["sample_key"] == "fedcba9876543210");
  CHECK(j["needs"][1]["max"].is_null());
  Assessment back;
  back.needs.resize(5);  // reused storage is overwritten
  std::string error;
  REQUIRE(plan_internal::ParseAssessmentJson(line, &back, &error));
  std::string again;
  plan_internal::AppendAssessmentJson(back, &again);
  CHECK(again == line);
  CHECK(back.needs.size() == 2);
  CHECK(back.needs[0].ratio == std::optional<std::int64_t>(50000));
  CHECK_FALSE(back.needs[1].max.has_value());
  // Keys in another order (nlohmann sorts them) read the same.
  Assessment sorted;
  REQUIRE(plan_internal::ParseAssessmentJson(j.dump(), &sorted, &error));
  std::string resorted;
  plan_internal::AppendAssessmentJson(sorted, &resorted);
  CHECK(resorted == line);
  std::string repeated = line;
  repeated.insert(1, "\"line\":3,");
  CHECK_FALSE(plan_internal::ParseAssessmentJson(repeated, &back, &error));
  CHECK(error.find("repeated key `line`") != std::string::npos);
  for (const char* bad : {"{}", "{\"id\":1}", "[", "{\"id\":\"x\",\"extra\":true}"}) {
    CHECK_FALSE(plan_internal::ParseAssessmentJson(bad, &back, &error));
  }
  CHECK_FALSE(plan_internal::ParseAssessmentJson(line + "x", &back, &error));
  CHECK(error.find("text after the object") != std::string::npos);
}

TEST_CASE("the external sort equals an in-memory sort whatever the run size", "[plan][assessment]") {
  std::mt19937 rng(3);
  std::vector<std::tuple<std::string, std::int64_t, std::string>> entries;
  for (int i = 0; i < 500; ++i) {
    entries.emplace_back("k" + std::to_string(rng() % 200), i, "payload " + std::to_string(rng()));
  }
  auto expected = entries;
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) < std::get<0>(b) || (std::get<0>(a) == std::get<0>(b) && std::get<1>(a) < std::get<1>(b));
  });
  for (std::size_t run : {1, 7, 64, 499, 500, 10000}) {
    TempDir dir("spill");
    plan_internal::SortedSpill spill(dir.path(), run);
    for (const auto& [id, line, payload] : entries) {
      if (spill.Add(id, line, payload)) {
        plan_internal::SortedSpill::Run full = spill.TakeRun();
        REQUIRE(full.Write().ok());
      }
    }
    CHECK(spill.spilled_runs() == (run >= 10000 ? 0 : 500 / run));
    std::vector<std::tuple<std::string, std::int64_t, std::string>> got;
    REQUIRE(spill.Merge([&](std::string_view id, std::int64_t line, std::string_view payload) -> Status {
                  got.emplace_back(std::string(id), line, std::string(payload));
                  return {};
                }).ok());
    CHECK(got == expected);
    // Run files are gone once merged.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 0);
  }
}

TEST_CASE("a shard directory: sorted assessments and shard.json", "[plan][assessment]") {
  TempDir dir("shard");
  std::vector<std::string> rows = testing::ValidRows(80);
  std::reverse(rows.begin(), rows.end());
  WriteFile(dir / "register.csv", testing::Csv(rows));
  std::vector<Progress> progress;
  AssessOptions o = Options(dir / "register.csv", dir / "out");
  o.progress = [&](const Progress& p) { progress.push_back(p); };
  auto info = Assess(o);
  INFO((info.ok() ? "" : info.error().message));
  REQUIRE(info.ok());
  CHECK(info->enterprises == 80);
  CHECK(info->register_rows == 80);
  CHECK(info->bad_rows == 0);
  CHECK(info->as_of == "2026-01-01");
  CHECK(info->bundle_hash == Nantong().book->hash());
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back().done);
  CHECK(progress.back().assessed == 80);

  const std::vector<std::string> lines = Lines(Assessments(dir / "out"));
  REQUIRE(lines.size() == 80);
  std::string prev;
  std::set<std::string> matters_seen;
  for (const std::string& l : lines) {
    const json j = json::parse(l);
    const std::string id = j["id"];
    CHECK(prev < id);
    prev = id;
    for (const json& n : j["needs"]) matters_seen.insert(n["matter"].get<std::string>());
  }
  CHECK(matters_seen.size() >= 6);  // the sample spans most of the matter list

  auto read = AssessmentReader::Open(dir / "out");
  REQUIRE(read.ok());
  CHECK((*read)->info().seed == "test seed");
  CHECK((*read)->info().register_path == dir / "register.csv");
  Assessment a;
  int n = 0;
  for (int pass = 0; pass < 2; ++pass) {
    n = 0;
    while (true) {
      auto next = (*read)->Next(&a);
      REQUIRE(next.ok());
      if (!*next) break;
      std::string line;
      plan_internal::AppendAssessmentJson(a, &line);
      CHECK(line == lines[static_cast<std::size_t>(n++)]);
    }
    CHECK(n == 80);
    REQUIRE((*read)->Rewind().ok());
  }
}

// Runs `bylaw eval --batch` for `decision` on facts lines; one result a line.
std::vector<json> EvalBatch(const TempDir& dir, const std::string& decision, const std::vector<std::string>& facts) {
  std::string text;
  for (const std::string& f : facts) text += f + "\n";
  WriteFile(dir / "facts.jsonl", text);
  WriteFile(dir / "bundle.json", Nantong().bundle);
  const std::string cmd = std::string("'") + BYLAW_CLI + "' eval --bundle '" + (dir / "bundle.json") +
                          "' --decision " + decision + " --batch '" + (dir / "facts.jsonl") + "' > '" +
                          (dir / "out.jsonl") + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::vector<json> out;
  for (const std::string& l : Lines(ReadFile(dir / "out.jsonl"))) out.push_back(json::parse(l));
  return out;
}

TEST_CASE("needs agree with bylaw eval of frequency and assignment", "[plan][assessment]") {
  TempDir dir("eval");
  const std::vector<std::string> rows = testing::ValidRows(120, 11);
  WriteFile(dir / "register.csv", testing::Csv(rows));
  auto info = Assess(Options(dir / "register.csv", dir / "out"));
  REQUIRE(info.ok());
  // The facts of every (enterprise, need), rebuilt from the register rows.
  auto reader = RegisterReader::Open(dir / "register.csv", Nantong().schema);
  REQUIRE(reader.ok());
  std::map<std::string, RegisterRow> by_id;
  RegisterRow row;
  while (*(*reader)->Next(&row)) by_id[row.id] = row;
  std::vector<std::string> facts;
  std::vector<std::pair<Assessment, std::size_t>> needs;
  auto read = AssessmentReader::Open(dir / "out");
  REQUIRE(read.ok());
  Assessment a;
  std::set<std::string> catering_matters, trade_matters;
  while (*(*read)->Next(&a)) {
    for (std::size_t k = 0; k < a.needs.size(); ++k) {
      facts.push_back("{\"as_of\":\"2026-01-01\",\"enterprise\":" + by_id.at(a.id).enterprise_json +
                      ",\"inspection\":{\"matter\":\"" + a.needs[k].matter + "\"}}");
      needs.emplace_back(a, k);
    }
    // The selectors of the matter list (docs/rulesets/contract.md).
    const bool food = by_id.at(a.id).enterprise_json.find("\"food_risk_grade\":null") == std::string::npos;
    bool has_food = false, has_ebike = false;
    for (const MatterNeed& n : a.needs) {
      has_food = has_food || n.matter == "food_safety_routine";
      has_ebike = has_ebike || n.matter == "ebike_fire";
    }
    CHECK(has_food == food);
    CHECK(has_ebike == (a.industry == "ebike_trade"));
  }
  REQUIRE(needs.size() > 200);
  const std::vector<json> freq = EvalBatch(dir, "frequency", facts);
  const std::vector<json> assign = EvalBatch(dir, "assignment", facts);
  REQUIRE(freq.size() == needs.size());
  REQUIRE(assign.size() == needs.size());
  int sampled = 0, exempt = 0, capped = 0;
  for (std::size_t i = 0; i < needs.size(); ++i) {
    const Assessment& e = needs[i].first;
    const MatterNeed& n = e.needs[needs[i].second];
    const json& f = freq[i]["outputs"];
    const json& g = assign[i]["outputs"];
    INFO(e.id << " " << n.matter);
    REQUIRE(freq[i]["complete"] == true);
    CHECK(f["min_per_year"] == n.min);
    CHECK(f["max_per_year"].is_null() == !n.max.has_value());
    if (n.max) CHECK(f["max_per_year"] == *n.max);
    CHECK(f["sampling_ratio"].is_null() == !n.ratio.has_value());
    if (n.ratio) {
      // eval writes percents as `5%`; the assessment keeps the exact fraction.
      const std::string pct = f["sampling_ratio"];
      CHECK(runtime::FormatScaled(*n.ratio * 100) + "%" == pct);
    }
    CHECK(f["exempt_unless_triggered"] == n.exempt);
    if (f.contains("key")) CHECK(f["key"] == n.key);  // else the matter's own `key`
    CHECK(f["basis"].get<std::vector<std::string>>() == n.basis);
    CHECK(g["lead"] == n.lead);
    CHECK(g["cooperators"].get<std::vector<std::string>>() == n.cooperators);
    CHECK(g["delegable"] == n.delegable);
    CHECK(g["competent"] == e.competent);
    CHECK(n.sample_key == SampleKey("test seed", n.matter, e.id));
    sampled += n.ratio ? 1 : 0;
    exempt += n.exempt ? 1 : 0;
    capped += n.max ? 1 : 0;
  }
  // The sample exercises each kind of answer.
  CHECK(sampled > 0);
  CHECK(exempt > 0);
  CHECK(capped > 0);
}

TEST_CASE("assessments do not depend on register order, run size or threads", "[plan][assessment]") {
  TempDir dir("order");
  std::vector<std::string> rows = testing::ValidRows(300, 5);
  WriteFile(dir / "a.csv", testing::Csv(rows));
  std::shuffle(rows.begin(), rows.end(), std::mt19937(9));
  WriteFile(dir / "b.csv", testing::Csv(rows));
  AssessOptions base = Options(dir / "a.csv", dir / "base");
  REQUIRE(Assess(base).ok());
  const std::string expected = Assessments(dir / "base");

  AssessOptions spilled = base;
  spilled.out_dir = dir / "spilled";
  spilled.run_rows = 7;
  spilled.threads = 1;
  REQUIRE(Assess(spilled).ok());
  CHECK(Assessments(dir / "spilled") == expected);

  AssessOptions shuffled = base;
  shuffled.register_path = dir / "b.csv";
  shuffled.out_dir = dir / "shuffled";
  shuffled.run_rows = 50;
  REQUIRE(Assess(shuffled).ok());
  const std::string got = Assessments(dir / "shuffled");
  CHECK(got != expected);  // the register lines moved...
  CHECK(WithoutLines(got) == WithoutLines(expected));  // ...and nothing else
}

TEST_CASE("shards partition the register and merge back to the single run", "[plan][assessment]") {
  TempDir dir("shards");
  WriteFile(dir / "register.csv", testing::Csv(testing::ValidRows(250, 21)));
  AssessOptions single = Options(dir / "register.csv", dir / "single");
  REQUIRE(Assess(single).ok());
  std::vector<std::string> shard_dirs;
  std::set<std::string> ids;
  std::int64_t total = 0;
  for (int i = 3; i >= 1; --i) {  // any order
    AssessOptions o = single;
    o.shard = ShardSpec{i, 3};
    o.out_dir = dir / ("shard-" + std::to_string(i));
    auto info = Assess(o);
    REQUIRE(info.ok());
    CHECK(info->shard.index == i);
    CHECK(info->register_rows == 250);
    CHECK(info->enterprises > 40);
    total += info->enterprises;
    for (const std::string& l : Lines(Assessments(o.out_dir))) {
      const std::string id = json::parse(l)["id"];
      CHECK(ShardSpec{i, 3}.Contains(id));
      CHECK(ids.insert(id).second);
    }
    shard_dirs.push_back(o.out_dir);
  }
  CHECK(total == 250);
  auto merged = MergedAssessments::Open(shard_dirs);
  REQUIRE(merged.ok());
  CHECK((*merged)->info().enterprises == 250);
  CHECK((*merged)->info().shard.count == 1);
  std::string text;
  Assessment a;
  for (int pass = 0; pass < 2; ++pass) {
    text.clear();
    while (true) {
      auto next = (*merged)->Next(&a);
      REQUIRE(next.ok());
      if (!*next) break;
      plan_internal::AppendAssessmentJson(a, &text);
      text += "\n";
    }
    CHECK(text == Assessments(dir / "single"));
    REQUIRE((*merged)->Rewind().ok());
  }

  SECTION("shards of different runs, missing or repeated shards are refused") {
    auto missing = MergedAssessments::Open({shard_dirs[0], shard_dirs[1]});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == kBadShard);
    CHECK(missing.error().message == "missing shard(s) 1/3");
    auto twice = MergedAssessments::Open({shard_dirs[0], shard_dirs[1], shard_dirs[0]});
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().message.find("shard 3/3 given twice") != std::string::npos);
    auto mixed = MergedAssessments::Open({shard_dirs[0], dir / "single"});
    REQUIRE_FALSE(mixed.ok());
    CHECK(mixed.error().message.find("shard count 3 vs 1") != std::string::npos);
    AssessOptions other = single;
    other.seed = "another seed";
    other.shard = ShardSpec{1, 3};
    other.out_dir = dir / "other-seed";
    REQUIRE(Assess(other).ok());
    auto seeds = MergedAssessments::Open({shard_dirs[0], shard_dirs[1], other.out_dir});
    REQUIRE_FALSE(seeds.ok());
    CHECK(seeds.error().message.find("seed `test seed` vs `another seed`") != std::string::npos);
  }

  SECTION("an id in two shards is an error") {
    // Shard 3 gains a copy of shard 1's first line (kept sorted, count fixed).
    std::vector<std::string> lines3 = Lines(Assessments(shard_dirs[0]));
    const std::string stolen = Lines(Assessments(shard_dirs[2])).front();
    lines3.push_back(stolen);
    std::sort(lines3.begin(), lines3.end());
    std::string text3;
    for (const std::string& l : lines3) text3 += l + "\n";
    WriteFile(shard_dirs[0] + "/assessments.jsonl", text3);
    auto info = plan_internal::ReadShardInfo(shard_dirs[0]);
    REQUIRE(info.ok());
    info->enterprises += 1;
    REQUIRE(plan_internal::WriteShardInfo(shard_dirs[0], *info).ok());
    auto m = MergedAssessments::Open(shard_dirs);
    REQUIRE(m.ok());
    Result<bool> next = true;
    while (next.ok() && *next) next = (*m)->Next(&a);
    REQUIRE_FALSE(next.ok());
    CHECK(next.error().code == kDuplicateId);
    CHECK(next.error().message.find("is in shard") != std::string::npos);
  }
}

TEST_CASE("a shard file out of order or truncated is refused", "[plan][assessment]") {
  TempDir dir("corrupt");
  WriteFile(dir / "register.csv", testing::Csv(testing::ValidRows(10)));
  REQUIRE(Assess(Options(dir / "register.csv", dir / "out")).ok());
  std::vector<std::string> lines = Lines(Assessments(dir / "out"));
  auto drain = [&]() -> Result<bool> {
    auto r = AssessmentReader::Open(dir / "out");
    if (!r.ok()) return r.error();
    Assessment a;
    Result<bool> next = true;
    while (next.ok() && *next) next = (*r)->Next(&a);
    return next;
  };
  std::swap(lines[3], lines[4]);
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  WriteFile(dir / "out/assessments.jsonl", text);
  auto swapped = drain();
  REQUIRE_FALSE(swapped.ok());
  CHECK(swapped.error().message.find("assessments.jsonl:5: id E") != std::string::npos);
  std::swap(lines[3], lines[4]);
  lines.pop_back();
  text.clear();
  for (const std::string& l : lines) text += l + "\n";
  WriteFile(dir / "out/assessments.jsonl", text);
  auto truncated = drain();
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().message.find("9 assessments, shard.json says 10") != std::string::npos);
}

TEST_CASE("bad rows stop the run, or are skipped and counted once across shards", "[plan][assessment]") {
  TempDir dir("bad");
  std::vector<std::string> rows = testing::ValidRows(30);
  rows[4] = "E00004,x,rudong,catering,maybe,none,B,C,false,false,false,,false,";   // line 6
  rows[9] = "E00009,x,rudong,catering,false,none,B,C,false,false,false,,false";    // line 11: 13 cells
  rows[12] = rows[2];                                                            // line 14: duplicate of line 4
  rows[20] = ",x,rudong,catering,false,none,B,C,false,false,false,,false,";       // line 22: empty id
  WriteFile(dir / "register.csv", testing::Csv(rows));

  AssessOptions stop = Options(dir / "register.csv", dir / "stop");
  auto stopped = Assess(stop);
  REQUIRE_FALSE(stopped.ok());
  CHECK(stopped.error().code == kBadRow);
  CHECK(stopped.error().message ==
        dir / "register.csv:6: field high_risk_sector: \"maybe\" is not a bool (true or false)");
  CHECK_FALSE(std::filesystem::exists(dir / "stop/shard.json"));

  std::vector<std::string> reported;
  AssessOptions skip = stop;
  skip.out_dir = dir / "skip";
  skip.skip_bad = true;
  skip.on_bad_row = [&](const Error& e) { reported.push_back(e.message); };
  auto skipped = Assess(skip);
  REQUIRE(skipped.ok());
  CHECK(skipped->bad_rows == 4);
  CHECK(skipped->enterprises == 26);
  CHECK(skipped->register_rows == 30);
  REQUIRE(reported.size() == 4);
  CHECK(reported[0] == dir / "register.csv:6: field high_risk_sector: \"maybe\" is not a bool (true or false)");
  CHECK(reported[1] == dir / "register.csv:11: the row has 13 cells, the header 14");
  CHECK(reported[2] == dir / "register.csv:22: field id: empty (every enterprise needs an id)");
  CHECK(reported[3] == dir / "register.csv:14: field id: duplicate id E00002 (first at line 4)");

  // Without --skip-bad a duplicate is an error naming both lines.
  std::vector<std::string> dup_rows = testing::ValidRows(30);
  dup_rows[12] = dup_rows[2];
  WriteFile(dir / "dup.csv", testing::Csv(dup_rows));
  auto dup = Assess(Options(dir / "dup.csv", dir / "dup"));
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == kDuplicateId);
  CHECK(dup.error().message == dir / "dup.csv:14: field id: duplicate id E00002 (first at line 4)");

  // Each bad row is reported by one shard only.
  std::int64_t bad = 0, enterprises = 0;
  for (int i = 1; i <= 3; ++i) {
    AssessOptions o = skip;
    o.shard = ShardSpec{i, 3};
    o.out_dir = dir / ("shard-" + std::to_string(i));
    auto info = Assess(o);
    REQUIRE(info.ok());
    bad += info->bad_rows;
    enterprises += info->enterprises;
  }
  CHECK(bad == 4);
  CHECK(enterprises == 26);
}

TEST_CASE("rules not in force fail the run, even when bad rows are skipped", "[plan][assessment]") {
  TempDir dir("fails");
  WriteFile(dir / "register.csv", testing::Csv(testing::ValidRows(3)));
  AssessOptions o = Options(dir / "register.csv", dir / "out");
  o.year = 2020;  // before the Nantong plan: every decision fails closed
  for (bool skip_bad : {false, true}) {
    o.skip_bad = skip_bad;
    auto info = Assess(o);
    REQUIRE_FALSE(info.ok());
    CHECK(info.error().code == kBadRules);
    CHECK(info.error().message.find("is not in force on 2020-01-01") != std::string::npos);
  }
}

}  // namespace
}  // namespace bylaw::plan

namespace bylaw::plan {
namespace {

TEST_CASE("an exception in a worker stops the run with an error, not std::terminate", "[plan][assessment]") {
  // A host callback that throws, on the thread that calls AssessShard and
  // on the others: before, ShardRun::Run destroyed joinable workers when
  // Work() threw (issue 17, finding 4).
  TempDir dir("throwing");
  std::vector<std::string> rows = testing::ValidRows(5000);
  for (std::size_t i = 0; i < rows.size(); i += 7) rows[i] = "E9" + std::to_string(i) + ",x,rudong,catering,maybe";
  WriteFile(dir / "register.csv", testing::Csv(rows));
  for (int threads : {1, 2, 4}) {
    AssessOptions o = Options(dir / "register.csv", dir / ("out" + std::to_string(threads)));
    o.threads = threads;
    o.skip_bad = true;
    o.on_bad_row = [](const Error&) { throw std::runtime_error("the host's callback failed"); };
    auto r = Assess(o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "internal");
    CHECK(r.error().message == "the host's callback failed");
  }
}

}  // namespace
}  // namespace bylaw::plan
