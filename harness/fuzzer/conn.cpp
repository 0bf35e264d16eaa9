#include "fuzzer/conn.hpp"

#include <limits>

namespace stompspec::fuzzer {
namespace {
constexpr std::size_t kMaxLogged = 4 * 1024 * 1024;  // per connection
constexpr std::size_t kMaxEntry = 64 * 1024;
constexpr std::size_t kMaxEvents = 10'000;

// The fuzzer's reading of the broker (wire::ConnectionOptions): the parser
// follows CONNECTED's version itself. Otherwise it reads as the engine does,
// so that no finding rests on what a case would accept: an ERROR before
// CONNECTED may have the 1.0 form (a raw ':' in a value), and a frame cut
// short by a reset is not truncated by the broker (the reset may have
// destroyed its end: 1.2 Connection Lingering), only one an orderly close cut.
wire::ConnectionOptions options(TransportOptions opt, Limits limits) {
  wire::ConnectionOptions o;
  o.transport = std::move(opt);
  o.limits = limits;
  o.lenient_errors = true;
  o.version_from_connected = true;
  o.cut_frame = wire::ConnectionOptions::CutFrame::truncated_after_orderly_close;
  return o;
}
}  // namespace

// The log is capped so a flood cannot eat memory; passcodes are redacted.
Conn::Conn(std::string name, Url url, TransportOptions opt, Version v, Limits limits)
    : conn_(std::move(name), std::move(url), v, options(std::move(opt), limits),
            wire::TranscriptCaps{kMaxEntry, std::numeric_limits<std::size_t>::max(), kMaxLogged}) {}

double Conn::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(Clock::now() - conn_.opened_at()).count();
}

std::error_code Conn::open(Millis timeout) { return conn_.open(timeout); }

std::error_code Conn::write(std::string_view octets, Millis timeout) {
  if (is_closed()) return make_error_code(TransportErrc::not_connected);
  auto ec = conn_.write(octets, timeout);
  if (ec && ec != TransportErrc::timed_out && ec != TransportErrc::not_connected) write_failure_ = ec.message();
  return ec;
}

bool Conn::read_once(Millis slice) {
  if (is_closed()) return false;
  conn_.read_once(slice);
  const std::string_view chunk = conn_.last_read();
  if (received_octets_.size() < kMaxLogged)
    received_octets_.append(chunk.substr(0, kMaxLogged - received_octets_.size()));
  while (auto in = conn_.next()) {
    // Heart-beats judge nothing, and a flood of frames must not eat memory:
    // past the cap only the count goes on.
    if (in->event.kind == ParseEvent::Kind::heartbeat) continue;
    if (events_.size() >= kMaxEvents) {
      ++dropped_events_;
      continue;
    }
    events_.push_back({elapsed_ms(), conn_.writes(), std::move(in->event)});
  }
  return !is_closed();
}

void Conn::pump(Millis quiet, Millis max) {
  const auto end = Clock::now() + max;
  auto last = Clock::now();
  std::size_t before = conn_.octets_received();
  while (!is_closed()) {
    const auto now = Clock::now();
    const auto stop = std::min(end, last + quiet);
    if (now >= stop) break;
    read_once(std::chrono::duration_cast<Millis>(stop - now) + Millis(1));
    if (conn_.octets_received() != before) {
      before = conn_.octets_received();
      last = Clock::now();
    }
  }
}

void Conn::poll() {
  // A broker that never stops sending must not keep us here: 20 ms at most.
  const auto end = Clock::now() + Millis(20);
  for (std::size_t before = conn_.octets_received() + 1; !is_closed() && conn_.octets_received() != before && Clock::now() < end;) {
    before = conn_.octets_received();
    read_once(Millis(0));
  }
}

}  // namespace stompspec::fuzzer
