#pragma once
// The frame-level heart of the proxy, free of any I/O so that it can be
// tested alone: octets from one side go in, what to forward to the other
// side comes out. When no fault rewrites a direction its octets go out
// exactly as they came, at once; otherwise the codec's Parser finds frame
// boundaries and only frames a fault touches are edited (RawFrame): every
// other frame, heart-beat EOL and malformed stretch goes out byte for byte.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/parser.hpp"
#include "proxy/faults.hpp"

namespace stompspec::proxy {

using Millis = std::chrono::milliseconds;

// What one connection's two directions share: what they saw negotiated.
struct SessionFacts {
  Version version = Version::v1_2;  // as the broker's CONNECTED named it
  bool connected = false;
  long cx = 0, cy = 0;              // CONNECT heart-beat
  long sx = 0, sy = 0;              // CONNECTED heart-beat
  bool error_to_client = false;     // an ERROR went to the client
  // Broker to client heart-beats: every max(sx, cy) ms, or off (1.2 Heart-beating).
  Millis broker_beat() const { return Millis(sx > 0 && cy > 0 ? std::max(sx, cy) : 0); }
};

// Octets to forward. Plain pieces of one feed() go out together (over
// WebSocket: in one message, as they came); the others as marked.
struct Piece {
  std::string bytes;
  bool own_message = false;    // WebSocket: a message of its own
  Millis delay{0};             // send this much later, without holding back what follows
  std::uint64_t hold_id = 0;   // a delayed piece a later `release` may send early
  std::uint64_t release = 0;   // marker (no bytes): send the held piece `release` now
};

// Called for every rewrite, with a short description ("RECEIPT receipt-id:r1 dropped").
using RewriteLog = std::function<void(Fault, const std::string&)>;

class Rewriter {
 public:
  Rewriter(Direction d, const FaultSet& faults, SessionFacts& facts, RewriteLog log = {});

  // Appends to `out` what to forward for these octets (one read, or one
  // WebSocket message).
  void feed(std::string_view octets, std::vector<Piece>& out);
  bool rewriting() const { return rewriting_; }

 private:
  void on_event(const ParseEvent& ev, std::string_view octets, std::vector<Piece>& out);
  void observe(const Frame& f);
  bool rewrite_frame(const Frame& f, std::string& octets);
  void place_frame(const Frame& f, std::string octets, std::vector<Piece>& out);
  void note(Fault f, const std::string& what) const;

  Direction dir_;
  const FaultSet& faults_;
  SessionFacts& facts_;
  RewriteLog log_;
  bool rewriting_;
  bool observing_ = true;   // passthrough: watch until the first frame (CONNECT / CONNECTED)
  Parser parser_;
  ParseEvent event_;  // handed back to parser_ each time: its buffers are reused
  std::string buf_;          // octets from stream offset base_ on, not yet forwarded
  std::size_t base_ = 0;
  std::uint64_t held_ = 0;   // reorder-message: the MESSAGE waiting for its successor
  std::uint64_t next_hold_ = 0;
};

// How long reorder-message waits for a second MESSAGE before sending the first alone.
inline constexpr Millis kReorderWait{1000};

}  // namespace stompspec::proxy
