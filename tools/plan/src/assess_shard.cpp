// AssessShard (assessment.h): the register read in chunks on one thread at
// a time, each chunk checked and evaluated by whichever worker read it, and
// the results committed in register order (so the first bad row reported
// is the first in the file) into an external sort by id.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "assessed_runs.h"
#include "assessment_json.h"
#include "assessment_record.h"
#include "assessor.h"
#include "bylaw/base/run_on_threads.h"
#include "bylaw/files/atomic_file.h"
#include "bylaw/plan/assessment.h"
#include "register_source.h"
#include "shard_info.h"
#include "sorted_spill.h"

namespace bylaw::plan {
namespace {

using plan_internal::RawRow;

// Rows per chunk: large enough that the locks are rare, small enough that
// two workers stay busy until the end of the register.
constexpr std::size_t kChunkRows = 2048;

struct Item {
  enum class Kind { kSkip, kAssessed, kBad, kFatal } kind = Kind::kSkip;
  std::string id;
  std::int64_t line = 0;
  std::string payload;  // kAssessed: the assessments.jsonl line, or its record
  Error error;          // kBad, kFatal
};

struct Chunk {
  std::size_t seq = 0;
  std::vector<RawRow> raws;
  std::vector<Item> items;
};

class ShardRun {
 public:
  // With `records`, the runs hold assessment records whose texts are
  // interned there (assessment_record.h) instead of assessments.jsonl lines;
  // Finish needs the lines.
  ShardRun(const AssessOptions& options, const plan_internal::AssessRules& rules,
           plan_internal::RegisterSource& source, plan_internal::RecordStrings* records = nullptr)
      : options_(options),
        rules_(rules),
        source_(source),
        records_(records),
        spill_(options.out_dir, options.run_rows),
        start_(std::chrono::steady_clock::now()) {}

  // Assesses every row; the first error in register order, if any.
  Status Run() {
    base::RunOnThreads(options_.threads, [this](int) { SafeWork(); });
    if (first_error_) return *first_error_;
    return {};
  }

  // Merges the sorted runs into assessments.jsonl (dropping or failing on
  // duplicate ids) and writes shard.json.
  Result<ShardInfo> Finish(const runtime::Rulebook& book) {
    if (records_ != nullptr)
      return Error{"internal", "a shard's runs of records cannot be merged into its file", {}};
    const std::string path = options_.out_dir + "/" + plan_internal::kAssessmentsFile;
    auto out = files::AtomicFile::Create(path);
    if (!out.ok()) return out.error();
    std::int64_t written = 0;
    Status merged = spill_.Merge(
        [&](std::string_view id, std::int64_t line, std::string_view payload) -> Status {
          bool kept = false;
          Status s = KeepFirst(id, line, &kept);
          if (!s.ok() || !kept) return s;
          ++written;
          Status w = (*out)->Write(payload);
          if (w.ok()) w = (*out)->Write("\n");
          return w;
        });
    if (!merged.ok()) return merged.error();  // the temporary file goes with `out`
    Status committed = (*out)->Commit();
    if (!committed.ok()) return committed.error();
    ShardInfo info = Info(book, written);
    Status s = plan_internal::WriteShardInfo(options_.out_dir, info);
    if (!s.ok()) return s.error();
    Report(true, written);
    return info;
  }

  // Finish without assessments.jsonl nor shard.json: the runs are sealed and
  // read once in order, dropping or failing on duplicate ids as Finish does,
  // with `kept` called for every assessment kept; they stay for spill().
  Result<ShardInfo> FinishInRuns(
      const runtime::Rulebook& book,
      const std::function<Status(std::string_view id, std::string_view payload)>& kept) {
    std::int64_t written = 0;
    Status streamed = spill_.Stream(
        [&](std::string_view id, std::int64_t line, std::string_view payload) -> Status {
          bool first = false;
          Status s = KeepFirst(id, line, &first);
          if (!s.ok() || !first) return s;
          ++written;
          return kept(id, payload);
        });
    if (!streamed.ok()) return streamed.error();
    ShardInfo info = Info(book, written);
    Report(true, written);
    return info;
  }

  const plan_internal::SortedSpill& spill() const { return spill_; }

