// From one enterprise's needs to its visits (visit_builder.h): occurrences,
// quarters, merging into one joint visit, delegation of remote matters,
// remote visits, lead and cooperators; and the inspector draw
// (inspector_draw.h) over a small roster.
#include <catch2/catch.hpp>

#include <set>

#include "bylaw/plan/inspection_code.h"
#include "inspector_draw.h"
#include "visit_builder.h"

namespace bylaw::plan::plan_internal {
namespace {

const std::vector<std::string> kDepartments = {"market", "emergency", "fire", "education",
                                               "culture", "public_security", "housing"};

MatterNeed Need(std::string matter, std::string lead, std::vector<std::string> methods, std::int64_t min,
                std::optional<std::int64_t> max = std::nullopt) {
  MatterNeed n;
  n.matter = std::move(matter);
  n.lead = std::move(lead);
  n.methods = std::move(methods);
  n.min = min;
  n.max = max;
  n.rules = {"nantong.rule_" + n.matter};
  n.basis = {"basis of " + n.matter};
  return n;
}

MatterNeed MarketGeneral() {
  MatterNeed n = Need("market_general", "market", {"double_random", "remote"}, 0, 1);
  n.delegable = true;
  n.ratio = 50000;
  return n;
}

Assessment Enterprise(std::string competent, std::vector<MatterNeed> needs) {
  Assessment a;
  a.id = "91320600TEST00001X";
  a.name = "某公司";
  a.region = "rudong";
  a.credit_class = "B";
  a.competent = std::move(competent);
  a.line = 7;
  a.needs = std::move(needs);
  return a;
}

Result<std::vector<Visit>> Build(const Assessment& a, std::vector<bool> drawn, int q0) {
  VisitBuildInput in;
  in.enterprise = &a;
  in.drawn = &drawn;
  in.start_quarter = q0;
  in.departments = &kDepartments;
  return BuildVisits(in);
}

std::vector<std::string> MatterIds(const Visit& v) {
  std::vector<std::string> out;
  for (const VisitMatter& m : v.matters) out.push_back(m.id);
  return out;
}

TEST_CASE("occurrences follow exemption, draw, minimum and cap", "[visits]") {
  MatterNeed n = MarketGeneral();
  CHECK(*Occurrences(n, true) == 1);
  CHECK(*Occurrences(n, false) == 0);
  n.min = 1;
  CHECK(*Occurrences(n, false) == 1);
  MatterNeed routine = Need("food_safety_routine", "market", {"on_site"}, 2, 4);
  CHECK(*Occurrences(routine, true) == 2);  // not sampled: the draw is ignored
  routine.min = 5;
  auto capped = Occurrences(routine, false);
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.error().code == kRulesContract);
  CHECK(capped.error().message == "matter food_safety_routine is due 5 time(s) but capped at 4");
  MatterNeed exempt = MarketGeneral();
  exempt.exempt = true;
  CHECK(*Occurrences(exempt, true) == 0);  // exempt before drawn
  exempt.key = true;
  auto key = Occurrences(exempt, false);
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().message == "matter market_general is exempt although it is key supervision");
  MatterNeed exempt_min = Need("work_safety", "emergency", {"on_site"}, 1);
  exempt_min.exempt = true;
  CHECK(Occurrences(exempt_min, false).error().message ==
        "matter work_safety is exempt although it is due at least 1 time(s) a year");
}

TEST_CASE("matters of one quarter merge into one joint visit led by the competent department", "[visits]") {
  Assessment a = Enterprise("market", {MarketGeneral(),
                                       Need("food_safety_routine", "market", {"on_site", "double_random"}, 2),
                                       Need("work_safety", "emergency", {"on_site", "double_random"}, 1),
                                       Need("fire_safety", "fire", {"on_site", "double_random"}, 1)});
  a.needs[3].key = true;
  auto visits = Build(a, {true, false, false, false}, 1);
  REQUIRE(visits.ok());
  REQUIRE(visits->size() == 2);
  const Visit& joint = (*visits)[0];
  CHECK(joint.quarter == 2);  // start quarter 1, 0-based
  CHECK(joint.slot == 1);
  CHECK(joint.method == "joint");
  CHECK(joint.lead == "market");
  CHECK(joint.cooperators == std::vector<std::string>{"emergency", "fire"});
  CHECK(MatterIds(joint) ==
        std::vector<std::string>{"market_general", "food_safety_routine", "work_safety", "fire_safety"});
  // market_general folds into the visit its own initiator leads: no delegation.
  CHECK(joint.matters[0].department == "market");
  CHECK(joint.matters[0].delegated_from.empty());
  CHECK(joint.matters[0].sampled);
  CHECK_FALSE(joint.matters[1].sampled);
  CHECK(joint.rules == std::vector<std::string>{"nantong.rule_market_general", "nantong.rule_food_safety_routine",
                                                 "nantong.rule_work_safety", "nantong.rule_fire_safety"});
  const Visit& second = (*visits)[1];
  CHECK(second.quarter == 4);  // the food checks' second occurrence, two quarters on
  CHECK(second.slot == 1);
  CHECK(second.method == "on_site");
  CHECK(MatterIds(second) == std::vector<std::string>{"food_safety_routine"});
}

