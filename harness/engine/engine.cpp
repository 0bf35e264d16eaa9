#include "engine/engine.hpp"

#include <charconv>
#include <map>
#include <set>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "engine/expect.hpp"
#include "engine/expect_group.hpp"
#include "engine/frames.hpp"
#include "engine/session.hpp"
#include "scenario/matchers.hpp"
#include "core/template_text.hpp"

namespace stompspec {
namespace {

int severity(Status s) {
  switch (s) {
    case Status::error: return 4;
    case Status::fail: return 3;
    case Status::warn: return 2;
    case Status::info: return 1;
    default: return 0;
  }
}

std::pair<long, long> parse_heartbeat(const std::string* v) {
  long a = 0, b = 0;
  if (!v) return {0, 0};
  auto comma = v->find(',');
  if (comma == std::string::npos) return {0, 0};
  std::from_chars(v->data(), v->data() + comma, a);
  std::from_chars(v->data() + comma + 1, v->data() + v->size(), b);
  return {a, b};
}

class CaseRun {
 public:
  CaseRun(const Case& c, const CaseContext& ctx, CaseResult& res)
      : c_(c), ctx_(ctx), res_(res), rec_(res.transcript, ctx.transcript_caps),
        vars_(Naming{ctx.profile->queue_prefix, ctx.profile->topic_prefix, ctx.unique,
                     ctx.profile->offers("queues", nullptr) ? ctx.profile->queue_prefix : ctx.profile->topic_prefix}) {
    const Profile& p = *ctx.profile;
    vars_.set("version", std::string(to_string(ctx.version)));
    vars_.set("host", p.host.value_or(ctx.url.host));
    if (p.login) vars_.set("login", *p.login);
    if (p.passcode) vars_.set("passcode", *p.passcode);
    for (const auto& [k, v] : p.limits.items())
      if (v.is_number_integer()) vars_.set("limit." + k, std::to_string(v.get<long long>()));
    TransportOptions topt = ctx.transport_options;
    if (!c.offer_subprotocols) topt.subprotocols.clear();
    else if (!c.subprotocols.empty()) topt.subprotocols = c.subprotocols;
    for (const auto& name : c.clients) {
      sessions_[name] = std::make_unique<Session>(name, ctx.url, topt, ctx.limits, ctx.version, rec_);
      sessions_[name]->set_audit(&audit_);
    }
  }

  void run() {
    bool completed = true;
    for (const Step& step : c_.steps) {
      step_ = &step;
      if (!execute(step)) {
        completed = false;
        break;
      }
    }
    if (completed) settle_failed_writes();
    for (auto& [_, s] : sessions_) s->close(Millis(1000));
    apply_findings();
  }

 private:
  // The step's client; its name may be a ${variable} (expect_one_client's capture_client).
  Session* session(const std::string& client, std::string* err) {
    auto name = vars_.expand(client, err);
    if (!name) return nullptr;
    auto it = sessions_.find(*name);
    if (it != sessions_.end()) return it->second.get();
    *err = fmt::format("client '{}' (from '{}') is not one of the case's clients", *name, client);
    return nullptr;
  }

  // Records a verdict; returns false when the case must stop here.
  bool verdict(Status st, std::string message, std::string expected = {}, std::string actual = {}) {
    if (severity(st) > severity(res_.status)) {
      res_.status = st;
      res_.message = fmt::format("{} ({})", message, step_->src.str());
      res_.source = step_->src.str();
      res_.expected = std::move(expected);
      res_.actual = std::move(actual);
      if (st != Status::error) res_.level = step_->level.value_or(c_.level);
    }
    return st == Status::pass || st == Status::warn || st == Status::info;
  }
  bool broken(std::string message, std::string expected = {}, std::string actual = {}) {
    Status st = status_for_level(step_->level.value_or(c_.level), ctx_.strict);
    verdict(st, std::move(message), std::move(expected), std::move(actual));
    return false;  // a broken step leaves nothing sound to build on
  }
  // A ${variable} captured from a header the broker left out is the
  // broker's failure, not a scenario mistake.
  bool harness_error(std::string message) {
    if (vars_.take_absent_hit()) return broken(std::move(message));
    verdict(Status::error, std::move(message));
    return false;
  }

