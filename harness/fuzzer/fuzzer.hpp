#pragma once
// `stompspec fuzz`: sessions of generated and mutated frames against a live
// broker, judged by the oracles, every new finding saved, minimised and
// turned into a scenario file, a progress line about every second and a
// summary (summary.json, summary.html) at the end.
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
  std::optional<std::chrono::milliseconds> duration;
  std::size_t max_findings = 0;                     // stop after this many signatures; 0: never
  std::string findings_dir = "reports/fuzz/findings";
  std::string profile_name = "default";
  double rate = 0;                                  // frames per second; 0: no limit
  int pid = 0;                                      // the broker's process, for the memory oracle
  RunConfig run;                                    // timeouts, credentials, destinations, parser limits
  MinimizeBudget minimize;
  bool minimize_findings = true;
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

struct FuzzReport {
  Progress totals;
  std::vector<FindingRecord> findings;
  std::string stopped;     // "iterations", "duration", "interrupted", "broker did not come back"
  double minimize_s = 0;   // of the elapsed time, how much went into minimising
};

FuzzReport run_fuzzer(const FuzzOptions& o);

// Why the fuzzer will not attack this target, or nothing: only loopback
// addresses, unless the user says --allow-remote.
std::optional<std::string> refuse_target(const Url& url, bool allow_remote);

// "x/*" matches every signature starting "x/"; anything else matches exactly.
bool signature_matches(std::string_view pattern, std::string_view signature);

}  // namespace stompspec::fuzzer
