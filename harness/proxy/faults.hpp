#pragma once
// The proxy's faults: each one named spec violation it can inject into the
// traffic between a client and a broker. One table (faults.cpp) holds them
// all, with the requirement each breaks; `stompspec proxy --list` prints it.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stompspec::proxy {

// Whose frames a fault rewrites. from_broker faults make a conforming broker
// look broken to the client; from_client faults make a conforming client look
// broken to the broker (the client-side mirror).
enum class Direction { from_broker, from_client };
std::string_view to_string(Direction d);

enum class Fault {
  // from_broker
  drop_receipt,
  strip_message_id,
  strip_subscription,
  strip_ack,
  unescape_headers,
  wrong_content_length,
  suppress_heartbeats,
  delay_heartbeats,
  keep_open_after_error,
  duplicate_message,
  reorder_message,
  downgrade_version,
  drop_subprotocol,
  // from_client
  client_strip_subscribe_id,
  client_strip_ack_id,
  client_unescape_headers,
  client_wrong_content_length,
  client_suppress_heartbeats,
  client_drop_disconnect_receipt,
  client_downgrade_version,
  client_drop_subprotocol,
};

struct FaultInfo {
  Fault fault;
  std::string_view name;         // as given to --fault
  Direction direction;
  std::string_view description;  // one line: what the proxy does
  std::string_view requirement;  // catalogue id of the rule it breaks (scenarios/requirements.json)
  std::string_view section;      // the STOMP 1.2 section (or RFC 6455) it breaks
  bool websocket_only = false;   // acts on the WebSocket handshake, not on frames
};

std::span<const FaultInfo> fault_table();
const FaultInfo& info(Fault f);
std::optional<Fault> parse_fault(std::string_view name);

// The faults of one proxy run.
class FaultSet {
 public:
  FaultSet() = default;
  explicit FaultSet(std::vector<Fault> faults) : faults_(std::move(faults)) {}
  bool has(Fault f) const;
  bool any(Direction d) const;  // some fault rewrites frames going that way
  bool empty() const { return faults_.empty(); }
  const std::vector<Fault>& list() const { return faults_; }

 private:
  std::vector<Fault> faults_;
};

// The table as aligned text, for --list.
std::string format_fault_table();

}  // namespace stompspec::proxy