  // A rule broken by some frame, whatever the case looked at (audit.hpp).
  void apply_findings() {
    if (res_.status == Status::error || res_.status == Status::skip) return;
    for (const Finding& f : audit_.findings()) {
      Status st = status_for_level(f.level, ctx_.strict);
      if (severity(st) <= severity(res_.status)) continue;
      res_.status = st;
      res_.level = f.level;
      res_.message = fmt::format("{} [checked on every frame; {} {}; client '{}']", f.what, f.level, f.requirement, f.client);
      res_.expected = fmt::format("every frame keeps {}", f.requirement);
      res_.source = c_.src.str();
      res_.actual = f.what;
    }
  }

  bool skip(std::string why) {
    res_.status = Status::skip;
    res_.message = fmt::format("{} ({})", why, step_->src.str());
    return false;
  }

  bool ensure_open(Session& s) {
    if (s.opened()) return true;
    if (auto ec = s.open(ctx_.connect_timeout); ec)
      return harness_error(fmt::format("cannot connect to {}: {}", ctx_.url.str(), s.open_failure()));
    vars_.set("subprotocol", s.subprotocol());
    return true;
  }

  // A write that fails because the broker closed is not a verdict yet: the
  // case's own expectations may foresee the close (an ERROR for a frame over
  // a size limit). Only a close nobody expected fails, at the next write on
  // that client or at the end of the case.
  bool write(Session& s, std::string_view octets, bool may_fail) {
    auto ec = s.write(octets, ctx_.expect_timeout);
    if (!ec || may_fail) return true;
    // The transport cannot carry these octets at all (SockJS: JSON strings, so
    // UTF-8 only): the case does not apply here; no verdict on the broker.
    if (ec == std::errc::illegal_byte_sequence)
      return skip(fmt::format("{} cannot carry this case's octets (SockJS carries UTF-8 text only)", ctx_.transport));
    if (ec != TransportErrc::timed_out && !s.close_observed() && failed_writes_.insert(&s).second) {
      rec_.event(s.name(), "the write failed; the next expectations decide whether the broker was allowed to close");
      return true;
    }
    return failed_write(s, ec);
  }

  bool failed_write(Session& s, std::error_code ec) {
    std::string got = drain(s);
    return broken(fmt::format("could not send to the broker: {}; it had sent: {}", ec.message(), got),
                  "the broker to read the frame", got);
  }

  void settle_failed_writes() {
    for (Session* s : failed_writes_)
      if (!s->close_observed() && !failed_write(*s, s->write_error())) return;
  }

  // What a session still has to say, for a message: frames up to its close.
  static std::string drain(Session& s) {
    std::vector<std::string> seen;
    auto until = Clock::now() + Millis(1000);
    for (;;) {
      Observation ob = s.next(until);
      if (ob.kind == Observation::Kind::timeout) break;
      if (ob.kind == Observation::Kind::heartbeat) continue;
      seen.push_back(ob.describe());
      if (ob.kind == Observation::Kind::closed) break;
    }
    return seen.empty() ? "nothing more" : fmt::format("{}", fmt::join(seen, ", then "));
  }

  ExpectTimes times() const {
    return {ctx_.expect_timeout, Millis(ctx_.profile->silence_ms), Millis(ctx_.profile->after_error_ms)};
  }

  bool expect(Session& s, const std::vector<Outcome>& outcomes, const std::string& what) {
    ExpectResult r = expect_outcomes(s, outcomes, vars_, times());
    if (!r.error.empty()) return harness_error(r.error);
    if (!r.matched) return broken(fmt::format("{}: {}", what, r.why.empty() ? "no acceptable outcome" : r.why),
                                  r.expected, r.actual);
    if (r.matched->verdict == Status::pass) return true;
    Status st = r.matched->verdict;
    if (st == Status::warn && ctx_.strict) st = Status::fail;
    return verdict(st, fmt::format("{}: outcome '{}'{}", what, r.matched->name,
                                   r.matched->note.empty() ? "" : " — " + r.matched->note),
                   r.expected, r.actual);
  }

