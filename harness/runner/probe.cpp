#include "runner/probe.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "codec/serializer.hpp"
#include "engine/frames.hpp"
#include "engine/session.hpp"
#include "core/clock.hpp"

namespace stompspec {
namespace {

using nlohmann::json;

std::string token() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return fmt::format("probe{:06x}", rng() & 0xffffff);
}

// One connection of the probe: CONNECT, send frames, wait for the next one.
class Client {
 public:
  Client(const ProbeOptions& o, const std::string& name)
      : o_(o), rec_(log_), s_(name, o.url, options(o), Limits{}, Version::v1_2, rec_) {}

  static TransportOptions options(const ProbeOptions& o) {
    TransportOptions t;
    t.tls = o.base.tls;
    return t;
  }

  // CONNECTED, or nothing (an ERROR, a close or silence).
  std::optional<Frame> connect(Version v, std::vector<std::pair<std::string, std::string>> extra = {},
                               const char* command = "CONNECT") {
    if (s_.open(Millis(3000))) return std::nullopt;
    Variables vars;
    std::string err;
    auto f = build_connect(FrameSpec{}, o_.base, o_.url.host, v, vars, &err);
    if (!f) return std::nullopt;
    f->command = command;
    for (auto& [k, val] : extra) f->set(k, val);
    if (s_.write(serialize(*f, v), Millis(3000))) return std::nullopt;
    auto answer = next();
    if (!answer || answer->command != "CONNECTED") return std::nullopt;
    const std::string* ver = answer->find("version");
    s_.set_version(parse_version(ver ? *ver : std::string("1.0")).value_or(Version::v1_0));
    return answer;
  }
  bool send(Frame f) { return !s_.write(serialize(f, s_.version()), Millis(3000)); }
  std::optional<Frame> next(Millis wait) {
    const auto deadline = Clock::now() + wait;
    for (;;) {
      Observation ob = s_.next(deadline);
      if (ob.kind == Observation::Kind::heartbeat) {
        ++beats_;
        continue;
      }
      if (ob.kind == Observation::Kind::closed) closed_ = true;
      if (ob.kind != Observation::Kind::frame) return std::nullopt;
      return ob.event.frame;
    }
  }
  bool closed() const { return closed_; }
  std::optional<Frame> next() { return next(o_.wait); }
  // Reads for `wait`, counting heart-beats; returns how many came.
  int beats_within(Millis wait) {
    const auto deadline = Clock::now() + wait;
    while (Clock::now() < deadline) {
      Observation ob = s_.next(deadline);
      if (ob.kind == Observation::Kind::heartbeat) ++beats_;
      else if (ob.kind == Observation::Kind::closed) break;
    }
    return beats_;
  }
  Version version() const { return s_.version(); }
  ~Client() { s_.close(Millis(500)); }

 private:
  const ProbeOptions& o_;
  std::vector<TranscriptEntry> log_;
  Recorder rec_;
  Session s_;
  int beats_ = 0;
  bool closed_ = false;
};

Frame frame(std::string command, std::vector<std::pair<std::string, std::string>> headers, std::string body = {}) {
  Frame f{std::move(command), {}, std::move(body)};
  for (auto& [k, v] : headers) f.add(k, v);
  return f;
}

class Probe {
 public:
  explicit Probe(const ProbeOptions& o) : o_(o) {}

  json run() {
    versions();
    if (hv_) {
      stomp_command();
      receipts();
      heartbeats();
      destinations();
      transactions();
      acks();
      nack();
      body_limit();
    }
    return draft();
  }

 private:
  void note(const std::string& key, json value, std::string why) {
    evidence_[key] = why;
    if (o_.progress) o_.progress(fmt::format("{}: {} ({})", key, value.dump(), why));
  }
  void feature(const std::string& key, json value, std::string why) {
    features_[key] = value;
    note(key, std::move(value), std::move(why));
  }
  // Subscribes (with a RECEIPT where there are receipts, else a short pause).
  bool subscribe(Client& c, const std::string& dest, const std::string& id, const std::string& ack = "auto") {
    Frame f = frame("SUBSCRIBE", {{"id", id}, {"destination", dest}, {"ack", ack}});
    if (receipts_) f.add("receipt", "r-" + id);
    if (!c.send(f)) return false;
    if (!receipts_) {
      std::this_thread::sleep_for(Millis(300));
      return true;
    }
    auto r = c.next();
    return r && r->command == "RECEIPT";
  }
  std::optional<Frame> message(Client& c, Millis wait) {
    auto f = c.next(wait);
    return f && f->command == "MESSAGE" ? f : std::nullopt;
  }

