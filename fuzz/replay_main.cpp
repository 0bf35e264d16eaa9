// Without libFuzzer (g++, or a plain build), each target is linked with this
// main: it runs LLVMFuzzerTestOneInput once on every file named, or found
// under a folder named, so the corpus is a regression suite. With
// -mutate_runs=N it also feeds each input through the custom mutator N times
// (when the target has one), a short fuzz run without the fuzzing engine.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" __attribute__((weak)) std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                                                     std::size_t max_size, unsigned seed);

namespace {
std::minstd_rand byte_rng(1);
}

// Stands in for libFuzzer's byte mutator, which the custom mutator falls back
// on: flip, insert or erase one octet.
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size) {
  const unsigned op = byte_rng() % 3;
  if (op == 0 && size > 0) {
    data[byte_rng() % size] ^= static_cast<std::uint8_t>(1u << (byte_rng() % 8));
  } else if (op == 1 && size < max_size) {
    const std::size_t at = byte_rng() % (size + 1);
    std::memmove(data + at + 1, data + at, size - at);
    data[at] = static_cast<std::uint8_t>(byte_rng());
    ++size;
  } else if (size > 0) {
    const std::size_t at = byte_rng() % size;
    std::memmove(data + at, data + at + 1, size - at - 1);
    --size;
  }
  return size;
}

namespace {

std::vector<std::uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::vector<std::uint8_t>& input, unsigned mutate_runs) {
  LLVMFuzzerTestOneInput(input.data(), input.size());
  if (mutate_runs == 0 || LLVMFuzzerCustomMutator == nullptr) return;
  const std::size_t max_size = std::max<std::size_t>(4096, input.size());
  std::vector<std::uint8_t> buf(max_size);
  std::size_t size = 0;
  for (unsigned r = 0; r < mutate_runs; ++r) {
    if (r % 8 == 0) {  // chains of eight mutations, each from the seed again
      std::copy(input.begin(), input.end(), buf.begin());
      size = input.size();
    }
    size = LLVMFuzzerCustomMutator(buf.data(), size, max_size, r * 2654435761u + 7);
    if (size > max_size) {
      std::fprintf(stderr, "custom mutator returned %zu > max %zu\n", size, max_size);
      std::abort();
    }
    LLVMFuzzerTestOneInput(buf.data(), size);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  unsigned mutate_runs = 0;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("-mutate_runs=", 0) == 0) {
      mutate_runs = static_cast<unsigned>(std::stoul(arg.substr(13)));
      continue;
    }
    if (!arg.empty() && arg[0] == '-') continue;  // a libFuzzer flag: meaningless here
    if (std::filesystem::is_directory(arg)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else {
      files.emplace_back(arg);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (!std::filesystem::is_regular_file(f)) {
      std::fprintf(stderr, "no such input: %s\n", f.c_str());
      return 2;
    }
    std::fprintf(stderr, "running %s\n", f.c_str());
    run(read_file(f), mutate_runs);
  }
  if (files.empty()) {
    std::fprintf(stderr, "no inputs given: a replay that runs nothing proves nothing\n");
    return 2;
  }
  std::fprintf(stderr, "replayed %zu input(s)%s\n", files.size(), mutate_runs ? " with mutations" : "");
  return 0;
}
