// tcp://host:port: the STOMP octet stream over a plain TCP connection.
#include <array>
#include <string>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "asio_deadline.hpp"
#include "backends.hpp"

namespace stompspec::detail {
namespace {

class TcpTransport final : public Transport {
 public:
  explicit TcpTransport(Url url) : url_(std::move(url)) {}

  std::error_code connect(Millis timeout) override {
    return guarded([&]() -> std::error_code {
      close_now();
      read_end_ = {};
      unsent_.clear();
      return connect_socket(ioc_, socket_, url_, deadline_after(timeout));
    });
  }

  // A write cut short by its deadline has already put part of the bytes on
  // the wire. The rest is kept and goes out before anything else, so the
  // broker never sees a truncated frame followed by the next one.
  std::error_code write(std::string_view bytes, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!socket_.is_open()) return TransportErrc::not_connected;
      const auto deadline = deadline_after(timeout);
      if (!unsent_.empty()) {
        const std::string pending = std::move(unsent_);
        unsent_.clear();
        if (auto ec = send(pending, deadline)) return ec;
      }
      return send(bytes, deadline);
    });
  }

  std::error_code read(std::string& out, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!socket_.is_open()) return TransportErrc::not_connected;
      // Asio never completes a read issued after EOF (the edge-triggered
      // readiness was consumed by the first), so the end is remembered.
      if (read_end_) return read_end_;
      return read_some(out, deadline_after(timeout));
    });
  }

  // Shuts down our sending side, then reads (and discards) until the peer
  // closes too: closing with unread data would make the kernel send a reset
  // instead of an orderly FIN.
  void close(Millis timeout) override {
    (void)guarded([&]() -> std::error_code {
      if (!socket_.is_open()) return {};
      const auto deadline = deadline_after(timeout);
      if (!unsent_.empty()) {
        const std::string pending = std::move(unsent_);
        unsent_.clear();
        (void)send(pending, deadline);
      }
      boost_error ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      std::string discard;
      while (!read_end_ && !read_some(discard, deadline)) discard.clear();
      close_now();
      return {};
    });
  }

  bool is_open() const override { return socket_.is_open() && !read_end_; }
  const Url& url() const override { return url_; }

 private:
  std::error_code send(std::string_view bytes, Clock::time_point deadline) {
    auto st = std::make_shared<OpState>();
    asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()), completion(st));
    if (!run_until(ioc_, st->done, deadline) && !cancel(st)) return TransportErrc::timed_out;
    if (st->ec == asio::error::operation_aborted) {
      unsent_.assign(bytes.substr(st->bytes));
      return TransportErrc::timed_out;
    }
    return to_std(st->ec);
  }

  std::error_code read_some(std::string& out, Clock::time_point deadline) {
    auto st = std::make_shared<OpState>();
    socket_.async_read_some(asio::buffer(buffer_), completion(st));
    if (!run_until(ioc_, st->done, deadline) && !cancel(st)) return TransportErrc::timed_out;
    // The read may have completed just before the cancel took effect: its
    // bytes are kept, so a timeout never loses data.
    out.append(buffer_.data(), st->bytes);
    if (st->ec == asio::error::operation_aborted) return TransportErrc::timed_out;
    if (st->ec) read_end_ = to_std(st->ec);
    return to_std(st->ec);
  }

  // Cancels the operation and waits for its handler. False only if it never
  // reports back, in which case the connection is dropped to free it.
  bool cancel(const OpPtr& st) {
    boost_error ignored;
    socket_.cancel(ignored);
    if (run_until(ioc_, st->done, deadline_after(kCancelGrace))) return true;
    close_now();
    return false;
  }

  void close_now() {
    boost_error ignored;
    if (socket_.is_open()) socket_.close(ignored);
    drain(ioc_);
  }

  // Declared first: destroyed last, after the socket that refers to it.
  asio::io_context ioc_{1};
  tcp::socket socket_{ioc_};
  Url url_;
  std::error_code read_end_;  // EOF or the error that ended the read side
  std::string unsent_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

std::unique_ptr<Transport> make_tcp_transport(const Url& url, const TransportOptions& /*opt*/) {
  return std::make_unique<TcpTransport>(url);
}

}  // namespace stompspec::detail
