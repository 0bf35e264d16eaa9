// stompspec: the command line. Exceptions stop here; everything below
// reports through return values.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace stompspec::cli;
  CLI::App app{"stompspec " STOMPSPEC_VERSION ": a conformance suite for STOMP 1.0, 1.1 and 1.2 brokers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", STOMPSPEC_VERSION);

  RunArgs run;
  auto* r = app.add_subcommand("run", "Run scenarios against a broker and write reports");
  r->add_option("--target", run.targets, "Broker URL: tcp://host:port or ws://host:port/path (repeatable); default: the profile's urls")
      ->allow_extra_args(false);  // one URL per --target, so case ids after it stay positional
  r->add_option("--profile", run.profile, "Target profile (JSON): credentials, features, limits, known deviations");
  r->add_option("selectors", run.selectors, "Case id prefixes (stomp12/send) or scenario files/folders");
  r->add_option("-k,--keyword", run.keywords, "Only cases carrying this keyword (repeatable)")->allow_extra_args(false);
  r->add_option("--stomp-version", run.versions, "Only these STOMP versions (1.0, 1.1, 1.2)")->allow_extra_args(false);
  r->add_option("--report", run.report_dir, "Folder for report files");
  r->add_option("--format", run.formats,
                "Report formats: console, junit, json, html, github (workflow annotations on stdout; comma separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  r->add_flag("--strict", run.strict, "A broken SHOULD fails the run");
  r->add_option("-j,--jobs", run.jobs,
                "Case instances run at once (default 32); results and their order are those of --jobs 1")
      ->check(CLI::Range(1, 64));
  r->add_option("--timeout", run.timeout_ms, "How long an expected frame may take, in ms (default: profile, else 2000)");
  r->add_option("--scenarios", run.scenario_dir, "Scenario folder")->default_val(STOMPSPEC_SCENARIO_DIR);
  r->add_flag("-v,--verbose", run.verbose, "Print every failing case's wire transcript");
  r->add_flag("--color,!--no-color", run.color, "Coloured console output (default: when a terminal)");
  add_credential_options(*r, run.credentials);

  ListArgs list;
  auto* l = app.add_subcommand("list", "List the cases");
  l->add_option("selectors", list.selectors, "Case id prefixes or scenario files/folders");
  l->add_flag("--json", list.json, "Print JSON");
  l->add_option("--scenarios", list.scenario_dir, "Scenario folder")->default_val(STOMPSPEC_SCENARIO_DIR);

  std::vector<std::string> validate_paths, validate_profiles;
  auto* v = app.add_subcommand("validate", "Check scenario files and profiles; errors name the file, line and field");
  v->add_option("paths", validate_paths, "Scenario files or folders");
  v->add_option("--profile", validate_profiles, "A target profile to check (repeatable)")->allow_extra_args(false);

  CoverageArgs cov;
  auto* c = app.add_subcommand("coverage", "Show which requirements the cases cover");
  c->add_flag("--json", cov.json, "Print JSON: a 'requirements' array (id, version, level, observable, cases)");
  c->add_flag("--check", cov.check, "Exit 1 unless every observable MUST is covered and enough SHOULDs are");
  c->add_option("--min-should", cov.min_should, "With --check: the minimum percentage of observable SHOULDs covered")->default_val(95.0);
  c->add_option("--scenarios", cov.scenario_dir, "Scenario folder")->default_val(STOMPSPEC_SCENARIO_DIR);
  c->add_option("--catalogue", cov.catalogue, "Requirement catalogue (default: <scenarios>/requirements.json)");

  MatrixArgs mat;
  auto* m = app.add_subcommand("matrix", "Put several runs (results.json files) side by side");
  m->add_option("results", mat.results, "results.json files, one per target and transport")->required();
  m->add_option("--markdown", mat.markdown, "Write the Markdown table here");
  m->add_option("--html", mat.html, "Write the HTML grid here");

  ReportArgs rep;
  auto* rp = app.add_subcommand("report", "Rebuild the reports from results.jsonl (after an interrupted or killed run)");
  rp->add_option("stream", rep.stream, "results.jsonl written by stompspec run --report DIR")->required()->check(CLI::ExistingFile);
  rp->add_option("--report", rep.report_dir, "Folder for the report files (default: the stream's folder)");
  rp->add_option("--format", rep.formats, "Report formats: junit, json, html (comma separated)")->delimiter(',')->allow_extra_args(false);

  auto* fz = add_fuzz_command(app);
  auto* pb = add_probe_command(app);
  auto* px = add_proxy_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  try {
    if (*r) return cmd_run(run);
    if (*l) return cmd_list(list);
    if (*v) return cmd_validate(validate_paths, validate_profiles);
    if (*c) return cmd_coverage(cov);
    if (*m) return cmd_matrix(mat);
    if (*rp) return cmd_report(rep);
    if (*fz) return cmd_fuzz();
    if (*pb) return cmd_probe();
    if (*px) return cmd_proxy();
  } catch (const std::exception& e) {
    std::cerr << "stompspec: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitUsage;
}
