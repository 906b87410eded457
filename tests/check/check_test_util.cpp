// See check_test_util.h.
#include "check_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "bylaw/dsl/checker.h"
#include "bylaw/dsl/loader.h"
#include "bylaw/dsl/parser.h"
#include "temp_dir.h"

namespace bylaw::dsl::testing {
namespace {

void Fill(Checked& c) {
  for (const Diagnostic& d : c.sink.Sorted()) {
    Seen s;
    s.code = d.code;
    s.message = d.message;
    s.help = d.help;
    if (d.range.valid()) {
      const SourceFile& f = c.sources->file(d.range.file);
      LineCol lc = f.LineColAt(d.range.begin);
      s.line = lc.line;
      s.column = lc.column;
      s.underlined = std::string(f.Slice(d.range));
    }
    c.seen.push_back(std::move(s));
  }
}

}  // namespace

std::string Checked::Dump() const {
  std::string out;
  for (const Seen& s : seen) {
    out += s.code + " " + std::to_string(s.line) + ":" +
           std::to_string(s.column) + " [" + s.underlined + "] " + s.message +
           (s.help.empty() ? "" : " | help: " + s.help) + "\n";
  }
  return out;
}

std::unique_ptr<Checked> CheckTexts(
    const std::vector<std::pair<std::string, std::string>>& files) {
  auto c = std::make_unique<Checked>();
  c->sources = std::make_unique<SourceManager>();
  std::vector<std::unique_ptr<Module>> modules;
  for (const auto& [path, text] : files) {
    FileId id = c->sources->Add(path, text);
    modules.push_back(Parse(c->sources->file(id), c->sink));
  }
  c->program = AssembleProgram(std::move(modules), c->sink);
  Check(*c->program, c->sink);
  Fill(*c);
  return c;
}

std::unique_ptr<Checked> CheckText(const std::string& text) {
  return CheckTexts({{"test.bylaw", text}});
}

std::unique_ptr<Checked> CheckPaths(const std::vector<std::string>& paths,
                                    const std::string& root) {
  auto c = std::make_unique<Checked>();
  c->sources = std::make_unique<SourceManager>();
  LoadOptions options;
  options.root = root;
  c->program = LoadProgram(paths, options, *c->sources, c->sink);
  Check(*c->program, c->sink);
  Fill(*c);
  return c;
}

std::string MakeTempDir() {
  // Kept until the test program exits, then removed with their contents.
  static std::vector<std::unique_ptr<bylaw::testing::TempDir>> dirs;
  dirs.push_back(std::make_unique<bylaw::testing::TempDir>("check-test"));
  return dirs.back()->path();
}

void WriteFile(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace bylaw::dsl::testing
