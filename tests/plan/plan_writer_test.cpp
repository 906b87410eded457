// plan.csv records (plan_writer.h) on random visits whose texts hold every
// character CSV must quote (comma, quote, CR, LF) and the list separators:
// read back with the plan's RFC 4180 reader, each of the 19 cells is the
// documented join of the visit's fields (docs/plan.md section 3).
#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include <cstdio>
#include <string>
#include <vector>

#include "csv.h"
#include "plan_writer.h"
#include "visit.h"

namespace pi = bylaw::plan::plan_internal;

namespace {

// Short texts over an alphabet that CSV must quote or that separates list
// items, with a multi-byte character.
rc::Gen<std::string> Text() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 9)), [](const std::vector<int>& cs) {
    static const char* const kParts[] = {"a", ",", "\"", "\n", "\r\n", ";", "/", "南", "x1"};
    std::string s;
    for (int c : cs) s += kParts[c];
    return s;
  });
}

template <typename T, typename F>
std::string Join(const std::vector<T>& items, const std::string& sep, F&& part) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += part(items[i]);
  }
  return out;
}

// The cells as docs/plan.md section 3 defines them, built the plain way.
std::vector<std::string> ReferenceCells(const pi::Visit& v) {
  auto self = [](const std::string& s) { return s; };
  std::vector<std::string> sampled, delegated;
  for (const pi::VisitMatter& m : v.matters) {
    if (m.sampled) sampled.push_back(m.id);
    if (!m.delegated_from.empty()) delegated.push_back(m.id + "/" + m.delegated_from);
  }
  return {v.code,
          v.enterprise_id,
          v.enterprise_name,
          v.region,
          std::to_string(v.quarter),
          std::to_string(v.slot),
          v.method,
          v.lead,
          Join(v.cooperators, ";", self),
          Join(v.matters, ";", [](const pi::VisitMatter& m) { return m.id; }),
          Join(v.matters, ";", [](const pi::VisitMatter& m) { return m.department; }),
          Join(sampled, ";", self),
          Join(delegated, ";", self),
          Join(v.matters, ";", [](const pi::VisitMatter& m) { return std::to_string(m.min); }),
          Join(v.matters, ";",
               [](const pi::VisitMatter& m) { return m.max ? std::to_string(*m.max) : std::string(); }),
          Join(v.inspectors, ";", [](const pi::VisitInspector& i) { return i.id; }),
          Join(v.inspectors, ";", [](const pi::VisitInspector& i) { return i.department; }),
          Join(v.rules, ";", self),
          Join(v.basis, "\n", self)};
}

}  // namespace

TEST_CASE("plan.csv records read back as the documented cells", "[plan][writer]") {
  const bool ok = rc::check("random visits", [] {
    pi::Visit v;
    v.code = *Text();
    v.enterprise_id = *Text();
    v.enterprise_name = *Text();
    v.region = *Text();
    v.quarter = *rc::gen::inRange(1, 5);
    v.slot = *rc::gen::inRange(1, 12);
    v.method = *Text();
    v.lead = *Text();
    v.cooperators = *rc::gen::container<std::vector<std::string>>(Text());
    const int matters = *rc::gen::inRange(0, 4);
    for (int i = 0; i < matters; ++i) {
      pi::VisitMatter m;
      m.id = *Text();
      m.department = *Text();
      if (*rc::gen::arbitrary<bool>()) m.delegated_from = *Text();
      m.sampled = *rc::gen::arbitrary<bool>();
      m.min = *rc::gen::inRange(-3, 1000);
      if (*rc::gen::arbitrary<bool>()) m.max = *rc::gen::inRange(0, 100000);
      v.matters.push_back(std::move(m));
    }
    const int inspectors = *rc::gen::inRange(0, 4);
    for (int i = 0; i < inspectors; ++i) v.inspectors.push_back(pi::VisitInspector{*Text(), *Text()});
    v.rules = *rc::gen::container<std::vector<std::string>>(Text());
    v.basis = *rc::gen::container<std::vector<std::string>>(Text());

    std::string csv = "before\n";  // appended to, never overwritten
    pi::AppendVisitCsv(v, &csv);
    RC_ASSERT(csv.rfind("before\n", 0) == 0);
    RC_ASSERT(csv.back() == '\n');
    std::FILE* f = fmemopen(csv.data(), csv.size(), "rb");
    RC_ASSERT(f != nullptr);
    pi::CsvReader reader(f);
    pi::CsvRecord rec;
    std::string message;
    RC_ASSERT(reader.Next(&rec, &message) == pi::CsvReader::Read::kRecord);
    RC_ASSERT(rec.size() == 1u);
    RC_ASSERT(reader.Next(&rec, &message) == pi::CsvReader::Read::kRecord);
    const std::vector<std::string> want = ReferenceCells(v);
    RC_ASSERT(rec.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) RC_ASSERT(std::string(rec.cell(i)) == want[i]);
    // One record: nothing after it but the end.
    RC_ASSERT(reader.Next(&rec, &message) == pi::CsvReader::Read::kEnd);
  });
  CHECK(ok);
}
