// The streaming facts reader (runtime/src/facts_reader.h) against the DOM
// path it stands in for (nlohmann parse + FromJson): on every document it
// decides, it must build the same Values; it must decide the common valid
// shapes; and whatever it declines, ParseFacts must still report exactly as
// the DOM path does; what it says of absent facts is what FirstMissingFact
// finds in its Values. Also: decimal numbers at random, both ways.
#include <catch2/catch.hpp>

#include <rapidcheck.h>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bylaw/runtime.h"
#include "facts_reference.h"
#include "literal.h"
#include "model.h"
#include "name_table.h"

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;
using nlohmann::json;

namespace {

std::shared_ptr<const rt::Rulebook> Book() {
  static std::shared_ptr<const rt::Rulebook> book = [] {
    std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/supervision.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto sealed = rt::SealBundle(ss.str());
    if (!sealed.ok()) FAIL(sealed.error().ToString());
    auto b = rt::LoadBundle(*sealed);
    if (!b.ok()) FAIL(b.error().ToString());
    return *b;
  }();
  return book;
}

const ri::Decision& DecisionNamed(const std::string& name) {
  return *Book()->model().decision_by_name.at(name);
}

// Runs the reader and the DOM path on `text` (facts_reference.h): empty
// when they agree and ParseFacts accepts exactly what the DOM accepts, else
// what differs. `decided` tells whether the reader took the document.
std::string Disagreement(const std::string& decision, const std::string& text, bool* decided) {
  const ri::Decision& d = DecisionNamed(decision);
  bylaw::testing::DomFacts dom;
  const std::string why =
      bylaw::testing::ReaderDisagreement(Book()->model(), d, text, decided, &dom);
  if (!why.empty()) return why;
  auto ref = Book()->FindDecision(decision);
  if (!ref.ok()) return "no decision " + decision;
  auto facts = Book()->ParseFacts(*ref, text);
  if (facts.ok() != (dom.json_ok && dom.errors.empty())) return "ParseFacts disagrees";
  if (!facts.ok()) {
    const char* want = dom.json_ok ? "facts_invalid" : "facts_not_json";
    if (facts.error().code != want) return "error code " + facts.error().code;
  }
  return "";
}

}  // namespace

