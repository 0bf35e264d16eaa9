// A hostile or broken client must never take the fake broker down: the
// fuzzer's own tests rely on it staying up unless a crash is planted.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "fake_broker.hpp"
#include "test_client.hpp"

namespace stompspec::testing {
namespace {

const std::vector<std::string> kSeeds{
    std::string("CONNECT\naccept-version:1.0,1.1,1.2\nhost:/\nheart-beat:10,10\n\n") + '\0',
    std::string("SUBSCRIBE\nid:1\ndestination:/queue/h\nack:client\n\n") + '\0',
    std::string("SEND\ndestination:/queue/h\ncontent-length:5\nreceipt:r\n\nhel\0o") + '\0',
    std::string("SEND\ndestination:/topic/h\ntransaction:t\nx:a\\cb\n\nbody") + '\0',
    std::string("ACK\nid:ack-1\ntransaction:t\n\n") + '\0',
    std::string("NACK\nid:ack-2\n\n") + '\0',
    std::string("BEGIN\ntransaction:t\n\n") + '\0',
    std::string("COMMIT\ntransaction:t\n\n") + '\0',
    std::string("UNSUBSCRIBE\nid:1\n\n") + '\0',
    std::string("DISCONNECT\nreceipt:bye\n\n") + '\0',
};

std::string mutate(std::string s, std::mt19937& rng) {
  static const std::string kNasty{'\0', '\n', '\r', ':', '\\', 'c', '\xff', '\x80', ' ', '9'};
  const int edits = std::uniform_int_distribution<int>(0, 4)(rng);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
    const char nasty = kNasty[std::uniform_int_distribution<std::size_t>(0, kNasty.size() - 1)(rng)];
    switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
      case 0: s[at] = nasty; break;
      case 1: s.insert(at, 1, nasty); break;
      case 2: s.erase(at, 1); break;
      default: s.resize(at); break;  // truncated, the rest never comes
    }
  }
  return s;
}

void expect_still_serving(const FakeBroker& broker) {
  auto c = connected(broker.port());
  subscribe(*c, "ok", "/topic/alive");
  c->send(make_frame("SEND", {{"destination", "/topic/alive"}}, "still here"));
  EXPECT_EQ(command_of(c->receive()), "MESSAGE");
}

TEST(FakeBrokerHostile, MutatedFramesNeverBringItDown) {
  FakeBroker broker;
  std::mt19937 rng(20240601);  // fixed: a failure must reproduce
  for (int connection = 0; connection < 60; ++connection) {
    const bool ws = connection % 3 == 0;
    auto c = ws ? TestClient::ws(broker.ws_port()) : TestClient::tcp(broker.port());
    if (connection % 2 == 0) c->send_raw(kSeeds[0]);
    for (int i = 0; i < 8; ++i) {
      c->send_raw(mutate(kSeeds[std::uniform_int_distribution<std::size_t>(0, kSeeds.size() - 1)(rng)], rng));
    }
    c->wait_closed(20ms);
  }
  expect_still_serving(broker);
}

TEST(FakeBrokerHostile, ClientsVanishingMidSessionLoseNothingForOthers) {
  FakeBroker broker;
  auto producer = connected(broker.port());
  for (int i = 0; i < 20; ++i) {
    auto c = TestClient::tcp(broker.port());
    c->send_raw(kSeeds[0] + kSeeds[1] + kSeeds[6] + kSeeds[3]);
    producer->send(make_frame("SEND", {{"destination", "/queue/h"}}, std::to_string(i)));
    // Gone without DISCONNECT, holding unacked messages and an open transaction.
  }
  auto consumer = connected(broker.port());
  subscribe(*consumer, "all", "/queue/h");
  std::set<std::string> got;
  while (auto m = consumer->receive(TestClient::kQuiet)) got.insert(m->body);
  EXPECT_EQ(got.size(), 20u);  // every message is redelivered or was stored
  expect_still_serving(broker);
}

TEST(FakeBrokerHostile, AClientThatNeverReadsDoesNotStallOthers) {
  FakeBroker broker;
  auto deaf = connected(broker.port());
  subscribe(*deaf, "d", "/topic/flood");
  auto other = connected(broker.port());
  for (int i = 0; i < 200; ++i) {
    other->send(make_frame("SEND", {{"destination", "/topic/flood"}}, std::string(16 * 1024, 'f')));
  }
  expect_still_serving(broker);
}

}  // namespace
}  // namespace stompspec::testing
