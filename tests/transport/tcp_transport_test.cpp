#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "test_server.hpp"
#include "transport/transport.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test::TestServer;
using test::tcp;

// Generous: they only bound how long a broken implementation takes to fail.
using test::kLong;

std::unique_ptr<Transport> connect_to(const std::string& text) {
  auto url = Url::parse(text);
  EXPECT_TRUE(url.has_value()) << text;
  auto t = make_transport(*url);
  EXPECT_FALSE(t->connect(kLong)) << text;
  return t;
}

// Reads until `n` octets arrived or an error; returns what arrived.
std::string read_n(Transport& t, std::size_t n, std::error_code* last = nullptr) {
  std::string got;
  while (got.size() < n) {
    if (auto ec = t.read(got, kLong)) {
      if (last) *last = ec;
      break;
    }
  }
  return got;
}

TEST(TcpTransport, WritesAndReadsBytes) {
  TestServer server([](tcp::socket& s, TestServer&) {
    const std::string got = test::read_exactly(s, 20);
    test::write_all(s, std::string("CONNECTED\nversion:1.2\n\n\0", 24) + "echo:" + got);
  });
  auto t = connect_to(server.url("tcp"));
  EXPECT_TRUE(t->is_open());
  // A frame split in two writes, as scenarios do.
  ASSERT_FALSE(t->write("CONNECT\nac", kLong));
  ASSERT_FALSE(t->write(std::string("cept-ve\0\0\0", 10), kLong));
  const std::string expected = std::string("CONNECTED\nversion:1.2\n\n\0", 24) + "echo:CONNECT\naccept-ve" +
                               std::string(3, '\0');
  EXPECT_EQ(read_n(*t, expected.size()), expected);
  EXPECT_TRUE(server.join_for(5s));
  EXPECT_EQ(server.failure(), "");
}

TEST(TcpTransport, PeerCloseIsClosedByPeerAfterTheData) {
  TestServer server([](tcp::socket& s, TestServer&) { test::write_all(s, "ERROR\n\nbye\0"s); });
  auto t = connect_to(server.url("tcp"));
  std::error_code last;
  const std::string got = read_n(*t, 1000, &last);
  EXPECT_EQ(got, "ERROR\n\nbye\0"s);
  EXPECT_EQ(last, TransportErrc::closed_by_peer);
  EXPECT_FALSE(t->is_open());
  std::string more;
  EXPECT_EQ(t->read(more, kLong), TransportErrc::closed_by_peer);
  EXPECT_EQ(more, "");
}

TEST(TcpTransport, ConnectsThroughTheResolver) {
  TestServer server([](tcp::socket& s, TestServer&) { test::write_all(s, "hi"); });
  // "localhost" may resolve to ::1 first, where nothing listens: the next
  // address must be tried.
  auto t = connect_to("tcp://localhost:" + std::to_string(server.port()));
  EXPECT_EQ(read_n(*t, 2), "hi");
}

TEST(TcpTransport, ConnectionRefusedFailsFast) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }  // closed: nothing listens on `port` now
  auto t = make_transport(*Url::parse("tcp://127.0.0.1:" + std::to_string(port)));
  const auto start = std::chrono::steady_clock::now();
  const auto ec = t->connect(Millis{30000});
  EXPECT_EQ(ec, std::errc::connection_refused) << ec.message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_FALSE(t->is_open());
}

