// Counters and latency histograms of the decision service, rendered in the
// Prometheus text format (GET /metrics, docs/serve.md). Internal to
// bylaw_serve; see bylaw/serve/server.h.
#ifndef BYLAW_SERVE_SRC_METRICS_H_
#define BYLAW_SERVE_SRC_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace bylaw::serve::serve_internal {

// Thread-safe: one mutex; a request takes it once (Record) and the work
// under it is a few map increments, small beside parsing the facts.
class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (then +Inf).
  static constexpr std::array<double, 14> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
      0.025,  0.05,    0.1,    0.25,  0.5,   1.0,   5.0};

  // One answered request: its route (`decision`, `batch`, `health`,
  // `bundle`, `metrics`, `other`), HTTP status, and time in seconds (a
  // negative time: not measured, e.g. a 413 refused before routing).
  void Record(const std::string& route, int status, double seconds);
  // An error answer's code (`facts_invalid`, ...), and decisions evaluated.
  void CountError(const std::string& code);
  void CountDecisions(const std::string& decision, std::uint64_t n);
  void CountReload(bool ok);

  // `served_hash` is the hash of the bundle being served (empty: none),
  // read from the engine by the caller when it renders: a copy kept here
  // would be set after the swap and lag it, so /metrics could name the old
  // bundle while /v1/health already names the new one.
  std::string Render(std::string_view served_hash) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, std::uint64_t> errors_;
  std::map<std::string, std::uint64_t> decisions_;
  std::uint64_t reloads_ok_ = 0;
  std::uint64_t reloads_refused_ = 0;
};

}  // namespace bylaw::serve::serve_internal

#endif  // BYLAW_SERVE_SRC_METRICS_H_
