// The ws:// transport against tiny Beast servers: handshake and messages.
#include <gtest/gtest.h>

#include <chrono>

#include "ws_test_server.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace test;

TEST(WsTransport, HandshakeOffersStompSubprotocolsAndRecordsThePick) {
  Upgrade seen;
  TestServer server([&](tcp::socket& s, TestServer& self) {
    WsServer ws(s);
    seen = accept(ws);
    self.wait_released();
  });
  auto t = connected(server);
  EXPECT_TRUE(t->is_open());
  EXPECT_EQ(t->subprotocol(), "v12.stomp");
  server.release();
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(seen.offered, "v10.stomp, v11.stomp, v12.stomp");
}

TEST(WsTransport, OfferingNoSubprotocolSendsNoHeader) {
  Upgrade seen;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    seen = accept(ws);
  });
  TransportOptions opt;
  opt.subprotocols.clear();
  auto t = connected(server, opt);
  EXPECT_EQ(t->subprotocol(), "");
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_FALSE(seen.offered_header);
}

TEST(WsTransport, ServerRefusingTheUpgradeIsHandshakeFailedWithTheStatus) {
  TestServer server([](tcp::socket& s, TestServer&) {
    beast::flat_buffer buffer;
    http::request<http::empty_body> req;
    http::read(s, buffer, req);
    http::response<http::string_body> res{http::status::forbidden, 11};
    res.body() = "no";
    res.prepare_payload();
    http::write(s, res);
  });
  auto t = ws_transport(server);
  EXPECT_EQ(t->connect(kLong), TransportErrc::handshake_failed);
  EXPECT_EQ(t->close_reason(), "HTTP 403 Forbidden");
  EXPECT_FALSE(t->is_open());
  std::string out;
  EXPECT_EQ(t->read(out, 10ms), TransportErrc::not_connected);
}

TEST(WsTransport, SubprotocolThatWasNotOfferedFailsTheHandshake) {
  TestServer server([](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws, "v13.stomp");
  });
  auto t = ws_transport(server);
  EXPECT_EQ(t->connect(kLong), TransportErrc::handshake_failed);
  EXPECT_EQ(t->subprotocol(), "v13.stomp");
  EXPECT_NE(t->close_reason().find("'v13.stomp'"), std::string::npos) << t->close_reason();
}

TEST(WsTransport, HandshakeWithoutAnswerTimesOut) {
  TestServer server([](tcp::socket& s, TestServer& self) {
    beast::flat_buffer buffer;
    http::request<http::empty_body> req;
    http::read(s, buffer, req);
    self.wait_released();
  });
  auto t = ws_transport(server);
  EXPECT_EQ(t->connect(300ms), TransportErrc::timed_out);
  EXPECT_FALSE(t->is_open());
}

TEST(WsTransport, ConnectionRefusedFailsFast) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  auto t = make_transport(*Url::parse("ws://127.0.0.1:" + std::to_string(port) + "/ws"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(t->connect(Millis{30000}), std::errc::connection_refused);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

// Each write is one message, text unless ws_binary.
TEST(WsTransport, WriteSendsOneMessageTextOrBinary) {
  std::vector<std::pair<bool, std::string>> got;  // (text?, payload)
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    for (int i = 0; i < 2; ++i) {
      std::string m = read_message(ws);
      got.emplace_back(ws.got_text(), std::move(m));
    }
  }, 2);
  const std::string big = "SEND\ndestination:/queue/a\n\n" + std::string(200 * 1024, 'b') + kNul;
  auto text = connected(server);
  ASSERT_FALSE(text->write("SEND\ndestination:/queue/a\n\nhi" + kNul, kLong));
  ASSERT_FALSE(text->write(big, kLong));
  text->close(kLong);
  TransportOptions opt;
  opt.ws_binary = true;
  auto binary = connected(server, opt);
  ASSERT_FALSE(binary->write("\xff\xfe" + kNul, kLong));
  ASSERT_FALSE(binary->write("\n", kLong));
  binary->close(kLong);
  ASSERT_TRUE(server.join_for(10s));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], std::make_pair(true, "SEND\ndestination:/queue/a\n\nhi" + kNul));
  EXPECT_EQ(got[1], std::make_pair(true, big));
  EXPECT_EQ(got[2], std::make_pair(false, "\xff\xfe" + kNul));
  EXPECT_EQ(got[3], std::make_pair(false, std::string("\n")));
}

