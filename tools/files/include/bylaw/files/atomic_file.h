// Writing files so that a reader sees the old content or the new, never a
// part: the one home for it (bylaw_files, tools/files), used by every
// writer of the tools (compile -o, fmt, schema, booklet, plan outputs, shard
// directories, reports), so that none links another's library to get it.
//
//   auto file = files::AtomicFile::Create("out/plan.csv");
//   if (!file.ok()) return file.error();
//   Status s = (*file)->Write(text);
//   if (s.ok()) s = (*file)->Commit();   // or drop it: the temp is removed
//
// The temporary file is a sibling, `.NAME.tmp-PID-XXXXXX` (mkstemp), so
// concurrent writers of one path never share it and a crashed writer's
// leftovers name their process (RemoveStaleTemps). Commit writes every
// byte, fsyncs the file, renames it over `path` and fsyncs the directory,
// so that after a power cut the path holds one whole version. Errors are
// kIoError (`io_error`, the code the planner's inputs.h uses too) naming the path and the system's
// reason (`No space left on device`), and nothing is left behind.
#ifndef BYLAW_FILES_ATOMIC_FILE_H_
#define BYLAW_FILES_ATOMIC_FILE_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bylaw/runtime/result.h"

namespace bylaw::files {

// The error code of every failure here: cannot create, write, sync or rename.
inline constexpr const char* kIoError = "io_error";

// One file being written. Not thread-safe; owns its descriptor.
class AtomicFile {
 public:
  // Creates the temporary file next to `path`. `mode` is applied at Commit
  // (less the umask); a replaced file's own mode wins when keep_mode is set.
  static runtime::Result<std::unique_ptr<AtomicFile>> Create(const std::string& path, mode_t mode = 0666,
                                                             bool keep_mode = false);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Removes the temporary file unless committed.
  ~AtomicFile();

  // Appends `text` (buffered).
  runtime::Status Write(std::string_view text);
  // Flushes, fsyncs, renames over the path and fsyncs its directory. After
  // an error the path is untouched and the temporary file removed.
  runtime::Status Commit();
  const std::string& temp_path() const { return temp_; }

 private:
  AtomicFile(std::string path, std::string temp, int fd, mode_t mode);
  runtime::Status Flush();
  runtime::Status Fail(const std::string& what, int error);

  std::string path_, temp_;
  int fd_;
  mode_t mode_;
  std::string buffer_;
  bool committed_ = false;
};

// Create + Write + Commit.
runtime::Status WriteFileAtomically(const std::string& path, std::string_view text, mode_t mode = 0666,
                                    bool keep_mode = false);

// A set of files that replaces the same set in `dir` at once (the outputs
// of `bylaw plan`): the files are written into a sibling staging directory,
// `.NAME.staging-PID-XXXXXX`, and Commit swaps it with `dir` in one
// rename(2) (renameat2 RENAME_EXCHANGE). Until then `dir` holds the
// previous set, whole; a writer killed before Commit leaves only its
// staging directory, which the next Create removes. Entries of `dir` that
// are not in `owned` (shard directories, a user's files) stay in `dir`.
// Not thread-safe.
class StagedDirectory {
 public:
  // Creates `dir`'s parent if needed and the staging directory, after
  // removing the staging directories and temporary files of dead writers
  // (RemoveStaleTemps), giving back to `dir` what they had taken from it.
  static runtime::Result<std::unique_ptr<StagedDirectory>> Create(const std::string& dir,
                                                                  std::vector<std::string> owned);
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;
  // Removes the staging directory unless committed.
  ~StagedDirectory();

  // Where to write the set (each file through AtomicFile, so it is synced).
  const std::string& path() const { return staging_; }
  // Makes the staged set `dir`'s: the swap, then the entries of the old
  // `dir` that are not owned moved back, then the old set removed.
  runtime::Status Commit();

 private:
  StagedDirectory(std::string dir, std::string staging, std::vector<std::string> owned);
  std::string dir_, staging_;
  std::vector<std::string> owned_;
  bool committed_ = false;
};

// fsync(2) of a directory, so that a rename in it survives a power cut.
runtime::Status SyncDirectory(const std::string& dir);

// Removes the leftovers of writers that died in `dir`: files or
// directories named `.*.tmp-PID-*` or `.*.staging-PID-*` (and the
// `plan.*.tmp-PID` files of earlier versions) whose PID is not a live
// process. Those of live processes (a concurrent writer) are kept.
// Returns how many were removed; never fails (what cannot be removed is
// left).
int RemoveStaleTemps(const std::string& dir);

}  // namespace bylaw::files

#endif  // BYLAW_FILES_ATOMIC_FILE_H_
