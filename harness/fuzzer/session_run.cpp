#include "fuzzer/session_run.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "codec/escape.hpp"
#include "codec/serializer.hpp"

namespace stompspec::fuzzer {
namespace {

// Wire form of a value the broker sent, for an ACK that quotes it back.
std::string quoted(const std::string* v, Version version) {
  if (!v) return {};
  return version == Version::v1_0 ? *v : escape_header(*v, version);
}

void remember(const Received& r, Version v, LastMessage& last) {
  const Frame& f = r.event.frame;
  if (r.event.kind != ParseEvent::Kind::frame || f.command != "MESSAGE") return;
  last.message_id = quoted(f.find("message-id"), v);
  last.subscription = quoted(f.find("subscription"), v);
  last.ack = f.has("ack") ? quoted(f.find("ack"), v) : last.message_id;
}

// Watches the client's own octets for its CONNECT: when that offers only
// 1.1 and later, a CONNECTED without version is the broker's fault.
class ConnectWatch {
 public:
  explicit ConnectWatch(Version v) : parser_(v, Peer::client) {}
  void feed(std::string_view octets, EventOracle& oracle) {
    if (done_) return;
    parser_.feed(octets);
    while (auto ev = parser_.next()) {
      const Frame& f = ev->frame;
      if (ev->kind != ParseEvent::Kind::frame || (f.command != "CONNECT" && f.command != "STOMP")) continue;
      done_ = true;
      const std::string* offer = f.find("accept-version");
      oracle.set_version_required(ev->violations.empty() && offer && only_11_plus(*offer));
      return;
    }
  }

