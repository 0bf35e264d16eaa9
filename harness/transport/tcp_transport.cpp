// tcp://host:port and tls://host:port: the STOMP octet stream over a plain
// TCP connection, or over TLS on one.
#include <array>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include "asio_deadline.hpp"
#include "backends.hpp"
#include "tls_context.hpp"

namespace stompspec::detail {
namespace {

template <bool Tls>
class StreamTransport final : public Transport {
  using Stream = std::conditional_t<Tls, ssl::stream<tcp::socket>, tcp::socket>;

 public:
  StreamTransport(Url url, TlsOptions tls) : url_(std::move(url)), tls_(std::move(tls)) {}

  std::error_code connect(Millis timeout) override {
    return guarded([&]() -> std::error_code {
      close_now();
      read_end_ = {};
      unsent_.clear();
      detail_.clear();
      const auto deadline = deadline_after(timeout);
      if constexpr (Tls) {
        // A stream is good for one session: each connect starts a new one.
        if (!context_ && !(context_ = make_tls_context(tls_, &detail_))) return TransportErrc::tls_setup_failed;
        stream_.emplace(ioc_, *context_);
        if (!prepare_tls_handle(stream_->native_handle(), url_, tls_, &detail_)) return TransportErrc::tls_setup_failed;
      } else {
        stream_.emplace(ioc_);
      }
      if (auto ec = connect_socket(ioc_, socket(), url_, deadline)) return ec;
      if constexpr (Tls) {
        auto st = std::make_shared<OpState>();
        stream_->async_handshake(ssl::stream_base::client, completion(st));
        if (!run_until(ioc_, st->done, deadline) && !cancel(st)) return TransportErrc::timed_out;
        if (st->ec == asio::error::operation_aborted) {
          detail_ = "TLS handshake did not complete in time";
          close_now();
          return TransportErrc::timed_out;
        }
        if (st->ec) {
          detail_ = describe_tls_failure(stream_->native_handle(), st->ec, tls_);
          close_now();
          return to_std(st->ec);
        }
      }
      return {};
    });
  }

  // A write cut short by its deadline has already put part of the bytes on
  // the wire. The rest is kept and goes out before anything else, so the
  // broker never sees a truncated frame followed by the next one.
  std::error_code write(std::string_view bytes, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!open()) return TransportErrc::not_connected;
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
      if (!open()) return TransportErrc::not_connected;
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
      if (!open()) return {};
      const auto deadline = deadline_after(timeout);
      if (!unsent_.empty()) {
        const std::string pending = std::move(unsent_);
        unsent_.clear();
        (void)send(pending, deadline);
      }
      if constexpr (Tls) {
        // close_notify first; a peer that never answers it costs the deadline only.
        auto st = std::make_shared<OpState>();
        stream_->async_shutdown(completion(st));
        if (!run_until(ioc_, st->done, deadline)) (void)cancel(st);
      }
      boost_error ignored;
      if (open()) socket().shutdown(tcp::socket::shutdown_send, ignored);
      std::string discard;
      while (!read_end_ && !read_some(discard, deadline)) discard.clear();
      close_now();
      return {};
    });
  }

  bool is_open() const override { return open() && !read_end_; }
  const Url& url() const override { return url_; }
  std::string close_reason() const override { return detail_; }

 private:
  std::error_code send(std::string_view bytes, Clock::time_point deadline) {
    auto st = std::make_shared<OpState>();
    asio::async_write(*stream_, asio::buffer(bytes.data(), bytes.size()), completion(st));
    if (!run_until(ioc_, st->done, deadline) && !cancel(st)) return TransportErrc::timed_out;
    if (st->ec == asio::error::operation_aborted) {
      unsent_.assign(bytes.substr(st->bytes));
      return TransportErrc::timed_out;
    }
    return to_std(st->ec);
  }

  std::error_code read_some(std::string& out, Clock::time_point deadline) {
    auto st = std::make_shared<OpState>();
    stream_->async_read_some(asio::buffer(buffer_), completion(st));
    if (!run_until(ioc_, st->done, deadline) && !cancel(st)) return TransportErrc::timed_out;
    // The read may have completed just before the cancel took effect: its
    // bytes are kept, so a timeout never loses data.
    out.append(buffer_.data(), st->bytes);
    if (st->ec == asio::error::operation_aborted) return TransportErrc::timed_out;
    if (st->ec) read_end_ = end_of_stream(st->ec);
    return read_end_;
  }

  // A TLS peer that closes TCP without close_notify still lost nothing it
  // sent: for a verdict that is an orderly close, like a plain FIN.
  std::error_code end_of_stream(const boost_error& ec) const {
    if (ec == ssl::error::stream_truncated) return TransportErrc::closed_by_peer;
    return to_std(ec);
  }

  tcp::socket& socket() {
    if constexpr (Tls) return stream_->next_layer();
    else return *stream_;
  }
  bool open() const {
    if (!stream_) return false;
    if constexpr (Tls) return stream_->next_layer().is_open();
    else return stream_->is_open();
  }

  // Cancels the operation and waits for its handler. False only if it never
  // reports back, in which case the connection is dropped to free it.
  bool cancel(const OpPtr& st) {
    boost_error ignored;
    socket().cancel(ignored);
    if (run_until(ioc_, st->done, deadline_after(kCancelGrace))) return true;
    close_now();
    return false;
  }

  void close_now() {
    boost_error ignored;
    if (open()) socket().close(ignored);
    drain(ioc_);
  }

  // Declared first: destroyed last, after the socket that refers to it.
  asio::io_context ioc_{1};
  std::unique_ptr<ssl::context> context_;  // tls:// only; outlives the stream
  std::optional<Stream> stream_;
  Url url_;
  TlsOptions tls_;
  std::string detail_;  // why a TLS setup or handshake failed
  std::error_code read_end_;  // EOF or the error that ended the read side
  std::string unsent_;
  std::array<char, 64 * 1024> buffer_{};
};

}  // namespace

std::unique_ptr<Transport> make_tcp_transport(const Url& url, const TransportOptions& opt) {
  if (url.is_tls()) return std::make_unique<StreamTransport<true>>(url, opt.tls);
  return std::make_unique<StreamTransport<false>>(url, opt.tls);
}

}  // namespace stompspec::detail
