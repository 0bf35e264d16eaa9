// The name tables for faults and variations, and the lookups for all three
// (see fault_table.hpp; options are in option_table.cpp).
// `breaks` is what the kill matrix trusts: list a requirement only when the
// fault really breaks it, so that a failing linked case proves the check.
#include "fault_table.hpp"

#include <algorithm>

namespace stompspec::testing {

#define SWITCH(field, breaks) {#field, breaks, "", [](Faults& f, const std::string&) { f.field = true; }}

const std::vector<FaultSpec>& fault_table() {
  static const std::vector<FaultSpec> table{
    // Connecting
    SWITCH(connected_without_version, "1.2/connected/1"),
    SWITCH(pick_unoffered_version, "1.2/protocol-negotiation/3"),
    SWITCH(no_error_on_version_mismatch, "1.2/protocol-negotiation/4 1.1/protocol-negotiation/1"),
    SWITCH(accept_any_login, ""),  // accepting everyone is a policy, not a spec violation
    SWITCH(never_answer_connect, "1.2/connecting/2 1.0/connecting/1"),
    SWITCH(escape_connect_headers, "1.2/value-encoding/2"),
    SWITCH(unescape_connect_headers, "1.2/value-encoding/2"),
    // Heart-beating
    SWITCH(ignore_heartbeats, ""),  // heart-beat:0,0 is a legal answer
    SWITCH(advertise_but_never_beat, "1.2/heart-beating/5 1.2/heart-beating/6 1.1/heart-beating/1"),
    {"heartbeat_interval_factor", "1.2/heart-beating/5", "N",
     [](Faults& f, const std::string& v) { f.heartbeat_interval_factor = std::stoi(v); }},
    SWITCH(never_drop_silent_client, ""),  // the receiver MAY consider the connection dead
    SWITCH(drop_beating_client_early, "1.2/heart-beating/8"),
    // SEND
    SWITCH(accept_send_without_destination, "1.2/send/5 1.2/frames-and-headers/1 1.2/frames-and-headers/2"),
    SWITCH(drop_user_headers, "1.2/send/4"),
    SWITCH(drop_content_type, "1.2/content-type/1 1.1/content-type/1"),
    SWITCH(truncate_body_at_nul, "1.2/content-length/2 1.0/send/1"),
    SWITCH(no_size_limit, ""),  // delivering a big frame whole is allowed
    // SUBSCRIBE
    SWITCH(accept_subscribe_without_id, "1.2/subscribe/3 1.2/frames-and-headers/1 1.2/frames-and-headers/2"),
    SWITCH(client_ack_not_cumulative, "1.2/subscribe-ack/6 1.2/nack/4"),
    // UNSUBSCRIBE
    SWITCH(deliver_after_unsubscribe, "1.2/unsubscribe/1 1.0/unsubscribe/2"),
    SWITCH(accept_unsubscribe_without_id, "1.2/frames-and-headers/1 1.2/frames-and-headers/2"),
    // ACK / NACK
    SWITCH(ignore_acks, ""),
    SWITCH(no_redelivery_after_disconnect, "1.2/subscribe-ack/4"),
    SWITCH(no_redelivery_after_nack, ""),
    SWITCH(accept_nack_in_1_0, "1.0/abnf/1"),
    // Transactions
    SWITCH(ignore_transactions, "1.2/begin/1"),
    SWITCH(no_error_unknown_transaction, ""),
    SWITCH(accept_begin_without_transaction, "1.2/frames-and-headers/1 1.2/frames-and-headers/2"),
    SWITCH(commit_discards, "1.2/commit/1"),
    SWITCH(abort_delivers, "1.2/abort/1"),
    SWITCH(commit_at_disconnect, "1.2/begin/4"),
    // DISCONNECT
    SWITCH(deliver_after_disconnect_receipt, "1.2/receipt/1"),
    SWITCH(no_disconnect_receipt, "1.2/receipt-header/2"),
    // MESSAGE
    SWITCH(omit_destination, "1.2/message/1"),
    SWITCH(omit_message_id, "1.2/message/3"),
    SWITCH(omit_subscription_header, "1.2/message/4 1.0/subscribe/4"),
    SWITCH(omit_ack_header, "1.2/message/5"),
    SWITCH(duplicate_message_ids, "1.2/message/3"),
    SWITCH(wrong_content_length, "1.2/content-length/3"),
    SWITCH(omit_content_length, "1.2/content-length/4 1.2/content-length/5"),
    SWITCH(send_malformed_frames, "1.2/abnf/1"),
    // RECEIPT
    SWITCH(no_receipts, "1.2/receipt-header/2"),
    SWITCH(wrong_receipt_id, "1.2/receipt/2"),
    // ERROR
    SWITCH(keep_open_after_error, "1.2/error/2"),
    SWITCH(error_without_message_header, "1.2/error/3"),
    SWITCH(error_without_receipt_id, "1.2/error/6"),
    // Frames and headers, value encoding
    SWITCH(no_error_on_malformed, ""),
    SWITCH(accept_before_connect, ""),
    SWITCH(no_header_escaping, "1.2/value-encoding/5 1.1/value-encoding/2 1.2/abnf/3 1.1/abnf/1"),
    SWITCH(escape_headers_in_1_0, "1.0/abnf/3"),
    SWITCH(no_header_unescaping, "1.2/value-encoding/3 1.1/value-encoding/1"),
    SWITCH(last_repeated_header_wins, "1.2/repeated-headers/2"),
    SWITCH(trim_header_values, "1.2/value-encoding/6"),
    SWITCH(reject_crlf, "1.2/stomp-frames/2"),
    // One per requirement the kill matrix needed
    SWITCH(reject_eols_between_frames, "1.2/stomp-frames/3"),
    SWITCH(case_insensitive_frames, "1.2/stomp-frames/4 1.2/abnf/2"),
    SWITCH(mangle_non_ascii_headers, "1.2/value-encoding/1 1.2/content-type/7"),
    SWITCH(accept_undefined_escapes, "1.2/value-encoding/4"),
    SWITCH(receipt_with_body, "1.2/body/2 1.0/receipt/1"),
    SWITCH(mangle_content_type, "1.2/content-type/2"),
    SWITCH(latin1_bodies, "1.2/content-type/3 1.2/content-type/4 1.2/content-type/7 1.2/content-type/8"),
    SWITCH(drop_charset, "1.2/content-type/5 1.2/content-type/6"),
    SWITCH(silent_close_on_oversize, "1.2/size-limits/2"),
    SWITCH(refuse_rapid_reconnect, "1.2/connection-lingering/1"),
    SWITCH(silent_login_refusal, "1.2/connecting/4"),
    SWITCH(close_instead_of_error, "1.2/send/5 1.2/subscribe/3 1.2/protocol-negotiation/4 1.2/connecting/4 1.2/size-limits/2 1.2/frames-and-headers/2 1.2/value-encoding/4"),
    SWITCH(reject_stomp_command, "1.2/connect/1 1.1/connect/1"),
    SWITCH(same_session_id, "1.2/connected/3"),
    SWITCH(bad_server_header, "1.2/connected/4"),
    SWITCH(latest_without_accept_version, "1.2/protocol-negotiation/2"),
    SWITCH(version_error_without_versions, "1.2/protocol-negotiation/5"),
    SWITCH(malformed_heartbeat_header, "1.2/heart-beating/1"),
    SWITCH(beat_without_request, "1.2/heart-beating/3"),
    SWITCH(heartbeat_directions_swapped, "1.2/heart-beating/4"),
    SWITCH(drop_empty_headers, "1.1/abnf/1 1.2/abnf/3"),
    SWITCH(drop_all_messages, "1.2/subscribe/2"),
    SWITCH(auto_acts_as_client, "1.2/subscribe-ack/1 1.2/subscribe-ack/2 1.0/subscribe/1"),
    SWITCH(individual_ack_cumulative, "1.2/subscribe-ack/8 1.2/nack/4"),
    SWITCH(ack_ignores_transaction, "1.2/ack/3"),
    SWITCH(send_unknown_frames, "1.2/server-frames/1 1.2/abnf/2"),
    SWITCH(rewrite_destination, "1.2/message/2"),
    SWITCH(lose_send_before_disconnect, "1.2/receipt/4"),
    SWITCH(crlf_is_eol_before_1_2, "1.1/stomp-frames/1"),
    SWITCH(no_session_header, "1.0/connecting/2"),
    SWITCH(reject_subscribe_body, "1.0/subscribe/2"),
    SWITCH(reject_colon_in_1_0_values, "1.0/abnf/2"),
    {"crash_on_missing", "", "COMMAND:header", [](Faults& f, const std::string& v) { f.crash_on_missing = v; }},
    // Whole-broker failures
    {"crash_on", "", "TEXT", [](Faults& f, const std::string& v) { f.crash_on = v; }},
    {"hang_on", "", "TEXT", [](Faults& f, const std::string& v) { f.hang_on = v; }},
  };
  return table;
}

const std::vector<VariationSpec>& variation_table() {
#define VARIATION(field, doc) {#field, doc, [](Variations& v) { v.field = true; }}
  static const std::vector<VariationSpec> table{
    VARIATION(extra_headers, "x-fake-* headers on every server frame (1.2 Frames and Headers: unknown headers are allowed)"),
    VARIATION(reversed_headers, "headers in reverse order; repeated ones keep their order (the spec fixes no order)"),
    VARIATION(content_length_always, "content-length on every frame, empty bodies included (SHOULD on any frame with a body; MAY otherwise)"),
    VARIATION(eols_between_frames, "EOLs after each frame's NUL, CR LF too at 1.2 (STOMP Frames: the NULL may be followed by EOLs)"),
    VARIATION(crlf_line_endings, "1.2: CR LF line endings on every server frame (STOMP Frames)"),
    VARIATION(colon_ids, "message-id and ack values containing ':' (escaped at 1.1+, raw at 1.0, which allows it)"),
    VARIATION(fragmented_writes, "TCP: frames written 7 octets at a time (a stream has no message boundaries)"),
    VARIATION(minimal_connected, "CONNECTED without server, and without session from 1.1 on (MAY; 1.0 recommends session)"),
    VARIATION(larger_heartbeats, "CONNECTED declares 5x longer heart-beat intervals (the server chooses sx,sy)"),
    VARIATION(frequent_heartbeats, "heart-beats twice as often as negotiated ('at least every n ms')"),
    VARIATION(reset_after_error, "ERROR followed by a TCP reset, not a clean close (Connection Lingering)"),
    VARIATION(raw_colon_pre_negotiation, "ERRORs before CONNECTED written in 1.0 form with a raw ':' in message"),
    VARIATION(terse_errors, "ERROR with only a message header: no body, no content-type (the body MAY explain)"),
    VARIATION(reversed_redelivery, "redelivered messages come last first (no order is given for redelivery)"),
    VARIATION(prefetch_one, "one unacknowledged message in flight per client/client-individual subscription"),
    VARIATION(sender_exclusion, "a sender never receives its own topic message (destinations are opaque)"),
    VARIATION(receipt_before_delivery, "a SEND's RECEIPT before the MESSAGEs it causes (no order between the two)"),
  };
#undef VARIATION
  return table;
}

namespace {

template <typename Table>
auto find_in(const Table& t, std::string_view name) -> decltype(&t.front()) {
  auto it = std::find_if(t.begin(), t.end(), [&](const auto& e) { return e.name == name; });
  return it == t.end() ? nullptr : &*it;
}

void split_arg(const std::string& arg, std::string& name, std::string& value, bool& has_value) {
  const auto eq = arg.find('=');
  has_value = eq != std::string::npos;
  name = arg.substr(0, eq);
  value = has_value ? arg.substr(eq + 1) : std::string();
}

}  // namespace

bool apply_fault(Faults& f, const std::string& arg, std::string* why) {
  std::string name, value;
  bool has_value = false;
  split_arg(arg, name, value, has_value);
  const FaultSpec* spec = find_in(fault_table(), name);
  if (spec == nullptr) return *why = "unknown fault '" + name + "' (--list shows them)", false;
  if (spec->value.empty() && has_value) return *why = "fault '" + name + "' takes no value", false;
  if (!spec->value.empty() && !has_value) return *why = "fault '" + name + "' needs =" + std::string(spec->value), false;
  try {
    spec->set(f, value);
  } catch (const std::exception&) {
    return *why = "bad value for fault '" + name + "'", false;
  }
  return true;
}

bool apply_variation(Variations& v, const std::string& name, std::string* why) {
  const VariationSpec* spec = find_in(variation_table(), name);
  if (spec == nullptr) return *why = "unknown variation '" + name + "' (--list shows them)", false;
  spec->set(v);
  return true;
}

bool apply_option(Options& o, const std::string& arg, std::string* why) {
  std::string name, value;
  bool has_value = false;
  split_arg(arg, name, value, has_value);
  const OptionSpec* spec = find_in(option_table(), name);
  if (spec == nullptr) return *why = "unknown option '" + name + "' (--list shows them)", false;
  if (!has_value) return *why = "option '" + name + "' needs =VALUE", false;
  return spec->set(o, value, why);
}

Variations all_variations() {
  Variations v;
  for (const auto& spec : variation_table()) spec.set(v);
  return v;
}

std::vector<std::string> breaks_of(const FaultSpec& f) {
  std::vector<std::string> out;
  std::size_t start = 0;
  const std::string_view s = f.breaks;
  while (start < s.size()) {
    auto end = std::min(s.find(' ', start), s.size());
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace stompspec::testing
