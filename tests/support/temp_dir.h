// A fresh directory for one test under the system's temporary directory,
// removed with everything in it when the object goes, so that a test run
// leaves nothing behind (earlier copies of this class, and helpers that
// made directories and never removed them, left hundreds in /tmp).
// Header-only; every test suite may include it (tests/support).
#ifndef BYLAW_TESTS_SUPPORT_TEMP_DIR_H_
#define BYLAW_TESTS_SUPPORT_TEMP_DIR_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace bylaw::testing {

class TempDir {
 public:
  // `name` only helps a reader of /tmp while the test runs; the directory
  // is unique per process and object.
  explicit TempDir(std::string_view name = "test") {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("bylaw-" + std::string(name) + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(++counter)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(std::string_view name) const { return path_ + "/" + std::string(name); }

  // Writes `text` to `name` inside the directory, making its parents;
  // returns the file's path.
  std::string Write(std::string_view name, std::string_view text) const {
    const std::string file = *this / name;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace bylaw::testing

#endif  // BYLAW_TESTS_SUPPORT_TEMP_DIR_H_
