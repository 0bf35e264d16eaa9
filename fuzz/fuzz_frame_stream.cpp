// The same octets fed in pieces (cut where the input's prefix says) give
// exactly the events of a one-piece feed, and between feeds the parser holds
// no more than one frame's worth of octets.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

using namespace stompspec;

bool same(const fuzz::Seen& a, const fuzz::Seen& b) {
  const ParseEvent &x = a.event, &y = b.event;
  return a.version == b.version && x.kind == y.kind && x.frame == y.frame &&
         x.violations == y.violations && x.offset == y.offset && x.raw == y.raw;
}

std::vector<fuzz::Seen> parse_pieces(std::string_view stream, const fuzz::Setup& s,
                                     const std::vector<std::size_t>& cuts) {
  Parser p(s.version, s.peer, s.limits);
  std::vector<fuzz::Seen> out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    p.feed(stream.substr(from, cut - from));
    fuzz::drain(p, out);
    // A partial frame is shorter than the frame limit, or it would be out.
    FUZZ_REQUIRE(p.buffered() <= s.limits.max_frame_size);
    from = cut;
  }
  p.feed(stream.substr(from));
  fuzz::drain(p, out);
  p.finish();
  fuzz::drain(p, out);
  FUZZ_REQUIRE(p.consumed() == stream.size());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  const std::string_view stream(reinterpret_cast<const char*>(data) + fuzz::kPrefix,
                                size - fuzz::kPrefix);
  const auto whole = fuzz::parse_stream(stream, setup);

  // Prefix octet 1: how many cuts (low 4 bits) and whether to also go octet
  // by octet (high bit); octets 2-3 seed where the cuts fall.
  std::vector<std::size_t> cuts;
  std::uint32_t x = (std::uint32_t{setup.extra[1]} << 8 | setup.extra[2]) + 1;
  for (int i = 0; i < (setup.extra[0] & 0x0F) && !stream.empty(); ++i) {
    x = x * 1103515245u + 12345u;
    cuts.push_back((x >> 8) % (stream.size() + 1));
  }
  std::sort(cuts.begin(), cuts.end());
  auto check = [&](const std::vector<std::size_t>& c) {
    const auto pieces = parse_pieces(stream, setup, c);
    FUZZ_REQUIRE(pieces.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) FUZZ_REQUIRE(same(pieces[i], whole[i]));
  };
  check(cuts);
  if ((setup.extra[0] & 0x80) && stream.size() <= 1024) {
    std::vector<std::size_t> every;
    for (std::size_t i = 1; i < stream.size(); ++i) every.push_back(i);
    check(every);
  }
  return 0;
}
