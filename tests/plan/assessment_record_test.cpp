// The binary records of RunPlan's sorted runs (assessment_record.h): every
// assessment reads back as itself, whatever its texts and however full the
// table of recurring texts is; a record that is truncated, extended,
// damaged or another id's is an error, never a crash nor another
// assessment; and the reads of the runs fail closed on damaged run files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "assessed_runs.h"
#include "assessment_json.h"
#include "assessment_record.h"
#include "bylaw/plan/assessment.h"
#include "p1_test_support.h"

namespace bylaw::plan {
namespace {

using plan_internal::ParseAssessmentRecord;
using plan_internal::ParseCheckedRecord;
using plan_internal::RecordChecksum;
using plan_internal::RecordStrings;
using plan_internal::RecordWriter;
using testing::Nantong;
using testing::TempDir;
using testing::WriteFile;

// A text that often recurs (as matter ids and departments do) and is
// sometimes anything at all.
rc::Gen<std::string> Text() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>("", "fire", "market", "重点监管：国发〔2019〕5号 (C6)"),
      rc::gen::arbitrary<std::string>());
}

rc::Gen<std::vector<std::string>> Texts() {
  return rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(Text()));
}

rc::Gen<std::optional<std::int64_t>> MaybeInt() {
  return rc::gen::oneOf(rc::gen::just(std::optional<std::int64_t>()),
                        rc::gen::map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t v) {
                          return std::optional<std::int64_t>(v);
                        }));
}

Assessment AnyAssessment() {
  Assessment a;
  a.id = *rc::gen::arbitrary<std::string>();
  a.name = *rc::gen::arbitrary<std::string>();
  a.region = *Text();
  a.industry = *Text();
  a.credit_class = *Text();
  a.competent = *Text();
  a.line = *rc::gen::arbitrary<std::int64_t>();
  const int needs = *rc::gen::inRange(0, 6);
  for (int i = 0; i < needs; ++i) {
    MatterNeed& n = a.needs.emplace_back();
    n.matter = *Text();
    n.lead = *Text();
    n.cooperators = *Texts();
    n.delegable = *rc::gen::arbitrary<bool>();
    n.key = *rc::gen::arbitrary<bool>();
    n.methods = *Texts();
    n.min = *rc::gen::arbitrary<std::int64_t>();
    n.max = *MaybeInt();
    n.ratio = *MaybeInt();
    n.exempt = *rc::gen::arbitrary<bool>();
    n.sample_key = *rc::gen::arbitrary<std::uint64_t>();
    n.basis = *Texts();
    n.rules = *Texts();
  }
  return a;
}

bool SameNeed(const MatterNeed& x, const MatterNeed& y, bool all) {
  const bool sampling = x.matter == y.matter && x.lead == y.lead && x.ratio == y.ratio &&
                        x.exempt == y.exempt && x.sample_key == y.sample_key;
  if (!all) return sampling;
  return sampling && x.cooperators == y.cooperators && x.delegable == y.delegable &&
         x.key == y.key && x.methods == y.methods && x.min == y.min && x.max == y.max &&
         x.basis == y.basis && x.rules == y.rules;
}

// Equal in every field, or with `all` false in the draw's fields (those
// AssessmentFields::kSampling reads).
bool Same(const Assessment& x, const Assessment& y, bool all = true) {
  if (x.id != y.id || x.credit_class != y.credit_class || x.line != y.line ||
      x.needs.size() != y.needs.size())
    return false;
  if (all && (x.name != y.name || x.region != y.region || x.industry != y.industry ||
              x.competent != y.competent))
    return false;
  for (std::size_t i = 0; i < x.needs.size(); ++i) {
    if (!SameNeed(x.needs[i], y.needs[i], all)) return false;
  }
  return true;
}

// A table as full as the property picks: none, a few texts, or the default.
std::unique_ptr<RecordStrings> AnyTable() {
  switch (*rc::gen::inRange(0, 3)) {
    case 0: return std::make_unique<RecordStrings>(0, 0);
    case 1:
      return std::make_unique<RecordStrings>(*rc::gen::inRange<std::size_t>(1, 6),
                                             *rc::gen::inRange<std::size_t>(0, 64));
    default: return std::make_unique<RecordStrings>();
  }
}

