// parse -> serialize -> parse gives the same frame, for every frame that
// parsed without a violation, in each way the serializer can write it.
#include <array>
#include <cstdint>
#include <string_view>

#include "codec/serializer.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace stompspec;

// One input's frames are checked with one parser and event (its buffers
// reused from one check to the next), not kept across inputs (see Scratch).
struct Reuse {
  Parser parser;
  ParseEvent event;
  std::string wire;
  std::string length;
};

// `got` is `f`, plus a content-length of the body's size last if `added`.
bool same_frame(const Frame& got, const Frame& f, bool added, const std::string& length) {
  if (got.command != f.command || got.body != f.body) return false;
  if (got.headers.size() != f.headers.size() + (added ? 1 : 0)) return false;
  if (!std::equal(f.headers.begin(), f.headers.end(), got.headers.begin())) return false;
  return !added || (got.headers.back().name == "content-length" && got.headers.back().value == length);
}

void round_trip(const Frame& f, Version v, Reuse& r) {
  using CL = SerializeOptions::ContentLength;
  static const auto ways = [] {
    std::array<SerializeOptions, 4> w{};
    w[0].content_length = CL::never;
    w[1].content_length = CL::always;
    w[1].trailing_eol = true;
    w[2].content_length = CL::never;
    w[3] = w[2];
    w[3].eol = Eol::crlf;  // CR LF is an EOL from 1.2 on only: w[2] stands in before
    return w;
  }();
  for (int i = 0; i < 3; ++i) {
    const SerializeOptions& o = ways[i == 2 && v == Version::v1_2 ? 3 : i];
    const bool added = o.content_length == CL::always && !f.has("content-length");
    if (added) r.length = std::to_string(f.body.size());
    serialize(f, v, o, r.wire);
    Parser& p = r.parser;
    p.reset(v);  // default limits: CR LF lines may outgrow a tight preset
    p.feed(r.wire);
    p.finish();
    FUZZ_REQUIRE(p.next(r.event));
    FUZZ_REQUIRE(r.event.kind == ParseEvent::Kind::frame);
    FUZZ_REQUIRE(r.event.violations.empty());
    FUZZ_REQUIRE(same_frame(r.event.frame, f, added, r.length));
    if (o.trailing_eol) {
      FUZZ_REQUIRE(p.next(r.event) && r.event.kind == ParseEvent::Kind::heartbeat);
    }
    FUZZ_REQUIRE(!p.next(r.event));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  const std::string_view stream(reinterpret_cast<const char*>(data) + fuzz::kPrefix,
                                size - fuzz::kPrefix);
  fuzz::Scratch scratch(setup);
  Reuse reuse;
  for (const auto& s : fuzz::parse_stream(stream, scratch)) {
    if (s.event.kind == ParseEvent::Kind::frame && s.event.violations.empty()) {
      round_trip(s.event.frame, s.version, reuse);
    }
  }
  return 0;
}