TEST_CASE("facts reader builds what the DOM path builds") {
  struct Case {
    const char* decision;
    const char* facts;
    bool decided;  // the reader must take it (not fall back)
  };
  static const Case kCases[] = {
      // Common valid shapes: the reader decides them.
      {"t.freq", R"({"enterprise": {"id": "E1", "industry": "catering", "credit": "B", "risk": 2,
                  "years": "2.5", "key": true, "penalties": []}, "as_of": "2024-10-01"})",
       true},
      {"t.freq", R"({"as_of":"2024-10-01","enterprise":{"years":2.25,"risk":-7,"food_grade":null}})",
       true},
      {"t.freq", R"( {"enterprise" : {"years" : 0.000001, "penalties" : [ {"since" : "2024-02-29",
                  "corrected" : false} , {"since":"2023-01-01"} ] } } )",
       true},
      {"t.freq", "{\"enterprise\":{\"years\":12,\"id\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\n\"}}", true},
      {"t.freq", "{\"enterprise\":{\"id\":\"\xe5\x8d\x97\xe9\x80\x9a \xf0\x9f\x98\x80\"}}", true},
      {"t.freq", R"({"enterprise":{"years":-0.0,"risk":0}})", true},
      {"t.freq", R"({"enterprise":{"years":-12345.678901}})", true},
      {"t.freq", R"({"enterprise":{"years":1e2}})", true},
      {"t.freq", R"({"enterprise":{"years":1.5E-3}})", true},
      {"t.freq", R"({"enterprise":{"years":123456789.123456}})", true},
      {"t.freq", R"({"enterprise":{"years":8999999999999}})", true},
      {"t.freq", R"({"enterprise":{"years":9000000000000}})", true},
      {"t.freq", R"({"enterprise":{"years":9223372036854.775807}})", true},
      {"t.freq", R"({"enterprise":{"years":-9223372036854775807e-6}})", true},
      {"t.freq", R"({"enterprise":{"years":12345678901.123455}})", true},
      {"t.freq", "{}", true},
      {"t.freq", "{\"enterprise\":{}}\r\n", true},
      {"t.may_inspect", R"({"inspection":{"matter":"ebike_fire","inspectors":[{"id":"P","certified":true}]}})",
       true},
      {"t.tables", R"({"c":"A","r":3})", true},
      {"old.ping", R"({"as_of":"2024-01-01"})", true},
      // Valid, but left to the DOM path.
      {"t.freq", R"({"enterprise":{"risk":1},"enterprise":{"risk":2}})", false},  // duplicate
      {"t.freq", R"({"enterprise":{"risk":1,"risk":2}})", false},
      {"t.freq", R"({"enterprise":{"years":18446744073709551615}})", false},  // DOM wraps it
      {"t.freq", R"({"enterprise":{"risk":9223372036854775807}})", false},
      {"t.freq", "\xef\xbb\xbf{}", false},  // nlohmann skips a BOM
      // Invalid: the reader declines, the DOM path reports.
      {"t.freq", R"({"enterprise":{"risk":1.0}})", false},
      {"t.freq", R"({"enterprise":{"years":0.1234567}})", false},
      {"t.freq", R"({"enterprise":{"years":9223372036854.775808}})", false},
      {"t.freq", R"({"enterprise":{"years":99999999999999999999999}})", false},
      {"t.freq", R"({"enterprise":{"years":1e400}})", false},
      {"t.freq", R"({"enterprise":{"risk":99999999999999999999999}})", false},
      {"t.freq", R"({"enterprise":{"risk":1e400}})", false},
      {"t.freq", R"({"enterprise":{"credit":"E"}})", false},
      {"t.freq", R"({"enterprise":{"credit":""}})", false},
      {"t.freq", R"({"enterprise":{"key":null}})", false},
      {"t.freq", R"({"enterprise":{"colour":1}})", false},
      {"t.freq", R"({"enterprize":{}})", false},
      {"t.freq", R"({"as_of":"2024-02-30"})", false},
      {"t.freq", R"({"as_of":"2024-01-01","as_of":"2024-01-02"})", false},
      {"t.freq", R"([])", false},
      {"t.freq", R"("x")", false},
      {"t.freq", "", false},
      {"t.freq", R"({"enterprise":{"risk":01}})", false},
      {"t.freq", R"({"enterprise":{"years":1.}})", false},
      {"t.freq", R"({"enterprise":{"years":.5}})", false},
      {"t.freq", R"({"enterprise":{"years":+1}})", false},
      {"t.freq", R"({"enterprise":{"risk":-}})", false},
      {"t.freq", R"({"enterprise":{"id":"a)" "\x01" R"("}})", false},
      {"t.freq", "{\"enterprise\":{\"id\":\"\xc0\xaf\"}}", false},          // overlong
      {"t.freq", "{\"enterprise\":{\"id\":\"\xed\xa0\x80\"}}", false},      // surrogate
      {"t.freq", "{\"enterprise\":{\"id\":\"\xe5\x8d\"}}", false},          // truncated
      {"t.freq", "{\"enterprise\":{\"id\":\"\\ud800\"}}", false},           // lone high
      {"t.freq", "{\"enterprise\":{\"id\":\"\\udc00\"}}", false},           // lone low
      {"t.freq", "{\"enterprise\":{\"id\":\"\\x\"}}", false},
      {"t.freq", R"({"enterprise":{"risk":1},})", false},
      {"t.freq", R"({"enterprise":{"risk":1}} x)", false},
      {"t.freq", R"({"enterprise":{"penalties":[{"since":"2024-01-01"},]}})", false},
      {"t.freq", R"({"enterprise":{"risk":1})", false},
      {"t.freq", R"({"enterprise":{"risk":tru}})", false},
  };
  for (const Case& c : kCases) {
    DYNAMIC_SECTION(c.facts) {
      bool decided = false;
      CHECK(Disagreement(c.decision, c.facts, &decided).empty());
      CHECK(decided == c.decided);
    }
  }
}

