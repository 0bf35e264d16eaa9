#include "wire.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/sha.h>

namespace hostile {

Scheme parse_scheme(std::string_view s) {
  if (s == "tcp") return Scheme::tcp;
  if (s == "tls") return Scheme::tls;
  if (s == "ws") return Scheme::ws;
  if (s == "wss") return Scheme::wss;
  if (s == "sockjs") return Scheme::sockjs;
  throw std::invalid_argument("unknown transport '" + std::string(s) + "' (tcp, tls, ws, wss, sockjs)");
}
bool is_tls(Scheme s) { return s == Scheme::tls || s == Scheme::wss; }
bool is_websocket(Scheme s) { return s == Scheme::ws || s == Scheme::wss || s == Scheme::sockjs; }

Wire::Wire(Tcp::socket s, asio::ssl::context* tls) : socket_(std::move(s)) {
  if (tls) tls_ = std::make_unique<asio::ssl::stream<Tcp::socket&>>(socket_, *tls);
  socket_.set_option(Tcp::no_delay(true));
}

void Wire::handshake() {
  if (tls_) tls_->handshake(asio::ssl::stream_base::server);
}

std::size_t Wire::read_some(char* p, std::size_t n) {
  if (tls_) return tls_->read_some(asio::buffer(p, n));
  return socket_.read_some(asio::buffer(p, n));
}

void Wire::write(std::string_view bytes) {
  if (tls_) asio::write(*tls_, asio::buffer(bytes.data(), bytes.size()));
  else asio::write(socket_, asio::buffer(bytes.data(), bytes.size()));
}

void Wire::shutdown() {
  boost::system::error_code ignored;
  socket_.shutdown(Tcp::socket::shutdown_send, ignored);
}

std::string ws_header(unsigned opcode, std::uint64_t length, bool fin) {
  std::string h;
  h += static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0f));
  if (length < 126) {
    h += static_cast<char>(length);
  } else if (length <= 0xffff) {
    h += static_cast<char>(126);
    h += static_cast<char>(length >> 8);
    h += static_cast<char>(length & 0xff);
  } else {
    h += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) h += static_cast<char>((length >> shift) & 0xff);
  }
  return h;
}

std::string ws_frame(unsigned opcode, std::string_view payload, bool fin) {
  return ws_header(opcode, payload.size(), fin) + std::string(payload);
}

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The value of an HTTP header (name in lower case) in a request head.
std::string http_header(const std::string& head, const std::string& name) {
  const std::string l = lower(head);
  auto at = l.find("\r\n" + name + ":");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  auto end = head.find("\r\n", at);
  std::string v = head.substr(at, end - at);
  v.erase(0, v.find_first_not_of(' '));
  v.erase(v.find_last_not_of(' ') + 1);
  return v;
}

std::string accept_key(const std::string& key) {
  const std::string in = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(in.data()), in.size(), digest);
  unsigned char out[64];
  const int n = EVP_EncodeBlock(out, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<char*>(out), n);
}

}  // namespace

std::string Link::read_http_head() {
  char buf[4096];
  while (in_.find("\r\n\r\n") == std::string::npos) {
    if (in_.size() > 64 * 1024) throw std::runtime_error("HTTP request head too long");
    in_.append(buf, wire_.read_some(buf, sizeof buf));
  }
  const auto end = in_.find("\r\n\r\n") + 4;
  std::string head = in_.substr(0, end);
  in_.erase(0, end);
  return head;
}

bool Link::open() {
  if (!is_websocket(scheme_)) return true;
  const std::string head = read_http_head();
  const std::string target = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
  if (scheme_ == Scheme::sockjs && target.size() >= 5 && target.compare(target.size() - 5, 5, "/info") == 0) {
    const std::string body = R"({"websocket":true,"origins":["*:*"],"cookie_needed":false,"entropy":1})";
    wire_.write("HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    wire_.shutdown();
    return false;
  }
  std::string resp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: " + accept_key(http_header(head, "sec-websocket-key")) + "\r\n";
  if (http_header(head, "sec-websocket-protocol").find("v12.stomp") != std::string::npos)
    resp += "Sec-WebSocket-Protocol: v12.stomp\r\n";
  wire_.write(resp + "\r\n");
  if (scheme_ == Scheme::sockjs) wire_.write(ws_frame(1, "o"));
  return true;
}

std::string Link::encode(std::string_view stomp) const {
  if (scheme_ == Scheme::sockjs) return ws_frame(1, "a" + nlohmann::json::array({std::string(stomp)}).dump());
  if (is_websocket(scheme_)) return ws_frame(1, stomp);
  return std::string(stomp);
}

std::string Link::next_message() {
  char buf[16 * 1024];
  if (!is_websocket(scheme_)) {
    if (!in_.empty()) return std::exchange(in_, {});
    return std::string(buf, wire_.read_some(buf, sizeof buf));
  }
  std::string message;
  for (;;) {
    // A client frame: FIN/opcode, MASK + length, extended length, mask key, payload.
    auto need = [&](std::size_t n) {
      while (in_.size() < n) in_.append(buf, wire_.read_some(buf, sizeof buf));
    };
    need(2);
    const unsigned opcode = in_[0] & 0x0f;
    const bool fin = in_[0] & 0x80;
    std::uint64_t len = in_[1] & 0x7f;
    std::size_t at = 2;
    if (len >= 126) {
      const std::size_t n = len == 126 ? 2 : 8;
      need(at + n);
      len = 0;
      for (std::size_t i = 0; i < n; ++i) len = (len << 8) | static_cast<unsigned char>(in_[at + i]);
      at += n;
    }
    if (len > 64 * 1024 * 1024) throw std::runtime_error("client frame too big");
    need(at + 4 + len);
    const std::string mask = in_.substr(at, 4);
    std::string payload = in_.substr(at + 4, len);
    in_.erase(0, at + 4 + len);
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
    if (opcode == 8) {
      wire_.write(ws_frame(8, payload.substr(0, 2)));
      wire_.shutdown();
      throw std::runtime_error("client sent a close frame");
    }
    if (opcode >= 8) continue;  // ping, pong
    message += payload;
    if (!fin) continue;
    if (scheme_ != Scheme::sockjs) return message;
    std::string out;
    auto j = nlohmann::json::parse(message, nullptr, false);
    if (j.is_array())
      for (const auto& m : j)
        if (m.is_string()) out += m.get<std::string>();
    return out;
  }
}

std::string Link::next_frame() {
  for (;;) {
    const auto first = stomp_.find_first_not_of("\r\n");
    if (first != std::string::npos) {
      const auto nul = stomp_.find('\0', first);
      if (nul != std::string::npos) {
        std::string frame = stomp_.substr(first, nul - first);
        stomp_.erase(0, nul + 1);
        return frame;
      }
    } else {
      stomp_.clear();
    }
    stomp_ += next_message();
  }
}

std::string header(std::string_view frame, std::string_view name) {
  const std::string key = "\n" + std::string(name) + ":";
  const auto head_end = frame.find("\n\n");
  const auto at = frame.find(key);
  if (at == std::string_view::npos || (head_end != std::string_view::npos && at > head_end)) return {};
  const auto start = at + key.size();
  const auto end = frame.find('\n', start);
  return std::string(frame.substr(start, end - start));
}

}  // namespace hostile
