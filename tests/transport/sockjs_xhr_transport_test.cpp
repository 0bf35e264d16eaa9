// sockjs-xhr+http:// against a scripted SockJS HTTP server: info, the
// xhr_streaming response (prelude, "o", "h", "a[...]", "c[...]"), one
// xhr_send POST per write, a streaming response the server ends (renewed on
// the same session), and servers that misbehave: bad framing, 500 on send, a
// prelude that never ends, a send that is never answered. Each ends in a
// clear error by the deadline.
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <set>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <gtest/gtest.h>

#include "test_server.hpp"
#include "transport/transport.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;

using test::kLong;
using test::kNul;
const std::string kPrelude = std::string(2048, 'h') + "\n";

// Serves each connection on its own thread (xhr_streaming stays open while
// xhr_send requests come), dispatching on the end of the request target.
class HttpServer {
 public:
  using Handler = std::function<void(tcp::socket&, const Request&)>;
  std::map<std::string, Handler> on;  // "/info", "/xhr_streaming", "/xhr_send"

  HttpServer() : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  ~HttpServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
      cv_.notify_all();
    }
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    if (accept_thread_.joinable()) accept_thread_.join();
    for (auto& t : workers_) t.join();
  }
  void start() {
    accept_thread_ = std::thread([this] {
      for (;;) {
        auto s = std::make_shared<tcp::socket>(ioc_);
        boost::system::error_code ec;
        acceptor_.accept(*s, ec);
        std::lock_guard lock(mutex_);
        if (ec || stopping_) return;
        fds_.insert(s->native_handle());
        workers_.emplace_back([this, s] { serve(*s); });
      }
    });
  }
  std::unique_ptr<Transport> transport(const std::string& path = "/stomp") {
    return make_transport(
        *Url::parse("sockjs-xhr+http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path),
        TransportOptions{});
  }
  // Requests seen, as "POST /stomp/123/abc/xhr_send <body>".
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  // A script waits here (bounded) until the test signals `what`.
  void signal(const std::string& what) {
    std::lock_guard lock(mutex_);
    signals_.insert(what);
    cv_.notify_all();
  }
  bool wait(const std::string& what, std::chrono::milliseconds ms = 5s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, ms, [&] { return stopping_ || signals_.count(what) > 0; }) && !stopping_;
  }

 private:
  void serve(tcp::socket& s) {
    try {
      boost::beast::flat_buffer buffer;
      Request req;
      http::read(s, buffer, req);
      const std::string target(req.target());
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(std::string(req.method_string()) + " " + target + (req.body().empty() ? "" : " " + req.body()));
      }
      const auto slash = target.rfind('/');
      auto h = on.find(target.substr(slash));
      if (h == on.end())
        write(s, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      else
        h->second(s, req);
    } catch (const std::exception&) {
      // The client went away or the test ended; the client side asserts.
    }
    std::lock_guard lock(mutex_);
    fds_.erase(s.native_handle());
    boost::system::error_code ignored;
    s.close(ignored);
  }

 public:
  static void write(tcp::socket& s, std::string_view bytes) { asio::write(s, asio::buffer(bytes.data(), bytes.size())); }
  static void chunk(tcp::socket& s, std::string_view data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    write(s, std::string(size) + "\r\n" + std::string(data) + "\r\n");
  }
  static void stream_head(tcp::socket& s) {
    write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/javascript;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n");
  }
  static void info(tcp::socket& s, const Request&) {
    const std::string body = R"({"entropy":1,"origins":["*:*"],"cookie_needed":true,"websocket":false})";
    write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                 "\r\nConnection: close\r\n\r\n" + body);
  }
  static void no_content(tcp::socket& s, const Request&) {
    write(s, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
  }
  // Keeps a connection open until the server stops.
  void hold() { wait("never"); }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread accept_thread_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<int> fds_;
  std::set<std::string> signals_;
  std::vector<std::string> seen_;
  bool stopping_ = false;
};

