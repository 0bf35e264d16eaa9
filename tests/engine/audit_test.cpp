// Rules every frame keeps are checked whatever a case looks at; a header a
// case captured but the broker left out is the broker's failure; a failed
// expect_one_of says why each outcome failed; profile timeouts bound waits.
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

// Looks only at the bodies: the MESSAGE headers are not this case's subject.
constexpr const char* kTwoMessages = R"([
  {"connect": {}},
  {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${queue}"}}, "receipt": true},
  {"send": {"command": "SEND", "headers": {"destination": "${queue}"}, "body": "one"}},
  {"expect": {"command": "MESSAGE", "body": "one"}},
  {"send": {"command": "SEND", "headers": {"destination": "${queue}"}, "body": "two"}},
  {"expect": {"command": "MESSAGE", "body": "two"}},
  {"disconnect": {}}
])";

TEST(Audit, ACorrectBrokerPasses) {
  FakeBroker broker;
  auto r = run(make_case(kTwoMessages, R"(["1.0", "1.1", "1.2"])"), broker.url());
  ASSERT_EQ(r.size(), 3u);
  for (const auto& x : r) EXPECT_EQ(x.status, Status::pass) << x.instance << ": " << x.message;
}

TEST(Audit, AMessageWithoutMessageIdFailsACaseThatDoesNotLookForIt) {
  Faults f;
  f.omit_message_id = true;
  FakeBroker broker(f);
  auto r = run(make_case(kTwoMessages, R"(["1.0", "1.2"])"), broker.url());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, Status::warn) << "1.0 states it loosely: " << r[0].message;
  EXPECT_EQ(r[1].status, Status::fail) << r[1].message;
  EXPECT_NE(r[1].message.find("MESSAGE lacks the message-id header"), std::string::npos) << r[1].message;
  EXPECT_NE(r[1].message.find("1.2/message/3"), std::string::npos) << r[1].message;
}

TEST(Audit, TwoDifferentMessagesWithOneMessageIdFail) {
  Faults f;
  f.duplicate_message_ids = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(kTwoMessages), broker.url());
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("share message-id"), std::string::npos) << r.message;
}

TEST(Audit, ARedeliveryMayRepeatItsMessageId) {
  FakeBroker broker;
  auto r = run_one(make_case(R"([
    {"connect": {}},
    {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${queue}", "ack": "client-individual"}}, "receipt": true},
    {"send": {"command": "SEND", "headers": {"destination": "${queue}"}, "body": "one"}},
    {"expect": {"command": "MESSAGE", "body": "one", "headers": {"ack": {"capture": "a"}}}},
    {"send": {"command": "NACK", "headers": {"id": "${a}"}}},
    {"expect": {"command": "MESSAGE", "body": "one"}},
    {"disconnect": {}}])"), broker.url());
  EXPECT_EQ(r.status, Status::pass) << r.message;
}

TEST(Audit, UsingACaptureOfAnAbsentHeaderIsAFailureNotAnError) {
  Faults f;
  f.omit_ack_header = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(R"([
    {"connect": {}},
    {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${queue}", "ack": "client"}}, "receipt": true},
    {"send": {"command": "SEND", "headers": {"destination": "${queue}"}, "body": "one"}},
    {"expect": {"command": "MESSAGE", "headers": {"ack": {"capture": "a"}}}},
    {"send": {"command": "ACK", "headers": {"id": "${a}"}}, "receipt": true}])"), broker.url());
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("the MESSAGE had no 'ack' header"), std::string::npos) << r.message;
}

TEST(Audit, NoMatchingOutcomeNamesTheClosestAndEachOnesReason) {
  FakeBroker broker;
  auto r = run_one(make_case(R"([
    {"connect": {}},
    {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${queue}"}}, "receipt": true},
    {"send": {"command": "SEND", "headers": {"destination": "${queue}"}, "body": "one"}},
    {"expect_one_of": [
      {"name": "ERROR", "events": [{"frame": {"command": "ERROR"}}]},
      {"name": "MESSAGE with x", "events": [{"frame": {"command": "MESSAGE", "headers": {"x": "1"}}}]}]}])"),
                     broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("closest was [MESSAGE with x]"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("[ERROR] got MESSAGE where ERROR was expected"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("MESSAGE header 'x' is missing"), std::string::npos) << r.message;
}

TEST(Audit, AHeartBeatStepLongerThanMaxWaitIsSkippedWithTheReason) {
  FakeBroker broker;
  Profile p = fake_profile();
  p.max_wait_ms = 500;
  auto r = run_one(make_case(R"([{"connect": {"headers": {"heart-beat": "0,100"}}},
    {"expect_heartbeats": {"count": 3, "every_ms": "${heartbeat.server_ms}"}}])"), broker.url(), p);
  EXPECT_EQ(r.status, Status::skip);
  EXPECT_NE(r.message.find("max_wait_ms (500 ms)"), std::string::npos) << r.message;
}

TEST(Audit, AfterErrorSilenceLastsTheProfilesWindow) {
  Faults f;
  f.keep_open_after_error = true;
  FakeBroker broker(f);
  auto c = make_case(R"([{"connect": {}}, {"raw": "SEND\n\nx\u0000"},
    {"expect_one_of": [
      {"name": "ERROR then close", "events": [{"frame": {"command": "ERROR"}}, {"closed": true}]},
      {"name": "ERROR, left open", "events": [{"frame": {"command": "ERROR"}}, {"silence": "after_error"}],
       "verdict": "fail"}]}])");
  Profile p = fake_profile();
  p.after_error_ms = 250;
  // Were the window any other timeout, the case would last 30 s, far past the bound below.
  p.expect_ms = 30000;
  p.silence_ms = 30000;
  auto r = run_one(c, broker.url(), p);
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("ERROR, left open"), std::string::npos) << r.message;
  EXPECT_LT(r.duration_ms, 15000);
}

}  // namespace
}  // namespace stompspec
