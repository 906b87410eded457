// A bounded load client for `bylaw serve` (docs/serve.md, "Throughput"):
// CLIENTS threads, each on one kept-alive connection, send REQUESTS
// decision requests with the same facts document, then the requests a
// second and the latency percentiles are printed. Not run by ctest.
//
//   serve_bench PORT FACTS.json [CLIENTS=8] [REQUESTS=2000] [PATH]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: serve_bench PORT FACTS.json [CLIENTS] [REQUESTS] [PATH]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  std::ifstream in(argv[2], std::ios::binary);
  const std::string facts((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const int clients = argc > 3 ? std::atoi(argv[3]) : 8;
  const int requests = argc > 4 ? std::atoi(argv[4]) : 2000;
  const std::string path = argc > 5 ? argv[5] : "/v1/decisions/may_inspect";
  using Clock = std::chrono::steady_clock;
  std::vector<std::vector<double>> latencies(clients);
  std::vector<int> failures(clients, 0);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);  // else delayed ACKs add 40 ms a request
      client.set_read_timeout(10, 0);
      latencies[c].reserve(requests);
      for (int i = 0; i < requests; ++i) {
        const auto t0 = Clock::now();
        auto res = client.Post(path.c_str(), facts, "application/json");
        const auto t1 = Clock::now();
        if (!res || res->status != 200) {
          ++failures[c];
          continue;
        }
        latencies[c].push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  int failed = 0;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    failed += failures[c];
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))];
  };
  std::printf("%d clients x %d requests: %zu ok, %d failed in %.2f s: %.0f requests/s, "
              "p50 %.0f us, p99 %.0f us\n",
              clients, requests, all.size(), failed, seconds, all.size() / seconds, pct(0.50),
              pct(0.99));
  return failed == 0 ? 0 : 1;
}
