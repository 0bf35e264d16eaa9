#include "fuzzer/generator.hpp"

#include "fuzzer/rng.hpp"
#include "fuzzer/wire.hpp"

namespace stompspec::fuzzer {
namespace {

struct Sub {
  std::string id;
  std::string destination;
};

// What a well-behaved client would send next, given what it did so far.
class Model {
 public:
  Model(const GenOptions& o, Version v, Rng& rng) : o_(o), v_(v), rng_(rng) {}

  Frame connect() {
    Frame f{v_ != Version::v1_0 && rng_.chance(20) ? "STOMP" : "CONNECT", {}, {}};
    if (v_ != Version::v1_0) {
      f.add("accept-version", std::string(to_string(v_)));
      f.add("host", o_.host.value_or("/"));
    }
    if (o_.login) f.add("login", *o_.login);
    if (o_.passcode) f.add("passcode", *o_.passcode);
    if (v_ != Version::v1_0) f.add("heart-beat", "0,0");
    return f;
  }

  // Frames that a broker must refuse before CONNECT; each asks for a receipt,
  // so an acceptance shows.
  Frame before_connect() {
    switch (rng_.below(3)) {
      case 0: return with_receipt({"SEND", {{"destination", destination()}}, "before-connect"});
      case 1: return with_receipt({"SUBSCRIBE", {{"id", "s0"}, {"destination", destination()}}, {}});
      default: return with_receipt({"BEGIN", {{"transaction", "tx0"}}, {}});
    }
  }

  Frame next() {
    const std::size_t roll = rng_.below(100);
    Frame f;
    if (roll < 20) f = subscribe();
    else if (roll < 52) f = send();
    else if (roll < 60) f = ack("ACK");
    else if (roll < 65) f = v_ == Version::v1_0 ? send() : ack("NACK");
    else if (roll < 72) f = begin();
    else if (roll < 84) f = end_transaction();
    else f = unsubscribe();
    return rng_.chance(30) ? with_receipt(std::move(f)) : f;
  }

  Frame disconnect() {
    Frame f{"DISCONNECT", {}, {}};
    return rng_.chance(70) ? with_receipt(std::move(f)) : f;
  }

 private:
  std::string destination() { return fuzz_destination(o_, rng_.chance(40), rng_.below(kFuzzDestinations)); }
  std::string seq(const char* prefix) { return prefix + std::to_string(++seq_); }

  Frame with_receipt(Frame f) {
    f.add("receipt", seq("r"));
    return f;
  }

  Frame subscribe() {
    Frame f{"SUBSCRIBE", {}, {}};
    Sub s{seq("s"), destination()};
    if (v_ != Version::v1_0 || rng_.chance(70)) f.add("id", s.id);
    f.add("destination", s.destination);
    const std::size_t mode = rng_.below(10);
    if (mode >= 8 && v_ != Version::v1_0) f.add("ack", "client-individual");
    else if (mode >= 6) f.add("ack", "client");
    else if (mode >= 4) f.add("ack", "auto");
    subs_.push_back(std::move(s));
    return f;
  }

  Frame send() {
    Frame f{"SEND", {}, {}};
    // Mostly where a subscription listens, so MESSAGE frames flow back.
    f.add("destination", !subs_.empty() && rng_.chance(70) ? rng_.pick(subs_).destination : destination());
    if (rng_.chance(30)) f.add("content-type", "text/plain");
    if (rng_.chance(30)) f.add(seq("x-fuzz-"), rng_.text(rng_.between(0, 16)));
    if (!txs_.empty() && rng_.chance(30)) f.add("transaction", rng_.pick(txs_));
    f.body = rng_.chance(15) ? std::string() : rng_.text(rng_.between(1, 64));
    return f;
  }

  Frame ack(const char* command) {
    Frame f{command, {}, {}};
    if (v_ == Version::v1_2) {
      f.add("id", std::string(kAckPlaceholder));
    } else {
      f.add("message-id", std::string(kMessageIdPlaceholder));
      if (v_ == Version::v1_1) f.add("subscription", std::string(kSubscriptionPlaceholder));
    }
    if (!txs_.empty() && rng_.chance(30)) f.add("transaction", rng_.pick(txs_));
    return f;
  }

