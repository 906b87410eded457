// The exact streaming draw of objects (see sampling.h).
#include "sampling.h"

#include <algorithm>
#include <array>

#include "bylaw/runtime/value.h"

namespace bylaw::plan::plan_internal {

namespace {
constexpr int kBucketBits = 16;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;

std::size_t BucketOf(std::uint64_t key) { return static_cast<std::size_t>(key >> (64 - kBucketBits)); }
}  // namespace

std::int64_t DrawCount(std::int64_t ratio, std::int64_t pool) {
  if (ratio <= 0 || pool <= 0) return 0;
  const __int128 scaled = static_cast<__int128>(ratio) * pool;
  const __int128 k = (scaled + runtime::kDecimalScale - 1) / runtime::kDecimalScale;
  return k >= pool ? pool : static_cast<std::int64_t>(k);
}

struct SamplingDraw::GroupState {
  SamplingGroupKey key;
  std::int64_t pool = 0;
  std::int64_t k = 0;
  // Pass 1: pool members per top-16-bit bucket. Freed after FindBoundaries.
  std::unique_ptr<std::array<std::int64_t, kBuckets>> histogram =
      std::make_unique<std::array<std::int64_t, kBuckets>>();
  // The boundary: the bucket holding the k-th smallest key, and how many of
  // the k fall into it (the rest lie in lower buckets).
  std::size_t boundary = 0;
  std::int64_t rank_in_boundary = 0;
  std::vector<std::pair<std::uint64_t, std::string>> candidates;
  // The k-th (key, id); meaningful when 0 < k < pool.
  std::uint64_t threshold_key = 0;
  std::string threshold_id;
};

SamplingDraw::SamplingDraw() = default;
SamplingDraw::~SamplingDraw() = default;

int SamplingDraw::Group(std::string_view matter, std::string_view department,
                        std::string_view credit_class, std::int64_t ratio) {
  SamplingGroupKey key{std::string(matter), std::string(department), std::string(credit_class), ratio};
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  if (frozen_) return -1;
  const int g = static_cast<int>(groups_.size());
  auto state = std::make_unique<GroupState>();
  state->key = key;
  groups_.push_back(std::move(state));
  index_.emplace(std::move(key), g);
  return g;
}

int SamplingDraw::Find(std::string_view matter, std::string_view department, std::string_view credit_class,
                       std::int64_t ratio) const {
  auto it = index_.find(
      SamplingGroupKey{std::string(matter), std::string(department), std::string(credit_class), ratio});
  return it == index_.end() ? -1 : it->second;
}

void SamplingDraw::Count(int g, std::uint64_t key) {
  GroupState& s = *groups_[static_cast<std::size_t>(g)];
  ++s.pool;
  ++(*s.histogram)[BucketOf(key)];
}

void SamplingDraw::FindBoundaries() {
  frozen_ = true;
  for (auto& gp : groups_) {
    GroupState& s = *gp;
    s.k = DrawCount(s.key.ratio, s.pool);
    if (s.k > 0 && s.k < s.pool) {
      std::int64_t below = 0;
      for (std::size_t b = 0; b < kBuckets; ++b) {
        const std::int64_t here = (*s.histogram)[b];
        if (below + here >= s.k) {
          s.boundary = b;
          s.rank_in_boundary = s.k - below;  // 1-based rank inside the bucket
          break;
        }
        below += here;
      }
    }
    s.histogram.reset();
  }
}

bool SamplingDraw::NeedsCandidates() const {
  for (const auto& gp : groups_) {
    if (gp->k > 0 && gp->k < gp->pool) return true;
  }
  return false;
}

void SamplingDraw::Offer(int g, std::uint64_t key, std::string_view id) {
  GroupState& s = *groups_[static_cast<std::size_t>(g)];
  if (s.k == 0 || s.k == s.pool || BucketOf(key) != s.boundary) return;
  s.candidates.emplace_back(key, std::string(id));
}

void SamplingDraw::FixThresholds() {
  for (auto& gp : groups_) {
    GroupState& s = *gp;
    if (s.k == 0 || s.k == s.pool) continue;
    auto nth = s.candidates.begin() + (s.rank_in_boundary - 1);
    std::nth_element(s.candidates.begin(), nth, s.candidates.end());
    s.threshold_key = nth->first;
    s.threshold_id = nth->second;
    s.candidates.clear();
    s.candidates.shrink_to_fit();
  }
}

bool SamplingDraw::Drawn(int g, std::uint64_t key, std::string_view id) const {
  const GroupState& s = *groups_[static_cast<std::size_t>(g)];
  if (s.k == 0) return false;
  if (s.k == s.pool) return true;
  if (key != s.threshold_key) return key < s.threshold_key;
  return id <= s.threshold_id;
}

std::vector<SamplingGroupResult> SamplingDraw::Results() const {
  std::vector<SamplingGroupResult> out;
  out.reserve(index_.size());
  for (const auto& [key, g] : index_) {
    const GroupState& s = *groups_[static_cast<std::size_t>(g)];
    out.push_back(SamplingGroupResult{key, s.pool, s.k});
  }
  return out;
}

}  // namespace bylaw::plan::plan_internal
