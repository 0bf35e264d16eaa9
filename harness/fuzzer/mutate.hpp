#pragma once
// The mutations: structural ones on a WireFrame (commands, header names and
// values, escapes, content-length, line ends, NULs, sizes) and byte ones on
// rendered octets (flip, insert, delete, truncate, duplicate). Each has a
// stable kebab-case name: it is part of a finding's signature.
#include <cstddef>
#include <string>
#include <vector>

#include "codec/frame.hpp"
#include "fuzzer/rng.hpp"
#include "fuzzer/wire.hpp"

namespace stompspec::fuzzer {

struct MutateOptions {
  std::size_t max_value = 64 * 1024;  // the largest header value, and a quarter of the largest body
  std::size_t max_headers = 2000;     // the most headers headers-many adds
};

struct Applied {
  std::string name;         // "content-length-huge"
  bool framing_ok = true;   // a parser still finds the frame's end where the generator put it
};

// One structural mutation, chosen by rng, applied to w.
Applied mutate_frame(WireFrame& w, Version v, Rng& rng, const MutateOptions& o);
// One byte mutation of rendered octets; the frame's end is no longer trusted.
Applied mutate_bytes(std::string& octets, Rng& rng);

// Every name either function can return, for documentation and tests.
const std::vector<std::string>& mutation_names();

}  // namespace stompspec::fuzzer
