// `bylaw eval --batch` (see eval_batch.h).
#include "eval_batch.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bylaw/base/run_on_threads.h"
#include "progress.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;

// Bytes read per block: a few hundred documents, so that the locks are
// rare and two workers stay busy to the end of the file.
constexpr std::size_t kBlockBytes = 256 << 10;
// Blocks a worker may be ahead of the oldest one not yet written, per
// worker: bounds the memory when one worker is descheduled.
constexpr std::size_t kWindowPerWorker = 4;

void AppendLineError(std::size_t line, const rt::Error& error, std::string* out) {
  nlohmann::json j = {
      {"line", line},
      {"error", {{"code", error.code}, {"message", error.message}, {"details", error.details}}}};
  out->append(j.dump());
}

// The lines of `text` (non-empty), the last one counted whether or not a
// newline ends it. memchr finds each newline many bytes at a time, where
// std::count compares byte by byte (this runs under the reading lock).
std::size_t CountLines(std::string_view text) {
  std::size_t lines = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    ++lines;
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
  }
  return lines;
}

// Bytes read from the input, reused block after block. Unlike a
// std::string's resize, making room for fread does not first zero-fill
// it: that would write every byte of the input once more (92 MB for
// 100,000 documents).
class ReadBuffer {
 public:
  std::string_view view() const { return {data_.get(), size_}; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  // Room for `n` more bytes at the end, returned; `size()` is unchanged
  // until Grow(k) keeps the first k of them.
  char* Reserve(std::size_t n) {
    if (capacity_ - size_ < n) {
      const std::size_t capacity = std::max(size_ + n, 2 * capacity_);
      std::unique_ptr<char[]> bigger(new char[capacity]);
      if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void Grow(std::size_t n) { size_ += n; }
  void Truncate(std::size_t n) { size_ = std::min(size_, n); }
  void Append(std::string_view bytes) {
    if (!bytes.empty()) std::memcpy(Reserve(bytes.size()), bytes.data(), bytes.size());
    Grow(bytes.size());
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// One block of whole lines (the last may lack its newline at the end of
// the input) and, once evaluated, what it writes.
struct Block {
  std::size_t seq = 0;
  std::size_t first_line = 0;  // 1-based number of its first line
  std::size_t lines = 0;
  ReadBuffer text;
  std::string out;
  std::size_t bad = 0;
};

class BatchRun {
 public:
  BatchRun(const PreparedEval& prepared, rt::AuditLog* log, std::FILE* in, std::int64_t file_bytes,
           ProgressReporter* progress)
      : prepared_(prepared),
        log_(log),
        in_(in),
        file_bytes_(file_bytes),
        progress_(progress),
        start_(std::chrono::steady_clock::now()) {}

  // Evaluates every line on `threads` workers (this one included).
  void Run(int threads) {
    window_ = kWindowPerWorker * static_cast<std::size_t>(std::max(1, threads));
    base::RunOnThreads(threads, [this](int) { SafeWork(); });
    bytes_read_ = file_bytes_;  // the end, whatever the last newline
    progress_->Finish("evaluating", "lines", Snapshot());
  }

  std::size_t lines() const { return next_line_ - 1; }
  std::size_t bad() const { return bad_; }
  int read_errno() const { return read_errno_; }  // 0: read to the end
  const std::optional<std::string>& failure() const { return failure_; }

 private:
  void SafeWork() {
    try {
      Work();
    } catch (const std::exception& e) {
      Stop(e.what());
    } catch (...) {
      Stop("unknown exception");
    }
  }

  void Stop(const char* what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failure_) failure_ = what;
    stop_ = true;
    cv_.notify_all();
  }

  void Work() {
    Block block;
    rt::Outcome outcome;  // reused: no reallocation for the same decision
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || next_seq_ < next_write_ + window_; });
        if (stop_ || !ReadBlock(&block)) return;
      }
      Evaluate(&block, &outcome);
      std::lock_guard<std::mutex> lock(mu_);
      Commit(&block);
    }
  }

  // Under mu_: the next block of whole lines into `b`; false at the end.
  bool ReadBlock(Block* b) {
    b->text.clear();
    b->text.Append(carry_.view());
    carry_.clear();
    while (!eof_) {
      char* const room = b->text.Reserve(kBlockBytes);
      const std::size_t n = std::fread(room, 1, kBlockBytes, in_);
      b->text.Grow(n);
      if (n < kBlockBytes) {
        if (std::ferror(in_) != 0) read_errno_ = errno != 0 ? errno : EIO;
        eof_ = true;
        break;
      }
      const void* nl = memrchr(room, '\n', n);
      if (nl != nullptr) {
        const std::string_view text = b->text.view();
        const std::size_t end =
            static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
        carry_.Append(text.substr(end));
        b->text.Truncate(end);
        break;
      }
      // No newline in the whole block: one long line, read on.
    }
    if (b->text.empty()) return false;
    b->seq = next_seq_++;
    b->first_line = next_line_;
    b->lines = CountLines(b->text.view());
    next_line_ += b->lines;
    bytes_read_ += static_cast<std::int64_t>(b->text.size());
    return true;
  }