  void versions() {
    json offered = json::array();
    std::string why;
    for (Version v : {Version::v1_0, Version::v1_1, Version::v1_2}) {
      Client c(o_, "version");
      auto f = c.connect(v);
      const std::string* got = f ? f->find("version") : nullptr;
      bool ok = f && (v == Version::v1_0 ? (!got || *got == "1.0") : got && *got == to_string(v));
      if (ok) {
        offered.push_back(std::string(to_string(v)));
        hv_ = v;
      }
      why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", to_string(v),
                         ok ? "CONNECTED" : f ? fmt::format("CONNECTED with version '{}'", got ? *got : "") : "no CONNECTED");
    }
    feature("versions", offered, why);
  }

  void stomp_command() {
    if (*hv_ == Version::v1_0) return;
    Client c(o_, "stomp");
    bool ok = c.connect(*hv_, {}, "STOMP").has_value();
    feature("stomp_command", ok, ok ? "the STOMP frame got CONNECTED" : "the STOMP frame got no CONNECTED");
  }

  void receipts() {
    Client c(o_, "receipts");
    c.connect(*hv_);
    c.send(frame("SUBSCRIBE", {{"id", "s1"}, {"destination", o_.base.topic_prefix + token()}, {"receipt", "r1"}}));
    auto r = c.next();
    receipts_ = r && r->command == "RECEIPT";
    feature("receipts", receipts_,
            receipts_ ? "a SUBSCRIBE with a receipt header got its RECEIPT"
                      : fmt::format("no RECEIPT for a SUBSCRIBE within {} ms", o_.wait.count()));
  }

  void heartbeats() {
    if (*hv_ == Version::v1_0) return feature("heartbeats", false, "STOMP 1.0 has no heart-beats");
    Client c(o_, "heartbeats");
    auto f = c.connect(*hv_, {{"heart-beat", "0,500"}});
    long sx = 0;
    if (const std::string* hb = f ? f->find("heart-beat") : nullptr)
      std::from_chars(hb->data(), hb->data() + hb->find(','), sx);
    if (sx <= 0) return feature("heartbeats", false, "CONNECTED heart-beat promises no server beats for 0,500");
    const long every = std::max(sx, 500L);
    if (every > 10000) {
      limits_["heartbeat_tolerance_ms"] = 1000;
      return feature("heartbeats", true, fmt::format("CONNECTED promises beats every {} ms (not waited for)", every));
    }
    int got = c.beats_within(Millis(every * 2 + 1000));
    feature("heartbeats", got > 0,
            fmt::format("CONNECTED heart-beat:{},…; {} beat(s) in {} ms", sx, got, every * 2 + 1000));
  }

  void destinations() {
    const std::string q = o_.base.queue_prefix + token();
    Client a(o_, "a"), b(o_, "b"), p(o_, "p");
    a.connect(*hv_);
    b.connect(*hv_);
    p.connect(*hv_);
    subscribe(a, q, "s1");
    subscribe(b, q, "s1");
    p.send(frame("SEND", {{"destination", q}}, "one"));
    bool to_a = message(a, o_.wait).has_value(), to_b = message(b, Millis(500)).has_value();
    if (to_a && to_b) feature("queues", false, fmt::format("both subscribers of {} got one SEND: it broadcasts", q));
    else if (to_a || to_b) feature("queues", true, fmt::format("one SEND to {} reached exactly one of two subscribers", q));
    else feature("queues", false, fmt::format("nothing sent to {} was delivered", q));
    queues_ = to_a != to_b;

    const std::string t = o_.base.topic_prefix + token();
    subscribe(a, t, "s2");
    subscribe(b, t, "s2");
    p.send(frame("SEND", {{"destination", t}}, "two"));
    bool ta = message(a, o_.wait).has_value(), tb = message(b, Millis(500)).has_value();
    feature("topics", ta && tb, fmt::format("one SEND to {} reached {} of two subscribers", t, int(ta) + int(tb)));

    const std::string own = o_.base.topic_prefix + token();
    subscribe(p, own, "s3");
    p.send(frame("SEND", {{"destination", own}}, "mine"));
    bool mine = message(p, o_.wait).has_value();
    note("sender_receives_own_topic_messages", mine,
         mine ? "a SEND to a topic the sender subscribes to came back to it"
              : "a sender's own topic message did not come back to it (legal either way)");
  }

  void transactions() {
    const std::string t = o_.base.topic_prefix + token();
    Client a(o_, "a"), p(o_, "p");
    a.connect(*hv_);
    p.connect(*hv_);
    subscribe(a, t, "s1");
    p.send(frame("BEGIN", {{"transaction", "tx1"}}));
    p.send(frame("SEND", {{"destination", t}, {"transaction", "tx1"}}, "held"));
    if (message(a, Millis(700)))
      return feature("transactions", false, "a transactional SEND was delivered before its COMMIT");
    p.send(frame("COMMIT", {{"transaction", "tx1"}}));
    bool after = message(a, o_.wait).has_value();
    feature("transactions", after,
            after ? "a transactional SEND was held until COMMIT, then delivered" : "nothing arrived after the COMMIT");
  }

