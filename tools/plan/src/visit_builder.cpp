// Needs to visits: occurrences, quarters, merging, delegation, lead (see
// visit_builder.h).
#include "visit_builder.h"

#include <algorithm>
#include <array>

#include "quarters.h"

namespace bylaw::plan::plan_internal {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void AddOnce(std::vector<std::string>* list, const std::string& item) {
  if (!Contains(*list, item)) list->push_back(item);
}

// One occurrence placed in a visit: the need's index, and whether it was
// folded into another department's on-site visit.
struct Placed {
  std::size_t need = 0;
  bool folded = false;
};

Visit MakeVisit(const VisitBuildInput& in, int quarter, std::vector<Placed> placed, bool remote) {
  const Assessment& e = *in.enterprise;
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.need < b.need; });
  Visit v;
  v.enterprise_id = e.id;
  v.enterprise_name = e.name;
  v.region = e.region;
  v.quarter = quarter + 1;
  std::vector<std::string> participants;
  std::string first_initiator;
  for (const Placed& p : placed) {
    if (p.folded) continue;
    const MatterNeed& need = e.needs[p.need];
    if (first_initiator.empty()) first_initiator = need.lead;
    AddOnce(&participants, need.lead);
    for (const std::string& c : need.cooperators) AddOnce(&participants, c);
  }
  v.lead = !e.competent.empty() && Contains(participants, e.competent) ? e.competent : first_initiator;
  const std::vector<std::string>& order = *in.departments;
  for (const std::string& d : order) {
    if (d != v.lead && Contains(participants, d)) v.cooperators.push_back(d);
  }
  // Departments outside the enum cannot come from checked rules; keep them
  // rather than lose a participant.
  std::vector<std::string> strays;
  for (const std::string& d : participants) {
    if (d != v.lead && !Contains(order, d)) strays.push_back(d);
  }
  std::sort(strays.begin(), strays.end());
  v.cooperators.insert(v.cooperators.end(), strays.begin(), strays.end());
  v.method = remote ? kMethodRemote : v.cooperators.empty() ? kMethodOnSite : kMethodJoint;
  for (const Placed& p : placed) {
    const MatterNeed& need = e.needs[p.need];
    VisitMatter m;
    m.id = need.matter;
    m.department = p.folded ? v.lead : need.lead;
    if (p.folded && need.lead != v.lead) m.delegated_from = need.lead;
    m.sampled = need.ratio.has_value() && (*in.drawn)[p.need];
    m.min = need.min;
    m.max = need.max;
    v.matters.push_back(std::move(m));
    for (const std::string& r : need.rules) AddOnce(&v.rules, r);
    for (const std::string& b : need.basis) AddOnce(&v.basis, b);
  }
  return v;
}

}  // namespace

Result<std::int64_t> Occurrences(const MatterNeed& need, bool drawn) {
  if (need.exempt) {
    if (need.key || need.min > 0) {
      return Error{kRulesContract,
                   "matter " + need.matter + " is exempt although it is " +
                       (need.key ? std::string("key supervision") : "due at least " + std::to_string(need.min) +
                                                                        " time(s) a year"),
                   {}};
    }
    return std::int64_t{0};
  }
  std::int64_t n = need.min;
  if (need.ratio.has_value() && drawn) n = std::max<std::int64_t>(need.min, 1);
  if (n < 0) {
    return Error{kRulesContract, "matter " + need.matter + ": negative minimum " + std::to_string(n), {}};
  }
  if (need.max.has_value() && n > *need.max) {
    return Error{kRulesContract,
                 "matter " + need.matter + " is due " + std::to_string(n) + " time(s) but capped at " +
                     std::to_string(*need.max),
                 {}};
  }
  return n;
}

bool OnSite(const std::vector<std::string>& methods) {
  return Contains(methods, "on_site") || Contains(methods, "joint") || Contains(methods, "key_supervision");
}

Result<std::vector<Visit>> BuildVisits(const VisitBuildInput& in) {
  const Assessment& e = *in.enterprise;
  const std::size_t count = e.needs.size();
  // per_quarter[q][i]: occurrences of need i in quarter q.
  std::vector<std::array<std::int64_t, 4>> per_quarter(count, std::array<std::int64_t, 4>{0, 0, 0, 0});
  std::vector<bool> on_site(count);
  for (std::size_t i = 0; i < count; ++i) {
    const MatterNeed& need = e.needs[i];
    Result<std::int64_t> n = Occurrences(need, (*in.drawn)[i]);
    if (!n.ok()) {
      Error err = n.error();
      err.message = "enterprise " + e.id + " (register line " + std::to_string(e.line) + "): " + err.message;
      return err;
    }
    for (std::int64_t j = 0; j < *n; ++j) ++per_quarter[i][static_cast<std::size_t>(OccurrenceQuarter(in.start_quarter, j, *n))];
    on_site[i] = OnSite(need.methods);
  }
  std::vector<Visit> visits;
  for (int q = 0; q < 4; ++q) {
    const std::size_t qi = static_cast<std::size_t>(q);
    std::int64_t site_slots = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (on_site[i]) site_slots = std::max(site_slots, per_quarter[i][qi]);
    }
    std::vector<std::vector<Placed>> site(static_cast<std::size_t>(site_slots));
    std::vector<std::vector<Placed>> remote;
    for (std::size_t i = 0; i < count; ++i) {
      const std::int64_t c = per_quarter[i][qi];
      if (on_site[i]) {
        for (std::int64_t s = 0; s < c; ++s) site[static_cast<std::size_t>(s)].push_back(Placed{i, false});
        continue;
      }
      std::size_t leftover = 0;
      for (std::int64_t t = 0; t < c; ++t) {
        if (e.needs[i].delegable && t < site_slots) {
          site[static_cast<std::size_t>(t)].push_back(Placed{i, true});
        } else {
          if (remote.size() <= leftover) remote.emplace_back();
          remote[leftover++].push_back(Placed{i, false});
        }
      }
    }
    int slot = 0;
    for (auto& placed : site) {
      visits.push_back(MakeVisit(in, q, std::move(placed), /*remote=*/false));
      visits.back().slot = ++slot;
    }
    for (auto& placed : remote) {
      visits.push_back(MakeVisit(in, q, std::move(placed), /*remote=*/true));
      visits.back().slot = ++slot;
    }
  }
  return visits;
}

std::vector<DepartmentPart> DepartmentParts(const Visit& visit, const Assessment& enterprise) {
  std::vector<DepartmentPart> parts;
  parts.push_back(DepartmentPart{visit.lead, {}});
  for (const std::string& c : visit.cooperators) parts.push_back(DepartmentPart{c, {}});
  for (const VisitMatter& m : visit.matters) {
    const MatterNeed* need = nullptr;
    for (const MatterNeed& n : enterprise.needs) {
      if (n.matter == m.id) {
        need = &n;
        break;
      }
    }
    for (DepartmentPart& part : parts) {
      const bool takes_part = m.department == part.department ||
                              (need != nullptr && m.delegated_from.empty() && m.department == need->lead &&
                               Contains(need->cooperators, part.department));
      if (takes_part) part.matters.push_back(m.id);
    }
  }
  return parts;
}

}  // namespace bylaw::plan::plan_internal
