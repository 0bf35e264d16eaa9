#pragma once
// summary.json and summary.html in the findings folder (and rss.csv with
// --pid): the run's numbers
// and every signature with its severity, count and files. The HTML page is
// self-contained (inline CSS, no scripts from elsewhere) and links to the
// files of each finding by relative path.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzzer/findings.hpp"
#include "fuzzer/fuzzer.hpp"
#include "fuzzer/memory.hpp"

namespace stompspec::fuzzer {

struct DiskUse {
  std::size_t max_bytes = 0, saved_bytes = 0, files_not_saved = 0, bytes_not_saved = 0;
};

struct RunStats {
  std::string target, transport, profile, started_at, stopped;
  std::uint64_t seed = 0;
  Progress totals;
  double minimize_s = 0;
  TimeShares time;
  std::size_t sessions_at_once = 1;
  std::optional<double> duration_s;  // --duration, if given
  double minimize_share = 0;
  std::size_t cut_sessions = 0, not_reproduced_alone = 0, unverified = 0;
  DiskUse disk;
  int pid = 0;
  std::vector<Sample> rss;
  double rate = 0;
};

nlohmann::json summary_json(const RunStats& s, const std::vector<FindingRecord>& findings);
std::string summary_html(const RunStats& s, const std::vector<FindingRecord>& findings);
void write_summary(const std::string& root, const RunStats& s, const std::vector<FindingRecord>& findings);


}  // namespace stompspec::fuzzer
