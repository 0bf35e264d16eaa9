// SEND, SUBSCRIBE, UNSUBSCRIBE, ACK/NACK, transactions, DISCONNECT and the
// MESSAGE frames a subscription receives.
#include <algorithm>
#include <set>

#include "codec/escape.hpp"
#include "codec/serializer.hpp"
#include "session.hpp"

namespace stompspec::testing {
namespace {

std::string trimmed(const std::string& v) {
  const auto first = v.find_first_not_of(" \t");
  const auto last = v.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
}

// UTF-8 to ISO-8859-1: code points past U+00FF (and stray octets) become '?'.
std::string to_latin1(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < in.size()) {
      out += static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(in[++i]) & 0x3F));
    } else {
      out += '?';
      while (i + 1 < in.size() && (static_cast<unsigned char>(in[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

std::optional<AckMode> parse_ack_mode(const std::string& s) {
  if (s == "auto") return AckMode::auto_;
  if (s == "client") return AckMode::client;
  if (s == "client-individual") return AckMode::client_individual;
  return std::nullopt;
}

}  // namespace

bool Session::on_send(const Frame& f, bool from_commit) {
  const auto dest = header(f, "destination");
  if (!dest || dest->empty()) {
    if (from_commit || f_.accept_send_without_destination) return true;
    error(&f, "missing destination", "SEND requires a destination header");
    return false;
  }
  if (!from_commit) {
    bool held = false;
    if (!hold_in_transaction(f, held)) return false;
    if (held) return true;
    if (f_.drop_all_messages) return true;
    if (f_.lose_send_before_disconnect) {
      if (pending_send_) core_.publish(*pending_send_);
      pending_send_ = to_message(f, *dest);
      return true;
    }
    // A RECEIPT and the MESSAGEs a SEND causes have no order between them.
    if (v_.receipt_before_delivery) {
      receipt(f);
      receipt_sent_ = true;
    }
  }
  Message m = to_message(f, *dest);
  core_.publish(m);
  return true;
}

Message Session::to_message(const Frame& f, std::string destination) const {
  // Headers the broker sets itself, or that only mean something on SEND.
  static const std::set<std::string, std::less<>> own{"destination", "transaction", "receipt", "content-length",
                                                      "message-id",  "subscription", "ack"};
  Message m{std::move(destination), core_.next_message_id(), {}, f.body, this};
  if (f_.truncate_body_at_nul) m.body = m.body.substr(0, m.body.find('\0'));
  if (f_.latin1_bodies) m.body = to_latin1(m.body);
  for (const auto& h : f.headers) {
    if (own.contains(h.name) || (f_.drop_empty_headers && h.value.empty())) continue;
    Header carried = h;
    if (f_.trim_header_values) carried.value = trimmed(carried.value);
    if (f_.crlf_is_eol_before_1_2 && version_ != Version::v1_2 && carried.value.ends_with('\r')) carried.value.pop_back();
    if (f_.mangle_non_ascii_headers) {
      for (auto* s : {&carried.name, &carried.value})
        for (auto& ch : *s)
          if (static_cast<unsigned char>(ch) >= 0x80) ch = '?';
    }
    if (f_.no_header_unescaping) {
      carried.name = escape_header(carried.name, version_);
      carried.value = escape_header(carried.value, version_);
    }
    m.headers.push_back(std::move(carried));
  }
  if (f_.last_repeated_header_wins) {
    std::vector<Header> last_only;
    for (auto it = m.headers.rbegin(); it != m.headers.rend(); ++it) {
      const bool seen = std::any_of(last_only.begin(), last_only.end(), [&](const Header& h) { return h.name == it->name; });
      if (!seen) last_only.insert(last_only.begin(), *it);
    }
    m.headers = std::move(last_only);
  }
  return m;
}

bool Session::on_subscribe(const Frame& f) {
  const auto dest = header(f, "destination");
  if (!dest || dest->empty()) {
    error(&f, "missing destination", "SUBSCRIBE requires a destination header");
    return false;
  }
  const auto id = header(f, "id");
  if (!id && version_ != Version::v1_0 && !f_.accept_subscribe_without_id) {
    error(&f, "missing id", "SUBSCRIBE requires an id header");
    return false;
  }
  if (f_.reject_subscribe_body && !f.body.empty()) {
    error(&f, "unexpected body", "SUBSCRIBE takes no body");
    return false;
  }
  const auto mode = parse_ack_mode(header(f, "ack").value_or("auto"));
  if (!mode) {
    error(&f, "invalid ack mode", "ack must be auto, client or client-individual");
    return false;
  }
  const std::string key = id ? *id : "@" + *dest;
  if (subs_.contains(key)) {
    error(&f, "duplicate subscription", "The subscription id '" + key + "' is already in use");
    return false;
  }
  auto s = std::make_unique<SubState>();
  s->sub = Subscription{this, id.value_or(""), *dest, *mode};
  core_.add_subscription(&s->sub);
  subs_.emplace(key, std::move(s));
  deliver_stored_after_receipt_ = *dest;
  return true;
}

bool Session::on_unsubscribe(const Frame& f) {
  const auto id = header(f, "id");
  auto it = id ? subs_.find(*id) : subs_.end();
  if (!id) {
    // 1.0 may unsubscribe by destination instead.
    const auto dest = header(f, "destination");
    if (version_ != Version::v1_0 || !dest) {
      if (f_.accept_unsubscribe_without_id) return true;
      error(&f, "missing id", "UNSUBSCRIBE requires an id header");
      return false;
    }
    it = std::find_if(subs_.begin(), subs_.end(), [&](const auto& kv) { return kv.second->sub.destination == *dest; });
  }
  if (it == subs_.end() || f_.deliver_after_unsubscribe) return true;
  auto gone = std::move(it->second);
  subs_.erase(it);
  core_.remove_subscription(&gone->sub);
  // Its unacked messages can no longer be acknowledged: another consumer gets them.
  for (const Message& m : given_back(*gone)) core_.redeliver(m, nullptr);
  return true;
}

bool Session::check_ack_headers(const Frame& f, bool from_commit) {
  std::vector<std::string> needed{version_ == Version::v1_2 ? "id" : "message-id"};
  if (version_ == Version::v1_1) needed.emplace_back("subscription");
  for (const auto& name : needed) {
    if (header(f, name)) continue;
    if (!from_commit) error(&f, "missing " + name, f.command + " requires a " + name + " header");
    return false;
  }
  return true;
}

Session::SubState* Session::find_delivery(const Frame& f, std::deque<Delivery>::iterator& at) {
  const auto ack_id = header(f, "id");
  const auto message_id = header(f, "message-id");
  const auto subscription = header(f, "subscription");
  for (auto& [key, s] : subs_) {
    if (version_ != Version::v1_2 && subscription && s->sub.id != *subscription) continue;
    for (auto it = s->unacked.begin(); it != s->unacked.end(); ++it) {
      const bool match = version_ == Version::v1_2 ? it->ack_id == ack_id : it->message.id == message_id;
      if (!match) continue;
      at = it;
      return s.get();
    }
  }
  return nullptr;
}

bool Session::on_ack(const Frame& f, bool nack, bool from_commit) {
  if (nack && version_ == Version::v1_0 && !f_.accept_nack_in_1_0) {
    if (!from_commit) error(&f, "unknown command", "NACK is not part of STOMP 1.0");
    return false;
  }
  if (!check_ack_headers(f, from_commit)) return from_commit;
  if (!from_commit && !(f_.ack_ignores_transaction && !nack)) {
    bool held = false;
    if (!hold_in_transaction(f, held)) return false;
    if (held) return true;
  }
  std::deque<Delivery>::iterator at;
  SubState* s = find_delivery(f, at);
  // An unknown or already acknowledged message is not worth dropping a client over.
  if (s == nullptr || (!nack && f_.ignore_acks)) return true;
  const bool cumulative = (s->sub.mode == AckMode::client && !f_.client_ack_not_cumulative) ||
                          (s->sub.mode == AckMode::client_individual && f_.individual_ack_cumulative);
  const auto first = cumulative ? s->unacked.begin() : at;
  std::vector<Message> nacked;
  if (nack) {
    for (auto it = first; it != std::next(at); ++it) nacked.push_back(it->message);
  }
  s->unacked.erase(first, std::next(at));
  if (v_.reversed_redelivery) std::reverse(nacked.begin(), nacked.end());
  if (!f_.no_redelivery_after_nack)
    for (const Message& m : nacked) core_.redeliver(m, &s->sub);
  release_pending(*s);
  return true;
}

std::vector<Message> Session::given_back(SubState& s) const {
  std::vector<Message> out;
  for (const Delivery& d : s.unacked) out.push_back(d.message);
  for (const Message& m : s.pending) out.push_back(m);
  s.unacked.clear();
  s.pending.clear();
  if (v_.reversed_redelivery) std::reverse(out.begin(), out.end());
  return out;
}

void Session::release_pending(SubState& s) {
  while (s.unacked.empty() && !s.pending.empty()) {
    Message m = std::move(s.pending.front());
    s.pending.pop_front();
    deliver(s.sub, m);
  }
}

bool Session::on_disconnect(const Frame& f) {
  if (f_.deliver_after_disconnect_receipt) {
    receipt(f);
    phase_ = Phase::ignoring;
    return true;
  }
  pending_send_.reset();  // lose_send_before_disconnect
  core_.note_disconnect();
  // Unsubscribe before the RECEIPT so that nothing can follow it.
  teardown();
  receipt(f);
  phase_ = Phase::closed;
  io_.close_after_flush();
  return true;
}

void Session::deliver(Subscription& sub, const Message& m) {
  auto it = std::find_if(subs_.begin(), subs_.end(), [&](const auto& kv) { return &kv.second->sub == &sub; });
  if (it == subs_.end()) return;
  f_ = core_.faults();
  v_ = core_.variations();
  SubState& s = *it->second;
  // A prefetch of 1: the next message waits for the previous one's ACK/NACK.
  if (v_.prefetch_one && s.sub.mode != AckMode::auto_ && !s.unacked.empty()) {
    s.pending.push_back(m);
    return;
  }
  std::string ack_id;
  if (s.sub.mode != AckMode::auto_ || f_.auto_acts_as_client) {
    ack_id = core_.next_ack_id();
    s.unacked.push_back({ack_id, m});
  }
  io_.write(serialize_message(s, m, ack_id));
}

std::string Session::serialize_message(const SubState& s, const Message& m, const std::string& ack_id) const {
  if (f_.send_malformed_frames) return "MESSAGE\nthis header line has no colon\n\n" + m.body + std::string(1, '\0');
  Frame out{"MESSAGE", {}, m.body};
  if (!f_.omit_destination) out.add("destination", f_.rewrite_destination ? "/rewritten" + m.destination : m.destination);
  if (!f_.omit_message_id) out.add("message-id", f_.duplicate_message_ids ? "msg-0" : m.id);
  if (!s.sub.id.empty() && !f_.omit_subscription_header) out.add("subscription", s.sub.id);
  if (version_ == Version::v1_2 && !ack_id.empty() && !f_.omit_ack_header) out.add("ack", ack_id);
  for (const auto& h : m.headers) {
    const bool is_type = h.name == "content-type";
    if ((is_type && f_.drop_content_type) || (!is_type && f_.drop_user_headers)) continue;
    out.headers.push_back(h);
    if (is_type && f_.mangle_content_type) out.headers.back().value = "text";
    if (is_type && f_.drop_charset) out.headers.back().value = out.headers.back().value.substr(0, h.value.find(';'));
  }
  SerializeOptions opt;
  opt.escape = !f_.no_header_escaping;
  if (f_.omit_content_length) opt.content_length = SerializeOptions::ContentLength::never;
  if (f_.wrong_content_length) {
    out.set("content-length", std::to_string(m.body.empty() ? 1 : m.body.size() - 1));
    opt.content_length = SerializeOptions::ContentLength::never;
  }
  Version v = version_;
  if (v == Version::v1_0 && f_.escape_headers_in_1_0) v = Version::v1_1;
  return wire(std::move(out), opt, v);
}

}  // namespace stompspec::testing
