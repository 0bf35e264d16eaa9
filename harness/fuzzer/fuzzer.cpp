#include "fuzzer/fuzzer.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "fuzzer/duration.hpp"
#include "fuzzer/gate.hpp"
#include "fuzzer/lane_probe.hpp"
#include "fuzzer/summary.hpp"
#include "fuzzer/triage.hpp"
#include "core/clock.hpp"

namespace stompspec::fuzzer {
namespace {

constexpr std::uint64_t kDefaultIterations = 1000;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// The restart hook if there is one, then fresh probes until the broker
// answers, recover_wait has passed or the run's end has come.
std::function<bool(Url&)> recovery(const FuzzOptions& o, const RunConfig& cfg) {
  return [&o, &cfg](Url& url) {
    if (cfg.over()) return false;
    if (o.on_note) o.on_note("the broker is down or hung; waiting for it to come back");
    if (o.restart && !o.restart(url)) return false;
    const auto deadline = cfg.until(o.recover_wait);
    for (;;) {
      const bool answers = !probe_broker(url, cfg);
      if (cfg.over()) return false;  // the probe was cut short: it proves nothing
      if (answers) {
        if (o.on_note) o.on_note("the broker is back");
        return true;
      }
      if (Clock::now() >= deadline || (o.stop && o.stop->load())) return false;
      std::this_thread::sleep_for(cfg.clip(Millis(500)));
    }
  };
}

// Oracles that need a full wait (a probe, the grace after ERROR, DISCONNECT's
// RECEIPT): a session the run's end cut short cannot show them.
bool needs_full_wait(Oracle o) {
  return whole_broker(o) || o == Oracle::session_hang || o == Oracle::open_after_error;
}

// The first reason to stop wins; every session thread and the monitor read it.
class Stop {
 public:
  void set(std::string why) {
    std::lock_guard<std::mutex> lock(m_);
    if (why_.empty()) why_ = std::move(why);
    any_ = true;
  }
  bool any() const { return any_; }
  std::string why() const {
    std::lock_guard<std::mutex> lock(m_);
    return why_;
  }

 private:
  mutable std::mutex m_;
  std::string why_;
  std::atomic<bool> any_ = false;
};

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

FuzzReport run_fuzzer(const FuzzOptions& given) {
  const auto start = Clock::now();
  // Session threads, the monitor and the minimiser all report: one line at a time.
  std::mutex out;
  FuzzOptions o = given;
  if (given.on_note)
    o.on_note = [&](const std::string& s) {
      std::lock_guard<std::mutex> lock(out);
      given.on_note(s);
    };
  if (given.on_progress)
    o.on_progress = [&](const Progress& p) {
      std::lock_guard<std::mutex> lock(out);
      given.on_progress(p);
    };

  FuzzReport report;
  RateLimiter rate(o.rate);  // one for all sessions: --rate is global
  RunConfig cfg = o.run;
  cfg.rate = &rate;
  if (o.duration) cfg.end = start + *o.duration;
  FindingStore store(o.findings_dir);
  store.set_secret(cfg.gen.passcode);
  store.set_max_bytes(o.max_findings_bytes);
  Broker broker{o.url, recovery(o, cfg)};
  Gate gate;
  Triage triage(o, cfg, store, broker, gate);
  GrowthDetector memory(o.memory);
  const std::string started_at = clock::utc_timestamp();
  const std::size_t lanes = std::max<std::size_t>(1, o.sessions);
  const std::uint64_t limit = o.iterations.value_or(o.duration ? UINT64_MAX : kDefaultIterations);
  // Fuzzing ends early enough to leave the pending minimisations their share.
  const auto reserve = o.duration ? std::chrono::duration_cast<Clock::duration>(*o.duration * o.minimize_share)
                                  : Clock::duration::zero();
  std::atomic<std::uint64_t> next_session = 0, sessions = 0, frames = 0, bytes = 0, cut = 0;
  Stop stop;

  // The share is for all replays: what culprit replays already took while
  // fuzzing is no longer reserved for the minimisation after it.
  auto fuzzing_over = [&] {
    if (!o.duration) return false;
    if (triage.pending() == 0) return Clock::now() >= cfg.end;
    const auto spent = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(triage.minimize_s()));
    return Clock::now() >= cfg.end - std::max(Clock::duration::zero(), reserve - spent);
  };

