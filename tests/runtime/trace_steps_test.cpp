// Outcome::VisitTablesAndRules against Outcome::trace(): the same table and
// rule events, in the same order, whether or not the trace was already
// written out, on the fixture's decisions and on random facts.
#include <catch2/catch.hpp>

#include <fstream>
#include <rapidcheck.h>
#include <sstream>

#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;
using bylaw::runtime::Status;

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

// One event as text, every field that VisitTablesAndRules promises.
std::string Show(const rt::TraceEvent& e) {
  std::string s = std::to_string(static_cast<int>(e.kind)) + "|" + e.id + "|" + e.detail + "|";
  for (const std::string& r : e.rows) s += r + ",";
  s += "|";
  if (e.source != nullptr) s += e.source->file + ":" + std::to_string(e.source->line);
  return s;
}

std::vector<std::string> Visited(const rt::Outcome& o) {
  std::vector<std::string> out;
  o.VisitTablesAndRules([&](const rt::TraceEvent& e) { out.push_back(Show(e)); });
  return out;
}

std::vector<std::string> FromTrace(const rt::Outcome& o) {
  std::vector<std::string> out;
  for (const rt::TraceEvent& e : o.trace()) {
    if (e.kind == rt::TraceEvent::Kind::kTable || e.kind == rt::TraceEvent::Kind::kRule) out.push_back(Show(e));
  }
  return out;
}

// Evaluates `decision` on `facts` twice into one Outcome (so that buffers
// of an earlier evaluation are reused) and checks both paths of the visit:
// an empty string, or what differs.
std::string Check(const char* decision, const std::string& facts_json, bool trace) {
  auto d = Book()->FindDecision(decision);
  if (!d.ok()) return d.error().ToString();
  auto facts = Book()->ParseFacts(*d, facts_json);
  if (!facts.ok()) return facts.error().ToString();
  rt::EvaluateOptions options;
  options.trace = trace;
  rt::Outcome o;
  for (int round = 0; round < 2; ++round) {
    Status s = Book()->Evaluate(*d, *facts, options, &o);
    if (!s.ok()) return s.error().ToString();
    const std::vector<std::string> before = Visited(o);  // from the records
    const std::vector<std::string> want = FromTrace(o);
    const std::vector<std::string> after = Visited(o);  // from the written trace
    if (before != want) return "before trace(): " + std::to_string(before.size()) + " steps, want " + std::to_string(want.size());
    if (after != want) return "after trace(): " + std::to_string(after.size()) + " steps, want " + std::to_string(want.size());
    if (!trace && !before.empty()) return "steps of an untraced evaluation";
  }
  return "";
}

}  // namespace

TEST_CASE("VisitTablesAndRules lists trace()'s table and rule steps") {
  struct Case {
    const char* decision;
    const char* facts;
    bool has_steps;
  };
  static const Case kCases[] = {
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E1", "industry": "catering",
                     "credit": "B", "risk": 2, "years": "2.5", "key": false, "penalties": []}})", true},
      {"t.freq", R"({"as_of": "2024-10-01", "enterprise": {"id": "E2", "industry": "chemicals",
                     "credit": "D", "risk": 4, "years": 0.25, "key": true,
                     "penalties": [{"since": "2024-01-01", "corrected": false}]}})", true},
      {"t.freq", R"({"enterprise": {"credit": "A"}})", false},  // fails closed
      {"t.may_inspect", R"({"as_of": "2024-10-01", "inspection": {"matter": "ebike_fire",
                           "urgent": false, "head_approved": true, "inspectors":
                           [{"id": "P1", "certified": true}, {"id": "P2", "certified": true}]}})", true},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "C", "r": 3})", true},
      {"t.tables", R"({"as_of": "2024-10-01", "c": "A", "r": 0})", true},
  };
  for (const Case& c : kCases) {
    for (bool trace : {false, true}) {
      DYNAMIC_SECTION(c.decision << (trace ? " traced " : " ") << c.facts) {
        CHECK(Check(c.decision, c.facts, trace) == "");
        if (trace && c.has_steps) {
          // Not vacuous: the traced evaluation has table or rule steps.
          auto d = Book()->FindDecision(c.decision);
          auto facts = Book()->ParseFacts(*d, c.facts);
          rt::EvaluateOptions options;
          options.trace = true;
          auto o = Book()->Evaluate(*d, *facts, options);
          REQUIRE(o.ok());
          CHECK(!Visited(*o).empty());
        }
      }
    }
  }
}

TEST_CASE("VisitTablesAndRules matches trace() on random facts") {
  const bool ok = rc::check("t.tables and t.freq", [] {
    static const char* const kClasses[] = {"A", "B", "C", "D"};
    static const char* const kIndustries[] = {"catering", "chemicals", "retail"};
    const std::string credit = kClasses[*rc::gen::inRange(0, 4)];
    const int r = *rc::gen::inRange(-2, 12);
    RC_ASSERT(Check("t.tables", R"({"as_of": "2024-10-01", "c": ")" + credit + R"(", "r": )" + std::to_string(r) + "}",
                    true) == "");
    const std::string industry = kIndustries[*rc::gen::inRange(0, 3)];
    const bool key = *rc::gen::arbitrary<bool>();
    const bool penalty = *rc::gen::arbitrary<bool>();
    RC_ASSERT(Check("t.freq",
                    R"({"as_of": "2024-10-01", "enterprise": {"id": "E", "industry": ")" + industry +
                        R"(", "credit": ")" + credit + R"(", "risk": )" + std::to_string(r) +
                        R"(, "years": "1.5", "key": )" + (key ? "true" : "false") + R"(, "penalties": [)" +
                        (penalty ? R"({"since": "2024-03-01", "corrected": false})" : "") + "]}}",
                    true) == "");
  });
  CHECK(ok);
}
