#include "runner/ordered_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace stompspec {

void run_ordered(const PoolItems& items, int jobs) {
  if (jobs <= 1 || items.count <= 1) {
    for (std::size_t i = 0; i < items.count; ++i) {
      items.work(i);
      items.emit(i);
    }
    return;
  }
  std::mutex m;
  std::condition_variable cv;
  std::vector<char> done(items.count, 0);
  std::size_t next = 0;
  int running = 0;
  int alone_waiting = 0;  // items that must run alone have been taken: start nothing else
  bool alone_running = false;

  auto worker = [&] {
    std::unique_lock lock(m);
    while (next < items.count) {
      const std::size_t i = next++;
      const bool alone = items.alone && items.alone(i);
      if (alone) {
        ++alone_waiting;
        cv.wait(lock, [&] { return running == 0 && !alone_running; });
        --alone_waiting;
        alone_running = true;
      } else {
        cv.wait(lock, [&] { return alone_waiting == 0 && !alone_running; });
      }
      ++running;
      lock.unlock();
      items.work(i);
      lock.lock();
      --running;
      if (alone) alone_running = false;
      done[i] = 1;
      cv.notify_all();
    }
  };
  const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(jobs), items.count));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) threads.emplace_back(worker);
  for (std::size_t i = 0; i < items.count; ++i) {
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return done[i] != 0; });
    }
    items.emit(i);
  }
  for (auto& t : threads) t.join();
}

}  // namespace stompspec
