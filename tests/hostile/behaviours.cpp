// What the hostile broker does wrong. A connection behaves (CONNECTED,
// RECEIPTs) until its CONNECT carries `x-hostile: go`: stompspec's preflight
// and the check that the broker still accepts connections meet an honest
// broker, the case's own connection meets the misbehaviour. Transport-level
// misbehaviours (a stalled TLS handshake) hit every connection.
#include "behaviours.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace hostile {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kChunk = 1024 * 1024;
const std::string kMessageHead = "MESSAGE\ndestination:/queue/hostile\nsubscription:s1\nmessage-id:";

// Reads and drops whatever the client sends until it goes away, so the
// connection ends with the client's close, not ours.
void drain(Link& link) {
  char buf[4096];
  for (;;) (void)link.wire().read_some(buf, sizeof buf);
}

// `head`, then `filler` octets in chunks, `total` of them (0: forever), then `tail`.
void stream(Link& link, const std::string& head, char filler, std::uint64_t total, const std::string& tail) {
  link.send(head);
  const std::string chunk(kChunk, filler);
  for (std::uint64_t sent = 0; total == 0 || sent < total; sent += kChunk)
    link.send(total == 0 ? chunk : chunk.substr(0, std::min<std::uint64_t>(kChunk, total - sent)));
  link.send(tail);
  drain(link);
}

void flood(Link& link) {
  // 100,000 MESSAGEs a second: a batch of 1,000 every 10 ms, each frame its own WebSocket message.
  std::uint64_t id = 0;
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    std::string batch;
    for (int i = 0; i < 1000; ++i) batch += link.encode(kMessageHead + std::to_string(++id) + "\n\nflood" + '\0');
    link.raw(batch);
    next += 10ms;
    std::this_thread::sleep_until(next);
  }
}

void million_headers(Link& link) {
  std::string batch = kMessageHead + "1\n";
  for (int i = 0; i < 1000000; ++i) {
    batch += "h" + std::to_string(i) + ":v\n";
    if (batch.size() >= kChunk) link.send(std::exchange(batch, {}));
  }
  link.send(batch + "\nbody" + '\0');
  drain(link);
}

// What the misbehaviour answers the SUBSCRIBE with.
void on_subscribe(Link& link, const Options& o) {
  const std::string& b = o.behaviour;
  if (b == "no-nul") return stream(link, kMessageHead + "1\n\n", 'x', 0, "");
  if (b == "content-length-1g")
    return stream(link, kMessageHead + "1\ncontent-length:1073741824\n\n", 'x', 1ull << 30, std::string(1, '\0'));
  if (b == "content-length-2p63")
    return stream(link, kMessageHead + "1\ncontent-length:9223372036854775808\n\n", 'x', 0, "");
  if (b == "million-headers") return million_headers(link);
  if (b == "header-line-100m")
    return stream(link, kMessageHead + "1\nx-long:", 'a', 100ull << 20, "\n\nbody" + std::string(1, '\0'));
  if (b == "message-flood") return flood(link);
  if (b == "close-mid-frame") {
    const std::string half = kMessageHead + "1\ncontent-length:100\n\nhalf a bo";
    if (is_websocket(link.scheme()) && link.scheme() != Scheme::sockjs)
      link.raw(ws_header(1, half.size() + 1000) + half);  // the WebSocket frame is cut too
    else
      link.send(half);
    link.wire().shutdown();
    std::this_thread::sleep_for(100ms);
    link.wire().socket().close();
    return;
  }
  if (b == "ws-invalid-utf8") {
    link.raw(ws_frame(1, kMessageHead + "1\ncontent-type:text/plain;charset=utf-8\n\nbad \xc3\x28 \xff\xfe \xed\xa0\x80" + '\0'));
    return drain(link);
  }
  if (b == "ws-fragmented-control") {
    link.raw(ws_frame(9, "pi", false) + ws_frame(0, "ng", true) + ws_frame(1, kMessageHead + "1\n\nafter" + '\0'));
    return drain(link);
  }
  if (b == "ws-oversized-control") {
    link.raw(ws_frame(9, std::string(300, 'p')) + ws_frame(1, kMessageHead + "1\n\nafter" + '\0'));
    return drain(link);
  }
  if (b == "ws-length-2p63") {
    link.raw(ws_header(2, 1ull << 63));
    return stream(link, "", 'x', 0, "");
  }
}

void slowloris(Link& link, const Options& o) {
  // A CONNECTED that never ends: one octet a second, then a close.
  const std::string octets = "CONNECTED\nversion:1.2\nheart-beat:0,0\nx-slow:" + std::string(o.slow_seconds, 'z');
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < octets.size() && std::chrono::steady_clock::now() - start < std::chrono::seconds(o.slow_seconds); ++i) {
    link.raw(link.encode(octets.substr(i, 1)));
    std::this_thread::sleep_until(start + std::chrono::seconds(i + 1));
  }
  link.wire().shutdown();
  drain(link);
}

}  // namespace

const std::vector<std::string>& behaviours() {
  static const std::vector<std::string> all{
      "no-nul", "content-length-1g", "content-length-2p63", "million-headers", "header-line-100m",
      "slowloris", "message-flood", "no-connected", "ws-invalid-utf8", "ws-fragmented-control",
      "ws-oversized-control", "ws-length-2p63", "close-mid-frame", "tls-stall", "sockjs-h-forever"};
  return all;
}

void serve(Wire& wire, Scheme scheme, const Options& o) {
  if (o.behaviour == "tls-stall" && is_tls(scheme)) {
    char buf[4096];  // the ClientHello is read and dropped: never a ServerHello
    for (;;) (void)wire.socket().read_some(asio::buffer(buf));
  }
  wire.handshake();
  Link link(wire, scheme);
  if (!link.open()) return;
  bool armed = false;
  for (;;) {
    const std::string frame = link.next_frame();
    const std::string command = frame.substr(0, frame.find_first_of("\r\n"));
    if (command == "CONNECT" || command == "STOMP") {
      armed = header(frame, "x-hostile") == "go";
      if (armed && o.behaviour == "no-connected") return drain(link);
      if (armed && o.behaviour == "slowloris") return slowloris(link, o);
      if (armed && o.behaviour == "sockjs-h-forever" && scheme == Scheme::sockjs) {
        const std::string beats = [] { std::string s; for (int i = 0; i < 1000; ++i) s += ws_frame(1, "h"); return s; }();
        for (;;) link.raw(beats);
      }
      link.send(std::string("CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:hostile-broker\n\n") + '\0');
    } else if (command == "SUBSCRIBE" && armed) {
      on_subscribe(link, o);
      return;
    } else if (command == "DISCONNECT") {
      if (auto r = header(frame, "receipt"); !r.empty()) link.send("RECEIPT\nreceipt-id:" + r + "\n\n" + '\0');
      link.wire().shutdown();
      return drain(link);
    } else if (auto r = header(frame, "receipt"); !r.empty()) {
      link.send("RECEIPT\nreceipt-id:" + r + "\n\n" + '\0');
    }
  }
}

}  // namespace hostile
