// AtomicFile (bylaw/files/atomic_file.h).
#include "bylaw/files/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // renameat2, RENAME_EXCHANGE
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace bylaw::files {

using runtime::Error;

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBufferBytes = 1 << 20;

std::string DirOf(const std::string& path) {
  const fs::path p(path);
  return p.has_parent_path() ? p.parent_path().string() : std::string(".");
}

Error IoError(const std::string& what, int error) {
  return Error{kIoError, what + " (" + std::strerror(error) + ")", {}};
}

bool WriteAll(int fd, const char* data, std::size_t size, int* error) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = n == 0 ? EIO : errno;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// `.NAME.tmp-PID-XXXXXX` -> PID, or 0 when the name is not ours. Also the
// names of earlier versions' plan temporaries, `plan.jsonl.tmp-PID`.
pid_t PidOfTemp(const std::string& name) {
  if (name.rfind("plan.", 0) == 0) {
    const std::size_t at = name.rfind(".tmp-");
    if (at == std::string::npos || at + 5 >= name.size() || name.size() - at - 5 > 9) return 0;
    pid_t pid = 0;
    for (std::size_t i = at + 5; i < name.size(); ++i) {
      if (name[i] < '0' || name[i] > '9') return 0;
      pid = pid * 10 + (name[i] - '0');
    }
    return pid;
  }
  if (name.empty() || name[0] != '.') return 0;
  for (const char* tag : {".tmp-", ".staging-"}) {
    const std::size_t at = name.rfind(tag);
    if (at == std::string::npos) continue;
    const std::size_t start = at + std::strlen(tag);
    const std::size_t dash = name.find('-', start);
    if (dash == std::string::npos || dash == start || dash - start > 9) continue;
    pid_t pid = 0;
    for (std::size_t i = start; i < dash; ++i) {
      if (name[i] < '0' || name[i] > '9') return 0;
      pid = pid * 10 + (name[i] - '0');
    }
    return pid;
  }
  return 0;
}

}  // namespace

runtime::Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path, mode_t mode,
                                                                bool keep_mode) {
  const fs::path p(path);
  std::string temp = (fs::path(DirOf(path)) / ("." + p.filename().string() + ".tmp-" +
                                               std::to_string(::getpid()) + "-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return IoError("`" + path + "`: cannot create a temporary file", errno);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  mode_t final_mode = mode;
  struct stat st;
  if (keep_mode && ::stat(path.c_str(), &st) == 0) {
    final_mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    final_mode = mode & ~mask;
  }
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, std::move(temp), fd, final_mode));
}

AtomicFile::AtomicFile(std::string path, std::string temp, int fd, mode_t mode)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd), mode_(mode) {}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

runtime::Status AtomicFile::Fail(const std::string& what, int error) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_.c_str());
  committed_ = true;  // nothing left to remove
  return IoError("`" + path_ + "`: " + what, error);
}

runtime::Status AtomicFile::Flush() {
  int error = 0;
  if (!WriteAll(fd_, buffer_.data(), buffer_.size(), &error)) return Fail("cannot write", error);
  buffer_.clear();
  return {};
}

runtime::Status AtomicFile::Write(std::string_view text) {
  if (fd_ < 0) return Error{kIoError, "`" + path_ + "`: cannot write (an earlier write failed)", {}};
  if (buffer_.size() + text.size() > kBufferBytes) {
    runtime::Status s = Flush();
    if (!s.ok()) return s;
    if (text.size() > kBufferBytes) {
      int error = 0;
      if (!WriteAll(fd_, text.data(), text.size(), &error)) return Fail("cannot write", error);
      return {};
    }
  }
  buffer_.append(text);
  return {};
}

runtime::Status AtomicFile::Commit() {
  if (fd_ < 0) return Error{kIoError, "`" + path_ + "`: cannot write (an earlier write failed)", {}};
  runtime::Status s = Flush();
  if (!s.ok()) return s;
  if (::fchmod(fd_, mode_) != 0) return Fail("cannot set the mode", errno);
  if (::fsync(fd_) != 0) return Fail("cannot sync", errno);
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) return Fail("cannot write", errno);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) return Fail("cannot replace", errno);
  committed_ = true;
  return SyncDirectory(DirOf(path_));
}

