#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/credentials.hpp"

namespace CLI { class App; }

namespace stompspec::cli {

// 0: no unexpected failure; 1: unexpected failures; 2: usage, scenario or
// connection problems: an unreachable target, a refused baseline CONNECT, a
// broker that died during the run; 130 / 143: interrupted by SIGINT / SIGTERM
// (the reports hold the cases finished by then, marked interrupted).
constexpr int kExitOk = 0;
constexpr int kExitFailures = 1;
constexpr int kExitUsage = 2;

// Case instances run at once by default. Most of a case's time is spent
// waiting for the broker (silence windows, receipts), not computing, so this
// is far more than the cores; bench/README.md has the measurements.
inline constexpr int kDefaultJobs = 32;

struct RunArgs {
  std::vector<std::string> targets, selectors, keywords, versions, formats;
  std::string profile, report_dir, scenario_dir;
  bool strict = false, verbose = false;
  std::optional<bool> color;
  int timeout_ms = 0;
  int jobs = kDefaultJobs;
  CredentialArgs credentials;
};

struct ListArgs {
  std::vector<std::string> selectors;
  std::string scenario_dir;
  bool json = false;
};

struct CoverageArgs {
  std::string scenario_dir, catalogue;
  bool json = false, check = false;
  double min_should = 95.0;
};

struct ReportArgs {
  std::string stream, report_dir;
  std::vector<std::string> formats;
};

struct MatrixArgs {
  std::vector<std::string> results;
  std::string markdown, html;
};

int cmd_run(const RunArgs& a);
int cmd_matrix(const MatrixArgs& a);
int cmd_report(const ReportArgs& a);
int cmd_coverage(const CoverageArgs& a);
int cmd_list(const ListArgs& a);
int cmd_validate(const std::vector<std::string>& paths, const std::vector<std::string>& profiles);

// stompspec fuzz (fuzz_command.cpp): adds the subcommand and its options;
// cmd_fuzz runs with what they parsed.
CLI::App* add_fuzz_command(CLI::App& app);
int cmd_fuzz();

// stompspec probe (probe_command.cpp): a draft profile for an unknown broker.
CLI::App* add_probe_command(CLI::App& app);
int cmd_probe();

// stompspec proxy (proxy_command.cpp): a fault-injecting proxy.
CLI::App* add_proxy_command(CLI::App& app);
int cmd_proxy();

}  // namespace stompspec::cli
