#pragma once
// The numbered requirement catalogue (scenarios/requirements.json) and the
// coverage of its requirements by cases.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/loader.hpp"

namespace stompspec {

struct Requirement {
  std::string id;        // "1.2/heart-beating/3"
  std::string version;   // where it is filed
  std::string section;
  std::string level;     // MUST, MUST NOT, SHOULD, SHOULD NOT, MAY
  std::string binds;     // server, client, both
  std::string text;
  bool observable = false;
  std::string why_not;
  std::vector<std::string> applies_to;  // the versions it holds at
};

struct Catalogue {
  std::string file;
  std::vector<Requirement> requirements;
  const Requirement* find(const std::string& id) const;
};

std::optional<Catalogue> load_catalogue(const std::string& path, std::vector<Diagnostic>& errors);

// One error per unknown requirement id a case names.
std::vector<Diagnostic> check_requirement_ids(const std::vector<Case>& cases, const Catalogue& cat);

struct CoverageEntry {
  const Requirement* requirement;
  std::string version;               // one of requirement->applies_to
  std::vector<std::string> cases;    // cases naming it that run at that version
};

struct LevelTotals {
  int total = 0, observable = 0, covered = 0;
};

struct Coverage {
  std::vector<CoverageEntry> entries;                             // requirement × version
  std::map<std::string, std::map<std::string, LevelTotals>> totals;  // version -> level -> totals
  std::vector<const CoverageEntry*> uncovered() const;            // observable, no case
};

Coverage compute_coverage(const std::vector<Case>& cases, const Catalogue& cat);

}  // namespace stompspec
