#include "wire/connection.hpp"

#include <fmt/format.h>

namespace stompspec::wire {

Connection::Connection(std::string name, Url url, Version v, ConnectionOptions opt, Transcript& log)
    : name_(std::move(name)),
      url_(std::move(url)),
      opt_(std::move(opt)),
      log_(&log),
      parser_(v, Peer::server, opt_.limits) {
  parser_.set_lenient_errors(opt_.lenient_errors);
}

Connection::Connection(std::string name, Url url, Version v, ConnectionOptions opt, TranscriptCaps caps)
    : name_(std::move(name)),
      url_(std::move(url)),
      opt_(std::move(opt)),
      own_log_(std::in_place, own_entries_, caps),
      log_(&*own_log_),
      parser_(v, Peer::server, opt_.limits) {
  parser_.set_lenient_errors(opt_.lenient_errors);
}

std::error_code Connection::open(Millis timeout) {
  opened_at_ = Clock::now();
  if (own_log_) own_log_->restart_clock();
  transport_ = make_transport(url_, opt_.transport);
  if (!transport_) {
    // Url::parse yields no other scheme; a Url built by hand might.
    closed_ = true;
    close_error_ = make_error_code(TransportErrc::not_connected);
    close_detail_ = fmt::format("no transport for the scheme of {}", url_.str());
    log_->event(name_, fmt::format("cannot connect to {}: {}", url_.str(), close_detail_));
    return close_error_;
  }
  if (auto ec = transport_->connect(timeout)) {
    closed_ = true;
    close_error_ = ec;
    close_detail_ = ec.message();
    if (auto why = transport_->close_reason(); !why.empty()) close_detail_ += " (" + why + ")";
    log_->event(name_, fmt::format("cannot connect to {}: {}", url_.str(), close_detail_));
    return ec;
  }
  log_->event(name_, fmt::format("connected to {}{}", url_.str(),
                                 url_.is_websocket() ? fmt::format(" (subprotocol '{}')", transport_->subprotocol()) : ""));
  last_write_ = Clock::now();
  return {};
}

std::error_code Connection::write(std::string_view octets, Millis timeout) {
  if (write_error_) return write_error_;
  if (!transport_ || closed_) return make_error_code(TransportErrc::not_connected);
  log_->sent(name_, octets);
  ++writes_;
  auto ec = transport_->write(octets, timeout);
  if (!ec) sent_ += octets.size();
  if (ec) log_->event(name_, fmt::format("write failed: {}", ec.message()));
  if (ec && ec != TransportErrc::timed_out) write_error_ = ec;
  last_write_ = Clock::now();
  return ec;
}

std::error_code Connection::beat(Millis timeout) {
  if (write_error_) return write_error_;
  if (!transport_ || closed_) return make_error_code(TransportErrc::not_connected);
  auto ec = transport_->write("\n", timeout);
  if (!ec) ++sent_;
  last_write_ = Clock::now();
  return ec;
}

bool Connection::read_once(Clock::time_point deadline) {
  auto slice = std::chrono::duration_cast<Millis>(deadline - Clock::now());
  return read_once(slice.count() < 1 ? Millis(1) : slice);
}

bool Connection::read_once(Millis slice) {
  chunk_.clear();
  if (closed_ || !transport_) return false;
  auto ec = transport_->read(chunk_, slice);
  if (!chunk_.empty()) {
    received_ += chunk_.size();
    log_->received(name_, chunk_);
    parser_.feed(chunk_);
  }
  if (!ec || ec == TransportErrc::timed_out) return true;
  ended(ec);
  return false;
}

void Connection::ended(std::error_code ec) {
  closed_ = true;
  close_error_ = ec;
  close_how_ = stompspec::close_how(ec);
  close_detail_ = ec == TransportErrc::closed_by_peer ? "closed by the broker" : ec.message();
  if (auto reason = transport_->close_reason(); !reason.empty()) close_detail_ += ", WebSocket close " + reason;
  close_detail_ = fmt::format("{}: {}", to_string(close_how_), close_detail_);
  log_->event(name_, "connection closed: " + close_detail_);
  // After an orderly close a frame left unfinished is the broker's fault
  // (the parser reports it truncated). A reset may have cut it: what the
  // broker sent is unknown, so the close alone is observed.
  using Cut = ConnectionOptions::CutFrame;
  if (opt_.cut_frame == Cut::truncated || (opt_.cut_frame == Cut::truncated_after_orderly_close && close_how_ == CloseHow::clean))
    parser_.finish();
  else if (parser_.buffered() > 0)
    log_->event(name_, fmt::format("the {} cut {} octet(s) short of a frame's end", close_how_ == CloseHow::clean ? "close" : "reset",
                                   parser_.buffered()));
}

std::optional<Incoming> Connection::next() {
  auto e = parser_.next();
  if (!e) return std::nullopt;
  Incoming in{std::move(*e), parser_.version(), negotiated_};
  if (in.event.kind == ParseEvent::Kind::frame && in.event.frame.command == "CONNECTED") {
    negotiated_ = true;
    parser_.set_lenient_errors(false);
    // The next frames are read at the version CONNECTED names (none: 1.0).
    if (opt_.version_from_connected) {
      const std::string* v = in.event.frame.find("version");
      parser_.set_version(v ? parse_version(*v).value_or(parser_.version()) : Version::v1_0);
    }
  }
  return in;
}

void Connection::set_version(Version v) {
  parser_.set_version(v);
  parser_.set_lenient_errors(false);
  negotiated_ = true;
}

void Connection::close(Millis timeout) {
  if (transport_ && !closed_) {
    transport_->close(timeout);
    log_->event(name_, "client closed the connection");
  }
  closed_ = true;
  if (close_detail_.empty()) close_detail_ = "closed by the client";
}

void Connection::abort() {
  if (transport_ && !closed_) transport_->close(Millis(1));
  closed_ = true;
  if (close_detail_.empty()) close_detail_ = "closed by the client";
}

}  // namespace stompspec::wire
