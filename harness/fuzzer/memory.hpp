#pragma once
// The memory oracle: the broker's resident set (VmRSS of /proc/PID/status),
// sampled about once a second, flags growth that keeps going. A fuzz run
// fills caches and queues at first, so one rise is not a leak; and a garbage
// collected broker swings between floor and peak (RabbitMQ under fuzzing:
// 300 MiB to 2 GiB and back), so peaks say little. What counts is the floor:
// the lowest sample of each window rising in every one of several
// consecutive windows, by more than a threshold in all.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace stompspec::fuzzer {

std::optional<long> read_rss_kb(int pid);  // nothing if the process or the field is gone

struct GrowthOptions {
  double window_s = 30;        // samples are grouped into windows this long
  std::size_t windows = 4;     // how many consecutive rising windows it takes
  long threshold_kb = 100 * 1024;  // and how much they must add up to
};

struct Sample {
  double t_s = 0;
  long rss_kb = 0;
};

class GrowthDetector {
 public:
  explicit GrowthDetector(GrowthOptions o = {}) : o_(o) {}
  void add(double t_s, long rss_kb);
  // The finding, once: "VmRSS rose in each of the last 4 windows of 30 s, 812 MiB -> 1210 MiB".
  std::optional<std::string> check();
  const std::vector<Sample>& samples() const { return samples_; }
  std::string csv() const;

 private:
  GrowthOptions o_;
  std::vector<Sample> samples_;
  std::vector<long> window_min_;  // the lowest sample of each closed window
  long current_min_ = -1;
  double window_start_ = -1;
  bool reported_ = false;
};

}  // namespace stompspec::fuzzer