TEST_CASE("a delegable remote matter is done by another department's visit", "[visits]") {
  Assessment a = Enterprise("emergency", {MarketGeneral(), Need("work_safety", "emergency", {"on_site"}, 1)});
  auto visits = Build(a, {true, false}, 0);
  REQUIRE(visits.ok());
  REQUIRE(visits->size() == 1);
  const Visit& v = (*visits)[0];
  CHECK(v.lead == "emergency");
  CHECK(v.cooperators.empty());
  CHECK(v.method == "on_site");
  CHECK(v.matters[0].id == "market_general");
  CHECK(v.matters[0].department == "emergency");
  CHECK(v.matters[0].delegated_from == "market");
  const auto parts = DepartmentParts(v, a);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].matters == std::vector<std::string>{"market_general", "work_safety"});
}

TEST_CASE("remote matters without a visit to join are done remotely", "[visits]") {
  SECTION("nothing on site that quarter") {
    Assessment a = Enterprise("market", {MarketGeneral()});
    auto visits = Build(a, {true}, 3);
    REQUIRE(visits.ok());
    REQUIRE(visits->size() == 1);
    CHECK((*visits)[0].method == "remote");
    CHECK((*visits)[0].quarter == 4);
    CHECK((*visits)[0].lead == "market");
  }
  SECTION("not delegable: a remote visit after the on-site one") {
    Assessment a = Enterprise("emergency", {MarketGeneral(), Need("work_safety", "emergency", {"on_site"}, 1)});
    a.needs[0].delegable = false;
    auto visits = Build(a, {true, false}, 0);
    REQUIRE(visits.ok());
    REQUIRE(visits->size() == 2);
    CHECK((*visits)[0].slot == 1);
    CHECK(MatterIds((*visits)[0]) == std::vector<std::string>{"work_safety"});
    CHECK((*visits)[1].slot == 2);
    CHECK((*visits)[1].method == "remote");
    CHECK((*visits)[1].lead == "market");
  }
  SECTION("not drawn: no visit at all") {
    Assessment a = Enterprise("market", {MarketGeneral()});
    auto visits = Build(a, {false}, 0);
    REQUIRE(visits.ok());
    CHECK(visits->empty());
  }
}

TEST_CASE("the lead is the first initiator when the competent department does not take part", "[visits]") {
  MatterNeed ebike = Need("ebike_fire", "fire", {"on_site", "joint"}, 1);
  ebike.cooperators = {"market", "emergency", "public_security", "housing"};
  Assessment a = Enterprise("culture", {Need("work_safety", "emergency", {"on_site"}, 1), ebike});
  auto visits = Build(a, {false, false}, 2);
  REQUIRE(visits.ok());
  REQUIRE(visits->size() == 1);
  const Visit& v = (*visits)[0];
  CHECK(v.lead == "emergency");
  CHECK(v.cooperators == std::vector<std::string>{"market", "fire", "public_security", "housing"});
  const auto parts = DepartmentParts(v, a);
  REQUIRE(parts.size() == 5);
  CHECK(parts[0].department == "emergency");
  CHECK(parts[0].matters == std::vector<std::string>{"work_safety", "ebike_fire"});
  CHECK(parts[2].department == "fire");
  CHECK(parts[2].matters == std::vector<std::string>{"ebike_fire"});
}

TEST_CASE("more than four occurrences go round the quarters; two visits of a quarter share a matter",
          "[visits]") {
  Assessment a = Enterprise("market", {Need("food_safety_routine", "market", {"on_site"}, 6),
                                       Need("work_safety", "emergency", {"on_site"}, 1)});
  auto visits = Build(a, {false, false}, 2);
  REQUIRE(visits.ok());
  std::vector<std::pair<int, int>> at;
  for (const Visit& v : *visits) at.emplace_back(v.quarter, v.slot);
  CHECK(at == std::vector<std::pair<int, int>>{{1, 1}, {2, 1}, {3, 1}, {3, 2}, {4, 1}, {4, 2}});
  CHECK(MatterIds((*visits)[2]) == std::vector<std::string>{"food_safety_routine", "work_safety"});
  CHECK(MatterIds((*visits)[3]) == std::vector<std::string>{"food_safety_routine"});
}

