#include "kill_matrix_build.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "fault_table.hpp"
#include "scenario/catalogue.hpp"
#include "suite_run.hpp"

namespace stompspec::killmatrix {
namespace {

bool assessed_level(const std::string& level) { return level.starts_with("MUST") || level.starts_with("SHOULD"); }
bool is_should(const std::string& level) { return level.starts_with("SHOULD"); }

bool ws_only(const Case& c) {
  return !c.transports.empty() && std::all_of(c.transports.begin(), c.transports.end(),
                                               [](const std::string& t) { return t == "ws"; });
}

std::vector<CaseResult> run_split(const std::vector<const Case*>& cases, const testing::FakeBroker& broker) {
  std::vector<Case> tcp, ws;
  for (const Case* c : cases) (ws_only(*c) ? ws : tcp).push_back(*c);
  auto out = run_cases(tcp, broker, true, false);
  auto more = run_cases(ws, broker, false, true);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

bool names(const Case& c, const std::vector<std::string>& ids) {
  return std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
    return std::find(c.requirements.begin(), c.requirements.end(), id) != c.requirements.end();
  });
}

// A value for faults that need one, strong enough to be noticed.
std::string fault_arg(const testing::FaultSpec& f) {
  return std::string(f.name) + (f.value == "N" ? "=3" : f.value.empty() ? "" : "=X");
}

}  // namespace

std::optional<nlohmann::json> build_kill_matrix(const std::string& root,
                                                const std::function<void(const std::string&)>& log,
                                                std::string* error) {
  CaseSet set = load_cases({root + "/scenarios"});
  std::vector<Diagnostic> errors = set.errors;
  auto cat = load_catalogue(root + "/scenarios/requirements.json", errors);
  if (!cat || !errors.empty()) {
    *error = errors.empty() ? "cannot load the catalogue" : errors.front().str();
    return std::nullopt;
  }
  const Coverage cov = compute_coverage(set.cases, *cat);

  // Which cases any fault needs, and the correct broker's verdict on them.
  std::vector<const Case*> needed;
  for (const auto& c : set.cases) {
    const bool linked = std::any_of(testing::fault_table().begin(), testing::fault_table().end(),
                                    [&](const auto& f) { return names(c, testing::breaks_of(f)); });
    if (linked) needed.push_back(&c);
  }
  std::map<std::string, Status> baseline;
  {
    testing::FakeBroker correct;
    for (const auto& r : run_split(needed, correct)) baseline[key_of(r)] = r.status;
    log(fmt::format("baseline: {} cases, {} instances", needed.size(), baseline.size()));
  }

  // (requirement, version) -> killing evidence
  std::map<std::pair<std::string, std::string>, std::set<std::tuple<std::string, std::string, std::string>>> kills;
  std::map<std::string, std::set<std::string>> faults_of;
  for (const auto& f : testing::fault_table()) {
    const auto ids = testing::breaks_of(f);
    if (ids.empty()) continue;
    for (const auto& id : ids) faults_of[id].insert(std::string(f.name));
    std::vector<const Case*> linked;
    for (const auto& c : set.cases)
      if (names(c, ids)) linked.push_back(&c);
    testing::Faults faults;
    std::string why;
    if (!testing::apply_fault(faults, fault_arg(f), &why)) {
      *error = why;
      return std::nullopt;
    }
    testing::FakeBroker broken(faults);
    int killed = 0;
    for (const auto& r : run_split(linked, broken)) {
      const bool failed = r.status == Status::fail || r.status == Status::warn;
      auto base = baseline.find(key_of(r));
      if (!failed || base == baseline.end() || base->second != Status::pass) continue;
      const Case* c = *std::find_if(linked.begin(), linked.end(), [&](const Case* x) { return x->id == r.id; });
      for (const auto& id : ids) {
        if (std::find(c->requirements.begin(), c->requirements.end(), id) == c->requirements.end()) continue;
        const Requirement* req = cat->find(id);
        if (req == nullptr || (r.status == Status::warn && !is_should(req->level))) continue;
        kills[{id, r.version}].insert({std::string(f.name), r.id + "@" + r.version, r.transport});
        ++killed;
      }
    }
    log(fmt::format("{}: {} linked cases, {} kills", f.name, linked.size(), killed));
  }

  nlohmann::json reqs = nlohmann::json::array();
  std::map<std::string, std::map<std::string, std::pair<int, int>>> totals;  // version -> level -> linked, killed
  for (const auto& e : cov.entries) {
    const Requirement& r = *e.requirement;
    if (!r.observable || !assessed_level(r.level) || e.cases.empty()) continue;
    auto k = kills.find({r.id, e.version});
    nlohmann::json by = nlohmann::json::array();
    if (k != kills.end())
      for (const auto& [fault, instance, transport] : k->second)
        by.push_back({{"fault", fault}, {"case", instance}, {"transport", transport}});
    const bool killed = !by.empty();
    auto& t = totals[e.version][r.level];
    ++t.first;
    t.second += killed;
    std::vector<std::string> faults;
    if (auto it = faults_of.find(r.id); it != faults_of.end()) faults.assign(it->second.begin(), it->second.end());
    reqs.push_back({{"id", r.id}, {"version", e.version}, {"level", r.level}, {"linked", e.cases},
                    {"faults", faults}, {"killed", killed}, {"killed_by", by}});
  }
  nlohmann::json tj = nlohmann::json::object();
  for (const auto& [v, levels] : totals)
    for (const auto& [level, t] : levels) tj[v][level] = {{"linked", t.first}, {"killed", t.second}};
  return nlohmann::json{{"generated_by", "tests/killmatrix (killmatrix --write); do not edit by hand"},
                        {"requirements", reqs},
                        {"totals", tj}};
}

