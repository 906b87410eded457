// Helpers for check_test: parse bylaw source text (one or several files)
// into a Program, check it, and look at the diagnostics by code, position
// and underlined text.
#ifndef BYLAW_TESTS_CHECK_CHECK_TEST_UTIL_H_
#define BYLAW_TESTS_CHECK_CHECK_TEST_UTIL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::testing {

// A diagnostic as a test states it.
struct Seen {
  std::string code;
  std::uint32_t line = 0, column = 0;
  std::string underlined;
  std::string message;
  std::string help;
};

struct Checked {
  std::unique_ptr<SourceManager> sources;
  std::unique_ptr<Program> program;
  DiagnosticSink sink;
  std::vector<Seen> seen;  // sorted
  std::string Dump() const;  // every diagnostic, one a line, for failures
};

// Parses each (path, text) file in memory, assembles and checks them.
std::unique_ptr<Checked> CheckTexts(
    const std::vector<std::pair<std::string, std::string>>& files);
// One file, named `test.bylaw`.
std::unique_ptr<Checked> CheckText(const std::string& text);
// Loads paths from disk with LoadProgram (root may be empty) and checks.
std::unique_ptr<Checked> CheckPaths(const std::vector<std::string>& paths,
                                    const std::string& root = "");

// A fresh empty temporary directory; files written with WriteFile.
std::string MakeTempDir();
void WriteFile(const std::string& path, const std::string& text);

}  // namespace bylaw::dsl::testing

#endif  // BYLAW_TESTS_CHECK_CHECK_TEST_UTIL_H_
