#include "transport.hpp"

#include "backends.hpp"

#include <cstdint>

namespace stompspec {
namespace {

class TransportCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "stompspec.transport"; }
  std::string message(int ev) const override {
    switch (static_cast<TransportErrc>(ev)) {
      case TransportErrc::timed_out: return "timed out";
      case TransportErrc::closed_by_peer: return "closed by peer";
      case TransportErrc::not_connected: return "not connected";
      case TransportErrc::handshake_failed: return "WebSocket handshake failed";
      case TransportErrc::message_too_big: return "message too big";
      case TransportErrc::tls_setup_failed: return "TLS setup failed";
      case TransportErrc::invalid_text: return "WebSocket text message not UTF-8";
    }
    return "unknown transport error " + std::to_string(ev);
  }
  // Lets callers test `ec == std::errc::timed_out` as well as the enum.
  std::error_condition default_error_condition(int ev) const noexcept override {
    switch (static_cast<TransportErrc>(ev)) {
      case TransportErrc::timed_out: return std::errc::timed_out;
      case TransportErrc::not_connected: return std::errc::not_connected;
      case TransportErrc::message_too_big: return std::errc::message_size;
      default: return {ev, *this};
    }
  }
};

}  // namespace

const std::error_category& transport_category() {
  static const TransportCategory category;
  return category;
}

std::error_code make_error_code(TransportErrc e) { return {static_cast<int>(e), transport_category()}; }

CloseHow close_how(std::error_code ec) {
  // Only an orderly end of stream is clean; resets, aborts and every other
  // error can have thrown away octets still in flight.
  return ec == TransportErrc::closed_by_peer ? CloseHow::clean : CloseHow::reset;
}

const char* to_string(CloseHow h) { return h == CloseHow::clean ? "clean" : "reset"; }

std::unique_ptr<Transport> make_transport(const Url& url, const TransportOptions& opt) {
  if (url.scheme == "tcp" || url.scheme == "tls") return detail::make_tcp_transport(url, opt);
  if (url.scheme == "ws" || url.scheme == "wss") return detail::make_ws_transport(url, opt);
  if (url.is_sockjs_xhr()) return detail::make_sockjs_xhr_transport(url, opt);
  if (url.is_sockjs()) return detail::make_sockjs_transport(url, opt);
  return nullptr;
}

}  // namespace stompspec
