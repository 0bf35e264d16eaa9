// sockjs+http://host:port/path: STOMP over SockJS, as browsers reach Spring's
// `.withSockJS()` endpoints. The `info` resource is checked first, then the
// SockJS WebSocket transport is opened at path/<server>/<session>/websocket.
// SockJS frames its own messages: "o" opens, "h" is SockJS's heart-beat (not
// STOMP's: it never reaches the parser), "a[...]" carries messages as JSON
// strings, "c[code,reason]" closes. Each write goes out as one SockJS message.
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends.hpp"
#include "core/utf8.hpp"

namespace stompspec::detail {
namespace {

using nlohmann::json;

std::string random_token(std::size_t n, const char* alphabet) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  const std::string_view a(alphabet);
  std::uniform_int_distribution<std::size_t> pick(0, a.size() - 1);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += a[pick(rng)];
  return s;
}

// HTTP/1.1 chunked transfer coding, for a body that arrived whole.
std::string dechunk(std::string_view body) {
  std::string out;
  while (!body.empty()) {
    auto eol = body.find("\r\n");
    if (eol == std::string_view::npos) break;
    std::size_t n = std::strtoul(std::string(body.substr(0, eol)).c_str(), nullptr, 16);
    if (n == 0) break;
    out.append(body.substr(eol + 2, n));
    body.remove_prefix(std::min(body.size(), eol + 2 + n + 2));
  }
  return out;
}

class SockJsTransport final : public Transport {
 public:
  SockJsTransport(Url url, TransportOptions opt) : url_(std::move(url)), opt_(std::move(opt)) {}

  std::error_code connect(Millis timeout) override {
    const auto deadline = deadline_after_ms(timeout);
    detail_.clear();
    if (auto ec = check_info(deadline)) return ec;
    Url ws = url_;
    ws.scheme = url_.is_tls() ? "wss" : "ws";
    std::string base = url_.path;
    while (!base.empty() && base.back() == '/') base.pop_back();
    ws.path = fmt::format("{}/{}/{}/websocket", base, random_token(3, "0123456789"),
                          random_token(8, "abcdefghijklmnopqrstuvwxyz0123456789"));
    TransportOptions wo = opt_;
    wo.subprotocols.clear();  // SockJS negotiates none; the STOMP version is in CONNECT
    ws_ = make_ws_transport(ws, wo);
    if (auto ec = ws_->connect(left(deadline))) {
      detail_ = fmt::format("SockJS WebSocket transport at {}: {}", ws.str(), ws_->close_reason());
      return ec;
    }
    std::string open;
    if (auto ec = ws_->read(open, left(deadline))) {
      detail_ = "no SockJS open frame ('o') after the WebSocket handshake";
      return ec;
    }
    if (open != "o") {
      detail_ = fmt::format("expected the SockJS open frame 'o', got '{}'", open.substr(0, 80));
      return TransportErrc::handshake_failed;
    }
    return {};
  }

  std::error_code write(std::string_view bytes, Millis timeout) override {
    if (!ws_) return TransportErrc::not_connected;
    if (!utf8::is_valid(bytes)) {
      // SockJS messages are JSON strings: octets that are not UTF-8 cannot travel.
      detail_ = "SockJS carries only UTF-8 text; this frame is not";
      return std::make_error_code(std::errc::illegal_byte_sequence);
    }
    return ws_->write(json::array({std::string(bytes)}).dump(), timeout);
  }

