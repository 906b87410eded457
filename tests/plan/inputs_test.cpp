// The plan's inputs (bylaw/plan/inputs.h): the register schema read from
// the rules, the register in CSV and JSONL, the roster; every kind of bad
// row named by file, line and field.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <fstream>

#include "bylaw/plan/inputs.h"
#include "csv.h"
#include "p1_test_support.h"

namespace bylaw::plan {
namespace {

using testing::Nantong;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kGoodRow =
    "B001,某公司,rudong,catering,false,none,B,C,false,false,false,school,false,food/2024-10-01/true/false";

// Reads every row of `text` written to `name`; the rows read, and the
// errors met (reading goes on after a bad row, as --skip-bad does).
struct ReadAll {
  std::vector<RegisterRow> rows;
  std::vector<Error> errors;
  std::optional<Error> open_error;
};

ReadAll Read(const std::string& name, const std::string& text) {
  TempDir dir("inputs");
  const std::string path = dir / name;
  WriteFile(path, text);
  ReadAll out;
  auto reader = RegisterReader::Open(path, Nantong().schema);
  if (!reader.ok()) {
    out.open_error = reader.error();
    // Report the file name, not the temp dir, so cases compare whole lines.
    out.open_error->message.replace(0, dir.path().size() + 1, "");
    return out;
  }
  RegisterRow row;
  while (true) {
    auto next = (*reader)->Next(&row);
    if (!next.ok()) {
      Error e = next.error();
      if (e.message.rfind(dir.path(), 0) == 0) e.message.replace(0, dir.path().size() + 1, "");
      out.errors.push_back(e);
      if (e.code != kBadRow) break;
      continue;
    }
    if (!*next) break;
    out.rows.push_back(row);
  }
  return out;
}

// The good row with cell `column` replaced by `cell`.
std::string WithCell(int column, const std::string& cell) {
  std::vector<std::string> cells;
  std::string row = kGoodRow;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = row.find(',', start);
    cells.push_back(row.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  cells[static_cast<std::size_t>(column)] = cell;
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
  return out;
}

TEST_CASE("the register schema is the enterprise record of decision frequency", "[plan][inputs]") {
  const RegisterSchema& schema = Nantong().schema;
  CHECK(schema.record == "nantong.Enterprise");
  std::vector<std::string> names;
  for (const FieldSpec& f : schema.fields) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"id", "name", "region", "industry", "high_risk_sector",
                                          "safety_standardization_grade", "credit_class",
                                          "food_risk_grade", "serious_dishonesty_listed",
                                          "credit_commitment", "whitelisted", "key_places",
                                          "new_business_form", "penalties"});
  const FieldSpec& food = schema.fields[static_cast<std::size_t>(schema.Find("food_risk_grade"))];
  CHECK(food.kind == FieldSpec::Kind::kEnum);
  CHECK(food.optional);
  CHECK(food.members == std::vector<std::string>{"A", "B", "C", "D"});
  const FieldSpec& places = schema.fields[static_cast<std::size_t>(schema.Find("key_places"))];
  CHECK(places.kind == FieldSpec::Kind::kList);
  CHECK(places.set);
  CHECK(places.element == FieldSpec::Kind::kEnum);
  const FieldSpec& penalties = schema.fields[static_cast<std::size_t>(schema.Find("penalties"))];
  REQUIRE(penalties.kind == FieldSpec::Kind::kRecordList);
  CHECK(penalties.fields.size() == 4);
  CHECK(penalties.fields[1].kind == FieldSpec::Kind::kDate);
  CHECK(schema.departments.front() == "market");
  CHECK(std::find(schema.departments.begin(), schema.departments.end(), "fire") != schema.departments.end());
  CHECK(schema.regions.size() == 8);
}

TEST_CASE("a schema read from another bundle than the book's is refused", "[plan][inputs]") {
  std::string bundle = Nantong().bundle;
  const std::size_t at = bundle.find("\"hash\":\"sha256:");
  REQUIRE(at != std::string::npos);
  bundle[at + 16] = bundle[at + 16] == '0' ? '1' : '0';
  auto schema = ReadRegisterSchema(bundle, *Nantong().book);
  REQUIRE_FALSE(schema.ok());
  CHECK(schema.error().code == kBadRules);
}

TEST_CASE("a good CSV row becomes the enterprise object of the facts", "[plan][inputs]") {
  ReadAll r = Read("register.csv", "\xEF\xBB\xBF" + std::string(testing::kRegisterHeader) + "\r\n" + kGoodRow + "\r\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 1);
  const RegisterRow& row = r.rows[0];
  CHECK(row.line == 2);
  CHECK(row.id == "B001");
  CHECK(row.name == "某公司");
  CHECK(row.region == "rudong");
  CHECK(row.industry == "catering");
  CHECK(row.credit_class == "B");
  CHECK(row.enterprise_json ==
        R"({"id":"B001","name":"某公司","region":"rudong","industry":"catering","high_risk_sector":false,)"
        R"("safety_standardization_grade":"none","credit_class":"B","food_risk_grade":"C",)"
        R"("serious_dishonesty_listed":false,"credit_commitment":false,"whitelisted":false,)"
        R"("key_places":["school"],"new_business_form":false,)"
        R"("penalties":[{"domain":"food","public_since":"2024-10-01","corrected":true,"serious":false}]})");
  // The runtime accepts it as is.
  auto d = Nantong().book->FindDecision("frequency");
  auto facts = Nantong().book->ParseFacts(*d, "{\"enterprise\":" + row.enterprise_json + "}");
  CHECK(facts.ok());
}

TEST_CASE("columns may come in any order; empty optional, list and record list cells", "[plan][inputs]") {
  const std::string text =
      "penalties,key_places,food_risk_grade,id,name,region,industry,high_risk_sector,"
      "safety_standardization_grade,credit_class,serious_dishonesty_listed,credit_commitment,"
      "whitelisted,new_business_form\n"
      ",,,X1,\"多行\n名称\",haian,general_trade,true,1,A,false,true,false,false\n";
  ReadAll r = Read("register.csv", text);
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].line == 2);
  CHECK(r.rows[0].name == "多行\n名称");
  const std::string& j = r.rows[0].enterprise_json;
  CHECK(j.find(R"("food_risk_grade":null)") != std::string::npos);
  CHECK(j.find(R"("key_places":[])") != std::string::npos);
  CHECK(j.find(R"("penalties":[])") != std::string::npos);
  CHECK(j.find(R"("safety_standardization_grade":"1")") != std::string::npos);
}

