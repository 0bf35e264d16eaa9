#include "fuzzer/memory.hpp"

#include <fstream>

#include <fmt/format.h>

namespace stompspec::fuzzer {

std::optional<long> read_rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    try {
      return std::stol(line.substr(6));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void GrowthDetector::add(double t_s, long rss_kb) {
  samples_.push_back({t_s, rss_kb});
  if (window_start_ < 0) window_start_ = t_s;
  if (t_s - window_start_ >= o_.window_s) {
    window_min_.push_back(current_min_);
    current_min_ = -1;
    window_start_ = t_s;
  }
  current_min_ = current_min_ < 0 ? rss_kb : std::min(current_min_, rss_kb);
}

std::optional<std::string> GrowthDetector::check() {
  if (reported_ || o_.windows == 0 || window_min_.size() < o_.windows + 1) return std::nullopt;
  const std::size_t first = window_min_.size() - o_.windows - 1;
  for (std::size_t i = first + 1; i < window_min_.size(); ++i)
    if (window_min_[i] <= window_min_[i - 1]) return std::nullopt;
  const long growth = window_min_.back() - window_min_[first];
  if (growth < o_.threshold_kb) return std::nullopt;
  reported_ = true;
  return fmt::format("the VmRSS floor rose in each of the last {} windows of {:.0f} s, {} MiB -> {} MiB (+{} MiB, threshold {} MiB)",
                     o_.windows, o_.window_s, window_min_[first] / 1024, window_min_.back() / 1024, growth / 1024,
                     o_.threshold_kb / 1024);
}

std::string GrowthDetector::csv() const {
  std::string out = "t_s,rss_kb\n";
  for (const auto& s : samples_) out += fmt::format("{:.1f},{}\n", s.t_s, s.rss_kb);
  return out;
}

}  // namespace stompspec::fuzzer
