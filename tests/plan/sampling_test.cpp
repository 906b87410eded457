// The streaming draw of objects (sampling.h) against brute force: sorting
// each pool by (sample_key, id) and taking the first ceil(ratio * |pool|)
// must give exactly the drawn set, for random pools and ratios, with tied
// keys, keys crowded into one histogram bucket, ratio 100%, tiny pools;
// and the quarters of an enterprise's occurrences.
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bylaw/runtime/value.h"
#include "quarters.h"
#include "sampling.h"

namespace bylaw::plan::plan_internal {
namespace {

struct Member {
  int group = 0;
  std::uint64_t key = 0;
  std::string id;
};

// The drawn ids per group, by the definition: sort, take the first k.
std::map<int, std::set<std::string>> BruteForce(const std::vector<Member>& members,
                                                const std::vector<std::int64_t>& ratios) {
  std::map<int, std::vector<std::pair<std::uint64_t, std::string>>> pools;
  for (const Member& m : members) pools[m.group].emplace_back(m.key, m.id);
  std::map<int, std::set<std::string>> drawn;
  for (auto& [g, pool] : pools) {
    std::sort(pool.begin(), pool.end());
    const auto n = static_cast<std::int64_t>(pool.size());
    // ceil(ratio * n) with the ratio as a fraction of kDecimalScale.
    std::int64_t k = (ratios[static_cast<std::size_t>(g)] * n + runtime::kDecimalScale - 1) / runtime::kDecimalScale;
    k = std::min(k, n);
    for (std::int64_t i = 0; i < k; ++i) drawn[g].insert(pool[static_cast<std::size_t>(i)].second);
  }
  return drawn;
}

// With `*pass2`, whether the draw needed its second pass.
std::map<int, std::set<std::string>> Streaming(const std::vector<Member>& members,
                                               const std::vector<std::int64_t>& ratios, bool* pass2 = nullptr) {
  SamplingDraw draw;
  std::vector<int> index;
  for (std::size_t g = 0; g < ratios.size(); ++g) {
    index.push_back(draw.Group("m" + std::to_string(g), "market", "A", ratios[g]));
  }
  for (const Member& m : members) draw.Count(index[static_cast<std::size_t>(m.group)], m.key, m.id);
  draw.FindBoundaries();
  if (pass2 != nullptr) *pass2 = draw.NeedsCandidates();
  if (draw.NeedsCandidates()) {
    for (const Member& m : members) draw.Offer(index[static_cast<std::size_t>(m.group)], m.key, m.id);
  }
  draw.FixThresholds();
  std::map<int, std::set<std::string>> drawn;
  for (const Member& m : members) {
    if (draw.Drawn(index[static_cast<std::size_t>(m.group)], m.key, m.id)) drawn[m.group].insert(m.id);
  }
  return drawn;
}

// Keys from a few shapes: uniform, a handful of values (ties), all in one
// top-16-bit bucket, or at the extremes.
std::uint64_t GenKey(int shape) {
  switch (shape) {
    case 0:
      return *rc::gen::arbitrary<std::uint64_t>();
    case 1:
      return *rc::gen::inRange<std::uint64_t>(0, 4);
    case 2:
      return (std::uint64_t{0xBEEF} << 48) | *rc::gen::inRange<std::uint64_t>(0, 1000);
    default:
      return *rc::gen::element<std::uint64_t>(0, 1, ~std::uint64_t{0}, ~std::uint64_t{0} - 1,
                                              std::uint64_t{1} << 48);
  }
}

TEST_CASE("the streaming draw equals sorting the pool", "[sampling]") {
  const bool ok = rc::check("streaming draw == brute force", [] {
    const int groups = *rc::gen::inRange(1, 4);
    std::vector<std::int64_t> ratios;
    for (int g = 0; g < groups; ++g) {
      const std::int64_t full = runtime::kDecimalScale;  // 100%
      ratios.push_back(*rc::gen::oneOf(rc::gen::just<std::int64_t>(std::int64_t{full}),
                                       rc::gen::just<std::int64_t>(std::int64_t{0}),
                                       rc::gen::just<std::int64_t>(std::int64_t{1}),
                                       rc::gen::inRange<std::int64_t>(1, full + 1)));
    }
    const int shape = *rc::gen::inRange(0, 4);
    const int size = *rc::gen::inRange(0, 400);
    std::vector<Member> members;
    std::set<std::string> ids;
    for (int i = 0; i < size; ++i) {
      Member m;
      m.group = *rc::gen::inRange(0, groups);
      m.key = GenKey(shape);
      m.id = "E" + std::to_string(*rc::gen::inRange(0, 100000));
      if (!ids.insert(m.id).second) continue;  // ids are unique in a register
      members.push_back(std::move(m));
    }
    RC_ASSERT(Streaming(members, ratios) == BruteForce(members, ratios));
  });
  CHECK(ok);
}

TEST_CASE("a large pool crowded into one bucket draws exactly k", "[sampling]") {
  std::vector<Member> members;
  for (int i = 0; i < 20000; ++i) {
    // Keys share their top 16 bits, half of them tied.
    members.push_back(Member{0, (std::uint64_t{7} << 48) | static_cast<std::uint64_t>(i % 10000),
                             "E" + std::to_string(1000000 + i * 7919 % 20000)});
  }
  const std::vector<std::int64_t> ratios{50000};  // 5%
  bool pass2 = false;
  auto drawn = Streaming(members, ratios, &pass2);
  CHECK(drawn[0].size() == 1000);
  CHECK(drawn == BruteForce(members, ratios));
  // Far from where evenly spread keys put the boundary: pass 2 found it.
  CHECK(pass2);
}

TEST_CASE("hash-spread keys find the threshold in pass 1", "[sampling]") {
  // Keys as SampleKey makes them (evenly spread), large pools at the
  // ratios of the Nantong rules and a few others.
  std::mt19937_64 gen(20260101);
  for (const std::int64_t ratio : {30000, 50000, 200000, 500000, 999999}) {
    DYNAMIC_SECTION("ratio " << ratio) {
      std::vector<Member> members;
      for (int i = 0; i < 150000; ++i) members.push_back(Member{i % 2, gen(), "E" + std::to_string(i)});
      const std::vector<std::int64_t> ratios{ratio, runtime::kDecimalScale - ratio};
      bool pass2 = true;
      auto drawn = Streaming(members, ratios, &pass2);
      CHECK_FALSE(pass2);
      CHECK(drawn == BruteForce(members, ratios));
    }
  }
}

TEST_CASE("the draw is exact whether or not pass 1 found the threshold", "[sampling]") {
  // Pools large enough to narrow the kept window, keys evenly spread,
  // crowded, tied, or spread over part of the range only.
  const bool ok = rc::check("streaming draw == brute force, large pools", [] {
    const std::int64_t ratio = *rc::gen::inRange<std::int64_t>(1, runtime::kDecimalScale);
    const int shape = *rc::gen::inRange(0, 4);
    const int size = *rc::gen::inRange(1000, 6000);
    const std::uint64_t seed = *rc::gen::arbitrary<std::uint64_t>();
    std::mt19937_64 gen(seed);
    std::vector<Member> members;
    for (int i = 0; i < size; ++i) {
      std::uint64_t key = gen();
      if (shape == 1) key >>= 3;                                       // the lowest eighth only
      if (shape == 2) key = (std::uint64_t{0x1234} << 48) | (key >> 40);  // one bucket
      if (shape == 3) key &= ~std::uint64_t{0} << 58;                  // 64 values: ties
      members.push_back(Member{0, key, "E" + std::to_string(i)});
    }
    const std::vector<std::int64_t> ratios{ratio};
    RC_ASSERT(Streaming(members, ratios) == BruteForce(members, ratios));
  });
  CHECK(ok);
}

TEST_CASE("the number drawn is ceil(ratio * pool)", "[sampling]") {
  CHECK(DrawCount(50000, 0) == 0);
  CHECK(DrawCount(50000, 1) == 1);     // 5% of one: ceil(0.05) = 1
  CHECK(DrawCount(50000, 20) == 1);
  CHECK(DrawCount(50000, 21) == 2);
  CHECK(DrawCount(200000, 10) == 2);
  CHECK(DrawCount(1000000, 7) == 7);
  CHECK(DrawCount(0, 7) == 0);
  CHECK(DrawCount(30000, 100) == 3);
  CHECK(DrawCount(30001, 100) == 4);
  // No overflow for a province: 50 million at 99.9999%.
  CHECK(DrawCount(999999, 50000000) == 49999950);
}

TEST_CASE("groups report pool and drawn in key order", "[sampling]") {
  SamplingDraw draw;
  const int b = draw.Group("market_general", "market", "B", 200000);
  const int a = draw.Group("market_general", "market", "A", 50000);
  CHECK(draw.Group("market_general", "market", "B", 200000) == b);
  for (std::uint64_t k = 0; k < 10; ++k) draw.Count(b, k << 60, "E" + std::to_string(k));
  draw.Count(a, 1, "E0");
  draw.FindBoundaries();
  CHECK(draw.Group("fire_safety", "fire", "A", 1) == -1);  // pass 1 is over
  const auto results = draw.Results();
  REQUIRE(results.size() == 2);
  CHECK(results[0].key.credit_class == "A");
  CHECK(results[0].pool == 1);
  CHECK(results[0].drawn == 1);
  CHECK(results[1].key.credit_class == "B");
  CHECK(results[1].pool == 10);
  CHECK(results[1].drawn == 2);
}

TEST_CASE("occurrences spread over the quarters from the start quarter", "[quarters]") {
  struct Case {
    int q0;
    std::int64_t n;
    std::vector<int> quarters;
  };
  const Case cases[] = {
      {0, 1, {0}},       {2, 1, {2}},       {1, 2, {1, 3}},          {3, 2, {3, 1}},
      {0, 3, {0, 1, 2}}, {3, 4, {3, 0, 1, 2}}, {2, 6, {2, 3, 0, 1, 2, 3}},
  };
  for (const Case& c : cases) {
    std::vector<int> got;
    for (std::int64_t j = 0; j < c.n; ++j) got.push_back(OccurrenceQuarter(c.q0, j, c.n));
    INFO("q0 " << c.q0 << " n " << c.n);
    CHECK(got == c.quarters);
  }
}

TEST_CASE("the start quarter is keyed by seed and id, and spread evenly", "[quarters]") {
  std::array<int, 4> counts{};
  int changed = 0;
  for (int i = 0; i < 4000; ++i) {
    const std::string id = "91320600MA" + std::to_string(100000 + i);
    const int q = StartQuarter("seed-2026", id);
    REQUIRE(q >= 0);
    REQUIRE(q < 4);
    ++counts[static_cast<std::size_t>(q)];
    if (StartQuarter("seed-2027", id) != q) ++changed;
  }
  for (int c : counts) CHECK(c > 850);  // 1000 expected each
  CHECK(changed > 2700);                // 3000 expected with another seed
}

}  // namespace
}  // namespace bylaw::plan::plan_internal