runtime::Status WriteFileAtomically(const std::string& path, std::string_view text, mode_t mode, bool keep_mode) {
  auto file = AtomicFile::Create(path, mode, keep_mode);
  if (!file.ok()) return file.error();
  runtime::Status s = (*file)->Write(text);
  if (!s.ok()) return s;
  return (*file)->Commit();
}

runtime::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("`" + dir + "`: cannot open the directory to sync it", errno);
  const bool ok = ::fsync(fd) == 0 || errno == EINVAL;  // some file systems cannot sync a directory
  const int error = errno;
  ::close(fd);
  if (!ok) return IoError("`" + dir + "`: cannot sync", error);
  return {};
}

namespace {

bool Owned(const std::vector<std::string>& owned, const std::string& name) {
  for (const std::string& o : owned) {
    if (o == name) return true;
  }
  return false;
}

// Moves the entries of `from` that `owned` does not name, and that `to`
// lacks, into `to`.
void GiveBack(const fs::path& from, const fs::path& to, const std::vector<std::string>& owned) {
  std::error_code ec;
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (Owned(owned, name)) continue;
    std::error_code exists;
    if (fs::exists(to / name, exists)) continue;
    std::error_code moved;
    fs::rename(it->path(), to / name, moved);
  }
}

}  // namespace

StagedDirectory::StagedDirectory(std::string dir, std::string staging, std::vector<std::string> owned)
    : dir_(std::move(dir)), staging_(std::move(staging)), owned_(std::move(owned)) {}

StagedDirectory::~StagedDirectory() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

runtime::Result<std::unique_ptr<StagedDirectory>> StagedDirectory::Create(const std::string& dir,
                                                                          std::vector<std::string> owned) {
  fs::path target(dir);
  while (target.has_filename() == false && target.has_parent_path() && target != target.root_path()) {
    target = target.parent_path();  // `out/` -> `out`
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return Error{kIoError, "cannot create `" + parent.string() + "`: " + ec.message(), {}};
  // A dead writer's staging directory: after its swap it holds the old
  // set and may hold entries of `dir` not yet given back.
  const std::string prefix = "." + target.filename().string() + ".staging-";
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const pid_t pid = PidOfTemp(name);
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM) continue;
    if (fs::is_directory(target)) GiveBack(it->path(), target, owned);
    std::error_code rm;
    fs::remove_all(it->path(), rm);
  }
  if (fs::is_directory(target)) RemoveStaleTemps(target.string());
  std::string staging = (parent / (prefix + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (::mkdtemp(staging.data()) == nullptr) {
    return IoError("`" + dir + "`: cannot create a staging directory", errno);
  }
  ::chmod(staging.c_str(), 0755 & ~[] { const mode_t m = ::umask(0); ::umask(m); return m; }());
  return std::unique_ptr<StagedDirectory>(new StagedDirectory(target.string(), std::move(staging), std::move(owned)));
}

runtime::Status StagedDirectory::Commit() {
  runtime::Status synced = SyncDirectory(staging_);
  if (!synced.ok()) return synced;
  const std::string parent = DirOf(dir_);
  std::error_code ec;
  if (!fs::exists(dir_, ec)) {
    if (::rename(staging_.c_str(), dir_.c_str()) != 0) return IoError("`" + dir_ + "`: cannot create", errno);
    committed_ = true;
    return SyncDirectory(parent);
  }
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
    if (errno != EINVAL && errno != ENOSYS) return IoError("`" + dir_ + "`: cannot replace", errno);
    // A file system without the exchange: the old set moves aside first,
    // so that it is whole until the new one is in place.
    const std::string aside = staging_ + "-old";
    if (::rename(dir_.c_str(), aside.c_str()) != 0) return IoError("`" + dir_ + "`: cannot replace", errno);
    if (::rename(staging_.c_str(), dir_.c_str()) != 0) {
      const int error = errno;
      ::rename(aside.c_str(), dir_.c_str());
      return IoError("`" + dir_ + "`: cannot replace", error);
    }
    staging_ = aside;
  }
  committed_ = true;
  runtime::Status s = SyncDirectory(parent);
  // staging_ now holds the previous set and the entries to give back.
  GiveBack(staging_, dir_, owned_);
  std::error_code rm;
  fs::remove_all(staging_, rm);
  return s;
}

int RemoveStaleTemps(const std::string& dir) {
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const pid_t pid = PidOfTemp(name);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno == EPERM) continue;  // alive
    std::error_code rm;
    if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
  }
  return removed;
}

}  // namespace bylaw::files