struct BadCell {
  const char* what;
  int column;
  const char* cell;
  const char* message;
};

TEST_CASE("every kind of bad CSV cell names file, line and field", "[plan][inputs]") {
  static const BadCell kCases[] = {
      {"bad bool", 4, "yes", "register.csv:3: field high_risk_sector: \"yes\" is not a bool (true or false)"},
      {"bad enum", 6, "E", "register.csv:3: field credit_class: \"E\" is not a CreditClass (A, B, C, D)"},
      {"enum by label", 2, "如东县",
       "register.csv:3: field region: \"如东县\" is not a Region (chongchuan, tongzhou, haimen, rudong, qidong, "
       "rugao, haian, development_zone)"},
      {"empty enum", 3, "", "register.csv:3: field industry: empty, but the field is not optional"},
      {"bad date in penalties", 13, "food/2024-13-01/true/false",
       "register.csv:3: field penalties: item 1: field public_since: \"2024-13-01\" is not a date (YYYY-MM-DD)"},
      {"bad domain in penalties", 13, "food/2024-10-01/true/false;tax/2024-10-01/true/false",
       "register.csv:3: field penalties: item 2: field domain: \"tax\" is not a PenaltyDomain (food, drug, "
       "special_equipment, work_safety, fire, market, other)"},
      {"penalty with a part missing", 13, "food/2024-10-01/true",
       "register.csv:3: field penalties: item 1: \"food/2024-10-01/true\" has 3 parts, expected 4 "
       "(domain/public_since/corrected/serious)"},
      {"bad list item", 11, "school;moon",
       "register.csv:3: field key_places: item 2: \"moon\" is not a KeyPlace (school, kindergarten, hospital, "
       "station, pier, mall, stadium, exhibition, park)"},
      {"repeated set item", 11, "school;mall;school", "register.csv:3: field key_places: item 3 repeats \"school\""},
      {"empty list item", 11, "school;", "register.csv:3: field key_places: item 2: \"\" is not a KeyPlace (school, "
                                         "kindergarten, hospital, station, pier, mall, stadium, exhibition, park)"},
      {"empty id", 0, "", "register.csv:3: field id: empty (every enterprise needs an id)"},
      {"bool with spaces", 8, " true", "register.csv:3: field serious_dishonesty_listed: \" true\" is not a bool (true or false)"},
  };
  for (const BadCell& c : kCases) {
    DYNAMIC_SECTION(c.what) {
      ReadAll r = Read("register.csv", testing::Csv({WithCell(0, "G1"), WithCell(c.column, c.cell),
                                                     WithCell(0, "G2")}));
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].code == kBadRow);
      CHECK(r.errors[0].message == c.message);
      // The bad row is skipped, the good rows around it are kept.
      REQUIRE(r.rows.size() == 2);
      CHECK(r.rows[0].id == "G1");
      CHECK(r.rows[1].id == "G2");
    }
  }
}

