#pragma once
// The wire log of one connection (the fuzzer) or of all connections of a
// case (the engine): what was sent, what was received, what happened, each
// entry stamped with the time since the log began. Octets are kept with
// every passcode redacted, and the log is capped so that a flooding broker
// cannot turn it into the run's memory hog.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace stompspec::wire {

struct TranscriptCaps {
  std::size_t max_entry = 64 * 1024;        // octets kept of one entry; the rest is counted in a note
  std::size_t max_entries = 20000;
  std::size_t max_bytes = 4 * 1024 * 1024;  // octets kept in all
};

class Transcript {
 public:
  explicit Transcript(std::vector<TranscriptEntry>& out, TranscriptCaps caps = {});
  void sent(const std::string& client, std::string_view octets) { add(client, TranscriptEntry::Kind::sent, octets); }
  void received(const std::string& client, std::string_view octets) {
    add(client, TranscriptEntry::Kind::received, octets);
  }
  void event(const std::string& client, std::string_view text) { add(client, TranscriptEntry::Kind::event, text); }
  double elapsed_ms() const { return clock::ms_since(start_); }
  void restart_clock() { start_ = clock::Steady::now(); }
  bool truncated() const { return truncated_; }

 private:
  void add(const std::string& client, TranscriptEntry::Kind kind, std::string_view data);
  std::vector<TranscriptEntry>& out_;
  TranscriptCaps caps_;
  clock::Steady::time_point start_;
  std::size_t bytes_ = 0;
  bool truncated_ = false;
};

}  // namespace stompspec::wire
