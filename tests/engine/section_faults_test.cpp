// The shipped scenarios against the fake broker: for a requirement in every
// spec section, its case passes when the broker keeps it and fails (or warns,
// for a SHOULD) when the broker is told to break it. This is what makes the
// suite's verdicts trustworthy.
#include <functional>

#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

struct Row {
  const char* section;
  const char* case_id;
  std::function<void(Faults&)> breakit;
  Status broken;  // fail for a MUST, warn for a SHOULD
};

const std::vector<Case>& shipped() {
  static const CaseSet set = load_cases({STOMPSPEC_SOURCE_DIR "/scenarios"});
  return set.cases;
}

const Case* find(const std::string& id) {
  for (const auto& c : shipped())
    if (c.id == id) return &c;
  return nullptr;
}

Profile profile() {
  Profile p = fake_profile();
  p.limits = {{"heartbeat_tolerance_ms", 300}, {"max_body_size", 1 << 20}};
  p.expect_ms = 1500;
  return p;
}

void check_row(const Row& row, const std::string& url) {
  const Case* c = find(row.case_id);
  ASSERT_NE(c, nullptr) << row.case_id << " is not among the shipped scenarios";
  {
    FakeBroker correct;
    auto results = run(*c, url.empty() ? correct.url() : correct.ws_url(), profile());
    EXPECT_FALSE(results.empty()) << row.case_id << " ran no instance";
    for (const auto& r : results)
      EXPECT_TRUE(r.status == Status::pass || r.status == Status::skip)
          << row.case_id << " should pass on a correct broker: " << r.instance << " " << to_string(r.status) << " "
          << r.message;
  }
  Faults f;
  row.breakit(f);
  FakeBroker broken(f);
  auto results = run(*c, url.empty() ? broken.url() : broken.ws_url(), profile());
  bool caught = false;
  for (const auto& r : results) caught |= r.status == row.broken;
  EXPECT_TRUE(caught) << row.case_id << " did not " << to_string(row.broken) << " against a broker breaking it";
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table{
      {"connecting", "stomp12/connecting/1", [](Faults& f) { f.connected_without_version = true; }, Status::fail},
      {"protocol-negotiation", "stomp12/protocol-negotiation/5", [](Faults& f) { f.no_error_on_version_mismatch = true; }, Status::fail},
      {"heart-beating", "stomp12/heart-beating/2", [](Faults& f) { f.advertise_but_never_beat = true; }, Status::fail},
      {"send", "stomp12/send/2", [](Faults& f) { f.accept_send_without_destination = true; }, Status::fail},
      {"subscribe", "stomp12/subscribe/1", [](Faults& f) { f.accept_subscribe_without_id = true; }, Status::fail},
      {"unsubscribe", "stomp12/unsubscribe/1", [](Faults& f) { f.deliver_after_unsubscribe = true; }, Status::fail},
      {"begin", "stomp12/begin/1", [](Faults& f) { f.ignore_transactions = true; }, Status::fail},
      {"message", "stomp12/message/1", [](Faults& f) { f.duplicate_message_ids = true; }, Status::fail},
      {"message ack header", "stomp12/message/5", [](Faults& f) { f.omit_ack_header = true; }, Status::fail},
      {"nack", "stomp12/nack/3", [](Faults& f) { f.client_ack_not_cumulative = true; }, Status::fail},
      {"error", "stomp12/error/3", [](Faults& f) { f.keep_open_after_error = true; }, Status::fail},
      {"error message header", "stomp12/error/1", [](Faults& f) { f.error_without_message_header = true; }, Status::warn},
      {"value-encoding", "stomp12/value-encoding/1", [](Faults& f) { f.no_header_escaping = true; }, Status::fail},
      {"repeated-headers", "stomp12/repeated-headers/1", [](Faults& f) { f.last_repeated_header_wins = true; }, Status::warn},
      {"stomp-frames", "stomp12/stomp-frames/1", [](Faults& f) { f.reject_crlf = true; }, Status::fail},
      {"content-length", "stomp12/content-length/1", [](Faults& f) { f.truncate_body_at_nul = true; }, Status::fail},
      {"content-length on MESSAGE", "stomp12/content-length/2", [](Faults& f) { f.wrong_content_length = true; }, Status::fail},
      {"ack", "stomp12/ack/2", [](Faults& f) { f.client_ack_not_cumulative = true; }, Status::fail},
      {"ack redelivery", "stomp12/ack/4", [](Faults& f) { f.no_redelivery_after_disconnect = true; }, Status::fail},
      {"commit", "stomp12/begin/1", [](Faults& f) { f.commit_discards = true; }, Status::fail},
      {"abort", "stomp12/abort/1", [](Faults& f) { f.abort_delivers = true; }, Status::fail},
      {"receipt", "stomp12/receipt-header/2", [](Faults& f) { f.wrong_receipt_id = true; }, Status::fail},
      {"receipt escaping", "stomp12/receipt/1", [](Faults& f) { f.no_header_escaping = true; }, Status::fail},
      {"disconnect", "stomp12/disconnect/2", [](Faults& f) { f.deliver_after_disconnect_receipt = true; }, Status::fail},
      {"before connect", "stomp12/connecting/7", [](Faults& f) { f.accept_before_connect = true; }, Status::fail},
  };
  return table;
}

class SectionFaults : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SectionFaults, CaseFailsExactlyWhenTheBrokerBreaksItOverTcp) { check_row(rows()[GetParam()], ""); }

INSTANTIATE_TEST_SUITE_P(Shipped, SectionFaults, ::testing::Range<std::size_t>(0, rows().size()),
                         [](const auto& param_info) {
                           std::string n = rows()[param_info.param].section;
                           for (auto& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// A case whose only failing broker is a real one (RabbitMQ reads CR LF as an
// end of line at 1.0): it must at least pass on a correct broker.
TEST(ShippedCases, CrLfIsNotAnEolAt10PassesOnACorrectBroker) {
  FakeBroker correct;
  const Case* c = find("stomp10/stomp-frames/1");
  ASSERT_NE(c, nullptr);
  auto r = run(*c, correct.url(), profile());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, Status::pass) << r[0].message;
}

// The same checks hold over WebSocket for a sample: the transport is not
// what makes them pass.
TEST(SectionFaultsWs, SendWithoutDestinationOverWebSocket) { check_row(rows()[3], "ws"); }

}  // namespace
}  // namespace stompspec
