#include "test_server.hpp"

#include <sys/socket.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>

namespace stompspec::test {

TestServer::TestServer(Script script, int connections)
    : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      port_(acceptor_.local_endpoint().port()),
      listen_fd_(acceptor_.native_handle()),
      released_(release_promise_.get_future().share()),
      done_(done_promise_.get_future()),
      thread_([this, s = std::move(script), connections]() mutable { run(std::move(s), connections); }) {}

TestServer::~TestServer() {
  release();
  // shutdown(2) wakes a thread blocked in accept() or read() on these sockets
  // without racing with it over the socket objects themselves.
  ::shutdown(listen_fd_, SHUT_RDWR);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (connection_fd_ >= 0) ::shutdown(connection_fd_, SHUT_RDWR);
  }
  thread_.join();
}

std::string TestServer::url(std::string_view scheme, std::string_view path) const {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void TestServer::release() {
  std::call_once(release_once_, [this] { release_promise_.set_value(); });
}

bool TestServer::join_for(std::chrono::milliseconds ms) {
  return done_.wait_for(ms) == std::future_status::ready;
}

std::string TestServer::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void TestServer::run(Script script, int connections) {
  try {
    for (int i = 0; i < connections; ++i) serve(script);
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    failure_ = e.what();
  }
  done_promise_.set_value();
}

void TestServer::serve(Script& script) {
  tcp::socket socket(ioc_);
  acceptor_.accept(socket);
  {
    std::lock_guard lock(mutex_);
    connection_fd_ = socket.native_handle();
    if (stopping_) ::shutdown(connection_fd_, SHUT_RDWR);
  }
  // Closed under the lock so that the destructor never shuts down a
  // descriptor number the test has since reused.
  struct Closer {
    TestServer& server;
    tcp::socket& socket;
    ~Closer() {
      std::lock_guard lock(server.mutex_);
      server.connection_fd_ = -1;
      boost::system::error_code ignored;
      socket.close(ignored);
    }
  } closer{*this, socket};
  script(socket, *this);
}

std::string read_exactly(tcp::socket& s, std::size_t n) {
  std::string data(n, '\0');
  asio::read(s, asio::buffer(data));
  return data;
}

std::string read_until_eof(tcp::socket& s) {
  std::string data;
  boost::system::error_code ec;
  char chunk[64 * 1024];
  for (;;) {
    const std::size_t n = s.read_some(asio::buffer(chunk), ec);
    data.append(chunk, n);
    if (ec == asio::error::eof) return data;
    if (ec) throw boost::system::system_error(ec);
  }
}

void write_all(tcp::socket& s, std::string_view bytes) { asio::write(s, asio::buffer(bytes.data(), bytes.size())); }

void close_clean(tcp::socket& s) {
  boost::system::error_code ec;
  s.shutdown(tcp::socket::shutdown_send, ec);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

void close_reset(tcp::socket& s) {
  s.set_option(asio::socket_base::linger(true, 0));
  s.close();
}

}  // namespace stompspec::test
