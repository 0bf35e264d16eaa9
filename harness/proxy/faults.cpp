#include "proxy/faults.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <fmt/format.h>

namespace stompspec::proxy {
namespace {

using enum Fault;
using enum Direction;

// Requirement ids are those of scenarios/requirements.json (1.2 catalogue);
// the section is the STOMP 1.2 heading the rule sits under.
constexpr std::array kTable{
    FaultInfo{drop_receipt, "drop-receipt", from_broker,
              "drops every RECEIPT frame", "1.2/receipt-header/2", "Header receipt"},
    FaultInfo{strip_message_id, "strip-message-id", from_broker,
              "removes the message-id header from MESSAGE", "1.2/message/3", "MESSAGE"},
    FaultInfo{strip_subscription, "strip-subscription", from_broker,
              "removes the subscription header from MESSAGE", "1.2/message/4", "MESSAGE"},
    FaultInfo{strip_ack, "strip-ack", from_broker,
              "removes the ack header from MESSAGE", "1.2/message/5", "MESSAGE"},
    FaultInfo{unescape_headers, "unescape-headers", from_broker,
              "undoes header escaping (\\c \\n \\r \\\\ sent raw) in MESSAGE, RECEIPT and ERROR",
              "1.2/value-encoding/5", "Value Encoding"},
    FaultInfo{wrong_content_length, "wrong-content-length", from_broker,
              "MESSAGE and ERROR bodies declare one octet fewer than they carry (added if absent)",
              "1.2/content-length/3", "Header content-length"},
    FaultInfo{suppress_heartbeats, "suppress-heartbeats", from_broker,
              "drops the broker's heart-beat EOLs", "1.2/heart-beating/5", "Heart-beating"},
    FaultInfo{delay_heartbeats, "delay-heartbeats", from_broker,
              "holds each broker heart-beat back by 3x the agreed interval (at least 2 s)",
              "1.2/heart-beating/5", "Heart-beating"},
    FaultInfo{keep_open_after_error, "keep-open-after-error", from_broker,
              "after an ERROR the client's connection stays open (until it closes, or --hold)",
              "1.2/error/2", "ERROR"},
    FaultInfo{duplicate_message, "duplicate-message", from_broker,
              "sends every MESSAGE twice (same message-id)", "1.2/message/3", "MESSAGE"},
    FaultInfo{reorder_message, "reorder-message", from_broker,
              "swaps each pair of consecutive MESSAGE frames (a lone one waits up to 1 s)",
              "1.2/subscribe-ack/6", "SUBSCRIBE ack Header"},
    FaultInfo{downgrade_version, "downgrade-version", from_broker,
              "CONNECTED names a version one lower than agreed (1.2 -> 1.1 -> 1.0; 1.0 loses the header)",
              "1.2/protocol-negotiation/3", "Protocol Negotiation"},
    FaultInfo{drop_subprotocol, "drop-subprotocol", from_broker,
              "the WebSocket upgrade response names no subprotocol", "-",
              "RFC 6455 4.2.2 (STOMP over WebSocket)", true},
    FaultInfo{client_strip_subscribe_id, "client-strip-subscribe-id", from_client,
              "removes the id header from SUBSCRIBE and UNSUBSCRIBE", "1.2/subscribe-id/1",
              "SUBSCRIBE id Header"},
    FaultInfo{client_strip_ack_id, "client-strip-ack-id", from_client,
              "removes id (1.2) and message-id (1.0, 1.1) from ACK and NACK", "1.2/ack/1", "ACK"},
    FaultInfo{client_unescape_headers, "client-unescape-headers", from_client,
              "undoes header escaping in the client's frames (SEND, SUBSCRIBE, ...)",
              "1.2/value-encoding/5", "Value Encoding"},
    FaultInfo{client_wrong_content_length, "client-wrong-content-length", from_client,
              "SEND bodies declare one octet fewer than they carry (added if absent)",
              "1.2/content-length/3", "Header content-length"},
    FaultInfo{client_suppress_heartbeats, "client-suppress-heartbeats", from_client,
              "drops the client's heart-beat EOLs", "1.2/heart-beating/5", "Heart-beating"},
    FaultInfo{client_drop_disconnect_receipt, "client-drop-disconnect-receipt", from_client,
              "removes the receipt header from DISCONNECT", "1.2/disconnect/1", "DISCONNECT"},
    FaultInfo{client_downgrade_version, "client-downgrade-version", from_client,
              "removes accept-version from CONNECT/STOMP: the broker sees a 1.0 client",
              "1.2/connect/3", "CONNECT or STOMP Frame"},
    FaultInfo{client_drop_subprotocol, "client-drop-subprotocol", from_client,
              "the WebSocket upgrade request offers no subprotocol to the broker", "-",
              "RFC 6455 4.1 (STOMP over WebSocket)", true},
};

}  // namespace

std::string_view to_string(Direction d) { return d == from_broker ? "broker->client" : "client->broker"; }

std::span<const FaultInfo> fault_table() { return kTable; }

const FaultInfo& info(Fault f) {
  for (const auto& i : kTable)
    if (i.fault == f) return i;
  throw std::logic_error("fault missing from the table");
}

std::optional<Fault> parse_fault(std::string_view name) {
  for (const auto& i : kTable)
    if (i.name == name) return i.fault;
  return std::nullopt;
}

bool FaultSet::has(Fault f) const { return std::find(faults_.begin(), faults_.end(), f) != faults_.end(); }

bool FaultSet::any(Direction d) const {
  return std::any_of(faults_.begin(), faults_.end(), [d](Fault f) {
    const auto& i = info(f);
    return i.direction == d && !i.websocket_only;
  });
}

std::string format_fault_table() {
  std::string out = fmt::format("{:<32} {:<15} {:<27} {}\n", "FAULT", "REWRITES", "BREAKS", "WHAT IT DOES");
  for (const auto& i : kTable) {
    out += fmt::format("{:<32} {:<15} {:<27} {}\n", i.name, to_string(i.direction), i.requirement, i.description);
    out += fmt::format("{:<32} {:<15} {:<27} ({})\n", "", "", "", i.section);
  }
  return out;
}

}  // namespace stompspec::proxy
