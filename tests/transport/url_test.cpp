#include <gtest/gtest.h>

#include "transport/transport.hpp"
#include "transport/url.hpp"

namespace stompspec {
namespace {

Url parse_ok(std::string_view text) {
  std::string error;
  auto url = Url::parse(text, &error);
  EXPECT_TRUE(url.has_value()) << text << ": " << error;
  return url.value_or(Url{});
}

std::string parse_error(std::string_view text) {
  std::string error;
  auto url = Url::parse(text, &error);
  EXPECT_FALSE(url.has_value()) << text << " parsed as " << (url ? url->str() : "");
  return error;
}

TEST(UrlParse, TcpWithHostName) {
  const Url u = parse_ok("tcp://broker.example:61613");
  EXPECT_EQ(u.scheme, "tcp");
  EXPECT_EQ(u.host, "broker.example");
  EXPECT_EQ(u.port, 61613);
  EXPECT_EQ(u.path, "");
}

TEST(UrlParse, WsWithPath) {
  const Url u = parse_ok("ws://127.0.0.1:15674/ws");
  EXPECT_EQ(u.scheme, "ws");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 15674);
  EXPECT_EQ(u.path, "/ws");
}

TEST(UrlParse, TlsAndWss) {
  const Url t = parse_ok("tls://broker.example:61614");
  EXPECT_TRUE(t.is_tls());
  EXPECT_FALSE(t.is_websocket());
  EXPECT_EQ(t.str(), "tls://broker.example:61614");
  const Url w = parse_ok("wss://127.0.0.1:15673/ws");
  EXPECT_TRUE(w.is_tls());
  EXPECT_TRUE(w.is_websocket());
  EXPECT_EQ(w.str(), "wss://127.0.0.1:15673/ws");
  EXPECT_FALSE(parse_ok("ws://h:1").is_tls());
}

TEST(UrlParse, WsPathDefaultsToSlash) { EXPECT_EQ(parse_ok("ws://localhost:8080").path, "/"); }

TEST(UrlParse, WsPathKeepsQuery) { EXPECT_EQ(parse_ok("ws://h:1/stomp?token=a%20b").path, "/stomp?token=a%20b"); }

TEST(UrlParse, BracketedIpv6HostIsStoredWithoutBrackets) {
  const Url u = parse_ok("tcp://[::1]:61613");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, 61613);
  EXPECT_EQ(parse_ok("ws://[fe80::1:2]:80/x").host, "fe80::1:2");
}

TEST(UrlParse, SchemeIsCaseInsensitive) { EXPECT_EQ(parse_ok("TCP://h:1").scheme, "tcp"); }

TEST(UrlParse, PortBounds) {
  EXPECT_EQ(parse_ok("tcp://h:1").port, 1);
  EXPECT_EQ(parse_ok("tcp://h:65535").port, 65535);
  EXPECT_NE(parse_error("tcp://h:0").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:65536").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:99999999999999999999").find("out of range"), std::string::npos);
}

