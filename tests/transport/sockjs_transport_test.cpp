// sockjs+http:// against a scripted SockJS server: the info resource is
// checked, SockJS frames are unwrapped ('h' is SockJS's heart-beat and never
// reaches STOMP), each write is one SockJS message, and a SockJS close frame
// is an orderly close with its code and reason.
#include "ws_test_server.hpp"

#include <boost/beast/http/empty_body.hpp>

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using test::TestServer;
using test::tcp;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

// First connection: GET <path>/info; second: the WebSocket at
// <path>/<server>/<session>/websocket, handed to `ws_script`.
struct SockJsServer {
  std::string info_status = "200 OK";
  std::string info_body = R"({"entropy":1,"origins":["*:*"],"cookie_needed":true,"websocket":true})";
  std::function<void(test::WsServer&)> ws_script;
  std::string ws_path;
  std::unique_ptr<TestServer> server;

  void start() {
    server = std::make_unique<TestServer>(
        [this](tcp::socket& s, TestServer&) {
          boost::beast::flat_buffer buffer;
          http::request<http::empty_body> req;
          http::read(s, buffer, req);
          if (std::string(req.target()).ends_with("/info")) {
            std::string resp = "HTTP/1.1 " + info_status +
                               "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            char size[16];
            std::snprintf(size, sizeof size, "%zx", info_body.size());
            resp += std::string(size) + "\r\n" + info_body + "\r\n0\r\n\r\n";
            test::write_all(s, resp);
            return;
          }
          ws_path = std::string(req.target());
          test::WsServer ws(s);
          ws.accept(req);
          ws_script(ws);
        },
        2);
  }
  std::unique_ptr<Transport> transport() {
    return make_transport(*Url::parse(server->url("sockjs+http", "/stomp")), TransportOptions{});
  }
};

void say(test::WsServer& ws, const std::string& text) {
  ws.text(true);
  ws.write(boost::asio::buffer(text));
}

TEST(SockJsTransport, UnwrapsMessagesSkipsSockJsHeartBeatsAndWrapsWrites) {
  SockJsServer srv;
  std::string got_from_client;
  srv.ws_script = [&](test::WsServer& ws) {
    say(ws, "o");
    got_from_client = test::read_message(ws);
    say(ws, "h");
    say(ws, "h");
    say(ws, R"(a["CONNECTED\nversion:1.2\n\n\u0000","MESSAGE\ndestination:/t\n\nhi\u0000"])");
    say(ws, R"(c[3000,"Go away!"])");
    boost::beast::flat_buffer b;
    boost::system::error_code ec;
    ws.read(b, ec);
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(test::kLong)) << t->close_reason();
  EXPECT_TRUE(srv.ws_path.starts_with("/stomp/")) << srv.ws_path;
  EXPECT_TRUE(srv.ws_path.ends_with("/websocket")) << srv.ws_path;
  ASSERT_FALSE(t->write("CONNECT\naccept-version:1.2\n\n" + test::kNul, test::kLong));
  std::string got;
  ASSERT_FALSE(t->read(got, test::kLong));
  EXPECT_EQ(got, "CONNECTED\nversion:1.2\n\n" + test::kNul + "MESSAGE\ndestination:/t\n\nhi" + test::kNul)
      << "the 'h' frames are not STOMP data";
  EXPECT_EQ(got_from_client, R"(["CONNECT\naccept-version:1.2\n\n\u0000"])");
  auto ec = t->read(got, test::kLong);
  EXPECT_EQ(ec, make_error_code(TransportErrc::closed_by_peer));
  EXPECT_EQ(close_how(ec), CloseHow::clean);
  EXPECT_EQ(t->close_reason(), "SockJS close 3000 Go away!");
}

TEST(SockJsTransport, AMissingEndpointOrNoWebSocketTransportIsAClearHandshakeFailure) {
  SockJsServer missing;
  missing.info_status = "404 Not Found";
  missing.info_body = "{}";
  missing.ws_script = [](test::WsServer&) {};
  missing.start();
  auto t = missing.transport();
  EXPECT_EQ(t->connect(test::kLong), make_error_code(TransportErrc::handshake_failed));
  EXPECT_EQ(t->close_reason(), "GET /stomp/info: HTTP/1.1 404 Not Found");
  missing.server->release();

  SockJsServer no_ws;
  no_ws.info_body = R"({"websocket":false})";
  no_ws.ws_script = [](test::WsServer&) {};
  no_ws.start();
  t = no_ws.transport();
  EXPECT_EQ(t->connect(test::kLong), make_error_code(TransportErrc::handshake_failed));
  EXPECT_NE(t->close_reason().find("offers no WebSocket transport"), std::string::npos) << t->close_reason();
}

TEST(SockJsTransport, NoOpenFrameFailsTheConnect) {
  SockJsServer srv;
  srv.ws_script = [](test::WsServer& ws) { say(ws, R"(a["early"])"); };
  srv.start();
  auto t = srv.transport();
  EXPECT_EQ(t->connect(test::kLong), make_error_code(TransportErrc::handshake_failed));
  EXPECT_NE(t->close_reason().find("expected the SockJS open frame 'o'"), std::string::npos) << t->close_reason();
}

TEST(SockJsTransport, OctetsThatAreNotUtf8CannotTravel) {
  SockJsServer srv;
  srv.ws_script = [](test::WsServer& ws) {
    say(ws, "o");
    boost::beast::flat_buffer b;
    boost::system::error_code ec;
    ws.read(b, ec);
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(test::kLong)) << t->close_reason();
  EXPECT_TRUE(t->write(std::string("SEND\n\n\xff\xfe", 8) + test::kNul, test::kLong));
  EXPECT_NE(t->close_reason().find("only UTF-8"), std::string::npos) << t->close_reason();
}

}  // namespace
}  // namespace stompspec
