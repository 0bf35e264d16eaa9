// tls:// and wss:// against in-process TLS servers with certificates made by
// scripts/make-test-certs.sh: verification on by default (CA, host name),
// --insecure, client certificates, and handshakes that fail or stall end
// within the connect deadline with a message that says what to do.
#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "ws_test_server.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using test::TestServer;
using test::tcp;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

const std::string& certs() {
  static const std::string dir = [] {
    std::string d = (std::filesystem::temp_directory_path() / "stompspec-test-certs").string();
    std::string cmd = "bash '" STOMPSPEC_SOURCE_DIR "/scripts/make-test-certs.sh' '" + d + "' >/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return d;
  }();
  return dir;
}
std::string cert(const std::string& name) { return certs() + "/" + name; }

ssl::context server_context(const std::string& name, bool want_client_cert = false) {
  ssl::context ctx(ssl::context::tls_server);
  ctx.use_certificate_chain_file(cert(name + ".pem"));
  ctx.use_private_key_file(cert(name + ".key"), ssl::context::pem);
  if (want_client_cert) {
    ctx.load_verify_file(cert("ca.pem"));
    ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  return ctx;
}

// Handshakes as a TLS server with `name`'s certificate, answers one line, closes.
TestServer::Script tls_echo(std::string name, bool want_client_cert = false) {
  return [name, want_client_cert](tcp::socket& s, TestServer&) {
    auto ctx = server_context(name, want_client_cert);
    ssl::stream<tcp::socket&> tls(s, ctx);
    boost::system::error_code ec;
    tls.handshake(ssl::stream_base::server, ec);
    if (ec) return;  // the client refused us: what the test is about
    std::string got(5, '\0');
    boost::asio::read(tls, boost::asio::buffer(got));
    boost::asio::write(tls, boost::asio::buffer("got " + got));
    tls.shutdown(ec);
  };
}

TransportOptions with_ca() {
  TransportOptions o;
  o.tls.ca_file = cert("ca.pem");
  return o;
}

std::error_code connect(Transport& t) { return t.connect(5000ms); }

TEST(TlsTransport, VerifiedRoundTripAndAnOrderlyClose) {
  TestServer server(tls_echo("server"));
  auto t = make_transport(*Url::parse(server.url("tls")), with_ca());
  ASSERT_FALSE(connect(*t)) << t->close_reason();
  ASSERT_FALSE(t->write("hello", 5000ms));
  std::string got;
  std::error_code ec;
  while (!(ec = t->read(got, 5000ms))) {
  }
  EXPECT_EQ(got, "got hello");
  EXPECT_EQ(ec, make_error_code(TransportErrc::closed_by_peer)) << ec.message();
  EXPECT_EQ(close_how(ec), CloseHow::clean);
}

TEST(TlsTransport, AnUnknownCaFailsWithAHint) {
  TestServer server(tls_echo("self"));
  auto t = make_transport(*Url::parse(server.url("tls")), with_ca());
  auto ec = connect(*t);
  ASSERT_TRUE(ec);
  EXPECT_NE(t->close_reason().find("certificate"), std::string::npos) << t->close_reason();
  EXPECT_NE(t->close_reason().find("--ca FILE"), std::string::npos) << t->close_reason();
}

TEST(TlsTransport, AWrongHostNameFails) {
  TestServer server(tls_echo("other"));
  auto t = make_transport(*Url::parse(server.url("tls")), with_ca());
  ASSERT_TRUE(connect(*t));
  EXPECT_NE(t->close_reason().find("does not name this host"), std::string::npos) << t->close_reason();
}

TEST(TlsTransport, TheServerNameOptionVerifiesAnotherName) {
  TestServer server(tls_echo("other"));
  auto opt = with_ca();
  opt.tls.server_name = "other.example";
  auto t = make_transport(*Url::parse(server.url("tls")), opt);
  EXPECT_FALSE(connect(*t)) << t->close_reason();
}

TEST(TlsTransport, InsecureSkipsVerification) {
  TestServer server(tls_echo("self"));
  TransportOptions opt;
  opt.tls.insecure = true;
  auto t = make_transport(*Url::parse(server.url("tls")), opt);
  EXPECT_FALSE(connect(*t)) << t->close_reason();
}

TEST(TlsTransport, AClientCertificateIsSentWhenAsked) {
  TestServer refused(tls_echo("server", true));
  auto without = make_transport(*Url::parse(refused.url("tls")), with_ca());
  // TLS 1.3 reports the refusal on the first read rather than in the handshake.
  std::string got;
  bool failed = connect(*without) || without->write("hello", 5000ms) || without->read(got, 5000ms);
  EXPECT_TRUE(failed);
  EXPECT_EQ(got, "");

  TestServer accepted(tls_echo("server", true));
  auto opt = with_ca();
  opt.tls.cert_file = cert("client.pem");
  opt.tls.key_file = cert("client.key");
  auto with = make_transport(*Url::parse(accepted.url("tls")), opt);
  ASSERT_FALSE(connect(*with)) << with->close_reason();
  ASSERT_FALSE(with->write("hello", 5000ms));
  EXPECT_FALSE(with->read(got, 5000ms));
  EXPECT_EQ(got.substr(0, 3), "got");
}

TEST(TlsTransport, AMissingCaFileIsASetupError) {
  TransportOptions opt;
  opt.tls.ca_file = "/nonexistent/ca.pem";
  auto t = make_transport(*Url::parse("tls://127.0.0.1:1"), opt);
  EXPECT_EQ(connect(*t), make_error_code(TransportErrc::tls_setup_failed));
  EXPECT_NE(t->close_reason().find("/nonexistent/ca.pem"), std::string::npos) << t->close_reason();
}

// A server that accepts TCP and then says nothing: the handshake must end at
// the connect deadline, for tls:// and wss:// alike.
TEST(TlsTransport, AStalledHandshakeEndsAtTheDeadline) {
  for (const char* scheme : {"tls", "wss"}) {
    TestServer server([](tcp::socket&, TestServer& srv) { srv.wait_released(); });
    auto t = make_transport(*Url::parse(server.url(scheme, std::string(scheme) == "wss" ? "/ws" : "")), with_ca());
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(t->connect(300ms), make_error_code(TransportErrc::timed_out)) << scheme;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << scheme;
    EXPECT_NE(t->close_reason().find("did not complete in time"), std::string::npos) << t->close_reason();
    server.release();
  }
}

TEST(WssTransport, VerifiedWebSocketRoundTrip) {
  TestServer server([](tcp::socket& s, TestServer&) {
    auto ctx = server_context("server");
    websocket::stream<ssl::stream<tcp::socket&>> ws(s, ctx);
    ws.next_layer().handshake(ssl::stream_base::server);
    beast::flat_buffer buffer;
    http::request<http::empty_body> req;
    http::read(ws.next_layer(), buffer, req);
    ws.accept(req);
    beast::flat_buffer msg;
    ws.read(msg);
    ws.text(true);
    ws.write(boost::asio::buffer("got " + beast::buffers_to_string(msg.data())));
    ws.close(websocket::close_code::normal);
  });
  auto t = make_transport(*Url::parse(server.url("wss", "/ws")), with_ca());
  ASSERT_FALSE(connect(*t)) << t->close_reason();
  ASSERT_FALSE(t->write("hello", 5000ms));
  std::string got;
  ASSERT_FALSE(t->read(got, 5000ms));
  EXPECT_EQ(got, "got hello");
  auto ec = t->read(got, 5000ms);
  EXPECT_EQ(ec, make_error_code(TransportErrc::closed_by_peer)) << ec.message();
  EXPECT_EQ(t->close_reason(), "1000");
}

TEST(WssTransport, AWrongHostNameFailsBeforeTheUpgrade) {
  TestServer server(tls_echo("other"));
  auto t = make_transport(*Url::parse(server.url("wss", "/ws")), with_ca());
  ASSERT_TRUE(connect(*t));
  EXPECT_NE(t->close_reason().find("does not name this host"), std::string::npos) << t->close_reason();
}

}  // namespace
}  // namespace stompspec