TEST_CASE("facts reader reads random numbers as the DOM path does") {
  // Decimal-typed `years` and int-typed `risk` from JSON numbers of every
  // shape: signs, long mantissas, fractions of any length, exponents.
  const bool ok = rc::check("numbers", [] {
    const auto digits = [](int lo, int hi) {
      const int n = *rc::gen::inRange(lo, hi + 1);
      std::string s;
      for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + *rc::gen::inRange(0, 10)));
      return s;
    };
    std::string num = *rc::gen::element(std::string(), std::string("-"));
    std::string whole = digits(1, 20);
    if (whole.size() > 1 && whole[0] == '0') whole[0] = '1';
    num += whole;
    if (*rc::gen::arbitrary<bool>()) num += "." + digits(1, 10);
    if (*rc::gen::inRange(0, 4) == 0) {
      num += *rc::gen::element(std::string("e"), std::string("E-"), std::string("e+"));
      num += digits(1, 3);
    }
    const std::string field = *rc::gen::element(std::string("years"), std::string("risk"));
    const std::string text = R"({"enterprise":{")" + field + R"(":)" + num + "}}";
    bool decided = false;
    const std::string why = Disagreement("t.freq", text, &decided);
    RC_ASSERT(why == std::string());
  });
  CHECK(ok);
}

TEST_CASE("facts reader reads random strings as the DOM path does") {
  // Raw bytes (mostly ill-formed UTF-8 and control characters) and \u
  // escapes, as the text field `id` and the enum field `credit`.
  const bool ok = rc::check("strings", [] {
    // Up to ~40 pieces: long enough that the reader's eight-byte scan
    // meets each kind of byte at every offset in a word.
    const int n = *rc::gen::inRange(0, 40);
    std::string body;
    for (int i = 0; i < n; ++i) {
      switch (*rc::gen::inRange(0, 5)) {
        case 0: {
          const auto b = *rc::gen::inRange(0, 256);
          if (b == '"' || b == '\\') {
            body += "\\";
          }
          body.push_back(static_cast<char>(b));
          break;
        }
        case 1: {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\u%04x", *rc::gen::inRange(0, 0x10000));
          body += hex;
          break;
        }
        case 2:
          body += *rc::gen::element(std::string("\xe5\x8d\x97"), std::string("\xf0\x9f\x98\x80"),
                                    std::string("\\n"), std::string("\\\""));
          break;
        default:
          body.push_back(static_cast<char>(*rc::gen::inRange('A', 'E')));
      }
    }
    const std::string field = *rc::gen::element(std::string("id"), std::string("credit"));
    const std::string text = R"({"enterprise":{")" + field + R"(":")" + body + R"("}})";
    bool decided = false;
    const std::string why = Disagreement("t.freq", text, &decided);
    RC_ASSERT(why == std::string());
  });
  CHECK(ok);
}

