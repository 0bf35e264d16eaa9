#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <gtest/gtest.h>

#include "codec/serializer.hpp"

namespace stompspec::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct TestClient::Impl {
  asio::io_context ioc;
  tcp::socket socket{ioc};                                // TCP mode
  std::unique_ptr<websocket::stream<tcp::socket>> ws;    // WebSocket mode
  std::array<char, 64 * 1024> chunk{};
  beast::flat_buffer ws_buffer;
  Parser parser{Version::v1_2, Peer::server};
  std::string raw;
  std::vector<TimePoint> beats;
  std::string subprotocol;
  bool closed = false;

  void connect_socket(tcp::socket& s, std::uint16_t port) {
    s.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port));
  }

  // One read is always outstanding, so the connection state is never lost
  // to a cancelled operation between two waits.
  void start_read() {
    if (ws) {
      ws->async_read(ws_buffer, [this](beast::error_code ec, std::size_t) {
        std::string data = beast::buffers_to_string(ws_buffer.data());
        ws_buffer.consume(ws_buffer.size());
        on_read(ec, data);
      });
    } else {
      socket.async_read_some(asio::buffer(chunk), [this](boost::system::error_code ec, std::size_t n) {
        on_read(ec, std::string(chunk.data(), n));
      });
    }
  }

  void on_read(boost::system::error_code ec, const std::string& data) {
    if (ec) {
      closed = true;
      parser.finish();
      return;
    }
    if (!data.empty() && data.find_first_not_of("\r\n") == std::string::npos) {
      beats.push_back(std::chrono::steady_clock::now());
    }
    raw += data;
    parser.feed(data);
    start_read();
  }

  // Runs handlers until `done` or the deadline; false on timeout.
  template <class Pred>
  bool pump_until(Pred done, TimePoint deadline) {
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      ioc.restart();
      if (ioc.run_one_until(deadline) == 0 && ioc.stopped() && !done()) return false;
    }
    return true;
  }
};

TestClient::TestClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TestClient::~TestClient() {
  boost::system::error_code ignored;
  if (impl_->ws) {
    beast::get_lowest_layer(*impl_->ws).close(ignored);
  } else {
    impl_->socket.close(ignored);
  }
}

std::unique_ptr<TestClient> TestClient::tcp(std::uint16_t port) {
  auto impl = std::make_unique<Impl>();
  impl->connect_socket(impl->socket, port);
  impl->start_read();
  return std::unique_ptr<TestClient>(new TestClient(std::move(impl)));
}

std::unique_ptr<TestClient> TestClient::ws(std::uint16_t port, std::vector<std::string> subprotocols,
                                           const std::string& path) {
  auto impl = std::make_unique<Impl>();
  tcp::socket s(impl->ioc);
  impl->connect_socket(s, port);
  impl->ws = std::make_unique<websocket::stream<tcp::socket>>(std::move(s));
  std::string offer;
  for (const auto& p : subprotocols) offer += (offer.empty() ? "" : ", ") + p;
  impl->ws->set_option(websocket::stream_base::decorator([offer](websocket::request_type& req) {
    if (!offer.empty()) req.set(beast::http::field::sec_websocket_protocol, offer);
  }));
  websocket::response_type res;
  impl->ws->handshake(res, "127.0.0.1:" + std::to_string(port), path);
  impl->subprotocol = std::string(res[beast::http::field::sec_websocket_protocol]);
  impl->start_read();
  return std::unique_ptr<TestClient>(new TestClient(std::move(impl)));
}

void TestClient::send_raw(std::string_view bytes) {
  if (!impl_->ws) {
    boost::system::error_code ignored;  // a closed peer shows up on the read side
    asio::write(impl_->socket, asio::buffer(bytes.data(), bytes.size()), ignored);
    return;
  }
  bool done = false;
  impl_->ws->binary(true);
  impl_->ws->async_write(asio::buffer(bytes.data(), bytes.size()),
                         [&done](beast::error_code, std::size_t) { done = true; });
  impl_->pump_until([&] { return done; }, std::chrono::steady_clock::now() + kWait);
}

void TestClient::send(const Frame& f) { send_raw(serialize(f, version())); }

Frame TestClient::connect(const std::vector<Header>& headers) {
  send(make_frame("CONNECT", headers));
  auto reply = receive();
  if (!reply) return Frame{};
  if (reply->command == "CONNECTED") {
    if (const auto* v = reply->find("version")) {
      if (auto parsed = parse_version(*v)) set_version(*parsed);
    } else {
      set_version(Version::v1_0);
    }
  }
  return *reply;
}

Frame TestClient::connect(const std::string& accept_version) {
  return connect({{"accept-version", accept_version}, {"host", "/"}});
}

std::optional<ParseEvent> TestClient::next_event(Millis timeout) {
  std::optional<ParseEvent> ev;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  impl_->pump_until([&] { return (ev = impl_->parser.next()).has_value() || impl_->closed; }, deadline);
  if (!ev && impl_->closed) ev = impl_->parser.next();  // what finish() flushed
  return ev;
}

std::optional<Frame> TestClient::receive(Millis timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    auto ev = next_event(std::max(left, Millis(0)));
    if (!ev) return std::nullopt;
    if (ev->kind == ParseEvent::Kind::heartbeat) continue;
    if (ev->kind == ParseEvent::Kind::malformed) return make_frame("<malformed>");
    return ev->frame;
  }
}

bool TestClient::wait_closed(Millis timeout) {
  return impl_->pump_until([&] { return impl_->closed; }, std::chrono::steady_clock::now() + timeout);
}

void TestClient::set_version(Version v) { impl_->parser.set_version(v); }
Version TestClient::version() const { return impl_->parser.version(); }
bool TestClient::closed() const { return impl_->closed; }
const std::string& TestClient::raw_received() const { return impl_->raw; }
const std::vector<TestClient::TimePoint>& TestClient::heartbeat_times() const { return impl_->beats; }
std::string TestClient::subprotocol() const { return impl_->subprotocol; }

Frame make_frame(std::string command, std::vector<Header> headers, std::string body) {
  return Frame{std::move(command), std::move(headers), std::move(body)};
}

}  // namespace stompspec::testing

namespace stompspec::testing {

const std::string* header(const std::optional<Frame>& f, std::string_view name) {
  return f ? f->find(name) : nullptr;
}

std::string command_of(const std::optional<Frame>& f) { return f ? f->command : "<none>"; }

std::string header_or(const std::optional<Frame>& f, std::string_view name, std::string fallback) {
  const std::string* v = header(f, name);
  return v ? *v : fallback;
}

std::unique_ptr<TestClient> connected(std::uint16_t port, const std::string& version) {
  auto c = TestClient::tcp(port);
  const Frame reply = c->connect(version);
  EXPECT_EQ(reply.command, "CONNECTED");
  return c;
}

void subscribe(TestClient& c, const std::string& id, const std::string& dest, const std::string& ack) {
  c.send(make_frame("SUBSCRIBE", {{"id", id}, {"destination", dest}, {"ack", ack}, {"receipt", "sub-" + id}}));
  const auto r = c.receive();
  EXPECT_TRUE(r.has_value() && r->command == "RECEIPT") << "no RECEIPT for SUBSCRIBE " << id;
}

}  // namespace stompspec::testing
