// `bylaw fmt` through the function the command runs (RunFmt): directory
// walking, --check, --stdout, atomic rewrite keeping permissions, leaving
// canonical files untouched and refusing files with syntax errors.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "fmt_command.h"
#include "temp_dir.h"

namespace bylaw::cli {
namespace {

namespace fs = std::filesystem;

using bylaw::testing::TempDir;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char kMessy[] = "ruleset r let   x=1\n";
const char kCanonical[] = "ruleset r\n\nlet x = 1\n";
const char kBroken[] = "ruleset r\nlet x = = 1\n";

struct Run {
  int code;
  std::string out, err;
};

Run Fmt(FmtArgs args) {
  std::ostringstream out, err;
  int code = RunFmt(args, out, err);
  return {code, out.str(), err.str()};
}

TEST_CASE("fmt rewrites files needing it and leaves canonical ones alone",
          "[fmt][cli]") {
  TempDir dir;
  fs::path messy = dir.Write("a/messy.bylaw", kMessy);
  fs::path clean = dir.Write("clean.bylaw", kCanonical);
  fs::path other = dir.Write("a/notes.txt", kMessy);
  chmod(messy.c_str(), 0640);
  struct stat before_clean;
  REQUIRE(stat(clean.c_str(), &before_clean) == 0);

  Run run = Fmt({{dir.path()}, false, false, false});
  INFO(run.err);
  CHECK(run.code == kExitOk);
  CHECK(Slurp(messy) == kCanonical);
  CHECK(Slurp(other) == kMessy);  // not a .bylaw file
  struct stat after;
  REQUIRE(stat(messy.c_str(), &after) == 0);
  CHECK((after.st_mode & 0777) == 0640);
  struct stat after_clean;
  REQUIRE(stat(clean.c_str(), &after_clean) == 0);
  CHECK(after_clean.st_ino == before_clean.st_ino);  // never replaced
  // No temporary files are left behind.
  int entries = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 4);  // a/, a/messy.bylaw, a/notes.txt, clean.bylaw
}

TEST_CASE("fmt rewrites the target of a symlink, keeping the link",
          "[fmt][cli]") {
  TempDir dir;
  fs::path real = dir.Write("real.bylaw", kMessy);
  fs::path link = dir / "link.bylaw";
  fs::create_symlink(real, link);
  Run run = Fmt({{link.string()}, false, false, false});
  CHECK(run.code == kExitOk);
  CHECK(fs::is_symlink(link));
  CHECK(Slurp(real) == kCanonical);
}

TEST_CASE("fmt --check lists files that would change and writes nothing",
          "[fmt][cli]") {
  TempDir dir;
  fs::path messy = dir.Write("messy.bylaw", kMessy);
  fs::path clean = dir.Write("clean.bylaw", kCanonical);
  Run run = Fmt({{messy.string(), clean.string()}, true, false, false});
  CHECK(run.code == kExitErrors);
  CHECK(run.out == messy.string() + "\n");
  CHECK(Slurp(messy) == kMessy);

  Run ok = Fmt({{clean.string()}, true, false, false});
  CHECK(ok.code == kExitOk);
  CHECK(ok.out.empty());
}

TEST_CASE("fmt --stdout prints instead of writing", "[fmt][cli]") {
  TempDir dir;
  fs::path messy = dir.Write("messy.bylaw", kMessy);
  Run run = Fmt({{messy.string()}, false, true, false});
  CHECK(run.code == kExitOk);
  CHECK(run.out == kCanonical);
  CHECK(Slurp(messy) == kMessy);
}

TEST_CASE("fmt refuses a file with syntax errors", "[fmt][cli]") {
  TempDir dir;
  fs::path broken = dir.Write("broken.bylaw", kBroken);
  fs::path messy = dir.Write("messy.bylaw", kMessy);
  Run run = Fmt({{dir.path()}, false, false, false});
  CHECK(run.code == kExitErrors);
  CHECK(Slurp(broken) == kBroken);
  CHECK(run.err.find("broken.bylaw:2:") != std::string::npos);
  CHECK(run.err.find("error[") != std::string::npos);
  // The other file is still formatted.
  CHECK(Slurp(messy) == kCanonical);
}

TEST_CASE("fmt reports a missing path as a usage error", "[fmt][cli]") {
  TempDir dir;
  Run run = Fmt({{dir / "nope.bylaw"}, false, false, false});
  CHECK(run.code == kExitUsage);
  CHECK(run.err.find("no such file") != std::string::npos);
}

}  // namespace
}  // namespace bylaw::cli
