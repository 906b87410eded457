// libFuzzer target for the parser (built with clang and -DBYLAW_FUZZ=ON;
// see README.md). Any violated invariant aborts, so the fuzzer keeps the
// input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "parse_fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string error = bylaw::dsl::fuzzing::CheckParse(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!error.empty()) {
    std::fprintf(stderr, "parse invariant violated: %s\n", error.c_str());
    std::abort();
  }
  return 0;
}
