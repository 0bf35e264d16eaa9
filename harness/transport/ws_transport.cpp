// ws://host:port/path and wss://host:port/path: STOMP frames carried in
// WebSocket messages (Beast), over TCP or TLS. The only translation unit of
// the library that includes Beast.
//
// Beast marks a websocket stream failed on any error from the layer below,
// cancellation included, so a timed-out read or write here is never
// cancelled: it stays pending, owns its buffer, and the next call of the
// same kind picks up its result. That is what keeps a read timeout lossless.
#include <optional>
#include <type_traits>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "backends.hpp"
#include "core/utf8.hpp"
#include "tls_context.hpp"
#include "ws_client.hpp"

namespace stompspec::detail {
namespace {

// After a close frame Beast answers it and waits for the server to drop the
// TCP connection, which RFC 6455 7.1.1 says the server does first. A server
// that never does gets this long before we drop it ourselves.
constexpr Millis kTeardownGrace{1000};
// How long the 1007 close after a text message that is not UTF-8 may take:
// the verdict does not wait on a broker that already broke the framing.
constexpr Millis kInvalidTextCloseGrace{200};

template <bool Tls>
class WsTransport final : public Transport {
  using Next = std::conditional_t<Tls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

 public:
  WsTransport(Url url, TransportOptions opt) : url_(std::move(url)), opt_(std::move(opt)) {}

  std::error_code connect(Millis timeout) override {
    return guarded([&]() -> std::error_code {
      drop();
      terminal_ = {};
      detail_.clear();
      if constexpr (Tls) {
        if (!context_ && !(context_ = make_tls_context(opt_.tls, &detail_))) return TransportErrc::tls_setup_failed;
        ws_.emplace(opt_, ioc_, *context_);
        if (!prepare_tls_handle(tls().native_handle(), url_, opt_.tls, &detail_))
          return abort_connect(TransportErrc::tls_setup_failed);
      } else {
        ws_.emplace(opt_, ioc_);
      }
      ws_->on_close_frame([this] { arm_teardown_timer(); });
      // Beast also tears down after failing the connection itself (a
      // fragmented or oversized control frame): the same grace applies.
      ws_->stream().next_layer().on_teardown([this] { arm_teardown_timer(); });
      const auto deadline = deadline_after(timeout);
      if (auto ec = connect_socket(ioc_, socket(), url_, deadline)) return abort_connect(ec);
      if constexpr (Tls) {
        auto hs = std::make_shared<OpState>();
        tls().async_handshake(ssl::stream_base::client, completion(hs));
        if (!run_until(ioc_, hs->done, deadline)) {
          detail_ = "TLS handshake did not complete in time";
          return abort_connect(TransportErrc::timed_out);
        }
        if (hs->ec) {
          detail_ = describe_tls_failure(tls().native_handle(), hs->ec, opt_.tls);
          return abort_connect(to_std(hs->ec));
        }
      }

      const bool v6 = url_.host.find(':') != std::string::npos;
      const std::string host = (v6 ? "[" + url_.host + "]" : url_.host) + ":" + std::to_string(url_.port);
      auto st = std::make_shared<OpState>();
      ws_->async_handshake(host, url_.path, completion(st));
      if (!run_until(ioc_, st->done, deadline)) return abort_connect(TransportErrc::timed_out);
      if (auto ec = ws_->finish_handshake(st->ec)) return abort_connect(ec);
      open_ = true;
      return {};
    });
  }

