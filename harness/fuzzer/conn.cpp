#include "fuzzer/conn.hpp"

#include <limits>

#include <fmt/format.h>

namespace stompspec::fuzzer {
namespace {
constexpr std::size_t kMaxLogged = 4 * 1024 * 1024;  // per connection
constexpr std::size_t kMaxEntry = 64 * 1024;
constexpr std::size_t kMaxEvents = 10'000;
}  // namespace

Conn::Conn(std::string name, Url url, TransportOptions opt, Version v, Limits limits)
    : name_(std::move(name)),
      url_(std::move(url)),
      opt_(std::move(opt)),
      parser_(v, Peer::server, limits),
      log_(transcript_, {kMaxEntry, std::numeric_limits<std::size_t>::max(), kMaxLogged}) {}

double Conn::elapsed_ms() const { return std::chrono::duration<double, std::milli>(Clock::now() - start_).count(); }

std::error_code Conn::open(Millis timeout) {
  start_ = Clock::now();
  log_.restart_clock();
  transport_ = make_transport(url_, opt_);
  if (auto ec = transport_->connect(timeout)) {
    closed_ = true;
    close_detail_ = ec.message();
    log_.event(name_, "cannot connect: " + ec.message());
    return ec;
  }
  log_.event(name_, "connected to " + url_.str());
  return {};
}

std::error_code Conn::write(std::string_view octets, Millis timeout) {
  if (closed_ || !transport_) return make_error_code(TransportErrc::not_connected);
  log_.sent(name_, octets);
  ++writes_;
  auto ec = transport_->write(octets, timeout);
  if (ec) {
    log_.event(name_, "write failed: " + ec.message());
    if (ec != TransportErrc::timed_out) {
      closed_ = true;
        close_detail_ = ec.message();
    }
  }
  return ec;
}

bool Conn::read_once(Millis slice) {
  if (closed_ || !transport_) return false;
  std::string chunk;
  auto ec = transport_->read(chunk, slice);
  if (!chunk.empty()) {
    received_ += chunk.size();
    if (received_octets_.size() < kMaxLogged) received_octets_.append(chunk, 0, kMaxLogged - received_octets_.size());
    log_.received(name_, chunk);
    parser_.feed(chunk);
  }
  if (ec && ec != TransportErrc::timed_out) {
    closed_ = true;
    close_detail_ = ec == TransportErrc::closed_by_peer ? "closed by the broker" : ec.message();
    if (auto reason = transport_->close_reason(); !reason.empty()) close_detail_ += ", " + reason;
    log_.event(name_, "connection closed: " + close_detail_);
    parser_.finish();
  }
  while (auto ev = parser_.next()) {
    // The next frames are read at the version CONNECTED names (none: 1.0).
    if (ev->kind == ParseEvent::Kind::frame && ev->frame.command == "CONNECTED") {
      const std::string* v = ev->frame.find("version");
      parser_.set_version(v ? parse_version(*v).value_or(parser_.version()) : Version::v1_0);
    }
    // Heart-beats judge nothing, and a flood of frames must not eat memory:
    // past the cap only the count goes on.
    if (ev->kind == ParseEvent::Kind::heartbeat) continue;
    if (events_.size() >= kMaxEvents) {
      ++dropped_events_;
      continue;
    }
    events_.push_back({elapsed_ms(), writes_, std::move(*ev)});
  }
  return !closed_ && (!ec || ec == TransportErrc::timed_out);
}

void Conn::pump(Millis quiet, Millis max) {
  const auto end = Clock::now() + max;
  auto last = Clock::now();
  std::size_t before = received_;
  while (!closed_) {
    const auto now = Clock::now();
    const auto stop = std::min(end, last + quiet);
    if (now >= stop) break;
    read_once(std::chrono::duration_cast<Millis>(stop - now) + Millis(1));
    if (received_ != before) {
      before = received_;
      last = Clock::now();
    }
  }
}

void Conn::poll() {
  // A broker that never stops sending must not keep us here: 20 ms at most.
  const auto end = Clock::now() + Millis(20);
  for (std::size_t before = received_ + 1; !closed_ && received_ != before && Clock::now() < end;) {
    before = received_;
    read_once(Millis(0));
  }
}

void Conn::close() {
  if (transport_ && !closed_) transport_->close(Millis(1));
  closed_ = true;
  if (close_detail_.empty()) close_detail_ = "closed by the fuzzer";
}

}  // namespace stompspec::fuzzer
