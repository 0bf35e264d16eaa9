// parse -> serialize -> parse gives the same frame, for every frame that
// parsed without a violation, in each way the serializer can write it.
#include <array>
#include <cstdint>
#include <string_view>

#include "codec/serializer.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace stompspec;

void round_trip(const Frame& f, Version v) {
  using CL = SerializeOptions::ContentLength;
  std::array<SerializeOptions, 3> ways{};
  ways[0].content_length = CL::never;
  ways[1].content_length = CL::always;
  ways[1].trailing_eol = true;
  ways[2].content_length = CL::never;
  if (v == Version::v1_2) ways[2].eol = Eol::crlf;  // CR LF is an EOL from 1.2 on only
  for (const SerializeOptions& o : ways) {
    Frame want = f;
    if (o.content_length == CL::always && !f.has("content-length")) {
      want.add("content-length", std::to_string(f.body.size()));
    }
    Parser p(v);  // default limits: CR LF lines may outgrow a tight preset
    p.feed(serialize(f, v, o));
    p.finish();
    auto first = p.next();
    FUZZ_REQUIRE(first.has_value());
    FUZZ_REQUIRE(first->kind == ParseEvent::Kind::frame);
    FUZZ_REQUIRE(first->violations.empty());
    FUZZ_REQUIRE(first->frame == want);
    if (o.trailing_eol) {
      auto eol = p.next();
      FUZZ_REQUIRE(eol.has_value() && eol->kind == ParseEvent::Kind::heartbeat);
    }
    FUZZ_REQUIRE(!p.next().has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < fuzz::kPrefix) return 0;
  const fuzz::Setup setup = fuzz::read_setup(data);
  const std::string_view stream(reinterpret_cast<const char*>(data) + fuzz::kPrefix,
                                size - fuzz::kPrefix);
  for (const auto& s : fuzz::parse_stream(stream, setup)) {
    if (s.event.kind == ParseEvent::Kind::frame && s.event.violations.empty()) {
      round_trip(s.event.frame, s.version);
    }
  }
  return 0;
}
