// How often the facts reader (runtime/src/facts_reader.h) allocates: once
// per text, non-empty list and record it reads, and not otherwise once its
// buffers are warm (bylaw/runtime/value.h: a heap value's characters or
// items share its reference count's block). Counted by replacing the
// global operator new, which is why this is a binary of its own.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>

#include "bylaw/runtime.h"
#include "facts_reader.h"
#include "model.h"

namespace {

// Only the thread that asks counts, only while it asks.
thread_local bool t_counting = false;
thread_local std::size_t t_allocations = 0;

void* Allocate(std::size_t n) {
  if (t_counting) ++t_allocations;
  return std::malloc(n == 0 ? 1 : n);
}

}  // namespace

void* operator new(std::size_t n) {
  void* p = Allocate(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return Allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace rt = bylaw::runtime;
namespace ri = bylaw::runtime::runtime_internal;

TEST_CASE("the facts reader allocates once per text, non-empty list and record") {
  std::ifstream in(std::string(BYLAW_RUNTIME_FIXTURES) + "/supervision.json");
  std::stringstream ss;
  ss << in.rdbuf();
  auto sealed = rt::SealBundle(ss.str());
  REQUIRE(sealed.ok());
  auto book = rt::LoadBundle(*sealed);
  REQUIRE(book.ok());
  const ri::Decision& d = *(*book)->model().decision_by_name.at("t.freq");
  struct Case {
    const char* facts;
    std::size_t heap_values;
  };
  static const Case kCases[] = {
      {R"({"as_of":"2024-10-01"})", 0},
      {R"({"enterprise":{"risk":2,"key":true,"penalties":[]}})", 1},
      {R"({"enterprise":{"id":"E1","penalties":[{"since":"2024-01-01"}]}})", 4},
      // A long text, a long record path ($.enterprise.penalties[1]).
      {R"({"enterprise":{"id":"南通市某某餐饮管理有限公司如东分公司","industry":"catering",
           "penalties":[{"since":"2024-01-01"},{"corrected":true,"since":"2024-02-29"}]}})",
       5},
  };
  std::vector<rt::Value> params;
  std::optional<std::int64_t> as_of;
  for (const Case& c : kCases) {
    CAPTURE(c.facts);
    // Once to warm the reader's buffers and `params`' capacity.
    REQUIRE(ri::ReadFactsFast((*book)->model(), d, c.facts, &params, &as_of));
    params.clear();
    t_allocations = 0;
    t_counting = true;
    const bool read = ri::ReadFactsFast((*book)->model(), d, c.facts, &params, &as_of);
    t_counting = false;
    REQUIRE(read);
    CHECK(t_allocations == c.heap_values);
  }
}
