// AssessmentReader and MergedAssessments (assessment.h): a shard's
// assessments.jsonl streamed in id order, and several shards merged by id.
#include <cerrno>
#include <cstring>
#include <queue>

#include "assessment_json.h"
#include "bylaw/plan/assessment.h"
#include "line_reader.h"
#include "shard_info.h"

namespace bylaw::plan {
namespace {

using plan_internal::LineReader;

class ShardReader final : public AssessmentReader {
 public:
  ShardReader(ShardInfo info, std::string path, std::FILE* file)
      : info_(std::move(info)), path_(std::move(path)), lines_(file) {}

  const ShardInfo& info() const override { return info_; }

  Result<bool> Next(Assessment* out) override {
    if (!lines_.Next(&line_)) {
      if (lines_.failed()) return Error{kIoError, path_ + ": read error", {}};
      if (count_ != info_.enterprises) {
        return Error{kBadShard, path_ + ": " + std::to_string(count_) + " assessments, shard.json says " +
                                    std::to_string(info_.enterprises) + " (truncated?)", {}};
      }
      return false;
    }
    const std::string at = path_ + ":" + std::to_string(lines_.line()) + ": ";
    if (lines_.overlong()) return Error{kBadShard, at + "not an assessment: the line is over the limit", {}};
    std::string error;
    if (!plan_internal::ParseAssessmentJson(line_, out, &error, fields_)) {
      return Error{kBadShard, at + "not an assessment: " + error, {}};
    }
    if (count_ > 0 && !(prev_id_ < out->id)) {
      return Error{kBadShard, at + "id " + out->id + " is not after " + prev_id_ +
                                  " (assessments must be sorted by id, each once)", {}};
    }
    prev_id_ = out->id;
    ++count_;
    return true;
  }

  void Select(AssessmentFields fields) override { fields_ = fields; }

  Status Rewind() override {
    if (!lines_.Rewind()) return Error{kIoError, path_ + ": cannot rewind", {}};
    count_ = 0;
    prev_id_.clear();
    return {};
  }

 private:
  ShardInfo info_;
  std::string path_;
  LineReader lines_;
  std::string line_;
  std::string prev_id_;
  std::int64_t count_ = 0;
  AssessmentFields fields_ = AssessmentFields::kAll;
};

// Why two shards cannot be merged, or "".
std::string Disagreement(const ShardInfo& a, const ShardInfo& b) {
  if (a.bundle_hash != b.bundle_hash) return "bundle hash " + a.bundle_hash + " vs " + b.bundle_hash;
  if (a.rulesets != b.rulesets) return "rulesets differ";
  if (a.year != b.year) return "year " + std::to_string(a.year) + " vs " + std::to_string(b.year);
  if (a.as_of != b.as_of) return "as_of " + a.as_of + " vs " + b.as_of;
  if (a.seed != b.seed) return "seed `" + a.seed + "` vs `" + b.seed + "`";
  if (a.shard.count != b.shard.count) {
    return "shard count " + std::to_string(a.shard.count) + " vs " + std::to_string(b.shard.count);
  }
  if (a.register_rows != b.register_rows) {
    return "register rows " + std::to_string(a.register_rows) + " vs " + std::to_string(b.register_rows);
  }
  return "";
}

class Merged final : public MergedAssessments {
 public:
  Merged(std::vector<std::string> dirs, std::vector<std::unique_ptr<AssessmentReader>> readers, ShardInfo info)
      : dirs_(std::move(dirs)), readers_(std::move(readers)), info_(std::move(info)), heads_(readers_.size()) {}

  const ShardInfo& info() const override { return info_; }

  Result<bool> Next(Assessment* out) override {
    if (!primed_) {
      Status s = Prime();
      if (!s.ok()) return s.error();
    }
    if (heap_.empty()) return false;
    const std::size_t i = heap_.top();
    heap_.pop();
    std::swap(*out, heads_[i]);
    auto more = readers_[i]->Next(&heads_[i]);
    if (!more.ok()) return more.error();
    if (*more) heap_.push(i);
    if (!heap_.empty() && heads_[heap_.top()].id == out->id) {
      const std::size_t j = heap_.top();
      return Error{kDuplicateId, "enterprise " + out->id + " is in shard " + dirs_[i] + " (register line " +
                                     std::to_string(out->line) + ") and in shard " + dirs_[j] + " (line " +
                                     std::to_string(heads_[j].line) + ")", {}};
    }
    return true;
  }

