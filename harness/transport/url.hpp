#pragma once
// Target addresses: tcp://host:port, tls://host:port, ws://host:port/path, wss://host:port/path,
// and SockJS endpoints sockjs+http://host:port/path (sockjs+https://) reached over
// SockJS's WebSocket transport, or sockjs-xhr+http(s)://host:port/path over its
// xhr-streaming fallback (plain HTTP requests, as browsers behind proxies use).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stompspec {

struct Url {
  std::string scheme;  // "tcp", "tls", "ws" or "wss"
  std::string host;
  std::uint16_t port = 0;
  std::string path;    // ws and wss only; "/" when absent

  // nullopt with a reason in *error for anything else (unknown scheme, bad port...).
  static std::optional<Url> parse(std::string_view text, std::string* error = nullptr);
  std::string str() const;
  bool is_loopback() const;  // 127.0.0.0/8, ::1, localhost
  // ws, wss, and SockJS (whose URL has a path too, and runs over a WebSocket).
  bool is_websocket() const { return scheme == "ws" || scheme == "wss" || is_sockjs(); }
  bool is_sockjs() const { return scheme == "sockjs+http" || scheme == "sockjs+https" || is_sockjs_xhr(); }
  bool is_sockjs_xhr() const { return scheme == "sockjs-xhr+http" || scheme == "sockjs-xhr+https"; }
  bool is_tls() const {
    return scheme == "tls" || scheme == "wss" || scheme == "sockjs+https" || scheme == "sockjs-xhr+https";
  }
  // The transport's name in cases, deviations and reports: tcp, tls, ws, wss,
  // sockjs or sockjs-xhr (SockJS over https is still sockjs).
  std::string transport_name() const { return is_sockjs_xhr() ? "sockjs-xhr" : is_sockjs() ? "sockjs" : scheme; }
};

// Whether a transport named in a case, deviation or exclusion covers the
// transport a target uses: "ws" covers ws:// and wss://, "tcp" tcp:// and
// tls:// (the same STOMP over the same framing), "sockjs" both SockJS
// transports (the same SockJS messages), "tls", "wss" and "sockjs-xhr" only themselves.
inline bool transport_covers(std::string_view listed, std::string_view actual) {
  if (listed == actual) return true;
  return (listed == "ws" && actual == "wss") || (listed == "tcp" && actual == "tls") ||
         (listed == "sockjs" && actual == "sockjs-xhr");
}

}  // namespace stompspec