  // Outside the lock: each line of `b` into b->out, as the one-thread
  // loop wrote it.
  void Evaluate(Block* b, rt::Outcome* outcome) {
    const rt::Rulebook& book = *prepared_.rules.book;
    const bool trace = prepared_.options.trace;
    b->out.clear();
    b->bad = 0;
    std::string_view rest = b->text.view();
    std::size_t number = b->first_line;
    for (; !rest.empty(); ++number) {
      const std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      // Blank lines (an editor's final newline, a separator) are not facts
      // documents: skipped, while the numbering keeps counting them.
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      rt::Result<rt::Facts> facts = book.ParseFacts(prepared_.decision, line);
      if (!facts.ok()) {
        ++b->bad;
        AppendLineError(number, facts.error(), &b->out);
      } else {
        rt::Status s = log_ ? log_->EvaluateLogged(book, prepared_.decision, *facts, line,
                                                   prepared_.options, outcome)
                            : book.Evaluate(prepared_.decision, *facts, prepared_.options, outcome);
        if (s.ok()) {
          // The runtime writes straight into the buffer, with the text of
          // Outcome::ToJson; a trace recorded only for the audit log is
          // left out.
          const std::size_t start = b->out.size();
          outcome->AppendJson(&b->out, trace);
          if (!trace && b->out.size() > start && b->out.back() == '}') {
            b->out.pop_back();
            b->out.append(b->out.back() == '{' ? "\"trace\":null}" : ",\"trace\":null}");
          }
        } else {
          ++b->bad;
          AppendLineError(number, s.error(), &b->out);
        }
      }
      b->out.push_back('\n');
    }
  }

  // Under mu_: writes every evaluated block that is next in input order.
  void Commit(Block* b) {
    const std::size_t seq = b->seq;
    Block& parked = pending_[seq];
    parked.out.swap(b->out);
    parked.bad = b->bad;
    parked.lines = b->lines;
    while (!pending_.empty() && pending_.begin()->first == next_write_) {
      Block& next = pending_.begin()->second;
      std::fwrite(next.out.data(), 1, next.out.size(), stdout);
      bad_ += next.bad;
      lines_written_ += next.lines;
      if (b->out.capacity() < next.out.capacity()) b->out.swap(next.out);  // keep the buffer
      pending_.erase(pending_.begin());
      ++next_write_;
    }
    if (progress_->mode() != ProgressReporter::Mode::kOff) {
      progress_->Update("evaluating", "lines", Snapshot());
    }
    cv_.notify_all();
  }

  ProgressSnapshot Snapshot() const {
    ProgressSnapshot s;
    s.count = static_cast<std::int64_t>(lines_written_);
    s.fraction =
        file_bytes_ > 0 ? static_cast<double>(bytes_read_) / static_cast<double>(file_bytes_) : -1;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return s;
  }

  const PreparedEval& prepared_;
  rt::AuditLog* const log_;
  std::FILE* const in_;
  const std::int64_t file_bytes_;  // 0: unknown (standard input, a pipe)
  ProgressReporter* const progress_;
  const std::chrono::steady_clock::time_point start_;
  std::size_t window_ = kWindowPerWorker;

  std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  ReadBuffer carry_;  // the start of a line read with the block before
  bool eof_ = false;
  int read_errno_ = 0;
  bool stop_ = false;
  std::optional<std::string> failure_;
  std::size_t next_seq_ = 0;
  std::size_t next_line_ = 1;
  std::int64_t bytes_read_ = 0;
  std::map<std::size_t, Block> pending_;  // evaluated, waiting for their turn
  std::size_t next_write_ = 0;
  std::size_t lines_written_ = 0;
  std::size_t bad_ = 0;
};

}  // namespace

int RunBatch(const PreparedEval& prepared, const EvalArgs& args, rt::AuditLog* log) {
  std::FILE* in = stdin;
  std::int64_t file_bytes = 0;  // 0: unknown (standard input, a pipe)
  if (args.batch != "-") {
    in = std::fopen(args.batch.c_str(), "rb");
    if (in == nullptr) {
      std::cerr << "bylaw eval: cannot read `" << args.batch << "`\n";
      return kExitErrors;
    }
    std::error_code ec;
    if (std::filesystem::is_regular_file(args.batch, ec)) {
      file_bytes = static_cast<std::int64_t>(std::filesystem::file_size(args.batch, ec));
      if (ec) file_bytes = 0;
    }
  }
  // Results on the same terminal scroll past already: progress only when
  // they go elsewhere.
  ProgressReporter progress(
      isatty(STDOUT_FILENO) ? ProgressReporter::Mode::kOff
                            : ProgressReporter::ForStderr(args.quiet, /*lines_off_terminal=*/false),
      stderr);
  int threads = args.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (log != nullptr) threads = 1;  // the log's records in the input's order
  BatchRun run(prepared, log, in, file_bytes, &progress);
  run.Run(threads);
  std::fflush(stdout);
  const int read_errno = run.read_errno();
  if (in != stdin) std::fclose(in);
  if (run.failure()) {
    std::cerr << "bylaw eval: internal error: " << *run.failure() << "\n";
    return kExitErrors;
  }
  if (read_errno != 0) {
    std::cerr << "bylaw eval: cannot read `" << args.batch << "`: " << std::strerror(read_errno)
              << "\n";
    return kExitErrors;
  }
  if (run.bad() > 0) {
    std::cerr << "bylaw eval: " << run.bad() << " of " << run.lines()
              << " line(s) could not be evaluated\n";
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace bylaw::cli