TEST_CASE("every assessment's record reads back as the assessment", "[plan][assessment][record]") {
  const bool ok = rc::check("ParseAssessmentRecord(Append(a)) == a", [] {
    auto table = AnyTable();
    // Two writers over one table, as two assessing workers.
    RecordWriter first(table.get()), second(table.get());
    const int count = *rc::gen::inRange(1, 8);
    std::vector<Assessment> written;
    std::vector<std::string> records;
    for (int i = 0; i < count; ++i) {
      written.push_back(AnyAssessment());
      records.emplace_back();
      (*rc::gen::arbitrary<bool>() ? first : second).Append(written.back(), &records.back());
    }
    // Read into one reused assessment, as the passes reuse theirs, with or
    // without the scratch that keeps what shrinking vectors give up.
    Assessment read;
    plan_internal::RecordScratch kept;
    plan_internal::RecordScratch* scratch = *rc::gen::arbitrary<bool>() ? &kept : nullptr;
    std::string error;
    for (int i = 0; i < count; ++i) {
      RC_ASSERT(ParseAssessmentRecord(written[i].id, records[i], *table, &read, &error,
                                      AssessmentFields::kAll, scratch));
      RC_ASSERT(Same(read, written[i]));
    }
    for (int i = 0; i < count; ++i) {
      RC_ASSERT(ParseAssessmentRecord(written[i].id, records[i], *table, &read, &error,
                                      AssessmentFields::kSampling, scratch));
      RC_ASSERT(Same(read, written[i], /*all=*/false));
    }
    for (int i = count - 1; i >= 0; --i) {  // the other way: shrinking what grew
      RC_ASSERT(ParseAssessmentRecord(written[i].id, records[i], *table, &read, &error,
                                      AssessmentFields::kAll, scratch));
      RC_ASSERT(Same(read, written[i]));
    }
  });
  CHECK(ok);
}

TEST_CASE("a truncated, extended, damaged or another id's record is an error",
          "[plan][assessment][record]") {
  const bool ok = rc::check("ParseAssessmentRecord fails closed", [] {
    RecordStrings table;
    RecordWriter writer(&table);
    const Assessment a = AnyAssessment();
    std::string record;
    writer.Append(a, &record);
    Assessment read;
    std::string error;
    const std::size_t cut = *rc::gen::inRange<std::size_t>(0, record.size());
    RC_ASSERT(!ParseAssessmentRecord(a.id, record.substr(0, cut), table, &read, &error));
    RC_ASSERT(!error.empty());
    error.clear();
    RC_ASSERT(
        !ParseAssessmentRecord(a.id, record + *rc::gen::arbitrary<char>(), table, &read, &error));
    RC_ASSERT(!error.empty());
    std::string damaged = record;
    const std::size_t at = *rc::gen::inRange<std::size_t>(0, damaged.size());
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << *rc::gen::inRange(0, 8)));
    RC_ASSERT(!ParseAssessmentRecord(a.id, damaged, table, &read, &error));
    RC_ASSERT(!ParseAssessmentRecord(a.id + "0", record, table, &read, &error));
    RC_ASSERT(
        ParseAssessmentRecord(a.id, record, table, &read, &error));  // the record itself is fine
  });
  CHECK(ok);
}

TEST_CASE("a record's body is read within its bytes or refused, whatever they are",
          "[plan][assessment][record]") {
  // Past the checksum the reader still checks every length, count and
  // index: a bug in the writer must not become a read out of bounds.
  const bool ok = rc::check("ParseCheckedRecord never reads outside the body", [] {
    RecordStrings table;
    RecordWriter writer(&table);
    const Assessment a = AnyAssessment();
    std::string record;
    writer.Append(a, &record);
    std::string body = record.substr(0, record.size() - 4);
    const int edits = *rc::gen::inRange(1, 4);
    for (int e = 0; e < edits && !body.empty(); ++e) {
      body[*rc::gen::inRange<std::size_t>(0, body.size())] = *rc::gen::arbitrary<char>();
    }
    if (*rc::gen::arbitrary<bool>())
      body = body.substr(0, *rc::gen::inRange<std::size_t>(0, body.size() + 1));
    // The body on the heap at its exact size, so that a sanitizer sees a
    // read past it.
    const std::vector<char> exact(body.begin(), body.end());
    Assessment read;
    std::string error;
    const bool parsed = ParseCheckedRecord(a.id, std::string_view(exact.data(), exact.size()),
                                           table, &read, &error);
    RC_ASSERT(parsed || !error.empty());
  });
  CHECK(ok);

  RecordStrings written, empty;
  RecordWriter writer(&written);
  Assessment a;
  a.id = "E1";
  a.region = "chongchuan";
  std::string record;
  writer.Append(a, &record);
  Assessment read;
  std::string error;
  CHECK_FALSE(ParseAssessmentRecord(a.id, record, empty, &read, &error));
  CHECK(error.find("text index out of range") != std::string::npos);
  CHECK_FALSE(ParseCheckedRecord(a.id, "\x01", written, &read, &error));
  CHECK(RecordChecksum("a", "b") != RecordChecksum("ab", ""));
}