// A text message must be UTF-8 (RFC 6455 5.6): a frame whose octets are not
// goes out binary even on a text transport, or the server closes with 1007.
TEST(WsTransport, NonUtf8FramesGoOutBinary) {
  std::vector<std::pair<bool, std::string>> got;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    for (int i = 0; i < 4; ++i) {
      std::string m = read_message(ws);
      got.emplace_back(ws.got_text(), std::move(m));
    }
  }, 1);
  auto t = connected(server);
  const std::string bad_bodies[] = {"SEND\n\n\xff" + kNul, "SEND\n\n\xc0\xaf" + kNul /* overlong */,
                                    "SEND\n\n\xed\xa0\x80" + kNul /* surrogate */};
  for (const auto& b : bad_bodies) ASSERT_FALSE(t->write(b, kLong));
  ASSERT_FALSE(t->write("SEND\n\nh\xc3\xa4" + kNul, kLong));  // valid UTF-8 stays text
  t->close(kLong);
  ASSERT_TRUE(server.join_for(10s));
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(got[i].first) << i;
  EXPECT_EQ(got[0].second, bad_bodies[0]);
  EXPECT_TRUE(got[3].first);
}

// The transport carries bytes: a STOMP frame split over messages, several
// frames in one message and a heart-beat message come out as sent, one
// message per read, text and binary alike.
TEST(WsTransport, ReadReturnsEachMessageWhole) {
  const std::vector<std::pair<bool, std::string>> sent = {
      {true, "CONNECTED\nversion:1.2\n"},
      {true, "\n" + kNul},
      {true, "MESSAGE\nsubscription:0\n\nA" + kNul + "MESSAGE\nsubscription:0\n\nB" + kNul},
      {true, "\n"},
      {false, "MESSAGE\ncontent-length:3\n\n\x00\xff\x01"s + kNul},
  };
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    for (const auto& [text, payload] : sent) {
      ws.text(text);
      ws.write(boost::asio::buffer(payload));
    }
    read_message(ws);  // until the client says it is done
  });
  auto t = connected(server);
  for (const auto& m : sent) {
    std::string out = "kept:";
    ASSERT_FALSE(t->read(out, kLong));
    EXPECT_EQ(out, "kept:" + m.second);
  }
  ASSERT_FALSE(t->write("DISCONNECT\n\n" + kNul, kLong));
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
}

// RFC 6455 5.6: a text message is UTF-8; 8.1: a client that finds one that is
// not fails the connection, as a browser does (RabbitMQ sends such messages:
// OBSERVED.md D13). Binary messages carry any octets, and a UTF-8 sequence
// split across fragments, with a ping between them, is still UTF-8.
TEST(WsTransport, ATextMessageThatIsNotUtf8FailsTheConnection) {
  const std::string binary = "MESSAGE\ncontent-length:3\n\n\xff\xc0\x80"s + kNul + "\n";
  const std::string split = "MESSAGE\n\nh\xc3\xa4"s + kNul;
  std::string close_code;
  TestServer server([&](tcp::socket& s, TestServer&) {
    WsServer ws(s);
    accept(ws);
    ws.binary(true);
    ws.write(boost::asio::buffer(binary));
    ws.text(true);
    ws.write_some(false, boost::asio::buffer(split.substr(0, 11)));  // ends inside the two octets of 'ä'
    ws.ping("");
    ws.write_some(true, boost::asio::buffer(split.substr(11)));
    ws.write(boost::asio::buffer(binary));  // the same octets, now as text
    beast::flat_buffer b;
    beast::error_code ec;
    ws.read(b, ec);  // the client's close
    close_code = std::to_string(ws.reason().code);
  });
  auto t = connected(server);
  for (const std::string& expected : {binary, split}) {
    std::string out;
    ASSERT_FALSE(t->read(out, kLong));
    EXPECT_EQ(out, expected);
  }
  std::string out = "kept:";
  EXPECT_EQ(t->read(out, kLong), TransportErrc::invalid_text);
  EXPECT_EQ(out, "kept:") << "the message is not delivered";
  EXPECT_NE(t->close_reason().find("text message that is not UTF-8 (RFC 6455 5.6"), std::string::npos) << t->close_reason();
  EXPECT_FALSE(t->is_open());
  ASSERT_TRUE(server.join_for(10s));
  EXPECT_EQ(server.failure(), "");
  EXPECT_EQ(close_code, "1007") << "invalid frame payload data (RFC 6455 7.4.1)";
}

}  // namespace
}  // namespace stompspec
