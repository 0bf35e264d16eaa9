#pragma once
// --rate: at most N frames a second, spread evenly rather than in bursts.
#include <chrono>
#include <thread>

namespace stompspec::fuzzer {

class RateLimiter {
 public:
  explicit RateLimiter(double per_second = 0) : interval_(per_second > 0 ? 1.0 / per_second : 0) {}

  // Blocks until the next frame may go out; a limiter of 0 never blocks.
  void acquire() {
    if (interval_.count() <= 0) return;
    const auto now = Clock::now();
    // After an idle spell (minimising, a probe) do not burst to catch up.
    if (next_ < now - std::chrono::seconds(1)) next_ = now;
    if (next_ > now) std::this_thread::sleep_until(next_);
    next_ += std::chrono::duration_cast<Clock::duration>(interval_);
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::chrono::duration<double> interval_;
  Clock::time_point next_ = Clock::now();
};

}  // namespace stompspec::fuzzer