  auto lane_loop = [&](std::size_t lane) {
    RunConfig lc = cfg;
    lc.lane = lanes > 1 ? fmt::format("L{}-", lane) : "";
    LaneProbe prober;
    struct Done {
      Plan plan;
      SessionResult res;
    };
    std::optional<Done> last;  // this thread's previous session
    for (;;) {
      if (stop.any()) break;
      if (o.stop && o.stop->load()) { stop.set("interrupted"); break; }
      if (fuzzing_over()) { stop.set("duration"); break; }
      if (!triage.ensure_broker() || triage.broker_lost()) {
        stop.set(cfg.over() ? "duration" : "the broker did not come back");
        break;
      }
      const std::uint64_t session = next_session.fetch_add(1);
      if (session >= limit) { stop.set("iterations"); break; }

      Plan plan = make_plan(cfg.gen, o.seed, session);
      std::vector<std::string> writes;
      for (const auto& w : plan.writes) writes.push_back(w.bytes);
      SessionOptions ro;
      ro.version = plan.version;
      // Wait out the grace after an ERROR only until that behaviour has been
      // seen a few times: then it is known and waiting only costs time.
      ro.wait_error_grace = [&](bool before_connected) {
        return triage.count(before_connected ? "open-after-error/connecting" : "open-after-error/connected") < o.grace_samples;
      };
      const Url url = gate.enter_shared(broker);
      SessionResult res = run_writes(url, writes, ro, lc);
      std::optional<Detection> down;
      bool blame_last = false;
      if (!res.open_failed) {
        down = prober.check(url, lc, res.sent, &res.transcript);
      } else if (!res.cut) {
        // The broker took no new connection: a fresh client decides, and
        // what made it so is most likely this thread's previous session.
        down = probe_broker(url, lc, &res.transcript);
        blame_last = down && last;
      }
      gate.leave_shared();
      ++sessions;
      frames += res.sent.size();
      bytes += res.bytes_sent;

      std::vector<Detection> found = res.detections;
      if (down) {
        broker.down = true;
        // A dead or deaf broker also leaves the fuzz connection unanswered:
        // that is a symptom, not a second finding.
        std::erase_if(found, [](const Detection& d) { return d.oracle == Oracle::session_hang; });
        if (!blame_last) found.push_back(*down);
      }
      if (res.cut || lc.over()) {
        ++cut;
        std::erase_if(found, [](const Detection& d) { return needs_full_wait(d.oracle); });
      }
      if (blame_last && !lc.over()) triage.handle(*down, last->plan, last->res, seconds_since(start));
      for (const auto& d : found) triage.handle(d, plan, res, seconds_since(start));
      if (o.max_findings > 0 && triage.new_signatures() >= o.max_findings) stop.set("max findings");
      last = Done{std::move(plan), std::move(res)};
    }
  };

  Progress p;
  auto last_tick = start - std::chrono::seconds(1);
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
    p.sessions = sessions;
    p.frames = frames;
    p.bytes = bytes;
    p.sessions_per_s = t > 0 ? static_cast<double>(p.sessions) / t : 0;
    p.frames_per_s = t > 0 ? static_cast<double>(p.frames) / t : 0;
    p.signatures = triage.signatures();
    p.occurrences = triage.occurrences();
    if (o.on_progress) o.on_progress(p);
  };

  // The sessions run on their own threads (each connection blocks with its
  // own deadlines); this thread samples memory and reports progress.
  const auto fuzz_start = Clock::now();
  std::atomic<std::size_t> running = lanes;
  std::vector<std::thread> threads;
  for (std::size_t lane = 0; lane < lanes; ++lane)
    threads.emplace_back([&, lane] {
      // An exception must not escape a thread (that would end the process
      // without a summary): it stops the run, which then reports it.
      try {
        lane_loop(lane);
      } catch (const std::exception& e) {
        stop.set(std::string("internal error: ") + e.what());
      }
      --running;
    });
  while (running > 0) {
    std::this_thread::sleep_for(Millis(20));
    tick(false);
  }
  for (auto& t : threads) t.join();
  const double fuzz_wall = seconds_since(fuzz_start);
  const double exclusive_while_fuzzing = triage.minimize_s() + triage.recover_s();
  report.stopped = stop.why();

  triage.minimize_pending(cfg.end);
  tick(true);
  report.totals = p;
  report.findings = store.all();
  report.minimize_s = triage.minimize_s();
  report.cut_sessions = cut;
  report.not_reproduced_alone = triage.not_reproduced_alone();
  report.unverified = triage.unverified();
  report.files_not_saved = store.files_not_saved();
  report.bytes_not_saved = store.bytes_not_saved();
  const double elapsed = seconds_since(start);
  report.time.fuzzing_s = std::max(0.0, fuzz_wall - exclusive_while_fuzzing);
  report.time.minimize_s = triage.minimize_s();
  report.time.recover_s = triage.recover_s();
  report.time.idle_s = std::max(0.0, elapsed - report.time.fuzzing_s - report.time.minimize_s - report.time.recover_s);
  report.totals.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);

  RunStats stats;
  stats.target = o.url.str();
  stats.transport = o.url.scheme;
  stats.profile = o.profile_name;
  stats.seed = o.seed;
  stats.started_at = started_at;
  stats.stopped = report.stopped;
  stats.totals = report.totals;
  stats.minimize_s = report.minimize_s;
  stats.time = report.time;
  stats.sessions_at_once = lanes;
  if (o.duration) stats.duration_s = std::chrono::duration<double>(*o.duration).count();
  stats.minimize_share = o.minimize_share;
  stats.cut_sessions = report.cut_sessions;
  stats.not_reproduced_alone = report.not_reproduced_alone;
  stats.unverified = report.unverified;
  stats.disk = {store.max_bytes(), store.bytes_saved(), store.files_not_saved(), store.bytes_not_saved()};
  stats.pid = o.pid;
  stats.rss = memory.samples();
  stats.rate = o.rate;
  write_summary(store.root(), stats, report.findings);
  return report;
}

}  // namespace stompspec::fuzzer
