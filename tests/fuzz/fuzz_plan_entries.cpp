// CheckInputs (fuzz_entries.h): the register and roster readers of `bylaw
// plan`, on the runtime and bylaw_plan only.

#include <filesystem>
#include <fstream>
#include <set>

#include "bylaw/plan/inputs.h"
#include "fuzz_entries.h"
#include "temp_dir.h"

namespace bylaw::fuzzing {
namespace {

const std::set<std::string> kReadCodes = {plan::kBadRow, plan::kBadInput, plan::kIoError, "out_of_memory"};

const plan::RegisterSchema& Schema() {
  static const plan::RegisterSchema schema = [] {
    const Shipped& s = ShippedBundle();
    auto r = plan::ReadRegisterSchema(s.text, *s.book);
    if (!r.ok()) {
      std::fprintf(stderr, "fuzz: no register schema: %s\n", r.error().ToString().c_str());
      std::abort();
    }
    return *r;
  }();
  return schema;
}

std::string WriteTemp(const std::string& name, std::string_view text) {
  static const bylaw::testing::TempDir dir("fuzz-inputs");
  const std::string path = dir / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return path;
}

}  // namespace

std::string CheckInputs(std::string_view input) {
  if (input.empty()) return "";
  const unsigned mode = static_cast<unsigned char>(input[0]) % 4;
  input.remove_prefix(1);
  // Small limits, so that the limit paths are reached by small inputs.
  plan::InputLimits limits;
  limits.max_line_bytes = 4096;
  limits.max_cell_bytes = 512;
  const char* const kNames[] = {"register.jsonl", "register.csv", "roster.jsonl", "roster.csv"};
  const std::string path = WriteTemp(kNames[mode], input);
  if (mode >= 2) {
    auto roster = plan::ReadRoster(path, Schema(), *ShippedBundle().book, limits);
    if (!roster.ok() && !kReadCodes.count(roster.error().code)) {
      return "ReadRoster: undocumented error " + roster.error().ToString();
    }
    if (roster.ok()) {
      for (std::size_t i = 1; i < roster->inspectors.size(); ++i) {
        if (!(roster->inspectors[i - 1].id < roster->inspectors[i].id)) return "ReadRoster: ids not sorted and unique";
      }
    }
    return "";
  }
  auto reader = plan::RegisterReader::Open(path, Schema(), limits);
  if (!reader.ok()) {
    if (!kReadCodes.count(reader.error().code)) return "RegisterReader::Open: " + reader.error().ToString();
    return "";
  }
  plan::RegisterRow row;
  for (int rows = 0; rows < 100000; ++rows) {
    auto next = (*reader)->Next(&row);
    if (!next.ok()) {
      if (!kReadCodes.count(next.error().code)) return "RegisterReader::Next: " + next.error().ToString();
      if (next.error().code != plan::kBadRow) return "";
      continue;
    }
    if (!*next) return "";
    if (row.id.empty()) return "RegisterReader: a row without an id";
    if (row.enterprise_json.size() > 8 * limits.max_line_bytes + 4096) return "RegisterReader: a row past the limit";
    // What the reader accepts, the decisions must read.
    auto d = ShippedBundle().book->FindDecision("frequency");
    if (d.ok()) {
      auto f = ShippedBundle().book->ParseFacts(*d, "{\"enterprise\":" + row.enterprise_json + "}");
      if (!f.ok()) return "a register row the reader accepted is not valid facts: " + f.error().ToString();
    }
  }
  return "RegisterReader: did not end";
}

}  // namespace bylaw::fuzzing
