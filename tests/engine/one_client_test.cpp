// expect_one_client as a scenario step, against the fake broker: a queue
// message reaches exactly one of two subscribers and passes; a topic message
// reaches both and fails; so does no delivery or a stray frame.
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;

// Each subscription's id is its client's name, so the captured subscription
// shows which connection got the message.
constexpr const char* kCompeting = R"([
  {"client": "one", "connect": {}},
  {"client": "one", "send": {"command": "SUBSCRIBE", "headers": {"id": "one", "destination": "DEST"}}, "receipt": true},
  {"client": "two", "connect": {}},
  {"client": "two", "send": {"command": "SUBSCRIBE", "headers": {"id": "two", "destination": "DEST"}}, "receipt": true},
  {"client": "producer", "connect": {}},
  BEFORE
  {"client": "producer", "send": {"command": "SEND", "headers": {"destination": "TO"}, "body": "work"}},
  {"expect_one_client": {"clients": ["one", "two"], "silence_ms": 300, "capture_client": "winner",
                         "frame": {"command": "MESSAGE", "headers": {"subscription": {"capture": "sub"}}, "body": "work"}},
   "timeout_ms": 500},
  {"client": "${winner}", "send": {"command": "SEND", "headers": {"destination": "${queue:other}"}, "body": "winner ${sub}"}}
])";

CaseResult competing(const FakeBroker& broker, const std::string& dest, const std::string& to = "",
                     const std::string& before = "") {
  std::string steps = kCompeting;
  auto put = [&](const std::string& from, const std::string& text) {
    for (auto at = steps.find(from); at != std::string::npos; at = steps.find(from)) steps.replace(at, from.size(), text);
  };
  put("DEST", dest);
  put("TO", to.empty() ? dest : to);
  put("BEFORE", before);
  return run_one(make_case(steps, R"(["1.2"])", R"("clients": ["one", "two", "producer"],)"), broker.url());
}

// The client a transcript entry containing `text` belongs to.
std::string client_of(const CaseResult& r, const std::string& text) {
  for (const auto& e : r.transcript)
    if (e.data.find(text) != std::string::npos) return e.client;
  return "(none)";
}

TEST(OneClient, AQueueMessageReachesOneSubscriberAndLaterStepsUseTheWinner) {
  FakeBroker broker;
  auto r = competing(broker, "${queue}");
  ASSERT_EQ(r.status, Status::pass) << r.message << "\nexpected: " << r.expected << "\nactual: " << r.actual;
  std::string winner = client_of(r, "this client received the frame");
  EXPECT_TRUE(winner == "one" || winner == "two") << winner;
  // "client": "${winner}" sent from the winner's connection, and the capture
  // came from the winning frame.
  EXPECT_EQ(client_of(r, "winner " + winner), winner) << transcript(r);
}

TEST(OneClient, ATopicMessageReachesBothAndFails) {
  FakeBroker broker;
  auto r = competing(broker, "${topic}");
  EXPECT_EQ(r.status, Status::fail);
  // Which copy is read first depends on the polling round; both must be named.
  EXPECT_TRUE(r.message.find("delivered to both one and two") != std::string::npos ||
              r.message.find("delivered to both two and one") != std::string::npos) << r.message;
  EXPECT_NE(r.expected.find("on exactly one of one, two, then nothing on the others for 300 ms"), std::string::npos)
      << r.expected;
  EXPECT_NE(r.actual.find(": MESSAGE, then "), std::string::npos) << r.actual;
}

TEST(OneClient, NoDeliveryFails) {
  FakeBroker broker;
  auto r = competing(broker, "${queue}", "${queue:elsewhere}");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("waited 500 ms: none of one, two received it"), std::string::npos) << r.message;
  EXPECT_EQ(r.actual, "nothing within the deadline");
}

TEST(OneClient, AnotherFrameOnAListedClientFails) {
  FakeBroker broker;
  auto r = competing(broker, "${queue}", "",
                     R"({"client": "two", "send": {"command": "SEND", "headers": {"destination": "${queue:x}", "receipt": "r-1"}}},)");
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("two got an unexpected frame: got RECEIPT where MESSAGE was expected"), std::string::npos)
      << r.message;
}

TEST(OneClient, AnUnsetClientVariableIsAHarnessError) {
  FakeBroker broker;
  auto c = make_case(R"([{"client": "${nobody}", "connect": {}}])", R"(["1.2"])", R"("clients": ["one"],)");
  auto r = run_one(c, broker.url());
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.message.find("nobody"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace stompspec
