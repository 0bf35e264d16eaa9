#pragma once
// An in-process STOMP 1.0/1.1/1.2 broker for the tool's own tests: correct by
// default, broken on demand (see faults.hpp). It serves TCP and WebSocket on
// loopback from its own thread, so a test just points a client at url().
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "codec/frame.hpp"
#include "faults.hpp"

namespace stompspec::testing {

struct Options {
  // Frames larger than this (headers + body) get ERROR and close.
  std::size_t max_frame_size = 1024 * 1024;
  // What the broker declares in CONNECTED heart-beat:<send>,<want>.
  std::uint32_t heartbeat_send_ms = 100;
  std::uint32_t heartbeat_want_ms = 100;
  // A client silent for grace x its interval is dropped.
  double heartbeat_grace = 2.0;
  std::vector<Version> versions{Version::v1_0, Version::v1_1, Version::v1_2};
  std::string login = "guest";
  std::string passcode = "guest";
  std::string server_header = "stompspec-fake/0.1";
  // After ERROR or DISCONNECT the socket is half-closed and drained this long,
  // so the last frame is not lost to a reset.
  std::chrono::milliseconds linger{500};
  // Legal either way: a topic message is not delivered to the subscriptions of
  // the connection that sent it (a sender may or may not get its own message).
  bool topic_no_local = false;
};

class FakeBroker {
 public:
  explicit FakeBroker(Faults f = {}, Options o = {});
  ~FakeBroker();
  FakeBroker(const FakeBroker&) = delete;
  FakeBroker& operator=(const FakeBroker&) = delete;

  std::uint16_t port() const;
  std::string url() const;      // tcp://127.0.0.1:<port>
  std::uint16_t ws_port() const;
  std::string ws_url() const;   // ws://127.0.0.1:<ws_port>/ws

  // Takes effect for the next frame of every session, existing ones included.
  void set_faults(const Faults& f);
  std::size_t connections_accepted() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stompspec::testing
