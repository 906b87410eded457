// Finalize: from merged assessments to the plan's files (see
// bylaw/plan/planner.h). Three passes over the assessments: count the
// sampling pools, find the draw's boundaries, then build the visits in
// chunks on worker threads and write them in order. RunPlan without
// keep_shards counts the pools while the assessment's sorted runs are
// merged, and the later passes read the runs directly (assessed_runs.h).
#include "bylaw/plan/planner.h"
#include "bylaw/files/atomic_file.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "assessed_runs.h"
#include "assessment_json.h"
#include "assessment_record.h"
#include "bylaw/plan/html_report.h"
#include "inspector_draw.h"
#include "plan_summary.h"
#include "plan_writer.h"
#include "previous_plan.h"
#include "quarters.h"
#include "sampling.h"
#include "visit_builder.h"
#include "visit_lists.h"

namespace bylaw::plan {
namespace {

namespace fs = std::filesystem;
using namespace plan_internal;

constexpr std::size_t kChunkEnterprises = 2048;
constexpr const char* kVisitDecision = "plan.visit";

std::string EffectiveAsOf(const PlanOptions& o) {
  return o.as_of.empty() ? std::to_string(o.year) + "-01-01" : o.as_of;
}

Status WriteWhole(const std::string& path, std::string_view text) {
  return files::WriteFileAtomically(path, text);
}

// Reports progress at most every interval, and once at the end.
class ProgressClock {
 public:
  explicit ProgressClock(const PlanOptions& o) : options_(o), start_(std::chrono::steady_clock::now()) {}
  void Tick(int pass, std::int64_t enterprises, bool done) {
    if (!options_.finalize_progress) return;
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    if (!done && seconds - last_ < options_.progress_interval_seconds) return;
    last_ = seconds;
    options_.finalize_progress(FinalizeProgress{pass, enterprises, seconds, done, total_});
  }
  void SetTotal(std::int64_t total) { total_ = total; }