  std::error_code read(std::string& out, Millis timeout) override {
    if (!ws_) return TransportErrc::not_connected;
    if (closed_) return TransportErrc::closed_by_peer;
    const auto deadline = deadline_after_ms(timeout);
    for (;;) {
      std::string msg;
      if (auto ec = ws_->read(msg, left(deadline))) return ec;
      if (msg.empty() || msg == "o") continue;
      if (msg == "h") {
        ++heartbeats_;  // SockJS's own: says nothing about STOMP's heart-beats
        if (Clock::now() >= deadline) return TransportErrc::timed_out;
        continue;
      }
      json j = json::parse(msg.begin() + 1, msg.end(), nullptr, false);
      if (msg[0] == 'a' && j.is_array()) {
        for (const auto& m : j)
          if (m.is_string()) out += m.get<std::string>();
        return {};
      }
      if (msg[0] == 'm' && j.is_string()) {
        out += j.get<std::string>();
        return {};
      }
      if (msg[0] == 'c' && j.is_array() && j.size() == 2) {
        closed_ = true;
        detail_ = fmt::format("SockJS close {} {}", j[0].dump(), j[1].is_string() ? j[1].get<std::string>() : j[1].dump());
        return TransportErrc::closed_by_peer;
      }
      detail_ = fmt::format("not a SockJS frame: '{}'", msg.substr(0, 80));
      return TransportErrc::handshake_failed;
    }
  }

  void close(Millis timeout) override {
    if (ws_) ws_->close(timeout);
  }
  bool is_open() const override { return ws_ && ws_->is_open() && !closed_; }
  std::string close_reason() const override {
    if (!detail_.empty()) return detail_;
    return ws_ ? ws_->close_reason() : std::string();
  }
  const Url& url() const override { return url_; }

 private:
  static Clock::time_point deadline_after_ms(Millis t) { return Clock::now() + t; }
  static Millis left(Clock::time_point deadline) {
    return std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - Clock::now()));
  }

  // GET <path>/info over plain HTTP (or HTTPS): the endpoint must exist and
  // offer its WebSocket transport.
  std::error_code check_info(Clock::time_point deadline) {
    Url http = url_;
    http.scheme = url_.is_tls() ? "tls" : "tcp";
    http.path.clear();
    auto t = make_tcp_transport(http, opt_);
    if (auto ec = t->connect(left(deadline))) {
      detail_ = t->close_reason();
      return ec;
    }
    std::string path = url_.path;
    while (!path.empty() && path.back() == '/') path.pop_back();
    const bool v6 = url_.host.find(':') != std::string::npos;
    std::string req = fmt::format("GET {}/info HTTP/1.1\r\nHost: {}:{}\r\nAccept: application/json\r\nUser-Agent: "
                                  "stompspec\r\nConnection: close\r\n\r\n",
                                  path, v6 ? "[" + url_.host + "]" : url_.host, url_.port);
    if (auto ec = t->write(req, left(deadline))) return ec;
    std::string resp;
    for (;;) {
      auto ec = t->read(resp, left(deadline));
      if (ec == TransportErrc::closed_by_peer || resp.size() > 64 * 1024) break;
      if (ec) {
        detail_ = "the SockJS info request got no complete answer";
        return ec;
      }
    }
    t->close(Millis(200));
    const auto head_end = resp.find("\r\n\r\n");
    const std::string status = resp.substr(0, resp.find("\r\n"));
    if (head_end == std::string::npos || status.find(" 200") == std::string::npos) {
      detail_ = fmt::format("GET {}/info: {}", path, status.empty() ? "no HTTP answer" : status);
      return TransportErrc::handshake_failed;
    }
    std::string head = resp.substr(0, head_end), body = resp.substr(head_end + 4);
    for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (head.find("transfer-encoding: chunked") != std::string::npos) body = dechunk(body);
    json info = json::parse(body, nullptr, false);
    if (!info.is_object() || !info.contains("websocket")) {
      detail_ = fmt::format("GET {}/info is not SockJS info JSON: '{}'", path, body.substr(0, 80));
      return TransportErrc::handshake_failed;
    }
    if (info["websocket"] != true) {
      detail_ = fmt::format("the SockJS endpoint {} offers no WebSocket transport (info says websocket: {})", path,
                            info["websocket"].dump());
      return TransportErrc::handshake_failed;
    }
    return {};
  }

  Url url_;
  TransportOptions opt_;
  std::unique_ptr<Transport> ws_;
  std::string detail_;
  bool closed_ = false;
  long heartbeats_ = 0;
};

}  // namespace

std::unique_ptr<Transport> make_sockjs_transport(const Url& url, const TransportOptions& opt) {
  return std::make_unique<SockJsTransport>(url, opt);
}

}  // namespace stompspec::detail
