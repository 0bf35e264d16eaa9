#pragma once
// One check per requirement, run against a live broker. The fault tests run
// each check twice: it must pass against a correct fake broker and fail, for
// the expected reason, once the matching fault is on.
#include <string>

#include "fake_broker.hpp"

namespace stompspec::testing::checks {

// Empty when the broker kept the requirement, else what it did instead.
using Check = std::string (*)(FakeBroker&);

// The Options::server_header connected_values_are_not_escaped expects.
inline constexpr const char* kServerWithBackslash = "fake\\broker/1";

// Connecting
std::string connected_names_offered_version(FakeBroker& b);
std::string version_mismatch_is_error_then_close(FakeBroker& b);
std::string wrong_passcode_is_refused(FakeBroker& b);
std::string connect_is_answered(FakeBroker& b);
std::string connected_values_are_not_escaped(FakeBroker& b);  // needs kServerWithBackslash
std::string connect_values_are_not_unescaped(FakeBroker& b);

// Heart-beating
std::string broker_beats_as_negotiated(FakeBroker& b);
std::string silent_client_is_dropped(FakeBroker& b);
std::string beating_client_is_kept(FakeBroker& b);

// SEND and MESSAGE
std::string send_without_destination_is_error(FakeBroker& b);
std::string user_header_is_carried(FakeBroker& b);
std::string content_type_is_carried(FakeBroker& b);
std::string repeated_headers_keep_first_value(FakeBroker& b);
std::string header_values_are_not_trimmed(FakeBroker& b);
std::string body_with_nul_arrives_whole(FakeBroker& b);
std::string oversize_frame_is_error(FakeBroker& b);  // needs Options::max_frame_size below 4096
std::string message_has_required_headers(FakeBroker& b);
std::string message_ids_are_unique(FakeBroker& b);
std::string client_mode_message_has_ack_header(FakeBroker& b);

// SUBSCRIBE, UNSUBSCRIBE, ACK, NACK
std::string subscribe_without_id_is_error(FakeBroker& b);
std::string client_ack_is_cumulative(FakeBroker& b);
std::string unsubscribe_stops_delivery(FakeBroker& b);
std::string unsubscribe_without_id_is_error(FakeBroker& b);
std::string acked_message_is_not_redelivered(FakeBroker& b);
std::string unacked_message_is_redelivered(FakeBroker& b);
std::string nacked_message_is_redelivered(FakeBroker& b);
std::string nack_in_1_0_is_error(FakeBroker& b);

// Transactions
std::string transactional_send_waits_for_commit(FakeBroker& b);
std::string commit_delivers(FakeBroker& b);
std::string abort_discards(FakeBroker& b);
std::string unknown_transaction_is_error(FakeBroker& b);
std::string begin_without_transaction_is_error(FakeBroker& b);
std::string disconnect_aborts_transactions(FakeBroker& b);

// DISCONNECT, RECEIPT, ERROR
std::string nothing_after_disconnect_receipt(FakeBroker& b);
std::string disconnect_gets_receipt(FakeBroker& b);
std::string receipt_id_matches(FakeBroker& b);
std::string error_closes_connection(FakeBroker& b);
std::string error_has_message_header(FakeBroker& b);
std::string error_has_receipt_id(FakeBroker& b);

// Frames and headers
std::string malformed_frame_is_error(FakeBroker& b);
std::string frame_before_connect_is_error(FakeBroker& b);
std::string special_octets_round_trip(FakeBroker& b);
std::string no_escaping_in_1_0(FakeBroker& b);
std::string crlf_is_accepted_in_1_2(FakeBroker& b);
std::string messages_are_well_formed(FakeBroker& b);

}  // namespace stompspec::testing::checks
