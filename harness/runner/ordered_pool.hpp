#pragma once
// Runs numbered items on several threads and hands them back in number
// order, so a parallel run reports exactly as a sequential one would.
#include <cstddef>
#include <functional>

namespace stompspec {

struct PoolItems {
  std::size_t count = 0;
  std::function<bool(std::size_t)> alone;  // runs with nothing else running (timing-sensitive work)
  std::function<void(std::size_t)> work;   // on a worker thread; must not throw
  std::function<void(std::size_t)> emit;   // on the calling thread, in index order, once items 0..i are done
};

// jobs <= 1 runs everything on the calling thread: work(i), emit(i), in order.
void run_ordered(const PoolItems& items, int jobs);

}  // namespace stompspec
