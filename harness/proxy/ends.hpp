#pragma once
// The two ends of a proxied connection as one awaitable interface: a plain or
// TLS byte stream, the server side of a WebSocket (the client's end) and the
// client side of one (the broker's end, through the transport layer's
// WsClient). Included by server.cpp only: it brings in Asio and Beast.
#include <deque>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "transport/ws_client.hpp"

namespace stompspec::proxy::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using boost_error = boost::system::error_code;
template <class T>
using awaitable = asio::awaitable<T>;
inline constexpr auto tok = asio::as_tuple(asio::use_awaitable);

// An end of the stream that lost nothing the peer sent before it: EOF, a
// WebSocket close frame, TLS without close_notify. Anything else is a reset.
inline bool clean_end(const boost_error& ec) {
  return ec == asio::error::eof || ec == websocket::error::closed || ec == beast::http::error::end_of_stream ||
         ec == asio::ssl::error::stream_truncated;
}

// Closes at once; with `reset` the peer gets an RST (SO_LINGER 0), as a
// broker's reset reaches the client through the proxy.
inline void drop_socket(tcp::socket& s, bool reset) {
  boost_error ignored;
  if (!s.is_open()) return;
  if (reset) s.set_option(asio::socket_base::linger(true, 0), ignored);
  s.close(ignored);
}

class End {
 public:
  virtual ~End() = default;
  // Appends what one read brings (TCP: some octets; WebSocket: one message,
  // `text` saying whether it was a text message).
  virtual awaitable<boost_error> read(std::string& out, bool& text) = 0;
  virtual awaitable<boost_error> write(const std::string& bytes, bool text) = 0;
  // The orderly end: TCP shutdown of our sending side, or a WebSocket close
  // frame carrying the code and reason the other side closed with.
  virtual awaitable<void> finish(websocket::close_reason reason) = 0;
  virtual websocket::close_reason close_reason() const { return {}; }
  virtual tcp::socket& socket() = 0;
};

template <class Stream>  // tcp::socket or asio::ssl::stream<tcp::socket>
class StreamEnd final : public End {
 public:
  template <class... Args>
  explicit StreamEnd(Args&&... args) : stream_(std::forward<Args>(args)...) {}
  Stream& stream() { return stream_; }

  awaitable<boost_error> read(std::string& out, bool&) override {
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(buffer_), tok);
    out.append(buffer_.data(), n);
    co_return n > 0 ? boost_error{} : ec;
  }
  awaitable<boost_error> write(const std::string& bytes, bool) override {
    auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(bytes), tok);
    co_return ec;
  }
  awaitable<void> finish(websocket::close_reason) override {
    boost_error ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
  }
  tcp::socket& socket() override {
    if constexpr (std::is_same_v<Stream, tcp::socket>) return stream_;
    else return stream_.next_layer();
  }

 private:
  Stream stream_;
  std::array<char, 64 * 1024> buffer_{};
};

// Shared by both WebSocket ends: no deflate, no fragmenting of our own, Beast
// sees text as binary (ws_text_as_binary.hpp) so that octets which are not
// UTF-8 pass through to be judged by whoever receives them.
template <class Ws>
void configure(Ws& ws, Millis handshake) {
  ws.set_option(websocket::stream_base::timeout{
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(handshake), websocket::stream_base::none(),
      false});
  websocket::permessage_deflate no_deflate;
  no_deflate.client_enable = false;
  no_deflate.server_enable = false;
  ws.set_option(no_deflate);
  ws.read_message_max(64 * 1024 * 1024);
  ws.auto_fragment(false);
}

// The client's end: we are the WebSocket server.
class WsServerEnd final : public End {
 public:
  using Stream = websocket::stream<detail::TextAsBinary<beast::tcp_stream>>;
  WsServerEnd(tcp::socket s, Millis handshake) : ws_(std::move(s)) {
    configure(ws_, handshake);
    ws_.control_callback([this](websocket::frame_type kind, std::string_view) {
      if (kind == websocket::frame_type::close) close_seen_ = true;
    });
  }
  Stream& ws() { return ws_; }

  // Once a close frame came, whatever fails after it (the teardown of a
  // socket the peer already dropped) is the peer closing, as WsClient has it.
  awaitable<boost_error> read(std::string& out, bool& text) override {
    auto [ec, n] = co_await ws_.async_read(buffer_, tok);
    if (ec && close_seen_) co_return websocket::error::closed;
    if (ec) co_return ec;
    out += beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    text = ws_.next_layer().scanner().pop_message_was_text();
    co_return boost_error{};
  }
  awaitable<boost_error> write(const std::string& bytes, bool text) override {
    ws_.text(text);
    auto [ec, n] = co_await ws_.async_write(asio::buffer(bytes), tok);
    co_return ec;
  }
  awaitable<void> finish(websocket::close_reason reason) override {
    if (ws_.is_open()) (void)co_await ws_.async_close(reason, tok);
  }
  websocket::close_reason close_reason() const override { return ws_.reason(); }
  tcp::socket& socket() override { return beast::get_lowest_layer(ws_).socket(); }

 private:
  Stream ws_;
  beast::flat_buffer buffer_;
  bool close_seen_ = false;
};

// The broker's end: we are the WebSocket client (the transport layer's WsClient).
template <class Next>  // beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>
class WsClientEnd final : public End {
 public:
  template <class... Args>
  WsClientEnd(const TransportOptions& opt, Millis handshake, Args&&... args)
      : client_(opt, std::forward<Args>(args)...) {
    configure(client_.stream(), handshake);
  }
  detail::WsClient<Next>& client() { return client_; }

  awaitable<boost_error> read(std::string& out, bool& text) override {
    auto [ec, n] = co_await client_.async_read_message(tok);
    if (ec && client_.close_frame_seen()) co_return websocket::error::closed;  // as in WsServerEnd
    if (ec) co_return ec;
    (void)client_.finish_read(ec, out);
    text = !client_.last_message_binary();
    co_return boost_error{};
  }
  awaitable<boost_error> write(const std::string& bytes, bool text) override {
    client_.stream().text(text);
    auto [ec, n] = co_await client_.stream().async_write(asio::buffer(bytes), tok);
    co_return ec;
  }
  awaitable<void> finish(websocket::close_reason reason) override {
    if (client_.stream().is_open()) (void)co_await client_.stream().async_close(reason, tok);
  }
  websocket::close_reason close_reason() const override {
    return const_cast<WsClientEnd*>(this)->client_.stream().reason();
  }
  tcp::socket& socket() override { return beast::get_lowest_layer(client_.stream()).socket(); }

 private:
  detail::WsClient<Next> client_;
};

}  // namespace stompspec::proxy::net