  // An expectation on a client that never opened its connection is a scenario mistake.
  bool connected_for_expect(const Session& s) {
    return s.opened() || harness_error(fmt::format("client '{}' expects before it connects", s.name()));
  }

  bool group_verdict(const GroupResult& r, const std::string& what) {
    if (!r.error.empty()) return harness_error(r.error);
    if (!r.ok) return broken(fmt::format("{}: {}", what, r.why), r.expected, r.actual);
    return true;
  }

  Millis timeout_of(int step_ms) const { return step_ms >= 0 ? Millis(step_ms) : ctx_.expect_timeout; }

  bool unordered(const steps::Unordered& st, Session& s) {
    return group_verdict(expect_unordered(s, st.matchers, vars_, timeout_of(st.timeout_ms)),
                         fmt::format("expected {} frames in any order", st.matchers.size()));
  }

  bool one_client(const steps::OneClient& st) {
    std::vector<Session*> listed;
    for (const auto& name : st.clients) {
      Session& s = *sessions_.at(name);
      if (!connected_for_expect(s)) return false;
      listed.push_back(&s);
    }
    Millis silence(st.silence_ms >= 0 ? st.silence_ms : ctx_.profile->silence_ms);
    GroupResult r = expect_one_client(listed, st.matcher, vars_, timeout_of(st.timeout_ms), silence);
    if (!group_verdict(r, "expected exactly one client to receive it")) return false;
    rec_.event(r.winner, "this client received the frame (expect_one_client)");
    if (!st.capture_client.empty()) vars_.set(st.capture_client, r.winner);
    return true;
  }

  // A RECEIPT whose receipt-id is `id` (already expanded). With `lingering`,
  // a close instead is legal too: the broker may reset the socket before the
  // RECEIPT of a DISCONNECT reaches us (STOMP 1.2 Connection Lingering).
  bool expect_receipt(Session& s, const std::string& id, bool lingering = false) {
    FrameMatcher m;
    m.command = "RECEIPT";
    m.headers.push_back({"receipt-id", ValueMatcher::equal_to(escape_template(id))});
    std::vector<Outcome> outcomes{Outcome{"RECEIPT", {{Expectation::Kind::frame, m, -1}}, Status::pass, {}}};
    if (lingering) {
      Expectation reset{Expectation::Kind::closed, {}, -1};
      reset.close_how = "reset";
      outcomes.push_back(Outcome{"reset without RECEIPT", {reset}, Status::pass,
                                 "the RECEIPT may be lost when the broker resets the connection (1.2 Connection Lingering)"});
      // The cases about DISCONNECT judge a clean close without the RECEIPT;
      // this closing step of every other case does not charge it again.
      Expectation clean{Expectation::Kind::closed, {}, -1};
      clean.close_how = "clean";
      outcomes.push_back(Outcome{"closed without RECEIPT", {clean}, Status::pass,
                                 "judged by the DISCONNECT cases (stomp12/disconnect), not by this closing step"});
    }
    return expect(s, outcomes, "RECEIPT for " + id);
  }

