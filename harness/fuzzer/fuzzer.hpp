#pragma once
// `stompspec fuzz`: sessions of generated and mutated frames against a live
// broker, several at once, judged by the oracles, every new finding saved,
// minimised after the fuzzing and turned into a scenario file, a progress
// line about every second and a summary (summary.json, summary.html) at the
// end. --duration bounds the wall time of all of it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fuzzer/findings.hpp"
#include "fuzzer/memory.hpp"
#include "fuzzer/minimize.hpp"
#include "fuzzer/session_run.hpp"

namespace stompspec::fuzzer {

struct Progress {
  std::chrono::milliseconds elapsed{0};
  std::uint64_t sessions = 0, frames = 0, bytes = 0;
  std::size_t signatures = 0, occurrences = 0;
  double sessions_per_s = 0, frames_per_s = 0;
  std::optional<long> rss_kb;
  std::string line() const;  // "00:01:23  sessions 1234 (45.6/s)  frames ..."
};

struct FuzzOptions {
  Url url;
  std::uint64_t seed = 1;
  std::optional<std::uint64_t> iterations;          // sessions; with neither limit: 1000
  std::optional<std::chrono::milliseconds> duration;  // a hard bound on wall time: every wait is clipped to it
  std::size_t sessions = 1;                         // sessions at once (threads), each on its own fuzz destinations
  std::size_t max_findings = 0;                     // stop after this many signatures; 0: never
  std::string findings_dir = "reports/fuzz/findings";
  std::string profile_name = "default";
  double rate = 0;                                  // frames per second; 0: no limit
  int pid = 0;                                      // the broker's process, for the memory oracle
  RunConfig run;                                    // timeouts, credentials, destinations, parser limits
  MinimizeBudget minimize;                          // per finding
  bool minimize_findings = true;
  // With --duration: the share of it that replays (culprits, minimisation)
  // may take. New findings are minimised after the fuzzing, which then ends
  // this share before the duration.
  double minimize_share = 0.15;
  std::size_t max_findings_bytes = 0;               // cap on the example files' disk use; 0: none
  GrowthOptions memory;
  // Sightings of an open-after-error signature after which the fuzzer stops
  // waiting out the grace for it (a broker that always lingers would
  // otherwise cost the grace on every session).
  std::size_t grace_samples = 3;
  // Known behaviours of this target: signature pattern ("x/y" or "x/*") and
  // reason. Their findings are still recorded, at severity low.
  std::vector<std::pair<std::string, std::string>> known;
  // Brings a dead or hung broker back; may change the URL (tests start a new
  // fake broker). Unset, the fuzzer waits up to recover_wait for the broker
  // to come back by itself, then stops.
  std::function<bool(Url&)> restart;
  std::chrono::milliseconds recover_wait{30'000};
  const std::atomic<bool>* stop = nullptr;           // set by SIGINT: finish the session, write the summary
  std::function<void(const Progress&)> on_progress;  // about every second
  std::function<void(const std::string&)> on_note;   // new findings, minimisation, recovery
};

// Where the wall time went. Fuzzing: sessions were running (nobody had the
// broker alone). Minimising: replays that name a culprit or minimise.
// Recovering: bringing a dead broker back. Idle: the rest (start-up, the
// last sessions draining, writing the summary).
struct TimeShares {
  double fuzzing_s = 0, minimize_s = 0, recover_s = 0, idle_s = 0;
};

struct FuzzReport {
  Progress totals;
  std::vector<FindingRecord> findings;
  std::string stopped;     // "iterations", "duration", "interrupted", "broker did not come back"
  double minimize_s = 0;   // of the elapsed time, how much went into minimising
  TimeShares time;
  std::size_t cut_sessions = 0;          // sessions the end of --duration cut short (their timed oracles not judged)
  std::size_t not_reproduced_alone = 0;  // client-caused detections no replay with the broker alone showed again
  std::size_t unverified = 0;            // the same, not replayed (share spent) with sessions side by side: counted only
  std::size_t files_not_saved = 0, bytes_not_saved = 0;  // example files past --max-findings-bytes
};

FuzzReport run_fuzzer(const FuzzOptions& o);

// Why the fuzzer will not attack this target, or nothing: only loopback
// addresses, unless the user says --allow-remote.
std::optional<std::string> refuse_target(const Url& url, bool allow_remote);

// "x/*" matches every signature starting "x/"; anything else matches exactly.
bool signature_matches(std::string_view pattern, std::string_view signature);

}  // namespace stompspec::fuzzer