TEST(SockJsXhrTransport, StreamsFramesSkipsSockJsHeartBeatsAndPostsEachWrite) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_send"] = [&](tcp::socket& s, const Request& r) {
    HttpServer::no_content(s, r);
    srv.signal("sent");
  };
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude);
    HttpServer::chunk(s, "o\n");
    if (!srv.wait("sent")) return;
    HttpServer::chunk(s, "h\nh\n");
    // One SockJS frame split across two chunks, then two frames in one chunk.
    HttpServer::chunk(s, R"(a["CONNECTED\nversion:1.2\n\n\u0000","MESSAGE\ndes)");
    HttpServer::chunk(s, R"(tination:/t\n\nhi\u0000"])" "\nh\n" R"(c[3000,"Go away!"])" "\n");
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  EXPECT_TRUE(t->is_open());
  ASSERT_FALSE(t->write("CONNECT\naccept-version:1.2\n\n" + kNul, kLong)) << t->close_reason();
  std::string got;
  ASSERT_FALSE(t->read(got, kLong)) << t->close_reason();
  EXPECT_EQ(got, "CONNECTED\nversion:1.2\n\n" + kNul + "MESSAGE\ndestination:/t\n\nhi" + kNul)
      << "the prelude and the 'h' frames are not STOMP data";
  auto ec = t->read(got, kLong);
  EXPECT_EQ(ec, make_error_code(TransportErrc::closed_by_peer));
  EXPECT_EQ(close_how(ec), CloseHow::clean);
  EXPECT_EQ(t->close_reason(), "SockJS close 3000 Go away!");
  EXPECT_FALSE(t->is_open());

  const auto seen = srv.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "GET /stomp/info");
  EXPECT_TRUE(seen[1].starts_with("POST /stomp/") && seen[1].ends_with("/xhr_streaming")) << seen[1];
  const std::string session = seen[1].substr(5, seen[1].size() - 5 - std::string("/xhr_streaming").size());
  EXPECT_EQ(seen[2], "POST " + session + "/xhr_send " + R"(["CONNECT\naccept-version:1.2\n\n\u0000"])");
}

TEST(SockJsXhrTransport, AStreamingResponseTheServerEndsIsRenewedOnTheSameSession) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  std::atomic<int> streams{0};
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    const int n = ++streams;
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude);
    if (n == 1) {
      HttpServer::chunk(s, "o\n" R"(a["one"])" "\n");
      HttpServer::write(s, "0\r\n\r\n");  // Spring does this after 128 KiB
      return;
    }
    HttpServer::chunk(s, R"(a["two"])" "\n");
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  std::string got;
  ASSERT_FALSE(t->read(got, kLong)) << t->close_reason();
  ASSERT_FALSE(t->read(got, kLong)) << t->close_reason();
  EXPECT_EQ(got, "onetwo");
  const auto seen = srv.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1], seen[2]) << "the same session";
}

TEST(SockJsXhrTransport, ATimedOutReadLosesNothing) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + "o\n");
    if (!srv.wait("go")) return;
    HttpServer::chunk(s, R"(a["late"])" "\n");
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  std::string got;
  const auto start = Clock::now();
  EXPECT_EQ(t->read(got, Millis(200)), make_error_code(TransportErrc::timed_out));
  EXPECT_LT(Clock::now() - start, 2s);
  srv.signal("go");
  ASSERT_FALSE(t->read(got, kLong)) << t->close_reason();
  EXPECT_EQ(got, "late");
}

// ---- servers that misbehave: a clear error by the deadline, never a hang

TEST(SockJsXhrTransport, BadFramingIsAProtocolErrorThatNamesTheLine) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + "o\n" + R"(a["unterminated)" + "\n");
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  std::string got;
  EXPECT_EQ(t->read(got, kLong), std::make_error_code(std::errc::protocol_error));
  EXPECT_EQ(t->close_reason(), R"(not a SockJS frame: 'a["unterminated')");
  EXPECT_EQ(got, "");
  EXPECT_FALSE(t->is_open());
}

