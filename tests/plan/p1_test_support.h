// Shared by the plan's input and assessment tests: the Nantong rules
// compiled once through the bylaw CLI, temporary directories, file helpers
// and a deterministic register of valid rows.
#ifndef BYLAW_TESTS_PLAN_P1_TEST_SUPPORT_H_
#define BYLAW_TESTS_PLAN_P1_TEST_SUPPORT_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bylaw/plan/inputs.h"
#include "bylaw/runtime.h"
#include "temp_dir.h"

namespace bylaw::plan::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

using bylaw::testing::TempDir;

struct CompiledRules {
  std::string bundle;
  std::shared_ptr<const runtime::Rulebook> book;
  RegisterSchema schema;
};

// rulesets/nantong compiled by `bylaw compile`, loaded once per process.
inline const CompiledRules& Nantong() {
  static const CompiledRules rules = [] {
    CompiledRules r;
    static TempDir dir("bundle");
    const std::string out = dir / "nantong.json";
    const std::string cmd = std::string("cd '") + BYLAW_SOURCE_DIR + "' && '" + BYLAW_CLI +
                            "' compile rulesets/nantong -o '" + out + "' > '" + out + ".log' 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      throw std::runtime_error("bylaw compile failed: " + cmd + "\n" + ReadFile(out + ".log"));
    }
    r.bundle = ReadFile(out);
    auto book = runtime::LoadBundle(r.bundle);
    if (!book.ok()) throw std::runtime_error(book.error().ToString());
    r.book = *book;
    auto schema = ReadRegisterSchema(r.bundle, *r.book);
    if (!schema.ok()) throw std::runtime_error(schema.error().ToString());
    r.schema = *schema;
    return r;
  }();
  return rules;
}

inline const char* kRegisterHeader =
    "id,name,region,industry,high_risk_sector,safety_standardization_grade,credit_class,"
    "food_risk_grade,serious_dishonesty_listed,credit_commitment,whitelisted,key_places,"
    "new_business_form,penalties";

// `count` valid CSV rows (no header) with ids E0000.., drawn from a fixed
// seed over every region, industry, credit class and the optional fields.
inline std::vector<std::string> ValidRows(int count, std::uint32_t seed = 7) {
  static const char* regions[] = {"chongchuan", "tongzhou", "haimen", "rudong",
                                  "qidong", "rugao", "haian", "development_zone"};
  static const char* industries[] = {"catering", "food_production", "food_retail", "pharmacy",
                                     "medical_devices", "hazardous_chemicals", "gas",
                                     "special_equipment_user", "construction", "ebike_trade",
                                     "offcampus_training", "script_venue", "general_manufacturing",
                                     "general_trade"};
  static const char* grades[] = {"1", "2", "3", "none"};
  static const char* classes[] = {"A", "B", "B", "C", "D"};
  static const char* places[] = {"", "", "", "school", "mall;hospital"};
  std::mt19937 rng(seed);
  auto pick = [&](auto& arr) { return arr[rng() % (sizeof arr / sizeof arr[0])]; };
  std::vector<std::string> rows;
  for (int i = 0; i < count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "E%05d", i);
    const std::string industry = pick(industries);
    const bool food = industry == "catering" || industry == "food_production" || industry == "food_retail";
    std::string row = std::string(id) + ",\"企业" + std::to_string(i) + ", \"\"有限\"\"\"," + pick(regions) +
                      "," + industry + "," + (rng() % 5 == 0 ? "true" : "false") + "," + pick(grades) +
                      "," + pick(classes) + "," + (food ? std::string(1, "ABCD"[rng() % 4]) : "") + "," +
                      (rng() % 20 == 0 ? "true" : "false") + "," + (rng() % 4 == 0 ? "true" : "false") +
                      "," + (rng() % 10 == 0 ? "true" : "false") + "," + pick(places) + "," +
                      (rng() % 8 == 0 ? "true" : "false") + "," +
                      (rng() % 6 == 0 ? "food/2024-10-01/true/false;fire/2025-03-02/false/true" : "");
    rows.push_back(row);
  }
  return rows;
}

inline std::string Csv(const std::vector<std::string>& rows) {
  std::string out = std::string(kRegisterHeader) + "\n";
  for (const std::string& r : rows) out += r + "\n";
  return out;
}

}  // namespace bylaw::plan::testing

#endif  // BYLAW_TESTS_PLAN_P1_TEST_SUPPORT_H_
