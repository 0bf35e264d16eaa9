#pragma once
// The client half of a STOMP-over-WebSocket connection, templated on the
// stream under the WebSocket so that the ws:// transport (a tcp_stream) and
// the fuzz target (an in-memory beast::test::stream) share the same options,
// handshake checks and message/close handling. It starts operations and
// interprets their results; whoever owns it runs the io_context.
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "asio_deadline.hpp"
#include "ws_text_as_binary.hpp"

namespace stompspec::detail {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

template <class NextLayer>
class WsClient {
 public:
  // Beast sees every server message as binary (ws_text_as_binary.hpp).
  using Stream = websocket::stream<TextAsBinary<NextLayer>>;

  template <class... Args>
  explicit WsClient(const TransportOptions& opt, Args&&... args)
      : ws_(std::forward<Args>(args)...), offered_(opt.subprotocols) {
    // Deadlines are ours (the owner runs the io_context against them);
    // Beast's own timers would fail the stream behind our back.
    ws_.set_option(websocket::stream_base::timeout{
        websocket::stream_base::none(), websocket::stream_base::none(), false});
    websocket::permessage_deflate no_deflate;
    no_deflate.client_enable = false;
    no_deflate.server_enable = false;
    ws_.set_option(no_deflate);
    ws_.read_message_max(opt.max_read_message);
    // One frame per message, as browsers send them, so a message boundary
    // the suite chose is the only structure the broker sees.
    ws_.auto_fragment(false);
    ws_.binary(opt.ws_binary);
    std::string offer;
    for (const auto& p : offered_) offer += (offer.empty() ? "" : ", ") + p;
    ws_.set_option(websocket::stream_base::decorator([offer](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "stompspec");
      if (!offer.empty()) req.set(beast::http::field::sec_websocket_protocol, offer);
    }));
    ws_.control_callback([this](websocket::frame_type kind, std::string_view) {
      if (kind == websocket::frame_type::close) on_close_frame();
    });
  }

  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  Stream& stream() { return ws_; }
  const std::string& subprotocol() const { return subprotocol_; }
  // "code reason" from the peer's close frame; "1005" when the frame had no
  // code (RFC 6455 7.1.5); empty when no close frame arrived.
  const std::string& close_reason() const { return close_reason_; }
  bool close_frame_seen() const { return close_seen_; }
  bool last_message_binary() const { return last_binary_; }
  // Called when a close frame arrives, before Beast answers it and waits for
  // the peer to drop the TCP connection.
  template <class F>
  void on_close_frame(F f) {
    close_hook_ = std::move(f);
  }

  // `host` is the Host header value (with the port), `target` the path.
  // Both starters return what Beast's do, so a coroutine can await them.
  template <class Handler>
  auto async_handshake(std::string_view host, std::string_view target, Handler&& h) {
    return ws_.async_handshake(response_, host, target, std::forward<Handler>(h));
  }

  std::error_code finish_handshake(const boost_error& ec) {
    subprotocol_ = std::string(response_[beast::http::field::sec_websocket_protocol]);
    if (ec == websocket::error::upgrade_declined) {
      close_reason_ = "HTTP " + std::to_string(response_.result_int()) + " " + std::string(response_.reason());
      return TransportErrc::handshake_failed;
    }
    if (ec == asio::error::eof || ec == beast::http::error::end_of_stream) {
      close_reason_ = "connection closed during the WebSocket handshake";
      return TransportErrc::handshake_failed;
    }
    const auto& http_errors = beast::http::make_error_code(beast::http::error::bad_version).category();
    if (ec == websocket::condition::handshake_failed || (ec && ec.category() == http_errors)) {
      close_reason_ = ec.message();
      return TransportErrc::handshake_failed;
    }
    if (ec) return to_std(ec);
    // RFC 6455 4.1: a subprotocol the client did not offer fails the
    // connection. Beast does not check it; a browser would.
    if (!subprotocol_.empty() && std::find(offered_.begin(), offered_.end(), subprotocol_) == offered_.end()) {
      close_reason_ = "server picked subprotocol '" + subprotocol_ + "', which was not offered";
      return TransportErrc::handshake_failed;
    }
    return {};
  }

  // Reads one whole message (text or binary) into the internal buffer.
  template <class Handler>
  auto async_read_message(Handler&& h) {
    return ws_.async_read(buffer_, std::forward<Handler>(h));
  }

  // Appends the message just read to `out`, or maps the read's error.
  std::error_code finish_read(const boost_error& ec, std::string& out) {
    if (ec) return map_error(ec);
    out += beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    last_binary_ = !ws_.next_layer().scanner().pop_message_was_text();
    return {};
  }

  // Once a close frame has arrived, whatever else fails (Beast's closing
  // handshake, our teardown timer dropping the socket) is the peer closing.
  std::error_code map_error(const boost_error& ec) const {
    if (!ec) return {};
    if (close_seen_ || ec == websocket::error::closed) return TransportErrc::closed_by_peer;
    if (ec == websocket::error::message_too_big) return TransportErrc::message_too_big;
    if (ec == beast::http::error::end_of_stream) return TransportErrc::closed_by_peer;
    // TLS: TCP closed without close_notify; nothing sent before it was lost.
    if (ec == boost::asio::ssl::error::stream_truncated) return TransportErrc::closed_by_peer;
    return to_std(ec);
  }

 private:
  void on_close_frame() {
    close_seen_ = true;
    const auto& cr = ws_.reason();
    close_reason_ = cr.code == websocket::close_code::none ? "1005" : std::to_string(cr.code);
    if (!cr.reason.empty()) close_reason_ += " " + std::string(cr.reason.data(), cr.reason.size());
    if (close_hook_) close_hook_();
  }

  Stream ws_;
  std::vector<std::string> offered_;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::string subprotocol_;
  std::string close_reason_;
  bool close_seen_ = false;
  bool last_binary_ = false;
  std::function<void()> close_hook_;
};

}  // namespace stompspec::detail
