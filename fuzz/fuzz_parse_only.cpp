// Measuring only, like fuzz_empty: the parser alone over an input, with no
// check and nothing serialised. Its exec/s bounds what any frame target can
// reach in this build (bench/README.md, fuzz_speed.sh): under ASan, UBSan and
// libFuzzer's compare tracing the parse itself is a small share of the time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/parser.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stompspec;
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  Parser p(setup.version, setup.peer, setup.limits);
  p.feed(std::string_view(reinterpret_cast<const char*>(data) + fuzz::kPrefix, size - fuzz::kPrefix));
  p.finish();
  ParseEvent e;
  while (p.next(e)) {
  }
  return 0;
}
