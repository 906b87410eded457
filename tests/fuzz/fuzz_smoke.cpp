// Bounded runs of every issue-17 fuzz target in ordinary (g++) builds: the
// seeds from the repository, then seeded mutations of them, through the
// same entry functions as the libFuzzer targets (fuzz_entries.h). A few
// seconds each; the libFuzzer targets search far longer (README.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz_entries.h"
#include "mutate.h"

namespace bylaw::fuzzing {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every file of the seed corpus directory `name` (tests/fuzz/corpus/NAME).
std::vector<std::string> Corpus(const std::string& name) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(BYLAW_FUZZ_CORPUS) / name)) {
    if (e.is_regular_file()) out.push_back(Read(e.path()));
  }
  std::sort(out.begin(), out.end());
  REQUIRE_FALSE(out.empty());
  return out;
}

const std::vector<std::string_view> kJsonDictionary = {
    "{", "}", "[", "]", "\"", ",", ":", "null", "true", "false", "1e400", "-0", "9223372036854775808",
    "\"\\u0000\"", "\"\\ud800\"", "\xff", "\xe4\xb8", "\"as_of\":\"2026-02-30\"", "\n", "\r\n", "[[[[[[[[",
    "\"5%\"", "\"1.5\"", "\"hash\":", "\"prev\":", "\"seq\":", "\"torn\":[]", ",\"x\":1"};

const std::vector<std::string_view> kCsvDictionary = {
    ",", "\"", "\"\"", "\n", "\r\n", "\r", ";", "/", "true", "maybe", "A", "Z", "2024-02-30", "\xef\xbb\xbf",
    "\xff", "*", ",,,,,,,,,,,,,,,,", "{", "}"};

const std::vector<std::string_view> kRulesDictionary = {
    "{", "}", "(", ")", "[", "]", "|", "||", "\"", ",", ":", "->", "=>", "..", "@", "not ", "if ", " then ",
    " else ", "，", "（", "\xff", "99999999999999999999", "table ", "rule ", "decision ", "output ", "\n", "#",
    "default", "1e400", "0.1%", "2024-02-30"};

// The seeds, then `mutations` mutations of them; fails at the first input
// that breaks a promise, naming it.
void Run(const std::vector<std::string>& seeds, const std::vector<std::string_view>& dictionary, int mutations,
         std::string (*check)(std::string_view)) {
  for (const std::string& seed : seeds) {
    const std::string error = check(seed);
    if (!error.empty()) FAIL("seed: " << error << "\ninput:\n" << seed.substr(0, 2000));
  }
  std::mt19937 rng(0xB71A17);
  for (int i = 0; i < mutations; ++i) {
    const std::string input = Mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng, dictionary);
    const std::string error = check(input);
    if (!error.empty()) FAIL("mutation " << i << ": " << error << "\ninput:\n" << input.substr(0, 2000));
  }
  SUCCEED(seeds.size() << " seeds and " << mutations << " mutations");
}

TEST_CASE("fuzz smoke: LoadBundle with and without the hash check", "[fuzz]") {
  std::vector<std::string> seeds = Corpus("load_bundle");
  seeds.push_back(ShippedBundle().text);
  Run(seeds, kJsonDictionary, 300, &CheckLoadBundle);
}

TEST_CASE("fuzz smoke: ParseFacts and Evaluate of every shipped decision", "[fuzz]") {
  Run(Corpus("facts"), kJsonDictionary, 2000, &CheckFacts);
}

TEST_CASE("fuzz smoke: the register and roster readers", "[fuzz]") {
  std::vector<std::string> seeds = Corpus("inputs");
  Run(seeds, kCsvDictionary, 1000, &CheckInputs);
  Run(seeds, kJsonDictionary, 1000, &CheckInputs);
}

TEST_CASE("fuzz smoke: audit verify and append", "[fuzz]") {
  Run(Corpus("audit"), kJsonDictionary, 500, &CheckAudit);
}

TEST_CASE("fuzz smoke: the compiler in memory", "[fuzz]") {
  Run(Corpus("compile"), kRulesDictionary, 150, &CheckCompile);
}

const std::vector<std::string_view> kHttpDictionary = {
    "\r\n", "\r\n\r\n", "\n", " ", ":", "GET ", "POST ", "HEAD ", "OPTIONS ", "PUT ", " HTTP/1.1", " HTTP/1.0",
    "/v1/decisions/", "/batch", "/v1/health", "/v1/bundle", "/metrics", "?trace=true", "&as_of=2026-02-30", "%",
    "%00", "%zz", "Content-Length: ", "Content-Length: -1", "Content-Length: 99999999999999999999",
    "Transfer-Encoding: chunked", "Content-Type: application/x-www-form-urlencoded", "Authorization: Bearer ",
    "Expect: 100-continue", "Range: bytes=0-1,5-", "Connection: close", "0\r\n\r\n", "ffffffff\r\n", "{}", "\xff",
    "1e400"};

const std::vector<std::string_view> kLspDictionary = {
    "Content-Length: ", "Content-Length: 0", "Content-Length: 99999999999", "\r\n", "\r\n\r\n", "{", "}", "[",
    "]", "\"", ",", ":", "null", "\"id\":", "\"method\":", "\"params\":", "\"jsonrpc\":\"2.0\"",
    "\"textDocument/hover\"", "\"textDocument/didChange\"", "\"textDocument/didOpen\"", "\"shutdown\"",
    "\"exit\"", "\"line\":-1", "\"character\":99999", "\"uri\":\"file:///\"", "\"uri\":\"\"", "\\ud800",
    "\xff", "1e400", "，", "table ", "|", "||"};

#ifdef BYLAW_FUZZ_SERVE
TEST_CASE("fuzz smoke: bylaw serve's HTTP request handling", "[fuzz]") {
  Run(Corpus("serve"), kHttpDictionary, 20000, &CheckServe);
}
#endif

TEST_CASE("fuzz smoke: bylaw lsp sessions", "[fuzz]") {
  Run(Corpus("lsp"), kLspDictionary, 2000, &CheckLsp);
}

}  // namespace
}  // namespace bylaw::fuzzing
