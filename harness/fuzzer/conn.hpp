#pragma once
// One connection of the fuzzer to the broker: a wire::Connection (transport,
// strict parser switched to the negotiated version at CONNECTED, capped and
// redacted log of both directions) and what the oracles judge: the events
// with their time and the writes before them, and the octets received.
// Every call is bounded by a deadline.
#include <cstddef>
#include <string>
#include <vector>

#include "codec/parser.hpp"
#include "core/result.hpp"
#include "transport/transport.hpp"
#include "wire/connection.hpp"

namespace stompspec::fuzzer {

struct Received {
  double t_ms = 0;              // since the connection opened
  std::size_t after_writes = 0; // writes that had gone out when it was parsed
  ParseEvent event;
};

class Conn {
 public:
  Conn(std::string name, Url url, TransportOptions opt, Version v, Limits limits);

  std::error_code open(Millis timeout);
  // A failed write means the broker is gone from this connection.
  std::error_code write(std::string_view octets, Millis timeout);
  // Reads until `quiet` passes with nothing new, or `max` in all, or the close.
  void pump(Millis quiet, Millis max);
  // Takes what has already arrived, without waiting.
  void poll();
  // Reads until `until` returns true for a newly parsed event, the deadline, or the close.
  template <typename Pred>
  bool wait_for(Clock::time_point deadline, Pred until);
  void close() { conn_.abort(); }  // abrupt: the fuzzer does not linger on a hostile peer

  bool is_closed() const { return conn_.closed() || !write_failure_.empty(); }
  const std::string& close_detail() const { return write_failure_.empty() ? conn_.close_detail() : write_failure_; }
  // Frames and malformed octets, heart-beats left out, the first 10,000 kept.
  const std::vector<Received>& events() const { return events_; }
  std::size_t dropped_events() const { return dropped_events_; }
  std::vector<TranscriptEntry>& transcript() { return conn_.entries(); }
  const std::string& received() const { return received_octets_; }  // the first kMaxLogged octets
  std::size_t writes() const { return conn_.writes(); }
  double elapsed_ms() const;

 private:
  // One read of at most `slice`; false when the connection ended.
  bool read_once(Millis slice);

  wire::Connection conn_;
  std::vector<Received> events_;
  std::size_t dropped_events_ = 0;
  std::string received_octets_;
  std::string write_failure_;  // why a write failed: the broker is gone, reads stop
};

template <typename Pred>
bool Conn::wait_for(Clock::time_point deadline, Pred until) {
  std::size_t seen = events_.size();
  for (;;) {
    for (; seen < events_.size(); ++seen)
      if (until(events_[seen])) return true;
    const auto now = Clock::now();
    if (is_closed() || now >= deadline) return false;
    read_once(std::chrono::duration_cast<Millis>(deadline - now) + Millis(1));
  }
}

}  // namespace stompspec::fuzzer
