// The assessment stage of `bylaw plan` (docs/plan.md): what the rules say
// about each enterprise of a shard, written to a shard directory sorted by
// enterprise id, and read back (one shard, or several merged) by finalize.
//
//   plan::AssessOptions options;
//   options.register_path = "register.csv";
//   options.out_dir = "plan-2026/shard-1-of-1";
//   options.year = 2026;
//   options.seed = "published seed";
//   auto summary = plan::AssessShard(*book, schema, options);
//   ...
//   auto merged = plan::MergedAssessments::Open({"shard-1-of-4", ...});
//   plan::Assessment a;
//   while (true) {
//     auto next = (*merged)->Next(&a);   // ascending id, across shards
//     if (!next.ok()) return next.error();
//     if (!*next) break;
//     for (const plan::MatterNeed& need : a.needs) ...
//   }
//
// A shard directory holds `shard.json` (ShardInfo) and `assessments.jsonl`:
// one line per enterprise of the shard, sorted by id (bytewise), with the
// enterprise's applicable matters in bundle order:
//   {"id","name","region","industry","credit_class","competent","line",
//    "needs":[{"matter","lead","cooperators","delegable","key","methods",
//              "min","max","ratio","exempt","sample_key","basis","rules"}]}
// `max` null = no cap; `ratio` the exact decimal text ("0.05") or null when
// the matter is not sampled; `sample_key` 16 hex digits. Enterprises with no
// applicable matter still get a line (needs []).
#ifndef BYLAW_PLAN_ASSESSMENT_H_
#define BYLAW_PLAN_ASSESSMENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/plan/inputs.h"
#include "bylaw/runtime.h"

