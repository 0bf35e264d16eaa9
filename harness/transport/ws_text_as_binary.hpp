#pragma once
// A stream layer between Beast's websocket::stream and the socket that turns
// every text frame the server sends into a binary one before Beast sees it.
//
// Why: Beast fails the connection (1007) on a text message that is not valid
// UTF-8 with a bare "bad frame payload", and brokers send such messages:
// RabbitMQ 3.10 web-stomp puts MESSAGE frames with arbitrary body octets in
// text messages (OBSERVED.md D13). Whether each message was sent as text is
// recorded here instead, and ws_transport.cpp fails the connection itself
// (RFC 6455 8.1) with a reason that names the broker's fault.
#include <cstdint>
#include <deque>
#include <functional>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/compose.hpp>
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/websocket/teardown.hpp>

namespace stompspec::detail {

// Follows the server's octets: first the HTTP response (up to the blank
// line), then frame headers (RFC 6455 5.2), skipping payloads.
class FrameScanner {
 public:
  void scan(unsigned char* p, std::size_t n);
  // Whether the next message Beast will deliver was sent as text.
  bool pop_message_was_text() {
    if (kinds_.empty()) return false;
    const bool text = kinds_.front();
    kinds_.pop_front();
    return text;
  }
  // Payload octets the frame being received still lacks (0 between frames):
  // a connection that ends here was cut in the middle of a frame.
  std::uint64_t frame_left() const { return state_ == State::payload ? payload_left_ : 0; }
  bool mid_header() const { return state_ == State::header && header_len_ > 0; }
  std::uint64_t last_length() const { return last_length_; }  // what the latest frame header announced

 private:
  enum class State { http, header, payload };
  State state_ = State::http;
  std::uint32_t http_tail_ = 0;  // last four octets, to find CRLF CRLF
  unsigned char header_[14] = {};
  std::size_t header_len_ = 0;
  std::uint64_t payload_left_ = 0;
  std::uint64_t last_length_ = 0;
  std::deque<bool> kinds_;  // one per data message started, oldest first
  std::size_t header_need() const;
};

inline std::size_t FrameScanner::header_need() const {
  if (header_len_ < 2) return 2;
  const std::size_t len7 = header_[1] & 0x7f;
  const std::size_t mask = (header_[1] & 0x80) ? 4 : 0;
  return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + mask;
}

inline void FrameScanner::scan(unsigned char* p, std::size_t n) {
  for (std::size_t i = 0; i < n;) {
    switch (state_) {
      case State::http:
        http_tail_ = (http_tail_ << 8) | p[i++];
        if (http_tail_ == 0x0d0a0d0a) state_ = State::header;
        break;
      case State::header:
        if (header_len_ == 0) {
          const unsigned opcode = p[i] & 0x0f;
          if (opcode == 1 || opcode == 2) kinds_.push_back(opcode == 1);
          if (opcode == 1) p[i] = static_cast<unsigned char>((p[i] & 0xf0) | 2);
        }
        header_[header_len_++] = p[i++];
        if (header_len_ == header_need()) {
          const std::size_t len7 = header_[1] & 0x7f;
          std::uint64_t len = len7;
          if (len7 >= 126) {
            len = 0;
            for (std::size_t k = 2; k < (len7 == 126 ? 4u : 10u); ++k) len = (len << 8) | header_[k];
          }
          header_len_ = 0;
          payload_left_ = len;
          last_length_ = len;
          if (len > 0) state_ = State::payload;
        }
        break;
      case State::payload: {
        const std::uint64_t take = std::min<std::uint64_t>(payload_left_, n - i);
        i += static_cast<std::size_t>(take);
        payload_left_ -= take;
        if (payload_left_ == 0) state_ = State::header;
        break;
      }
    }
  }
}

template <class NextLayer>
class TextAsBinary {
 public:
  using next_layer_type = NextLayer;
  using executor_type = typename NextLayer::executor_type;

  template <class... Args>
  explicit TextAsBinary(Args&&... args) : next_(std::forward<Args>(args)...) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  NextLayer& next_layer() noexcept { return next_; }
  const NextLayer& next_layer() const noexcept { return next_; }
  FrameScanner& scanner() noexcept { return scanner_; }
  // Called when Beast starts the TCP teardown of a closing handshake, so the
  // owner can bound the wait for the server's FIN (ws_transport.cpp).
  void on_teardown(std::function<void()> f) { on_teardown_ = std::move(f); }
  void teardown_started() {
    if (on_teardown_) on_teardown_();
  }

  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    return boost::asio::async_compose<Handler, void(boost::system::error_code, std::size_t)>(
        ReadOp<MutableBuffers>{*this, buffers}, handler, next_);
  }

  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    return next_.async_write_some(buffers, std::forward<Handler>(handler));
  }

 private:
  template <class MutableBuffers>
  struct ReadOp {
    TextAsBinary& self;
    MutableBuffers buffers;
    bool started = false;

    template <class Self>
    void operator()(Self& op, boost::system::error_code ec = {}, std::size_t n = 0) {
      if (!started) {
        started = true;
        self.next_.async_read_some(buffers, std::move(op));
        return;
      }
      const auto read = boost::beast::buffers_prefix(n, buffers);
      for (auto it = boost::asio::buffer_sequence_begin(read); it != boost::asio::buffer_sequence_end(read); ++it) {
        const boost::asio::mutable_buffer mb(*it);
        self.scanner_.scan(static_cast<unsigned char*>(mb.data()), mb.size());
      }
      op.complete(ec, n);
    }
  };

  NextLayer next_;
  FrameScanner scanner_;
  std::function<void()> on_teardown_;
};

// The closing handshake's TCP teardown is the next layer's.
template <class NextLayer>
void teardown(boost::beast::role_type role, TextAsBinary<NextLayer>& s, boost::system::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, s.next_layer(), ec);
}

// A server that never closes TCP would hold the teardown (and with it the
// read that failed the connection) forever: the owner's hook drops the socket
// after a grace period. The teardown is best effort and always reports
// success, so that Beast reports why the connection ended ("The WebSocket
// control frame was fragmented", or closed after a close frame), not how the
// teardown went ("operation aborted", TLS's "stream truncated") (issue 11).
template <class NextLayer, class TeardownHandler>
void async_teardown(boost::beast::role_type role, TextAsBinary<NextLayer>& s, TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  s.teardown_started();
  async_teardown(role, s.next_layer(),
                 [h = std::forward<TeardownHandler>(handler)](boost::system::error_code) mutable {
                   h(boost::system::error_code{});
                 });
}

}  // namespace stompspec::detail
