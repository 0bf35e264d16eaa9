#pragma once
// The network side of one client: a write queue, heart-beat timers and an
// orderly close, shared by the TCP and WebSocket flavours, which only say how
// bytes move. Everything runs on the broker's io thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "broker_core.hpp"
#include "session.hpp"

namespace stompspec::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Connection : public std::enable_shared_from_this<Connection>, public SessionIo {
 public:
  Connection(asio::io_context& ioc, BrokerCore& core);
  ~Connection() override;

  virtual void start() = 0;
  // Drops the connection without a goodbye; the session learns of it later,
  // never from inside its own frame handling.
  void close_now();

  void write(std::string bytes) override;
  void close_after_flush() override;
  void reset_after_flush() override;
  void start_heartbeats(std::chrono::milliseconds send, std::chrono::milliseconds expect) override;

 protected:
  using Done = std::function<void(boost::system::error_code)>;
  // `bytes` stays alive and unchanged until `done` runs.
  virtual void async_send(const std::string& bytes, Done done) = 0;
  virtual void say_goodbye() = 0;      // TCP: shut down sending; WebSocket: close frame
  virtual void close_transport() = 0;  // abrupt; cancels pending operations
  virtual void arm_reset() = 0;        // SO_LINGER 0, so that closing sends a TCP reset

  void received(std::string_view bytes);  // called by the read loop
  bool closed() const { return closed_; }

  asio::io_context& ioc_;
  BrokerCore& core_;

 private:
  void write_next();
  void goodbye();
  void arm_send_timer();
  void arm_expect_timer();
  std::chrono::steady_clock::duration send_period() const;

  std::unique_ptr<Session> session_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool reset_ = false;  // end with a reset instead of a goodbye
  bool closed_ = false;
  asio::steady_timer send_timer_;
  asio::steady_timer expect_timer_;
  asio::steady_timer linger_timer_;
  std::chrono::steady_clock::time_point last_read_;
  std::chrono::steady_clock::time_point last_write_;
  std::chrono::milliseconds send_interval_{0};
  std::chrono::milliseconds expect_interval_{0};
};

// The two flavours; each defined in its own translation unit.
std::shared_ptr<Connection> make_tcp_connection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket);
std::shared_ptr<Connection> make_ws_connection(asio::io_context& ioc, BrokerCore& core, tcp::socket socket);

}  // namespace stompspec::testing