TEST(SockJsXhrTransport, ARefusedSendIsAnErrorWithTheStatus) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + "o\n");
    srv.hold();
  };
  srv.on["/xhr_send"] = [](tcp::socket& s, const Request&) {
    HttpServer::write(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops");
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  EXPECT_EQ(t->write("SEND\n\n" + kNul, kLong), std::make_error_code(std::errc::protocol_error));
  EXPECT_TRUE(t->close_reason().ends_with("/xhr_send: HTTP 500 Internal Server Error (oops)")) << t->close_reason();
}

TEST(SockJsXhrTransport, ASendNeverAnsweredTimesOut) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + "o\n");
    srv.hold();
  };
  srv.on["/xhr_send"] = [&](tcp::socket&, const Request&) { srv.hold(); };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  const auto start = Clock::now();
  EXPECT_EQ(t->write("SEND\n\n" + kNul, Millis(300)), make_error_code(TransportErrc::timed_out));
  EXPECT_LT(Clock::now() - start, 2500ms);
  EXPECT_TRUE(t->close_reason().ends_with("/xhr_send: no answer in time")) << t->close_reason();
}

TEST(SockJsXhrTransport, APreludeThatNeverEndsFailsTheConnect) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    for (int i = 0; i < 64; ++i) HttpServer::chunk(s, std::string(1024, 'h'));
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  const auto start = Clock::now();
  EXPECT_EQ(t->connect(kLong), make_error_code(TransportErrc::message_too_big));
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_NE(t->close_reason().find("the prelude never ends"), std::string::npos) << t->close_reason();
  EXPECT_FALSE(t->is_open());
}

TEST(SockJsXhrTransport, NoOpenFrameTimesOutTheConnect) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude);
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  const auto start = Clock::now();
  EXPECT_EQ(t->connect(Millis(500)), make_error_code(TransportErrc::timed_out));
  EXPECT_LT(Clock::now() - start, 2500ms);
  EXPECT_EQ(t->close_reason(), "no SockJS open frame ('o') on the xhr_streaming response in time");
}

TEST(SockJsXhrTransport, ASessionClosedInsteadOfOpenedSaysSo) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + R"(c[1011,""])" + "\n");  // as Spring now and then does
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  EXPECT_EQ(t->connect(kLong), make_error_code(TransportErrc::closed_by_peer));
  EXPECT_EQ(t->close_reason(), "the server closed the SockJS session instead of opening it: SockJS close 1011  (twice)");
  EXPECT_FALSE(t->is_open());
  const auto seen = srv.seen();
  ASSERT_EQ(seen.size(), 3u) << "info, then two sessions, no more";
  EXPECT_NE(seen[1], seen[2]) << "a new session the second time";
}

TEST(SockJsXhrTransport, OneSessionClosedInsteadOfOpenedIsFollowedByANewOne) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  std::atomic<int> sessions{0};
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + (++sessions == 1 ? R"(c[1011,""])" : "o") + "\n");
    srv.hold();
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  EXPECT_TRUE(t->is_open());
  EXPECT_EQ(sessions, 2);
}

TEST(SockJsXhrTransport, AnEndpointWithoutXhrStreamingIsAHandshakeFailure) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;  // no /xhr_streaming: 404
  srv.start();
  auto t = srv.transport();
  EXPECT_EQ(t->connect(kLong), make_error_code(TransportErrc::handshake_failed));
  EXPECT_TRUE(t->close_reason().ends_with("/xhr_streaming: HTTP 404 Not Found")) << t->close_reason();
}

TEST(SockJsXhrTransport, AStreamThatBreaksOffIsAReset) {
  HttpServer srv;
  srv.on["/info"] = HttpServer::info;
  srv.on["/xhr_streaming"] = [&](tcp::socket& s, const Request&) {
    HttpServer::stream_head(s);
    HttpServer::chunk(s, kPrelude + "o\n");
    HttpServer::write(s, "5\r\na[\"x");  // and the connection ends mid-chunk
  };
  srv.start();
  auto t = srv.transport();
  ASSERT_FALSE(t->connect(kLong)) << t->close_reason();
  std::string got;
  const auto ec = t->read(got, kLong);
  EXPECT_TRUE(ec);
  EXPECT_EQ(close_how(ec), CloseHow::reset) << ec.message();
  EXPECT_NE(t->close_reason().find("broke off without a SockJS close frame"), std::string::npos) << t->close_reason();
}

}  // namespace
}  // namespace stompspec
