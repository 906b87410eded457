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

bool SortedSpill::Add(std::string_view id, std::int64_t line, std::string_view payload) {
  current_.entries.push_back(Entry{current_.arena.size(), static_cast<std::uint32_t>(id.size()),
                                   static_cast<std::uint32_t>(payload.size()), line});
  current_.arena.append(id);
  current_.arena.append(payload);
  ++total_;
  return current_.entries.size() >= run_rows_;
}

void SortedSpill::Sort(const std::string& arena, std::vector<Entry>* entries) {
  auto id = [&](const Entry& e) { return std::string_view(arena).substr(e.offset, e.id_size); };
  std::sort(entries->begin(), entries->end(),
            [&](const Entry& a, const Entry& b) { return Before(id(a), a.line, id(b), b.line); });
}

SortedSpill::Run SortedSpill::TakeRun() {
  Run run = std::move(current_);
  current_ = std::move(spare_);
  spare_ = Run();
  current_.arena.reserve(run.arena.size());
  current_.entries.reserve(run.entries.size());
  run.path = dir_ + "/run-" + std::to_string(run_paths_.size() + 1) + ".tmp";
  run_paths_.push_back(run.path);
  return run;
}

Status SortedSpill::Run::Write() {
  Sort(arena, &entries);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) return IoError("cannot create run file", path);
  std::setvbuf(file.get(), nullptr, _IOFBF, 1 << 16);
  for (const Entry& e : entries) {
    const RecordHeader h{e.id_size, e.payload_size, e.line};
    const std::size_t size = e.id_size + std::size_t{e.payload_size};
    if (std::fwrite(&h, sizeof h, 1, file.get()) != 1 ||
        std::fwrite(arena.data() + e.offset, 1, size, file.get()) != size) {
      return IoError("cannot write run file", path);
    }
  }
  if (std::fclose(file.release()) != 0) return IoError("cannot write run file", path);
  entries.clear();
  arena.clear();
  return {};
}

void SortedSpill::Recycle(Run run) {
  if (run.arena.capacity() <= spare_.arena.capacity()) return;
  run.arena.clear();
  run.entries.clear();
  run.path.clear();
  spare_ = std::move(run);
}

Status SortedSpill::Merge(const Emit& emit) {
  if (run_paths_.empty()) {
    // Everything fit in one run: no file at all.
    Sort(current_.arena, &current_.entries);
    const std::string_view arena = current_.arena;
    for (const Entry& e : current_.entries) {
      Status s = emit(arena.substr(e.offset, e.id_size), e.line, arena.substr(e.offset + e.id_size, e.payload_size));
      if (!s.ok()) return s;
    }
    current_ = Run();
    return {};
  }
  if (!current_.entries.empty()) {
    Run last = TakeRun();
    current_ = Run();  // no further run: no room kept for one
    spare_ = Run();
    Status s = last.Write();
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