  bool connect(const steps::Connect& st, Session& s) {
    std::string err;
    auto f = build_connect(st.frame, *ctx_.profile, ctx_.url.host, ctx_.version, vars_, &err);
    if (!f) return harness_error(err);
    if (!write(s, to_wire(*f, st.frame, ctx_.version), false)) return false;
    if (!st.await_connected) return true;
    FrameMatcher m;
    if (st.connected) m = *st.connected;
    else {
      m.command = "CONNECTED";
      if (ctx_.version != Version::v1_0) m.headers.push_back({"version", ValueMatcher::equal_to("${version}")});
    }
    // Capture what CONNECTED said, to switch version and heart-beats.
    vars_.set("connected.version", "");
    vars_.set("connected.heart-beat", "");
    m.headers.push_back({"version", ValueMatcher::capture_into("connected.version")});
    m.headers.push_back({"heart-beat", ValueMatcher::capture_into("connected.heart-beat")});
    if (!expect(s, {Outcome{"CONNECTED", {{Expectation::Kind::frame, m, -1}}, Status::pass, {}}}, "CONNECT")) return false;
    const std::string* ver = vars_.get("connected.version");
    // accept-version:1.0 (profile accept_version_1_0) offers 1.0 alone: the
    // session must run as 1.0 (1.1/1.2 Protocol Negotiation: the highest
    // version both share), or the 1.0 instance would silently test another.
    if (const auto* offered = f->find("accept-version");
        !st.connected && ctx_.version == Version::v1_0 && offered && *offered == "1.0" && ver && !ver->empty() &&
        *ver != "1.0")
      return broken(fmt::format("CONNECT offered only 1.0 (accept-version:1.0), CONNECTED says version:{}", *ver),
                    "CONNECTED with version:1.0 or without version", "version:" + *ver);
    s.set_version(parse_version(ver ? *ver : std::string()).value_or(Version::v1_0));
    auto [cx, cy] = parse_heartbeat(f->find("heart-beat"));
    auto [sx, sy] = parse_heartbeat(vars_.get("connected.heart-beat"));
    long client_ms = cx > 0 && sy > 0 ? std::max(cx, sy) : 0;
    long server_ms = cy > 0 && sx > 0 ? std::max(cy, sx) : 0;
    // The negotiated intervals (STOMP 1.2 Heart-beating), for later steps.
    vars_.set("heartbeat.client_ms", std::to_string(client_ms));
    vars_.set("heartbeat.server_ms", std::to_string(server_ms));
    if (st.heart_beat && client_ms > 0) s.set_heartbeat(Millis(client_ms));
    return true;
  }

  bool send(const steps::Send& st, Session& s) {
    std::string err;
    auto f = build_frame(st.frame, vars_, &err);
    if (!f) return harness_error(err);
    std::string receipt = *vars_.expand(fmt::format("${{uid:receipt-{}}}", ++receipt_seq_), &err);
    const std::string barrier = ctx_.profile->barrier();
    if (st.receipt && barrier == "receipt") f->set("receipt", receipt);
    if (!write(s, to_wire(*f, st.frame, s.version()), st.may_fail)) return false;
    if (!st.receipt) return true;
    if (barrier == "receipt") return expect_receipt(s, receipt);
    if (barrier == "subscription") return marker_barrier(s);
    s.pump(Clock::now() + Millis(ctx_.profile->settle_ms));
    return true;
  }

  // The receipt-less barrier: once per connection a SUBSCRIBE to a private
  // topic, then per barrier a marker SEND to it; when the marker MESSAGE is
  // back, a broker that handles a connection's frames in order has processed
  // every frame before it. Markers never reach the case's expectations
  // (Session::hide_messages). The barrier itself judges nothing: an ERROR or
  // a close ends it early and is left to the case's next expectation; a
  // marker that never comes is logged and the case goes on, as after settle_ms.
  bool marker_barrier(Session& s) {
    if (s.write_error() || s.closed()) return true;
    std::string err;
    auto& b = barriers_[&s];
    if (b.subscription.empty()) {
      b.subscription = *vars_.expand(fmt::format("${{uid:barrier-{}}}", s.name()), &err);
      b.destination = ctx_.profile->topic_prefix + b.subscription;
      s.hide_messages(b.subscription, b.destination);
      Frame sub{"SUBSCRIBE", {}, {}};
      sub.add("id", b.subscription);
      sub.add("destination", b.destination);
      sub.add("ack", "auto");
      rec_.event(s.name(), "barrier: subscribing to a private topic (the profile's barrier is 'subscription')");
      if (s.write(to_wire(sub, {}, s.version()), ctx_.expect_timeout)) return true;
    }
    std::string token = fmt::format("{}-{}", b.subscription, ++b.seq);
    Frame marker{"SEND", {}, {}};
    marker.add("destination", b.destination);
    marker.add("stompspec-marker", token);
    if (s.write(to_wire(marker, {}, s.version()), ctx_.expect_timeout)) return true;
    switch (s.await_marker(token, Clock::now() + ctx_.expect_timeout)) {
      case Session::MarkerEnd::arrived: rec_.event(s.name(), "barrier: the marker came back"); break;
      case Session::MarkerEnd::error: rec_.event(s.name(), "barrier: an ERROR came first; left to the case"); break;
      case Session::MarkerEnd::closed: rec_.event(s.name(), "barrier: the connection closed; left to the case"); break;
      case Session::MarkerEnd::timeout:
        rec_.event(s.name(), fmt::format("barrier: no marker within {} ms; going on", ctx_.expect_timeout.count()));
        break;
    }
    return true;
  }

