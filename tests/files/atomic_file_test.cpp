// The one way files are written (bylaw/files/atomic_file.h): whole or not
// at all, unique temporary names, the system's reason on a full disk, the
// leftovers of dead writers removed, and an output set swapped in at once
// (issue 17, findings 6 and 7).
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include "bylaw/files/atomic_file.h"
#include "temp_dir.h"

namespace bylaw::files {
namespace {

namespace fs = std::filesystem;
using runtime::Status;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A fresh empty directory under the system temp dir, removed with the object.
using bylaw::testing::TempDir;

std::set<std::string> Names(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// Runs `body` in a child process and returns its exit code.
int InChild(const std::function<int()>& body) {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(body());
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

// A pid that is not running: a child that has exited and been reaped.
pid_t DeadPid() {
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

TEST_CASE("a file is replaced whole, under a name no other writer shares", "[plan][atomic]") {
  TempDir dir("atomic");
  const std::string path = dir / "bundle.json";
  WriteFile(path, "old");
  auto a = AtomicFile::Create(path);
  auto b = AtomicFile::Create(path);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  // Before, both wrote `bundle.json.tmp`.
  CHECK((*a)->temp_path() != (*b)->temp_path());
  REQUIRE((*a)->Write("new ").ok());
  REQUIRE((*a)->Write(std::string(3 << 20, 'x')).ok());  // past the buffer
  CHECK(ReadFile(path) == "old");                          // nothing shows before Commit
  REQUIRE((*a)->Commit().ok());
  CHECK(ReadFile(path) == "new " + std::string(3 << 20, 'x'));
  b->reset();  // dropped: its temporary file goes
  CHECK(Names(dir.path()) == std::set<std::string>{"bundle.json"});

  const mode_t mask = ::umask(0022);
  REQUIRE(WriteFileAtomically(dir / "fresh.txt", "x").ok());
  ::umask(mask);
  struct stat st;
  REQUIRE(::stat((dir / "fresh.txt").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);  // not mkstemp's 0600

  ::chmod(path.c_str(), 0600);
  REQUIRE(WriteFileAtomically(path, "kept mode", 0666, /*keep_mode=*/true).ok());
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("a full disk names the reason and leaves the old file and no temporary", "[plan][atomic]") {
  // A file-size limit stands in for a full disk (EFBIG where a full disk
  // gives ENOSPC): before, `compile -o` left a partial B.tmp behind.
  TempDir dir("atomic_full");
  const std::string path = dir / "big.txt";
  WriteFile(path, "old");
  const int code = InChild([&] {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{4096, 4096};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 2;
    Status s = WriteFileAtomically(path, std::string(1 << 16, 'y'));
    if (s.ok()) return 3;
    if (s.error().code != kIoError) return 4;
    if (s.error().message.find(std::strerror(EFBIG)) == std::string::npos) return 5;
    return 0;
  });
  CHECK(code == 0);
  CHECK(ReadFile(path) == "old");
  CHECK(Names(dir.path()) == std::set<std::string>{"big.txt"});
}

TEST_CASE("the temporary files of dead writers are removed, a live writer's kept", "[plan][atomic]") {
  TempDir dir("atomic_stale");
  const pid_t dead = DeadPid();
  WriteFile(dir / (".plan.jsonl.tmp-" + std::to_string(dead) + "-abcdef"), "partial");
  ::mkdir((dir / (".out.staging-" + std::to_string(dead) + "-abcdef")).c_str(), 0755);
  WriteFile(dir / (".plan.csv.tmp-" + std::to_string(::getpid()) + "-abcdef"), "mine");
  WriteFile(dir / "plan.tmp-notapid", "not ours");
  WriteFile(dir / ("plan.csv.tmp-" + std::to_string(dead)), "an earlier version's");
  CHECK(RemoveStaleTemps(dir.path()) == 3);
  CHECK(Names(dir.path()) == std::set<std::string>{".plan.csv.tmp-" + std::to_string(::getpid()) + "-abcdef",
                                                   "plan.tmp-notapid"});
}

TEST_CASE("an output set is swapped in whole; a writer killed before keeps the old set", "[plan][atomic]") {
  TempDir dir("staged");
  const std::string out = dir / "out";
  const std::vector<std::string> owned{"a.txt", "b.txt", "c.txt"};
  fs::create_directories(out);
  WriteFile(out + "/a.txt", "a1");
  WriteFile(out + "/b.txt", "b1");
  WriteFile(out + "/c.txt", "c1");
  WriteFile(out + "/mine.txt", "the user's");
  fs::create_directories(out + "/shard-1-of-1");

  // Killed after writing two of the three files: nothing of it shows.
  CHECK(InChild([&] {
          auto staged = StagedDirectory::Create(out, owned);
          if (!staged.ok()) return 1;
          if (!WriteFileAtomically((*staged)->path() + "/a.txt", "a2").ok()) return 2;
          if (!WriteFileAtomically((*staged)->path() + "/b.txt", "b2").ok()) return 3;
          ::_exit(0);  // no destructor, no Commit: as after kill -9
        }) == 0);
  CHECK(ReadFile(out + "/a.txt") == "a1");
  CHECK(ReadFile(out + "/b.txt") == "b1");
  CHECK(ReadFile(out + "/c.txt") == "c1");
  CHECK(Names(dir.path()).size() == 2);  // out and the dead writer's staging directory

  auto staged = StagedDirectory::Create(out, owned);
  REQUIRE(staged.ok());
  CHECK(Names(dir.path()).size() == 2);  // the stale one removed, this one made
  REQUIRE(WriteFileAtomically((*staged)->path() + "/a.txt", "a3").ok());
  REQUIRE(WriteFileAtomically((*staged)->path() + "/b.txt", "b3").ok());
  REQUIRE((*staged)->Commit().ok());
  CHECK(ReadFile(out + "/a.txt") == "a3");
  CHECK(ReadFile(out + "/b.txt") == "b3");
  CHECK_FALSE(fs::exists(out + "/c.txt"));  // an owned file the new set lacks: gone with the old set
  CHECK(ReadFile(out + "/mine.txt") == "the user's");
  CHECK(fs::is_directory(out + "/shard-1-of-1"));
  CHECK(Names(dir.path()) == std::set<std::string>{"out"});

  // A first run: the staging directory becomes the output.
  auto first = StagedDirectory::Create(dir / "new/", owned);
  REQUIRE(first.ok());
  REQUIRE(WriteFileAtomically((*first)->path() + "/a.txt", "n").ok());
  REQUIRE((*first)->Commit().ok());
  CHECK(ReadFile(dir / "new/a.txt") == "n");
}

}  // namespace
}  // namespace bylaw::files
