// libFuzzer target: CheckServe (fuzz_entries.h; clang and -DBYLAW_FUZZ=ON, see
// README.md). A broken promise aborts, so libFuzzer keeps the input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string error =
      bylaw::fuzzing::CheckServe(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!error.empty()) {
    std::fprintf(stderr, "serve fuzzer: %s\n", error.c_str());
    std::abort();
  }
  return 0;
}