 private:
  // Whether the entry (in merge order) is the first of its id; a later one
  // is a duplicate: the error, or skipped and counted with skip_bad.
  Status KeepFirst(std::string_view id, std::int64_t line, bool* kept) {
    *kept = false;
    if (have_prev_ && id == prev_id_) {
      Error dup{kDuplicateId,
                source_.path() + ":" + std::to_string(line) + ": field id: duplicate id " +
                    std::string(id) + " (first at line " + std::to_string(prev_line_) + ")",
                {}};
      if (!options_.skip_bad) return dup;
      ++bad_rows_;
      if (options_.on_bad_row) options_.on_bad_row(dup);
      return {};
    }
    prev_id_.assign(id);
    prev_line_ = line;
    have_prev_ = true;
    *kept = true;
    return {};
  }

  ShardInfo Info(const runtime::Rulebook& book, std::int64_t written) const {
    ShardInfo info;
    info.format_version = plan_internal::kShardFormatVersion;
    info.shard = options_.shard;
    info.bundle_hash = book.hash();
    info.rulesets = book.rulesets();
    info.year = options_.year;
    info.as_of = runtime::FormatDate(rules_.as_of);
    info.seed = options_.seed;
    info.register_path = options_.register_path;
    info.register_rows = rows_read_;
    info.enterprises = written;
    info.bad_rows = bad_rows_;
    return info;
  }

  // Work() with whatever it throws (out of memory, a host callback's
  // exception) turned into the run's error, which stops the other workers.
  void SafeWork() {
    Status s = runtime::CatchExceptions("internal", [this]() -> Status {
      Work();
      return {};
    });
    if (!s.ok()) {
      std::lock_guard<std::mutex> lock(commit_mu_);
      if (!first_error_) Fail(s.error());
    }
  }

  void Work() {
    plan_internal::Assessor assessor(rules_);
    std::optional<plan_internal::RecordWriter> records;
    if (records_ != nullptr) records.emplace(records_);
    RegisterRow row;
    Assessment assessment;
    while (true) {
      Chunk chunk;
      {
        std::lock_guard<std::mutex> lock(read_mu_);
        if (eof_ || stop_) return;
        chunk.seq = next_seq_++;
        chunk.raws.resize(kChunkRows);
        std::size_t n = 0;
        while (n < kChunkRows) {
          auto more = source_.NextRaw(&chunk.raws[n]);
          if (!more.ok()) {
            chunk.items.resize(n + 1);  // the error goes after the rows read
            chunk.items[n].kind = Item::Kind::kFatal;
            chunk.items[n].error = more.error();
            eof_ = true;
            break;
          }
          if (!*more) {
            eof_ = true;
            break;
          }
          ++n;
        }
        chunk.raws.resize(n);
        rows_read_ += static_cast<std::int64_t>(n);
      }
      if (chunk.items.size() < chunk.raws.size()) chunk.items.resize(chunk.raws.size());
      for (std::size_t i = 0; i < chunk.raws.size(); ++i) {
        Assess(assessor, records ? &*records : nullptr, chunk.raws[i], &row, &assessment,
               &chunk.items[i]);
      }
      chunk.raws.clear();
      Commit(std::move(chunk));
    }
  }

  void Assess(plan_internal::Assessor& assessor, plan_internal::RecordWriter* records,
              const RawRow& raw, RegisterRow* row, Assessment* assessment, Item* item) {
    const ShardSpec& shard = options_.shard;
    const std::optional<std::string_view> cheap = source_.CheapId(raw);
    if (cheap && !shard.Contains(*cheap)) return;  // another shard's row
    Status decoded = source_.Decode(raw, row);
    if (!decoded.ok()) {
      if (decoded.error().code != kBadRow) {
        item->kind = Item::Kind::kFatal;
        item->error = decoded.error();
        return;
      }
      // A bad row is reported by the shard of its id; shard 1 reports the
      // rows whose id cannot be read, so that each is reported once.
      const std::optional<std::string> owner = cheap ? std::optional<std::string>(std::string(*cheap))
                                                     : source_.OwnerId(raw);
      if (owner ? !shard.Contains(*owner) : shard.index != 1) return;
      item->kind = Item::Kind::kBad;
      item->error = decoded.error();
      return;
    }
    if (!cheap && !shard.Contains(row->id)) return;
    Status s = assessor.Assess(source_.path(), *row, assessment);
    if (!s.ok()) {
      item->kind = s.error().code == kBadRow ? Item::Kind::kBad : Item::Kind::kFatal;
      item->error = s.error();
      return;
    }
    item->kind = Item::Kind::kAssessed;
    item->id = row->id;
    item->line = row->line;
    if (records != nullptr) {
      records->Append(*assessment, &item->payload);
    } else {
      plan_internal::AppendAssessmentJson(*assessment, &item->payload);
    }
  }