namespace {

// A random JSON value for a field of t.Enterprise or t.Penalty, usually of
// the field's type and valid, sometimes not (another type, a value out of
// range, a bad literal, null), written with random spacing.
std::string RandomField(const std::string& field, int depth);

std::string Space() {
  return *rc::gen::element(std::string(), std::string(" "), std::string("\n\t "));
}

std::string RandomPenalty(int depth) {
  std::string out = "{" + Space();
  const int n = *rc::gen::inRange(0, 4);
  for (int i = 0; i < n; ++i) {
    const std::string key = *rc::gen::element(std::string("corrected"), std::string("since"),
                                              std::string("since"), std::string("other"));
    out += (i ? "," + Space() : "") + "\"" + key + "\"" + Space() + ":" + Space() +
           RandomField(key, depth + 1);
  }
  return out + Space() + "}";
}

std::string RandomField(const std::string& field, int depth) {
  if (*rc::gen::inRange(0, 12) == 0) {
    return *rc::gen::element(std::string("null"), std::string("true"), std::string("1"),
                             std::string("\"x\""), std::string("[]"), std::string("{}"),
                             std::string("nul"), std::string("1.5e3"), std::string("-0"));
  }
  if (field == "id") {
    return "\"" +
           *rc::gen::element(std::string("E1"), std::string("\xe5\x8d\x97\xe9\x80\x9a"),
                             std::string("a\\\"b"), std::string("\\u00e9x"), std::string(40, 'k')) +
           "\"";
  }
  if (field == "industry") {
    return "\"" +
           *rc::gen::element(std::string("catering"), std::string("retail"),
                             std::string("chemicals"), std::string("mining")) +
           "\"";
  }
  if (field == "credit" || field == "food_grade") {
    return "\"" +
           *rc::gen::element(std::string("A"), std::string("B"), std::string("D"), std::string("E"),
                             std::string("")) +
           "\"";
  }
  if (field == "risk") return std::to_string(*rc::gen::inRange(-5, 100));
  if (field == "years") {
    return *rc::gen::element(std::string("2.5"), std::string("\"2.5\""), std::string("0"),
                             std::string("1e2"), std::string("0.1234567"), std::string("-3"));
  }
  if (field == "key" || field == "corrected") {
    return *rc::gen::element(std::string("true"), std::string("false"));
  }
  if (field == "since") {
    return *rc::gen::element(std::string("\"2024-02-29\""), std::string("\"2023-02-29\""),
                             std::string("\"2024-01-01\""));
  }
  if (field == "penalties") {
    std::string out = "[" + Space();
    const int n = depth > 2 ? 0 : *rc::gen::inRange(0, 3);
    for (int i = 0; i < n; ++i) out += (i ? "," + Space() : "") + RandomPenalty(depth);
    return out + Space() + "]";
  }
  return "0";
}

}  // namespace

TEST_CASE("facts reader agrees with the DOM path on random documents") {
  // Fields of t.Enterprise in any order, some repeated, some unknown, with
  // values mostly valid: whatever the reader decides, it decides as the
  // DOM path does, and ParseFacts reports as the DOM path reports.
  static const char* const kFields[] = {"id",  "industry",   "credit",    "risk",      "years",
                                        "key", "food_grade", "penalties", "penalties", "colour"};
  int decided_count = 0;
  const bool ok = rc::check("documents", [&] {
    std::string enterprise = "{" + Space();
    const int n = *rc::gen::inRange(0, 10);
    for (int i = 0; i < n; ++i) {
      const std::string field =
          *rc::gen::elementOf(std::vector<std::string>(std::begin(kFields), std::end(kFields)));
      enterprise += (i ? "," + Space() : "") + "\"" + field + "\"" + Space() + ":" + Space() +
                    RandomField(field, 0);
    }
    enterprise += Space() + "}";
    std::string text = "{" + Space() + "\"enterprise\":" + Space() + enterprise;
    if (*rc::gen::arbitrary<bool>()) text += ",\"as_of\":\"2024-10-01\"";
    text += Space() + "}" + *rc::gen::element(std::string(), std::string(" "), std::string(" x"));
    bool decided = false;
    const std::string why = Disagreement("t.freq", text, &decided);
    decided_count += decided;
    RC_ASSERT(why == std::string());
  });
  CHECK(ok);
  CHECK(decided_count > 0);  // the generator does make valid documents
}

TEST_CASE("huge and deeply nested facts are refused with a short message") {
  auto ref = Book()->FindDecision("t.freq");
  REQUIRE(ref.ok());
  const std::size_t depth = 200000;  // far past what a recursive dump survives
  const std::string nested = std::string(depth, '[') + std::string(depth, ']');
  const std::string wide = "[" + [] {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += (i ? ",1" : "1");
    return s;
  }() + "]";
  struct Case {
    std::string facts;
    std::string message;
  };
  const Case kCases[] = {
      {"{\"enterprise\": " + nested + "}", "$.enterprise: expected t.Enterprise, got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[..."},
      {nested, "$: expected an object, got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[..."},
      {wide, "$: expected an object, got [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,..."},
      {"{\"as_of\": " + nested + "}", "$.as_of: expected date, got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[..."},
      {"{\"enterprise\": \"" + std::string(100000, 'x') + "\"}",
       "$.enterprise: expected t.Enterprise, got \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."},
  };
  for (const Case& c : kCases) {
    auto facts = Book()->ParseFacts(*ref, c.facts);
    REQUIRE_FALSE(facts.ok());
    CHECK(facts.error().code == "facts_invalid");
    CHECK(facts.error().message == c.message);
  }
}

