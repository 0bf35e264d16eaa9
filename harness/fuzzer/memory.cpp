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
    window_max_.push_back(current_max_);
    current_max_ = 0;
    window_start_ = t_s;
  }
  current_max_ = std::max(current_max_, rss_kb);
}

std::optional<std::string> GrowthDetector::check() {
  if (reported_ || o_.windows == 0 || window_max_.size() < o_.windows + 1) return std::nullopt;
  const std::size_t first = window_max_.size() - o_.windows - 1;
  for (std::size_t i = first + 1; i < window_max_.size(); ++i)
    if (window_max_[i] <= window_max_[i - 1]) return std::nullopt;
  const long growth = window_max_.back() - window_max_[first];
  if (growth < o_.threshold_kb) return std::nullopt;
  reported_ = true;
  return fmt::format("VmRSS rose in each of the last {} windows of {:.0f} s, {} MiB -> {} MiB (+{} MiB, threshold {} MiB)",
                     o_.windows, o_.window_s, window_max_[first] / 1024, window_max_.back() / 1024, growth / 1024,
                     o_.threshold_kb / 1024);
}

std::string GrowthDetector::csv() const {
  std::string out = "t_s,rss_kb\n";
  for (const auto& s : samples_) out += fmt::format("{:.1f},{}\n", s.t_s, s.rss_kb);
  return out;
}

}  // namespace stompspec::fuzzer
