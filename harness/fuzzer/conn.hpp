#pragma once
// One connection of the fuzzer to the broker: a Transport, a strict parser
// over what comes back (switched to the negotiated version at CONNECTED), and
// a log of both directions. Every call is bounded by a deadline.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "codec/parser.hpp"
#include "core/result.hpp"
#include "transport/transport.hpp"
#include "wire/transcript.hpp"

namespace stompspec::fuzzer {

struct Received {
  double t_ms = 0;              // since the connection opened
  std::size_t after_writes = 0; // writes that had gone out when it was parsed
  ParseEvent event;
};

class Conn {
 public:
  Conn(std::string name, Url url, TransportOptions opt, Version v, Limits limits);
  Conn(const Conn&) = delete;  // log_ refers to transcript_
  Conn& operator=(const Conn&) = delete;

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
  void close();  // abrupt: the fuzzer does not linger on a hostile peer

  bool is_closed() const { return closed_; }
  const std::string& close_detail() const { return close_detail_; }
  // Frames and malformed octets, heart-beats left out, the first 10,000 kept.
  const std::vector<Received>& events() const { return events_; }
  std::size_t dropped_events() const { return dropped_events_; }
  std::vector<TranscriptEntry>& transcript() { return transcript_; }
  const std::string& received() const { return received_octets_; }  // the first kMaxLogged octets
  std::size_t writes() const { return writes_; }
  double elapsed_ms() const;

 private:
  // One read of at most `slice`; false when the connection ended.
  bool read_once(Millis slice);

  std::string name_;
  Url url_;
  TransportOptions opt_;
  Parser parser_;
  std::unique_ptr<Transport> transport_;
  Clock::time_point start_ = Clock::now();
  std::vector<Received> events_;
  std::vector<TranscriptEntry> transcript_;
  wire::Transcript log_;       // into transcript_: capped so a flood cannot eat memory, passcodes redacted
  std::size_t received_ = 0;   // octets read, all of them
  std::size_t dropped_events_ = 0;
  std::string received_octets_;
  std::size_t writes_ = 0;
  bool closed_ = false;
  std::string close_detail_;
};

template <typename Pred>
bool Conn::wait_for(Clock::time_point deadline, Pred until) {
  std::size_t seen = events_.size();
  for (;;) {
    for (; seen < events_.size(); ++seen)
      if (until(events_[seen])) return true;
    const auto now = Clock::now();
    if (closed_ || now >= deadline) return false;
    read_once(std::chrono::duration_cast<Millis>(deadline - now) + Millis(1));
  }
}

}  // namespace stompspec::fuzzer
