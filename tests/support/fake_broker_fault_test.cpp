// Each fault must visibly break its requirement: the matching check passes
// against a correct fake broker and fails, for the stated reason, with the
// fault on. A fault that changes nothing would let a broken check pass.
#include <gtest/gtest.h>

#include "fake_broker.hpp"
#include "fault_checks.hpp"
#include "test_client.hpp"

namespace stompspec::testing {
namespace {

struct FaultCase {
  const char* fault;
  void (*apply)(Faults&);
  checks::Check check;
  const char* check_name;
  const char* reason;  // part of what the check reports with the fault on
};

// gtest would otherwise print the case as raw bytes.
void PrintTo(const FaultCase& c, std::ostream* os) { *os << c.fault << " / " << c.check_name; }

// The field name doubles as the test name, so the table cannot drift from Faults.
#define BOOL_FAULT(field, check, reason) \
  FaultCase { #field, [](Faults& f) { f.field = true; }, &checks::check, #check, reason }

const FaultCase kCases[] = {
    BOOL_FAULT(connected_without_version, connected_names_offered_version, "without version"),
    BOOL_FAULT(pick_unoffered_version, connected_names_offered_version, "names version 1.0"),
    BOOL_FAULT(no_error_on_version_mismatch, version_mismatch_is_error_then_close, "CONNECTED instead of ERROR"),
    BOOL_FAULT(accept_any_login, wrong_passcode_is_refused, "CONNECTED for a wrong passcode"),
    BOOL_FAULT(never_answer_connect, connect_is_answered, "no answer"),
    BOOL_FAULT(escape_connect_headers, connected_values_are_not_escaped, "server header arrived as"),
    BOOL_FAULT(unescape_connect_headers, connect_values_are_not_unescaped, "ERROR for a backslash"),
    BOOL_FAULT(ignore_heartbeats, broker_beats_as_negotiated, "offers no heart-beats"),
    BOOL_FAULT(ignore_heartbeats, silent_client_is_dropped, "wants no heart-beats"),
    BOOL_FAULT(advertise_but_never_beat, broker_beats_as_negotiated, "only 0 heart-beats"),
    FaultCase{"heartbeat_interval_factor", [](Faults& f) { f.heartbeat_interval_factor = 4; },
              &checks::broker_beats_as_negotiated, "broker_beats_as_negotiated", "heart-beat"},
    BOOL_FAULT(never_drop_silent_client, silent_client_is_dropped, "silent client was kept"),
    BOOL_FAULT(drop_beating_client_early, beating_client_is_kept, "was dropped"),
    BOOL_FAULT(accept_send_without_destination, send_without_destination_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(drop_user_headers, user_header_is_carried, "user header lost"),
    BOOL_FAULT(drop_content_type, content_type_is_carried, "content-type lost"),
    BOOL_FAULT(truncate_body_at_nul, body_with_nul_arrives_whole, "body arrived as 1 octets"),
    BOOL_FAULT(no_size_limit, oversize_frame_is_error, "no ERROR"),
    BOOL_FAULT(accept_subscribe_without_id, subscribe_without_id_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(client_ack_not_cumulative, client_ack_is_cumulative, "ACK of 2: 1,3"),
    BOOL_FAULT(deliver_after_unsubscribe, unsubscribe_stops_delivery, "MESSAGE after UNSUBSCRIBE"),
    BOOL_FAULT(accept_unsubscribe_without_id, unsubscribe_without_id_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(ignore_acks, acked_message_is_not_redelivered, "acked message redelivered"),
    BOOL_FAULT(no_redelivery_after_disconnect, unacked_message_is_redelivered, "unacked message lost"),
    BOOL_FAULT(no_redelivery_after_nack, nacked_message_is_redelivered, "not redelivered"),
    BOOL_FAULT(accept_nack_in_1_0, nack_in_1_0_is_error, "no ERROR"),
    BOOL_FAULT(ignore_transactions, transactional_send_waits_for_commit, "delivered before COMMIT"),
    BOOL_FAULT(no_error_unknown_transaction, unknown_transaction_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(accept_begin_without_transaction, begin_without_transaction_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(commit_discards, commit_delivers, "nothing delivered at COMMIT"),
    BOOL_FAULT(abort_delivers, abort_discards, "delivered despite ABORT"),
    BOOL_FAULT(commit_at_disconnect, disconnect_aborts_transactions, "committed at disconnect"),
    BOOL_FAULT(deliver_after_disconnect_receipt, nothing_after_disconnect_receipt, "MESSAGE after"),
    BOOL_FAULT(no_disconnect_receipt, disconnect_gets_receipt, "no RECEIPT for DISCONNECT"),
    BOOL_FAULT(omit_destination, message_has_required_headers, "without destination"),
    BOOL_FAULT(omit_message_id, message_has_required_headers, "without message-id"),
    BOOL_FAULT(omit_subscription_header, message_has_required_headers, "without subscription"),
    BOOL_FAULT(omit_ack_header, client_mode_message_has_ack_header, "without ack"),
    BOOL_FAULT(duplicate_message_ids, message_ids_are_unique, "duplicate message-id"),
    BOOL_FAULT(wrong_content_length, body_with_nul_arrives_whole, "malformed MESSAGE"),
    BOOL_FAULT(omit_content_length, body_with_nul_arrives_whole, "body arrived as 1 octets"),
    BOOL_FAULT(send_malformed_frames, messages_are_well_formed, "malformed MESSAGE"),
    BOOL_FAULT(no_receipts, receipt_id_matches, "no RECEIPT"),
    BOOL_FAULT(wrong_receipt_id, receipt_id_matches, "receipt-id 'r-1-wrong'"),
    BOOL_FAULT(keep_open_after_error, error_closes_connection, "stayed open"),
    BOOL_FAULT(error_without_message_header, error_has_message_header, "without message"),
    BOOL_FAULT(error_without_receipt_id, error_has_receipt_id, "without receipt-id"),
    BOOL_FAULT(no_error_on_malformed, malformed_frame_is_error, "no ERROR"),
    BOOL_FAULT(accept_before_connect, frame_before_connect_is_error, "RECEIPT instead of ERROR"),
    BOOL_FAULT(no_header_escaping, special_octets_round_trip, "malformed MESSAGE"),
    BOOL_FAULT(no_header_unescaping, special_octets_round_trip, "arrived as"),
    BOOL_FAULT(escape_headers_in_1_0, no_escaping_in_1_0, "arrived as 'a\\\\b'"),
    BOOL_FAULT(last_repeated_header_wins, repeated_headers_keep_first_value, "first foo is '2'"),
    BOOL_FAULT(trim_header_values, header_values_are_not_trimmed, "trimmed"),
    BOOL_FAULT(reject_crlf, crlf_is_accepted_in_1_2, "ERROR for a CRLF frame"),
};

// Settings some checks rely on; harmless to the others.
Options check_options() {
  Options o;
  o.server_header = checks::kServerWithBackslash;
  o.max_frame_size = 1024;
  return o;
}

class FaultTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(FaultTest, CheckPassesWithoutTheFaultAndFailsWithIt) {
  const FaultCase& c = GetParam();
  {
    FakeBroker correct({}, check_options());
    EXPECT_EQ(c.check(correct), "") << c.check_name << " fails against the correct broker";
  }
  Faults faults;
  c.apply(faults);
  FakeBroker broken(faults, check_options());
  const std::string result = c.check(broken);
  EXPECT_NE(result, "") << c.check_name << " still passes with " << c.fault;
  EXPECT_NE(result.find(c.reason), std::string::npos)
      << c.check_name << " with " << c.fault << " failed for another reason: " << result;
}

INSTANTIATE_TEST_SUITE_P(EachFault, FaultTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<FaultCase>& param) {
                           return std::string(param.param.fault) + "_" + param.param.check_name;
                         });

TEST(FaultWholeBroker, CrashOnDropsEveryConnectionAndStopsListening) {
  Faults f;
  f.crash_on = "BOOM";
  FakeBroker broker(f);
  auto victim = connected(broker.port());
  auto bystander = TestClient::ws(broker.ws_port());
  victim->send(make_frame("SEND", {{"destination", "/queue/x"}}, "BOOM"));
  EXPECT_TRUE(victim->wait_closed());
  EXPECT_TRUE(bystander->wait_closed());
  EXPECT_ANY_THROW(TestClient::tcp(broker.port()));
  EXPECT_ANY_THROW(TestClient::ws(broker.ws_port()));
}

TEST(FaultWholeBroker, HangOnAnswersNothingButKeepsSocketsOpen) {
  const auto start = std::chrono::steady_clock::now();
  {
    Faults f;
    f.hang_on = "ZZZ";
    FakeBroker broker(f);
    auto c = connected(broker.port());
    c->send(make_frame("SEND", {{"destination", "/queue/x"}}, "ZZZ"));
    c->send(make_frame("BEGIN", {{"transaction", "t"}, {"receipt", "r"}}));
    EXPECT_FALSE(c->receive(TestClient::kQuiet));
    EXPECT_FALSE(c->closed());
    auto late = TestClient::tcp(broker.port());  // still listening...
    late->send(make_frame("CONNECT", {{"accept-version", "1.2"}}));
    EXPECT_FALSE(late->receive(TestClient::kQuiet));  // ...but deaf
    EXPECT_FALSE(late->closed());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(FaultWholeBroker, SetFaultsReachesLiveSessions) {
  FakeBroker broker;
  auto c = connected(broker.port());
  Faults f;
  f.no_receipts = true;
  broker.set_faults(f);
  c->send(make_frame("BEGIN", {{"transaction", "a"}, {"receipt", "1"}}));
  EXPECT_FALSE(c->receive(TestClient::kQuiet));
  broker.set_faults({});
  c->send(make_frame("BEGIN", {{"transaction", "b"}, {"receipt", "2"}}));
  EXPECT_EQ(header_or(c->receive(), "receipt-id"), "2");
}

}  // namespace
}  // namespace stompspec::testing
