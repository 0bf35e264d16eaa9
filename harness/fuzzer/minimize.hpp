#pragma once
// Shrinks a finding's writes: ddmin over whole writes, then over the lines
// of each remaining write, then over the octets of each line, every candidate
// replayed against the live broker and judged by the same oracle (each
// candidate once). Bounded by a number of replays and a time; "done" means
// the result is 1-minimal at each of those levels.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzzer/session_run.hpp"

namespace stompspec::fuzzer {

struct MinimizeBudget {
  std::size_t max_replays = 500;  // 1-minimal RabbitMQ findings took 207-394 (fuzz/LIVE.md)
  std::chrono::milliseconds max_time{120'000};
  std::function<bool()> cancelled;  // e.g. the broker did not come back between replays
};

// Replays writes; the result when the finding showed again, else nothing.
using Replay = std::function<std::optional<SessionResult>(const std::vector<std::string>&)>;

struct Minimized {
  std::vector<std::string> writes;    // the smallest reproducing writes (the input if it never reproduced)
  bool reproduced = false;            // the input itself reproduced when replayed
  std::size_t replays = 0;
  std::string stopped = "done";       // done, replay budget, time budget, not reproducible
  std::size_t writes_before = 0, bytes_before = 0, writes_after = 0, bytes_after = 0;
  std::optional<SessionResult> last;  // the replay that reproduced `writes`
};

Minimized minimize(const std::vector<std::string>& writes, const Replay& replay, const MinimizeBudget& budget);

// The length of the shortest prefix of writes that still shows the finding,
// by bisection (log2 n + 1 replays): its last write is the culprit. Nothing
// when the whole list does not reproduce. `replays` counts what it spent.
std::optional<std::size_t> shortest_prefix(const std::vector<std::string>& writes, const Replay& replay,
                                           std::size_t& replays);

std::size_t total_bytes(const std::vector<std::string>& writes);
// Octets cut after each LF and NUL, the pieces keeping them: joined again they are s.
std::vector<std::string> split_lines(std::string_view s);

}  // namespace stompspec::fuzzer
