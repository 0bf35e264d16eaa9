#pragma once
// A deliberately plain STOMP client for testing the fake broker: raw bytes
// out, the codec's parser in, a deadline on every wait. It shares no code with
// the harness transports, so a bug there cannot hide one here.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/frame.hpp"
#include "codec/parser.hpp"

namespace stompspec::testing {

using namespace std::chrono_literals;

class TestClient {
 public:
  using Millis = std::chrono::milliseconds;
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr Millis kWait = 3s;         // for something that should come
  static constexpr Millis kQuiet = 300ms;     // for something that should not

  static std::unique_ptr<TestClient> tcp(std::uint16_t port);
  // Throws boost::system::system_error if the upgrade fails.
  static std::unique_ptr<TestClient> ws(std::uint16_t port,
                                        std::vector<std::string> subprotocols = {"v10.stomp", "v11.stomp",
                                                                                  "v12.stomp"},
                                        const std::string& path = "/ws");
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  void send_raw(std::string_view bytes);  // TCP: as is; WebSocket: one message
  void send(const Frame& f);              // serialized for version()

  // CONNECT with exactly these headers; returns the reply (an empty command
  // on timeout) and adopts the version a CONNECTED names.
  Frame connect(const std::vector<Header>& headers);
  Frame connect(const std::string& accept_version = "1.2");

  // Heart-beats are skipped; a malformed event comes back as command "<malformed>".
  std::optional<Frame> receive(Millis timeout = kWait);
  std::optional<ParseEvent> next_event(Millis timeout = kWait);
  // True once the broker has closed its side; frames already sent stay readable.
  bool wait_closed(Millis timeout = kWait);

  void set_version(Version v);
  Version version() const;
  bool closed() const;
  const std::string& raw_received() const;               // every octet the broker sent
  const std::vector<TimePoint>& heartbeat_times() const;  // arrivals of EOL-only reads
  std::string subprotocol() const;

 private:
  struct Impl;
  explicit TestClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

Frame make_frame(std::string command, std::vector<Header> headers = {}, std::string body = {});

// Test shorthands; they fail the current test (not abort) when the broker misbehaves.
const std::string* header(const std::optional<Frame>& f, std::string_view name);
std::string command_of(const std::optional<Frame>& f);  // "<none>" when nothing came
std::string header_or(const std::optional<Frame>& f, std::string_view name, std::string fallback = "<absent>");
std::unique_ptr<TestClient> connected(std::uint16_t port, const std::string& version = "1.2");
// SUBSCRIBE with a receipt, waiting for it.
void subscribe(TestClient& c, const std::string& id, const std::string& dest, const std::string& ack = "auto");

}  // namespace stompspec::testing
