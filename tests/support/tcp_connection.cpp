// STOMP straight over a TCP stream.
#include <algorithm>
#include <array>
#include <boost/asio/write.hpp>

#include "connection.hpp"

namespace stompspec::testing {
namespace {

class TcpConnection final : public Connection {
 public:
  TcpConnection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket)
      : Connection(ioc, core), socket_(std::move(socket)) {}

  void start() override { read_more(); }

 private:
  void read_more() {
    auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
    socket_.async_read_some(asio::buffer(buffer_), [self](boost::system::error_code ec, std::size_t n) {
      if (ec) return self->close_now();  // EOF included: a half-closed client is done with us
      self->received(std::string_view(self->buffer_.data(), n));
      if (!self->closed()) self->read_more();
    });
  }

  void async_send(const std::string& bytes, Done done) override {
    if (core_.variations().fragmented_writes) return send_piece(bytes, 0, std::move(done));
    asio::async_write(socket_, asio::buffer(bytes),
                      [done = std::move(done)](boost::system::error_code ec, std::size_t) { done(ec); });
  }

  // A stream has no message boundaries: tiny pieces (larger past the
  // headers, so big bodies stay quick), each its own segment.
  void send_piece(const std::string& bytes, std::size_t at, Done done) {
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    const std::size_t n = std::min<std::size_t>(at < 512 ? 7 : 16384, bytes.size() - at);
    auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
    asio::async_write(socket_, asio::buffer(bytes.data() + at, n),
                      [self, &bytes, at, n, done = std::move(done)](boost::system::error_code ec, std::size_t) mutable {
                        if (ec || at + n >= bytes.size()) return done(ec);
                        self->send_piece(bytes, at + n, std::move(done));
                      });
  }

  void arm_reset() override {
    boost::system::error_code ignored;
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
  }

  void say_goodbye() override {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
  }

  void close_transport() override {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  tcp::socket socket_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

std::shared_ptr<Connection> make_tcp_connection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket) {
  return std::make_shared<TcpConnection>(ioc, core, std::move(socket));
}

}  // namespace stompspec::testing
