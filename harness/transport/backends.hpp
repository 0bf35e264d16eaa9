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

}  // namespace stompspec::detail
