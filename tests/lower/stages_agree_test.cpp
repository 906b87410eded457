// Never accept in one stage what a later stage refuses: every construct
// that lowering (bundle or tests) has a refusal for is either rejected by
// `check` with a located diagnostic, or compiles and lowers cleanly. One
// case per construct, through the real front end.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/lower.h"
#include "bylaw/dsl/test_bundle.h"

namespace bylaw::dsl {
namespace {

namespace fs = std::filesystem;

const std::string kPrelude = R"(ruleset t level municipal
enum CreditClass { A, B, C }
facts E {
  id: text
  credit: CreditClass
  n: int
}
reason NOT_OK "not ok"
scenario ebike "ebike"
param lim: int = 3
table g (e: E) -> (v: int) basis "b" {
  | e.credit || v |
  | A       || 1 |
  | default || 0 |
}
rule r (e: E) {
  forbid when e.n > 3
  code NOT_OK
  basis "b"
}
def f(e: E) -> int = e.n
decision d (e: E) {
  output ok: bool = e.n > 1 else false
}
)";

struct StageCase {
  const char* name;
  const char* source;  // appended to the prelude
  // The error `check` gives, on the appended source; empty when the
  // construct checks clean and must then lower cleanly.
  const char* check_code;
};

const std::vector<StageCase>& Cases() {
  static const std::vector<StageCase> cases = {
      // Decision calls (once lower_unsupported): lowered as call_decision.
      {"decision calls a decision", "decision d2 (e: E) {\n  output x: bool = d(e).ok\n}", ""},
      {"def calls a decision", "def h(e: E) -> bool = d(e).ok", ""},
      {"rule calls a decision", "rule r2 (e: E) {\n  require d(e).ok\n  code NOT_OK\n}", ""},
      {"table cell reads a decision", "table g2 (e: E) -> (v: int) basis \"b\" {\n  | d(e).ok || v |\n  | true || 1 |\n  | false || 0 |\n}", ""},
      // Tests (once test_unsupported): a call inside a comprehension body.
      {"decision call in a test comprehension", "test \"t\" {\n  expect any(x in [1, 2] : d(E { id: \"a\", credit: A, n: x }).ok)\n}", ""},
      // References LowerDeclRef has no bundle form for.
      {"table as a value", "def h() -> int = g", "not_a_value"},
      {"rule as a value", "def h() -> bool = r", "not_a_value"},
      {"def as a value", "def h() -> int = f", "not_a_value"},
      {"decision as a value", "def h() -> bool = d", "not_a_value"},
      {"record type as a value", "let x = E", "not_a_value"},
      {"reason as a value", "let x = NOT_OK", "not_a_value"},
      {"enum as a value", "let x = CreditClass", "not_a_value"},
      {"scenario as a value", "let x = ebike", ""},
      // Calls LowerCall has no bundle form for.
      {"let called", "let k = 1\nlet y = k(2)", "not_callable"},
      {"record called", "let y = E(1)", "not_callable"},
      {"param called", "let y = lim(1)", "not_callable"},
      {"reason called", "let y = NOT_OK()", "not_callable"},
      {"enum called", "let y = CreditClass(1)", "not_callable"},
      {"scenario called", "let y = ebike(1)", "not_callable"},
      // Fields LowerField has no bundle form for.
      {"enum member misspelt", "let c = CreditClass.Z", "unknown_member"},
      {"field of a type", "let c = E.id", "not_a_value"},
      // Row ids (lower_duplicate_id).
      {"duplicate row id", "table g2 (e: E) -> (v: int) basis \"b\" {\n  | e.credit || v |\n  @a | A || 1 |\n  @a | B || 2 |\n  @c | default || 0 |\n}", "duplicate_name"},
      // Literals (lower_int_range).
      {"int past the range", "let x = 9223372036854775808", "number_out_of_range"},
      {"least int", "let x = -9223372036854775808", "number_out_of_range"},
  };
  return cases;
}

std::string Rendered(const std::vector<Diagnostic>& diagnostics,
                     const SourceManager& sources) {
  return RenderText(diagnostics, sources);
}

bool HasError(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

TEST_CASE("check rejects, with a location, every construct lowering refuses") {
  const fs::path dir = fs::temp_directory_path() / "bylaw_stages_agree";
  fs::remove_all(dir);
  fs::create_directories(dir / "t");
  const fs::path file = dir / "t" / "t.bylaw";
  Compiler compiler = CompilerBuilder().SetRoot(dir.string()).Build();
  for (const StageCase& c : Cases()) {
    DYNAMIC_SECTION(c.name) {
      std::ofstream(file, std::ios::binary | std::ios::trunc)
          << kPrelude << c.source << "\n";
      CheckResult checked = compiler.Check({file.string()});
      const std::string shown = Rendered(checked.diagnostics, *checked.sources);
      INFO(shown);
      if (*c.check_code != '\0') {
        // Refused by check, at a place in the appended source.
        CHECK_FALSE(checked.ok());
        bool found = false;
        for (const Diagnostic& d : checked.diagnostics) {
          if (d.code != c.check_code || d.severity != Severity::kError) continue;
          found = true;
          const LineCol at = checked.sources->file(d.range.file).LineColAt(d.range.begin);
          CHECK(at.line > 24);  // after the prelude
        }
        CHECK(found);
        continue;
      }
      REQUIRE(checked.ok());
      REQUIRE(checked.program != nullptr);
      LowerResult lowered = Lower(*checked.program, *checked.sources, {});
      INFO(Rendered(lowered.diagnostics, *checked.sources));
      CHECK(lowered.ok());
      CHECK_FALSE(HasError(lowered.diagnostics));
      TestBundle tests = LowerTests(*checked.program, *checked.sources);
      INFO(Rendered(tests.diagnostics, *checked.sources));
      CHECK(tests.ok());
      CHECK_FALSE(HasError(tests.diagnostics));
      for (const TestCase& tc : tests.tests) CHECK(tc.error.empty());
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bylaw::dsl