  bool raw(const steps::Raw& st, Session& s) {
    std::string err;
    for (std::size_t i = 0; i < st.chunks.size(); ++i) {
      auto octets = build_body(st.chunks[i], vars_, &err);
      if (!octets) return harness_error(err);
      if (i > 0 && st.gap_ms > 0) std::this_thread::sleep_for(Millis(st.gap_ms));
      if (!write(s, *octets, st.may_fail)) return false;
      if (s.write_error()) return true;  // the rest cannot go out; what follows judges the close
    }
    return true;
  }

  // Counts server heart-beats; any gap longer than the interval plus the
  // profile's tolerance breaks the step. Frames count as data too.
  bool heartbeats(const steps::Heartbeats& st, Session& s) {
    std::string err;
    auto every_text = vars_.expand(st.every_ms, &err);
    if (!every_text) return harness_error(err);
    long every = std::atol(every_text->c_str());
    if (every <= 0) return broken(fmt::format("no server heart-beat was negotiated (interval '{}')", *every_text),
                                  "a positive negotiated server interval", *every_text);
    long tolerance = ctx_.profile->limit("heartbeat_tolerance_ms", 1000);
    // A broker whose minimum beat is a minute must not hold the run for three.
    if (long need = (every + tolerance) * st.beats; need > ctx_.profile->max_wait_ms)
      return skip(fmt::format("counting {} server heart-beats {} ms apart would take up to {} ms, over the profile's "
                              "max_wait_ms ({} ms)", st.beats, every, need, ctx_.profile->max_wait_ms));
    auto allowed = Millis(every + tolerance);
    auto last = Clock::now();
    std::vector<long> gaps;
    for (int got = 0; got < st.beats;) {
      Observation ob = s.next(last + allowed);
      auto now = Clock::now();
      long gap = static_cast<long>(std::chrono::duration_cast<Millis>(now - last).count());
      std::string expected = fmt::format("{} heart-beats, at most {} ms apart ({} + {} tolerance)", st.beats,
                                         every + tolerance, every, tolerance);
      if (ob.kind == Observation::Kind::timeout || ob.kind == Observation::Kind::closed ||
          ob.kind == Observation::Kind::malformed)
        return broken(fmt::format("heart-beat {} of {} did not come in time", got + 1, st.beats), expected,
                      fmt::format("{} after {} ms (gaps so far: {})", ob.describe(), gap, fmt::join(gaps, ", ")));
      if (ob.kind == Observation::Kind::heartbeat) ++got;
      gaps.push_back(gap);
      last = now;
    }
    rec_.event(s.name(), fmt::format("heart-beat gaps (ms): {}", fmt::join(gaps, ", ")));
    return true;
  }

  bool subprotocol(const steps::Subprotocol& st, Session& s) {
    std::map<std::string, std::string> captures;
    std::string picked = s.subprotocol();
    MatchResult m = match_value(st.matcher, &picked, vars_, captures);
    if (!m.error.empty()) return harness_error(m.error);
    if (!m.matched) return broken("WebSocket subprotocol " + m.mismatch, st.matcher.describe(), "'" + picked + "'");
    return true;
  }

