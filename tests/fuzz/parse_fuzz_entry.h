// The function both the libFuzzer target (parse_fuzzer.cpp) and the
// deterministic smoke test (parse_fuzz_smoke.cpp) feed inputs through.
#ifndef BYLAW_TESTS_FUZZ_PARSE_FUZZ_ENTRY_H_
#define BYLAW_TESTS_FUZZ_PARSE_FUZZ_ENTRY_H_

#include <string>
#include <string_view>

namespace bylaw::dsl::fuzzing {

// Parses `input` as a file and as an expression, then checks the parser's
// promises: a module always comes back, every diagnostic has a code, a
// message and a range inside the file, and every AST range is inside the
// file. Returns "" when all hold, otherwise what failed.
std::string CheckParse(std::string_view input);

}  // namespace bylaw::dsl::fuzzing

#endif  // BYLAW_TESTS_FUZZ_PARSE_FUZZ_ENTRY_H_