  Frame begin() {
    txs_.push_back(seq("tx"));
    return {"BEGIN", {{"transaction", txs_.back()}}, {}};
  }

  Frame end_transaction() {
    Frame f{rng_.chance(60) ? "COMMIT" : "ABORT", {}, {}};
    if (txs_.empty() || rng_.chance(15)) {
      f.add("transaction", seq("tx-unknown-"));
    } else {
      const std::size_t i = rng_.below(txs_.size());
      f.add("transaction", txs_[i]);
      txs_.erase(txs_.begin() + static_cast<long>(i));
    }
    return f;
  }

  Frame unsubscribe() {
    Frame f{"UNSUBSCRIBE", {}, {}};
    if (subs_.empty() || rng_.chance(15)) {
      f.add("id", seq("s-unknown-"));
      return f;
    }
    const std::size_t i = rng_.below(subs_.size());
    f.add("id", subs_[i].id);
    subs_.erase(subs_.begin() + static_cast<long>(i));
    return f;
  }

  const GenOptions& o_;
  Version v_;
  Rng& rng_;
  std::vector<Sub> subs_;
  std::vector<std::string> txs_;
  std::size_t seq_ = 0;
};

Write make_write(const Frame& f, Version v, unsigned mutate_percent, Rng& rng, const GenOptions& o) {
  Write w;
  w.command = f.command;
  WireFrame wire = to_wire(f, v);
  if (!rng.chance(mutate_percent)) {
    w.bytes = render(wire);
    return w;
  }
  Applied a;
  if (rng.chance(o.byte_mutate_percent)) {
    w.bytes = render(wire);
    a = mutate_bytes(w.bytes, rng);
  } else {
    a = mutate_frame(wire, v, rng, o.mutate);
    w.bytes = render(wire);
  }
  w.mutation = a.name;
  w.framing_ok = a.framing_ok;
  return w;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string fuzz_destination(const GenOptions& o, bool queue, std::size_t k) {
  return (queue ? o.queue_prefix : o.topic_prefix) + "stompspec-fuzz-" + std::string(kLanePlaceholder) + std::to_string(k);
}

std::string fill_lane(std::string bytes, const std::string& lane) {
  if (bytes.find(kLanePlaceholder) != std::string::npos) replace_all(bytes, kLanePlaceholder, lane);
  return bytes;
}

Plan make_plan(const GenOptions& o, std::uint64_t seed, std::uint64_t session) {
  Rng rng(seed, session);
  Plan p;
  p.seed = seed;
  p.session = session;
  p.version = o.versions.empty() ? Version::v1_2 : rng.pick(o.versions);
  Model m(o, p.version, rng);
  p.pre_connect = rng.chance(o.pre_connect_percent);
  if (p.pre_connect) {
    for (std::size_t i = rng.between(1, 3); i > 0; --i) p.writes.push_back(make_write(m.before_connect(), p.version, 0, rng, o));
    if (rng.chance(50)) return p;  // and never CONNECT at all
  }
  p.writes.push_back(make_write(m.connect(), p.version, o.connect_mutate_percent, rng, o));
  const std::size_t frames = rng.between(1, std::max<std::size_t>(1, o.max_frames));
  for (std::size_t i = 0; i < frames; ++i) p.writes.push_back(make_write(m.next(), p.version, o.mutate_percent, rng, o));
  if (rng.chance(30)) p.writes.push_back(make_write(m.disconnect(), p.version, o.mutate_percent, rng, o));
  return p;
}

std::string fill_placeholders(std::string bytes, const LastMessage& last) {
  if (bytes.find("@@") == std::string::npos) return bytes;
  replace_all(bytes, kAckPlaceholder, last.ack.empty() ? "no-such-ack" : last.ack);
  replace_all(bytes, kMessageIdPlaceholder, last.message_id.empty() ? "no-such-message" : last.message_id);
  replace_all(bytes, kSubscriptionPlaceholder, last.subscription.empty() ? "no-such-subscription" : last.subscription);
  return bytes;
}

}  // namespace stompspec::fuzzer
