// STOMP over WebSocket: an HTTP upgrade on /ws choosing the highest offered
// vNN.stomp subprotocol (or none), then one STOMP frame per message out.
#include <array>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "connection.hpp"

namespace stompspec::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;

// Beast refuses text messages that are not UTF-8, so a binary body goes binary.
bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

std::string pick_subprotocol(const http::request<http::string_body>& req) {
  std::string offered;
  const auto [first, last] = req.equal_range(http::field::sec_websocket_protocol);
  for (auto it = first; it != last; ++it) offered += "," + std::string(it->value());
  auto is_offered = [&](std::string_view name) {
    std::size_t pos = 0;
    while ((pos = offered.find(name, pos)) != std::string::npos) {
      const auto end = pos + name.size();
      const bool starts = pos == 0 || offered[pos - 1] == ',' || offered[pos - 1] == ' ';
      const bool ends = end == offered.size() || offered[end] == ',' || offered[end] == ' ';
      if (starts && ends) return true;
      pos = end;
    }
    return false;
  };
  for (const char* p : {"v12.stomp", "v11.stomp", "v10.stomp"}) {
    if (is_offered(p)) return p;
  }
  return {};
}

class WsConnection final : public Connection {
 public:
  WsConnection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket)
      : Connection(ioc, core), ws_(std::move(socket)) {}

  void start() override {
    auto self = shared_self();
    beast::get_lowest_layer(ws_).expires_after(10s);
    http::async_read(ws_.next_layer(), buffer_, request_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();
      self->accept();
    });
  }

 private:
  std::shared_ptr<WsConnection> shared_self() {
    return std::static_pointer_cast<WsConnection>(shared_from_this());
  }

  void accept() {
    auto self = shared_self();
    beast::get_lowest_layer(ws_).expires_never();
    if (core_.hung()) return discard();  // a hung broker leaves the upgrade unanswered
    if (!websocket::is_upgrade(request_) || request_.target() != "/ws") return reject();
    ws_.set_option(websocket::stream_base::timeout{10s, websocket::stream_base::none(), false});
    ws_.set_option(websocket::stream_base::decorator([p = pick_subprotocol(request_)](websocket::response_type& res) {
      if (!p.empty()) res.set(http::field::sec_websocket_protocol, p);
      res.set(http::field::server, "stompspec-fake");
    }));
    ws_.read_message_max(64 * 1024 * 1024);
    ws_.async_accept(request_, [self](beast::error_code ec) {
      if (ec) return self->close_now();
      self->read_more();
    });
  }

  void reject() {
    auto self = shared_self();
    auto res = std::make_shared<http::response<http::string_body>>(http::status::not_found, request_.version());
    res->set(http::field::content_type, "text/plain");
    res->body() = "The STOMP WebSocket endpoint is /ws\n";
    res->keep_alive(false);
    res->prepare_payload();
    http::async_write(ws_.next_layer(), *res, [self, res](beast::error_code, std::size_t) { self->close_now(); });
  }

  // Keeps the socket open, and this object alive, without ever answering.
  void discard() {
    ws_.next_layer().async_read_some(asio::buffer(scratch_), [self = shared_self()](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();
      self->discard();
    });
  }

  void read_more() {
    auto self = shared_self();
    ws_.async_read(buffer_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->close_now();
      const std::string data = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->received(data);
      if (!self->closed()) self->read_more();
    });
  }

  void async_send(const std::string& bytes, Done done) override {
    ws_.text(is_utf8(bytes));
    ws_.async_write(asio::buffer(bytes),
                    [done = std::move(done)](beast::error_code ec, std::size_t) { done(ec); });
  }

  void say_goodbye() override {
    ws_.async_close(websocket::close_code::normal, [self = shared_self()](beast::error_code) { self->close_now(); });
  }

  void close_transport() override { beast::get_lowest_layer(ws_).close(); }

  void arm_reset() override {
    boost::system::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(asio::socket_base::linger(true, 0), ignored);
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::array<char, 4096> scratch_{};
};

}  // namespace

std::shared_ptr<Connection> make_ws_connection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket) {
  return std::make_shared<WsConnection>(ioc, core, std::move(socket));
}

}  // namespace stompspec::testing
