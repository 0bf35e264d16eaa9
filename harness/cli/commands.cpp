#include "cli/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "codec/frame.hpp"
#include "engine/runner.hpp"
#include "report/report.hpp"
#include "scenario/catalogue.hpp"
#include "scenario/loader.hpp"

namespace stompspec::cli {
namespace fs = std::filesystem;

namespace {

// Positional selectors are either paths (load those files) or id prefixes.
CaseSet load_selected(const std::string& scenario_dir, const std::vector<std::string>& selectors,
                      std::vector<std::string>& prefixes) {
  std::vector<std::string> paths;
  for (const auto& s : selectors) {
    std::error_code ec;
    if (fs::exists(s, ec)) paths.push_back(s);
    else prefixes.push_back(s);
  }
  if (paths.empty()) paths.push_back(scenario_dir);
  return load_cases(paths);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool print_errors(const std::vector<Diagnostic>& errors) {
  for (const auto& d : errors) std::cerr << d.str() << "\n";
  return !errors.empty();
}

// Requirement ids must exist in the catalogue shipped with the scenarios.
void check_catalogue(CaseSet& set) {
  std::vector<Diagnostic> errors;
  auto cat = load_catalogue(STOMPSPEC_SCENARIO_DIR "/requirements.json", errors);
  if (!cat) return;  // no catalogue next to the scenarios: nothing to check against
  auto unknown = check_requirement_ids(set.cases, *cat);
  set.errors.insert(set.errors.end(), unknown.begin(), unknown.end());
}

}  // namespace

int cmd_validate(const std::vector<std::string>& paths, const std::vector<std::string>& profiles) {
  if (paths.empty() && profiles.empty()) {
    std::cerr << "stompspec validate: give scenario files or folders, or --profile FILE\n";
    return kExitUsage;
  }
  int bad_profiles = 0;
  for (const auto& path : profiles) {
    std::vector<Diagnostic> errors;
    if (load_profile(path, errors)) std::cout << fmt::format("{}: profile valid\n", path);
    else ++bad_profiles, print_errors(errors);
  }
  if (paths.empty()) return bad_profiles ? kExitUsage : kExitOk;
  CaseSet set = load_cases(paths);
  check_catalogue(set);
  if (print_errors(set.errors)) {
    std::cerr << fmt::format("{} error(s); {} case(s) valid\n", set.errors.size(), set.cases.size());
    return kExitUsage;
  }
  std::cout << fmt::format("{} case(s) valid\n", set.cases.size());
  return bad_profiles ? kExitUsage : kExitOk;
}

int cmd_list(const ListArgs& a) {
  std::vector<std::string> prefixes;
  CaseSet set = load_selected(a.scenario_dir, a.selectors, prefixes);
  if (print_errors(set.errors)) return kExitUsage;
  RunOptions o;
  o.selectors = prefixes;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : set.cases) {
    if (!selected(c, o)) continue;
    if (a.json) {
      nlohmann::json refs = nlohmann::json::array();
      for (const auto& r : c.refs) refs.push_back({{"version", r.version}, {"section", r.section}, {"level", r.level}, {"requirement", r.requirement}});
      out.push_back({{"id", c.id}, {"title", c.title}, {"level", c.level}, {"versions", c.versions},
                     {"features", c.features}, {"keywords", c.keywords}, {"requirements", c.requirements},
                     {"refs", refs}, {"file", c.src.file}});
    } else {
      std::cout << fmt::format("{:<32} {:<10} {:<13} {}\n", c.id, c.level, fmt::format("{}", fmt::join(c.versions, ",")), c.title);
    }
  }
  if (a.json) std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int cmd_run(const RunArgs& a) {
  RunOptions o;
  if (!a.profile.empty()) {
    std::vector<Diagnostic> errors;
    auto p = load_profile(a.profile, errors);
    if (!p) {
      print_errors(errors);
      return kExitUsage;
    }
    o.profile = std::move(*p);
  }
  apply_credentials(a.credentials, o.profile);
  for (const auto& v : a.versions)
    if (!parse_version(v)) {
      std::cerr << fmt::format("stompspec: unknown STOMP version '{}' (use 1.0, 1.1 or 1.2)\n", v);
      return kExitUsage;
    }
  std::vector<std::string> formats = a.formats.empty() ? std::vector<std::string>{"console", "junit", "json", "html"} : a.formats;
  for (const auto& f : formats)
    if (f != "console" && f != "junit" && f != "json" && f != "html") {
      std::cerr << fmt::format("stompspec: unknown report format '{}' (console, junit, json, html)\n", f);
      return kExitUsage;
    }
  o.targets = a.targets;
  o.keywords = a.keywords;
  o.versions = a.versions;
  o.strict = a.strict;
  o.timeout_ms = a.timeout_ms;

  CaseSet set = load_selected(a.scenario_dir, a.selectors, o.selectors);
  check_catalogue(set);
  if (print_errors(set.errors)) return kExitUsage;
  for (const auto& sel : o.selectors)
    if (std::none_of(set.cases.begin(), set.cases.end(), [&](const Case& c) { return matches_selector(c.id, "", sel); }))
      std::cerr << fmt::format("stompspec: warning: '{}' matches no case (see stompspec list)\n", sel);
  std::string error;
  auto targets = resolve_targets(o, &error);
  if (targets.empty()) {
    std::cerr << "stompspec: " << error << "\n";
    return kExitUsage;
  }
  // The baseline CONNECT goes out at the highest version the run offers, with
  // the profile's credentials: the one every case's own CONNECT resembles.
  Version baseline = highest_version(o.versions.empty() ? o.profile.versions() : o.versions);
  const int preflight_ms = std::max(3000, o.timeout_ms > 0 ? o.timeout_ms : o.profile.expect_ms);
  if (std::string problems = preflight(targets, preflight_ms, o.profile, baseline); !problems.empty()) {
    std::string p;
    for (std::size_t at = 0, nl; (nl = problems.find('\n', at)) != std::string::npos; at = nl + 1)
      p += "stompspec: " + problems.substr(at, nl - at) + "\n";
    std::cerr << p << "stompspec: nothing was run: a setup problem (is the broker running? are the credentials "
                      "right?), not a verdict on the broker.\n";
    return kExitUsage;
  }

  bool console = std::find(formats.begin(), formats.end(), "console") != formats.end();
  ConsoleStyle style{a.color.value_or(isatty(STDOUT_FILENO) != 0), a.verbose};
  o.on_case = [&](const CaseResult& r) {
    if (console) {
      write_console_case(std::cout, r, style);
      std::cout.flush();
    }
  };
  if (!o.profile.start_command.empty())
    o.restart = [cmd = o.profile.start_command](Target& t) {
      std::cerr << fmt::format("stompspec: THE BROKER AT {} DIED: restarting it with the profile's commands.start\n",
                               t.url.str());
      // Bounded like every other wait: a start script that hangs ends the run.
      return std::system(("timeout 120 sh -c " + shell_quote(cmd)).c_str()) == 0;
    };
  RunStop stop;
  RunReport report = run_suite(set.cases, targets, o, &stop);
  for (const auto& culprit : stop.restarted_after)
    std::cerr << fmt::format("stompspec: THE BROKER DIED during {} and was restarted; that case failed.\n", culprit);
  report.tool_version = STOMPSPEC_VERSION;
  if (console) write_console_summary(std::cout, report, style);
  if (report.cases.empty()) {
    std::cerr << "stompspec: no case matched the selection\n";
    return kExitUsage;
  }
  if (!a.report_dir.empty()) {
    write_reports(a.report_dir, report, formats);
    std::cout << fmt::format("reports written to {}/\n", a.report_dir);
  }
  if (stop.broker_died) {
    // Loud on purpose: a crash is the most important thing a run can find.
    std::cerr << fmt::format("\nstompspec: {}\nstompspec: {} failed the case that killed it; exit code 2.\n",
                             stop.describe(), stop.culprit);
    return kExitUsage;
  }
  bool failures = false, errors = false;
  for (const auto& c : report.cases) {
    failures |= c.status == Status::fail;
    errors |= c.status == Status::error;
  }
  return failures ? kExitFailures : errors ? kExitUsage : kExitOk;
}

}  // namespace stompspec::cli
