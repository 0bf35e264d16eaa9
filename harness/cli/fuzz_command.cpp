// stompspec fuzz: its options, the loopback guard, what the profile gives
// the fuzzer (credentials, destinations, versions, known behaviours), Ctrl-C,
// the progress line on stderr and the closing summary on stdout. Exit codes:
// 0 no finding beyond known ones, 1 new findings (or the broker stayed down),
// 2 usage or a broker that does not work before fuzzing starts.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "engine/profile.hpp"
#include "runner/profile_load.hpp"
#include "fuzzer/duration.hpp"
#include "fuzzer/fuzzer.hpp"

namespace stompspec::cli {
namespace {

struct FuzzArgs {
  std::string target, profile, duration, rate, restart_cmd;
  std::string findings = "reports/fuzz/findings";
  std::optional<std::uint64_t> iterations, seed;
  std::vector<std::string> known;  // SIGNATURE-PATTERN[=REASON]
  int pid = 0;
  bool allow_remote = false, no_minimize = false, quiet = false;
  int probe_timeout_ms = 0, error_grace_ms = 2000, recover_wait_s = 30;
  std::size_t max_frames = 12, minimize_replays = 500, max_findings = 0, sessions = 16;
  std::size_t max_findings_bytes = 256 * 1024 * 1024;
  int minimize_time_s = 120, minimize_share_pct = 15;
  long mem_threshold_mb = 100;
  CredentialArgs credentials;
};

FuzzArgs& fuzz_args() {
  static FuzzArgs a;
  return a;
}

std::atomic<bool> g_fuzz_stop{false};
void on_fuzz_signal(int) { g_fuzz_stop.store(true); }

int fuzz_usage(const std::string& message) {
  std::cerr << "stompspec fuzz: " << message << "\n";
  return kExitUsage;
}

// Profile deviations named fuzz/<signature pattern> mark known behaviours,
// as they mark known case failures for `stompspec run`.
void apply_profile(const Profile& p, const std::string& transport, fuzzer::FuzzOptions& o) {
  fuzzer::GenOptions& g = o.run.gen;
  o.run.transport.tls = p.tls;
  g.login = p.login;
  g.passcode = p.passcode;
  g.host = p.host;
  g.queue_prefix = p.queue_prefix;
  g.topic_prefix = p.topic_prefix;
  g.versions.clear();
  for (const auto& v : p.versions())
    if (auto parsed = parse_version(v)) g.versions.push_back(*parsed);
  if (g.versions.empty()) g.versions = {Version::v1_2};
  o.profile_name = p.name;
  for (const auto& d : p.deviations) {
    const bool here = d.transports.empty() || std::any_of(d.transports.begin(), d.transports.end(),
                                                          [&](const auto& t) { return transport_covers(t, transport); });
    if (here && d.pattern.starts_with("fuzz/")) o.known.emplace_back(d.pattern.substr(5), d.reason);
  }
}

}  // namespace

CLI::App* add_fuzz_command(CLI::App& app) {
  FuzzArgs& a = fuzz_args();
  auto* f = app.add_subcommand("fuzz", "Fuzz a live broker with mutated STOMP sessions; save, minimise and replay findings");
  f->add_option("--target", a.target, "Broker URL: tcp://host:port or ws://host:port/path")->required();
  f->add_option("--profile", a.profile, "Target profile (JSON): credentials, destinations, versions; deviations named fuzz/<signature> are known behaviours");
  f->add_option("--duration", a.duration, "How long the whole run may take, minimising included (a hard bound): 30s, 10m, 8h, 1h30m");
  f->add_option("--sessions", a.sessions, "Sessions at once, each on its own fuzz destinations (1: one after another)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  f->add_option("--iterations", a.iterations, "How many sessions (default 1000 unless --duration)");
  f->add_option("--seed", a.seed, "Seed of the session generator (default: random, printed)");
  f->add_option("--findings", a.findings, "Folder for findings, summary.json and summary.html")->capture_default_str();
  f->add_option("--rate", a.rate, "At most N frames per second over all sessions together: 200 or 200/s");
  f->add_option("--pid", a.pid, "The broker's process id: sample its VmRSS for the memory oracle");
  f->add_flag("--allow-remote", a.allow_remote, "Allow a target that is not on loopback");
  f->add_option("--known", a.known, "A known behaviour: SIGNATURE[=REASON], '*' at the end matches a prefix (repeatable)")
      ->allow_extra_args(false);
  f->add_option("--max-findings", a.max_findings, "Stop after this many new (not known) signatures (0: never)")->capture_default_str();
  f->add_option("--max-findings-bytes", a.max_findings_bytes,
                "Disk the findings' example files may take, octets; past it they are counted, not saved (0: no cap)")
      ->capture_default_str();
  f->add_option("--max-frames", a.max_frames, "Frames per session after CONNECT, at most")->capture_default_str();
  f->add_option("--probe-timeout", a.probe_timeout_ms, "How long a probe waits for CONNECTED or RECEIPT, ms (default: profile expect_ms, at least 2000)");
  f->add_option("--error-grace", a.error_grace_ms, "How long the broker may keep a connection open after ERROR, ms")->capture_default_str();
  f->add_flag("--no-minimize", a.no_minimize, "Save findings without minimising them");
  f->add_option("--minimize-replays", a.minimize_replays, "Replays per finding while minimising, at most")->capture_default_str();
  f->add_option("--minimize-time", a.minimize_time_s, "Seconds per finding while minimising, at most")->capture_default_str();
  f->add_option("--minimize-share", a.minimize_share_pct,
                "With --duration: percent of it that replays and minimisation may take; new findings are minimised after the fuzzing")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  f->add_option("--restart-cmd", a.restart_cmd, "Shell command that restarts a dead or hung broker");
  f->add_option("--recover-wait", a.recover_wait_s, "Seconds to wait for the broker to come back")->capture_default_str();
  f->add_option("--mem-threshold", a.mem_threshold_mb, "MiB of sustained VmRSS growth that make a memory finding")->capture_default_str();
  f->add_flag("-q,--quiet", a.quiet, "No progress line");
  add_credential_options(*f, a.credentials);
  return f;
}

int cmd_fuzz() {
  const FuzzArgs& a = fuzz_args();
  fuzzer::FuzzOptions o;
  std::string why;
  auto url = Url::parse(a.target, &why);
  if (!url) return fuzz_usage(fmt::format("bad target '{}': {}", a.target, why));
  if (auto refused = fuzzer::refuse_target(*url, a.allow_remote)) return fuzz_usage(*refused);
  o.url = *url;

  Profile profile = default_profile();
  if (!a.profile.empty()) {
    std::vector<Diagnostic> errors;
    auto p = load_profile(a.profile, errors);
    if (!p) {
      for (const auto& e : errors) std::cerr << e.str() << "\n";
      return kExitUsage;
    }
    profile = std::move(*p);
  }
  apply_credentials(a.credentials, profile);
  apply_profile(profile, url->scheme, o);
  for (const auto& k : a.known) {
    const auto eq = k.find('=');
    o.known.emplace_back(k.substr(0, eq), eq == std::string::npos ? "given with --known" : k.substr(eq + 1));
  }
  if (!a.duration.empty()) {
    auto d = fuzzer::parse_duration(a.duration, &why);
    if (!d) return fuzz_usage(why);
    o.duration = *d;
  }
  if (!a.rate.empty()) {
    auto r = fuzzer::parse_rate(a.rate, &why);
    if (!r) return fuzz_usage(why);
    o.rate = *r;
  }
  o.iterations = a.iterations;
  o.seed = a.seed.value_or(std::random_device{}());
  o.findings_dir = a.findings;
  o.max_findings = a.max_findings;
  o.pid = a.pid;
  o.run.gen.max_frames = std::max<std::size_t>(1, a.max_frames);
  o.run.probe_timeout = Millis(a.probe_timeout_ms > 0 ? a.probe_timeout_ms : std::max(2000, profile.expect_ms));
  o.run.error_grace = Millis(a.error_grace_ms);
  o.minimize_findings = !a.no_minimize;
  o.minimize.max_replays = a.minimize_replays;
  o.minimize.max_time = std::chrono::seconds(a.minimize_time_s);
  o.minimize_share = a.minimize_share_pct / 100.0;
  o.sessions = a.sessions;
  o.max_findings_bytes = a.max_findings_bytes;
  o.memory.threshold_kb = a.mem_threshold_mb * 1024;
  o.recover_wait = std::chrono::seconds(a.recover_wait_s);
  if (!a.restart_cmd.empty())
    o.restart = [cmd = a.restart_cmd](Url&) { return std::system(cmd.c_str()) == 0; };

  fuzzer::RunConfig preflight = o.run;
  if (auto d = fuzzer::probe_broker(o.url, preflight)) {
    // A refused CONNECT is nearly always credentials or the host (a vhost).
    std::string hint = d->detail.find("CONNECT") == std::string::npos
                           ? ""
                           : " If the broker needs credentials or another host, give --login, --passcode (or "
                             "STOMPSPEC_PASSCODE) and --host, or a profile with them.";
    return fuzz_usage(fmt::format("the broker at {} does not work before fuzzing starts: {}. Nothing was run.{}", o.url.str(),
                                  d->detail, hint));
  }

  std::signal(SIGINT, on_fuzz_signal);
  std::signal(SIGTERM, on_fuzz_signal);
  o.stop = &g_fuzz_stop;
  const bool tty = isatty(STDERR_FILENO) != 0;
  bool line_open = false;
  if (!a.quiet)
    o.on_progress = [&](const fuzzer::Progress& p) {
      std::cerr << (tty ? "\r\033[K" : "") << "fuzz " << p.line() << (tty ? "" : "\n") << std::flush;
      line_open = tty;
    };
  o.on_note = [&](const std::string& note) {
    std::cerr << (line_open ? "\r\033[K" : "") << "fuzz: " << note << "\n" << std::flush;
    line_open = false;
  };
  std::cerr << fmt::format("fuzz: {} with seed {}, profile {}, findings in {}/ (Ctrl-C stops and writes the summary)\n",
                           o.url.str(), o.seed, o.profile_name, o.findings_dir);

  fuzzer::FuzzReport report = fuzzer::run_fuzzer(o);
  if (line_open) std::cerr << "\n";
  const auto& t = report.totals;
  const double elapsed = static_cast<double>(t.elapsed.count()) / 1000.0;
  auto pct = [&](double part) { return elapsed > 0 ? 100.0 * part / elapsed : 0.0; };
  std::cout << fmt::format("{} sessions ({:.1f}/s), {} frames ({:.1f}/s) in {:.1f} s; stopped: {}\n", t.sessions,
                           t.sessions_per_s, t.frames, t.frames_per_s, elapsed, report.stopped);
  std::cout << fmt::format("time: fuzzing {:.1f} s ({:.0f}%), minimising {:.1f} s ({:.0f}%), recovering {:.1f} s ({:.0f}%), "
                           "idle {:.1f} s ({:.0f}%); {} sessions at once\n",
                           report.time.fuzzing_s, pct(report.time.fuzzing_s), report.time.minimize_s,
                           pct(report.time.minimize_s), report.time.recover_s, pct(report.time.recover_s),
                           report.time.idle_s, pct(report.time.idle_s), o.sessions);
  if (report.unverified > 0)
    std::cout << fmt::format("{} client-caused detection(s) were not replayed (the --minimize-share was spent) with "
                             "sessions side by side: counted, not findings (summary.json: unverified)\n",
                             report.unverified);
  if (report.not_reproduced_alone > 0)
    std::cout << fmt::format("{} client-caused detection(s) did not show again with the broker alone: not counted as findings\n",
                             report.not_reproduced_alone);
  bool unknown = false;
  for (const auto& f : report.findings) {
    std::cout << fmt::format("  [{}] {} x{}{}\n", to_string(f.severity), f.signature, f.count,
                             f.known ? " (known: " + f.known_reason + ")" : "");
    unknown |= !f.known;
  }
  if (report.files_not_saved > 0)
    std::cout << fmt::format("disk cap reached (--max-findings-bytes {}): {} example file(s), {} octets, not saved\n",
                             o.max_findings_bytes, report.files_not_saved, report.bytes_not_saved);
  std::cout << fmt::format("{} signature(s); summary: {}/summary.html\n", report.findings.size(), o.findings_dir);
  if (report.stopped == "the broker did not come back") return kExitFailures;
  return unknown ? kExitFailures : kExitOk;
}

}  // namespace stompspec::cli
