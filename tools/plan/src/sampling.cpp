// The exact streaming draw of objects (see sampling.h).
#include "sampling.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "bylaw/runtime/value.h"

namespace bylaw::plan::plan_internal {

namespace {
constexpr int kBucketBits = 16;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;

std::size_t BucketOf(std::uint64_t key) { return static_cast<std::size_t>(key >> (64 - kBucketBits)); }

// Pass 1 keeps the members of the buckets where the boundary is expected
// (see sampling.h). The window is this many standard deviations of the
// k-th smallest key's bucket either side of ratio * kBuckets, plus a margin
// of buckets; it is narrowed each time the pool doubles from kFirstNarrow.
constexpr double kWindowSigmas = 8;
constexpr double kWindowMargin = 2;
constexpr std::int64_t kFirstNarrow = 1024;
// More kept than this (keys that are not spread evenly): give up keeping,
// pass 2 finds the threshold.
std::size_t KeepLimit(std::int64_t pool) {
  return std::max<std::size_t>(4096, static_cast<std::size_t>(pool / 32));
}
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
  // Pass 1: every member whose bucket is in [keep_lo, keep_hi] (empty when
  // keep_lo > keep_hi); the window only narrows.
  std::vector<std::pair<std::uint64_t, std::string>> kept;
  std::size_t keep_lo = 0, keep_hi = kBuckets - 1;
  std::int64_t next_narrow = kFirstNarrow;
  // The boundary's members were kept in pass 1: pass 2 is not needed.
  bool found_in_pass1 = false;
  // The k-th (key, id); meaningful when 0 < k < pool.
  std::uint64_t threshold_key = 0;
  std::string threshold_id;
};

SamplingDraw::SamplingDraw() = default;
SamplingDraw::~SamplingDraw() = default;

int SamplingDraw::Group(std::string_view matter, std::string_view department,
                        std::string_view credit_class, std::int64_t ratio) {
  auto it = index_.find(SamplingGroupView{matter, department, credit_class, ratio});
  if (it != index_.end()) return it->second;
  if (frozen_) return -1;
  SamplingGroupKey key{std::string(matter), std::string(department), std::string(credit_class), ratio};
  const int g = static_cast<int>(groups_.size());
  auto state = std::make_unique<GroupState>();
  state->key = key;
  groups_.push_back(std::move(state));
  index_.emplace(std::move(key), g);
  return g;
}

int SamplingDraw::Find(std::string_view matter, std::string_view department, std::string_view credit_class,
                       std::int64_t ratio) const {
  auto it = index_.find(SamplingGroupView{matter, department, credit_class, ratio});
  return it == index_.end() ? -1 : it->second;
}

void SamplingDraw::Count(int g, std::uint64_t key, std::string_view id) {
  GroupState& s = *groups_[static_cast<std::size_t>(g)];
  ++s.pool;
  const std::size_t b = BucketOf(key);
  ++(*s.histogram)[b];
  if (b >= s.keep_lo && b <= s.keep_hi) s.kept.emplace_back(key, std::string(id));
  if (s.pool == s.next_narrow) {
    s.next_narrow *= 2;
    Narrow(&s);
  } else if (s.kept.size() > KeepLimit(s.pool)) {
    StopKeeping(&s);
  }
}

void SamplingDraw::StopKeeping(GroupState* s) {
  s->keep_lo = 1;
  s->keep_hi = 0;
  s->kept.clear();
  s->kept.shrink_to_fit();
}

void SamplingDraw::Narrow(GroupState* s) {
  // The k-th smallest of `pool` evenly spread keys lies near the quantile
  // ratio, with a standard deviation of sqrt(r (1 - r) / pool). Where it
  // really lies decides only whether pass 2 is needed, never the draw.
  const double r = static_cast<double>(s->key.ratio) / static_cast<double>(runtime::kDecimalScale);
  if (!(r > 0 && r < 1)) {
    StopKeeping(s);  // nobody or everyone is drawn: no threshold to find
    return;
  }
  const double buckets = static_cast<double>(kBuckets);
  const double sigma = buckets * std::sqrt(r * (1 - r) / static_cast<double>(s->pool));
  const double lo = std::floor(r * buckets - kWindowSigmas * sigma - kWindowMargin);
  const double hi = std::ceil(r * buckets + kWindowSigmas * sigma + kWindowMargin);
  s->keep_lo = std::max(s->keep_lo, lo <= 0 ? std::size_t{0} : static_cast<std::size_t>(lo));
  s->keep_hi = std::min(s->keep_hi, hi >= buckets - 1 ? kBuckets - 1 : static_cast<std::size_t>(hi));
  auto outside = [&](const std::pair<std::uint64_t, std::string>& m) {
    const std::size_t b = BucketOf(m.first);
    return b < s->keep_lo || b > s->keep_hi;
  };
  s->kept.erase(std::remove_if(s->kept.begin(), s->kept.end(), outside), s->kept.end());
  if (s->kept.size() > KeepLimit(s->pool)) StopKeeping(s);
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
      if (s.boundary >= s.keep_lo && s.boundary <= s.keep_hi) {
        // Every member of the boundary bucket was kept.
        for (auto& m : s.kept) {
          if (BucketOf(m.first) == s.boundary) s.candidates.push_back(std::move(m));
        }
        s.found_in_pass1 = true;
      }
    }
    s.kept.clear();
    s.kept.shrink_to_fit();
    s.histogram.reset();
  }
}

bool SamplingDraw::NeedsCandidates() const {
  for (const auto& gp : groups_) {
    if (gp->k > 0 && gp->k < gp->pool && !gp->found_in_pass1) return true;
  }
  return false;
}

void SamplingDraw::Offer(int g, std::uint64_t key, std::string_view id) {
  GroupState& s = *groups_[static_cast<std::size_t>(g)];
  if (s.k == 0 || s.k == s.pool || s.found_in_pass1 || BucketOf(key) != s.boundary) return;
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