struct BadText {
  const char* what;
  const char* file;
  std::string text;
  const char* code;
  const char* message;
};

TEST_CASE("malformed CSV, bad headers and bad JSONL rows are named too", "[plan][inputs]") {
  const std::string h = std::string(testing::kRegisterHeader) + "\n";
  const std::string good_json =
      R"({"id":"J1","name":"n","region":"rudong","industry":"catering","high_risk_sector":false,)"
      R"("safety_standardization_grade":3,"credit_class":"B","food_risk_grade":null,)"
      R"("serious_dishonesty_listed":false,"credit_commitment":false,"whitelisted":false,)"
      R"("key_places":[],"new_business_form":false,"penalties":[]})";
  auto json_with = [&](const std::string& from, const std::string& to) {
    std::string s = good_json;
    s.replace(s.find(from), from.size(), to);
    return s + "\n";
  };
  const BadText kCases[] = {
      {"quote inside an unquoted cell", "register.csv", h + "B1,ab\"c,rudong\n", kBadRow,
       "register.csv:2: a quote inside unquoted cell 2 (quote the whole cell and double the quote)"},
      {"text after a closing quote", "register.csv", h + "B1,\"ab\"c,rudong\n", kBadRow,
       "register.csv:2: text after the closing quote of cell 2 (double a quote inside a quoted cell: \"\")"},
      {"quote never closed", "register.csv", h + "B1,\"ab,rudong\nB2,x\n", kBadRow,
       "register.csv:2: a quoted cell opened on line 2 is never closed"},
      {"too few cells", "register.csv", h + "B1,x,rudong\n", kBadRow,
       "register.csv:2: the row has 3 cells, the header 14"},
      {"unknown column", "register.csv", std::string(testing::kRegisterHeader) + ",color\n", kBadInput,
       "register.csv:1: field color: unknown column (the register's fields: id, name, region, industry, "
       "high_risk_sector, safety_standardization_grade, credit_class, food_risk_grade, serious_dishonesty_listed, "
       "credit_commitment, whitelisted, key_places, new_business_form, penalties)"},
      {"missing column", "register.csv", "id,name\n", kBadInput, "register.csv:1: field region: missing column"},
      {"repeated column", "register.csv", "id,name,id\n", kBadInput, "register.csv:1: field id: repeated column"},
      {"binary header", "register.csv", "\xff\xfe\x01junk\n", kBadInput,
       "register.csv:1: field \"<not UTF-8>\": unknown column (the register's fields: id, name, region, industry, "
       "high_risk_sector, safety_standardization_grade, credit_class, food_risk_grade, serious_dishonesty_listed, "
       "credit_commitment, whitelisted, key_places, new_business_form, penalties)"},
      {"empty file", "register.csv", "", kBadInput,
       "register.csv:1: no header row (the register's fields: id, name, region, industry, high_risk_sector, "
       "safety_standardization_grade, credit_class, food_risk_grade, serious_dishonesty_listed, credit_commitment, "
       "whitelisted, key_places, new_business_form, penalties)"},
      {"unknown format", "register.xlsx", "", kBadInput,
       "register.xlsx: unknown register format (expected .csv, .jsonl or .ndjson)"},
      {"JSONL wrong type", "register.jsonl", json_with("\"high_risk_sector\":false", "\"high_risk_sector\":\"no\""),
       kBadRow, "register.jsonl:1: field high_risk_sector: expected bool (true or false), got \"no\""},
      {"JSONL number as text", "register.jsonl", json_with("\"name\":\"n\"", "\"name\":12"), kBadRow,
       "register.jsonl:1: field name: expected text (a JSON string), got 12"},
      {"JSONL bad enum", "register.jsonl", json_with("\"credit_class\":\"B\"", "\"credit_class\":\"Z\""), kBadRow,
       "register.jsonl:1: field credit_class: \"Z\" is not a CreditClass (A, B, C, D)"},
      {"JSONL null for a non-optional", "register.jsonl", json_with("\"whitelisted\":false", "\"whitelisted\":null"),
       kBadRow, "register.jsonl:1: field whitelisted: null, but the field is not optional"},
      {"JSONL missing field", "register.jsonl", json_with(",\"whitelisted\":false", ""), kBadRow,
       "register.jsonl:1: field whitelisted: missing (write null for an absent optional)"},
      {"JSONL unknown field", "register.jsonl", json_with("\"id\":\"J1\"", "\"id\":\"J1\",\"size\":3"), kBadRow,
       "register.jsonl:1: field size: unknown field of nantong.Enterprise (the register's fields: id, name, region, "
       "industry, high_risk_sector, safety_standardization_grade, credit_class, food_risk_grade, "
       "serious_dishonesty_listed, credit_commitment, whitelisted, key_places, new_business_form, penalties)"},
      {"JSONL list of the wrong type", "register.jsonl", json_with("\"key_places\":[]", "\"key_places\":\"school\""),
       kBadRow, "register.jsonl:1: field key_places: expected a JSON array, got \"school\""},
      {"JSONL bad penalty", "register.jsonl",
       json_with("\"penalties\":[]", R"("penalties":[{"domain":"food","public_since":"2024-10-01","corrected":"yes","serious":false}])"),
       kBadRow, "register.jsonl:1: field penalties: item 1: field corrected: expected bool (true or false), got \"yes\""},
      {"JSONL not JSON", "register.jsonl", "\n{\"id\": \n", kBadRow, nullptr},
      // nlohmann throws out_of_range, not parse_error, for a number beyond
      // a double: it crashed `bylaw plan` (issue 17, finding 1).
      {"JSONL number overflow", "register.jsonl", "{\"id\":1e400}\n", kBadRow,
       "register.jsonl:1: not valid JSON (number overflow parsing '1e400')"},
      {"JSONL not an object", "register.jsonl", "[1]\n", kBadRow,
       "register.jsonl:1: expected a JSON object (an enterprise), got [1]"},
      {"JSONL empty id", "register.jsonl", json_with("\"id\":\"J1\"", "\"id\":\"\""), kBadRow,
       "register.jsonl:1: field id: empty (every enterprise needs an id)"},
  };
  for (const BadText& c : kCases) {
    DYNAMIC_SECTION(c.what) {
      ReadAll r = Read(c.file, c.text);
      REQUIRE((r.open_error || !r.errors.empty()));
      const Error& e = r.open_error ? *r.open_error : r.errors.front();
      CHECK(e.code == c.code);
      if (c.message != nullptr) {
        CHECK(e.message == c.message);
      } else {
        CHECK(e.message.rfind("register.jsonl:2: not valid JSON (", 0) == 0);
      }
    }
  }
}