  void acks() {
    json modes = json::array({"auto"});
    std::string why = "auto: the default";
    bool redelivered = false;
    for (const char* mode : {"client", "client-individual"}) {
      if (*hv_ == Version::v1_0 && std::string(mode) != "client") continue;
      const std::string d = (queues_ ? o_.base.queue_prefix : o_.base.topic_prefix) + token();
      Client a(o_, "a"), p(o_, "p");
      a.connect(*hv_);
      p.connect(*hv_);
      if (!subscribe(a, d, "s1", mode)) {
        why += fmt::format("; {}: SUBSCRIBE refused", mode);
        continue;
      }
      p.send(frame("SEND", {{"destination", d}}, "m"));
      auto m = message(a, o_.wait);
      if (!m) {
        why += fmt::format("; {}: no MESSAGE", mode);
        continue;
      }
      const bool has_ack = *hv_ != Version::v1_2 || m->has("ack");
      why += fmt::format("; {}: MESSAGE{}", mode, has_ack ? "" : " without the ack header 1.2 requires");
      if (has_ack) modes.push_back(mode);
      if (queues_ && std::string(mode) == "client") {
        // Unacknowledged, then the subscriber leaves: a queue gives it to the next.
        a.send(frame("DISCONNECT", {}));
        Client c(o_, "c");
        c.connect(*hv_);
        subscribe(c, d, "s2");
        redelivered = message(c, o_.wait).has_value();
      }
    }
    feature("ack_modes", modes, why);
    ack_modes_ = modes;
    if (queues_)
      feature("redelivery", redelivered,
              redelivered ? "an unacknowledged client-mode message went to the next subscriber"
                          : "an unacknowledged client-mode message was not redelivered");
    else
      feature("redelivery", false, "no queues to redeliver on");
  }

  // NACK of one message on a client-individual (else client) subscription:
  // an ERROR or a close says the broker has no NACK; otherwise where the
  // message went is the evidence (again to the subscriber, to the next one,
  // or nowhere: dropping or dead-lettering a NACKed message is legal).
  void nack() {
    if (*hv_ == Version::v1_0) return feature("nack", false, "STOMP 1.0 has no NACK");
    std::string mode = contains_mode("client-individual") ? "client-individual" : contains_mode("client") ? "client" : "";
    if (mode.empty()) return feature("nack", false, "no client or client-individual subscription to NACK a message on");
    const std::string d = (queues_ ? o_.base.queue_prefix : o_.base.topic_prefix) + token();
    Client a(o_, "a"), p(o_, "p");
    a.connect(*hv_);
    p.connect(*hv_);
    subscribe(a, d, "s1", mode);
    p.send(frame("SEND", {{"destination", d}}, "nack-me"));
    auto m = message(a, o_.wait);
    if (!m) return feature("nack", false, fmt::format("no MESSAGE on a {} subscription to NACK", mode));
    Frame n = frame("NACK", {});
    const std::string* id = m->find(*hv_ == Version::v1_2 ? "ack" : "message-id");
    n.add("id", id ? *id : "");
    if (*hv_ == Version::v1_1) n.add("subscription", "s1");
    if (receipts_) n.add("receipt", "r-nack");
    a.send(n);
    const std::string what = fmt::format("NACK of a {} MESSAGE", mode);
    // The RECEIPT and a redelivery may come in either order.
    bool receipt = false, again = false;
    const auto deadline = Clock::now() + o_.wait * 2;
    while (Clock::now() < deadline && !(again && (receipt || !receipts_))) {
      auto f = a.next(std::chrono::duration_cast<Millis>(deadline - Clock::now()));
      if (!f) break;
      if (f->command == "ERROR") {
        const std::string* msg = f->find("message");
        return feature("nack", false, fmt::format("{} got ERROR '{}'", what, msg ? msg->substr(0, 80) : ""));
      }
      receipt = receipt || f->command == "RECEIPT";
      again = again || (f->command == "MESSAGE" && f->body == "nack-me");
    }
    if (a.closed()) return feature("nack", false, what + " closed the connection");
    if (receipts_ && !receipt)
      return feature("nack", false, fmt::format("{} got no RECEIPT within {} ms", what, (o_.wait * 2).count()));
    const std::string ok = what + (receipts_ ? " got its RECEIPT" : " got no ERROR and no close");
    if (again) return feature("nack", true, ok + "; the message came again to the same subscriber");
    if (queues_) {
      a.send(frame("DISCONNECT", {}));
      Client c(o_, "c");
      c.connect(*hv_);
      subscribe(c, d, "s2");
      if (auto next = message(c, o_.wait); next && next->body == "nack-me")
        return feature("nack", true, ok + "; the message went to the next subscriber");
    }
    feature("nack", true, ok + "; the message was not delivered again (dropped or dead-lettered: legal)");
  }
  bool contains_mode(const char* mode) const {
    return std::find(ack_modes_.begin(), ack_modes_.end(), json(mode)) != ack_modes_.end();
  }

