// SockJS's 'h' frames are SockJS's own keep-alive, below STOMP: the engine
// must never count one as a STOMP heart-beat. A scripted SockJS server
// negotiates STOMP heart-beats every 200 ms, then sends only 'h' frames (every
// 50 ms): expect_heartbeats fails. The same server sending STOMP EOLs inside
// SockJS 'a' frames passes. (Spring sends 'h' only after 25 s of silence, too
// long for a case within max_wait_ms: scenarios/sockjs/heart-beating/1 skips
// there unless the profile allows the wait.)
#include "../transport/ws_test_server.hpp"

#include <boost/beast/http/empty_body.hpp>

#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using namespace testutil;
using test::TestServer;
using test::tcp;
namespace http = boost::beast::http;

void say(test::WsServer& ws, const std::string& text) {
  ws.text(true);
  ws.write(boost::asio::buffer(text));
}

// Two connections: GET <path>/info, then the SockJS WebSocket session, which
// answers CONNECT with heart-beat 200,0 and then sends `beat` every `every`
// for up to 3 s.
std::unique_ptr<TestServer> sockjs_server(std::string beat, Millis every) {
  return std::make_unique<TestServer>(
      [beat, every](tcp::socket& s, TestServer&) {
        boost::beast::flat_buffer buffer;
        http::request<http::empty_body> req;
        http::read(s, buffer, req);
        if (std::string(req.target()).ends_with("/info")) {
          const std::string body = R"({"websocket":true,"origins":["*:*"],"cookie_needed":false,"entropy":1})";
          test::write_all(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
          return;
        }
        test::WsServer ws(s);
        ws.accept(req);
        say(ws, "o");
        (void)test::read_message(ws);  // CONNECT
        say(ws, R"(a["CONNECTED\nversion:1.2\nheart-beat:200,0\n\n\u0000"])");
        boost::system::error_code ec;
        for (auto end = Clock::now() + 3s; Clock::now() < end && !ec;) {
          std::this_thread::sleep_for(every);
          ws.text(true);
          ws.write(boost::asio::buffer(beat), ec);
        }
      },
      2);
}

CaseResult run_against(const TestServer& server) {
  RunOptions o;
  o.profile = fake_profile();
  o.check_liveness = false;  // the scripted server takes one session only
  o.targets = {server.url("sockjs+http", "/stomp")};
  std::string error;
  auto targets = resolve_targets(o, &error);
  EXPECT_EQ(error, "");
  const Case c = make_case(R"([{"connect": {"headers": {"heart-beat": "0,200"}}},
    {"expect_heartbeats": {"count": 3, "every_ms": "${heartbeat.server_ms}"}}, {"close": {}}])");
  auto r = run_suite({c}, targets, o).cases;
  EXPECT_EQ(r.size(), 1u);
  return r.empty() ? CaseResult{} : r.front();
}

TEST(SockJsHeartBeats, SockJsHFramesAreNotStompHeartBeats) {
  auto server = sockjs_server("h", 50ms);
  const auto r = run_against(*server);
  EXPECT_EQ(r.status, Status::fail) << r.message << "\n" << transcript(r);
  EXPECT_NE(r.message.find("heart-beat 1 of 3 did not come in time"), std::string::npos) << r.message;
}

TEST(SockJsHeartBeats, StompEolsInsideSockJsMessagesAre) {
  auto server = sockjs_server(R"(a["\n"])", 100ms);
  const auto r = run_against(*server);
  EXPECT_EQ(r.status, Status::pass) << r.message << "\n" << transcript(r);
}

}  // namespace
}  // namespace stompspec