  void Select(AssessmentFields fields) override {
    for (auto& r : readers_) r->Select(fields);
  }

  Status Rewind() override {
    for (auto& r : readers_) {
      Status s = r->Rewind();
      if (!s.ok()) return s;
    }
    heap_ = Heap(Later{&heads_});
    primed_ = false;
    return {};
  }

 private:
  struct Later {
    const std::vector<Assessment>* heads;
    bool operator()(std::size_t a, std::size_t b) const { return (*heads)[b].id < (*heads)[a].id; }
  };
  using Heap = std::priority_queue<std::size_t, std::vector<std::size_t>, Later>;

  Status Prime() {
    primed_ = true;
    for (std::size_t i = 0; i < readers_.size(); ++i) {
      auto more = readers_[i]->Next(&heads_[i]);
      if (!more.ok()) return more.error();
      if (*more) heap_.push(i);
    }
    return {};
  }

  std::vector<std::string> dirs_;
  std::vector<std::unique_ptr<AssessmentReader>> readers_;
  ShardInfo info_;
  std::vector<Assessment> heads_;
  Heap heap_{Later{&heads_}};
  bool primed_ = false;
};

}  // namespace

Result<std::unique_ptr<AssessmentReader>> AssessmentReader::Open(const std::string& shard_dir) {
  auto info = plan_internal::ReadShardInfo(shard_dir);
  if (!info.ok()) return info.error();
  const std::string path = shard_dir + "/" + plan_internal::kAssessmentsFile;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Error{kIoError, path + ": cannot open (" + std::strerror(errno) + ")", {}};
  return std::unique_ptr<AssessmentReader>(new ShardReader(std::move(info).value(), path, file));
}

Result<std::unique_ptr<MergedAssessments>> MergedAssessments::Open(const std::vector<std::string>& shard_dirs) {
  if (shard_dirs.empty()) return Error{kBadShard, "no shard directory to merge", {}};
  std::vector<std::unique_ptr<AssessmentReader>> readers;
  for (const std::string& dir : shard_dirs) {
    auto r = AssessmentReader::Open(dir);
    if (!r.ok()) return r.error();
    readers.push_back(std::move(r).value());
  }
  ShardInfo info = readers.front()->info();
  const int count = info.shard.count;
  std::vector<std::string> owner(static_cast<std::size_t>(count));
  info.enterprises = 0;
  info.bad_rows = 0;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const ShardInfo& s = readers[i]->info();
    const std::string why = Disagreement(readers.front()->info(), s);
    if (!why.empty()) {
      return Error{kBadShard, "shards " + shard_dirs.front() + " and " + shard_dirs[i] +
                                  " are not of one run: " + why, {}};
    }
    std::string& seen = owner[static_cast<std::size_t>(s.shard.index - 1)];
    if (!seen.empty()) {
      return Error{kBadShard, "shard " + std::to_string(s.shard.index) + "/" + std::to_string(count) +
                                  " given twice: " + seen + " and " + shard_dirs[i], {}};
    }
    seen = shard_dirs[i];
    info.enterprises += s.enterprises;
    info.bad_rows += s.bad_rows;
  }
  std::string missing;
  for (int k = 0; k < count; ++k) {
    if (owner[static_cast<std::size_t>(k)].empty()) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(k + 1) + "/" + std::to_string(count);
    }
  }
  if (!missing.empty()) return Error{kBadShard, "missing shard(s) " + missing, {}};
  info.shard = ShardSpec{1, 1};
  return std::unique_ptr<MergedAssessments>(new Merged(shard_dirs, std::move(readers), std::move(info)));
}

}  // namespace bylaw::plan
