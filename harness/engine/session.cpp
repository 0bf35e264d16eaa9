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

namespace {
// The engine's reading is wire::ConnectionOptions' default: 1.0-form ERRORs
// until CONNECTED, the version switched by the engine once it has judged
// CONNECTED, a frame cut short judged only after an orderly close.
wire::ConnectionOptions options(TransportOptions opt, Limits limits) {
  wire::ConnectionOptions o;
  o.transport = std::move(opt);
  o.limits = limits;
  return o;
}
}  // namespace

Session::Session(std::string name, Url url, TransportOptions opt, Limits limits, Version v, Recorder& rec)
    : conn_(std::move(name), std::move(url), v, options(std::move(opt), limits), rec) {}

void Session::set_heartbeat(Millis every) {
  beat_every_ = every;
  if (every.count() > 0) conn_.log().event(name(), fmt::format("client heart-beats every {} ms", every.count()));
}

void Session::beat_if_due() {
  if (beat_every_.count() <= 0 || conn_.closed() || !conn_.opened() || conn_.write_error()) return;
  if (Clock::now() - conn_.last_write() < beat_every_) return;
  // Logged as an event when it fails; a beat per second would drown the log.
  if (auto ec = conn_.beat(Millis(1000)); ec) conn_.log().event(name(), "heart-beat write failed: " + ec.message());
}

bool Session::read_once(Clock::time_point deadline) {
  if (conn_.closed() || !conn_.opened()) return false;
  beat_if_due();
  // Wake up in time for the next beat owed.
  auto until = deadline;
  if (beat_every_.count() > 0) until = std::min(until, conn_.last_write() + beat_every_);
  return conn_.read_once(until);
}

Observation Session::read_next(Clock::time_point deadline) {
  for (;;) {
    if (auto in = conn_.next()) {
      Observation o;
      o.kind = in->event.kind == ParseEvent::Kind::frame       ? Observation::Kind::frame
               : in->event.kind == ParseEvent::Kind::heartbeat ? Observation::Kind::heartbeat
                                                               : Observation::Kind::malformed;
      for (const auto& v : in->event.violations)
        conn_.log().event(name(), fmt::format("parser: {} at octet {} ({})", v.what, v.offset, v.rule));
      if (audit_) audit_->check(name(), in->event, in->version, in->negotiated);
      o.event = std::move(in->event);
      return o;
    }
    if (conn_.closed()) {
      const std::string& why = conn_.close_detail();
      return {Observation::Kind::closed, {}, why.empty() ? "closed" : why, conn_.close_how()};
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
        conn_.log().event(name(), "a barrier marker MESSAGE, not shown to the case");
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
  while (!conn_.closed() && conn_.opened() && Clock::now() < deadline) {
    // A broker flooding us while we only wait must not grow memory without
    // bound: past the cap, stop reading and let TCP push back.
    if (conn_.buffered() > kPumpCap) {
      beat_if_due();
      std::this_thread::sleep_until(std::min(deadline, Clock::now() + Millis(50)));
      continue;
    }
    read_once(deadline);
  }
}

}  // namespace stompspec