TEST_CASE("numbers a decimal or an int cannot hold name their path and the limit") {
  struct Case {
    const char* facts;
    const char* message;
  };
  static const Case kCases[] = {
      {R"({"enterprise":{"years":99999999999999999999999}})",
       "$.enterprise.years: decimal 99999999999999999999999 is out of range "
       "(-9223372036854.775807 to 9223372036854.775807)"},
      {R"({"enterprise":{"years":9223372036854.775808}})",
       "$.enterprise.years: decimal 9223372036854.775808 is out of range"},
      {R"({"enterprise":{"years":"-9223372036854.775808"}})",
       "$.enterprise.years: decimal \"-9223372036854.775808\" is out of range"},
      {R"({"enterprise":{"years":0.1234567}})",
       "$.enterprise.years: decimal 0.1234567 has more than 6 fractional digits"},
      {R"({"enterprise":{"years":1e-7}})",
       "$.enterprise.years: decimal 1e-7 has more than 6 fractional digits"},
      {R"({"enterprise":{"years":1e400}})",
       "$.enterprise.years: number 1e400 is out of range"},
      {R"({"enterprise":{"penalties":[{"since":"2024-01-01"},{"since":"2024-01-01","x":-1e400}]}})",
       "$.enterprise.penalties[1].x: number -1e400 is out of range"},
      {R"({"enterprise":{"risk":99999999999999999999999}})",
       "$.enterprise.risk: integer 99999999999999999999999 is out of range "
       "(-9223372036854775808 to 9223372036854775807)"},
      {R"({"enterprise":{"risk":9223372036854775808}})",
       "$.enterprise.risk: integer 9223372036854775808 is out of range"},
      {R"({"enterprise":{"risk":-9223372036854775809}})",
       "$.enterprise.risk: integer -9223372036854775809 is out of range"},
      {R"({"enterprise":{"risk":2.5}})", "$.enterprise.risk: expected int, got 2.5"},
  };
  auto ref = Book()->FindDecision("t.freq");
  REQUIRE(ref.ok());
  for (const Case& c : kCases) {
    CAPTURE(c.facts);
    auto facts = Book()->ParseFacts(*ref, c.facts);
    REQUIRE_FALSE(facts.ok());
    CHECK(facts.error().code == "facts_invalid");
    CAPTURE(facts.error().message);
    CHECK(facts.error().message.find(c.message) != std::string::npos);
  }
  // The edges themselves are exact.
  auto edge = Book()->ParseFacts(*ref, R"({"enterprise":{"years":-9223372036854.775807,
                                            "risk":-9223372036854775808}})");
  REQUIRE(edge.ok());
}

TEST_CASE("the reader's name table finds what a scan of the names finds") {
  // name_table.h against std::find over the same names: random short names
  // (collisions of length and sampled bytes are common), every name found
  // at its index, anything else not found.
  const bool ok = rc::check("names", [] {
    const auto letters =
        rc::gen::container<std::string>(rc::gen::element('a', 'b', '_', 'z', '\xe5', '0'));
    std::vector<std::string> names;
    const int n = *rc::gen::inRange(0, 70);
    for (int i = 0; i < n; ++i) {
      std::string s = *letters;
      if (std::find(names.begin(), names.end(), s) == names.end()) names.push_back(s);
    }
    ri::NameTable table;
    table.Build(names);
    RC_ASSERT(table.built());
    for (std::size_t i = 0; i < names.size(); ++i) {
      RC_ASSERT(table.Find(names, names[i]) == static_cast<int>(i));
    }
    for (int k = 0; k < 20; ++k) {
      const std::string probe = *letters;
      auto it = std::find(names.begin(), names.end(), probe);
      const int want = it == names.end() ? -1 : static_cast<int>(it - names.begin());
      RC_ASSERT(table.Find(names, probe) == want);
    }
    // The byte order the reader predicts sorted keys by: from names.size(),
    // every name once, ascending; and plain() only without '\xe5'.
    std::vector<std::string> walked;
    for (std::size_t i = table.NextInByteOrder(names.size()); i < names.size();
         i = table.NextInByteOrder(i)) {
      walked.push_back(names[i]);
      RC_ASSERT(walked.size() <= names.size());
    }
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    RC_ASSERT(walked == sorted);
    const bool plain = std::none_of(names.begin(), names.end(), [](const std::string& s) {
      return s.find('\xe5') != std::string::npos;
    });
    RC_ASSERT(table.plain() == plain);
  });
  CHECK(ok);
}

