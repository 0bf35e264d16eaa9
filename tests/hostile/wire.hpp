#pragma once
// The server side of one connection of the hostile broker: octets over plain
// TCP or TLS (Wire), and STOMP frames over those octets as TCP, WebSocket or
// SockJS carry them (Link). Blocking Asio calls on one thread per connection;
// every error throws, which ends that connection's thread. The WebSocket
// framing is written by hand (no Beast) because the hostile behaviours need
// frames no library would send: 2^63 lengths, fragmented pings, a close in
// the middle of a frame.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

namespace hostile {

namespace asio = boost::asio;
using Tcp = asio::ip::tcp;

enum class Scheme { tcp, tls, ws, wss, sockjs };
Scheme parse_scheme(std::string_view s);  // throws std::invalid_argument
bool is_tls(Scheme s);
bool is_websocket(Scheme s);  // ws, wss, sockjs

// Octets in both directions, over TCP or TLS. The TLS handshake is not done
// here: handshake() does it, so a behaviour can stall instead.
class Wire {
 public:
  Wire(Tcp::socket s, asio::ssl::context* tls);
  void handshake();
  std::size_t read_some(char* p, std::size_t n);
  void write(std::string_view bytes);
  void shutdown();  // FIN (TLS: without close_notify: a "close in the middle")
  Tcp::socket& socket() { return socket_; }

 private:
  Tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<Tcp::socket&>> tls_;
};

// WebSocket frame header (RFC 6455 5.2) from the server: unmasked. `length`
// is what the header announces, whatever the payload that follows.
std::string ws_header(unsigned opcode, std::uint64_t length, bool fin = true);
std::string ws_frame(unsigned opcode, std::string_view payload, bool fin = true);

// STOMP octets over the connection. TCP: the stream itself. WebSocket: one
// text message per send(). SockJS: one a["..."] message per send().
class Link {
 public:
  Link(Wire& wire, Scheme scheme) : wire_(wire), scheme_(scheme) {}
  // The HTTP part: the WebSocket upgrade (SockJS: also the info resource,
  // after which the connection closes: returns false).
  bool open();
  void send(std::string_view stomp) { wire_.write(encode(stomp)); }
  // The octets that carry `stomp` as one message of this transport.
  std::string encode(std::string_view stomp) const;
  // The next complete STOMP frame from the client (without its NUL; leading
  // EOLs skipped). Throws when the client goes away.
  std::string next_frame();
  void raw(std::string_view bytes) { wire_.write(bytes); }
  Wire& wire() { return wire_; }
  Scheme scheme() const { return scheme_; }

 private:
  std::string read_http_head();
  std::string next_message();  // TCP: whatever arrives; WebSocket: one message's payload
  Wire& wire_;
  Scheme scheme_;
  std::string in_;       // raw octets not yet decoded
  std::string stomp_;    // decoded STOMP octets not yet framed
};

// The value of `name` in a STOMP frame's headers, "" if absent.
std::string header(std::string_view frame, std::string_view name);

}  // namespace hostile
