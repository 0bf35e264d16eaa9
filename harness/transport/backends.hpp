#pragma once
// Constructors of the concrete transports, so that make_transport() needs
// neither Asio nor Beast: each lives in its own translation unit.
#include <memory>
#include <string_view>

#include "transport.hpp"

namespace stompspec::detail {

std::unique_ptr<Transport> make_tcp_transport(const Url& url, const TransportOptions& opt);
std::unique_ptr<Transport> make_ws_transport(const Url& url, const TransportOptions& opt);
std::unique_ptr<Transport> make_sockjs_transport(const Url& url, const TransportOptions& opt);
std::unique_ptr<Transport> make_sockjs_xhr_transport(const Url& url, const TransportOptions& opt);

// SockJS (sockjs_common.cpp): the endpoint's path without trailing slashes, a
// fresh session's path (<path>/<server>/<session>), and GET <path>/info, which
// must answer SockJS info JSON (offering the WebSocket transport when
// `need_websocket`); otherwise handshake_failed with the reason in *detail.
std::string sockjs_base_path(const Url& url);
std::string sockjs_session_path(const Url& url);
std::error_code check_sockjs_info(const Url& url, const TransportOptions& opt, Clock::time_point deadline,
                                  bool need_websocket, std::string* detail);
// One SockJS frame (a WebSocket message, or a line of an xhr stream): "o"
// opens, "h" is SockJS's own heart-beat (never STOMP's), "a[...]" appends its
// messages to *out, "c[code,reason]" closes; close and bad describe
// themselves in *detail.
enum class SockJsKind { open, heartbeat, data, close, bad };
SockJsKind decode_sockjs_frame(std::string_view frame, std::string* out, std::string* detail);

}  // namespace stompspec::detail
