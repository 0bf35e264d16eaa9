#pragma once
// --rate: at most N frames a second over the whole run, spread evenly rather
// than in bursts. One limiter is shared by every connection of every
// concurrent session, so the limit is global: each frame takes the next free
// slot under a lock and waits for it outside the lock.
#include <chrono>
#include <mutex>
#include <thread>

namespace stompspec::fuzzer {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(double per_second = 0) : interval_(per_second > 0 ? 1.0 / per_second : 0) {}

  // Blocks until the next frame may go out; a limiter of 0 never blocks.
  // False (and no wait) when that slot lies past `end`: the run is over
  // before the frame could go out.
  bool acquire(Clock::time_point end = Clock::time_point::max()) {
    if (interval_.count() <= 0) return true;
    Clock::time_point slot;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto now = Clock::now();
      // After an idle spell (minimising, a probe) do not burst to catch up.
      if (next_ < now - std::chrono::seconds(1)) next_ = now;
      slot = std::max(next_, now);
      if (slot > end) return false;
      next_ = slot + std::chrono::duration_cast<Clock::duration>(interval_);
    }
    std::this_thread::sleep_until(slot);
    return true;
  }

 private:
  std::chrono::duration<double> interval_;
  std::mutex mutex_;
  Clock::time_point next_ = Clock::now();
};

}  // namespace stompspec::fuzzer
