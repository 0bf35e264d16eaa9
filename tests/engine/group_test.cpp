// expect_unordered and expect_one_client as scenario steps, against the fake
// broker: each passes on correct behaviour and fails, saying what it saw, on
// wrong behaviour.
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

// Two subscriptions to one topic on one connection; the fake broker serves
// t1 first, so a group listing t2 first shows that order does not matter.
constexpr const char* kTwoSubscriptions = R"([
  {"connect": {}},
  {"send": {"command": "SUBSCRIBE", "headers": {"id": "t1", "destination": "${topic}"}}, "receipt": true},
  {"send": {"command": "SUBSCRIBE", "headers": {"id": "t2", "destination": "${topic}"}}, "receipt": true},
  {"send": {"command": "SEND", "headers": {"destination": "${topic}"}, "body": "fan-out"}},
  GROUP,
  {"expect_silence": 300}
])";

constexpr const char* kT1 = R"({"command": "MESSAGE", "headers": {"subscription": "t1"}, "body": "fan-out"})";
constexpr const char* kT2 = R"({"command": "MESSAGE", "headers": {"subscription": "t2"}, "body": "fan-out"})";

CaseResult two_subscriptions(const std::string& group, const FakeBroker& broker) {
  return run_one(make_case(with(kTwoSubscriptions, "GROUP", group)), broker.url());
}

TEST(Unordered, EitherOrderPasses) {
  FakeBroker broker;
  // The premise: in sequence, t2 first fails, so the fake really sends t1 first.
  auto seq = two_subscriptions(std::string("{\"expect\": ") + kT2 + "}, {\"expect\": " + kT1 + "}", broker);
  ASSERT_EQ(seq.status, Status::fail) << seq.message;
  const std::vector<std::string> groups{std::string("[") + kT2 + ", " + kT1 + "]",
                                        std::string("[") + kT1 + ", " + kT2 + "]"};
  for (const auto& group : groups) {
    auto r = two_subscriptions("{\"expect_unordered\": " + group + "}", broker);
    EXPECT_EQ(r.status, Status::pass) << group << ": " << r.message;
  }
}

TEST(Unordered, AMissingFrameFailsNamingTheUnmetMatcher) {
  FakeBroker broker;
  auto r = two_subscriptions(std::string("{\"expect_unordered\": [") + kT2 + ", " + kT1 +
                                 R"(, {"command": "MESSAGE", "headers": {"subscription": "t3"}}], "timeout_ms": 300})",
                             broker);
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("waited 300 ms; 2 of 3 frames came, still unmet: [3] MESSAGE, subscription = 't3'"),
            std::string::npos) << r.message;
  EXPECT_NE(r.expected.find("in any order: [1] MESSAGE, subscription = 't2'"), std::string::npos) << r.expected;
  EXPECT_NE(r.actual.find("MESSAGE, then MESSAGE, then nothing more within the deadline"), std::string::npos) << r.actual;
}

TEST(Unordered, AFrameNoOpenMatcherFitsFails) {
  FakeBroker broker;
  auto r = two_subscriptions(std::string("{\"expect_unordered\": [") + kT1 +
                                 R"(, {"command": "MESSAGE", "headers": {"subscription": "t9"}}]})",
                             broker);
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("MESSAGE is none of the frames still expected: [2] MESSAGE header 'subscription' is "
                           "'t2', expected 't9'"),
            std::string::npos) << r.message;
}

TEST(Unordered, AFrameFittingOnlyAMetMatcherFails) {
  FakeBroker broker;
  auto r = two_subscriptions(R"({"expect_unordered": [{"command": "MESSAGE"}, {"command": "RECEIPT"}]})", broker);
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("MESSAGE fits only [1] MESSAGE, already met by an earlier frame; still unmet: [2] RECEIPT"),
            std::string::npos) << r.message;
}

// Greedy pairing fails here: t1 fits both matchers and would take the first,
// leaving t2 nothing. The capture must come from the final pairing (t2), which
// the next SEND's body proves.
TEST(Unordered, OverlappingMatchersArePairedProperlyAndCaptureOnlyTheFinalPairing) {
  FakeBroker broker;
  auto r = two_subscriptions(R"({"expect_unordered": [
      {"command": "MESSAGE", "headers": {"subscription": {"capture": "other"}}},
      {"command": "MESSAGE", "headers": {"subscription": "t1"}}]},
    {"send": {"command": "SEND", "headers": {"destination": "${topic}"}, "body": "${other}"}},
    {"expect_unordered": [{"command": "MESSAGE", "body": "t2"}, {"command": "MESSAGE", "body": "t2"}]})",
                             broker);
  EXPECT_EQ(r.status, Status::pass) << r.message << "\n" << r.actual;
}

// The capture must come from the frame the final pairing gives its matcher
// (t1), not from a later frame that also fits it (t2).
TEST(Unordered, ACaptureComesFromThePairedFrameNotTheLastThatFits) {
  FakeBroker broker;
  auto r = two_subscriptions(R"({"expect_unordered": [
      {"command": "MESSAGE", "headers": {"subscription": {"capture": "first"}}},
      {"command": "MESSAGE", "headers": {"subscription": "t2"}}]},
    {"send": {"command": "SEND", "headers": {"destination": "${topic}"}, "body": "${first}"}},
    {"expect_unordered": [{"command": "MESSAGE", "body": "t1"}, {"command": "MESSAGE", "body": "t1"}]})",
                             broker);
  EXPECT_EQ(r.status, Status::pass) << r.message << "\n" << r.actual;
}

TEST(Unordered, ACloseFails) {
  FakeBroker broker;
  auto r = run_one(make_case(R"([{"connect": {}}, {"raw": "SEND\n\nno destination\u0000"},
                                 {"expect_unordered": [{"command": "RECEIPT"}, {"command": "ERROR"}]}])"),
                   broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("expected 1 more frame(s), got the connection closed"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("still unmet: [1] RECEIPT"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace stompspec