  std::error_code write(std::string_view bytes, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!open_) return unusable();
      const auto deadline = deadline_after(timeout);
      if (write_op_) {  // a write that timed out earlier goes first
        if (!run_until(ioc_, write_op_->done, deadline)) return TransportErrc::timed_out;
        if (auto ec = ws_->map_error(std::exchange(write_op_, nullptr)->ec)) return fail(ec);
      }
      write_buffer_.assign(bytes);
      // RFC 6455 5.6: a text message must be UTF-8. Frames with binary bodies go
      // out as binary messages, or a conforming server closes with 1007.
      ws_->stream().binary(opt_.ws_binary || !utf8::is_valid(write_buffer_));
      write_op_ = std::make_shared<OpState>();
      ws_->stream().async_write(asio::buffer(write_buffer_), completion(write_op_));
      if (!run_until(ioc_, write_op_->done, deadline)) return TransportErrc::timed_out;
      if (auto ec = ws_->map_error(std::exchange(write_op_, nullptr)->ec)) return fail(ec);
      return {};
    });
  }

  std::error_code read(std::string& out, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!open_) return unusable();
      if (!read_op_) {
        read_op_ = std::make_shared<OpState>();
        ws_->async_read_message(completion(read_op_));
      }
      if (!run_until(ioc_, read_op_->done, deadline_after(timeout))) return TransportErrc::timed_out;
      const std::size_t before = out.size();
      if (auto ec = ws_->finish_read(std::exchange(read_op_, nullptr)->ec, out)) {
        const auto& scan = ws_->stream().next_layer().scanner();
        if (ec == TransportErrc::message_too_big)
          detail_ = "a WebSocket frame announced " + std::to_string(scan.last_length()) +
                    " payload octets, over the limit of " + std::to_string(opt_.max_read_message);
        else if (!ws_->close_frame_seen() && (scan.frame_left() > 0 || scan.mid_header()))
          detail_ = scan.mid_header() ? "the connection ended inside a WebSocket frame header"
                                      : "the connection ended inside a WebSocket frame, " +
                                            std::to_string(scan.frame_left()) + " payload octets short";
        return fail(ec);
      }
      if (!ws_->last_message_binary() && !utf8::is_valid(std::string_view(out).substr(before)))
        return fail_invalid_text(out, before);
      return {};
    });
  }

  // Sends a close frame (1000) and waits for the server's; Beast then waits
  // for the server to close TCP. Whatever is left at the deadline is dropped.
  void close(Millis timeout) override {
    (void)guarded([&]() -> std::error_code {
      if (open_) send_close(websocket::close_code::normal, timeout);
      drop();
      return {};
    });
  }

  bool is_open() const override { return open_; }
  std::string subprotocol() const override { return ws_ ? ws_->subprotocol() : std::string(); }
  std::string close_reason() const override {
    if (!detail_.empty()) return detail_;
    return ws_ ? ws_->close_reason() : std::string();
  }
  const Url& url() const override { return url_; }

 private:
  tcp::socket& socket() { return beast::get_lowest_layer(ws_->stream()).socket(); }
  Next& tls() { return ws_->stream().next_layer().next_layer(); }

  // Errors other than a timeout end the connection: Beast cannot go on after
  // one. Later calls repeat the error (a second read after the peer's close
  // frame says closed_by_peer again, not "not connected").
  std::error_code fail(std::error_code ec) {
    drop();
    terminal_ = ec;
    return ec;
  }

  // RFC 6455 5.6: a text message is UTF-8; 8.1: an endpoint that finds it is
  // not MUST fail the connection, as a browser's WebSocket does (close 1007).
  // The message goes unread: a browser client never sees it either.
  std::error_code fail_invalid_text(std::string& out, std::size_t before) {
    out.resize(before);
    detail_ = "the broker sent a WebSocket text message that is not UTF-8 (RFC 6455 5.6; 8.1: the client fails the connection)";
    send_close(websocket::close_code::bad_payload, kInvalidTextCloseGrace);
    return fail(TransportErrc::invalid_text);
  }

  // Our close frame, and the closing handshake as far as the deadline allows.
  void send_close(websocket::close_code code, Millis timeout) {
    auto st = std::make_shared<OpState>();
    ws_->stream().async_close(code, completion(st));
    (void)run_until(ioc_, st->done, deadline_after(timeout));
  }

  // A failed connect leaves nothing to repeat: later calls say not_connected.
  std::error_code abort_connect(std::error_code ec) {
    drop();
    return ec;
  }

  std::error_code unusable() const { return terminal_ ? terminal_ : TransportErrc::not_connected; }

  void arm_teardown_timer() {
    teardown_timer_.expires_after(kTeardownGrace);
    teardown_timer_.async_wait([this](boost_error ec) {
      boost_error ignored;
      if (!ec && ws_) socket().close(ignored);
    });
  }

  // Closes the socket without a closing handshake; pending operations finish
  // with operation_aborted before this returns.
  void drop() {
    open_ = false;
    teardown_timer_.cancel();
    if (ws_) {
      boost_error ignored;
      socket().close(ignored);
    }
    drain(ioc_);
    read_op_.reset();
    write_op_.reset();
  }

  // Declared first: destroyed last, after everything that refers to it.
  asio::io_context ioc_{1};
  asio::steady_timer teardown_timer_{ioc_};
  Url url_;
  TransportOptions opt_;
  std::unique_ptr<ssl::context> context_;  // wss:// only; outlives the stream
  std::optional<WsClient<Next>> ws_;
  std::string detail_;  // why a TLS setup or handshake failed
  bool open_ = false;
  std::error_code terminal_;
  OpPtr read_op_;   // pending across calls after a timeout
  OpPtr write_op_;  // likewise; write_buffer_ stays alive for it
  std::string write_buffer_;
};

}  // namespace

std::unique_ptr<Transport> make_ws_transport(const Url& url, const TransportOptions& opt) {
  if (url.is_tls()) return std::make_unique<WsTransport<true>>(url, opt);
  return std::make_unique<WsTransport<false>>(url, opt);
}

}  // namespace stompspec::detail
