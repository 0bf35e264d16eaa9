// The fake broker with no faults: it must behave as a correct STOMP broker,
// or the fault tests (and every check proven with it) mean nothing.
#include <gtest/gtest.h>

#include <thread>

#include "fake_broker.hpp"
#include "test_client.hpp"

namespace stompspec::testing {
namespace {

TEST(FakeBroker, NegotiatesTheHighestCommonVersion) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  const Frame reply = c->connect("1.0,1.1,2.0");
  EXPECT_EQ(reply.command, "CONNECTED");
  ASSERT_TRUE(reply.has("version"));
  EXPECT_EQ(*reply.find("version"), "1.1");
  EXPECT_TRUE(reply.has("session"));
  EXPECT_TRUE(reply.has("server"));
  EXPECT_TRUE(reply.has("heart-beat"));
  EXPECT_EQ(broker.connections_accepted(), 1u);
}

TEST(FakeBroker, NoAcceptVersionMeans10) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  const Frame reply = c->connect(std::vector<Header>{{"login", "guest"}, {"passcode", "guest"}});
  EXPECT_EQ(reply.command, "CONNECTED");
  EXPECT_EQ(reply.find("version") ? *reply.find("version") : "", "1.0");
}

TEST(FakeBroker, NoCommonVersionIsAnErrorThenClose) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  const Frame reply = c->connect("2.0,3.1");
  EXPECT_EQ(reply.command, "ERROR");
  ASSERT_TRUE(reply.has("version"));
  EXPECT_EQ(*reply.find("version"), "1.0,1.1,1.2");
  EXPECT_TRUE(reply.has("message"));
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, StompFrameConnectsLikeConnect) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  c->send(make_frame("STOMP", {{"accept-version", "1.2"}, {"host", "/"}}));
  const auto reply = c->receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->command, "CONNECTED");
}

TEST(FakeBroker, WrongPasscodeIsRefused) {
  FakeBroker broker;
  auto good = TestClient::tcp(broker.port());
  EXPECT_EQ(good->connect({{"accept-version", "1.2"}, {"login", "guest"}, {"passcode", "guest"}}).command,
            "CONNECTED");
  auto bad = TestClient::tcp(broker.port());
  const Frame reply = bad->connect({{"accept-version", "1.2"}, {"login", "guest"}, {"passcode", "nope"}});
  EXPECT_EQ(reply.command, "ERROR");
  EXPECT_TRUE(reply.has("message"));
  EXPECT_TRUE(bad->wait_closed());
}

TEST(FakeBroker, FrameBeforeConnectIsAnErrorThenClose) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  c->send(make_frame("SEND", {{"destination", "/queue/a"}}, "early"));
  const auto reply = c->receive();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->command, "ERROR");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, MessageCarriesHeadersAndBodyOverTcp) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "s1", "/queue/carry");
  const std::string body("a\0b", 3);
  c->send(make_frame("SEND",
                     {{"destination", "/queue/carry"},
                      {"content-type", "text/plain"},
                      {"colour", "red"},
                      {"colour", "blue"},
                      {"odd", "a:b\nc\\d"}},
                     body));
  const auto m = c->receive();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->command, "MESSAGE");
  EXPECT_EQ(header_or(m, "destination"), "/queue/carry");
  EXPECT_EQ(header_or(m, "subscription"), "s1");
  EXPECT_TRUE(m->has("message-id"));
  EXPECT_FALSE(m->has("ack"));  // auto mode needs none
  EXPECT_EQ(header_or(m, "content-type"), "text/plain");
  EXPECT_EQ(header_or(m, "odd"), "a:b\nc\\d");
  EXPECT_EQ(m->body, body);
  std::vector<std::string> colours;
  for (const auto& h : m->headers) {
    if (h.name == "colour") colours.push_back(h.value);
  }
  EXPECT_EQ(colours, (std::vector<std::string>{"red", "blue"}));
  EXPECT_NE(c->raw_received().find("odd:a\\cb\\nc\\\\d"), std::string::npos);
}

TEST(FakeBroker, RoundTripOverWebSocket) {
  FakeBroker broker;
  auto c = TestClient::ws(broker.ws_port());
  EXPECT_EQ(c->subprotocol(), "v12.stomp");
  EXPECT_EQ(c->connect("1.2").command, "CONNECTED");
  subscribe(*c, "w", "/topic/ws");
  c->send(make_frame("SEND", {{"destination", "/topic/ws"}}, "over ws"));
  const auto m = c->receive();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->command, "MESSAGE");
  EXPECT_EQ(m->body, "over ws");
}

TEST(FakeBroker, WebSocketSubprotocolChoice) {
  FakeBroker broker;
  EXPECT_EQ(TestClient::ws(broker.ws_port(), {"v10.stomp", "v11.stomp"})->subprotocol(), "v11.stomp");
  auto none = TestClient::ws(broker.ws_port(), {});
  EXPECT_EQ(none->subprotocol(), "");
  EXPECT_EQ(none->connect("1.2").command, "CONNECTED");
  EXPECT_ANY_THROW(TestClient::ws(broker.ws_port(), {"v12.stomp"}, "/elsewhere"));
}

TEST(FakeBroker, QueueStoresAndTopicDrops) {
  FakeBroker broker;
  auto sender = connected(broker.port());
  sender->send(make_frame("SEND", {{"destination", "/queue/kept"}}, "q"));
  sender->send(make_frame("SEND", {{"destination", "/topic/lost"}, {"receipt", "r"}}, "t"));
  ASSERT_TRUE(sender->receive());  // the RECEIPT: both SENDs were processed
  auto late = connected(broker.port());
  subscribe(*late, "t", "/topic/lost");
  subscribe(*late, "q", "/queue/kept");
  const auto m = late->receive();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "q");
  EXPECT_FALSE(late->receive(TestClient::kQuiet));
}

