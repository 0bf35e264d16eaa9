// Each oracle against the fake broker: silent on a correct broker, and firing
// on the fault it exists for. Writes are hand-made here, not generated.
#include <gtest/gtest.h>

#include "codec/serializer.hpp"
#include "fuzz_test_util.hpp"

namespace stompspec::fuzzer {
namespace {

using namespace std::string_literals;
using testing::FakeBroker;
using testing::Faults;
using testutil::fast_config;
using testutil::url_of;

std::string frame(Frame f, Version v = Version::v1_2) { return serialize(f, v); }

std::string connect12() {
  return frame({"CONNECT", {{"accept-version", "1.2"}, {"host", "/"}, {"login", "guest"}, {"passcode", "guest"}, {"heart-beat", "0,0"}}, {}});
}

const Detection* find(const SessionResult& r, Oracle o) {
  for (const auto& d : r.detections)
    if (d.oracle == o) return &d;
  return nullptr;
}

SessionOptions judged(bool wait_for_grace = true) {
  SessionOptions ro;
  ro.version = Version::v1_2;
  ro.wait_error_grace = [wait_for_grace](bool) { return wait_for_grace; };
  return ro;
}

const std::vector<std::string> kRoundTrip = {
    connect12(),
    frame({"SUBSCRIBE", {{"id", "s1"}, {"destination", "/queue/o"}, {"receipt", "r1"}}, {}}),
    frame({"SEND", {{"destination", "/queue/o"}}, "hello"}),
    frame({"ACK", {{"id", "@@ack@@"}}, {}}),
};

TEST(Oracles, ACorrectBrokerGivesNoDetectionOverTcpAndWebSocket) {
  FakeBroker broker;
  for (const auto& url : {broker.url(), broker.ws_url()}) {
    SessionResult r = run_writes(url_of(url), kRoundTrip, judged(), fast_config());
    EXPECT_TRUE(r.detections.empty()) << url << ": " << r.detections[0].detail;
    EXPECT_EQ(r.sent.size(), kRoundTrip.size());
    EXPECT_EQ(r.sent[3].find("@@ack@@"), std::string::npos) << "the ACK quotes the MESSAGE it got";
    EXPECT_FALSE(probe_broker(url_of(url), fast_config()).has_value()) << url;
  }
}

TEST(Oracles, MessageWithoutSubscriptionIsAMissingHeader) {
  Faults f;
  f.omit_subscription_header = true;
  FakeBroker broker(f);
  SessionResult r = run_writes(url_of(broker.url()), kRoundTrip, judged(), fast_config());
  const Detection* d = find(r, Oracle::missing_header);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->key, "MESSAGE/subscription");
  EXPECT_EQ(r.events[d->event].event.frame.command, "MESSAGE");
}

TEST(Oracles, MalformedServerOctetsAreAnInvalidFrame) {
  Faults f;
  f.send_malformed_frames = true;
  FakeBroker broker(f);
  SessionResult r = run_writes(url_of(broker.url()), kRoundTrip, judged(), fast_config());
  const Detection* d = find(r, Oracle::invalid_frame);
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->key.starts_with("malformed/")) << d->key;
}

TEST(Oracles, ReceiptBeforeConnectIsAcceptedBeforeConnect) {
  const std::vector<std::string> early = {frame({"SEND", {{"destination", "/queue/e"}, {"receipt", "r0"}}, "x"})};
  {
    FakeBroker correct;
    SessionResult r = run_writes(url_of(correct.url()), early, judged(false), fast_config());
    EXPECT_EQ(find(r, Oracle::before_connect), nullptr);
  }
  Faults f;
  f.accept_before_connect = true;
  FakeBroker broken(f);
  SessionResult r = run_writes(url_of(broken.url()), early, judged(false), fast_config());
  const Detection* d = find(r, Oracle::before_connect);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->key, "RECEIPT");
}

