// Helpers for analyze_test: parse and check bylaw source text in memory,
// run the analysis, and look at the diagnostics by code, position and
// underlined text.
#ifndef BYLAW_TESTS_ANALYZE_ANALYZE_TEST_UTIL_H_
#define BYLAW_TESTS_ANALYZE_ANALYZE_TEST_UTIL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bylaw/dsl/analyzer.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::testing {

// A diagnostic as a test states it.
struct Seen {
  std::string code;
  std::string file;  // the path the file was given as
  std::uint32_t line = 0, column = 0;
  std::string underlined;
  std::string message;
  std::string help;
  std::vector<std::string> labels;  // underlined text of each label
  std::vector<std::string> label_at;  // `file:line:col` of each label
};

struct Analyzed {
  std::unique_ptr<SourceManager> sources;
  std::unique_ptr<Program> program;
  std::vector<Diagnostic> check;  // what the checker reported
  std::vector<Seen> seen;         // what the analysis reported, sorted
  std::string Dump() const;       // every diagnostic, one a line
  // The analysis diagnostics with this code.
  std::vector<Seen> WithCode(const std::string& code) const;
};

// Parses `text` as `test.bylaw`, checks it and, when the checker found no
// error, analyses it.
std::unique_ptr<Analyzed> AnalyzeText(const std::string& text,
                                      const AnalyzeOptions& options = {});
// Parses each (file name, text) as one file, assembles them into one
// program (imports resolved among them), checks and analyses it.
std::unique_ptr<Analyzed> AnalyzeFiles(
    const std::vector<std::pair<std::string, std::string>>& files,
    const AnalyzeOptions& options = {});
// Loads paths from disk (imports resolved from the derived root), checks
// and analyses them.
std::unique_ptr<Analyzed> AnalyzePaths(const std::vector<std::string>& paths);

}  // namespace bylaw::dsl::testing

#endif  // BYLAW_TESTS_ANALYZE_ANALYZE_TEST_UTIL_H_
