#pragma once
// Server-side helpers for the ws:// transport tests: Beast on a TestServer
// connection, with blocking calls.
#include <gtest/gtest.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <optional>
#include <string>

#include "test_server.hpp"
#include "transport/transport.hpp"

namespace stompspec::test {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using WsServer = websocket::stream<tcp::socket&>;

// What the client offered in its upgrade request.
struct Upgrade {
  bool offered_header = false;
  std::string offered;
};

// Accepts the upgrade. By default it picks the last subprotocol offered (as
// RabbitMQ picks the highest vNN.stomp); `pick` overrides, "" picks none.
inline Upgrade accept(WsServer& ws, std::optional<std::string> pick = std::nullopt) {
  beast::flat_buffer buffer;
  http::request<http::empty_body> req;
  http::read(ws.next_layer(), buffer, req);
  Upgrade up;
  up.offered_header = req.find(http::field::sec_websocket_protocol) != req.end();
  up.offered = std::string(req[http::field::sec_websocket_protocol]);
  const auto last = up.offered.rfind(' ');
  std::string chosen = pick.value_or(last == std::string::npos ? up.offered : up.offered.substr(last + 1));
  ws.set_option(websocket::stream_base::decorator([chosen](websocket::response_type& res) {
    if (!chosen.empty()) res.set(http::field::sec_websocket_protocol, chosen);
  }));
  ws.accept(req);
  return up;
}

inline std::string read_message(WsServer& ws) {
  beast::flat_buffer buffer;
  ws.read(buffer);
  return beast::buffers_to_string(buffer.data());
}

inline std::unique_ptr<Transport> ws_transport(const TestServer& server, TransportOptions opt = {}) {
  return make_transport(*Url::parse(server.url("ws", "/ws")), opt);
}

inline std::unique_ptr<Transport> connected(const TestServer& server, TransportOptions opt = {}) {
  auto t = ws_transport(server, std::move(opt));
  const auto ec = t->connect(kLong);
  EXPECT_FALSE(ec) << ec.message() << " / " << t->close_reason();
  return t;
}

}  // namespace stompspec::test
