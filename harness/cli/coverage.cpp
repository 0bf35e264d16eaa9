// `stompspec coverage`: which requirement each case covers, what no case does
// yet, and (from scenarios/kill-matrix.json) which covered requirements are
// killed: some linked case fails when the test fake broker breaks them.
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "scenario/catalogue.hpp"
#include "scenario/kill_matrix.hpp"

namespace stompspec::cli {
namespace {

bool is_must(const std::string& level) { return level.rfind("MUST", 0) == 0; }
bool is_should(const std::string& level) { return level.rfind("SHOULD", 0) == 0; }

// Linked (covered) and killed, per version and level, for MUSTs and SHOULDs.
struct KillTotals {
  int linked = 0, killed = 0;
};

bool killed(const KillMatrix* km, const CoverageEntry& e) {
  const KillEntry* k = km ? km->find(e.requirement->id, e.version) : nullptr;
  return k != nullptr && k->killed;
}

std::map<std::string, std::map<std::string, KillTotals>> kill_totals(const Coverage& cov, const KillMatrix* km) {
  std::map<std::string, std::map<std::string, KillTotals>> out;
  for (const auto& e : cov.entries) {
    const auto& level = e.requirement->level;
    if (!e.requirement->observable || e.cases.empty() || !(is_must(level) || is_should(level))) continue;
    auto& t = out[e.version][level];
    ++t.linked;
    t.killed += killed(km, e);
  }
  return out;
}

nlohmann::json to_json(const Coverage& cov, const KillMatrix* km) {
  nlohmann::json reqs = nlohmann::json::array();
  for (const auto& e : cov.entries) {
    const Requirement& r = *e.requirement;
    nlohmann::json j{{"id", r.id}, {"version", e.version}, {"filed_under", r.version}, {"section", r.section},
                     {"level", r.level}, {"binds", r.binds}, {"observable", r.observable}, {"cases", e.cases},
                     {"text", r.text}};
    if (!r.observable) j["why_not"] = r.why_not;
    if (const KillEntry* k = km ? km->find(r.id, e.version) : nullptr) {
      j["killed"] = k->killed;
      j["killed_by"] = k->killed_by;
    }
    reqs.push_back(std::move(j));
  }
  nlohmann::json totals = nlohmann::json::object();
  for (const auto& [v, levels] : cov.totals)
    for (const auto& [level, t] : levels)
      totals[v][level] = {{"total", t.total}, {"observable", t.observable}, {"covered", t.covered}};
  for (const auto& [v, levels] : kill_totals(cov, km))
    for (const auto& [level, t] : levels) totals[v][level]["killed"] = t.killed;
  return {{"requirements", reqs}, {"totals", totals}};
}

}  // namespace

int cmd_coverage(const CoverageArgs& a) {
  CaseSet set = load_cases({a.scenario_dir});
  std::vector<Diagnostic> errors = set.errors;
  auto cat = load_catalogue(a.catalogue.empty() ? a.scenario_dir + "/requirements.json" : a.catalogue, errors);
  if (cat) {
    auto unknown = check_requirement_ids(set.cases, *cat);
    errors.insert(errors.end(), unknown.begin(), unknown.end());
  }
  for (const auto& d : errors) std::cerr << d.str() << "\n";
  if (!cat) return kExitUsage;
  Coverage cov = compute_coverage(set.cases, *cat);
  // The kill matrix sits next to the catalogue; without it nothing counts as killed.
  std::vector<Diagnostic> km_errors;
  const auto km = load_kill_matrix(a.scenario_dir + "/kill-matrix.json", km_errors);
  for (const auto& d : km_errors) std::cerr << d.str() << "\n";
  const KillMatrix* kp = km ? &*km : nullptr;
  const auto kt = kill_totals(cov, kp);
  if (a.json) {
    std::cout << to_json(cov, kp).dump(2) << "\n";
  } else {
    std::cout << fmt::format("{} cases, {} requirements in {}\n\n", set.cases.size(), cat->requirements.size(), cat->file);
    std::cout << fmt::format("{:<8}{:<11}{:>6}{:>12}{:>9}{:>7}{:>8}{:>7}\n", "version", "level", "total", "observable",
                             "covered", "%", "killed", "%");
    for (auto v = cov.totals.rbegin(); v != cov.totals.rend(); ++v)
      for (const char* level : {"MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"})
        if (auto t = v->second.find(level); t != v->second.end()) {
          std::string kill_cols;
          if (auto kv = kt.find(v->first); kv != kt.end())
            if (auto k = kv->second.find(level); k != kv->second.end())
              kill_cols = fmt::format("{:>8}{:>6.0f}%", k->second.killed,
                                      k->second.linked ? 100.0 * k->second.killed / k->second.linked : 100.0);
          std::cout << fmt::format("{:<8}{:<11}{:>6}{:>12}{:>9}{:>6.0f}%{}\n", v->first, level, t->second.total,
                                   t->second.observable, t->second.covered,
                                   t->second.observable ? 100.0 * t->second.covered / t->second.observable : 100.0,
                                   kill_cols);
        }
    auto missing = cov.uncovered();
    std::cout << fmt::format("\nObservable requirements no case covers yet: {}\n", missing.size());
    for (const auto* e : missing)
      std::cout << fmt::format("  {:<28} at {}  [{}] {}\n", e->requirement->id, e->version, e->requirement->level,
                               e->requirement->text.substr(0, 100));
    std::vector<const CoverageEntry*> unkilled;
    for (const auto& e : cov.entries)
      if (e.requirement->observable && !e.cases.empty() && (is_must(e.requirement->level) || is_should(e.requirement->level)) &&
          !killed(kp, e))
        unkilled.push_back(&e);
    std::cout << fmt::format("\nCovered MUSTs and SHOULDs no fault of the fake broker kills (docs/kill-matrix.md): {}\n",
                             unkilled.size());
    for (const auto* e : unkilled)
      std::cout << fmt::format("  {:<28} at {}  [{}] linked: {}\n", e->requirement->id, e->version, e->requirement->level,
                               fmt::join(e->cases, " "));
  }
  if (!a.check) return errors.empty() ? kExitOk : kExitUsage;
  // --check: the suite's promise. Every observable MUST at every version it
  // holds at, and at least `min_should` percent of observable SHOULDs.
  int must_missing = 0, should_obs = 0, should_cov = 0, must_unkilled = 0, should_linked = 0, should_killed = 0;
  for (const auto& e : cov.entries) {
    if (!e.requirement->observable) continue;
    if (is_must(e.requirement->level) && e.cases.empty()) ++must_missing;
    // Covered but never shown to fail against a broker breaking it.
    if (is_must(e.requirement->level) && !e.cases.empty() && !killed(kp, e)) ++must_unkilled;
    if (is_should(e.requirement->level) && !e.cases.empty()) {
      ++should_linked;
      should_killed += killed(kp, e);
    }
    if (is_should(e.requirement->level)) {
      ++should_obs;
      should_cov += !e.cases.empty();
    }
  }
  double should_pct = should_obs ? 100.0 * should_cov / should_obs : 100.0;
  const double should_kill_pct = should_linked ? 100.0 * should_killed / should_linked : 100.0;
  std::cerr << fmt::format("coverage check: {} observable MUST uncovered, SHOULD {:.1f}% (minimum {}%), {} error(s)\n",
                           must_missing, should_pct, a.min_should, errors.size() + km_errors.size());
  std::cerr << fmt::format("kill check: {} covered MUST not killed, SHOULD killed {:.1f}% (goal 95%)\n", must_unkilled,
                           should_kill_pct);
  return must_missing == 0 && must_unkilled == 0 && should_pct >= a.min_should && errors.empty() && km_errors.empty()
             ? kExitOk
             : kExitFailures;
}

}  // namespace stompspec::cli