// With a backlog of 0 Linux queues one connection and drops further SYNs, so
// the next connect hangs in the kernel until our deadline.
TEST(TcpTransport, ConnectTimesOutAgainstAFullAcceptQueue) {
  boost::asio::io_context ioc;
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint any(boost::asio::ip::make_address("127.0.0.1"), 0);
  acceptor.open(any.protocol());
  acceptor.bind(any);
  acceptor.listen(0);
  const auto url = *Url::parse("tcp://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
  auto filler = make_transport(url);
  ASSERT_FALSE(filler->connect(kLong));
  auto t = make_transport(url);
  const auto ec = t->connect(300ms);
  if (!ec) GTEST_SKIP() << "this kernel accepted past the backlog";
  EXPECT_EQ(ec, TransportErrc::timed_out) << ec.message();
  EXPECT_FALSE(t->is_open());
}

TEST(TcpTransport, UnresolvableHostFails) {
  auto t = make_transport(*Url::parse("tcp://no-such-host.invalid:61613"));
  const auto ec = t->connect(kLong);
  EXPECT_TRUE(ec);
  EXPECT_NE(ec, TransportErrc::timed_out) << ec.message();
}

TEST(TcpTransport, OperationsNeedAConnection) {
  auto t = make_transport(*Url::parse("tcp://127.0.0.1:9"));
  std::string out;
  EXPECT_EQ(t->read(out, 10ms), TransportErrc::not_connected);
  EXPECT_EQ(t->write("x", 10ms), TransportErrc::not_connected);
  t->close(10ms);  // harmless
  EXPECT_FALSE(t->is_open());
}

TEST(TcpTransport, ReadTimeoutKeepsTheTransportUsable) {
  TestServer server([](tcp::socket& s, TestServer& self) {
    self.wait_released();
    test::write_all(s, "MESSAGE\n\n\0"s);
  });
  auto t = connect_to(server.url("tcp"));
  std::string out;
  EXPECT_EQ(t->read(out, 100ms), TransportErrc::timed_out);
  EXPECT_EQ(out, "");
  EXPECT_TRUE(t->is_open());
  server.release();
  EXPECT_EQ(read_n(*t, 10), "MESSAGE\n\n\0"s);
}

// Many tiny timeouts racing with a trickle of data: a read cancelled just as
// its data arrived must still deliver that data.
TEST(TcpTransport, TimeoutsNeverLoseData) {
  std::string sent;
  for (int i = 0; i < 300; ++i) sent += std::to_string(i) + ",";
  TestServer server([&sent](tcp::socket& s, TestServer&) {
    for (std::size_t i = 0; i < sent.size(); i += 7) {
      test::write_all(s, std::string_view(sent).substr(i, 7));
      std::this_thread::sleep_for(std::chrono::microseconds(300 * (i % 5)));
    }
  });
  auto t = connect_to(server.url("tcp"));
  std::string got;
  int timeouts = 0;
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (got.size() < sent.size() && std::chrono::steady_clock::now() < give_up) {
    const auto ec = t->read(got, 1ms);
    if (ec == TransportErrc::timed_out) ++timeouts;
    else ASSERT_FALSE(ec) << ec.message();
  }
  EXPECT_EQ(got, sent);
  EXPECT_GT(timeouts, 0) << "the test did not exercise timeouts";
}

// A peer that never reads: the socket buffers fill and the write must give
// up at its deadline. What did not go out is sent before the next write, so
// the peer sees every octet exactly once and in order.
TEST(TcpTransport, WriteTimesOutAgainstAPeerThatNeverReadsAndKeepsTheRest) {
  std::size_t received_size = 0;
  std::string received_tail;
  TestServer server([&](tcp::socket& s, TestServer& self) {
    self.wait_released();
    const std::string all = test::read_until_eof(s);
    received_size = all.size();
    received_tail = all.substr(all.size() - std::min<std::size_t>(all.size(), 8));
  });
  auto t = connect_to(server.url("tcp"));
  std::string big(64 * 1024 * 1024, 'x');
  big.back() = 'y';
  EXPECT_EQ(t->write(big, 500ms), TransportErrc::timed_out);
  EXPECT_TRUE(t->is_open());
  server.release();
  EXPECT_FALSE(t->write("TAIL", Millis{60000}));
  t->close(kLong);
  ASSERT_TRUE(server.join_for(30s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(received_size, big.size() + 4);
  EXPECT_EQ(received_tail, "xxxyTAIL");
}

TEST(TcpTransport, CloseIsOrderly) {
  std::string received;
  TestServer server([&](tcp::socket& s, TestServer&) { received = test::read_until_eof(s); });
  auto t = connect_to(server.url("tcp"));
  ASSERT_FALSE(t->write("DISCONNECT\n\n\0"s, kLong));
  t->close(kLong);
  EXPECT_FALSE(t->is_open());
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(received, "DISCONNECT\n\n\0"s);
  std::string out;
  EXPECT_EQ(t->read(out, 10ms), TransportErrc::not_connected);
}

// close() waits for the peer's FIN, but only until its deadline.
TEST(TcpTransport, CloseIsBoundedWhenThePeerNeverCloses) {
  TestServer server([](tcp::socket&, TestServer& self) { self.wait_released(); });
  auto t = connect_to(server.url("tcp"));
  const auto start = std::chrono::steady_clock::now();
  t->close(300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_FALSE(t->is_open());
}

TEST(TcpTransport, CanReconnectAfterClose) {
  int served = 0;
  TestServer server([&served](tcp::socket& s, TestServer&) { test::write_all(s, std::to_string(++served)); }, 2);
  auto t = connect_to(server.url("tcp"));
  EXPECT_EQ(read_n(*t, 1), "1");
  t->close(kLong);
  ASSERT_FALSE(t->connect(kLong));
  EXPECT_TRUE(t->is_open());
  EXPECT_EQ(read_n(*t, 1), "2");
}

}  // namespace
}  // namespace stompspec
