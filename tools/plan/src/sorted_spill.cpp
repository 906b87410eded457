#include "sorted_spill.h"

#include <sys/stat.h>
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
  // `size`: the file's, so that sizes read from a damaged header are never
  // allocated.
  FileCursor(std::string path, std::FILE* file, std::uint64_t size)
      : path_(std::move(path)), file_(file), left_(size) {
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
  }
  ~FileCursor() override { std::fclose(file_); }
  Result<bool> Advance() override {
    RecordHeader h;
    const std::size_t got = std::fread(&h, 1, sizeof h, file_);
    if (got == 0 && std::feof(file_)) return false;
    if (got != sizeof h) return Damaged();
    left_ -= std::min<std::uint64_t>(left_, sizeof h);
    const std::uint64_t size = std::uint64_t{h.id_size} + h.payload_size;
    if (size > left_) return Damaged();
    left_ -= size;
    buf_.resize(size);
    if (!buf_.empty() && std::fread(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      return Damaged();
    id_ = std::string_view(buf_).substr(0, h.id_size);
    payload_ = std::string_view(buf_).substr(h.id_size);
    line_ = h.line;
    return true;
  }

 private:
  Error Damaged() const {
    if (std::ferror(file_)) return IoError("cannot read run file", path_);
    return Error{kIoError, path_ + ": truncated or damaged run file", {}};
  }

  std::string path_;
  std::FILE* file_;
  std::uint64_t left_;  // bytes of the file not read yet
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

Status SortedSpill::Seal() {
  if (run_paths_.empty()) {
    // Everything fit in one run: no file at all.
    Sort(current_.arena, &current_.entries);
    spare_ = Run();
    return {};
  }
  if (current_.entries.empty()) {
    current_ = Run();
    spare_ = Run();
    return {};
  }
  Run last = TakeRun();
  current_ = Run();  // no further run: no room kept for one
  spare_ = Run();
  return last.Write();
}

namespace {

// The one run that never left memory.
template <typename Entry>
class MemoryCursor final : public SortedSpill::Cursor {
 public:
  MemoryCursor(std::string_view arena, const std::vector<Entry>& entries)
      : arena_(arena), entries_(entries) {}
  Result<bool> Next(std::string_view* id, std::int64_t* line, std::string_view* payload) override {
    if (next_ == entries_.size()) return false;
    const Entry& e = entries_[next_++];
    *id = arena_.substr(e.offset, e.id_size);
    *payload = arena_.substr(e.offset + e.id_size, e.payload_size);
    *line = e.line;
    return true;
  }

 private:
  std::string_view arena_;
  const std::vector<Entry>& entries_;
  std::size_t next_ = 0;
};

// A k-way merge of run files.
class MergeCursor final : public SortedSpill::Cursor {
 public:
  static Result<std::unique_ptr<SortedSpill::Cursor>> Open(const std::vector<std::string>& paths) {
    auto merge = std::unique_ptr<MergeCursor>(new MergeCursor());
    for (const std::string& p : paths) {
      std::FILE* f = std::fopen(p.c_str(), "rb");
      if (f == nullptr) return IoError("cannot open run file", p);
      struct stat st;
      if (fstat(fileno(f), &st) != 0) {
        Error e = IoError("cannot read run file", p);
        std::fclose(f);
        return e;
      }
      merge->cursors_.push_back(
          std::make_unique<FileCursor>(p, f, static_cast<std::uint64_t>(st.st_size)));
    }
    for (std::size_t i = 0; i < merge->cursors_.size(); ++i) {
      auto more = merge->cursors_[i]->Advance();
      if (!more.ok()) return more.error();
      if (*more) merge->heap_.push(i);
    }
    return std::unique_ptr<SortedSpill::Cursor>(std::move(merge));
  }
  Result<bool> Next(std::string_view* id, std::int64_t* line, std::string_view* payload) override {
    if (last_ != kNone) {
      // The entry handed out last is advanced only now, so that its views
      // stayed valid until this call.
      auto more = cursors_[last_]->Advance();
      if (!more.ok()) return more.error();
      if (*more) heap_.push(last_);
      last_ = kNone;
    }
    if (heap_.empty()) return false;
    last_ = heap_.top();
    heap_.pop();
    *id = cursors_[last_]->id();
    *line = cursors_[last_]->line();
    *payload = cursors_[last_]->payload();
    return true;
  }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};
  struct Later {
    const std::vector<std::unique_ptr<RunCursor>>* cursors;
    bool operator()(std::size_t a, std::size_t b) const {
      const RunCursor& x = *(*cursors)[a];
      const RunCursor& y = *(*cursors)[b];
      return Before(y.id(), y.line(), x.id(), x.line());
    }
  };
  MergeCursor() : heap_(Later{&cursors_}) {}
  std::vector<std::unique_ptr<RunCursor>> cursors_;
  std::priority_queue<std::size_t, std::vector<std::size_t>, Later> heap_;
  std::size_t last_ = kNone;
};

}  // namespace

Result<std::unique_ptr<SortedSpill::Cursor>> SortedSpill::Open() const {
  if (run_paths_.empty())
    return std::unique_ptr<Cursor>(new MemoryCursor<Entry>(current_.arena, current_.entries));
  return MergeCursor::Open(run_paths_);
}

Status SortedSpill::Stream(const Emit& emit) {
  Status sealed = Seal();
  if (!sealed.ok()) return sealed;
  auto cursor = Open();
  if (!cursor.ok()) return cursor.error();
  std::string_view id, payload;
  std::int64_t line = 0;
  while (true) {
    Result<bool> more = (*cursor)->Next(&id, &line, &payload);
    if (!more.ok()) return more.error();
    if (!*more) return {};
    Status s = emit(id, line, payload);
    if (!s.ok()) return s;
  }
}

Status SortedSpill::Merge(const Emit& emit) {
  Status streamed = Stream(emit);
  if (!streamed.ok()) return streamed;
  current_ = Run();
  RemoveRuns();
  return {};
}

}  // namespace bylaw::plan::plan_internal