 private:
  const PlanOptions& options_;
  std::chrono::steady_clock::time_point start_;
  double last_ = 0;
  std::int64_t total_ = 0;
};

// What pass 3 reads but never changes.
struct BuildContext {
  const PlanOptions* options = nullptr;
  const SamplingDraw* draw = nullptr;
  const std::vector<std::string>* departments = nullptr;
  bool audit = false;
  bool lists = false;  // collect report.html's visit lists
};

struct ChunkIn {
  std::vector<Assessment> enterprises;
  std::vector<std::vector<std::string>> excluded;  // previous plan's inspectors
};

struct AuditItem {
  std::string outputs_json, facts_json;
  std::vector<std::string> fired;
};

struct ChunkOut {
  // The chunk's inputs, handed back so that the reading thread parses the
  // next chunk into their buffers: the assessments' strings are neither
  // allocated on one thread and freed on another nor allocated anew.
  ChunkIn spent;
  std::string jsonl, csv;
  SummaryCounts counts;
  std::vector<AuditItem> audit;
  std::vector<ListedVisit> listed;  // with BuildContext::lists
  std::optional<Error> error;  // the first in enterprise order
};

ChunkOut BuildChunk(const BuildContext& ctx, const ChunkIn& in, InspectorPools* pools) {
  ChunkOut out;
  const PlanOptions& o = *ctx.options;
  std::vector<bool> drawn;
  std::vector<std::int64_t> occurrences;
  for (std::size_t e = 0; e < in.enterprises.size(); ++e) {
    const Assessment& a = in.enterprises[e];
    drawn.assign(a.needs.size(), false);
    occurrences.assign(a.needs.size(), 0);
    for (std::size_t i = 0; i < a.needs.size(); ++i) {
      const MatterNeed& n = a.needs[i];
      if (n.exempt || !n.ratio.has_value()) continue;
      const int g = ctx.draw->Find(n.matter, n.lead, a.credit_class, *n.ratio);
      if (g < 0) {
        out.error = Error{kBadShard, "enterprise " + a.id + ": matter " + n.matter +
                                         " changed between the passes over the assessments", {}};
        return out;
      }
      drawn[i] = ctx.draw->Drawn(g, n.sample_key, a.id);
    }
    for (std::size_t i = 0; i < a.needs.size(); ++i) {
      Result<std::int64_t> n = Occurrences(a.needs[i], drawn[i]);
      occurrences[i] = n.ok() ? *n : 0;  // BuildVisits reports the error
    }
    VisitBuildInput input;
    input.enterprise = &a;
    input.drawn = &drawn;
    input.start_quarter = StartQuarter(o.seed, a.id);
    input.departments = ctx.departments;
    Result<std::vector<Visit>> visits = BuildVisits(input);
    if (!visits.ok()) {
      out.error = visits.error();
      return out;
    }
    std::string facts;
    if (ctx.audit) AppendAssessmentJson(a, &facts);
    for (Visit& v : *visits) {
      Status drawn_ok = DrawInspectors(&v, a, o.year, o.seed, in.excluded[e], pools);
      if (!drawn_ok.ok()) {
        out.error = drawn_ok.error();
        return out;
      }
      v.code = VisitCode(v, o.year, o.seed);
      const std::size_t start = out.jsonl.size();
      AppendVisitJson(v, &out.jsonl);
      AppendVisitCsv(v, &out.csv);
      if (ctx.lists) out.listed.push_back(ListedOf(v));
      if (ctx.audit) {
        AuditItem item;
        item.outputs_json = out.jsonl.substr(start, out.jsonl.size() - start - 1);
        item.facts_json = facts;
        item.fired = v.rules;
        out.audit.push_back(std::move(item));
      }
    }
    out.counts.Add(a, occurrences, *visits);
  }
  return out;
}

// Chunks built on worker threads, handed back in submission order. The
// number in flight is bounded, so memory stays flat in the register size.
class OrderedBuilder {
 public:
  OrderedBuilder(const BuildContext& ctx, const Roster& roster, int threads) : ctx_(ctx) {
    const int n = threads < 1 ? 1 : threads;
    max_in_flight_ = static_cast<std::size_t>(2 * n);
    // A thread that cannot be started leaves the work to the others; with
    // none, the caller's Take builds the chunk itself (see Take).
    for (int i = 0; i < n; ++i) {
      try {
        workers_.emplace_back([this, &roster] { Work(roster); });
      } catch (const std::system_error&) {
        break;
      }
    }
    if (workers_.empty()) throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                                                  "cannot start a planning thread");
  }
  ~OrderedBuilder() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  // Whether Submit must wait for a Take first. Only the caller takes, so
  // Submit itself never blocks: a full builder waiting for its own caller
  // would deadlock.
  bool Full() {
    std::lock_guard<std::mutex> lock(mu_);
    return submitted_ - taken_ >= max_in_flight_;
  }
  void Submit(ChunkIn chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    jobs_.push_back(Job{submitted_++, std::move(chunk)});
    results_.emplace_back();
    work_cv_.notify_one();
  }
  bool Pending() {
    std::lock_guard<std::mutex> lock(mu_);
    return taken_ < submitted_;
  }
  // The next chunk's result in order; with `wait` false, only when ready.
  std::optional<ChunkOut> Take(bool wait) {
    std::unique_lock<std::mutex> lock(mu_);
    if (taken_ == submitted_) return std::nullopt;
    if (wait) {
      done_cv_.wait(lock, [&] { return results_.front().has_value(); });
    } else if (!results_.front().has_value()) {
      return std::nullopt;
    }
    ChunkOut out = std::move(*results_.front());
    results_.pop_front();
    ++taken_;
    done_cv_.notify_all();
    return out;
  }

 private:
  struct Job {
    std::size_t index;
    ChunkIn chunk;
  };
  void Work(const Roster& roster) {
    InspectorPools pools(roster);
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      // Whatever BuildChunk throws (out of memory) becomes the chunk's
      // error, which the caller reports in order: an exception leaving a
      // std::thread would call std::terminate.
      ChunkOut out;
      try {
        out = BuildChunk(ctx_, job.chunk, &pools);
      } catch (const std::exception& e) {
        out = ChunkOut();
        out.error = Error{"internal", std::string("cannot build visits: ") + e.what(), {}};
      }
      out.spent = std::move(job.chunk);
      {
        std::lock_guard<std::mutex> lock(mu_);
        results_[job.index - taken_] = std::move(out);
      }
      done_cv_.notify_all();
    }
  }