TEST(Oracles, ConnectionLeftOpenAfterErrorIsFlaggedOnlyPastTheGrace) {
  const std::vector<std::string> bad = {connect12(), frame({"FOO", {}, {}})};
  {
    FakeBroker correct;
    SessionResult r = run_writes(url_of(correct.url()), bad, judged(), fast_config());
    EXPECT_EQ(find(r, Oracle::open_after_error), nullptr);
  }
  Faults f;
  f.keep_open_after_error = true;
  FakeBroker lingering(f);
  const auto start = Clock::now();
  SessionResult r = run_writes(url_of(lingering.url()), bad, judged(), fast_config());
  const Detection* d = find(r, Oracle::open_after_error);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->key, "connected");
  EXPECT_GE(Clock::now() - start, fast_config().error_grace);
  // Told not to wait (the behaviour is already known), it does not.
  SessionResult quick = run_writes(url_of(lingering.url()), bad, judged(false), fast_config());
  EXPECT_EQ(find(quick, Oracle::open_after_error), nullptr);
}

TEST(Oracles, UnansweredDisconnectAfterValidFramesIsASessionHang) {
  Faults f;
  f.never_answer_connect = true;
  FakeBroker broker(f);
  SessionResult r = run_writes(url_of(broker.url()), {connect12()}, judged(), fast_config());
  const Detection* d = find(r, Oracle::session_hang);
  ASSERT_NE(d, nullptr) << "DISCONNECT with a receipt went unanswered on an open connection";
  auto probe = probe_broker(url_of(broker.url()), fast_config());
  ASSERT_TRUE(probe.has_value());
  EXPECT_EQ(probe->oracle, Oracle::broker_hang);
}

TEST(Oracles, ProbeSaysDownWhenTheBrokerStoppedListening) {
  Faults f;
  f.crash_on = "BOOM";
  FakeBroker broker(f);
  const Url url = url_of(broker.url());
  run_writes(url, {connect12(), frame({"SEND", {{"destination", "/queue/b"}}, "BOOM"})}, judged(false), fast_config());
  auto probe = probe_broker(url, fast_config());
  ASSERT_TRUE(probe.has_value());
  EXPECT_EQ(probe->oracle, Oracle::broker_down);
}

TEST(Oracles, OnlyGrammarViolationsCountNotTheHarnessSizeLimits) {
  auto event = [](const char* rule) {
    Received r;
    r.event.frame = {"MESSAGE", {{"destination", "/q/a"}, {"message-id", "1"}, {"subscription", "s"}}, {}};
    r.event.violations.push_back({"something", 0, rule});
    return r;
  };
  EventOracle oracle(Version::v1_2);
  std::vector<Detection> out;
  Received connected;
  connected.event.frame = {"CONNECTED", {{"version", "1.2"}}, {}};
  oracle.on_event(connected, 0, out);
  oracle.on_event(event("STOMP 1.2 Size Limits"), 0, out);
  oracle.on_event(event("STOMP 1.0 (no size limits; harness Limits)"), 1, out);
  EXPECT_TRUE(out.empty());
  oracle.on_event(event("STOMP 1.2 Value Encoding"), 2, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "MESSAGE/value-encoding");
  EXPECT_EQ(out[0].event, 2u);
  oracle.on_event(event("STOMP 1.1 Value Encoding"), 3, out);
  EXPECT_EQ(out.size(), 1u) << "one detection per key and connection, whatever the version";
}

TEST(Oracles, StrictValidityNeedsWholeGrammaticalFrames) {
  EXPECT_TRUE(strictly_valid(kRoundTrip, Version::v1_2));
  EXPECT_FALSE(strictly_valid({connect12(), "SEND\ndestination:/q/a\ncontent-length:99\n\nshort\0"s}, Version::v1_2));
  EXPECT_FALSE(strictly_valid({"SEND\nx:a\\tb\n\n\0"s}, Version::v1_2));
  EXPECT_FALSE(strictly_valid({connect12(), "SUBSCRIBE\nid:1\n"}, Version::v1_2)) << "a frame cut short";
}

}  // namespace
}  // namespace stompspec::fuzzer
