#include "fuzzer/fuzzer.hpp"

#include <thread>

#include <fmt/format.h>

#include "fuzzer/duration.hpp"
#include "fuzzer/summary.hpp"
#include "fuzzer/triage.hpp"
#include "core/clock.hpp"

namespace stompspec::fuzzer {
namespace {

constexpr std::uint64_t kDefaultIterations = 1000;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The restart hook if there is one, then fresh probes until the broker
// answers or recover_wait has passed.
std::function<bool(Url&)> recovery(const FuzzOptions& o, const RunConfig& cfg) {
  return [&o, &cfg](Url& url) {
    if (o.on_note) o.on_note("the broker is down or hung; waiting for it to come back");
    if (o.restart && !o.restart(url)) return false;
    const auto deadline = Clock::now() + o.recover_wait;
    for (;;) {
      if (!probe_broker(url, cfg)) {
        if (o.on_note) o.on_note("the broker is back");
        return true;
      }
      if (Clock::now() >= deadline || (o.stop && o.stop->load())) return false;
      std::this_thread::sleep_for(Millis(500));
    }
  };
}

}  // namespace

std::optional<std::string> refuse_target(const Url& url, bool allow_remote) {
  if (url.is_loopback() || allow_remote) return std::nullopt;
  return fmt::format("{} is not a loopback address: fuzzing sends hostile traffic and may crash the broker. "
                     "Pass --allow-remote if this broker is yours to break.", url.str());
}

bool signature_matches(std::string_view pattern, std::string_view signature) {
  if (pattern.ends_with("*")) return signature.starts_with(pattern.substr(0, pattern.size() - 1));
  return pattern == signature;
}

std::string Progress::line() const {
  std::string s = fmt::format("{}  sessions {} ({:.1f}/s)  frames {} ({:.1f}/s)  findings {} ({} hits)",
                              format_elapsed(elapsed), sessions, sessions_per_s, frames, frames_per_s, signatures,
                              occurrences);
  if (rss_kb) s += fmt::format("  rss {} MiB", *rss_kb / 1024);
  return s;
}

FuzzReport run_fuzzer(const FuzzOptions& o) {
  FuzzReport report;
  RateLimiter rate(o.rate);
  RunConfig cfg = o.run;
  cfg.rate = &rate;
  FindingStore store(o.findings_dir);
  store.set_secret(cfg.gen.passcode);
  Broker broker{o.url, recovery(o, cfg), false};
  Triage triage(o, cfg, store, broker);
  GrowthDetector memory(o.memory);
  const std::string started_at = clock::utc_timestamp();
  const auto start = Clock::now();
  auto last_tick = start - std::chrono::seconds(1);
  Progress& p = report.totals;

  auto tick = [&](bool force) {
    if (!force && Clock::now() - last_tick < std::chrono::seconds(1)) return;
    last_tick = Clock::now();
    const double t = seconds_since(start);
    if (o.pid > 0) {
      p.rss_kb = read_rss_kb(o.pid);
      if (p.rss_kb) memory.add(t, *p.rss_kb);
      if (auto grew = memory.check())
        triage.handle_run_level({Oracle::memory_growth, "", *grew, 0, static_cast<std::size_t>(-1)}, t, "rss.csv",
                                memory.csv());
    }
    p.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    p.sessions_per_s = t > 0 ? static_cast<double>(p.sessions) / t : 0;
    p.frames_per_s = t > 0 ? static_cast<double>(p.frames) / t : 0;
    p.signatures = store.all().size();
    p.occurrences = triage.occurrences();
    if (o.on_progress) o.on_progress(p);
  };

  const std::uint64_t limit = o.iterations.value_or(o.duration ? UINT64_MAX : kDefaultIterations);
  for (std::uint64_t session = 0;; ++session) {
    if (session >= limit) { report.stopped = "iterations"; break; }
    if (o.duration && Clock::now() - start >= *o.duration) { report.stopped = "duration"; break; }
    if (o.stop && o.stop->load()) { report.stopped = "interrupted"; break; }
    if (!broker.ensure_up() || triage.broker_lost()) { report.stopped = "the broker did not come back"; break; }

    const Plan plan = make_plan(cfg.gen, o.seed, session);
    std::vector<std::string> writes;
    for (const auto& w : plan.writes) writes.push_back(w.bytes);
    SessionOptions ro;
    ro.version = plan.version;
    // Wait out the grace after an ERROR only until that behaviour has been
    // seen a few times: then it is known and waiting only costs time.
    ro.wait_error_grace = [&](bool before_connected) {
      return triage.count(before_connected ? "open-after-error/connecting" : "open-after-error/connected") < o.grace_samples;
    };
    SessionResult res = run_writes(broker.url, writes, ro, cfg);
    ++p.sessions;
    p.frames += res.sent.size();
    p.bytes += res.bytes_sent;

    std::vector<Detection> found = res.detections;
    if (auto down = probe_broker(broker.url, cfg, &res.transcript)) {
      broker.down = true;
      // A dead or deaf broker also leaves the fuzz connection unanswered:
      // that is a symptom, not a second finding.
      std::erase_if(found, [](const Detection& d) { return d.oracle == Oracle::session_hang; });
      found.push_back(*down);
    }
    for (const auto& d : found) triage.handle(d, plan, res, seconds_since(start));
    tick(false);
    if (o.max_findings > 0 && store.all().size() >= o.max_findings) { report.stopped = "max findings"; break; }
  }
  tick(true);
  report.findings = store.all();
  report.minimize_s = triage.minimize_s();

  RunStats stats;
  stats.target = o.url.str();
  stats.transport = o.url.scheme;
  stats.profile = o.profile_name;
  stats.seed = o.seed;
  stats.started_at = started_at;
  stats.stopped = report.stopped;
  stats.totals = p;
  stats.minimize_s = report.minimize_s;
  stats.pid = o.pid;
  stats.rss = memory.samples();
  stats.rate = o.rate;
  write_summary(store.root(), stats, report.findings);
  return report;
}

}  // namespace stompspec::fuzzer
