#pragma once
// A TCP server on 127.0.0.1 (ephemeral port) that accepts `connections`
// connections one after the other and runs a script of blocking Asio calls
// on each, on its own thread. Tests use it as the far
// end of a transport; WebSocket tests layer Beast on the accepted socket.
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "transport/transport.hpp"

namespace stompspec::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A deadline no passing test comes near.
constexpr Millis kLong{10000};
inline const std::string kNul(1, '\0');

class TestServer {
 public:
  using Script = std::function<void(tcp::socket&, TestServer&)>;

  explicit TestServer(Script script, int connections = 1);
  // Releases the script and shuts its sockets down, so a script still blocked
  // (because the test failed early) cannot hang the test binary.
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view scheme, std::string_view path = "") const;

  // A script pauses in wait_released() until the test calls release().
  void release();
  void wait_released() const { released_.wait(); }

  // Waits for the script to return; false if it is still running after `ms`.
  bool join_for(std::chrono::milliseconds ms);
  // What the script threw, if anything ("" when it ran cleanly).
  std::string failure() const;

 private:
  void run(Script script, int connections);
  void serve(Script& script);

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::promise<void> release_promise_;
  std::shared_future<void> released_;
  std::once_flag release_once_;
  std::promise<void> done_promise_;
  std::future<void> done_;
  mutable std::mutex mutex_;      // guards connection_fd_, stopping_, failure_
  int connection_fd_ = -1;
  bool stopping_ = false;
  std::string failure_;
  std::thread thread_;
};

// Blocking helpers for scripts; they throw boost::system::system_error.
std::string read_exactly(tcp::socket& s, std::size_t n);
std::string read_until_eof(tcp::socket& s);
void write_all(tcp::socket& s, std::string_view bytes);
// Closes so that the peer reads EOF (FIN) after everything sent.
void close_clean(tcp::socket& s);
// Closes with RST: SO_LINGER 0 discards what was queued.
void close_reset(tcp::socket& s);

}  // namespace stompspec::test
