// `require complete facts` (docs/design/semantics.md S7.2), from source to
// answer: compiled by the real front end, loaded and evaluated by the
// runtime. The same decision without the clause is the control: on the
// documents below it answers, so each check fails without the feature.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "bylaw/dsl/compiler.h"
#include "bylaw/runtime.h"

namespace {

using namespace bylaw::dsl;
namespace rt = bylaw::runtime;

CompileResult CompileSource(const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("bylaw_complete_facts_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "s.bylaw") << text;
  CompileResult result = CompilerBuilder().Build().Compile({dir.string()});
  fs::remove_all(dir);
  return result;
}

// A decision whose outputs read only `r.staff`; `clause` goes first.
std::string Source(const std::string& clause) {
  return "ruleset demo\n"
         "  level national\n"
         "record Officer { id: text, certified: bool }\n"
         "facts Request { staff: int, urgent: bool, note: text?, officers: list<Officer> }\n"
         "decision d (r: Request) {\n" +
         clause +
         "  output ok: bool = r.staff >= 2 else false\n"
         "  output staff: int = r.staff\n"
         "}\n";
}

std::shared_ptr<const rt::Rulebook> Book(const std::string& clause) {
  CompileResult c = CompileSource(Source(clause));
  REQUIRE(c.ok());
  auto book = rt::LoadBundle(c.bundle);
  REQUIRE(book.ok());
  return *book;
}

rt::Outcome Run(const rt::Rulebook& book, const std::string& facts) {
  auto d = book.FindDecision("demo.d");
  REQUIRE(d.ok());
  auto f = book.ParseFacts(*d, facts);
  REQUIRE(f.ok());
  auto o = book.Evaluate(*d, *f, {});
  REQUIRE(o.ok());
  return *o;
}

const char* const kComplete = R"({"as_of":"2025-01-01","r":{"staff":3,"urgent":false,)"
                              R"("officers":[{"id":"a","certified":true}]}})";
// `certified` of the second officer is missing; no output reads it.
const char* const kDeepGap = R"({"as_of":"2025-01-01","r":{"staff":3,"urgent":false,)"
                             R"("officers":[{"id":"a","certified":true},{"id":"b"}]}})";
const char* const kNoUrgent = R"({"as_of":"2025-01-01","r":{"staff":3,"officers":[]}})";

}  // namespace

TEST_CASE("complete facts: a missing field no output reads fails every output",
          "[complete_facts]") {
  auto strict = Book("  require complete facts\n");
  auto lax = Book("");
  for (const char* doc : {kDeepGap, kNoUrgent}) {
    CAPTURE(doc);
    // The control: without the clause the gap goes unnoticed.
    rt::Outcome open = Run(*lax, doc);
    CHECK(open.errors().empty());
    CHECK(open.Find("ok")->bool_value());
    // With it, every output fails closed: `ok` takes its `else`, `staff`
    // (no `else`) is none and the result incomplete.
    rt::Outcome closed = Run(*strict, doc);
    CHECK_FALSE(closed.Find("ok")->bool_value());
    CHECK(closed.Find("staff")->kind() == rt::ValueKind::kNull);
    CHECK_FALSE(closed.complete());
    REQUIRE(closed.errors().size() == 2);
    const std::string path =
        doc == kDeepGap ? "`$.r.officers[1].certified` is missing" : "`$.r.urgent` is missing";
    for (const rt::EvalError& e : closed.errors()) {
      CHECK(e.code == "MISSING_FACT");
      CHECK(e.message == path);
    }
  }
}

TEST_CASE("complete facts: a complete document answers as without the clause", "[complete_facts]") {
  auto strict = Book("  require complete facts\n");
  auto lax = Book("");
  // `note` is optional: its absence is not a gap.
  rt::Outcome a = Run(*strict, kComplete);
  CHECK(a.complete());
  CHECK(a.errors().empty());
  CHECK(a.ToJson() == Run(*lax, kComplete).ToJson());
  // A missing param is a gap too.
  rt::Outcome none = Run(*strict, R"({"as_of":"2025-01-01"})");
  REQUIRE_FALSE(none.errors().empty());
  CHECK(none.errors().front().message == "`$.r` is missing");
}

TEST_CASE("complete facts: lowered as the decision's complete_facts", "[complete_facts]") {
  auto field = [](const std::string& clause) {
    CompileResult c = CompileSource(Source(clause));
    REQUIRE(c.ok());
    const nlohmann::json bundle = nlohmann::json::parse(c.bundle);
    for (const auto& d : bundle.at("decisions")) {
      if (d.at("name") == "demo.d") return d.value("complete_facts", false);
    }
    FAIL("no decision demo.d");
    return false;
  };
  CHECK(field("  require complete facts\n"));
  CHECK_FALSE(field(""));
}

TEST_CASE("complete facts: said twice is duplicate_complete_facts", "[complete_facts]") {
  const std::string text = Source("  require complete facts\n  require complete facts\n");
  const auto first = static_cast<std::uint32_t>(text.find("require"));
  const auto second = static_cast<std::uint32_t>(text.find("require", first + 1));
  CompileResult c = CompileSource(text);
  CHECK_FALSE(c.ok());
  bool found = false;
  for (const Diagnostic& d : c.check.diagnostics) {
    if (d.code != "duplicate_complete_facts") continue;
    found = true;
    CHECK(d.range.begin == second);
    REQUIRE(d.labels.size() == 1);
    CHECK(d.labels[0].range.begin == first);
  }
  CHECK(found);
}