namespace bylaw::plan {

// Error codes of this stage besides those of inputs.h.
inline constexpr const char* kBadShard = "bad_shard";  // a shard dir is malformed or inconsistent
inline constexpr const char* kDuplicateId = "duplicate_id";

// Shard `index` of `count`; index is 1-based (`--shard 1/4` .. `4/4`).
struct ShardSpec {
  int index = 1;
  int count = 1;
  // Whether enterprise `id` belongs to this shard: ShardOf(id, count) ==
  // index - 1.
  bool Contains(std::string_view id) const;
};

// u64be(SHA-256("bylaw-shard\0" + id)[0..8]) % count: 0-based, independent
// of the seed. count >= 1.
int ShardOf(std::string_view id, int count);

// `I/N` with 1 <= I <= N: error `usage` otherwise.
Result<ShardSpec> ParseShardSpec(std::string_view text);

// One applicable matter of an enterprise and what the rules say about it.
struct MatterNeed {
  std::string matter;                    // matter id
  std::string lead;                      // assignment.lead (a Department)
  std::vector<std::string> cooperators;  // assignment.cooperators
  bool delegable = false;                // assignment.delegable
  bool key = false;                      // frequency's `key` output if any, else the matter's `key`
  std::vector<std::string> methods;      // the matter's methods (Method members)
  std::int64_t min = 0;                  // frequency.min_per_year
  std::optional<std::int64_t> max;       // frequency.max_per_year; nullopt = no cap
  // frequency.sampling_ratio scaled by runtime::kDecimalScale (5% =
  // 50000); nullopt = not a sampled matter.
  std::optional<std::int64_t> ratio;
  bool exempt = false;                   // frequency.exempt_unless_triggered
  std::uint64_t sample_key = 0;          // see SampleKey
  std::vector<std::string> basis;        // frequency.basis
  std::vector<std::string> rules;        // ids of rows and rules that fired
};

// One enterprise of the register and its needs (bundle matter order).
struct Assessment {
  std::string id, name, region, industry, credit_class;
  std::string competent;  // assignment.competent; "" when no matter applies
  std::int64_t line = 0;  // register line
  std::vector<MatterNeed> needs;
};

// u64be(SHA-256("bylaw-sample\0" + seed + "\0" + matter_id + "\0" + id)[0..8]).
std::uint64_t SampleKey(std::string_view seed, std::string_view matter_id,
                        std::string_view enterprise_id);

// `shard.json` of a shard directory.
struct ShardInfo {
  int format_version = 1;
  ShardSpec shard;
  std::string bundle_hash;
  std::vector<std::string> rulesets;
  int year = 0;
  std::string as_of;             // YYYY-MM-DD
  std::string seed;
  std::string register_path;
  std::int64_t register_rows = 0;  // data rows of the whole register
  std::int64_t enterprises = 0;    // lines of assessments.jsonl
  std::int64_t bad_rows = 0;       // bad rows this shard owns (skipped)
};

// Progress of a long run, reported from the assessing thread.
struct Progress {
  std::int64_t rows_read = 0;   // register rows read (all shards' rows)
  std::int64_t assessed = 0;    // enterprises of this shard assessed
  std::int64_t bad_rows = 0;
  double seconds = 0;           // since the start
  bool done = false;            // the last report
};

struct AssessOptions {
  std::string register_path;
  // The shard directory to write (created if needed; shard.json and
  // assessments.jsonl are replaced atomically).
  std::string out_dir;
  int year = 0;
  // The facts' as-of date (YYYY-MM-DD); empty = `<year>-01-01`.
  std::string as_of;
  std::string seed;
  ShardSpec shard;
  // Skip bad rows (reporting each to on_bad_row and counting them) instead
  // of stopping at the first.
  bool skip_bad = false;
  // Evaluating threads (>= 1).
  int threads = 2;
  // Rows per sorted run kept in memory before spilling to out_dir.
  std::size_t run_rows = 100000;
  // The register reader's line and cell limits (inputs.h).
  InputLimits limits;
  // Called for each bad row skipped (skip_bad), with the error to print.
  std::function<void(const Error&)> on_bad_row;
  // Called about every progress_interval_seconds, and once at the end.
  std::function<void(const Progress&)> progress;
  double progress_interval_seconds = 2.0;
};

// Reads the register, evaluates the rules for every row of the shard (on
// options.threads threads) and writes the shard directory. A row whose
// decisions fail (an incomplete outcome, errors) is a bad row
// (`register.csv:LINE: CODE ...`). Without skip_bad the first bad row in
// register order is the error; a duplicate id is always an error (kDuplicateId)
// naming both lines, as is any kBadInput/kIoError/kBadRules.
Result<ShardInfo> AssessShard(const runtime::Rulebook& book, const RegisterSchema& schema,
                              const AssessOptions& options);

// What AssessmentReader::Next fills. kSampling: only what the draw's
// passes read (id, credit_class, line, and each need's matter, lead, ratio,
// exempt and sample_key); the other fields keep whatever they held and the
// skipped values are checked only for being JSON, not for their types (the
// kAll pass after them checks every line whole).
enum class AssessmentFields { kAll, kSampling };

// Streams one shard directory's assessments in id order. Owns the open file;
// not thread-safe.
class AssessmentReader {
 public:
  virtual ~AssessmentReader() = default;
  // Reads shard.json and opens assessments.jsonl. Errors kIoError, kBadShard.
  static Result<std::unique_ptr<AssessmentReader>> Open(const std::string& shard_dir);
  virtual const ShardInfo& info() const = 0;
  // The next assessment: true, or false at the end. Errors kBadShard
  // (`DIR/assessments.jsonl:LINE: ...`, also for ids out of order).
  virtual Result<bool> Next(Assessment* out) = 0;
  // Starts again from the first assessment (finalize reads several passes).
  virtual Status Rewind() = 0;
  // What the following Next calls fill (kAll until set).
  virtual void Select(AssessmentFields fields) = 0;
};

// A k-way merge of shard directories by id. Open checks that the shards
// agree on format version, bundle hash, rulesets, year, as_of, seed, register
// rows and shard count N, and that their indexes cover 1..N exactly once
// (kBadShard). Next fails on an id present in two shards (kDuplicateId).
class MergedAssessments {
 public:
  virtual ~MergedAssessments() = default;
  static Result<std::unique_ptr<MergedAssessments>> Open(
      const std::vector<std::string>& shard_dirs);
  // The shards' common info; shard = {1, 1} when complete, enterprises and
  // bad_rows summed over the shards.
  virtual const ShardInfo& info() const = 0;
  virtual Result<bool> Next(Assessment* out) = 0;
  virtual Status Rewind() = 0;
  virtual void Select(AssessmentFields fields) = 0;
};

}  // namespace bylaw::plan

#endif  // BYLAW_PLAN_ASSESSMENT_H_
