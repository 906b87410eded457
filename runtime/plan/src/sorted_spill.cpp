#include "sorted_spill.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <queue>

namespace bylaw::plan::plan_internal {
namespace {

// A run file is a sequence of records:
// u32 id size, u32 payload size, i64 line (native byte order: a run never
// leaves the machine that wrote it), id bytes, payload bytes.
struct RecordHeader {
  std::uint32_t id_size;
  std::uint32_t payload_size;
  std::int64_t line;
};

Error IoError(const std::string& what, const std::string& path) {
  return Error{kIoError, path + ": " + what + " (" + std::strerror(errno) + ")", {}};
}

// One sorted run being merged: the current entry and a way to advance.
class RunCursor {
 public:
  virtual ~RunCursor() = default;
  virtual Result<bool> Advance() = 0;  // false at the end
  std::string_view id() const { return id_; }
  std::string_view payload() const { return payload_; }
  std::int64_t line() const { return line_; }

 protected:
  std::string_view id_, payload_;
  std::int64_t line_ = 0;
};

class FileCursor final : public RunCursor {
 public:
  FileCursor(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
  }
  ~FileCursor() override { std::fclose(file_); }
  Result<bool> Advance() override {
    RecordHeader h;
    const std::size_t got = std::fread(&h, 1, sizeof h, file_);
    if (got == 0 && std::feof(file_)) return false;
    if (got != sizeof h) return IoError("truncated run file", path_);
    buf_.resize(std::size_t{h.id_size} + h.payload_size);
    if (!buf_.empty() && std::fread(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      return IoError("truncated run file", path_);
    }
    id_ = std::string_view(buf_).substr(0, h.id_size);
    payload_ = std::string_view(buf_).substr(h.id_size);
    line_ = h.line;
    return true;
  }

 private:
  std::string path_;
  std::FILE* file_;
  std::string buf_;
};

bool Before(std::string_view id_a, std::int64_t line_a, std::string_view id_b, std::int64_t line_b) {
  const int c = id_a.compare(id_b);
  return c < 0 || (c == 0 && line_a < line_b);
}

}  // namespace

SortedSpill::SortedSpill(std::string dir, std::size_t run_rows)
    : dir_(std::move(dir)), run_rows_(std::max<std::size_t>(run_rows, 1)) {}

SortedSpill::~SortedSpill() { RemoveRuns(); }

void SortedSpill::RemoveRuns() {
  for (const std::string& p : run_paths_) std::remove(p.c_str());
  run_paths_.clear();
}

Status SortedSpill::Add(std::string_view id, std::int64_t line, std::string_view payload) {
  entries_.push_back(Entry{arena_.size(), static_cast<std::uint32_t>(id.size()),
                           static_cast<std::uint32_t>(payload.size()), line});
  arena_.append(id);
  arena_.append(payload);
  ++total_;
  if (entries_.size() >= run_rows_) return Spill();
  return {};
}

void SortedSpill::SortRun() {
  std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
    return Before(Id(a), a.line, Id(b), b.line);
  });
}

Status SortedSpill::Spill() {
  SortRun();
  const std::string path = dir_ + "/run-" + std::to_string(run_paths_.size() + 1) + ".tmp";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) return IoError("cannot create run file", path);
  run_paths_.push_back(path);
  std::setvbuf(file.get(), nullptr, _IOFBF, 1 << 16);
  for (const Entry& e : entries_) {
    const RecordHeader h{e.id_size, e.payload_size, e.line};
    if (std::fwrite(&h, sizeof h, 1, file.get()) != 1 ||
        std::fwrite(arena_.data() + e.offset, 1, e.id_size + std::size_t{e.payload_size}, file.get()) !=
            e.id_size + std::size_t{e.payload_size}) {
      return IoError("cannot write run file", path);
    }
  }
  if (std::fclose(file.release()) != 0) return IoError("cannot write run file", path);
  entries_.clear();
  arena_.clear();
  return {};
}

Status SortedSpill::Merge(const Emit& emit) {
  if (run_paths_.empty()) {
    // Everything fit in one run: no file at all.
    SortRun();
    for (const Entry& e : entries_) {
      Status s = emit(Id(e), e.line, std::string_view(arena_).substr(e.offset + e.id_size, e.payload_size));
      if (!s.ok()) return s;
    }
    entries_.clear();
    arena_.clear();
    return {};
  }
  if (!entries_.empty()) {
    Status s = Spill();
    if (!s.ok()) return s;
  }
  std::vector<std::unique_ptr<RunCursor>> cursors;
  for (const std::string& p : run_paths_) {
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (f == nullptr) return IoError("cannot open run file", p);
    cursors.push_back(std::make_unique<FileCursor>(p, f));
  }
  auto later = [&](std::size_t a, std::size_t b) {
    return Before(cursors[b]->id(), cursors[b]->line(), cursors[a]->id(), cursors[a]->line());
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
  for (std::size_t i = 0; i < cursors.size(); ++i) {
    auto more = cursors[i]->Advance();
    if (!more.ok()) return more.error();
    if (*more) heap.push(i);
  }
  while (!heap.empty()) {
    const std::size_t i = heap.top();
    heap.pop();
    Status s = emit(cursors[i]->id(), cursors[i]->line(), cursors[i]->payload());
    if (!s.ok()) return s;
    auto more = cursors[i]->Advance();
    if (!more.ok()) return more.error();
    if (*more) heap.push(i);
  }
  cursors.clear();
  RemoveRuns();
  return {};
}

}  // namespace bylaw::plan::plan_internal
