#include "scenario/catalogue.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenario/json_lines.hpp"

namespace stompspec {

const Requirement* Catalogue::find(const std::string& id) const {
  for (const auto& r : requirements)
    if (r.id == id) return &r;
  return nullptr;
}

std::optional<Catalogue> load_catalogue(const std::string& path, std::vector<Diagnostic>& errors) {
  auto contents = read_text_file(path);
  if (!contents) {
    errors.push_back({path, 0, "", "cannot read the requirement catalogue"});
    return std::nullopt;
  }
  const std::string& text = *contents;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("requirements") || !j["requirements"].is_array()) {
    errors.push_back({path, 0, "", "not a catalogue: expected {\"requirements\": [...]}"});
    return std::nullopt;
  }
  LineMap lines = map_json_lines(text);
  Catalogue cat;
  cat.file = path;
  std::set<std::string> seen;
  const auto& reqs = j["requirements"];
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const auto& r = reqs[i];
    std::string ptr = "/requirements/" + std::to_string(i);
    if (!r.is_object() || !r.value("id", nlohmann::json()).is_string()) {
      errors.push_back({path, line_of(lines, ptr), pointer_to_field(ptr), "a requirement needs an id"});
      continue;
    }
    Requirement q;
    q.id = r["id"].get<std::string>();
    q.version = r.value("version", "");
    q.section = r.value("section", "");
    q.level = r.value("level", "");
    q.binds = r.value("binds", "");
    q.text = r.value("text", "");
    q.observable = r.value("observable", false);
    q.why_not = r.value("why_not", "");
    if (auto a = r.find("applies_to"); a != r.end() && a->is_array()) q.applies_to = a->get<std::vector<std::string>>();
    if (q.applies_to.empty()) q.applies_to = {q.version};
    if (!seen.insert(q.id).second)
      errors.push_back({path, line_of(lines, ptr), pointer_to_field(ptr), fmt::format("duplicate id '{}'", q.id)});
    cat.requirements.push_back(std::move(q));
  }
  return cat;
}

std::vector<Diagnostic> check_requirement_ids(const std::vector<Case>& cases, const Catalogue& cat) {
  std::vector<Diagnostic> out;
  for (const auto& c : cases)
    for (const auto& id : c.requirements)
      if (!cat.find(id))
        out.push_back({c.src.file, c.src.line, "requirements",
                       fmt::format("unknown requirement id '{}' (not in {})", id, cat.file)});
  return out;
}

Coverage compute_coverage(const std::vector<Case>& cases, const Catalogue& cat) {
  Coverage cov;
  for (const auto& r : cat.requirements) {
    for (const auto& v : r.applies_to) {
      CoverageEntry e{&r, v, {}};
      for (const auto& c : cases)
        if (std::find(c.requirements.begin(), c.requirements.end(), r.id) != c.requirements.end() &&
            std::find(c.versions.begin(), c.versions.end(), v) != c.versions.end())
          e.cases.push_back(c.id);
      LevelTotals& t = cov.totals[v][r.level];
      ++t.total;
      if (r.observable) {
        ++t.observable;
        if (!e.cases.empty()) ++t.covered;
      }
      cov.entries.push_back(std::move(e));
    }
  }
  return cov;
}

std::vector<const CoverageEntry*> Coverage::uncovered() const {
  std::vector<const CoverageEntry*> out;
  for (const auto& e : entries)
    if (e.requirement->observable && e.cases.empty()) out.push_back(&e);
  return out;
}

}  // namespace stompspec