TEST(FakeBroker, QueueGoesToOneSubscriberTopicToAll) {
  FakeBroker broker;
  auto a = connected(broker.port());
  auto b = connected(broker.port());
  subscribe(*a, "qa", "/queue/one");
  subscribe(*b, "qb", "/queue/one");
  subscribe(*a, "ta", "/topic/all");
  subscribe(*b, "tb", "/topic/all");
  a->send(make_frame("SEND", {{"destination", "/queue/one"}}, "once"));
  a->send(make_frame("SEND", {{"destination", "/topic/all"}}, "everyone"));
  int queue_copies = 0;
  int topic_copies = 0;
  for (auto* c : {a.get(), b.get()}) {
    while (auto m = c->receive(TestClient::kQuiet * 2)) {
      (m->body == "once" ? queue_copies : topic_copies) += 1;
    }
  }
  EXPECT_EQ(queue_copies, 1);
  EXPECT_EQ(topic_copies, 2);
}

TEST(FakeBroker, UnsubscribeStopsDelivery) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "u", "/topic/u");
  c->send(make_frame("UNSUBSCRIBE", {{"id", "u"}, {"receipt", "gone"}}));
  ASSERT_EQ(command_of(c->receive()), "RECEIPT");
  c->send(make_frame("SEND", {{"destination", "/topic/u"}}, "nobody"));
  EXPECT_FALSE(c->receive(TestClient::kQuiet));
}

TEST(FakeBroker, ReceiptEchoesTheReceiptValue) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send(make_frame("BEGIN", {{"transaction", "t"}, {"receipt", "odd:value"}}));
  const auto r = c->receive();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->command, "RECEIPT");
  EXPECT_EQ(header_or(r, "receipt-id"), "odd:value");
}

TEST(FakeBroker, DisconnectReceiptThenClose) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "d", "/topic/d");
  c->send(make_frame("DISCONNECT", {{"receipt", "bye"}}));
  const auto r = c->receive();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->command, "RECEIPT");
  EXPECT_EQ(header_or(r, "receipt-id"), "bye");
  auto other = connected(broker.port());
  other->send(make_frame("SEND", {{"destination", "/topic/d"}}, "after"));
  EXPECT_TRUE(c->wait_closed());
  EXPECT_FALSE(c->receive(TestClient::kQuiet));
}

TEST(FakeBroker, MalformedFrameGetsErrorWithReceiptIdThenClose) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send_raw(std::string("SEND\ndestination:/queue/a\nreceipt:77\nbad:\\t\n\nx") + '\0');
  const auto e = c->receive();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->command, "ERROR");
  EXPECT_TRUE(e->has("message"));
  EXPECT_EQ(header_or(e, "receipt-id"), "77");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, BodyOnSubscribeIsMalformed) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send_raw(std::string("SUBSCRIBE\nid:1\ndestination:/queue/a\n\nbody") + '\0');
  EXPECT_EQ(command_of(c->receive()), "ERROR");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, SendWithoutDestinationIsAnError) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send(make_frame("SEND", {{"receipt", "r"}}, "where?"));
  const auto e = c->receive();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->command, "ERROR");
  EXPECT_EQ(header_or(e, "receipt-id"), "r");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, OversizeFrameIsAnError) {
  Options o;
  o.max_frame_size = 1024;
  FakeBroker broker({}, o);
  auto c = connected(broker.port());
  c->send(make_frame("SEND", {{"destination", "/queue/big"}}, std::string(4096, 'x')));
  EXPECT_EQ(command_of(c->receive()), "ERROR");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, NackIsNotPartOf10) {
  FakeBroker broker;
  auto c = connected(broker.port(), "1.0");
  c->send(make_frame("NACK", {{"message-id", "m"}}));
  EXPECT_EQ(command_of(c->receive()), "ERROR");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBroker, CrlfLineEndingsAreFineIn12) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send_raw(std::string("BEGIN\r\ntransaction:t\r\nreceipt:crlf\r\n\r\n") + '\0');
  const auto r = c->receive();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->command, "RECEIPT");
}

TEST(FakeBroker, EolsAfterTheNulAreFine) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send_raw(std::string("BEGIN\ntransaction:t\nreceipt:a\n\n") + '\0' + "\n\r\n\n" +
              std::string("COMMIT\ntransaction:t\nreceipt:b\n\n") + '\0' + "\n");
  EXPECT_EQ(header_or(c->receive(), "receipt-id"), "a");
  EXPECT_EQ(header_or(c->receive(), "receipt-id"), "b");
}

TEST(FakeBroker, SurvivesGarbageAndKeepsServing) {
  FakeBroker broker;
  for (const std::string& junk : {std::string("\x01\x02\xff\xfe garbage\n\n", 14), std::string(70000, ':'),
                                 std::string("CONNECT\naccept-version:1.2\n\n") + '\0' + std::string(100, '\0')}) {
    auto c = TestClient::tcp(broker.port());
    c->send_raw(junk);
    c->wait_closed(TestClient::kQuiet);
  }
  auto c = TestClient::tcp(broker.port());
  EXPECT_EQ(c->connect("1.2").command, "CONNECTED");
}

TEST(FakeBroker, DestructionWithOpenClientsIsPrompt) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<TestClient> tcp_client;
  std::unique_ptr<TestClient> ws_client;
  {
    FakeBroker broker;
    tcp_client = connected(broker.port());
    ws_client = TestClient::ws(broker.ws_port());
  }
  EXPECT_TRUE(tcp_client->wait_closed());
  EXPECT_TRUE(ws_client->wait_closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace stompspec::testing