std::string render_markdown(const nlohmann::json& m) {
  std::string out =
      "<!-- Generated by tests/killmatrix (`build/dev/tests/killmatrix/killmatrix --write`). Do not edit by hand. -->\n"
      "# Kill matrix\n\n"
      "Each observable MUST and SHOULD that a case covers, at each version, with the fake-broker faults that "
      "break it (`tests/support/fault_table.cpp`) and the case instances that fail (a SHOULD: warn) when the "
      "broker has that fault, having passed against the correct broker. Machine-readable: "
      "`scenarios/kill-matrix.json`; `stompspec coverage` shows it per requirement.\n\n"
      "| version | level | linked | killed | % |\n|---|---|---:|---:|---:|\n";
  for (const auto& [v, levels] : m["totals"].items())
    for (const auto& [level, t] : levels.items()) {
      const int linked = t["linked"], killed = t["killed"];
      out += fmt::format("| {} | {} | {} | {} | {:.0f}% |\n", v, level, linked, killed, linked ? 100.0 * killed / linked : 100.0);
    }
  out += "\n| requirement | version | level | faults | killed by |\n|---|---|---|---|---|\n";
  for (const auto& r : m["requirements"]) {
    std::string faults, by;
    for (const auto& f : r["faults"]) faults += (faults.empty() ? "" : ", ") + f.get<std::string>();
    int shown = 0;
    for (const auto& k : r["killed_by"]) {
      if (shown++ == 3) {
        by += fmt::format(" (+{} more)", r["killed_by"].size() - 3);
        break;
      }
      by += fmt::format("{}`{}` {} ({})", by.empty() ? "" : "; ", k["case"].get<std::string>(),
                        k["transport"].get<std::string>(), k["fault"].get<std::string>());
    }
    out += fmt::format("| {} | {} | {} | {} | {} |\n", r["id"].get<std::string>(), r["version"].get<std::string>(),
                       r["level"].get<std::string>(), faults.empty() ? "—" : faults,
                       r["killed"].get<bool>() ? by : "**not killed**");
  }
  return out;
}

}  // namespace stompspec::killmatrix