  void Commit(Chunk chunk) {
    // A full run is sorted and written outside the lock, so that the other
    // workers keep committing meanwhile.
    std::vector<plan_internal::SortedSpill::Run> full;
    CommitInOrder(std::move(chunk), &full);
    for (plan_internal::SortedSpill::Run& run : full) {
      Status s = run.Write();
      std::lock_guard<std::mutex> lock(commit_mu_);
      if (!s.ok() && !first_error_) Fail(s.error());
      spill_.Recycle(std::move(run));
    }
  }

  void CommitInOrder(Chunk chunk, std::vector<plan_internal::SortedSpill::Run>* full) {
    std::lock_guard<std::mutex> lock(commit_mu_);
    pending_.emplace(chunk.seq, std::move(chunk));
    while (!pending_.empty() && pending_.begin()->first == next_commit_) {
      for (Item& item : pending_.begin()->second.items) {
        if (first_error_) break;
        switch (item.kind) {
          case Item::Kind::kSkip:
            break;
          case Item::Kind::kAssessed: {
            ++assessed_;
            if (spill_.Add(item.id, item.line, item.payload)) full->push_back(spill_.TakeRun());
            break;
          }
          case Item::Kind::kBad:
            if (options_.skip_bad) {
              ++bad_rows_;
              if (options_.on_bad_row) options_.on_bad_row(item.error);
            } else {
              Fail(item.error);
            }
            break;
          case Item::Kind::kFatal:
            Fail(item.error);
            break;
        }
      }
      pending_.erase(pending_.begin());
      ++next_commit_;
    }
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_report_).count() >= options_.progress_interval_seconds) {
      last_report_ = now;
      Report(false, assessed_);
    }
  }

  void Fail(Error error) {
    first_error_ = std::move(error);
    std::lock_guard<std::mutex> lock(read_mu_);
    stop_ = true;
  }

  void Report(bool done, std::int64_t assessed) {
    if (!options_.progress) return;
    Progress p;
    p.rows_read = rows_read_;
    p.assessed = assessed;
    p.bad_rows = bad_rows_;
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.done = done;
    options_.progress(p);
  }

  const AssessOptions& options_;
  const plan_internal::AssessRules& rules_;
  plan_internal::RegisterSource& source_;
  plan_internal::RecordStrings* records_;
  plan_internal::SortedSpill spill_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_ = start_;

  std::mutex read_mu_;  // guards source_ reads and the fields below
  bool eof_ = false;
  bool stop_ = false;
  std::size_t next_seq_ = 0;
  std::atomic<std::int64_t> rows_read_{0};  // read by progress reports too

  std::mutex commit_mu_;  // guards spill_ (but taken runs), pending_ and the fields below
  std::map<std::size_t, Chunk> pending_;
  std::size_t next_commit_ = 0;
  std::optional<Error> first_error_;
  std::int64_t assessed_ = 0;
  std::int64_t bad_rows_ = 0;

  // KeepFirst's previous entry (the merge runs on one thread).
  std::string prev_id_;
  std::int64_t prev_line_ = 0;
  bool have_prev_ = false;
};

// What AssessShard and AssessIntoRuns check and open before assessing.
struct Prepared {
  plan_internal::AssessRules rules;
  std::unique_ptr<plan_internal::RegisterSource> source;
};

Result<Prepared> Prepare(const RegisterSchema& schema, const runtime::Rulebook& book,
                         const AssessOptions& options) {
  if (options.year < 1 || options.year > 9999) {
    return Error{"usage", "the plan year must be given (YYYY)", {}};
  }
  if (options.shard.count < 1 || options.shard.index < 1 || options.shard.index > options.shard.count) {
    return Error{"usage", "the shard must be I/N with 1 <= I <= N", {}};
  }
  if (options.out_dir.empty()) return Error{"usage", "no output directory for the shard", {}};
  const std::string as_of =
      options.as_of.empty() ? std::to_string(options.year) + "-01-01" : options.as_of;
  auto rules = plan_internal::PrepareAssessRules(book, as_of, options.seed);
  if (!rules.ok()) return rules.error();
  auto source = plan_internal::RegisterSource::Open(options.register_path, schema, options.limits);
  if (!source.ok()) return source.error();
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) return Error{kIoError, options.out_dir + ": cannot create (" + ec.message() + ")", {}};
  return Prepared{std::move(rules).value(), std::move(source).value()};
}

