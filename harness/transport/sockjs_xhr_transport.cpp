// sockjs-xhr+http://host:port/path (and sockjs-xhr+https://): STOMP over
// SockJS's xhr-streaming transport, the HTTP fallback browsers use where a
// proxy blocks WebSockets. After the `info` check, POST
// <path>/<server>/<session>/xhr_streaming answers with a never-ending body: a
// prelude of 2048 'h' and a newline, then one SockJS frame per line ("o",
// "h", "a[...]", "c[code,reason]"). Each write is one POST .../xhr_send whose
// body is a JSON array of one string, answered 204 (or 200). A server ends a
// streaming response after some amount of data (Spring: 128 KiB); the
// session then goes on in a new xhr_streaming request, as sockjs-client does.
//
// Beast's HTTP parser reads the streaming response (chunked or not); its body
// is taken out after every read, so memory stays bounded by one SockJS frame
// (max_read_message). A read that times out stays pending and the next read
// picks it up, as in ws_transport.cpp.
#include <optional>
#include <type_traits>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "asio_deadline.hpp"
#include "backends.hpp"
#include "core/utf8.hpp"
#include "tls_context.hpp"

namespace stompspec::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

// The prelude is 2048 'h' and '\n'; a server whose first line runs on past
// this is not speaking xhr-streaming.
constexpr std::size_t kPreludeLimit = 8 * 1024;
constexpr std::size_t kSendAnswerLimit = 64 * 1024;

template <bool Tls>
class XhrTransport final : public Transport {
  using Stream = std::conditional_t<Tls, beast::ssl_stream<beast::tcp_stream>, beast::tcp_stream>;

  // One HTTP connection: the streaming one lives as long as the session, an
  // xhr_send one for one request.
  struct Conn {
    std::optional<Stream> stream;
    beast::flat_buffer buffer{1 << 20};
    tcp::socket& socket() { return beast::get_lowest_layer(*stream).socket(); }
    void drop() {
      boost_error ignored;
      if (stream) socket().close(ignored);
    }
  };

 public:
  XhrTransport(Url url, TransportOptions opt) : url_(std::move(url)), opt_(std::move(opt)) {}
  ~XhrTransport() override { drop(); }

  std::error_code connect(Millis timeout) override {
    return guarded([&]() -> std::error_code {
      drop();
      terminal_ = {};
      detail_.clear();
      const auto deadline = deadline_after(timeout);
      if (auto ec = check_sockjs_info(url_, opt_, deadline, false, &detail_)) return ec;
      session_ = sockjs_session_path(url_);
      if (auto ec = open_stream(deadline)) return abort(ec);
      for (;;) {  // up to the open frame: the prelude (and nothing else) may come first
        std::string line;
        if (auto ec = next_line(line, kPreludeLimit, deadline)) {
          if (ec == TransportErrc::timed_out) detail_ = "no SockJS open frame ('o') on the xhr_streaming response in time";
          return abort(ec);
        }
        if (is_prelude(line)) continue;
        if (line == "o") break;
        std::string ignored, why;
        if (decode_sockjs_frame(line, &ignored, &why) == SockJsKind::close) {
          detail_ = "the server closed the SockJS session instead of opening it: " + why;
          return abort(TransportErrc::closed_by_peer);
        }
        detail_ = fmt::format("expected the SockJS open frame 'o' on the xhr_streaming response, got '{}'",
                              line.substr(0, 80));
        return abort(TransportErrc::handshake_failed);
      }
      open_ = true;
      return {};
    });
  }

