#pragma once
// Wall-clock stamps for reports and profiles, and elapsed time for
// transcripts and durations: one spelling of each, used everywhere.
#include <chrono>
#include <string>

namespace stompspec::clock {

using Steady = std::chrono::steady_clock;

// "2026-12-02T05:28:47Z": now, UTC, to the second (ISO 8601).
std::string utc_timestamp();
// "2026-12-02": today, UTC.
std::string utc_date();
// Milliseconds from since to now, fractional.
double ms_since(Steady::time_point since);

}  // namespace stompspec::clock