TEST_CASE("a broken promise of the rules names the enterprise", "[visits]") {
  MatterNeed fire = Need("fire_safety", "fire", {"on_site"}, 1);
  fire.key = true;
  fire.exempt = true;
  Assessment a = Enterprise("market", {fire});
  auto visits = Build(a, {false}, 0);
  REQUIRE_FALSE(visits.ok());
  CHECK(visits.error().code == kRulesContract);
  CHECK(visits.error().message ==
        "enterprise 91320600TEST00001X (register line 7): matter fire_safety is exempt although it is key "
        "supervision");
}

Inspector MakeInspector(std::string id, std::string department, bool certified, std::vector<std::string> domains,
                        std::string region = "") {
  Inspector i;
  i.id = std::move(id);
  i.department = std::move(department);
  i.certified = certified;
  i.all_domains = domains.size() == 1 && domains[0] == "*";
  if (!i.all_domains) i.domains = std::move(domains);
  i.region = std::move(region);
  return i;
}

TEST_CASE("the pool walk visits distinct members", "[inspectors]") {
  for (std::size_t size = 1; size < 40; ++size) {
    for (unsigned char seed = 0; seed < 20; ++seed) {
      std::array<unsigned char, 32> key{};
      for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(seed * 31 + i * 17);
      const auto walk = WalkPool(key, size, size);
      REQUIRE(walk.size() == size);
      CHECK(std::set<std::size_t>(walk.begin(), walk.end()).size() == size);
    }
  }
}

TEST_CASE("inspectors come from each department's qualified, certified pool", "[inspectors]") {
  Roster roster;
  roster.inspectors = {
      MakeInspector("E1", "emergency", true, {"work_safety"}),
      MakeInspector("E2", "emergency", true, {"*"}, "rudong"),
      MakeInspector("E3", "emergency", false, {"*"}),                 // not certified
      MakeInspector("E4", "emergency", true, {"fire_safety"}),        // not qualified
      MakeInspector("E5", "emergency", true, {"*"}, "haimen"),        // another region
      MakeInspector("E6", "emergency", true, {"market_general"}),     // the delegated matter
      MakeInspector("M1", "market", true, {"*"}),
  };
  Assessment a = Enterprise("emergency", {MarketGeneral(), Need("work_safety", "emergency", {"on_site"}, 1)});
  auto visits = Build(a, {true, false}, 0);
  REQUIRE(visits.ok());
  Visit v = (*visits)[0];
  InspectorPools pools(roster);
  REQUIRE(DrawInspectors(&v, a, 2026, "seed", {}, &pools).ok());
  REQUIRE(v.inspectors.size() == 2);
  std::set<std::string> drawn;
  for (const VisitInspector& i : v.inspectors) {
    CHECK(i.department == "emergency");
    drawn.insert(i.id);
  }
  CHECK(drawn.size() == 2);
  for (const std::string& id : drawn) CHECK((id == "E1" || id == "E2" || id == "E6"));

  // Excluding last year's inspectors leaves the third.
  std::vector<std::string> last_year(drawn.begin(), drawn.end());
  Visit again = (*visits)[0];
  auto excluded = DrawInspectors(&again, a, 2026, "seed", {last_year[0]}, &pools);
  REQUIRE(excluded.ok());
  for (const VisitInspector& i : again.inspectors) CHECK(i.id != last_year[0]);

  auto too_few = DrawInspectors(&again, a, 2026, "seed", last_year, &pools);
  REQUIRE_FALSE(too_few.ok());
  CHECK(too_few.error().code == kTooFewInspectors);
  CHECK(too_few.error().message ==
        "enterprise 91320600TEST00001X (register line 7), quarter 1, department emergency: 1 qualified "
        "inspector(s), 2 needed (2 more excluded for inspecting it in the previous plan)");
}

TEST_CASE("codes depend on every part of the visit's content", "[inspectors][codes]") {
  Assessment a = Enterprise("market", {Need("food_safety_routine", "market", {"on_site"}, 1)});
  auto visits = Build(a, {false}, 0);
  REQUIRE(visits.ok());
  Visit v = (*visits)[0];
  v.inspectors = {{"M1", "market"}, {"M2", "market"}};
  const std::string code = VisitCode(v, 2026, "seed");
  CHECK(CodeWellFormed(code));
  CHECK(code.substr(0, 7) == "2026Q1-");
  std::set<std::string> codes{code};
  Visit other = v;
  other.inspectors[1].id = "M3";
  codes.insert(VisitCode(other, 2026, "seed"));
  codes.insert(VisitCode(v, 2027, "seed"));
  codes.insert(VisitCode(v, 2026, "seed2"));
  other = v;
  other.slot = 2;
  codes.insert(VisitCode(other, 2026, "seed"));
  other = v;
  other.matters[0].delegated_from = "fire";
  codes.insert(VisitCode(other, 2026, "seed"));
  CHECK(codes.size() == 6);
}

}  // namespace
}  // namespace bylaw::plan::plan_internal
