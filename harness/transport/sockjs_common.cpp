// What both SockJS transports (sockjs_transport.cpp: WebSocket,
// sockjs_xhr_transport.cpp: xhr-streaming) share: the session URL and the
// check of the endpoint's `info` resource, the decoding of SockJS frames. Plain HTTP over the TCP transport,
// so this needs neither Asio nor Beast.
#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends.hpp"

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

Millis left(Clock::time_point deadline) {
  return std::max(Millis(1), std::chrono::duration_cast<Millis>(deadline - Clock::now()));
}

}  // namespace

std::string sockjs_base_path(const Url& url) {
  std::string base = url.path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string sockjs_session_path(const Url& url) {
  return fmt::format("{}/{}/{}", sockjs_base_path(url), random_token(3, "0123456789"),
                     random_token(8, "abcdefghijklmnopqrstuvwxyz0123456789"));
}

std::error_code check_sockjs_info(const Url& url, const TransportOptions& opt, Clock::time_point deadline,
                                  bool need_websocket, std::string* detail) {
  Url http = url;
  http.scheme = url.is_tls() ? "tls" : "tcp";
  http.path.clear();
  auto t = make_tcp_transport(http, opt);
  if (auto ec = t->connect(left(deadline))) {
    *detail = t->close_reason();
    return ec;
  }
  const std::string path = sockjs_base_path(url);
  const bool v6 = url.host.find(':') != std::string::npos;
  std::string req = fmt::format("GET {}/info HTTP/1.1\r\nHost: {}:{}\r\nAccept: application/json\r\nUser-Agent: "
                                "stompspec\r\nConnection: close\r\n\r\n",
                                path, v6 ? "[" + url.host + "]" : url.host, url.port);
  if (auto ec = t->write(req, left(deadline))) return ec;
  std::string resp;
  for (;;) {
    auto ec = t->read(resp, left(deadline));
    if (ec == TransportErrc::closed_by_peer || resp.size() > 64 * 1024) break;
    if (ec) {
      *detail = "the SockJS info request got no complete answer";
      return ec;
    }
  }
  t->close(Millis(200));
  const auto head_end = resp.find("\r\n\r\n");
  const std::string status = resp.substr(0, resp.find("\r\n"));
  if (head_end == std::string::npos || status.find(" 200") == std::string::npos) {
    *detail = fmt::format("GET {}/info: {}", path, status.empty() ? "no HTTP answer" : status);
    return TransportErrc::handshake_failed;
  }
  std::string head = resp.substr(0, head_end), body = resp.substr(head_end + 4);
  for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (head.find("transfer-encoding: chunked") != std::string::npos) body = dechunk(body);
  json info = json::parse(body, nullptr, false);
  if (!info.is_object() || !info.contains("websocket")) {
    *detail = fmt::format("GET {}/info is not SockJS info JSON: '{}'", path, body.substr(0, 80));
    return TransportErrc::handshake_failed;
  }
  if (need_websocket && info["websocket"] != true) {
    *detail = fmt::format("the SockJS endpoint {} offers no WebSocket transport (info says websocket: {})", path,
                          info["websocket"].dump());
    return TransportErrc::handshake_failed;
  }
  return {};
}

SockJsKind decode_sockjs_frame(std::string_view frame, std::string* out, std::string* detail) {
  if (frame == "o") return SockJsKind::open;
  if (frame == "h") return SockJsKind::heartbeat;
  if (!frame.empty()) {
    json j = json::parse(frame.begin() + 1, frame.end(), nullptr, false);
    if (frame[0] == 'a' && j.is_array() && std::all_of(j.begin(), j.end(), [](const json& m) { return m.is_string(); })) {
      for (const auto& m : j) *out += m.get<std::string>();
      return SockJsKind::data;
    }
    if (frame[0] == 'm' && j.is_string()) {  // a single message, from older servers
      *out += j.get<std::string>();
      return SockJsKind::data;
    }
    if (frame[0] == 'c' && j.is_array() && j.size() == 2) {
      *detail = fmt::format("SockJS close {} {}", j[0].dump(), j[1].is_string() ? j[1].get<std::string>() : j[1].dump());
      return SockJsKind::close;
    }
  }
  *detail = fmt::format("not a SockJS frame: '{}'", frame.substr(0, 80));
  return SockJsKind::bad;
}

}  // namespace stompspec::detail
