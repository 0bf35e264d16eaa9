#pragma once
// Delta debugging (Zeller and Hildebrandt's ddmin): the smallest sublist of
// `items` (1-minimal: no single element can go) for which `fails` still
// holds. `fails` is a replay against the live broker, so it is costly and
// `stop` ends the search early; what was found by then is returned.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

namespace stompspec::fuzzer {

template <typename T>
std::vector<T> ddmin(std::vector<T> items, const std::function<bool(const std::vector<T>&)>& fails,
                     const std::function<bool()>& stop) {
  std::size_t n = 2;
  while (items.size() >= 2 && !stop()) {
    n = std::min(n, items.size());
    std::vector<std::size_t> bounds;  // chunk i is [bounds[i], bounds[i+1])
    for (std::size_t i = 0; i <= n; ++i) bounds.push_back(i * items.size() / n);
    auto slice = [&](std::size_t i, bool complement) {
      std::vector<T> out;
      for (std::size_t k = 0; k < items.size(); ++k) {
        const bool inside = k >= bounds[i] && k < bounds[i + 1];
        if (inside != complement) out.push_back(items[k]);
      }
      return out;
    };
    bool reduced = false;
    // Removing one chunk first: most octets of a fuzz case are irrelevant.
    for (std::size_t i = 0; i < n && !reduced && !stop(); ++i) {
      auto candidate = slice(i, true);
      if (!candidate.empty() && fails(candidate)) {
        items = std::move(candidate);
        n = std::max<std::size_t>(n - 1, 2);
        reduced = true;
      }
    }
    // With two chunks each complement is the other chunk: already tried.
    for (std::size_t i = 0; n > 2 && i < n && !reduced && !stop(); ++i) {
      auto candidate = slice(i, false);
      if (fails(candidate)) {
        items = std::move(candidate);
        n = 2;
        reduced = true;
      }
    }
    if (reduced) continue;
    if (n >= items.size()) break;
    n = std::min(2 * n, items.size());
  }
  return items;
}

}  // namespace stompspec::fuzzer
