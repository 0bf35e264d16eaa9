// Listeners, the io thread and shutdown. The STOMP logic is in session*.cpp.
#include "fake_broker.hpp"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <future>
#include <thread>

#include "connection.hpp"

namespace stompspec::testing {

struct FakeBroker::Impl {
  // Declared first so it outlives every connection the io_context destroys.
  BrokerCore core;
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  tcp::acceptor tcp_acceptor{ioc};
  tcp::acceptor ws_acceptor{ioc};
  std::vector<std::weak_ptr<Connection>> connections;  // io thread only
  std::atomic<std::size_t> accepted{0};
  std::uint16_t tcp_port = 0;
  std::uint16_t ws_port = 0;
  std::thread thread;

  Impl(Faults f, Options o, Variations v) : core(std::move(o), std::move(f), v) {
    tcp_port = listen(tcp_acceptor, core.options().tcp_port);
    ws_port = listen(ws_acceptor, core.options().ws_port);
    core.on_crash = [this] { close_everything(); };
    accept(tcp_acceptor, false);
    accept(ws_acceptor, true);
    thread = std::thread([this] { run(); });
  }

  static std::uint16_t listen(tcp::acceptor& a, std::uint16_t port) {
    const tcp::endpoint loopback(asio::ip::address_v4::loopback(), port);
    a.open(loopback.protocol());
    // A fixed port must be reusable at once after a previous run.
    if (port != 0) a.set_option(tcp::acceptor::reuse_address(true));
    a.bind(loopback);
    a.listen();
    return a.local_endpoint().port();
  }

  void run() {
    // A bug reached by a hostile client must not take the test process down.
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "fake broker: handler threw: %s\n", e.what());
      }
    }
  }

  void accept(tcp::acceptor& a, bool ws) {
    a.async_accept([this, &a, ws](boost::system::error_code ec, tcp::socket socket) {
      if (!a.is_open() || core.dead()) return;
      if (!ec && core.faults().refuse_rapid_reconnect && core.recent_disconnect()) {
        boost::system::error_code ignored;
        socket.close(ignored);
      } else if (!ec) {
        ++accepted;
        auto c = ws ? make_ws_connection(ioc, core, std::move(socket))
                    : make_tcp_connection(ioc, core, std::move(socket));
        std::erase_if(connections, [](const auto& w) { return w.expired(); });
        connections.push_back(c);
        c->start();
      }
      // Errors such as EMFILE are retried through the queue, not by recursion.
      asio::post(ioc, [this, &a, ws] { accept(a, ws); });
    });
  }

  void close_everything() {
    boost::system::error_code ignored;
    tcp_acceptor.close(ignored);
    ws_acceptor.close(ignored);
    for (auto& w : connections) {
      if (auto c = w.lock()) c->close_now();
    }
    connections.clear();
  }

  ~Impl() {
    std::promise<void> closed;
    auto done = closed.get_future();
    asio::post(ioc, [this, &closed] {
      core.stop();
      close_everything();
      closed.set_value();
    });
    // The io thread only runs short handlers, so this wait is brief; the bound
    // is there so that a broken handler cannot hang the test run.
    done.wait_for(std::chrono::seconds(5));
    ioc.stop();
    thread.join();
  }
};

FakeBroker::FakeBroker(Faults f, Options o, Variations v)
    : impl_(std::make_unique<Impl>(std::move(f), std::move(o), v)) {}
FakeBroker::~FakeBroker() = default;

std::uint16_t FakeBroker::port() const { return impl_->tcp_port; }
std::uint16_t FakeBroker::ws_port() const { return impl_->ws_port; }
std::string FakeBroker::url() const { return "tcp://127.0.0.1:" + std::to_string(port()); }
std::string FakeBroker::ws_url() const { return "ws://127.0.0.1:" + std::to_string(ws_port()) + "/ws"; }
void FakeBroker::set_faults(const Faults& f) { impl_->core.set_faults(f); }
void FakeBroker::set_variations(const Variations& v) { impl_->core.set_variations(v); }
std::size_t FakeBroker::connections_accepted() const { return impl_->accepted.load(); }

}  // namespace stompspec::testing
