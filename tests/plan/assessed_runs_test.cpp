// RunPlan's fast path (assessed_runs.h) against its reference: the sampling
// pools counted while the sorted runs are merged, and the assessments read
// from the runs, equal those of the shard written to assessments.jsonl and
// read back (AssessShard + MergedAssessments), on random small registers
// with duplicate ids, in any order, for any run size.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "assessed_runs.h"
#include "assessment_json.h"
#include "assessment_record.h"
#include "bylaw/plan/assessment.h"
#include "p1_test_support.h"
#include "sampling.h"

namespace bylaw::plan {
namespace {

using plan_internal::SamplingDraw;
using testing::Nantong;
using testing::TempDir;
using testing::WriteFile;

void CountNeeds(const Assessment& a, SamplingDraw* draw) {
  for (const MatterNeed& n : a.needs) {
    if (n.exempt || !n.ratio.has_value()) continue;
    draw->Count(draw->Group(n.matter, n.lead, a.credit_class, *n.ratio), n.sample_key, a.id);
  }
}

// Every assessment of `source` (rewound first) as its assessments.jsonl line.
std::vector<std::string> ReadAll(MergedAssessments& source) {
  std::vector<std::string> lines;
  RC_ASSERT(source.Rewind().ok());
  source.Select(AssessmentFields::kAll);
  Assessment a;
  while (true) {
    Result<bool> next = source.Next(&a);
    RC_ASSERT(next.ok());
    if (!*next) break;
    lines.emplace_back();
    plan_internal::AppendAssessmentJson(a, &lines.back());
  }
  return lines;
}

// Finishes a draw whose pools are counted: its groups and, for every
// sampled need of `source`, whether it is drawn.
std::vector<std::string> Draws(SamplingDraw* draw, MergedAssessments& source) {
  draw->FindBoundaries();
  Assessment a;
  source.Select(AssessmentFields::kSampling);
  if (draw->NeedsCandidates()) {
    RC_ASSERT(source.Rewind().ok());
    while (*source.Next(&a)) {
      for (const MatterNeed& n : a.needs) {
        if (n.exempt || !n.ratio.has_value()) continue;
        draw->Offer(draw->Group(n.matter, n.lead, a.credit_class, *n.ratio), n.sample_key, a.id);
      }
    }
  }
  draw->FixThresholds();
  std::vector<std::string> out;
  for (const plan_internal::SamplingGroupResult& g : draw->Results()) {
    out.push_back(g.key.matter + "/" + g.key.department + "/" + g.key.credit_class + "/" +
                  std::to_string(g.key.ratio) + ": " + std::to_string(g.pool) + " " +
                  std::to_string(g.drawn));
  }
  RC_ASSERT(source.Rewind().ok());
  while (*source.Next(&a)) {
    for (const MatterNeed& n : a.needs) {
      if (n.exempt || !n.ratio.has_value()) continue;
      const int g = draw->Find(n.matter, n.lead, a.credit_class, *n.ratio);
      RC_ASSERT(g >= 0);
      out.push_back(a.id + " " + n.matter +
                    (draw->Drawn(g, n.sample_key, a.id) ? " drawn" : " not drawn"));
    }
  }
  return out;
}

TEST_CASE("pools counted during the merge and the runs read directly equal the file read back",
          "[plan][assessment][sampling]") {
  const bool ok = rc::check("AssessIntoRuns == AssessShard + re-reading", [] {
    const int count = *rc::gen::inRange(0, 160);
    const auto seed = *rc::gen::arbitrary<std::uint32_t>();
    std::vector<std::string> rows = testing::ValidRows(count, seed);
    // Duplicate ids: a row repeated whole, or its id over another row.
    const int dups = count == 0 ? 0 : *rc::gen::inRange(0, 6);
    for (int d = 0; d < dups; ++d) {
      const std::string& from = rows[*rc::gen::inRange<std::size_t>(0, rows.size())];
      if (*rc::gen::arbitrary<bool>()) {
        rows.push_back(from);
      } else {
        const std::string& other = rows[*rc::gen::inRange<std::size_t>(0, rows.size())];
        rows.push_back(from.substr(0, from.find(',')) + other.substr(other.find(',')));
      }
    }
    std::mt19937 rng(seed);
    std::shuffle(rows.begin(), rows.end(), rng);
    const bool skip_bad = dups == 0 || *rc::gen::inRange(0, 4) > 0;

    TempDir dir("runs");
    WriteFile(dir / "register.csv", testing::Csv(rows));
    AssessOptions o;
    o.register_path = dir / "register.csv";
    o.year = 2026;
    o.seed = "seed " + std::to_string(seed);
    o.skip_bad = skip_bad;
    o.threads = *rc::gen::inRange(1, 3);
    o.run_rows = *rc::gen::inRange<std::size_t>(1, 200);
    std::vector<std::string> reported_ref, reported_fast;

    // The reference: the shard's file, its pools counted by reading it back.
    AssessOptions ref = o;
    ref.out_dir = dir / "ref";
    ref.on_bad_row = [&](const Error& e) { reported_ref.push_back(e.ToString()); };
    auto shard = AssessShard(*Nantong().book, Nantong().schema, ref);

    // The fast path: the pools counted by the merge that drops duplicates.
    AssessOptions fast = o;
    fast.out_dir = dir / "fast";
    fast.on_bad_row = [&](const Error& e) { reported_fast.push_back(e.ToString()); };
    SamplingDraw counted;
    Assessment a;
    std::string error;
    auto runs = plan_internal::AssessIntoRuns(
        *Nantong().book, Nantong().schema, fast,
        [&](std::string_view id, std::string_view record,
            const plan_internal::RecordStrings& strings) -> Status {
          RC_ASSERT(plan_internal::ParseAssessmentRecord(id, record, strings, &a, &error,
                                                         AssessmentFields::kSampling));
          CountNeeds(a, &counted);
          return {};
        });
    RC_ASSERT(reported_fast == reported_ref);
    RC_ASSERT(runs.ok() == shard.ok());
    if (!shard.ok()) {
      RC_ASSERT(runs.error().ToString() == shard.error().ToString());
      return;
    }
    const ShardInfo& info = (*runs)->info();
    RC_ASSERT(info.enterprises == shard->enterprises);
    RC_ASSERT(info.bad_rows == shard->bad_rows);
    RC_ASSERT(info.register_rows == shard->register_rows);
    RC_ASSERT(info.bundle_hash == shard->bundle_hash);
    RC_ASSERT(info.seed == shard->seed);
    RC_ASSERT(info.as_of == shard->as_of);

    auto merged = MergedAssessments::Open({ref.out_dir});
    RC_ASSERT(merged.ok());
    const std::vector<std::string> expected = ReadAll(**merged);
    RC_ASSERT(static_cast<std::int64_t>(expected.size()) == shard->enterprises);
    RC_ASSERT(ReadAll(**runs) == expected);
    RC_ASSERT(ReadAll(**runs) == expected);  // rewound, read again alike

    SamplingDraw reread;
    RC_ASSERT((*merged)->Rewind().ok());
    (*merged)->Select(AssessmentFields::kSampling);
    while (*(*merged)->Next(&a)) CountNeeds(a, &reread);
    RC_ASSERT(Draws(&counted, **runs) == Draws(&reread, **merged));
  });
  CHECK(ok);
}

}  // namespace
}  // namespace bylaw::plan