TEST_CASE("a JSONL register reads like the CSV one", "[plan][inputs]") {
  const std::vector<std::string> rows = testing::ValidRows(40);
  ReadAll csv = Read("register.csv", testing::Csv(rows));
  REQUIRE(csv.errors.empty());
  std::string jsonl;
  for (const RegisterRow& r : csv.rows) jsonl += r.enterprise_json + "\n\n";
  ReadAll json = Read("register.ndjson", jsonl);
  REQUIRE(json.errors.empty());
  REQUIRE(json.rows.size() == csv.rows.size());
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    CHECK(json.rows[i].enterprise_json == csv.rows[i].enterprise_json);
    CHECK(json.rows[i].line == static_cast<std::int64_t>(2 * i + 1));
    CHECK(json.rows[i].credit_class == csv.rows[i].credit_class);
  }
}

TEST_CASE("the committed sample register reads without a bad row", "[plan][inputs]") {
  for (const char* name : {"register.csv", "register.jsonl"}) {
    auto reader = RegisterReader::Open(std::string(BYLAW_SOURCE_DIR) + "/samples/nantong/" + name, Nantong().schema);
    REQUIRE(reader.ok());
    RegisterRow row;
    std::int64_t rows = 0;
    while (true) {
      auto next = (*reader)->Next(&row);
      INFO((next.ok() ? "" : next.error().message));
      REQUIRE(next.ok());
      if (!*next) break;
      ++rows;
    }
    CHECK(rows == 300);
    CHECK((*reader)->rows() == 300);
  }
}

