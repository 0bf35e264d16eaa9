// sockjs+http://host:port/path: STOMP over SockJS, as browsers reach Spring's
// `.withSockJS()` endpoints. The `info` resource is checked first, then the
// SockJS WebSocket transport is opened at path/<server>/<session>/websocket.
// SockJS frames its own messages: "o" opens, "h" is SockJS's heart-beat (not
// STOMP's: it never reaches the parser), "a[...]" carries messages as JSON
// strings, "c[code,reason]" closes. Each write goes out as one SockJS message.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends.hpp"
#include "core/utf8.hpp"

namespace stompspec::detail {
namespace {

using nlohmann::json;

class SockJsTransport final : public Transport {
 public:
  SockJsTransport(Url url, TransportOptions opt) : url_(std::move(url)), opt_(std::move(opt)) {}

  std::error_code connect(Millis timeout) override {
    const auto deadline = deadline_after_ms(timeout);
    detail_.clear();
    if (auto ec = check_sockjs_info(url_, opt_, deadline, true, &detail_)) return ec;
    Url ws = url_;
    ws.scheme = url_.is_tls() ? "wss" : "ws";
    ws.path = sockjs_session_path(url_) + "/websocket";
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
      switch (decode_sockjs_frame(msg, &out, &detail_)) {
        case SockJsKind::data: return {};
        case SockJsKind::close: closed_ = true; return TransportErrc::closed_by_peer;
        default: return TransportErrc::handshake_failed;  // "not a SockJS frame" in detail_
      }
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
