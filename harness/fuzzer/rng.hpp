#pragma once
// The fuzzer's only source of randomness: one stream per session, derived
// from the run seed and the session number, so session 1234 of seed 7 is the
// same whenever it runs and whatever ran before it. Ranges use plain modulo
// rather than the <random> distributions, whose output the standard leaves
// to each library: a seed must mean the same frames under g++ and clang.
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace stompspec::fuzzer {

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) : gen_(mix(mix(seed) ^ (stream * 0x9E3779B97F4A7C15ULL + 1))) {}

  std::uint64_t next() { return gen_(); }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(gen_() % n); }
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool chance(unsigned percent) { return below(100) < percent; }

  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
  template <typename T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }

  std::string text(std::size_t n, std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") {
    std::string s(n, ' ');
    for (auto& c : s) c = alphabet[below(alphabet.size())];
    return s;
  }

 private:
  // splitmix64: spreads nearby seeds (1, 2, 3...) far apart.
  static std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  }
  std::mt19937_64 gen_;
};

}  // namespace stompspec::fuzzer