  const BuildContext& ctx_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Job> jobs_;
  std::deque<std::optional<ChunkOut>> results_;  // index taken_ at the front
  std::size_t submitted_ = 0, taken_ = 0, max_in_flight_ = 4;
  bool stop_ = false;
};

Status CheckShards(const ShardInfo& info, const runtime::Rulebook& book, const PlanOptions& o) {
  auto mismatch = [&](const std::string& what) {
    return Error{kBadShard, "the shards were assessed with " + what, {"help: assess them again with these flags"}};
  };
  if (info.bundle_hash != book.hash()) {
    return mismatch("other rules (bundle " + info.bundle_hash + ", these rules are " + book.hash() + ")");
  }
  if (info.year != o.year) return mismatch("--year " + std::to_string(info.year));
  if (info.seed != o.seed) return mismatch("another --seed (`" + info.seed + "`)");
  if (info.as_of != EffectiveAsOf(o)) return mismatch("--as-of " + info.as_of);
  return {};
}

std::string Join(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// Counts a need of an assessment into its sampling pool (pass 1).
void CountNeeds(const Assessment& a, SamplingDraw* draw) {
  for (const MatterNeed& n : a.needs) {
    if (n.exempt || !n.ratio.has_value()) continue;
    draw->Count(draw->Group(n.matter, n.lead, a.credit_class, *n.ratio), n.sample_key, a.id);
  }
}

// Pass 1 beside the merge that feeds it: the assessments' records are
// copied into batches and read and counted on a thread of their own, in the
// merge's order, so that the merge (one thread, reading the runs) is not
// also parsing. Without a thread, each batch is counted by the caller.
class PoolCounter {
 public:
  explicit PoolCounter(SamplingDraw* draw) : draw_(draw) {
    try {
      thread_ = std::thread([this] { Work(); });
    } catch (const std::system_error&) {
      // no thread: Add counts each full batch itself
    }
  }
  ~PoolCounter() { Stop(); }
  PoolCounter(const PoolCounter&) = delete;
  PoolCounter& operator=(const PoolCounter&) = delete;

  // One kept assessment's id and record, whose texts are in `strings` (the
  // same table for every call).
  Status Add(std::string_view id, std::string_view record, const RecordStrings& strings) {
    strings_ = &strings;
    filling_.text.append(id);
    filling_.ends.push_back(filling_.text.size());
    filling_.text.append(record);
    filling_.ends.push_back(filling_.text.size());
    if (filling_.ends.size() < 2 * kBatchLines) return {};
    return Hand();
  }
  // Counts what is left; the first line that could not be parsed, if any.
  Status Finish() {
    Status handed = Hand();
    Stop();
    if (!handed.ok()) return handed;
    if (error_) return *error_;
    return {};
  }

 private:
  static constexpr std::size_t kBatchLines = 4096;
  static constexpr std::size_t kMaxQueued = 4;
  struct Batch {
    std::string text;
    std::vector<std::size_t> ends;  // of each id and each record in text
  };

  Status Hand() {
    if (filling_.ends.empty()) return {};
    if (!thread_.joinable()) {
      Count(filling_);
      filling_.text.clear();
      filling_.ends.clear();
      if (error_) return *error_;
      return {};
    }
    std::unique_lock<std::mutex> lock(mu_);
    room_cv_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    if (error_) return *error_;
    Batch next;
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
    queue_.push_back(std::move(filling_));
    filling_ = std::move(next);
    work_cv_.notify_one();
    return {};
  }
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_one();
    thread_.join();
  }
  void Work() {
    while (true) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      // Whatever the counting throws (out of memory) is the pass's error:
      // an exception leaving a std::thread would call std::terminate.
      try {
        Count(batch);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error_)
          error_ =
              Error{"internal", std::string("cannot count the sampling pools: ") + e.what(), {}};
      }
      batch.text.clear();
      batch.ends.clear();
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (spare_.size() < kMaxQueued) spare_.push_back(std::move(batch));
      }
      room_cv_.notify_one();
    }
  }
  // On the counting thread, or on the caller's without one.
  void Count(const Batch& batch) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (error_) return;  // nothing after the first error is counted
    }
    std::string error;
    const std::string_view text = batch.text;
    std::size_t start = 0;
    for (std::size_t k = 0; k + 1 < batch.ends.size(); k += 2) {
      const std::string_view id = text.substr(start, batch.ends[k] - start);
      const std::string_view record = text.substr(batch.ends[k], batch.ends[k + 1] - batch.ends[k]);
      start = batch.ends[k + 1];
      if (!ParseAssessmentRecord(id, record, *strings_, &assessment_, &error,
                                 AssessmentFields::kSampling)) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error_) error_ = Error{kBadShard, "an assessment is unreadable: " + error, {}};
        return;
      }
      CountNeeds(assessment_, draw_);
    }
  }

  SamplingDraw* draw_;
  const RecordStrings* strings_ = nullptr;  // set by the first Add, before any Count
  Assessment assessment_;  // the counting thread's
  Batch filling_;          // the caller's
  std::thread thread_;
  std::mutex mu_;  // guards the fields below
  std::condition_variable work_cv_, room_cv_;
  std::deque<Batch> queue_;
  std::vector<Batch> spare_;  // counted batches, to fill again
  std::optional<Error> error_;
  bool stop_ = false;
};