TEST_CASE("CSV records: quotes, doubled quotes, line breaks, blank lines", "[plan][inputs]") {
  TempDir dir("csv");
  WriteFile(dir / "x.csv", "a,\"b,\"\"c\"\"\",\"\"\r\n\n\"multi\nline\",x,\n");
  plan_internal::CsvReader csv(std::fopen((dir / "x.csv").c_str(), "rb"));
  plan_internal::CsvRecord rec;
  std::string message;
  REQUIRE(csv.Next(&rec, &message) == plan_internal::CsvReader::Read::kRecord);
  REQUIRE(rec.size() == 3);
  CHECK(rec.line == 1);
  CHECK(rec.cell(0) == "a");
  CHECK(rec.cell(1) == "b,\"c\"");
  CHECK(rec.cell(2) == "");
  REQUIRE(csv.Next(&rec, &message) == plan_internal::CsvReader::Read::kRecord);
  CHECK(rec.line == 3);
  REQUIRE(rec.size() == 3);
  CHECK(rec.cell(0) == "multi\nline");
  CHECK(rec.cell(2) == "");
  CHECK(csv.Next(&rec, &message) == plan_internal::CsvReader::Read::kEnd);
}

// ---------------------------------------------------------------- roster

Result<Roster> RosterOf(const std::string& name, const std::string& text, std::string* dir_prefix) {
  static TempDir dir("roster");
  *dir_prefix = dir.path() + "/";
  WriteFile(dir / name, text);
  return ReadRoster(dir / name, Nantong().schema, *Nantong().book);
}

TEST_CASE("a roster is read, checked and sorted by id", "[plan][inputs][roster]") {
  std::string prefix;
  auto roster = RosterOf("roster.csv",
                         "id,department,certified,domains,region\n"
                         "P2,fire,true,fire_safety;ebike_fire,rudong\n"
                         "P1,market,false,*,\n",
                         &prefix);
  REQUIRE(roster.ok());
  REQUIRE(roster->inspectors.size() == 2);
  const Inspector& p1 = roster->inspectors[0];
  const Inspector& p2 = roster->inspectors[1];
  CHECK(p1.id == "P1");
  CHECK(p1.line == 3);
  CHECK_FALSE(p1.certified);
  CHECK(p1.all_domains);
  CHECK(p1.QualifiedFor("script_venue"));
  CHECK(p1.Serves("haimen"));
  CHECK(p2.department == "fire");
  CHECK(p2.QualifiedFor("ebike_fire"));
  CHECK_FALSE(p2.QualifiedFor("market_general"));
  CHECK(p2.Serves("rudong"));
  CHECK_FALSE(p2.Serves("haimen"));

  auto json = RosterOf("roster.jsonl",
                       "{\"id\":\"P2\",\"department\":\"fire\",\"certified\":true,\"domains\":[\"fire_safety\",\"ebike_fire\"],\"region\":\"rudong\"}\n"
                       "{\"id\":\"P1\",\"department\":\"market\",\"certified\":false,\"domains\":\"*\"}\n",
                       &prefix);
  REQUIRE(json.ok());
  REQUIRE(json->inspectors.size() == 2);
  CHECK(json->inspectors[0].all_domains);
  CHECK(json->inspectors[1].domains == p2.domains);
  CHECK(json->inspectors[1].region == "rudong");
}

