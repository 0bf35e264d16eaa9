// The ws:// transport against tiny Beast servers: deadlines, limits, control
// frames and both directions of the closing handshake.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ws_test_server.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test;

// A read that times out in the middle of a message stays pending: the next
// read returns the whole message, and writes work in between.
TEST(WsTransport, ReadTimeoutMidMessageLosesNothing) {
  std::string client_wrote;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.write_some(false, boost::asio::buffer("CONN"s));
    client_wrote = read_message(ws);  // sent by the client after its timeout
    ws.write_some(true, boost::asio::buffer("ECTED\n\n"s + kNul));
    read_message(ws);
  });
  auto t = connected(server);
  std::string out;
  EXPECT_EQ(t->read(out, 200ms), TransportErrc::timed_out);
  EXPECT_EQ(out, "");
  EXPECT_TRUE(t->is_open());
  ASSERT_FALSE(t->write("SEND\n\n"s + kNul, kLong));
  ASSERT_FALSE(t->read(out, kLong));
  EXPECT_EQ(out, "CONNECTED\n\n"s + kNul);
  ASSERT_FALSE(t->write("bye", kLong));
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(client_wrote, "SEND\n\n"s + kNul);
}

TEST(WsTransport, TimeoutsNeverLoseMessages) {
  constexpr int kCount = 200;
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    for (int i = 0; i < kCount; ++i) {
      ws.write(boost::asio::buffer(std::to_string(i)));
      std::this_thread::sleep_for(std::chrono::microseconds(300 * (i % 5)));
    }
    read_message(ws);
  });
  auto t = connected(server);
  int next = 0;
  int timeouts = 0;
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (next < kCount && std::chrono::steady_clock::now() < give_up) {
    std::string out;
    const auto ec = t->read(out, 1ms);
    if (ec == TransportErrc::timed_out) {
      ++timeouts;
      ASSERT_EQ(out, "");
      continue;
    }
    ASSERT_FALSE(ec) << ec.message();
    ASSERT_EQ(out, std::to_string(next));
    ++next;
  }
  EXPECT_EQ(next, kCount);
  EXPECT_GT(timeouts, 0) << "the test did not exercise timeouts";
  ASSERT_FALSE(t->write("done", kLong));
}

TEST(WsTransport, MessageOverTheLimitIsMessageTooBig) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.write(boost::asio::buffer(std::string(1000, 'a')));
    ws.write(boost::asio::buffer(std::string(1001, 'b')));
    read_message(ws);  // the client's close (1009), thrown as closed
  });
  TransportOptions opt;
  opt.max_read_message = 1000;
  auto t = connected(server, opt);
  std::string out;
  ASSERT_FALSE(t->read(out, kLong));
  EXPECT_EQ(out.size(), 1000u);
  EXPECT_EQ(t->read(out, kLong), TransportErrc::message_too_big);
  EXPECT_FALSE(t->is_open());
  EXPECT_EQ(t->read(out, kLong), TransportErrc::message_too_big);
}

// Pings are answered behind the scenes and never show up as messages.
TEST(WsTransport, PingsAreAnsweredTransparently) {
  std::string pong;
  std::string after;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.control_callback([&](websocket::frame_type kind, std::string_view payload) {
      if (kind == websocket::frame_type::pong) pong = payload;
    });
    ws.ping("are you there");
    ws.write(boost::asio::buffer("\n"s));
    after = read_message(ws);
  });
  auto t = connected(server);
  std::string out;
  ASSERT_FALSE(t->read(out, kLong));
  EXPECT_EQ(out, "\n");
  ASSERT_FALSE(t->write("after", kLong));
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(pong, "are you there");
  EXPECT_EQ(after, "after");
}

TEST(WsTransport, ServerCloseFrameIsClosedByPeerWithItsReason) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.write(boost::asio::buffer("ERROR\nmessage:bad\n\n"s + kNul));
    ws.close(websocket::close_reason(websocket::close_code::protocol_error, "frame error"));
  });
  auto t = connected(server);
  std::string out;
  ASSERT_FALSE(t->read(out, kLong));
  EXPECT_EQ(t->read(out, kLong), TransportErrc::closed_by_peer);
  EXPECT_EQ(t->close_reason(), "1002 frame error");
  EXPECT_FALSE(t->is_open());
  EXPECT_EQ(t->read(out, kLong), TransportErrc::closed_by_peer);
  EXPECT_EQ(t->write("x", kLong), TransportErrc::closed_by_peer);
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
}

// RFC 6455 7.1.5: a close frame without a code counts as 1005.
TEST(WsTransport, CloseFrameWithoutCodeReads1005) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.close(websocket::close_reason{});
  });
  auto t = connected(server);
  std::string out;
  EXPECT_EQ(t->read(out, kLong), TransportErrc::closed_by_peer);
  EXPECT_EQ(t->close_reason(), "1005");
}

// The server sends a close frame but keeps TCP open: the read still ends
// as closed_by_peer, well before its own deadline.
TEST(WsTransport, CloseFrameThenSilenceStillEndsTheRead) {
  TestServer server([](tcp::socket& s, TestServer& self) {
    WsServer ws(s);
    accept(ws);
    test::write_all(s, "\x88\x05\x03\xe8" "bye"s);  // close 1000 "bye", unmasked
    self.wait_released();
  });
  auto t = connected(server);
  std::string out;
  EXPECT_EQ(t->read(out, Millis{30000}), TransportErrc::closed_by_peer);
  EXPECT_EQ(t->close_reason(), "1000 bye");
}

TEST(WsTransport, TcpCloseWithoutCloseFrameIsClosedByPeerWithNoReason) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
  });
  auto t = connected(server);
  std::string out;
  EXPECT_EQ(t->read(out, kLong), TransportErrc::closed_by_peer);
  EXPECT_EQ(t->close_reason(), "");
}

TEST(WsTransport, CloseSendsANormalCloseFrame) {
  std::uint16_t code = 0;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    ws.read(buffer, ec);
    if (ec != websocket::error::closed) throw boost::system::system_error(ec);
    code = ws.reason().code;
  });
  auto t = connected(server);
  t->close(kLong);
  EXPECT_FALSE(t->is_open());
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(code, websocket::close_code::normal);
  std::string out;
  EXPECT_EQ(t->read(out, 10ms), TransportErrc::not_connected);
}

// A server that never answers our close frame (it reads raw bytes and
// ignores them): close() gives up at its deadline.
TEST(WsTransport, CloseIsBoundedWhenTheServerNeverAnswers) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    test::read_until_eof(s);
  });
  auto t = connected(server);
  const auto start = std::chrono::steady_clock::now();
  t->close(500ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_FALSE(t->is_open());
  ASSERT_TRUE(server.join_for(10s));  // it saw the connection drop
  EXPECT_EQ(server.failure(), "");
}

// Same, with a read left pending by a timeout: close must not wait for it.
TEST(WsTransport, CloseWithAPendingReadIsBounded) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    test::read_until_eof(s);
  });
  auto t = connected(server);
  std::string out;
  EXPECT_EQ(t->read(out, 50ms), TransportErrc::timed_out);
  t->close(500ms);
  EXPECT_FALSE(t->is_open());
}

}  // namespace
}  // namespace stompspec
