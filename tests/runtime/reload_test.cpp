// Hot reload: threads evaluate through an Engine while another thread swaps
// bundles; every evaluation must see exactly one bundle version. Run under
// ThreadSanitizer with:
//   cmake -S . -B build-tsan -G Ninja -DBYLAW_SANITIZE=thread
//   cmake --build build-tsan --target runtime_test && build-tsan/bin/runtime_test "[reload]"
#include <catch2/catch.hpp>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "bylaw/runtime.h"
#include "hand_bundle.h"

namespace rt = bylaw::runtime;
using nlohmann::json;

namespace {

// A bundle whose decision answers `version` twice, from a param and a
// table, so that a mix of two bundles would show as a != b.
std::string VersionBundle(int version) {
  namespace bt = bylaw::testing;
  const json lit = bt::Lit(bt::KindType("int"), version);
  json bundle = bt::EmptyBundle("v");
  bundle["params"] = {{{"name", "v.version"},
                       {"type", bt::KindType("int")},
                       {"values", {{{"id", "v.version#1"}, {"value", lit}}}}}};
  bundle["tables"] = {
      bt::TableOf("v.t", "first", {bt::Named("x", bt::KindType("int"))},
                  {{{"expr", bt::Var("x")}, {"type", bt::KindType("int")}}},
                  {bt::Named("v", bt::KindType("int"))},
                  {{{"id", "v.t#r1"}, {"cells", {{{"any", true}}}}, {"outputs", {lit}}}})};
  const json v_of = {{"kind", "struct"},
                     {"fields", json::array({bt::Named("v", bt::KindType("int"))})}};
  bundle["decisions"] = {{{"name", "v.which"},
                          {"ruleset", "v"},
                          {"params", {bt::Named("x", bt::KindType("int"))}},
                          {"items",
                           {{{"kind", "output"},
                             {"id", "v.which#a"},
                             {"name", "a"},
                             {"type", bt::KindType("int")},
                             {"expr", {{"op", "param"}, {"name", "v.version"}}}},
                            {{"kind", "output"},
                             {"id", "v.which#b"},
                             {"name", "b"},
                             {"type", bt::KindType("int")},
                             {"expr",
                              {{"op", "field"},
                               {"type", v_of},
                               {"name", "v"},
                               {"base", bt::CallTable("v.t", "x")}}}}}}}};
  return *rt::SealBundle(bundle.dump());
}

}  // namespace

TEST_CASE("threads evaluating during hot reload never see a mix", "[reload]") {
  const std::string v1 = VersionBundle(1), v2 = VersionBundle(2);
  rt::Engine engine;
  REQUIRE(engine.Load(v1).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> mixed{0}, failed{0}, evaluated{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&] {
      while (!stop.load()) {
        auto out = engine.EvaluateJson("which", R"({"as_of": "2024-01-01", "x": 1})");
        if (!out.ok()) {
          ++failed;
          continue;
        }
        json j = json::parse(*out);
        if (j["outputs"]["a"] != j["outputs"]["b"]) ++mixed;
        ++evaluated;
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    REQUIRE(engine.Load(i % 2 ? v1 : v2).ok());
    // A bad bundle never replaces the current one.
    REQUIRE_FALSE(engine.Load(v1.substr(0, 50)).ok());
  }
  stop = true;
  for (auto& w : workers) w.join();
  CHECK(mixed == 0);
  CHECK(failed == 0);
  CHECK(evaluated > 0);
  CHECK(engine.Current()->hash() == json::parse(v1)["hash"]);
}

TEST_CASE("an outcome keeps its rulebook alive after a swap", "[reload]") {
  rt::Engine engine;
  REQUIRE(engine.Load(VersionBundle(1)).ok());
  auto book = engine.Current();
  auto d = book->FindDecision("which");
  auto facts = book->ParseFacts(*d, R"({"as_of": "2024-01-01", "x": 1})");
  REQUIRE(facts.ok());
  auto out = book->Evaluate(*d, *facts);
  REQUIRE(out.ok());
  book.reset();
  REQUIRE(engine.Load(VersionBundle(2)).ok());
  CHECK(out->Find("a")->int_value() == 1);
  CHECK(out->ToJson().find("\"a\":1") != std::string::npos);
}
