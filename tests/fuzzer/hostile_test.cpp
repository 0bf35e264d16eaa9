// A hostile broker never crashes or hangs the fuzzer: one that floods, one
// that accepts and says nothing, one that answers CONNECT and then floods
// frames. Each session and probe ends within its deadlines.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "codec/serializer.hpp"
#include "fuzz_test_util.hpp"

namespace stompspec::fuzzer {
namespace {

using namespace std::string_literals;

// A loopback server that sends `greeting`, then `flood` forever (if any), to
// every connection, until destroyed. Plain sockets: the test needs nothing more.
class HostileServer {
 public:
  HostileServer(std::string greeting, std::string flood) : greeting_(std::move(greeting)), flood_(std::move(flood)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len);
    ::listen(fd_, 16);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HostileServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  Url url() const { return testutil::url_of("tcp://127.0.0.1:" + std::to_string(port_)); }

 private:
  void serve() {
    std::vector<std::thread> clients;
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c >= 0) clients.emplace_back([this, c] { talk(c); });
    }
    for (auto& t : clients) t.join();
  }
  void talk(int c) {
    (void)::send(c, greeting_.data(), greeting_.size(), MSG_NOSIGNAL);
    while (!stop_) {
      if (flood_.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      pollfd p{c, POLLOUT, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (::send(c, flood_.data(), flood_.size(), MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN) break;
    }
    ::close(c);
  }
  std::string greeting_, flood_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

const std::string kConnected = "CONNECTED\nversion:1.2\n\n\0"s;
const std::vector<std::string> kSession = {
    serialize(Frame{"CONNECT", {{"accept-version", "1.2"}, {"host", "/"}}, {}}, Version::v1_2),
    serialize(Frame{"SUBSCRIBE", {{"id", "s1"}, {"destination", "/queue/h"}}, {}}, Version::v1_2),
    serialize(Frame{"SEND", {{"destination", "/queue/h"}, {"receipt", "r"}}, "x"}, Version::v1_2)};

double timed(const std::function<void()>& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

SessionOptions waiting() {
  SessionOptions ro;
  ro.wait_error_grace = [](bool) { return true; };
  return ro;
}

TEST(HostileBroker, EndlessHeartBeatsEndTheSessionInTime) {
  HostileServer server(kConnected, std::string(64 * 1024, '\n'));
  SessionResult r;
  EXPECT_LT(timed([&] { r = run_writes(server.url(), kSession, waiting(), testutil::fast_config()); }), 3.0);
  EXPECT_EQ(r.events.size(), 1u) << "the CONNECTED; heart-beats are not kept";
}

TEST(HostileBroker, EndlessFramesAreCappedAndEndInTime) {
  std::string message = "MESSAGE\ndestination:/queue/h\nmessage-id:1\nsubscription:s1\n\nhello\0"s;
  std::string flood;
  while (flood.size() < 64 * 1024) flood += message;
  HostileServer server(kConnected, flood);
  SessionResult r;
  EXPECT_LT(timed([&] { r = run_writes(server.url(), kSession, waiting(), testutil::fast_config()); }), 3.0);
  EXPECT_LE(r.events.size(), 10'000u);
  EXPECT_LE(r.received.size(), 4u * 1024 * 1024);
}

TEST(HostileBroker, ASilentBrokerIsAHangNotAStall) {
  HostileServer server("", "");
  const RunConfig cfg = testutil::fast_config();
  std::optional<Detection> d;
  EXPECT_LT(timed([&] {
              run_writes(server.url(), kSession, waiting(), cfg);
              d = probe_broker(server.url(), cfg);
            }),
            3.0);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->oracle, Oracle::broker_hang);
}

TEST(HostileBroker, GarbageInsteadOfConnectedIsJudgedNotFatal) {
  HostileServer server("\xff\xfe\0\0garbage:\n\n\0"s + std::string(1000, 'A'), "");
  SessionResult r = run_writes(server.url(), kSession, waiting(), testutil::fast_config());
  bool invalid = false;
  for (const auto& d : r.detections) invalid |= d.oracle == Oracle::invalid_frame;
  EXPECT_TRUE(invalid);
}

}  // namespace
}  // namespace stompspec::fuzzer
