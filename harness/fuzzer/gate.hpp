#pragma once
// Sessions run side by side (--sessions), but some work needs the broker
// alone: replays that name a culprit or minimise a finding (another session's
// traffic would change what they show), and bringing a dead broker back.
// The Gate lets any number of sessions in at once, or one exclusive holder;
// an exclusive request stops new sessions from entering and waits for the
// running ones to end (each is bounded by its own timeouts), so it cannot
// starve. Lock order: a caller never holds a shared pass while it waits for
// anything else of the run (triage, exclusive access).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "transport/url.hpp"

namespace stompspec::fuzzer {

// The broker under test, and how to bring it back after it died or hung.
// `url` and `generation` change only while the changer holds the Gate
// exclusively; sessions read them as they enter.
struct Broker {
  Url url;
  std::function<bool(Url&)> recover;  // false: it did not come back
  std::atomic<bool> down = false;     // a detection or a replay left it dead or hung
  std::uint64_t generation = 0;       // recoveries so far

  bool ensure_up() {
    if (!down) return true;
    if (!recover || !recover(url)) return false;
    down = false;
    ++generation;
    return true;
  }
};

class Gate {
 public:
  // Waits while someone has (or wants) the broker alone; returns its URL as of now.
  Url enter_shared(const Broker& b) {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !exclusive_ && wanted_ == 0; });
    ++running_;
    return b.url;
  }
  void leave_shared() {
    std::lock_guard<std::mutex> lock(m_);
    --running_;
    cv_.notify_all();
  }
  void enter_exclusive() {
    std::unique_lock<std::mutex> lock(m_);
    ++wanted_;
    cv_.wait(lock, [&] { return !exclusive_ && running_ == 0; });
    --wanted_;
    exclusive_ = true;
  }
  void leave_exclusive() {
    std::lock_guard<std::mutex> lock(m_);
    exclusive_ = false;
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int running_ = 0, wanted_ = 0;
  bool exclusive_ = false;
};

class Alone {  // RAII: the broker to oneself for a scope
 public:
  explicit Alone(Gate& g) : g_(g) { g_.enter_exclusive(); }
  ~Alone() { g_.leave_exclusive(); }
  Alone(const Alone&) = delete;
  Alone& operator=(const Alone&) = delete;

 private:
  Gate& g_;
};

}  // namespace stompspec::fuzzer
