// expect_one_of: the first acceptable outcome wins; legal-but-poor outcomes
// carry their own verdict; no outcome is a failure naming what happened.
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

// A SEND without destination: the broker must answer ERROR and close.
constexpr const char* kBadSend = R"([
  {"connect": {}},
  {"raw": "SEND\n\nno destination\u0000"},
  {"expect_one_of": [
    {"name": "ERROR then close", "events": [{"frame": {"command": "ERROR", "headers": {"message": {"present": true}}}}, {"closed": true}]},
    {"name": "close", "events": [{"closed": true}]},
    {"name": "ERROR, left open", "events": [{"frame": {"command": "ERROR"}}, {"silence": 400}], "verdict": "warn", "note": "SHOULD close"}
  ]}
])";

TEST(Outcomes, PreferredOutcomePasses) {
  FakeBroker broker;
  auto r = run_one(make_case(kBadSend), broker.url());
  EXPECT_EQ(r.status, Status::pass) << r.message;
}

TEST(Outcomes, LegalButPoorOutcomeCarriesItsVerdict) {
  Faults f;
  f.keep_open_after_error = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(kBadSend), broker.url());
  EXPECT_EQ(r.status, Status::warn);
  EXPECT_NE(r.message.find("ERROR, left open"), std::string::npos) << r.message;
  EXPECT_EQ(run_one(make_case(kBadSend), broker.url(), fake_profile(), true).status, Status::fail);
}

TEST(Outcomes, NoOutcomeIsAFailureThatSaysWhatHappened) {
  Faults f;
  f.accept_send_without_destination = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(kBadSend), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.expected.find("[ERROR then close]"), std::string::npos) << r.expected;
  EXPECT_NE(r.expected.find("  OR  [close]"), std::string::npos) << r.expected;
  EXPECT_EQ(r.actual, "nothing within the deadline");
}

TEST(Outcomes, MalformedFramesFromTheBrokerFailTheMatch) {
  Faults f;
  f.send_malformed_frames = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(kRoundTrip), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("STOMP 1.2"), std::string::npos) << "names the rule broken: " << r.message;
}

TEST(Outcomes, SilenceAndCloseExpectations) {
  FakeBroker broker;
  // Nothing is sent to an idle subscriber: silence holds, a close does not come.
  auto quiet = make_case(R"([{"connect": {}}, {"expect_silence": 300}, {"disconnect": {}}])");
  EXPECT_EQ(run_one(quiet, broker.url()).status, Status::pass);
  auto closed = make_case(R"([{"connect": {}}, {"expect_closed": {}, "timeout_ms": 300}])");
  auto r = run_one(closed, broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("waited 300 ms for the connection closed"), std::string::npos) << r.message;
}

TEST(Outcomes, HeartBeatsAreMeasured) {
  auto beats = make_case(R"([{"connect": {"headers": {"heart-beat": "0,100"}}},
                             {"expect_heartbeats": {"count": 3, "every_ms": "${heartbeat.server_ms}"}},
                             {"disconnect": {}}])");
  FakeBroker good;
  EXPECT_EQ(run_one(beats, good.url()).status, Status::pass);
  Faults f;
  f.advertise_but_never_beat = true;
  FakeBroker silent(f);
  Profile p = fake_profile();
  p.limits = {{"heartbeat_tolerance_ms", 200}};
  auto r = run_one(beats, silent.url(), p);
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("heart-beat 1 of 3 did not come in time"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace stompspec
