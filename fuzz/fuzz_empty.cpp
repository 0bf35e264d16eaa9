// Does nothing: its exec/s, built like the real targets, is the ceiling they
// are measured against (fuzz/README.md).
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }
