// Compiler::Check and Compile over sources held in memory: the text in
// memory wins over the file on disk, imports are found in memory first and
// on disk otherwise, and the path-based API is the same call without them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/program.h"

namespace {

namespace fs = std::filesystem;
using bylaw::dsl::CheckResult;
using bylaw::dsl::CompilerBuilder;
using bylaw::dsl::MemorySource;

constexpr const char* kBase =
    "ruleset base\n  level national\n\n"
    "enum Grade \"等级\" {\n  A \"低\"\n  B \"高\"\n}\n";

constexpr const char* kUser =
    "ruleset user\n  level national\n\nimport base\n\n"
    "def top (g: Grade) -> bool = g == A\n";

// A fresh rulesets root under the build tree.
fs::path Root(const std::string& name) {
  fs::path root = fs::path(BYLAW_TMP) / name;
  fs::remove_all(root);
  fs::create_directories(root);
  return root;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

bool HasCode(const CheckResult& r, const std::string& code) {
  for (const auto& d : r.diagnostics) {
    if (d.code == code) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("an in-memory source imports a ruleset from disk") {
  fs::path root = Root("mem_imports_disk");
  Write(root / "base.bylaw", kBase);
  const std::string user = (root / "user.bylaw").string();  // not on disk
  CheckResult r = CompilerBuilder().Build().CheckSource({user, kUser});
  INFO(r.diagnostics.size());
  CHECK(r.ok());
  REQUIRE(r.program != nullptr);
  CHECK(r.program->FindRuleset("base") != nullptr);
  CHECK(r.program->FindRuleset("user") != nullptr);
}

TEST_CASE("the text in memory wins over the file on disk") {
  fs::path root = Root("mem_wins");
  Write(root / "base.bylaw", kBase);
  const std::string user = (root / "user.bylaw").string();
  Write(user, kUser);
  // On disk the file is fine; the buffer names a member that does not exist.
  std::string edited = kUser;
  edited.replace(edited.find("== A"), 4, "== Z");
  CHECK(CompilerBuilder().Build().Check({user}).ok());
  CheckResult r =
      CompilerBuilder().Build().Check({MemorySource{user, edited}}, {user});
  CHECK_FALSE(r.ok());
  CHECK(HasCode(r, "unknown_member"));
  // The file was loaded once (from memory), not twice.
  CHECK(r.sources->size() == 2);
}

TEST_CASE("an import is taken from memory before the disk") {
  fs::path root = Root("mem_import_in_memory");
  const std::string user = (root / "user.bylaw").string();
  Write(user, kUser);
  // base.bylaw does not exist on disk: only the editor holds it.
  CheckResult missing = CompilerBuilder().Build().Check({user});
  CHECK(HasCode(missing, "unknown_import"));
  const std::string base = (root / "base.bylaw").string();
  CheckResult r = CompilerBuilder()
                      .SetRoot(root.string())
                      .Build()
                      .Check({MemorySource{user, kUser}, MemorySource{base, kBase}}, {user});
  CHECK(r.ok());
  CHECK(r.sources->size() == 2);
  // And from the in-memory files of the import's directory: the buffer of base is found when user imports it.
  fs::path dir_root = Root("mem_import_dir");
  const std::string user2 = (dir_root / "user.bylaw").string();
  Write(user2, kUser);
  const std::string base2 = (dir_root / "base" / "vocab.bylaw").string();
  CheckResult r2 = CompilerBuilder()
                       .SetRoot(dir_root.string())
                       .Build()
                       .Compile({MemorySource{base2, kBase}}, {user2})
                       .check;
  CHECK(r2.ok());
}

TEST_CASE("Compile over memory lowers a bundle") {
  fs::path root = Root("mem_compile");
  const std::string base = (root / "base.bylaw").string();
  auto out = CompilerBuilder().Build().CompileSource({base, kBase});
  CHECK(out.ok());
  CHECK_FALSE(out.bundle.empty());
}
