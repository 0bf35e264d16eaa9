#pragma once
// stompspec proxy: listens on loopback (tcp:// or ws://), connects each
// client to an upstream broker (tcp://, tls://, ws://, wss://) and passes the
// traffic through a Rewriter per direction, which injects the chosen faults.
// This header hides Asio and Beast; server.cpp is the one TU that has them.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "proxy/faults.hpp"
#include "transport/transport.hpp"

namespace stompspec::proxy {

struct Route {
  Url listen;    // tcp:// or ws:// on loopback; port 0 picks a free one
  Url upstream;  // tcp:// or tls:// behind a tcp:// listener, ws:// or wss:// behind ws://
};

struct ProxyOptions {
  std::vector<Route> routes;
  FaultSet faults;
  TlsOptions tls;                 // for tls:// and wss:// upstreams
  Millis connect_timeout{10000};  // TCP connect, TLS and WebSocket handshakes
  Millis write_timeout{10000};    // a peer that stops reading
  Millis idle_timeout{600000};    // nothing read from either side
  Millis hold{30000};             // keep-open-after-error: how long the client is kept
  // Every rewrite and every connection's end, one line each; null: quiet.
  std::function<void(const std::string&)> log;
};

struct ProxyStats {
  std::size_t connections = 0;
  std::size_t failed_upstream = 0;     // the broker could not be reached
  std::map<std::string, std::size_t> rewrites;  // fault name -> frames (or heart-beats) rewritten
};

class Proxy {
 public:
  explicit Proxy(ProxyOptions opt);
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  // Opens every listener; false with the reason in *error.
  bool bind(std::string* error);
  // The listen URLs with their actual ports, in route order (after bind).
  std::vector<Url> listening() const;
  // Serves until `stop` returns true (polled every 100 ms); returns then,
  // dropping the connections still open.
  void run(const std::function<bool()>& stop);
  ProxyStats stats() const;

  struct Impl;  // server.cpp's; public so that its sessions can name it

 private:
  std::unique_ptr<Impl> impl_;
};

// Whether a listen URL (host, scheme) and its upstream fit together; the
// reason in *error if not. Used by the CLI before bind().
bool check_route(const Route& r, bool allow_remote, std::string* error);

}  // namespace stompspec::proxy
