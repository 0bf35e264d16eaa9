// Default tier, cheap: the committed kill matrix matches today's cases,
// catalogue and fault table in everything but the runs themselves (those are
// re-done by the nightly `killmatrix --check`), so it cannot be hand-written
// or left behind by a changed link.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "fault_table.hpp"
#include "kill_matrix_build.hpp"
#include "scenario/catalogue.hpp"
#include "scenario/kill_matrix.hpp"
#include "suite_run.hpp"

namespace stompspec::killmatrix {
namespace {

const std::string kRoot = STOMPSPEC_SOURCE_DIR;

nlohmann::json committed() {
  std::ifstream in(kRoot + "/scenarios/kill-matrix.json");
  return nlohmann::json::parse(in, nullptr, false);
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST(KillMatrix, CommittedFileMatchesLinksAndFaults) {
  const auto m = committed();
  ASSERT_FALSE(m.is_discarded()) << "scenarios/kill-matrix.json is not JSON";
  std::vector<Diagnostic> errors;
  auto cat = load_catalogue(kRoot + "/scenarios/requirements.json", errors);
  ASSERT_TRUE(cat);
  const Coverage cov = compute_coverage(shipped_cases(), *cat);
  std::map<std::pair<std::string, std::string>, const CoverageEntry*> expected;
  for (const auto& e : cov.entries) {
    const auto& level = e.requirement->level;
    if (e.requirement->observable && !e.cases.empty() && (level.starts_with("MUST") || level.starts_with("SHOULD")))
      expected[{e.requirement->id, e.version}] = &e;
  }
  std::map<std::string, std::vector<std::string>> breaks;
  for (const auto& f : testing::fault_table()) breaks[std::string(f.name)] = testing::breaks_of(f);
  std::map<std::string, const Case*> cases;
  for (const auto& c : shipped_cases()) cases[c.id] = &c;

  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : m["requirements"]) {
    const std::pair<std::string, std::string> key{r["id"], r["version"]};
    const std::string name = key.first + "@" + key.second;
    seen.insert(key);
    auto e = expected.find(key);
    ASSERT_NE(e, expected.end()) << name << " is in the kill matrix but no longer a covered MUST/SHOULD: regenerate";
    EXPECT_EQ(r["linked"].get<std::vector<std::string>>(), e->second->cases) << name << ": links changed: regenerate";
    std::vector<std::string> faults;
    for (const auto& [f, ids] : breaks)
      if (has(ids, key.first)) faults.push_back(f);
    EXPECT_EQ(r["faults"].get<std::vector<std::string>>(), faults) << name << ": fault table changed: regenerate";
    EXPECT_EQ(r["killed"].get<bool>(), !r["killed_by"].empty()) << name;
    for (const auto& k : r["killed_by"]) {
      const std::string c = k["case"].get<std::string>().substr(0, k["case"].get<std::string>().find('@'));
      ASSERT_TRUE(cases.contains(c)) << name << ": unknown case " << c;
      EXPECT_TRUE(has(cases[c]->requirements, key.first)) << name << ": killed by " << c << ", which does not link it";
      EXPECT_TRUE(has(breaks[k["fault"]], key.first)) << name << ": fault " << k["fault"] << " does not claim it";
    }
  }
  for (const auto& [key, e] : expected)
    EXPECT_TRUE(seen.contains(key)) << key.first << "@" << key.second << " is covered but not in the kill matrix: regenerate";
}

TEST(KillMatrix, MarkdownIsRenderedFromTheJson) {
  std::ifstream in(kRoot + "/docs/kill-matrix.md");
  const std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(md, render_markdown(committed())) << "docs/kill-matrix.md was edited by hand or is stale: regenerate";
}

TEST(KillMatrix, CoverageLoaderReadsIt) {
  std::vector<Diagnostic> errors;
  auto km = load_kill_matrix(kRoot + "/scenarios/kill-matrix.json", errors);
  ASSERT_TRUE(km) << (errors.empty() ? "" : errors.front().str());
  EXPECT_FALSE(km->entries.empty());
}

}  // namespace
}  // namespace stompspec::killmatrix
