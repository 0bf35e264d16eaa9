#include "engine/session.hpp"
#include "core/visible.hpp"

#include <thread>

#include <fmt/format.h>

namespace stompspec {

namespace {
// How much a wait may read ahead of what the steps consume.
constexpr std::size_t kPumpCap = 4 * 1024 * 1024;
}

std::string Observation::describe() const {
  switch (kind) {
    case Kind::frame: {
      const Frame& f = event.frame;
      std::string s = f.command.empty() ? "a frame with an empty command" : f.command;
      if (const auto* m = f.find("message")) s += fmt::format(" (message: '{}')", visible(*m));
      else if (const auto* r = f.find("receipt-id")) s += fmt::format(" (receipt-id: '{}')", visible(*r));
      if (!event.violations.empty()) s += fmt::format(" [violates {}: {}]", event.violations[0].rule, event.violations[0].what);
      return s;
    }
    case Kind::heartbeat: return "a heart-beat";
    case Kind::malformed:
      return fmt::format("malformed octets ({}: {})", event.violations.empty() ? "?" : event.violations[0].rule,
                         event.violations.empty() ? "?" : event.violations[0].what);
    case Kind::closed: return fmt::format("the connection closed ({})", detail);
    case Kind::timeout: return "nothing";
  }
  return {};
}

Session::Session(std::string name, Url url, TransportOptions opt, Limits limits, Version v, Recorder& rec)
    : name_(std::move(name)), url_(std::move(url)), opt_(std::move(opt)), rec_(rec), parser_(v, Peer::server, limits) {
  // No version is agreed before CONNECTED: an ERROR may come in 1.0 form
  // (a raw ':' in `message`), which no version forbids a server to use then.
  parser_.set_lenient_errors(true);
}

std::error_code Session::open(Millis timeout) {
  transport_ = make_transport(url_, opt_);
  auto ec = transport_->connect(timeout);
  if (ec) {
    close_detail_ = ec.message();
    if (auto why = transport_->close_reason(); !why.empty()) close_detail_ += " (" + why + ")";
    rec_.event(name_, fmt::format("cannot connect to {}: {}", url_.str(), close_detail_));
    closed_ = true;
    return ec;
  }
  std::string proto = transport_->subprotocol();
  rec_.event(name_, fmt::format("connected to {}{}", url_.str(),
                                url_.is_websocket() ? fmt::format(" (subprotocol '{}')", proto) : ""));
  last_write_ = Clock::now();
  return {};
}

std::error_code Session::write(std::string_view octets, Millis timeout) {
  if (write_error_) return write_error_;
  if (!transport_ || closed_) return make_error_code(TransportErrc::not_connected);
  rec_.sent(name_, octets);
  auto ec = transport_->write(octets, timeout);
  if (ec) rec_.event(name_, fmt::format("write failed: {}", ec.message()));
  if (ec && ec != TransportErrc::timed_out) write_error_ = ec;
  last_write_ = Clock::now();
  return ec;
}

void Session::set_heartbeat(Millis every) {
  beat_every_ = every;
  if (every.count() > 0) rec_.event(name_, fmt::format("client heart-beats every {} ms", every.count()));
}

void Session::beat_if_due() {
  if (beat_every_.count() <= 0 || closed_ || !transport_ || write_error_) return;
  if (Clock::now() - last_write_ < beat_every_) return;
  // Logged as an event rather than octets: a beat per second would drown the log.
  if (auto ec = transport_->write("\n", Millis(1000)); ec) rec_.event(name_, "heart-beat write failed: " + ec.message());
  last_write_ = Clock::now();
}

bool Session::read_once(Clock::time_point deadline) {
  if (closed_ || !transport_) return false;
  beat_if_due();
  auto now = Clock::now();
  auto until = deadline;
  if (beat_every_.count() > 0) until = std::min(until, last_write_ + beat_every_);
  auto slice = std::chrono::duration_cast<Millis>(until - now);
  if (slice.count() < 1) slice = Millis(1);
  std::string chunk;
  auto ec = transport_->read(chunk, slice);
  if (!chunk.empty()) {
    rec_.received(name_, chunk);
    parser_.feed(chunk);
  }
  if (ec == TransportErrc::timed_out || !ec) return true;
  closed_ = true;
  close_how_ = close_how(ec);
  close_detail_ = ec == TransportErrc::closed_by_peer ? "closed by the broker" : ec.message();
  if (auto reason = transport_->close_reason(); !reason.empty()) close_detail_ += ", WebSocket close " + reason;
  close_detail_ = fmt::format("{}: {}", to_string(close_how_), close_detail_);
  rec_.event(name_, "connection closed: " + close_detail_);
  // After an orderly close a frame left unfinished is the broker's fault
  // (the parser reports it truncated). A reset may have cut it: what the
  // broker sent is unknown, so the close alone is observed.
  if (close_how_ == CloseHow::clean) parser_.finish();
  else if (parser_.buffered() > 0) rec_.event(name_, fmt::format("the reset cut {} octet(s) short of a frame's end", parser_.buffered()));
  return false;
}

Observation Session::read_next(Clock::time_point deadline) {
  for (;;) {
    if (auto e = parser_.next()) {
      Observation o;
      o.kind = e->kind == ParseEvent::Kind::frame       ? Observation::Kind::frame
               : e->kind == ParseEvent::Kind::heartbeat ? Observation::Kind::heartbeat
                                                        : Observation::Kind::malformed;
      for (const auto& v : e->violations)
        rec_.event(name_, fmt::format("parser: {} at octet {} ({})", v.what, v.offset, v.rule));
      if (audit_) audit_->check(name_, *e, parser_.version(), negotiated_);
      if (e->kind == ParseEvent::Kind::frame && e->frame.command == "CONNECTED") {
        parser_.set_lenient_errors(false);
        negotiated_ = true;
      }
      o.event = std::move(*e);
      return o;
    }
    if (closed_) {
      return {Observation::Kind::closed, {}, close_detail_.empty() ? "closed" : close_detail_, close_how_};
    }
    if (Clock::now() >= deadline) return {Observation::Kind::timeout, {}, {}};
    read_once(deadline);
  }
}

Observation Session::next(Clock::time_point deadline) {
  for (;;) {
    Observation o;
    if (!held_.empty()) {
      o = std::move(held_.front());
      held_.pop_front();
    } else {
      o = read_next(deadline);
      if (hidden(o)) {
        rec_.event(name_, "a barrier marker MESSAGE, not shown to the case");
        continue;
      }
    }
    if (o.kind == Observation::Kind::closed) close_observed_ = true;
    return o;
  }
}

void Session::hide_messages(const std::string& subscription, const std::string& destination) {
  hidden_subscriptions_.insert(subscription);
  hidden_destinations_.insert(destination);
}

bool Session::hidden(const Observation& o) const {
  if (o.kind != Observation::Kind::frame || o.event.frame.command != "MESSAGE") return false;
  const Frame& f = o.event.frame;
  const auto* sub = f.find("subscription");
  const auto* dest = f.find("destination");
  return (sub && hidden_subscriptions_.contains(*sub)) || (dest && hidden_destinations_.contains(*dest));
}

Session::MarkerEnd Session::await_marker(const std::string& token, Clock::time_point deadline) {
  for (;;) {
    Observation o = read_next(deadline);
    switch (o.kind) {
      case Observation::Kind::timeout: return MarkerEnd::timeout;
      case Observation::Kind::heartbeat: continue;  // a held beat would distort a later heart-beat count
      case Observation::Kind::closed: held_.push_back(std::move(o)); return MarkerEnd::closed;
      case Observation::Kind::malformed: held_.push_back(std::move(o)); continue;
      case Observation::Kind::frame: break;
    }
    if (hidden(o)) {
      const auto* t = o.event.frame.find("stompspec-marker");
      if (t && *t == token) return MarkerEnd::arrived;
      continue;  // a late marker of an earlier barrier
    }
    bool error = o.event.frame.command == "ERROR";
    held_.push_back(std::move(o));
    if (error) return MarkerEnd::error;
  }
}

void Session::pump(Clock::time_point deadline) {
  while (!closed_ && transport_ && Clock::now() < deadline) {
    // A broker flooding us while we only wait must not grow memory without
    // bound: past the cap, stop reading and let TCP push back.
    if (parser_.buffered() > kPumpCap) {
      beat_if_due();
      std::this_thread::sleep_until(std::min(deadline, Clock::now() + Millis(50)));
      continue;
    }
    read_once(deadline);
  }
}

void Session::close(Millis timeout) {
  if (transport_ && !closed_) {
    transport_->close(timeout);
    rec_.event(name_, "client closed the connection");
  }
  closed_ = true;
  if (close_detail_.empty()) close_detail_ = "closed by the client";
}

}  // namespace stompspec