TEST_CASE("every kind of bad roster row names file, line and field", "[plan][inputs][roster]") {
  const std::string h = "id,department,certified,domains,region\nP0,market,true,*,\n";
  static const std::pair<const char*, const char*> kCases[] = {
      {"P1,police,true,*,", "roster.csv:3: field department: \"police\" is not a Department (market, emergency, fire, "
                             "education, culture, public_security, transport, housing, ecology, health)"},
      {"P1,market,yes,*,", "roster.csv:3: field certified: \"yes\" is not a bool (true or false)"},
      {"P1,market,true,food_safety_routine;taxes,",
       "roster.csv:3: field domains: item 2: \"taxes\" is not a matter of the rules (MATTERS)"},
      {"P1,market,true,,", "roster.csv:3: field domains: empty (list matter ids separated by `;`, or `*` for every matter)"},
      {"P1,market,true,*,shanghai", "roster.csv:3: field region: \"shanghai\" is not a region (chongchuan, tongzhou, haimen, "
                                    "rudong, qidong, rugao, haian, development_zone; empty for every region)"},
      {"P0,fire,true,*,", "roster.csv:3: field id: duplicate id P0 (first at line 2)"},
      {",fire,true,*,", "roster.csv:3: field id: empty (every inspector needs an id)"},
      {"P1,fire,true", "roster.csv:3: the row has 3 cells, the header 5"},
  };
  std::string matters;  // in the rules' order
  for (const runtime::MatterInfo& m : Nantong().book->matters()) matters += (matters.empty() ? "" : ", ") + m.id;
  for (const auto& [row, message] : kCases) {
    DYNAMIC_SECTION(row) {
      std::string prefix;
      auto roster = RosterOf("roster.csv", h + row + "\n", &prefix);
      REQUIRE_FALSE(roster.ok());
      CHECK(roster.error().code == kBadRow);
      std::string expected = message;
      if (expected.find("MATTERS") != std::string::npos) expected.replace(expected.find("MATTERS"), 7, matters);
      CHECK(roster.error().message == prefix + expected);
    }
  }
  std::string prefix;
  auto unknown = RosterOf("roster.csv", "id,department,certified,domains,grade\n", &prefix);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        prefix + "roster.csv:1: field grade: unknown column (the roster's fields: id, department, certified, domains, region)");
  // A binary header is quoted, not echoed byte for byte.
  auto binary = RosterOf("roster.csv", "id,\xff\xfe\n", &prefix);
  REQUIRE_FALSE(binary.ok());
  CHECK(binary.error().message == prefix +
                                      "roster.csv:1: field \"<not UTF-8>\": unknown column (the roster's fields: "
                                      "id, department, certified, domains, region)");
  auto missing = RosterOf("roster.csv", "id,department,domains\n", &prefix);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message == prefix + "roster.csv:1: field certified: missing column");
  auto json = RosterOf("roster.jsonl", "{\"id\":\"P1\",\"department\":\"fire\",\"certified\":\"true\",\"domains\":\"*\"}\n", &prefix);
  REQUIRE_FALSE(json.ok());
  CHECK(json.error().message == prefix + "roster.jsonl:1: field certified: expected bool (true or false), got \"true\"");
}

