// Running one piece of work on n threads, the calling thread included, as
// the batch evaluator (tools/cli/eval_batch.cpp) and the plan's assessment
// (tools/plan/src/assess_shard.cpp) start their workers: n - 1 std::threads
// are started, a thread that cannot be started (std::system_error: the
// process is out of threads or memory for a stack) leaves the work to
// those that could, the calling thread works too, and every started
// thread is joined whatever happens (a std::thread destroyed joinable
// calls std::terminate). Part of the internal toolkit (base/, never
// installed).
#ifndef BYLAW_BASE_RUN_ON_THREADS_H_
#define BYLAW_BASE_RUN_ON_THREADS_H_

#include <functional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace bylaw::base {

// Starts one thread running `body`, or throws std::system_error.
using ThreadStarter = std::function<std::thread(std::function<void()> body)>;

// Runs `work(i)` for i in [0, k) concurrently, each on its own thread:
// i = 0 on the calling thread, the others on threads made by `start`,
// where k <= max(1, n) is 1 plus the number of threads `start` made before
// it first threw std::system_error (later ones are not tried). Returns k
// once every call has returned. `work` must be safe to call concurrently;
// should the calling thread's `work(0)` throw, the exception propagates
// after the started threads are joined (an exception thrown on another
// thread calls std::terminate, as with any std::thread: catch inside
// `work`). Any other exception of `start` propagates the same way.
template <typename Work>
int RunOnThreadsWith(int n, Work&& work, const ThreadStarter& start) {
  std::vector<std::thread> workers;
  // Joins on every way out, the exceptional ones included.
  struct JoinAll {
    std::vector<std::thread>* threads;
    ~JoinAll() {
      for (std::thread& t : *threads) {
        if (t.joinable()) t.join();
      }
    }
  } join_all{&workers};
  if (n > 1) workers.reserve(static_cast<std::size_t>(n - 1));
  for (int i = 1; i < n; ++i) {
    try {
      workers.push_back(start([&work, i] { work(i); }));
    } catch (const std::system_error&) {
      break;
    }
  }
  work(0);
  return 1 + static_cast<int>(workers.size());
}

// RunOnThreadsWith on ordinary std::threads.
template <typename Work>
int RunOnThreads(int n, Work&& work) {
  return RunOnThreadsWith(n, std::forward<Work>(work),
                          [](std::function<void()> body) { return std::thread(std::move(body)); });
}

}  // namespace bylaw::base

#endif  // BYLAW_BASE_RUN_ON_THREADS_H_
