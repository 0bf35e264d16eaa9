// `stompspec coverage`: which requirement each case covers, and what no case does yet.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "scenario/catalogue.hpp"

namespace stompspec::cli {
namespace {

bool is_must(const std::string& level) { return level.rfind("MUST", 0) == 0; }
bool is_should(const std::string& level) { return level.rfind("SHOULD", 0) == 0; }

nlohmann::json to_json(const Coverage& cov) {
  nlohmann::json reqs = nlohmann::json::array();
  for (const auto& e : cov.entries) {
    const Requirement& r = *e.requirement;
    nlohmann::json j{{"id", r.id}, {"version", e.version}, {"filed_under", r.version}, {"section", r.section},
                     {"level", r.level}, {"binds", r.binds}, {"observable", r.observable}, {"cases", e.cases},
                     {"text", r.text}};
    if (!r.observable) j["why_not"] = r.why_not;
    reqs.push_back(std::move(j));
  }
  nlohmann::json totals = nlohmann::json::object();
  for (const auto& [v, levels] : cov.totals)
    for (const auto& [level, t] : levels)
      totals[v][level] = {{"total", t.total}, {"observable", t.observable}, {"covered", t.covered}};
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
  if (a.json) {
    std::cout << to_json(cov).dump(2) << "\n";
  } else {
    std::cout << fmt::format("{} cases, {} requirements in {}\n\n", set.cases.size(), cat->requirements.size(), cat->file);
    std::cout << fmt::format("{:<8}{:<11}{:>6}{:>12}{:>9}{:>7}\n", "version", "level", "total", "observable", "covered", "%");
    for (auto v = cov.totals.rbegin(); v != cov.totals.rend(); ++v)
      for (const char* level : {"MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"})
        if (auto t = v->second.find(level); t != v->second.end())
          std::cout << fmt::format("{:<8}{:<11}{:>6}{:>12}{:>9}{:>6.0f}%\n", v->first, level, t->second.total,
                                   t->second.observable, t->second.covered,
                                   t->second.observable ? 100.0 * t->second.covered / t->second.observable : 100.0);
    auto missing = cov.uncovered();
    std::cout << fmt::format("\nObservable requirements no case covers yet: {}\n", missing.size());
    for (const auto* e : missing)
      std::cout << fmt::format("  {:<28} at {}  [{}] {}\n", e->requirement->id, e->version, e->requirement->level,
                               e->requirement->text.substr(0, 100));
  }
  if (!a.check) return errors.empty() ? kExitOk : kExitUsage;
  // --check: the suite's promise. Every observable MUST at every version it
  // holds at, and at least `min_should` percent of observable SHOULDs.
  int must_missing = 0, should_obs = 0, should_cov = 0;
  for (const auto& e : cov.entries) {
    if (!e.requirement->observable) continue;
    if (is_must(e.requirement->level) && e.cases.empty()) ++must_missing;
    if (is_should(e.requirement->level)) {
      ++should_obs;
      should_cov += !e.cases.empty();
    }
  }
  double should_pct = should_obs ? 100.0 * should_cov / should_obs : 100.0;
  std::cerr << fmt::format("coverage check: {} observable MUST uncovered, SHOULD {:.1f}% (minimum {}%), {} error(s)\n",
                           must_missing, should_pct, a.min_should, errors.size());
  return must_missing == 0 && should_pct >= a.min_should && errors.empty() ? kExitOk : kExitFailures;
}

}  // namespace stompspec::cli