  bool disconnect(const steps::Disconnect& st, Session& s) {
    // An outcome the case accepted has already seen the broker close: there
    // is nothing left to disconnect.
    if (s.close_observed()) {
      rec_.event(s.name(), "no DISCONNECT: the broker had closed the connection (an accepted outcome)");
      return true;
    }
    Frame f{"DISCONNECT", {}, {}};
    std::string err;
    const std::string receipt = *vars_.expand("${uid:disconnect}", &err);
    bool want = st.receipt && ctx_.profile->offers("receipts", nullptr);
    if (want) f.add("receipt", receipt);
    if (!write(s, to_wire(f, {}, s.version()), false)) return false;
    bool ok = !want || expect_receipt(s, receipt, true);
    s.close(Millis(1000));
    return ok;
  }

  bool execute(const Step& st) {
    std::string err;
    Session* sp = session(st.client, &err);
    if (!sp) return harness_error(err);
    Session& s = *sp;
    return std::visit([&](const auto& action) { return run(action, s); }, st.action);
  }

  // One overload per step kind (scenario/model.hpp steps::).
  bool run(const steps::Open& a, Session& s) {
    if (s.opened() || !a.if_refused) return ensure_open(s);
    auto ec = s.open(ctx_.connect_timeout);
    if (!ec) {
      vars_.set("subprotocol", s.subprotocol());
      return true;
    }
    // Only an answered refusal is the server's choice; a timeout or a reset is not.
    if (ec != TransportErrc::handshake_failed)
      return harness_error(fmt::format("cannot connect to {}: {}", ctx_.url.str(), s.open_failure()));
    res_.status = *a.if_refused;
    res_.message = fmt::format("the server refused the WebSocket handshake ({}), which RFC 6455 4.2.2 allows; "
                               "the requirement binds an accepted handshake only ({})",
                               s.open_failure(), step_->src.str());
    return false;
  }
  bool run(const steps::Connect& a, Session& s) { return ensure_open(s) && connect(a, s); }
  bool run(const steps::Send& a, Session& s) { return ensure_open(s) && send(a, s); }
  bool run(const steps::Raw& a, Session& s) { return ensure_open(s) && raw(a, s); }
  bool run(const steps::Expect& a, Session& s) {
    return connected_for_expect(s) &&
           expect(s, a.outcomes, a.outcomes.size() == 1 ? "expected " + a.outcomes[0].name : "expected one of the outcomes");
  }
  bool run(const steps::Unordered& a, Session& s) { return connected_for_expect(s) && unordered(a, s); }
  bool run(const steps::OneClient& a, Session&) { return one_client(a); }
  bool run(const steps::Wait& a, Session&) {
    auto until = Clock::now() + Millis(a.ms);
    for (auto& [_, other] : sessions_) other->pump(until);
    if (Clock::now() < until) std::this_thread::sleep_until(until);
    return true;
  }
  bool run(const steps::Disconnect& a, Session& s) { return ensure_open(s) && disconnect(a, s); }
  bool run(const steps::Close&, Session& s) {
    s.close(Millis(1000));
    return true;
  }
  bool run(const steps::Heartbeats& a, Session& s) { return ensure_open(s) && heartbeats(a, s); }
  bool run(const steps::Subprotocol& a, Session& s) { return ensure_open(s) && subprotocol(a, s); }

  const Case& c_;
  const CaseContext& ctx_;
  CaseResult& res_;
  Recorder rec_;
  Variables vars_;
  FrameAudit audit_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::set<Session*> failed_writes_;
  struct Barrier {
    std::string subscription, destination;
    int seq = 0;
  };
  std::map<const Session*, Barrier> barriers_;
  const Step* step_ = nullptr;
  int receipt_seq_ = 0;
};

}  // namespace

CaseResult run_case(const Case& c, const CaseContext& ctx) {
  CaseResult res;
  res.id = c.id;
  res.title = c.title;
  res.version = std::string(to_string(ctx.version));
  res.transport = ctx.transport;
  res.level = c.level;
  res.refs = c.refs;
  res.requirements = c.requirements;
  auto start = Clock::now();
  try {
    CaseRun run(c, ctx, res);
    run.run();
  } catch (const std::exception& e) {
    // Only a harness bug gets here; the case reports it instead of ending the run.
    res.status = Status::error;
    res.message = fmt::format("internal error: {}", e.what());
  }
  res.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return res;
}

}  // namespace stompspec
