#pragma once
// Shared by the frame fuzz targets: how the first input octets choose the
// parser's setup, and the invariants every event stream must keep.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/frame_rules.hpp"
#include "codec/parser.hpp"

// A failed invariant is a finding: say which, then abort so libFuzzer (or the
// replay runner) keeps the input.
#define FUZZ_REQUIRE(cond)                                                           \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

namespace stompspec::fuzz {

// Every frame target reads a 4-octet prefix before the stream, so the custom
// mutator can keep it apart from the STOMP octets it restructures.
inline constexpr std::size_t kPrefix = 4;

struct Setup {
  Version version = Version::v1_2;
  Peer peer = Peer::any;
  Limits limits;
  std::uint8_t extra[kPrefix - 1] = {};  // target-specific (split points, ...)
};

// Octet 0: version (mod 3), peer (/3 mod 3), limits preset (/9 mod 3).
inline Setup read_setup(const std::uint8_t* data) {
  Setup s;
  s.version = static_cast<Version>(data[0] % 3);
  s.peer = static_cast<Peer>((data[0] / 3) % 3);
  switch ((data[0] / 9) % 3) {
    case 0: break;  // the defaults
    case 1: s.limits = {512, 8, 64}; break;
    default: s.limits = {64, 2, 16}; break;
  }
  for (std::size_t i = 1; i < kPrefix; ++i) s.extra[i - 1] = data[i];
  return s;
}

// An event and the version in force when next() returned it.
struct Seen {
  ParseEvent event;
  Version version;
};

// After a CONNECTED frame naming a version, later frames are parsed at that
// version, as a harness would.
inline void follow_version(Parser& p, const ParseEvent& e) {
  if (e.kind == ParseEvent::Kind::frame && e.frame.command == "CONNECTED") {
    if (const std::string* ver = e.frame.find("version")) {
      if (auto parsed = parse_version(*ver)) p.set_version(*parsed);
    }
  }
}

// Drains the parser the way a harness would, appending to `out`.
inline void drain(Parser& p, std::vector<Seen>& out) {
  while (auto e = p.next()) {
    const Version v = p.version();
    follow_version(p, *e);
    out.push_back({std::move(*e), v});
  }
}

// A parser and the events of one input. The parser hands each event's
// buffers to its place in the pool (next(ParseEvent&)). It lives for one
// input only: kept from one input to the next, its buffers would grow during
// some runs, and a run that allocates more than it frees makes libFuzzer run
// the input again and then a full LeakSanitizer pass over the heap, which
// cost more than the allocations saved (seen: exec/s fell to 40 %).
struct Scratch {
  Parser parser;
  std::vector<Seen> pool;  // pool[0, size) are the events
  std::size_t size = 0;

  explicit Scratch(const Setup& s) : parser(s.version, s.peer, s.limits) {
    pool.reserve(16);  // not 1, 2, 4, 8, 16, each a move of every event so far
  }
  std::span<const Seen> events() const { return {pool.data(), size}; }
  // The same as drain(), into the pool after the first `size` events.
  void drain() {
    for (;;) {
      if (size == pool.size()) pool.emplace_back();
      Seen& s = pool[size];
      if (!parser.next(s.event)) return;
      s.version = parser.version();
      follow_version(parser, s.event);
      ++size;
    }
  }
};

// The whole stream in one feed, into a fresh `scratch`.
inline std::span<const Seen> parse_stream(std::string_view stream, Scratch& scratch) {
  Parser& p = scratch.parser;
  p.feed(stream);
  p.finish();
  scratch.drain();
  FUZZ_REQUIRE(p.buffered() == 0);
  FUZZ_REQUIRE(p.consumed() == stream.size());
  return scratch.events();
}

// What any event stream must satisfy, whatever the input.
inline void check_events(std::string_view stream, std::span<const Seen> events,
                         Peer peer = Peer::any) {
  std::size_t end = 0;
  for (const Seen& s : events) {
    const ParseEvent& e = s.event;
    FUZZ_REQUIRE(e.offset >= end);  // in order, never overlapping
    FUZZ_REQUIRE(e.offset <= stream.size() && e.raw.size() <= stream.size() - e.offset);
    FUZZ_REQUIRE(stream.substr(e.offset, e.raw.size()) == e.raw);  // raw is the wire octets
    FUZZ_REQUIRE(e.raw.size() <= 64 * 1024);
    end = e.offset + e.raw.size();
    switch (e.kind) {
      case ParseEvent::Kind::heartbeat:
        FUZZ_REQUIRE(e.raw == "\n" || (e.raw == "\r\n" && s.version == Version::v1_2));
        FUZZ_REQUIRE(e.violations.empty() && e.frame == Frame{});
        break;
      case ParseEvent::Kind::malformed: FUZZ_REQUIRE(!e.violations.empty()); break;
      case ParseEvent::Kind::frame: {  // ends with its NUL, unless raw was capped
        FUZZ_REQUIRE(e.raw.size() == 64 * 1024 || (!e.raw.empty() && e.raw.back() == '\0'));
        // A valid first content-length is exactly the body's size.
        const std::string* cl = e.frame.find("content-length");
        if (cl) {
          if (auto n = detail::parse_content_length(*cl)) FUZZ_REQUIRE(e.frame.body.size() == *n);
        }
        // A clean frame has a command of this version that its peer may send.
        if (e.violations.empty()) {
          const std::string& c = e.frame.command;
          FUZZ_REQUIRE(detail::command_defined(c, s.version));
          FUZZ_REQUIRE(peer != Peer::server || is_server_command(c));
          FUZZ_REQUIRE(peer != Peer::client || is_client_command(c));
        }
        break;
      }
    }
    // Built once, not once per event: under ASan every allocation counts.
    static const std::string prefixes[] = {"STOMP 1.0 ", "STOMP 1.1 ", "STOMP 1.2 "};
    const std::string& prefix = prefixes[static_cast<int>(s.version)];
    for (const Violation& v : e.violations) {
      FUZZ_REQUIRE(!v.what.empty());
      FUZZ_REQUIRE(v.rule.size() > prefix.size() && v.rule.compare(0, prefix.size(), prefix) == 0);
      FUZZ_REQUIRE(v.offset >= e.offset && v.offset <= stream.size());
    }
  }
}

}  // namespace stompspec::fuzz