// FinalizePlan of `source`. With `counted`, the pools were counted already
// (pass 1 over the same assessments, in the same order) and pass 1 is not
// run again.
Result<PlanResult> Finalize(const runtime::Rulebook& book, const RegisterSchema& schema,
                            const Roster& roster, MergedAssessments& source,
                            std::unique_ptr<SamplingDraw> counted, const PlanOptions& options) {
  const ShardInfo info = source.info();
  Status consistent = CheckShards(info, book, options);
  if (!consistent.ok()) return consistent.error();
  // --skip-bad skips bad rows; a register whose every row is bad is the
  // wrong file, and an empty plan written from it would look filed.
  if (info.bad_rows > 0 && info.enterprises == 0) {
    return Error{kBadInput,
                 "every register row is bad (" + std::to_string(info.bad_rows) +
                     " skipped): no plan written",
                 {"help: check that the register is the host contract's enterprises (bylaw schema)"}};
  }
  // The outputs are written as one set beside --out and swapped in at the
  // end: a run killed at any point leaves the previous set whole.
  auto staged = files::StagedDirectory::Create(
      options.out_dir, {"plan.jsonl", "plan.csv", "summary.json", "report.html"});
  if (!staged.ok()) return staged.error();
  const std::string out_dir = (*staged)->path();

  ProgressClock clock(options);
  clock.SetTotal(info.enterprises);
  const bool pools_counted = counted != nullptr;
  std::unique_ptr<SamplingDraw> owned =
      pools_counted ? std::move(counted) : std::make_unique<SamplingDraw>();
  SamplingDraw& draw = *owned;
  Assessment a;
  // Passes 1 and 2 read only the draw's fields of each line; pass 3 all.
  source.Select(AssessmentFields::kSampling);
  // Pass 1: the sampling pools and their key histograms.
  std::int64_t read = 0;
  while (!pools_counted) {
    Result<bool> next = source.Next(&a);
    if (!next.ok()) return next.error();
    if (!*next) break;
    CountNeeds(a, &draw);
    clock.Tick(1, ++read, false);
  }
  draw.FindBoundaries();
  // Pass 2: the keys in each boundary bucket, for the exact thresholds.
  if (draw.NeedsCandidates()) {
    Status rewound = source.Rewind();
    if (!rewound.ok()) return rewound.error();
    read = 0;
    while (true) {
      Result<bool> next = source.Next(&a);
      if (!next.ok()) return next.error();
      if (!*next) break;
      for (const MatterNeed& n : a.needs) {
        if (n.exempt || !n.ratio.has_value()) continue;
        draw.Offer(draw.Group(n.matter, n.lead, a.credit_class, *n.ratio), n.sample_key, a.id);
      }
      clock.Tick(2, ++read, false);
    }
  }
  draw.FixThresholds();

  // Pass 3: visits, inspectors, codes; written in enterprise order.
  source.Select(AssessmentFields::kAll);
  Status rewound = source.Rewind();
  if (!rewound.ok()) return rewound.error();
  std::unique_ptr<PreviousPlan> previous;
  if (!options.previous.empty()) {
    auto opened = PreviousPlan::Open(options.previous);
    if (!opened.ok()) return opened.error();
    previous = std::move(*opened);
  }
  auto jsonl = files::AtomicFile::Create(Join(out_dir, "plan.jsonl"));
  if (!jsonl.ok()) return jsonl.error();
  auto csv = files::AtomicFile::Create(Join(out_dir, "plan.csv"));
  if (!csv.ok()) return csv.error();
  Status written = (*csv)->Write(kPlanCsvHeader);
  if (!written.ok()) return written.error();

  BuildContext ctx;
  ctx.options = &options;
  ctx.draw = &draw;
  ctx.departments = &schema.departments;
  ctx.audit = options.audit_log != nullptr;
  ctx.lists = options.html_report;
  // report.html's lists from the visits as they are written, not from
  // plan.jsonl read back.
  VisitLists lists;
  SummaryCounts counts;
  std::optional<Error> failure;
  const std::string as_of = EffectiveAsOf(options);
  std::vector<ChunkIn> spares;  // spent chunks to parse into again
  auto consume = [&](ChunkOut out) {
    if (spares.size() < 4) spares.push_back(std::move(out.spent));
    if (failure) return;
    if (out.error) {
      failure = std::move(out.error);
      return;
    }
    Status s = (*jsonl)->Write(out.jsonl);
    if (s.ok()) s = (*csv)->Write(out.csv);
    if (!s.ok()) {
      failure = s.error();
      return;
    }
    counts.Merge(out.counts);
    for (ListedVisit& l : out.listed) lists.Add(std::move(l));
    for (const AuditItem& item : out.audit) {
      runtime::AuditLog::Entry entry{kVisitDecision, as_of, item.outputs_json, item.fired};
      auto logged = options.audit_log->AppendEntry(book, entry, item.facts_json);
      if (!logged.ok()) {
        failure = logged.error();
        return;
      }
    }
  };
  {
    OrderedBuilder builder(ctx, roster, options.threads);
    ChunkIn chunk;
    std::size_t filled = 0;  // entries of `chunk` read; those after are spare
    read = 0;
    bool end = false;
    while (!end && !failure) {
      if (chunk.enterprises.size() <= filled) chunk.enterprises.emplace_back();
      if (chunk.excluded.size() <= filled) chunk.excluded.emplace_back();
      Assessment& next_a = chunk.enterprises[filled];
      Result<bool> next = source.Next(&next_a);
      if (!next.ok()) {
        failure = next.error();
        break;
      }
      end = !*next;
      if (!end) {
        std::vector<std::string>& excluded = chunk.excluded[filled];
        excluded.clear();
        if (previous) {
          Status s = previous->InspectorsOf(next_a.id, &excluded);
          if (!s.ok()) {
            failure = s.error();
            break;
          }
        }
        ++filled;
        clock.Tick(3, ++read, false);
      }
      if (filled == kChunkEnterprises || (end && filled > 0)) {
        chunk.enterprises.resize(filled);
        chunk.excluded.resize(filled);
        while (builder.Full()) consume(std::move(*builder.Take(/*wait=*/true)));
        builder.Submit(std::move(chunk));
        chunk = ChunkIn{};
        if (!spares.empty()) {
          chunk = std::move(spares.back());
          spares.pop_back();
        }
        filled = 0;
      }
      while (auto ready = builder.Take(/*wait=*/false)) consume(std::move(*ready));
    }
    while (builder.Pending()) consume(std::move(*builder.Take(/*wait=*/true)));
  }
  if (failure) return *failure;
  clock.Tick(3, read, true);

  PlanSummary summary;
  summary.year = options.year;
  summary.seed = options.seed;
  summary.as_of = as_of;
  summary.bundle_hash = book.hash();
  summary.rulesets = book.rulesets();
  summary.register_rows = info.register_rows;
  summary.bad_rows = info.bad_rows;
  summary.roster_inspectors = static_cast<std::int64_t>(roster.inspectors.size());
  summary.departments = schema.departments;
  summary.department_labels = schema.department_labels;
  summary.regions = schema.regions;
  summary.region_labels = schema.region_labels;
  for (const runtime::MatterInfo& m : book.matters()) summary.matters.emplace_back(m.id, m.label);
  summary.counts = std::move(counts);
  summary.samples = draw.Results();

  PlanResult result;
  result.summary_json = SummaryJson(summary);
  result.summary_text = SummaryText(summary);
  result.enterprises = summary.counts.enterprises;
  result.visits = summary.counts.visits;
  Status s = (*jsonl)->Commit();
  if (s.ok()) s = (*csv)->Commit();
  if (s.ok()) s = WriteWhole(Join(out_dir, "summary.json"), result.summary_json);
  if (s.ok() && options.html_report)
    s = WriteHtmlReportWithLists(result.summary_json, Join(out_dir, "report.html"), &lists);
  if (s.ok()) s = (*staged)->Commit();
  if (!s.ok()) return s.error();
  return result;
}

}  // namespace