  // One SEND of a `size`-octet body to a fresh subscriber: "" when it came
  // back whole, else what happened instead.
  std::string body_refused(std::size_t size) {
    const std::string d = (queues_ ? o_.base.queue_prefix : o_.base.topic_prefix) + token();
    Client a(o_, "a"), p(o_, "p");
    a.connect(*hv_);
    p.connect(*hv_);
    subscribe(a, d, "s1");
    p.send(frame("SEND", {{"destination", d}, {"content-length", std::to_string(size)}}, std::string(size, 'x')));
    // Watches both ends, so that an ERROR to the sender ends the wait at once.
    const auto deadline = Clock::now() + Millis(o_.wait.count() * 2 + static_cast<long>(size >> 20) * 100);
    while (Clock::now() < deadline) {
      if (auto m = message(a, Millis(100))) return m->body.size() == size ? "" : fmt::format("cut to {} octets", m->body.size());
      if (auto e = p.next(Millis(1)); e && e->command == "ERROR") {
        const std::string* msg = e->find("message");
        return fmt::format("ERROR '{}'", msg ? msg->substr(0, 60) : "");
      }
      if (p.closed()) break;
    }
    return p.closed() ? "the sender's connection closed" : "not delivered";
  }

  // Bounded search for the largest body delivered whole: x4 steps from
  // 64 KiB to a 16 MiB cap, then halving the gap between the largest
  // accepted and the smallest refused down to 1 KiB (or 1/1024), all
  // within ~25 s: an ERROR answers at once, a silent drop costs 2 waits.
  void body_limit() {
    constexpr std::size_t kCap = std::size_t{16} << 20;
    const auto budget_end = Clock::now() + std::chrono::seconds(25);
    std::size_t ok = 0, refused = 0;
    std::string why, tried;
    int sends = 0;
    for (std::size_t size = std::size_t{64} << 10; size <= kCap && Clock::now() < budget_end; size *= 4) {
      ++sends;
      if (std::string r = body_refused(size); !r.empty()) {
        refused = size;
        why = r;
        break;
      }
      ok = size;
    }
    if (!refused) {
      limits_["max_body_size"] = 0;
      return note("max_body_size", 0,
                  fmt::format("bodies up to {} octets were delivered whole in {} SENDs (0: no limit found up to the "
                              "{} MiB cap)", ok, sends, kCap >> 20));
    }
    for (int step = 0; step < 12 && refused - ok > std::max<std::size_t>(1024, ok / 1024) && Clock::now() < budget_end;
         ++step) {
      const std::size_t mid = ok + (refused - ok) / 2;
      ++sends;
      if (std::string r = body_refused(mid); !r.empty()) {
        refused = mid;
        why = r;
      } else {
        ok = mid;
      }
    }
    limits_["max_body_size"] = static_cast<long long>(ok);
    note("max_body_size", static_cast<long long>(ok),
         fmt::format("largest body delivered whole: {} octets; smallest refused: {} octets ({}); {} SENDs", ok,
                     refused, why, sends));
  }

  json draft() const {
    const std::string date = clock::utc_date();
    json p = {{"name", "probed-" + o_.url.host},
              {"description", fmt::format("Drafted by stompspec probe on {} against {}. Review it: the probe finds "
                                          "what the broker offers; its deviations are a person's judgement.",
                                          date, o_.url.str())},
              {"urls", {{o_.url.transport_name(), o_.url.str()}}},
              {"destinations", {{"queue", o_.base.queue_prefix}, {"topic", o_.base.topic_prefix}}},
              {"features", features_},
              {"limits", limits_},
              {"evidence", evidence_}};
    if (o_.base.login) p["login"] = *o_.base.login;
    if (o_.base.host) p["host"] = *o_.base.host;
    if (!hv_) p["evidence"]["probe"] = "no CONNECT was answered with CONNECTED: check the URL and credentials";
    return p;
  }

  const ProbeOptions& o_;
  std::optional<Version> hv_;
  bool receipts_ = false, queues_ = false;
  json ack_modes_ = json::array();
  json features_ = json::object(), limits_ = json::object(), evidence_ = json::object();
};

}  // namespace

json probe_broker_profile(const ProbeOptions& o) { return Probe(o).run(); }

}  // namespace stompspec