// AssessIntoRuns' result: owns what the run's merge needs, and reads the
// runs again on every pass, skipping a duplicate id's later lines as the
// first pass did (they are the entries whose id equals the previous one's).
class AssessedRuns final : public MergedAssessments {
 public:
  AssessedRuns(const AssessOptions& options, Prepared prepared)
      : options_(options),
        prepared_(std::move(prepared)),
        run_(std::make_unique<ShardRun>(options_, prepared_.rules, *prepared_.source, &strings_)) {}

  Result<ShardInfo> Assess(const runtime::Rulebook& book, const plan_internal::KeptRecord& kept) {
    Status s = run_->Run();
    if (!s.ok()) return s.error();
    // The workers are joined: the table is read without its lock from here.
    auto info = run_->FinishInRuns(book, [&](std::string_view id, std::string_view record) {
      return kept(id, record, strings_);
    });
    if (!info.ok()) return info.error();
    info_ = *info;
    info_.shard = ShardSpec{1, 1};
    return info_;
  }

  const ShardInfo& info() const override { return info_; }

  Result<bool> Next(Assessment* out) override {
    if (!cursor_) {
      auto opened = run_->spill().Open();
      if (!opened.ok()) return opened.error();
      cursor_ = std::move(opened).value();
    }
    std::string_view id, payload;
    std::int64_t line = 0;
    while (true) {
      Result<bool> more = cursor_->Next(&id, &line, &payload);
      if (!more.ok()) return more.error();
      if (!*more) {
        if (count_ != info_.enterprises) {
          return Error{kBadShard,
                       options_.out_dir + ": " + std::to_string(count_) +
                           " assessments read back, " + std::to_string(info_.enterprises) +
                           " assessed",
                       {}};
        }
        return false;
      }
      if (count_ > 0 && id == prev_id_) continue;  // a duplicate, reported by the first pass
      break;
    }
    std::string error;
    if (!plan_internal::ParseAssessmentRecord(id, payload, strings_, out, &error, fields_,
                                              &scratch_)) {
      return Error{kBadShard,
                   options_.out_dir + ": assessment " + std::string(id) + " unreadable: " + error,
                   {}};
    }
    prev_id_.assign(id);
    ++count_;
    return true;
  }

  Status Rewind() override {
    cursor_.reset();
    count_ = 0;
    prev_id_.clear();
    return {};
  }

  void Select(AssessmentFields fields) override { fields_ = fields; }

 private:
  const AssessOptions options_;
  Prepared prepared_;
  plan_internal::RecordStrings strings_;  // the runs' texts; before run_, which writes them
  std::unique_ptr<ShardRun> run_;
  ShardInfo info_;
  std::unique_ptr<plan_internal::SortedSpill::Cursor> cursor_;
  plan_internal::RecordScratch scratch_;  // Next's, on the reading thread
  std::string prev_id_;
  std::int64_t count_ = 0;
  AssessmentFields fields_ = AssessmentFields::kAll;
};

}  // namespace

Result<ShardInfo> AssessShard(const runtime::Rulebook& book, const RegisterSchema& schema,
                              const AssessOptions& options) {
  return runtime::CatchExceptions("internal",
                                  [&]() -> Result<ShardInfo> {  // no exception crosses the API
                                    auto prepared = Prepare(schema, book, options);
                                    if (!prepared.ok()) return prepared.error();
                                    ShardRun run(options, prepared->rules, *prepared->source);
                                    Status s = run.Run();
                                    if (!s.ok()) return s.error();
                                    return run.Finish(book);
                                  });
}

namespace plan_internal {

Result<std::unique_ptr<MergedAssessments>> AssessIntoRuns(const runtime::Rulebook& book,
                                                          const RegisterSchema& schema,
                                                          const AssessOptions& options,
                                                          const plan_internal::KeptRecord& kept) {
  return runtime::CatchExceptions("internal", [&]() -> Result<std::unique_ptr<MergedAssessments>> {
    if (options.shard.count != 1)
      return Error{"internal", "AssessIntoRuns assesses shard 1/1 only", {}};
    auto prepared = Prepare(schema, book, options);
    if (!prepared.ok()) return prepared.error();
    auto runs = std::make_unique<AssessedRuns>(options, std::move(prepared).value());
    auto info = runs->Assess(book, kept);
    if (!info.ok()) return info.error();
    return std::unique_ptr<MergedAssessments>(std::move(runs));
  });
}

}  // namespace plan_internal

}  // namespace bylaw::plan
