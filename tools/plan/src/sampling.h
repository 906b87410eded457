// The double-random draw of objects (双随机, docs/plan.md): for each
// sampling group, exactly the k = ceil(ratio * |pool|) enterprises with the
// smallest (sample_key, id), found by streaming passes whose memory is per
// group (and a small fraction of its pool, below), never one entry per
// enterprise. Internal to bylaw_plan (see planner.h).
//
//   SamplingDraw draw;
//   for (each non-exempt sampled need n of enterprise e)          // pass 1
//     draw.Count(draw.Group(n.matter, n.lead, e.credit_class, *n.ratio), n.sample_key, e.id);
//   draw.FindBoundaries();
//   if (draw.NeedsCandidates())
//     for (each such need again)                                   // pass 2
//       draw.Offer(group, n.sample_key, e.id);
//   draw.FixThresholds();
//   bool drawn = draw.Drawn(group, n.sample_key, e.id);            // pass 3
//
// A group is (matter, lead department, credit class, ratio); its pool is the
// enterprises with a non-exempt need of that matter with that ratio. Pass 1
// counts each group and builds a histogram of the keys' top 16 bits; the
// bucket holding the k-th smallest key is the boundary. Pass 2 keeps only
// the keys in each boundary bucket (about |pool| / 65536 of them) and sorts
// them to find the k-th (key, id): the threshold. Sample keys are hashes,
// spread evenly, so the boundary lies near bucket ratio * 65536: pass 1
// already keeps the members of a window of buckets around it, narrowed as
// the pool grows (about 16 sqrt(|pool| r (1 - r)) members, at most
// max(4096, |pool| / 32), so memory stays far below one entry per member),
// and when the boundary falls inside the window the threshold is found
// without pass 2 (NeedsCandidates is false). Otherwise pass 2 runs as
// described: the window decides only whether pass 2 is needed, never who
// is drawn. An enterprise is drawn iff
// its (key, id) <= the threshold, compared bytewise on the id, so ties of
// keys are broken by id and the draw is exactly the first k of the sort.
//
// Not thread-safe. Calls must follow the order above; Group may be called
// in any pass and returns the same index for the same group.
#ifndef BYLAW_PLAN_SRC_SAMPLING_H_
#define BYLAW_PLAN_SRC_SAMPLING_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace bylaw::plan::plan_internal {

// The number drawn from a pool of `pool` at `ratio` (scaled by
// runtime::kDecimalScale): ceil(ratio * pool), at most pool. A ratio <= 0
// draws nobody.
std::int64_t DrawCount(std::int64_t ratio, std::int64_t pool);

struct SamplingGroupKey {
  std::string matter;
  std::string department;
  std::string credit_class;
  std::int64_t ratio = 0;  // scaled by runtime::kDecimalScale
  auto Tie() const { return std::tie(matter, department, credit_class, ratio); }
  bool operator<(const SamplingGroupKey& o) const { return Tie() < o.Tie(); }
};

// A group key's fields as views, to look a group up without copying them.
struct SamplingGroupView {
  std::string_view matter, department, credit_class;
  std::int64_t ratio = 0;
  auto Tie() const { return std::tie(matter, department, credit_class, ratio); }
};

// Orders keys and views alike (std::map's heterogeneous lookup).
struct SamplingGroupLess {
  using is_transparent = void;
  static SamplingGroupView View(const SamplingGroupKey& k) {
    return SamplingGroupView{k.matter, k.department, k.credit_class, k.ratio};
  }
  static const SamplingGroupView& View(const SamplingGroupView& v) { return v; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return View(a).Tie() < View(b).Tie();
  }
};

// One group's outcome, for the summary.
struct SamplingGroupResult {
  SamplingGroupKey key;
  std::int64_t pool = 0;
  std::int64_t drawn = 0;
};

class SamplingDraw {
 public:
  SamplingDraw();
  ~SamplingDraw();
  SamplingDraw(const SamplingDraw&) = delete;
  SamplingDraw& operator=(const SamplingDraw&) = delete;

  // The index of the group, created on first use (pass 1 only: later
  // passes must name groups that exist; an unknown one returns -1).
  int Group(std::string_view matter, std::string_view department,
            std::string_view credit_class, std::int64_t ratio);
  // The index of an existing group, or -1. Thread-safe with other const
  // calls (pass 3 runs on several threads).
  int Find(std::string_view matter, std::string_view department, std::string_view credit_class,
           std::int64_t ratio) const;
  // Pass 1: one pool member of group `g`.
  void Count(int g, std::uint64_t key, std::string_view id);
  // After pass 1: each group's k and boundary bucket.
  void FindBoundaries();
  // Whether pass 2 is needed: some group draws neither nobody nor everyone
  // and its boundary bucket's members were not all kept in pass 1.
  bool NeedsCandidates() const;
  // Pass 2: a pool member again; kept only if it falls in the boundary.
  void Offer(int g, std::uint64_t key, std::string_view id);
  // After pass 2: each group's exact threshold.
  void FixThresholds();
  // Pass 3: whether the member (key, id) of group `g` is drawn.
  bool Drawn(int g, std::uint64_t key, std::string_view id) const;

  // Groups in key order (matter, department, credit class, ratio).
  std::vector<SamplingGroupResult> Results() const;

 private:
  struct GroupState;
  static void Narrow(GroupState* s);
  static void StopKeeping(GroupState* s);
  std::map<SamplingGroupKey, int, SamplingGroupLess> index_;
  std::vector<std::unique_ptr<GroupState>> groups_;
  bool frozen_ = false;  // after pass 1: no new groups
};

}  // namespace bylaw::plan::plan_internal

#endif  // BYLAW_PLAN_SRC_SAMPLING_H_
