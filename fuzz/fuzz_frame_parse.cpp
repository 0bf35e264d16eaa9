// Arbitrary octets into the parser at every version, peer and limit preset
// (chosen by the first input octet): it must not crash, and every event and
// violation must be well formed (see check_events).
#include <cstdint>
#include <string_view>

#include "codec/serializer.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stompspec;
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  const std::string_view stream(reinterpret_cast<const char*>(data) + fuzz::kPrefix,
                                size - fuzz::kPrefix);
  fuzz::Scratch scratch(setup);
  const auto events = fuzz::parse_stream(stream, scratch);
  fuzz::check_events(stream, events, setup.peer);
  // Whatever was parsed, including partial frames, must serialise.
  std::string wire;
  for (const auto& s : events) {
    serialize(s.event.frame, s.version, {}, wire);
    FUZZ_REQUIRE(!wire.empty() && wire.find('\0') != std::string::npos);
  }
  return 0;
}
