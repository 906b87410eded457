// The functions every fuzz target of issue 17 feeds its inputs through,
// shared by the libFuzzer targets (*_fuzzer.cpp, clang only) and the
// bounded smoke runs in ctest (fuzz_smoke.cpp). Each checks a promise of
// a public boundary on untrusted bytes: no crash, no exception across the
// API, no hang, and errors with a documented code. Each returns "" when
// every promise held, else what broke (the libFuzzer targets abort then).
#ifndef BYLAW_TESTS_FUZZ_FUZZ_ENTRIES_H_
#define BYLAW_TESTS_FUZZ_FUZZ_ENTRIES_H_

#include <memory>
#include <string>
#include <string_view>

#include "bylaw/runtime.h"

namespace bylaw::fuzzing {

// The shipped bundle (rulesets/nantong, compiled at build time), read from
// $BYLAW_FUZZ_BUNDLE or the path the build compiled in.
struct Shipped {
  std::string text;
  std::shared_ptr<const runtime::Rulebook> book;
};
const Shipped& ShippedBundle();

// LoadBundle with and without the hash check; every decision of a bundle
// that loads is evaluated on `{}`.
std::string CheckLoadBundle(std::string_view input);

// ParseFacts + Evaluate of the shipped bundle: the first byte picks the
// decision, the rest is the facts document.
std::string CheckFacts(std::string_view input);

// The register (JSON Lines and CSV) and roster readers of `bylaw plan` on
// the input written to a file: every row is read; the first byte picks the
// format.
std::string CheckInputs(std::string_view input);

// VerifyAuditLog on the input, then AuditLog::Open of the input as a file
// and one Append: the new record must continue the chain the writer found.
std::string CheckAudit(std::string_view input);

// The compiler in memory (parse, assemble, check, lower) on the input as
// one rule file; a bundle it writes must load.
std::string CheckCompile(std::string_view input);

// One raw HTTP request to `bylaw serve`'s handling (the shipped bundle, no
// token): never a 5xx, and the response is well-formed HTTP/1.1 whose
// Content-Length is its body's and whose JSON (or JSON Lines) body parses.
std::string CheckServe(std::string_view input);

// An LSP session of `bylaw lsp` on the input bytes (Content-Length framed
// JSON-RPC): it ends without throwing, and every message it writes is
// framed with a true Content-Length and is a JSON-RPC 2.0 object.
std::string CheckLsp(std::string_view input);

}  // namespace bylaw::fuzzing

#endif  // BYLAW_TESTS_FUZZ_FUZZ_ENTRIES_H_
