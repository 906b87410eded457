// The seeded mutator of the smoke runs that stand in for libFuzzer in
// ordinary (g++) builds: byte flips, dictionary fragments, deleted,
// duplicated and truncated spans, random bytes. Deterministic for a seed.
#ifndef BYLAW_TESTS_FUZZ_MUTATE_H_
#define BYLAW_TESTS_FUZZ_MUTATE_H_

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace bylaw::fuzzing {

inline std::string Mutate(std::string s, std::mt19937& rng, const std::vector<std::string_view>& dictionary) {
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  const int edits = 1 + static_cast<int>(pick(4));
  for (int i = 0; i < edits; ++i) {
    const std::size_t at = pick(s.size() + 1);
    switch (pick(6)) {
      case 0:  // flip a byte
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(rng());
        break;
      case 1:  // insert a dictionary fragment
        if (!dictionary.empty()) s.insert(at, dictionary[pick(dictionary.size())]);
        break;
      case 2: {  // delete a span
        const std::size_t len = pick(64);
        if (at < s.size()) s.erase(at, len);
        break;
      }
      case 3: {  // duplicate a span
        const std::size_t len = pick(128);
        if (at < s.size()) s.insert(pick(s.size()), s.substr(at, len));
        break;
      }
      case 4:  // truncate
        s.resize(at);
        break;
      default:  // insert random bytes
        for (std::size_t k = pick(8); k > 0; --k) {
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(pick(s.size() + 1)), static_cast<char>(rng()));
        }
    }
  }
  return s;
}

}  // namespace bylaw::fuzzing

#endif  // BYLAW_TESTS_FUZZ_MUTATE_H_