Result<PlanResult> FinalizePlan(const runtime::Rulebook& book, const RegisterSchema& schema,
                                const Roster& roster, const std::vector<std::string>& shard_dirs,
                                const PlanOptions& options) {
  return runtime::CatchExceptions(
      "internal", [&]() -> Result<PlanResult> {  // no exception crosses the API
        auto merged = MergedAssessments::Open(shard_dirs);
        if (!merged.ok()) return merged.error();
        return Finalize(book, schema, roster, **merged, nullptr, options);
      });
}

Result<PlanResult> RunPlan(const runtime::Rulebook& book, const RegisterSchema& schema, const Roster& roster,
                           const PlanOptions& options) {
  return runtime::CatchExceptions("internal", [&]() -> Result<PlanResult> {  // no exception crosses the API
  AssessOptions assess;
  assess.register_path = options.register_path;
  assess.out_dir = Join(options.out_dir, "shard-1-of-1");
  assess.year = options.year;
  assess.as_of = options.as_of;
  assess.seed = options.seed;
  assess.shard = ShardSpec{1, 1};
  assess.skip_bad = options.skip_bad;
  assess.threads = options.threads;
  assess.on_bad_row = options.on_bad_row;
  assess.progress = options.assess_progress;
  assess.progress_interval_seconds = options.progress_interval_seconds;
  auto cleanup = [&] {
    if (options.keep_shards) return;
    std::error_code ec;
    fs::remove_all(assess.out_dir, ec);
  };
  if (options.keep_shards) {
    // The shard is an output: written whole, then finalized as any shard.
    Result<ShardInfo> shard = AssessShard(book, schema, assess);
    if (!shard.ok()) return shard.error();
    return FinalizePlan(book, schema, roster, {assess.out_dir}, options);
  }
  // Otherwise finalize reads the assessment's sorted runs directly, and its
  // pass 1 is done by the merge that drops duplicate ids: no
  // assessments.jsonl written and read back (docs/plan.md, section 9).
  Result<PlanResult> result = [&]() -> Result<PlanResult> {
    auto draw = std::make_unique<SamplingDraw>();
    PoolCounter counter(draw.get());
    auto runs = plan_internal::AssessIntoRuns(
        book, schema, assess,
        [&](std::string_view id, std::string_view record, const RecordStrings& strings) {
          return counter.Add(id, record, strings);
        });
    if (!runs.ok()) return runs.error();
    Status counted = counter.Finish();
    if (!counted.ok()) return counted.error();
    return Finalize(book, schema, roster, **runs, std::move(draw), options);
  }();
  cleanup();
  return result;
  });
}

}  // namespace bylaw::plan
