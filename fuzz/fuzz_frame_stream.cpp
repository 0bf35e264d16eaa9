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

// Feeds the stream cut before each offset in `cuts` (ascending; each <= the
// stream's size), or octet by octet if `every`.
std::span<const fuzz::Seen> parse_pieces(std::string_view stream, const fuzz::Setup& s,
                                         const std::vector<std::size_t>& cuts, bool every,
                                         fuzz::Scratch& scratch) {
  Parser& p = scratch.parser;
  std::size_t from = 0;
  auto piece = [&](std::size_t cut) {
    p.feed(stream.substr(from, cut - from));
    scratch.drain();
    // A partial frame is shorter than the frame limit, or it would be out.
    FUZZ_REQUIRE(p.buffered() <= s.limits.max_frame_size);
    from = cut;
  };
  if (every) {
    for (std::size_t i = 1; i < stream.size(); ++i) piece(i);
  } else {
    for (std::size_t cut : cuts) piece(cut);
  }
  p.feed(stream.substr(from));
  scratch.drain();
  p.finish();
  scratch.drain();
  FUZZ_REQUIRE(p.consumed() == stream.size());
  return scratch.events();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  const std::string_view stream(reinterpret_cast<const char*>(data) + fuzz::kPrefix,
                                size - fuzz::kPrefix);
  fuzz::Scratch whole_scratch(setup);
  const auto whole = fuzz::parse_stream(stream, whole_scratch);

  // Prefix octet 1: how many cuts (low 4 bits) and whether to also go octet
  // by octet (high bit); octets 2-3 seed where the cuts fall.
  std::vector<std::size_t> cuts;
  std::uint32_t x = (std::uint32_t{setup.extra[1]} << 8 | setup.extra[2]) + 1;
  for (int i = 0; i < (setup.extra[0] & 0x0F) && !stream.empty(); ++i) {
    x = x * 1103515245u + 12345u;
    cuts.push_back((x >> 8) % (stream.size() + 1));
  }
  std::sort(cuts.begin(), cuts.end());
  auto check = [&](bool every) {
    fuzz::Scratch pieces_scratch(setup);
    const auto pieces = parse_pieces(stream, setup, cuts, every, pieces_scratch);
    FUZZ_REQUIRE(pieces.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) FUZZ_REQUIRE(same(pieces[i], whole[i]));
  };
  check(false);
  if ((setup.extra[0] & 0x80) && stream.size() <= 1024) check(true);
  return 0;
}