// The run files of AssessIntoRuns over a small register, run after run.
std::vector<std::filesystem::path> RunFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("run-", 0) == 0) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Reads every assessment of `source` from the start: the first error, or ok.
Status ReadAll(MergedAssessments& source) {
  Status rewound = source.Rewind();
  if (!rewound.ok()) return rewound;
  source.Select(AssessmentFields::kAll);
  Assessment a;
  while (true) {
    Result<bool> next = source.Next(&a);
    if (!next.ok()) return next.error();
    if (!*next) return {};
  }
}

TEST_CASE("damaged or truncated run files are errors, not plans", "[plan][assessment][record]") {
  TempDir dir("damaged-runs");
  WriteFile(dir / "register.csv", testing::Csv(testing::ValidRows(120, 5)));
  AssessOptions o;
  o.register_path = dir / "register.csv";
  o.out_dir = dir / "runs";
  o.year = 2026;
  o.seed = "seed";
  o.run_rows = 50;
  auto noop = [](std::string_view, std::string_view, const RecordStrings&) -> Status { return {}; };

  SECTION("a byte of a record") {
    auto runs = plan_internal::AssessIntoRuns(*Nantong().book, Nantong().schema, o, noop);
    REQUIRE(runs.ok());
    REQUIRE(ReadAll(**runs).ok());
    const std::vector<std::filesystem::path> files = RunFiles(o.out_dir);
    REQUIRE(files.size() == 3);
    // The first record: a 16-byte header (sizes, line), the id, the record.
    std::fstream f(files[1], std::ios::in | std::ios::out | std::ios::binary);
    std::uint32_t sizes[2] = {0, 0};
    f.read(reinterpret_cast<char*>(sizes), sizeof sizes);
    REQUIRE(sizes[1] > 8);
    const std::streamoff at = 16 + sizes[0] + sizes[1] / 2;
    f.seekg(at);
    char c = 0;
    f.get(c);
    f.seekp(at);
    f.put(static_cast<char>(c ^ 0x10));
    f.close();
    const Status read = ReadAll(**runs);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == kBadShard);
    CHECK(read.error().message.find("unreadable: the record's checksum does not match") !=
          std::string::npos);
  }
  SECTION("a run file cut short, or with sizes past its end") {
    auto runs = plan_internal::AssessIntoRuns(*Nantong().book, Nantong().schema, o, noop);
    REQUIRE(runs.ok());
    const std::vector<std::filesystem::path> files = RunFiles(o.out_dir);
    REQUIRE(files.size() == 3);
    std::filesystem::resize_file(files[0], std::filesystem::file_size(files[0]) - 3);
    Status read = ReadAll(**runs);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == kIoError);
    CHECK(read.error().message.find("truncated or damaged run file") != std::string::npos);

    std::fstream f(files[2], std::ios::in | std::ios::out | std::ios::binary);
    const std::uint32_t huge = 0xfffffff0u;
    f.seekp(4);
    f.write(reinterpret_cast<const char*>(&huge), sizeof huge);
    f.close();
    std::filesystem::resize_file(files[0], 0);  // only the damaged header is left to find
    read = ReadAll(**runs);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().message.find("truncated or damaged run file") != std::string::npos);
  }
}

}  // namespace
}  // namespace bylaw::plan