TEST_CASE("the committed sample roster reads", "[plan][inputs][roster]") {
  auto roster = ReadRoster(std::string(BYLAW_SOURCE_DIR) + "/samples/nantong/roster.csv", Nantong().schema,
                           *Nantong().book);
  INFO((roster.ok() ? "" : roster.error().message));
  REQUIRE(roster.ok());
  // One inspector per data line of the file.
  const std::string text = testing::ReadFile(std::string(BYLAW_SOURCE_DIR) + "/samples/nantong/roster.csv");
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  CHECK(roster->inspectors.size() == lines - 1);
  CHECK(std::is_sorted(roster->inspectors.begin(), roster->inspectors.end(),
                       [](const Inspector& a, const Inspector& b) { return a.id < b.id; }));
}

}  // namespace
}  // namespace bylaw::plan

namespace bylaw::plan {
namespace {

long MaxRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Reads every row of `path` with `limits`: the rows and the errors.
ReadAll ReadWith(const std::string& path, const InputLimits& limits) {
  ReadAll out;
  auto reader = RegisterReader::Open(path, Nantong().schema, limits);
  if (!reader.ok()) {
    out.open_error = reader.error();
    return out;
  }
  RegisterRow row;
  while (true) {
    auto next = (*reader)->Next(&row);
    if (!next.ok()) {
      out.errors.push_back(next.error());
      if (next.error().code != kBadRow) break;
      continue;
    }
    if (!*next) break;
    out.rows.push_back(row);
  }
  return out;
}

TEST_CASE("a line or cell over the reader's limit is a bad row, read in bounded memory", "[plan][inputs]") {
  // Before, getline(3) grew its buffer to the longest line: a 1 GiB line
  // took 9.4 GB (issue 17, finding 4). A 64 MiB line against a 1 MiB limit
  // must leave the reader's memory far below the line's size.
  TempDir dir("limits");
  InputLimits limits;
  limits.max_line_bytes = 1 << 20;
  limits.max_cell_bytes = 1 << 16;
  const std::vector<std::string> good = testing::ValidRows(2);
  const std::size_t huge = std::size_t{64} << 20;
  {
    // Written in pieces, so that the test itself never holds the line.
    std::ofstream out(dir / "register.jsonl", std::ios::binary);
    out << "{\"id\":\"";
    const std::string piece(1 << 20, 'x');
    for (std::size_t n = 0; n < huge; n += piece.size()) out << piece;
    out << "\"}\n";
  }
  const long before = MaxRssKiB();
  ReadAll j = ReadWith(dir / "register.jsonl", limits);
  const long grown_mib = (MaxRssKiB() - before) / 1024;
  REQUIRE(j.errors.size() == 1);
  CHECK(j.errors[0].code == kBadRow);
  CHECK(j.errors[0].message ==
        dir / "register.jsonl:1: the line is over the limit of 1048576 bytes (InputLimits::max_line_bytes)");
  CHECK(grown_mib < 16);

  // CSV: a record of many cells, then a single huge cell; the reader goes
  // on with the next row.
  std::string csv = std::string(testing::kRegisterHeader) + "\n" + good[0] + "\n";
  csv += std::string(2 << 20, ',') + "\n";
  csv += "E1,\"" + std::string(1 << 17, 'y') + "\",rudong\n";
  csv += good[1] + "\n";
  WriteFile(dir / "register.csv", csv);
  ReadAll c = ReadWith(dir / "register.csv", limits);
  CHECK(c.rows.size() == 2);
  REQUIRE(c.errors.size() == 2);
  CHECK(c.errors[0].code == kBadRow);
  CHECK(c.errors[0].message ==
        dir / "register.csv:3: the record is over the limit of 1048576 bytes (InputLimits::max_line_bytes)");
  CHECK(c.errors[1].message ==
        dir / "register.csv:4: the cell 2 is over the limit of 65536 bytes (InputLimits::max_cell_bytes)");

  // The roster has the same limits.
  WriteFile(dir / "roster.jsonl", "{\"id\":\"" + std::string(2 << 20, 'p') + "\"}\n");
  auto roster = ReadRoster(dir / "roster.jsonl", Nantong().schema, *Nantong().book, limits);
  REQUIRE_FALSE(roster.ok());
  CHECK(roster.error().code == kBadRow);
  CHECK(roster.error().message ==
        dir / "roster.jsonl:1: the line is over the limit of 1048576 bytes (InputLimits::max_line_bytes)");
}

}  // namespace
}  // namespace bylaw::plan
