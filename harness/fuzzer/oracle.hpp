#pragma once
// What counts as a broker bug, and how bad it is. The event oracles judge
// each server event of a fuzz connection as it arrives; the whole-broker
// oracles (down, hang, memory) are decided by probes elsewhere.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "codec/frame.hpp"
#include "fuzzer/conn.hpp"

namespace stompspec::fuzzer {

enum class Oracle {
  broker_down,       // a fresh client cannot connect, or is refused a session
  broker_hang,       // a fresh client gets no CONNECTED or no RECEIPT in time
  session_hang,      // after valid frames only, DISCONNECT gets neither RECEIPT nor a close
  invalid_frame,     // the broker sent octets the strict parser rejects
  missing_header,    // a server frame lacks a header the spec requires
  before_connect,    // a frame sent before CONNECT was acted on (RECEIPT, MESSAGE)
  open_after_error,  // the connection stayed open past the grace after an ERROR
  memory_growth,     // the broker's resident memory kept growing
};
enum class Severity { low, medium, high, critical };

std::string_view to_string(Oracle o);     // "broker-down"
std::string_view to_string(Severity s);   // "critical"
std::optional<Severity> parse_severity(std::string_view s);
Severity default_severity(Oracle o);
bool whole_broker(Oracle o);              // down or hang: a fresh broker is needed after it

struct Detection {
  Oracle oracle = Oracle::broker_down;
  std::string key;          // what the oracle says about it: "MESSAGE/subscription", "connected"
  std::string detail;       // one line for people
  std::size_t writes = 0;   // writes sent when it was seen
  std::size_t event = static_cast<std::size_t>(-1);  // index of the server event that showed it
};

// Judges the server events of one fuzz connection, in order.
class EventOracle {
 public:
  explicit EventOracle(Version planned) : planned_(planned) {}

  // The client's CONNECT offered only versions from 1.1 on, so CONNECTED must name one.
  void set_version_required(bool required) { version_required_ = required; }

  void on_event(const Received& r, std::size_t index, std::vector<Detection>& out);

  bool connected() const { return connected_; }
  Version negotiated() const { return negotiated_; }
  std::optional<double> error_at_ms() const { return error_at_; }
  std::size_t error_event() const { return error_event_; }
  bool error_before_connected() const { return error_before_connected_; }

 private:
  void add(std::vector<Detection>& out, Detection d);
  Version planned_;
  bool version_required_ = false;
  bool connected_ = false;
  Version negotiated_ = Version::v1_2;
  std::optional<double> error_at_;
  std::size_t error_event_ = 0;
  bool error_before_connected_ = false;
  std::set<std::string> seen_;  // one detection per oracle and key per connection
};

// "STOMP 1.2 Value Encoding" -> "value-encoding"
std::string rule_slug(std::string_view rule);

}  // namespace stompspec::fuzzer
