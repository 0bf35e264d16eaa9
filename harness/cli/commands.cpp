#include "cli/commands.hpp"
#include "cli/interrupt.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "codec/frame.hpp"
#include "engine/runner.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"
#include "scenario/catalogue.hpp"
#include "scenario/loader.hpp"
#include "core/clock.hpp"

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
    if (f != "console" && f != "junit" && f != "json" && f != "html" && f != "github") {
      std::cerr << fmt::format("stompspec: unknown report format '{}' (console, junit, json, html, github)\n", f);
      return kExitUsage;
    }
  o.targets = a.targets;
  o.keywords = a.keywords;
  o.versions = a.versions;
  o.strict = a.strict;
  o.timeout_ms = a.timeout_ms;
  o.jobs = a.jobs;

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
  // With a report folder, every finished case goes to results.jsonl at once:
  // an interrupt or a kill loses nothing finished (stompspec report rebuilds).
  std::ofstream stream;
  RunReport head;
  head.tool_version = STOMPSPEC_VERSION;
  head.profile = o.profile.name;
  head.strict = o.strict;
  head.started_at = clock::utc_timestamp();
  for (const auto& t : targets) head.target += (head.target.empty() ? "" : " ") + t.url.str();
  if (!a.report_dir.empty()) {
    std::error_code ec;
    fs::create_directories(a.report_dir, ec);
    stream.open(fs::path(a.report_dir) / "results.jsonl", std::ios::binary | std::ios::trunc);
    if (!stream) {
      std::cerr << fmt::format("stompspec: cannot write {}/results.jsonl\n", a.report_dir);
      return kExitUsage;
    }
    stream << stream_header(head).dump() << '\n' << std::flush;
  }
  o.on_case = [&](const CaseResult& r) {
    if (console) {
      write_console_case(std::cout, r, style);
      std::cout.flush();
    }
    if (stream.is_open())
      stream << nlohmann::json{{"case", case_result_to_json(r)}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
             << '\n' << std::flush;
  };
  install_interrupt_handlers();
  o.interrupted = [] { return interrupt_signal() != 0; };
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
    std::cerr << fmt::format("stompspec: THE BROKER DIED during {} and was restarted; {}.\n", culprit,
                             culprit.starts_with("one of ") ? "those cases are errors: run them with --jobs 1"
                                                            : "that case failed");
  report.tool_version = STOMPSPEC_VERSION;
  report.started_at = head.started_at;
  report.interrupted = interrupt_signal() != 0;
  if (stream.is_open()) stream << stream_end(report).dump() << '\n' << std::flush;
  if (console) write_console_summary(std::cout, report, style);
  if (report.cases.empty()) {
    std::cerr << "stompspec: no case matched the selection\n";
    return kExitUsage;
  }
  if (std::find(formats.begin(), formats.end(), "github") != formats.end()) write_github_annotations(std::cout, report);
  std::vector<std::string> files;
  for (const auto& f : formats)
    if (f != "github") files.push_back(f);
  if (!a.report_dir.empty()) {
    write_reports(a.report_dir, report, files);
    std::cout << fmt::format("reports written to {}/\n", a.report_dir);
  }
  if (report.interrupted) {
    std::cerr << fmt::format("stompspec: interrupted: the reports hold the {} case(s) finished by then\n",
                             report.cases.size());
    return 128 + interrupt_signal();
  }
  if (stop.broker_died) {
    // Loud on purpose: a crash is the most important thing a run can find.
    std::cerr << fmt::format("\nstompspec: {}\nstompspec: {}; exit code 2.\n", stop.describe(),
                             stop.culprit.starts_with("one of ")
                                 ? "several cases ran at once: run them with --jobs 1 to learn which killed it"
                                 : stop.culprit + " failed the case that killed it");
    return kExitUsage;
  }
  bool failures = false, errors = false;
  for (const auto& c : report.cases) {
    failures |= c.status == Status::fail;
    errors |= c.status == Status::error;
  }
  return failures ? kExitFailures : errors ? kExitUsage : kExitOk;
}

int cmd_report(const ReportArgs& a) {
  std::ifstream in(a.stream, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("stompspec: cannot read {}\n", a.stream);
    return kExitUsage;
  }
  RunReport report;
  try {
    report = read_stream(in);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("stompspec: {}: {}\n", a.stream, e.what());
    return kExitUsage;
  }
  std::vector<std::string> formats = a.formats.empty() ? std::vector<std::string>{"junit", "json", "html"} : a.formats;
  std::string dir = a.report_dir.empty() ? fs::path(a.stream).parent_path().string() : a.report_dir;
  if (dir.empty()) dir = ".";
  write_reports(dir, report, formats);
  std::cout << fmt::format("{}{}\nreports written to {}/\n", describe::summary_line(report),
                           report.interrupted ? " (the run did not end: interrupted or killed)" : "", dir);
  return kExitOk;
}

}  // namespace stompspec::cli