TEST(UrlParse, ErrorsSayWhatIsWrong) {
  EXPECT_EQ(parse_error("http://x"),
            "unknown scheme 'http' in 'http://x': use tcp://, tls://, ws://, wss://, sockjs+http(s):// or sockjs-xhr+http(s)://");
  EXPECT_NE(parse_error("tcp://localhost").find("missing port"), std::string::npos);
  EXPECT_NE(parse_error("tcp://localhost:").find("missing port"), std::string::npos);
  EXPECT_NE(parse_error("ws://[::1]/ws").find("missing port"), std::string::npos);
  EXPECT_NE(parse_error("localhost:61613").find("missing scheme"), std::string::npos);
  EXPECT_NE(parse_error("tcp://:61613").find("missing host"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:6a").find("invalid port '6a'"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:-1").find("invalid port"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:+1").find("invalid port"), std::string::npos);
  EXPECT_NE(parse_error("ssl://h:1").find("use tls://"), std::string::npos);
  EXPECT_NE(parse_error("tls://h:1/queue").find("tls:// takes no path"), std::string::npos);
  EXPECT_NE(parse_error("tcp://h:1/queue").find("no path"), std::string::npos);
  EXPECT_NE(parse_error("tcp://::1:61613").find("brackets"), std::string::npos);
  EXPECT_NE(parse_error("tcp://[::1:61613").find("unterminated"), std::string::npos);
  EXPECT_NE(parse_error("tcp://[nothex]:1").find("invalid IPv6"), std::string::npos);
  EXPECT_NE(parse_error("tcp://[::1]x:1").find("after ']'"), std::string::npos);
  EXPECT_NE(parse_error("tcp://999.1.1.1:1").find("invalid IPv4"), std::string::npos);
  EXPECT_NE(parse_error("tcp://bad host:1").find("invalid character"), std::string::npos);
  EXPECT_NE(parse_error("tcp://guest@h:1").find("user info"), std::string::npos);
  EXPECT_NE(parse_error("ws://h:1/a b").find("path"), std::string::npos);
  EXPECT_NE(parse_error("ws://h:1/a#frag").find("path"), std::string::npos);
}

TEST(UrlParse, NullErrorPointerIsAllowed) { EXPECT_FALSE(Url::parse("nonsense").has_value()); }

TEST(UrlStr, RoundTrips) {
  for (const char* text : {"tcp://broker:61613", "ws://127.0.0.1:15674/ws", "tcp://[::1]:61613",
                           "ws://[2001:db8::2]:80/a/b?c=d", "ws://h:1/"}) {
    const Url u = parse_ok(text);
    EXPECT_EQ(u.str(), text);
    const Url again = parse_ok(u.str());
    EXPECT_EQ(again.scheme, u.scheme);
    EXPECT_EQ(again.host, u.host);
    EXPECT_EQ(again.port, u.port);
    EXPECT_EQ(again.path, u.path);
  }
}

TEST(UrlStr, NormalisesDefaultPathAndScheme) {
  EXPECT_EQ(parse_ok("ws://h:1").str(), "ws://h:1/");
  EXPECT_EQ(parse_ok("TCP://h:1").str(), "tcp://h:1");
}

TEST(UrlLoopback, RecognisesLoopbackHosts) {
  for (const char* text : {"tcp://127.0.0.1:1", "tcp://127.255.3.4:1", "tcp://localhost:1", "tcp://LocalHost:1",
                           "tcp://[::1]:1", "tcp://[0:0:0:0:0:0:0:1]:1", "tcp://[::ffff:127.0.0.1]:1"})
    EXPECT_TRUE(parse_ok(text).is_loopback()) << text;
}

TEST(UrlLoopback, RejectsOtherHosts) {
  for (const char* text : {"tcp://128.0.0.1:1", "tcp://10.0.0.1:1", "tcp://localhost.example:1",
                           "tcp://mylocalhost:1", "tcp://[::2]:1", "tcp://[::ffff:10.0.0.1]:1", "tcp://0.0.0.0:1"})
    EXPECT_FALSE(parse_ok(text).is_loopback()) << text;
}

TEST(MakeTransport, PicksTheBackendFromTheScheme) {
  const Url tcp = parse_ok("tcp://127.0.0.1:61613");
  const Url ws = parse_ok("ws://127.0.0.1:15674/ws");
  auto t = make_transport(tcp);
  auto w = make_transport(ws);
  ASSERT_NE(t, nullptr);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(t->url().str(), tcp.str());
  EXPECT_EQ(w->url().str(), ws.str());
  EXPECT_FALSE(t->is_open());
  EXPECT_FALSE(w->is_open());
  Url other = tcp;
  other.scheme = "udp";
  EXPECT_EQ(make_transport(other), nullptr);
}

TEST(TransportErrors, HaveMessagesAndPortableConditions) {
  const std::error_code timeout = TransportErrc::timed_out;
  EXPECT_EQ(timeout.category().name(), std::string("stompspec.transport"));
  EXPECT_EQ(timeout.message(), "timed out");
  EXPECT_EQ(timeout, std::errc::timed_out);
  EXPECT_NE(std::error_code(TransportErrc::closed_by_peer), std::errc::timed_out);
  EXPECT_EQ(std::error_code(TransportErrc::handshake_failed).message(), "WebSocket handshake failed");
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

TEST(UrlParse, SockJs) {
  std::string error;
  auto u = Url::parse("sockjs+http://127.0.0.1:8081/gs-guide-websocket", &error);
  ASSERT_TRUE(u) << error;
  EXPECT_TRUE(u->is_sockjs());
  EXPECT_TRUE(u->is_websocket());
  EXPECT_FALSE(u->is_tls());
  EXPECT_EQ(u->str(), "sockjs+http://127.0.0.1:8081/gs-guide-websocket");
  EXPECT_TRUE(Url::parse("sockjs+https://h:1/x")->is_tls());
  EXPECT_EQ(u->transport_name(), "sockjs");
  EXPECT_FALSE(u->is_sockjs_xhr());
}

TEST(UrlParse, SockJsXhrStreaming) {
  std::string error;
  auto u = Url::parse("sockjs-xhr+http://127.0.0.1:8081/gs-guide-websocket", &error);
  ASSERT_TRUE(u) << error;
  EXPECT_TRUE(u->is_sockjs());
  EXPECT_TRUE(u->is_sockjs_xhr());
  EXPECT_FALSE(u->is_tls());
  EXPECT_EQ(u->transport_name(), "sockjs-xhr");
  EXPECT_EQ(u->str(), "sockjs-xhr+http://127.0.0.1:8081/gs-guide-websocket");
  EXPECT_TRUE(Url::parse("sockjs-xhr+https://h:1/x")->is_tls());
  EXPECT_EQ(Url::parse("sockjs-xhr+https://h:1/x")->transport_name(), "sockjs-xhr");
  EXPECT_EQ(Url::parse("wss://h:1/x")->transport_name(), "wss");
}

TEST(TransportCovers, SockJsCoversBothSockJsTransportsButNotTheReverse) {
  EXPECT_TRUE(transport_covers("sockjs", "sockjs"));
  EXPECT_TRUE(transport_covers("sockjs", "sockjs-xhr"));
  EXPECT_TRUE(transport_covers("sockjs-xhr", "sockjs-xhr"));
  EXPECT_FALSE(transport_covers("sockjs-xhr", "sockjs"));
  EXPECT_FALSE(transport_covers("ws", "sockjs-xhr"));
  EXPECT_FALSE(transport_covers("ws", "sockjs"));
}

}  // namespace
}  // namespace stompspec
