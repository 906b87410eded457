// Canonical visit content and codes (see visit.h).
#include "visit.h"

#include "bylaw/base/sha256.h"
#include "bylaw/plan/inspection_code.h"

namespace bylaw::plan::plan_internal {
namespace {

void Field(std::string_view text, std::string* out) {
  out->append(text);
  out->push_back('\0');
}

void Count(std::size_t n, std::string* out) { Field(std::to_string(n), out); }

}  // namespace

std::string CanonicalVisitContent(const Visit& v, int year, bool with_inspectors) {
  std::string out;
  out.reserve(256);
  Field(std::to_string(year), &out);
  Field(v.enterprise_id, &out);
  Field(std::to_string(v.quarter), &out);
  Field(std::to_string(v.slot), &out);
  Field(v.lead, &out);
  Count(v.cooperators.size(), &out);
  for (const std::string& c : v.cooperators) Field(c, &out);
  Count(v.matters.size(), &out);
  for (const VisitMatter& m : v.matters) {
    Field(m.id, &out);
    Field(m.department, &out);
    Field(m.delegated_from, &out);
  }
  if (with_inspectors) {
    Count(v.inspectors.size(), &out);
    for (const VisitInspector& i : v.inspectors) {
      Field(i.id, &out);
      Field(i.department, &out);
    }
  }
  return out;
}

std::array<unsigned char, 32> Sha256Of(std::initializer_list<std::string_view> parts) {
  base::Sha256Stream stream;
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) stream.Update(std::string_view("\0", 1));
    first = false;
    stream.Update(p);
  }
  base::Sha256Digest digest{};
  stream.Finish(&digest);
  return digest;
}

std::string VisitCode(const Visit& v, int year, std::string_view seed) {
  const std::string content = CanonicalVisitContent(v, year, /*with_inspectors=*/true);
  return MakeInspectionCode(year, v.quarter, Sha256Of({"bylaw-code", seed, content}));
}

}  // namespace bylaw::plan::plan_internal
