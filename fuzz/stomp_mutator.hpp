#pragma once
// A grammar-aware mutator for the frame targets: it parses the input into
// frames, changes commands, headers, escapes, content-length, EOLs and NULs
// as structures, and serialises the result, so the fuzzer spends its time on
// nearly-valid streams instead of on octets the parser rejects at once.
#include <cstddef>
#include <cstdint>

// libFuzzer's own byte-level mutator (the replay runner supplies a simple one).
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace stompspec::fuzz {

// Mutates data[0, size) in place into at most max_size octets and returns the
// new size. The same seed gives the same result for the same input and the
// same previous call: when the input is the previous call's result, the
// frames behind it are reused instead of parsed again. The first kPrefix octets
// (the target's setup) are kept apart from the STOMP stream that follows.
std::size_t stomp_mutate(std::uint8_t* data, std::size_t size, std::size_t max_size,
                         unsigned seed);

}  // namespace stompspec::fuzz
