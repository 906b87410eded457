// Running work on n threads (bylaw/base/run_on_threads.h): every index runs
// exactly once, index 0 on the calling thread, all of them at the same
// time; a thread that cannot be started leaves the work to fewer; and the
// started threads are joined before an exception leaves.
#include "bylaw/base/run_on_threads.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace base = bylaw::base;

namespace {

// Counts the calls per index and where index 0 ran.
struct Calls {
  explicit Calls(int n) : per_index(static_cast<std::size_t>(n)) {}
  std::vector<std::atomic<int>> per_index;
  std::atomic<int> out_of_range{0};
  std::thread::id index0_thread;
  void Record(int i) {
    if (i < 0 || i >= static_cast<int>(per_index.size())) {
      ++out_of_range;
      return;
    }
    if (i == 0) index0_thread = std::this_thread::get_id();
    ++per_index[static_cast<std::size_t>(i)];
  }
};

}  // namespace

TEST_CASE("RunOnThreads runs every index once, index 0 on the calling thread") {
  const int n = GENERATE(1, 2, 3, 8);
  Calls calls(n);
  CHECK(base::RunOnThreads(n, [&](int i) { calls.Record(i); }) == n);
  for (int i = 0; i < n; ++i) CHECK(calls.per_index[static_cast<std::size_t>(i)] == 1);
  CHECK(calls.out_of_range == 0);
  CHECK(calls.index0_thread == std::this_thread::get_id());
}

TEST_CASE("RunOnThreads with no thread asked for works on the calling thread") {
  const int n = GENERATE(0, -3);
  Calls calls(1);
  CHECK(base::RunOnThreads(n, [&](int i) { calls.Record(i); }) == 1);
  CHECK(calls.per_index[0] == 1);
  CHECK(calls.out_of_range == 0);
}

TEST_CASE("RunOnThreads runs the indices at the same time") {
  // Every call waits until all four have started: run one after the other,
  // the first would wait for ever (here: time out and say so).
  constexpr int kN = 4;
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  std::atomic<int> timed_out{0};
  base::RunOnThreads(kN, [&](int) {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    cv.notify_all();
    if (!cv.wait_for(lock, std::chrono::seconds(20), [&] { return arrived == kN; })) ++timed_out;
  });
  CHECK(arrived == kN);
  CHECK(timed_out == 0);
}

TEST_CASE("a thread that cannot be started leaves the work to fewer") {
  // The third start fails as std::thread's constructor does when the
  // process has no thread left.
  int starts = 0;
  const base::ThreadStarter start = [&](std::function<void()> body) {
    if (++starts == 3) {
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    }
    return std::thread(std::move(body));
  };
  Calls calls(6);
  CHECK(base::RunOnThreadsWith(
            6, [&](int i) { calls.Record(i); }, start) == 3);
  CHECK(starts == 3);  // none tried after the first failure
  CHECK(calls.per_index[0] == 1);
  CHECK(calls.per_index[1] == 1);
  CHECK(calls.per_index[2] == 1);
  for (std::size_t i = 3; i < 6; ++i) CHECK(calls.per_index[i] == 0);
  CHECK(calls.out_of_range == 0);
}

TEST_CASE("no thread starts at all: the calling thread does the work") {
  const base::ThreadStarter start = [](std::function<void()>) -> std::thread {
    throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
  };
  Calls calls(4);
  CHECK(base::RunOnThreadsWith(
            4, [&](int i) { calls.Record(i); }, start) == 1);
  CHECK(calls.per_index[0] == 1);
  CHECK(calls.per_index[1] + calls.per_index[2] + calls.per_index[3] == 0);
}

TEST_CASE("an exception on the calling thread leaves after the others are joined") {
  // Worker 1 finishes well after index 0 throws: the exception is seen only
  // once it has (without the join, the vector of joinable threads would
  // call std::terminate, or the flag would still be unset).
  std::atomic<bool> worker_done{false};
  auto work = [&](int i) {
    if (i == 0) throw std::runtime_error("index 0 failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    worker_done = true;
  };
  CHECK_THROWS_WITH(base::RunOnThreads(2, work), "index 0 failed");
  CHECK(worker_done);
}

TEST_CASE("a starter's other exception leaves after the started threads are joined") {
  std::atomic<int> worker_calls{0};
  int starts = 0;
  const base::ThreadStarter start = [&](std::function<void()> body) {
    if (++starts == 2) throw std::runtime_error("starter failed");
    return std::thread(std::move(body));
  };
  CHECK_THROWS_WITH(base::RunOnThreadsWith(
                        3,
                        [&](int) {
                          std::this_thread::sleep_for(std::chrono::milliseconds(50));
                          ++worker_calls;
                        },
                        start),
                    "starter failed");
  CHECK(worker_calls == 1);  // the one started thread ran and was joined
}