  std::error_code write(std::string_view bytes, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!open_) return unusable();
      if (!utf8::is_valid(bytes)) {
        detail_ = "SockJS carries only UTF-8 text; this frame is not";
        return std::make_error_code(std::errc::illegal_byte_sequence);
      }
      const auto deadline = deadline_after(timeout);
      const std::string target = session_ + "/xhr_send";
      Conn c;
      auto req = request(target);
      req.set(http::field::content_type, "text/plain;charset=UTF-8");
      req.body() = nlohmann::json::array({std::string(bytes)}).dump();
      req.prepare_payload();
      auto ec = open_conn(c, deadline);
      if (!ec) ec = run(c, deadline, [&](auto done) { http::async_write(*c.stream, req, done); });
      http::response_parser<http::string_body> answer;
      answer.body_limit(kSendAnswerLimit);
      if (!ec) ec = run(c, deadline, [&](auto done) { http::async_read(*c.stream, c.buffer, answer, done); });
      c.drop();
      if (ec) {
        // Whether the message got through is unknown; the next write uses a
        // new request all the same (HTTP cannot deliver half a message).
        detail_ = fmt::format("POST {}: {}", target, ec == TransportErrc::timed_out ? "no answer in time" : ec.message());
        return ec;
      }
      const unsigned status = answer.get().result_int();
      if (status != 204 && status != 200) {
        detail_ = fmt::format("POST {}: HTTP {} {}{}", target, status, std::string(answer.get().reason()),
                              answer.get().body().empty() ? "" : " (" + answer.get().body().substr(0, 80) + ")");
        return std::make_error_code(std::errc::protocol_error);
      }
      return {};
    });
  }

  std::error_code read(std::string& out, Millis timeout) override {
    return guarded([&]() -> std::error_code {
      if (!open_) return unusable();
      const auto deadline = deadline_after(timeout);
      for (;;) {
        std::string line;
        if (auto ec = next_line(line, opt_.max_read_message, deadline)) return ec == TransportErrc::timed_out ? ec : fail(ec);
        if (is_prelude(line) || line.empty()) continue;
        std::string why;
        switch (decode_sockjs_frame(line, &out, &why)) {
          case SockJsKind::data: return {};
          case SockJsKind::heartbeat:
            ++heartbeats_;  // SockJS's own: says nothing about STOMP's heart-beats
            if (Clock::now() >= deadline) return TransportErrc::timed_out;
            continue;
          case SockJsKind::close: detail_ = why; return fail(TransportErrc::closed_by_peer);
          case SockJsKind::open:
            detail_ = "the server opened a new SockJS session on a renewed xhr_streaming request: the old session is gone";
            return fail(std::make_error_code(std::errc::connection_reset));
          case SockJsKind::bad: detail_ = why; return fail(std::make_error_code(std::errc::protocol_error));
        }
      }
    });
  }

  // SockJS has no client close over HTTP: dropping the streaming request
  // ends the session after the server's disconnect delay.
  void close(Millis) override { drop(); }
  bool is_open() const override { return open_; }
  std::string close_reason() const override { return detail_; }
  const Url& url() const override { return url_; }

 private:
  static bool is_prelude(const std::string& line) {
    return line.size() > 1 && line.find_first_not_of('h') == std::string::npos;
  }

  http::request<http::string_body> request(const std::string& target) const {
    http::request<http::string_body> req{http::verb::post, target, 11};
    const bool v6 = url_.host.find(':') != std::string::npos;
    req.set(http::field::host, fmt::format("{}:{}", v6 ? "[" + url_.host + "]" : url_.host, url_.port));
    req.set(http::field::user_agent, "stompspec");
    req.set(http::field::accept, "*/*");
    req.set(http::field::connection, "close");
    return req;
  }

  // Runs one asynchronous operation on `c` to completion or the deadline;
  // at the deadline the connection is closed (its operation ends aborted).
  template <class Start>
  std::error_code run(Conn& c, Clock::time_point deadline, Start&& start) {
    auto st = std::make_shared<OpState>();
    start(completion(st));
    if (!run_until(ioc_, st->done, deadline)) {
      c.drop();  // its operation ends aborted; the streaming read (if any) stays pending
      (void)run_until(ioc_, st->done, Clock::now() + kCancelGrace);
      return TransportErrc::timed_out;
    }
    return to_std(st->ec);
  }

  std::error_code open_conn(Conn& c, Clock::time_point deadline) {
    if constexpr (Tls) {
      if (!context_ && !(context_ = make_tls_context(opt_.tls, &detail_))) return TransportErrc::tls_setup_failed;
      c.stream.emplace(ioc_, *context_);
      if (!prepare_tls_handle(c.stream->native_handle(), url_, opt_.tls, &detail_)) return TransportErrc::tls_setup_failed;
    } else {
      c.stream.emplace(ioc_);
    }
    if (auto ec = connect_socket(ioc_, c.socket(), url_, deadline)) return ec;
    if constexpr (Tls) {
      auto hs = std::make_shared<OpState>();
      c.stream->async_handshake(ssl::stream_base::client, completion(hs));
      if (!run_until(ioc_, hs->done, deadline)) {
        c.drop();
        (void)run_until(ioc_, hs->done, Clock::now() + kCancelGrace);
        detail_ = "TLS handshake did not complete in time";
        return TransportErrc::timed_out;
      }
      if (hs->ec) {
        detail_ = describe_tls_failure(c.stream->native_handle(), hs->ec, opt_.tls);
        return to_std(hs->ec);
      }
    }
    return {};
  }

  // POST .../xhr_streaming and its answer's head, which must be 200.
  std::error_code open_stream(Clock::time_point deadline) {
    stream_.drop();
    stream_.stream.reset();
    stream_.buffer.clear();
    parser_.emplace();
    parser_->body_limit(boost::none);  // never-ending by design; the body is emptied after every read
    stream_ended_ = false;
    const std::string target = session_ + "/xhr_streaming";
    auto req = request(target);
    req.prepare_payload();
    auto ec = open_conn(stream_, deadline);
    if (!ec) ec = run(stream_, deadline, [&](auto done) { http::async_write(*stream_.stream, req, done); });
    if (!ec) ec = run(stream_, deadline, [&](auto done) { http::async_read_header(*stream_.stream, stream_.buffer, *parser_, done); });
    if (ec) {
      if (detail_.empty()) detail_ = fmt::format("POST {}: {}", target, ec == TransportErrc::timed_out ? "no answer in time" : ec.message());
      return ec;
    }
    if (parser_->get().result_int() != 200) {
      detail_ = fmt::format("POST {}: HTTP {} {}", target, parser_->get().result_int(), std::string(parser_->get().reason()));
      return TransportErrc::handshake_failed;
    }
    return {};
  }

  // The next line of the streaming body (without its '\n'), reading more and
  // renewing the streaming request as needed. `limit` bounds a line.
  std::error_code next_line(std::string& line, std::size_t limit, Clock::time_point deadline) {
    for (;;) {
      if (auto nl = pending_.find('\n'); nl != std::string::npos) {
        line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return {};
      }
      if (pending_.size() > limit) {
        detail_ = fmt::format("no end of line after {} octets of the xhr_streaming response ({})", pending_.size(),
                              open_ ? "a SockJS frame over max_read_message" : "the prelude never ends");
        return TransportErrc::message_too_big;
      }
      if (stream_ended_) {  // the server ended this response; the session goes on in a new one
        if (!pending_.empty()) {
          detail_ = "the xhr_streaming response ended inside a SockJS frame";
          return std::make_error_code(std::errc::protocol_error);
        }
        if (auto ec = open_stream(deadline)) return ec;
        continue;
      }
      if (!read_op_) {
        read_op_ = std::make_shared<OpState>();
        http::async_read_some(*stream_.stream, stream_.buffer, *parser_, completion(read_op_));
      }
      if (!run_until(ioc_, read_op_->done, deadline)) return TransportErrc::timed_out;
      const auto ec = std::exchange(read_op_, nullptr)->ec;
      pending_ += parser_->get().body();
      parser_->get().body().clear();
      if (parser_->is_done()) {
        stream_ended_ = true;
      } else if (ec) {
        detail_ = fmt::format("the xhr_streaming response broke off without a SockJS close frame ({})", ec.message());
        return ec == http::error::end_of_stream || ec == asio::error::eof ? std::make_error_code(std::errc::connection_reset)
                                                                         : to_std(ec);
      }
    }
  }

  std::error_code fail(std::error_code ec) {
    drop();
    terminal_ = ec;
    return ec;
  }
  std::error_code abort(std::error_code ec) {
    drop();
    return ec;
  }
  std::error_code unusable() const { return terminal_ ? terminal_ : TransportErrc::not_connected; }

  void drop() {
    open_ = false;
    stream_.drop();
    drain(ioc_);
    read_op_.reset();
    parser_.reset();
    pending_.clear();
  }

  // Declared first: destroyed last, after everything that refers to it.
  asio::io_context ioc_{1};
  Url url_;
  TransportOptions opt_;
  std::unique_ptr<ssl::context> context_;  // https only; outlives the streams
  std::string session_;                    // <path>/<server>/<session>
  Conn stream_;
  std::optional<http::response_parser<http::string_body>> parser_;
  bool stream_ended_ = false;
  std::string pending_;  // streaming body not yet split into lines
  OpPtr read_op_;        // pending across calls after a timeout
  std::string detail_;
  bool open_ = false;
  std::error_code terminal_;
  long heartbeats_ = 0;
};

}  // namespace

std::unique_ptr<Transport> make_sockjs_xhr_transport(const Url& url, const TransportOptions& opt) {
  if (url.is_tls()) return std::make_unique<XhrTransport<true>>(url, opt);
  return std::make_unique<XhrTransport<false>>(url, opt);
}

}  // namespace stompspec::detail