namespace {

// A hand-built schema with lists of lists, which the fixture lacks:
// n.Cell {name: text, tags: list<text>, note: text optional}, and decision
// n.grid with params grid: list<list<n.Cell>> and words: list<list<text>>.
// The reader keeps the items of every list being read on one stack, a
// nested list's above its parent's: each list must get exactly its own.
struct NestedSchema {
  ri::Model model;
  const ri::Decision* decision = nullptr;
};

const NestedSchema& Nested() {
  static const NestedSchema* const schema = [] {
    auto* s = new NestedSchema;  // NOLINT(cppcoreguidelines-owning-memory): lives for the test run
    ri::Model& m = s->model;
    auto type = [&m](ri::TypeDesc::Kind kind, const ri::TypeDesc* element, bool optional,
                     const std::string& spelling) {
      ri::TypeDesc& t = m.types.emplace_back();
      t.kind = kind;
      t.element = element;
      t.optional = optional;
      t.spelling = spelling;
      return &t;
    };
    using Kind = ri::TypeDesc::Kind;
    const ri::TypeDesc* text = type(Kind::kText, nullptr, false, "text");
    const ri::TypeDesc* note = type(Kind::kText, nullptr, true, "text?");
    const ri::TypeDesc* tags = type(Kind::kList, text, false, "list<text>");
    ri::RecordType& cell = m.records.emplace_back();
    cell.name = "n.Cell";
    cell.facts = true;
    cell.field_names = {"name", "tags", "note"};
    cell.field_types = {text, tags, note};
    for (std::uint32_t i = 0; i < cell.field_names.size(); ++i) cell.index[cell.field_names[i]] = i;
    ri::TypeDesc* cell_type = type(Kind::kRecord, nullptr, false, "n.Cell");
    cell_type->record = &cell;
    const ri::TypeDesc* row = type(Kind::kList, cell_type, false, "list<n.Cell>");
    const ri::TypeDesc* grid = type(Kind::kList, row, false, "list<list<n.Cell>>");
    const ri::TypeDesc* words = type(Kind::kList, tags, false, "list<list<text>>");
    ri::Decision& d = m.decisions.emplace_back();
    d.name = "n.grid";
    d.params = {{"grid", grid}, {"words", words}};
    d.param_index = {{"grid", 0}, {"words", 1}};
    ri::BuildNameTables(&m);
    s->decision = &d;
    return s;
  }();
  return *schema;
}

// A JSON string of 0 to 30 pieces: ASCII, Chinese (3 bytes each) and
// escapes, so texts both within and beyond a std::string's inline 15 bytes.
std::string RandomText() {
  std::string s = "\"";
  const int n = *rc::gen::inRange(0, 31);
  for (int i = 0; i < n; ++i) {
    s += *rc::gen::element(std::string("a"), std::string("Z7"), std::string("\xe5\x8d\x97"),
                           std::string("\xe9\x80\x9a"), std::string("\\n"), std::string("\\u00e9"));
  }
  return s + "\"";
}

// `[item, ...]` of 0 to `max` items, empty lists included.
template <class Item>
std::string RandomList(int max, Item item) {
  std::string s = "[" + Space();
  const int n = *rc::gen::inRange(0, max + 1);
  for (int i = 0; i < n; ++i) s += (i ? "," + Space() : "") + item();
  return s + Space() + "]";
}

// Some of n.Cell's fields in any order (a cell without `name` or `tags`
// is incomplete, not invalid).
std::string RandomCell() {
  std::vector<std::string> fields;
  if (*rc::gen::inRange(0, 8) != 0) fields.push_back("\"name\":" + RandomText());
  if (*rc::gen::inRange(0, 8) != 0) {
    fields.push_back("\"tags\":" + RandomList(3, [] { return RandomText(); }));
  }
  const int note = *rc::gen::inRange(0, 3);
  if (note == 1) fields.push_back("\"note\":null");
  if (note == 2) fields.push_back("\"note\":" + RandomText());
  fields = *rc::gen::elementOf(std::vector<std::vector<std::string>>{
      fields, std::vector<std::string>(fields.rbegin(), fields.rend())});
  std::string s = "{" + Space();
  for (std::size_t i = 0; i < fields.size(); ++i) s += (i ? "," + Space() : "") + fields[i];
  return s + Space() + "}";
}

}  // namespace

