// Throughput and peak memory of the frame codec on the shapes the harness and
// the fuzzers meet: a stream of ordinary MESSAGE frames fed whole, in network-
// sized pieces and octet by octet (the incremental parser must not rescan),
// one large body behind content-length, and serialisation with escaping.
// Prints the median of several repetitions; see bench/README.md.
//   codec_bench [REPS] [PHASE ...]   phases: chunk chunk-optional pieces octets big serialize
// One phase with REPS=1 under `valgrind --tool=callgrind` gives instruction
// counts, which unlike times do not depend on what else the machine runs.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "codec/parser.hpp"
#include "codec/serializer.hpp"

namespace {

using namespace stompspec;
using Clock = std::chrono::steady_clock;

Frame sample_message(int i) {
  Frame f{"MESSAGE", {}, {}};
  f.add("subscription", "sub-0");
  f.add("message-id", "T_sub-0@@session-9Hh2vQ@@" + std::to_string(i));
  f.add("destination", "/queue/stompspec-bench");
  f.add("content-type", "application/json");
  f.add("x-note", "line:with\\escapes\nand a colon");  // escaped on the wire at 1.2
  f.body = R"({"dialog":"bench","seq":)" + std::to_string(i) + R"(,"text":"hello from the broker"})";
  return f;
}

// Median seconds of `reps` runs of fn.
double median_s(int reps, const std::function<void()>& fn) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto a = Clock::now();
    fn();
    t.push_back(std::chrono::duration<double>(Clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Parses `wire` fed in pieces of `piece` octets (0: all at once); returns
// frames seen. Events come through next(ParseEvent&), one event reused as a
// reader that handles each event before the next would; with `own_events`,
// through the std::optional next(), a new event each.
std::size_t parse(const std::string& wire, std::size_t piece, bool own_events = false) {
  Parser p(Version::v1_2, Peer::server);
  std::size_t frames = 0;
  ParseEvent ev;
  auto drain = [&] {
    if (own_events) {
      while (auto e = p.next())
        if (e->kind == ParseEvent::Kind::frame && e->violations.empty()) ++frames;
      return;
    }
    while (p.next(ev))
      if (ev.kind == ParseEvent::Kind::frame && ev.violations.empty()) ++frames;
  };
  if (piece == 0) {
    p.feed(wire);
    drain();
  } else {
    for (std::size_t i = 0; i < wire.size(); i += piece) {
      p.feed(std::string_view(wire).substr(i, piece));
      drain();
    }
  }
  return frames;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

void row(const char* what, double bytes, double frames, double s) {
  std::printf("%-44s %10.1f MB/s %12.0f frames/s\n", what, bytes / s / 1e6, frames / s);
}

// One 16 MiB body behind content-length, and how much memory parsing it takes.
int big_phase(int reps) {
  Frame big{"MESSAGE", {}, std::string(16 << 20, 'x')};
  big.add("destination", "/queue/big");
  big.add("subscription", "s");
  big.add("message-id", "1");
  big.body[1000] = '\0';  // content-length decides where the body ends
  const std::string big_wire = serialize(big, Version::v1_2);
  const long rss_before = peak_rss_kib();
  std::size_t got = 0;
  row("parse, one 16 MiB body, 64-KiB pieces", static_cast<double>(big_wire.size()), 1,
      median_s(reps, [&] { got = parse(big_wire, 64 << 10); }));
  if (got != 1) return std::fprintf(stderr, "the 16 MiB frame did not parse\n"), 1;
  std::printf("%-44s %10ld KiB over the %zu KiB input\n", "peak RSS growth while parsing it", peak_rss_kib() - rss_before,
              big_wire.size() / 1024);

  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::vector<std::string> phases(argv + std::min(argc, 2), argv + argc);
  auto want = [&](const char* phase) { return phases.empty() || std::find(phases.begin(), phases.end(), phase) != phases.end(); };
  const int n = 20'000;
  std::string wire;
  for (int i = 0; i < n; ++i) wire += serialize(sample_message(i), Version::v1_2);
  const double mb = static_cast<double>(wire.size());
  std::printf("codec_bench: %d MESSAGE frames, %.0f octets (%.1f MiB), median of %d runs\n", n, mb, mb / (1 << 20), reps);

  std::size_t got = 0;
  if (want("chunk")) {
    row("parse, one chunk", mb, n, median_s(reps, [&] { got = parse(wire, 0); }));
    if (got != static_cast<std::size_t>(n)) return std::fprintf(stderr, "parsed %zu of %d frames\n", got, n), 1;
  }
  if (want("chunk-optional")) {
    row("parse, one chunk, an event of its own each", mb, n, median_s(reps, [&] { got = parse(wire, 0, true); }));
    if (got != static_cast<std::size_t>(n)) return std::fprintf(stderr, "parsed %zu of %d frames\n", got, n), 1;
  }
  if (want("pieces"))
    row("parse, 1460-octet pieces (TCP segments)", mb, n, median_s(reps, [&] { got = parse(wire, 1460); }));
  if (want("octets")) {
    const std::string slice = wire.substr(0, wire.size() / 10);  // octet by octet is slow by nature
    row("parse, octet by octet (1/10 of the stream)", static_cast<double>(slice.size()), static_cast<double>(n) / 10,
        median_s(reps, [&] { got = parse(slice, 1); }));
  }
  if (want("big") && big_phase(reps) != 0) return 1;
  if (!want("serialize")) return 0;

  std::vector<Frame> frames;
  for (int i = 0; i < n; ++i) frames.push_back(sample_message(i));
  std::size_t out = 0;
  row("serialize, 1.2 escaping", mb, n, median_s(reps, [&] {
        for (const auto& f : frames) out += serialize(f, Version::v1_2).size();
      }));
  return out == 0;
}