 private:
  static bool only_11_plus(std::string_view offer) {
    bool any = false;
    while (!offer.empty()) {
      const auto comma = offer.find(',');
      const std::string_view v = offer.substr(0, comma);
      if (v != "1.1" && v != "1.2") return false;
      any = true;
      offer = comma == std::string_view::npos ? std::string_view() : offer.substr(comma + 1);
    }
    return any;
  }
  Parser parser_;
  bool done_ = false;
};

}  // namespace

bool is_frame(const Received& r, std::string_view command) {
  return r.event.kind == ParseEvent::Kind::frame && r.event.frame.command == command;
}

Frame connect_frame(const GenOptions& g, Version v) {
  Frame f{"CONNECT", {}, {}};
  if (v != Version::v1_0) {
    f.add("accept-version", std::string(to_string(v)));
    f.add("host", g.host.value_or("/"));
  }
  if (g.login) f.add("login", *g.login);
  if (g.passcode) f.add("passcode", *g.passcode);
  if (v != Version::v1_0) f.add("heart-beat", "0,0");
  return f;
}

Millis RunConfig::clip(Millis d) const {
  if (end == Clock::time_point::max()) return d;
  const auto left = std::chrono::duration_cast<Millis>(end - Clock::now());
  return std::max(Millis(0), std::min(d, left));
}

Clock::time_point RunConfig::until(Millis d) const {
  const auto now = Clock::now();
  return end - now < d ? end : now + d;
}

bool strictly_valid(const std::vector<std::string>& writes, Version v) {
  Parser p(v, Peer::client);
  for (const auto& w : writes) {
    p.feed(w);
    while (auto ev = p.next())
      if (ev->kind == ParseEvent::Kind::malformed || !ev->violations.empty()) return false;
  }
  return p.buffered() == 0;
}

SessionResult run_writes(const Url& url, const std::vector<std::string>& writes, const SessionOptions& ro,
                         const RunConfig& cfg) {
  SessionResult res;
  res.negotiated = ro.version;
  res.lane = cfg.lane;
  Conn c("fuzz", url, cfg.transport, ro.version, cfg.limits);
  if (auto ec = c.open(cfg.clip(cfg.connect_timeout))) {
    res.open_failed = true;
    res.open_error = ec.message();
    res.cut = cfg.over();
    res.transcript = std::move(c.transcript());
    return res;
  }
  EventOracle oracle(ro.version);
  ConnectWatch watch(ro.version);
  LastMessage last;
  std::size_t judged = 0;
  auto judge = [&] {
    for (; judged < c.events().size(); ++judged) {
      oracle.on_event(c.events()[judged], judged, res.detections);
      remember(c.events()[judged], oracle.negotiated(), last);
    }
  };

  for (const auto& planned : writes) {
    if (c.is_closed()) break;
    res.sent.push_back(fill_lane(fill_placeholders(planned, last), cfg.lane));
    const std::string& bytes = res.sent.back();
    // Kept in `sent` so indexes match the plan, but not sent: over WebSocket
    // it would be an empty message, which is not what the write held.
    if (bytes.empty()) continue;
    if (cfg.rate && !cfg.rate->acquire(cfg.end)) {
      res.sent.pop_back();
      res.cut = true;
      break;
    }
    watch.feed(bytes, oracle);
    c.write(bytes, cfg.clip(cfg.write_timeout));
    res.bytes_sent += bytes.size();
    c.poll();  // whatever is already there, so ACKs can quote a MESSAGE
    judge();
    if (c.is_closed()) res.writes_at_close = res.sent.size();
  }
  c.pump(cfg.quiet, cfg.clip(cfg.drain_max));
  judge();
  if (c.is_closed() && res.writes_at_close == 0) res.writes_at_close = res.sent.size();

  if (ro.disconnect_probe && !c.is_closed() && !oracle.error_at_ms() && strictly_valid(res.sent, ro.version)) {
    const std::string id = "stompspec-fuzz-disconnect";
    const bool slot = !cfg.rate || cfg.rate->acquire(cfg.end);
    if (slot) c.write(serialize(Frame{"DISCONNECT", {{"receipt", id}}, {}}, oracle.negotiated()), cfg.clip(cfg.write_timeout));
    const bool answered = slot && c.wait_for(cfg.until(cfg.probe_timeout), [&](const Received& r) {
      return is_frame(r, "RECEIPT") && r.event.frame.find("receipt-id") && *r.event.frame.find("receipt-id") == id;
    });
    judge();
    if (!answered && !c.is_closed() && (!slot || cfg.over())) res.cut = true;
    else if (!answered && !c.is_closed() && !oracle.error_at_ms())
      res.detections.push_back({Oracle::session_hang, "",
                                fmt::format("after {} valid frames, DISCONNECT with a receipt got neither RECEIPT nor a "
                                            "close within {} ms", res.sent.size(), cfg.probe_timeout.count()),
                                res.sent.size(), c.events().size()});
  }

  if (auto at = oracle.error_at_ms(); at && !c.is_closed()) {
    const double due = *at + static_cast<double>(cfg.error_grace.count());
    if (c.elapsed_ms() < due && ro.wait_error_grace && ro.wait_error_grace(oracle.error_before_connected())) {
      c.wait_for(cfg.until(Millis(static_cast<long>(due - c.elapsed_ms()) + 1)), [](const Received&) { return false; });
      judge();
      if (!c.is_closed() && c.elapsed_ms() < due) res.cut = true;  // the run ended first: not judged
    }
    if (!c.is_closed() && c.elapsed_ms() >= due) {
      const Received& err = c.events()[oracle.error_event()];
      res.detections.push_back({Oracle::open_after_error, oracle.error_before_connected() ? "connecting" : "connected",
                                fmt::format("the connection was still open {:.0f} ms after ERROR ({}), grace {} ms",
                                            c.elapsed_ms() - *at,
                                            err.event.frame.find("message") ? *err.event.frame.find("message") : "no message",
                                            cfg.error_grace.count()),
                                err.after_writes, oracle.error_event()});
    }
  }
  c.close();
  res.negotiated = oracle.connected() ? oracle.negotiated() : ro.version;
  res.events = c.events();
  res.received = c.received();
  res.transcript = std::move(c.transcript());
  return res;
}

std::optional<Detection> probe_broker(const Url& url, const RunConfig& cfg, std::vector<TranscriptEntry>* log) {
  Version v = Version::v1_0;
  for (Version x : cfg.gen.versions) v = std::max(v, x);
  Conn c("probe", url, cfg.transport, v, cfg.limits);
  auto finish = [&](Oracle o, std::string detail) -> std::optional<Detection> {
    c.close();
    if (log) log->insert(log->end(), c.transcript().begin(), c.transcript().end());
    // A wait the run's end cut short proves nothing about the broker.
    if (detail.empty() || cfg.over()) return std::nullopt;
    return Detection{o, "", std::move(detail), 0, static_cast<std::size_t>(-1)};
  };
  if (auto ec = c.open(cfg.clip(cfg.connect_timeout))) return finish(Oracle::broker_down, "a fresh client cannot connect: " + ec.message());
  const long ms = cfg.probe_timeout.count();

  if (cfg.rate && !cfg.rate->acquire(cfg.end)) return finish(Oracle::broker_down, "");
  c.write(serialize(connect_frame(cfg.gen, v), v), cfg.clip(cfg.write_timeout));
  const bool answered = c.wait_for(cfg.until(cfg.probe_timeout), [](const Received& r) {
    return is_frame(r, "CONNECTED") || is_frame(r, "ERROR");
  });
  if (!answered)
    return c.is_closed() ? finish(Oracle::broker_down, "the broker closed a fresh client's connection before CONNECTED (" + c.close_detail() + ")")
                         : finish(Oracle::broker_hang, fmt::format("a fresh client's CONNECT got no answer within {} ms", ms));
  if (is_frame(c.events().back(), "ERROR")) {
    const std::string* m = c.events().back().event.frame.find("message");
    return finish(Oracle::broker_down, "the broker refused a fresh client's CONNECT: " + (m ? *m : std::string("ERROR")));
  }

  const std::string id = "stompspec-fuzz-probe";
  Frame send{"SEND", {{"destination", cfg.gen.topic_prefix + "stompspec-fuzz-probe"}, {"receipt", id}}, "probe"};
  if (cfg.rate && !cfg.rate->acquire(cfg.end)) return finish(Oracle::broker_down, "");
  c.write(serialize(send, v), cfg.clip(cfg.write_timeout));
  const bool receipted = c.wait_for(cfg.until(cfg.probe_timeout), [&](const Received& r) {
    return is_frame(r, "RECEIPT") || is_frame(r, "ERROR");
  });
  if (!receipted)
    return c.is_closed() ? finish(Oracle::broker_down, "the broker closed a fresh client's connection instead of a RECEIPT (" + c.close_detail() + ")")
                         : finish(Oracle::broker_hang, fmt::format("a fresh client's SEND with a receipt got no RECEIPT within {} ms", ms));
  if (!c.is_closed()) {
    for (std::size_t k = 0; k < kFuzzDestinations; ++k) {
      Frame sub{"SUBSCRIBE",
                {{"id", "drain-" + std::to_string(k)}, {"destination", fill_lane(fuzz_destination(cfg.gen, true, k), cfg.lane)}},
                {}};
      c.write(serialize(sub, v), cfg.clip(cfg.write_timeout));
    }
    c.pump(cfg.quiet, cfg.clip(cfg.drain_max));
    c.write(serialize(Frame{"DISCONNECT", {}, {}}, v), cfg.clip(cfg.write_timeout));
  }
  return finish(Oracle::broker_down, "");
}

}  // namespace stompspec::fuzzer