TEST_CASE("facts reader builds nested lists and records as the DOM path does") {
  // Valid documents only: the reader must decide each, and build what the
  // DOM path builds (texts, items and record paths like $.grid[1][0]).
  const NestedSchema& n = Nested();
  const bool ok = rc::check("nested lists", [&] {
    std::vector<std::string> params;
    if (*rc::gen::inRange(0, 6) != 0) {
      params.push_back("\"grid\":" +
                       RandomList(3, [] { return RandomList(3, [] { return RandomCell(); }); }));
    }
    if (*rc::gen::inRange(0, 6) != 0) {
      params.push_back("\"words\":" +
                       RandomList(3, [] { return RandomList(4, [] { return RandomText(); }); }));
    }
    std::string text = "{";
    for (std::size_t i = 0; i < params.size(); ++i) text += (i ? "," : "") + params[i];
    text += "}";
    bool decided = false;
    RC_ASSERT(bylaw::testing::ReaderDisagreement(n.model, *n.decision, text, &decided) ==
              std::string());
    RC_ASSERT(decided);
  });
  CHECK(ok);
}

TEST_CASE("values taken from facts stay valid after the facts are gone") {
  // A text, a list and a record inside it, copied out of a Facts that is
  // then destroyed (as an Outcome's outputs outlive the facts they came
  // from): each copy keeps its own storage. Under ASan a Value that only
  // pointed into storage the Facts owned would fail here.
  auto ref = Book()->FindDecision("t.freq");
  REQUIRE(ref.ok());
  const std::string id = "\xe5\x8d\x97\xe9\x80\x9a\xe5\xb8\x82 enterprise with a long name";
  rt::Value name, penalties, second;
  {
    auto facts = Book()->ParseFacts(
        *ref,
        R"({"enterprise":{"id":")" + id +
            R"(","penalties":[{"since":"2024-01-01"},{"corrected":true,"since":"2024-02-29"}]}})");
    REQUIRE(facts.ok());
    const rt::Value& enterprise = facts->params()[0];
    const int id_slot = enterprise.record_type()->Find("id");
    const int penalties_slot = enterprise.record_type()->Find("penalties");
    REQUIRE(id_slot >= 0);
    REQUIRE(penalties_slot >= 0);
    name = enterprise.items()[static_cast<std::size_t>(id_slot)];
    penalties = enterprise.items()[static_cast<std::size_t>(penalties_slot)];
    second = penalties.items()[1];
  }
  CHECK(name.text() == id);
  REQUIRE(penalties.items().size() == 2);
  CHECK(penalties.items()[0].record_path() == "$.enterprise.penalties[0]");
  CHECK(second.record_path() == "$.enterprise.penalties[1]");
  CHECK(second.ToString() == "t.Penalty {corrected: true, since: 2024-02-29}");
  penalties = rt::Value();  // `second` shares nothing it still needs with the list
  CHECK(second.items()[0] == rt::Value::Bool(true));
}
