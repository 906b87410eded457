// The C++ side of the Python overhead figure (docs/python.md): the same
// work as bylaw.Rulebook.evaluate on a JSON str (FindDecision, ParseFacts,
// Evaluate, Outcome::AppendJson), timed in a loop. Not run by ctest.
//
//   python_cpp_baseline BUNDLE FACTS.json DECISION [N=20000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: python_cpp_baseline BUNDLE FACTS DECISION [N]\n");
    return 2;
  }
  auto read = [](const char* path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  const std::string bundle = read(argv[1]), facts = read(argv[2]);
  const int n = argc > 4 ? std::atoi(argv[4]) : 20000;
  auto book = rt::LoadBundle(bundle);
  if (!book.ok()) {
    std::fprintf(stderr, "%s\n", book.error().ToString().c_str());
    return 1;
  }
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto d = (*book)->FindDecision(argv[3]);
    auto f = (*book)->ParseFacts(*d, facts);
    rt::Outcome outcome;
    if (!f.ok() || !(*book)->Evaluate(*d, *f, {}, &outcome).ok()) return 1;
    std::string out;
    outcome.AppendJson(&out);
    bytes += out.size();
  }
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  std::printf("C++ API (JSON str in, JSON str out): %.2f us a call over %d calls (%zu bytes)\n",
              us / n, n, bytes);
  return 0;
}
