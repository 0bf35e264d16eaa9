// The fake broker with no faults: acknowledgement, redelivery, transactions
// and heart-beating.
#include <gtest/gtest.h>

#include "fake_broker.hpp"
#include "test_client.hpp"

namespace stompspec::testing {
namespace {

std::vector<Frame> receive_n(TestClient& c, int n) {
  std::vector<Frame> out;
  for (int i = 0; i < n; ++i) {
    auto m = c.receive();
    if (!m) break;
    out.push_back(*m);
  }
  EXPECT_EQ(out.size(), static_cast<std::size_t>(n));
  return out;
}

std::vector<std::string> bodies(TestClient& c) {
  std::vector<std::string> out;
  while (auto m = c.receive(TestClient::kQuiet)) out.push_back(m->body);
  return out;
}

void send_all(TestClient& c, const std::string& dest, std::vector<std::string> bodies_to_send) {
  for (auto& b : bodies_to_send) c.send(make_frame("SEND", {{"destination", dest}}, std::move(b)));
}

// Leaves three messages unacked-or-acked per `acked_index`, closes, and
// returns what a new subscriber is given again.
std::vector<std::string> redelivered_after(const std::string& mode, int acked_index) {
  FakeBroker broker;
  {
    auto c = connected(broker.port());
    subscribe(*c, "s", "/queue/acks", mode);
    send_all(*c, "/queue/acks", {"1", "2", "3"});
    const auto got = receive_n(*c, 3);
    if (got.size() != 3) return {};
    c->send(make_frame("ACK", {{"id", header_or(got[static_cast<std::size_t>(acked_index)], "ack")},
                               {"receipt", "acked"}}));
    EXPECT_EQ(command_of(c->receive()), "RECEIPT");
  }  // dropped without DISCONNECT
  auto next = connected(broker.port());
  subscribe(*next, "s", "/queue/acks");
  return bodies(*next);
}

TEST(FakeBrokerAck, ClientAckIsCumulative) {
  EXPECT_EQ(redelivered_after("client", 1), (std::vector<std::string>{"3"}));
}

TEST(FakeBrokerAck, ClientIndividualAckIsNot) {
  EXPECT_EQ(redelivered_after("client-individual", 1), (std::vector<std::string>{"1", "3"}));
}

TEST(FakeBrokerAck, MessageCarriesAckHeaderIn12ClientMode) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "s", "/queue/h", "client");
  send_all(*c, "/queue/h", {"x"});
  const auto m = c->receive();
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->has("ack"));
  EXPECT_NE(header_or(m, "ack"), header_or(m, "message-id"));  // so a client using the wrong one is caught
}

TEST(FakeBrokerAck, NackRedeliversToAnotherSubscriber) {
  FakeBroker broker;
  auto a = connected(broker.port());
  auto b = connected(broker.port());
  subscribe(*a, "a", "/queue/nack", "client-individual");
  subscribe(*b, "b", "/queue/nack", "client-individual");
  send_all(*a, "/queue/nack", {"hot potato"});
  const auto first = a->receive();
  ASSERT_TRUE(first);
  a->send(make_frame("NACK", {{"id", header_or(first, "ack")}}));
  const auto second = b->receive();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "hot potato");
  EXPECT_EQ(header_or(second, "message-id"), header_or(first, "message-id"));
}

TEST(FakeBrokerAck, Ack11UsesMessageIdAndSubscription) {
  FakeBroker broker;
  {
    auto c = connected(broker.port(), "1.1");
    subscribe(*c, "s11", "/queue/a11", "client");
    send_all(*c, "/queue/a11", {"m"});
    const auto m = c->receive();
    ASSERT_TRUE(m);
    c->send(make_frame("ACK", {{"message-id", header_or(m, "message-id")}, {"subscription", "s11"}, {"receipt", "r"}}));
    EXPECT_EQ(command_of(c->receive()), "RECEIPT");
    c->send(make_frame("ACK", {{"message-id", header_or(m, "message-id")}}));  // no subscription
    EXPECT_EQ(command_of(c->receive()), "ERROR");
  }
  auto next = connected(broker.port());
  subscribe(*next, "s", "/queue/a11");
  EXPECT_TRUE(bodies(*next).empty());
}

TEST(FakeBrokerAck, Ack10UsesMessageIdAlone) {
  FakeBroker broker;
  {
    auto c = connected(broker.port(), "1.0");
    c->send(make_frame("SUBSCRIBE", {{"destination", "/queue/a10"}, {"ack", "client"}, {"receipt", "s"}}));
    EXPECT_EQ(command_of(c->receive()), "RECEIPT");
    send_all(*c, "/queue/a10", {"m"});
    const auto m = c->receive();
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->has("subscription"));  // none was named
    c->send(make_frame("ACK", {{"message-id", header_or(m, "message-id")}, {"receipt", "r"}}));
    EXPECT_EQ(command_of(c->receive()), "RECEIPT");
  }
  auto next = connected(broker.port());
  subscribe(*next, "s", "/queue/a10");
  EXPECT_TRUE(bodies(*next).empty());
}

TEST(FakeBrokerTransaction, SendIsHeldUntilCommit) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "s", "/queue/tx");
  c->send(make_frame("BEGIN", {{"transaction", "t1"}}));
  c->send(make_frame("SEND", {{"destination", "/queue/tx"}, {"transaction", "t1"}}, "held"));
  EXPECT_FALSE(c->receive(TestClient::kQuiet));
  c->send(make_frame("COMMIT", {{"transaction", "t1"}}));
  const auto m = c->receive();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "held");
}

TEST(FakeBrokerTransaction, AbortAndDisconnectDiscard) {
  FakeBroker broker;
  auto c = connected(broker.port());
  subscribe(*c, "s", "/queue/tx");
  {
    auto other = connected(broker.port());
    other->send(make_frame("BEGIN", {{"transaction", "t"}}));
    other->send(make_frame("SEND", {{"destination", "/queue/tx"}, {"transaction", "t"}}, "aborted"));
    other->send(make_frame("ABORT", {{"transaction", "t"}}));
    other->send(make_frame("BEGIN", {{"transaction", "u"}}));
    other->send(make_frame("SEND", {{"destination", "/queue/tx"}, {"transaction", "u"}}, "dropped"));
    other->send(make_frame("DISCONNECT", {{"receipt", "bye"}}));
    EXPECT_EQ(command_of(other->receive()), "RECEIPT");
  }
  EXPECT_TRUE(bodies(*c).empty());
}

TEST(FakeBrokerTransaction, UnknownTransactionIsAnError) {
  FakeBroker broker;
  auto c = connected(broker.port());
  c->send(make_frame("SEND", {{"destination", "/queue/tx"}, {"transaction", "nope"}}, "x"));
  EXPECT_EQ(command_of(c->receive()), "ERROR");
  EXPECT_TRUE(c->wait_closed());
}

TEST(FakeBrokerTransaction, AckInAbortedTransactionLeavesMessageUnacked) {
  FakeBroker broker;
  {
    auto c = connected(broker.port());
    subscribe(*c, "s", "/queue/txack", "client-individual");
    send_all(*c, "/queue/txack", {"m"});
    const auto m = c->receive();
    ASSERT_TRUE(m);
    c->send(make_frame("BEGIN", {{"transaction", "t"}}));
    c->send(make_frame("ACK", {{"id", header_or(m, "ack")}, {"transaction", "t"}}));
    c->send(make_frame("ABORT", {{"transaction", "t"}, {"receipt", "r"}}));
    EXPECT_EQ(command_of(c->receive()), "RECEIPT");
  }
  auto next = connected(broker.port());
  subscribe(*next, "s", "/queue/txack");
  EXPECT_EQ(bodies(*next), (std::vector<std::string>{"m"}));
}

TEST(FakeBrokerHeartbeat, BrokerBeatsAtTheNegotiatedInterval) {
  FakeBroker broker;  // declares heart-beat:100,100
  auto c = TestClient::tcp(broker.port());
  const Frame reply = c->connect({{"accept-version", "1.2"}, {"heart-beat", "0,200"}});
  EXPECT_EQ(header_or(reply, "heart-beat"), "100,100");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(c->wait_closed(1200ms));
  const auto& beats = c->heartbeat_times();
  ASSERT_GE(beats.size(), 4u);
  auto previous = start;
  for (auto t : beats) {
    EXPECT_LT(t - previous, 400ms);  // 200 ms promised; loose for busy machines
    previous = t;
  }
}

TEST(FakeBrokerHeartbeat, SilentClientIsDroppedBeatingClientIsKept) {
  FakeBroker broker;
  auto silent = TestClient::tcp(broker.port());
  auto beating = TestClient::tcp(broker.port());
  EXPECT_EQ(silent->connect({{"accept-version", "1.2"}, {"heart-beat", "150,0"}}).command, "CONNECTED");
  EXPECT_EQ(beating->connect({{"accept-version", "1.2"}, {"heart-beat", "150,0"}}).command, "CONNECTED");
  for (int i = 0; i < 12; ++i) {
    beating->send_raw("\n");
    beating->wait_closed(100ms);
  }
  EXPECT_FALSE(beating->closed());
  EXPECT_TRUE(silent->wait_closed(2s));
}

TEST(FakeBrokerHeartbeat, NoneWhenTheClientAsksNone) {
  FakeBroker broker;
  auto c = TestClient::tcp(broker.port());
  EXPECT_EQ(c->connect({{"accept-version", "1.2"}}).command, "CONNECTED");
  EXPECT_FALSE(c->wait_closed(600ms));
  EXPECT_TRUE(c->heartbeat_times().empty());
}

}  // namespace
}  // namespace stompspec::testing
