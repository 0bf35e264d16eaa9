#include "proxy/rewriter.hpp"

#include <charconv>

#include "proxy/raw_frame.hpp"

namespace stompspec::proxy {
namespace {

// "a,b" into two numbers; 0,0 when absent or unreadable (1.2 Heart-beating).
void parse_beat(const std::string* v, long& a, long& b) {
  a = b = 0;
  if (v == nullptr) return;
  const auto comma = v->find(',');
  if (comma == std::string::npos) return;
  std::from_chars(v->data(), v->data() + comma, a);
  std::from_chars(v->data() + comma + 1, v->data() + v->size(), b);
}

std::string short_id(const RawFrame& f) {
  for (const char* name : {"receipt-id", "message-id", "receipt", "id", "destination"})
    if (auto v = f.value(name)) return std::string(name) + ":" + *v;
  return {};
}

// wrong-content-length: one octet fewer than the body holds (one more when
// it is empty), so the NUL is not where the header says.
void break_length(RawFrame& f) {
  const std::size_t n = f.body.empty() ? 1 : f.body.size() - 1;
  f.set("content-length", std::to_string(n));
}

}  // namespace

Rewriter::Rewriter(Direction d, const FaultSet& faults, SessionFacts& facts, RewriteLog log)
    : dir_(d),
      faults_(faults),
      facts_(facts),
      log_(std::move(log)),
      rewriting_(faults.any(d)),
      parser_(Version::v1_2, Peer::any) {
  parser_.set_lenient_errors(d == Direction::from_broker);
}

void Rewriter::note(Fault f, const std::string& what) const {
  if (log_) log_(f, what);
}

void Rewriter::feed(std::string_view octets, std::vector<Piece>& out) {
  if (!rewriting_) {
    if (!octets.empty()) out.push_back({std::string(octets)});
    if (!observing_) return;
    parser_.feed(octets);
    while (auto ev = parser_.next()) {
      if (ev->kind == ParseEvent::Kind::heartbeat) continue;
      if (ev->kind == ParseEvent::Kind::frame) observe(ev->frame);
      observing_ = false;  // the first frame told what we need
      return;
    }
    return;
  }
  buf_.append(octets);
  parser_.set_version(facts_.version);
  parser_.feed(octets);
  std::size_t sent = base_;  // stream offset up to which out holds everything
  while (parser_.next(event_)) {
    // Octets the parser skipped (an over-limit frame's rest) go as they are.
    if (event_.offset > sent) out.push_back({buf_.substr(sent - base_, event_.offset - sent)});
    const std::size_t end = parser_.consumed();
    on_event(event_, std::string_view(buf_).substr(event_.offset - base_, end - event_.offset), out);
    sent = end;
    parser_.set_version(facts_.version);  // CONNECTED may just have changed it
  }
  if (parser_.consumed() > sent) {
    out.push_back({buf_.substr(sent - base_, parser_.consumed() - sent)});
    sent = parser_.consumed();
  }
  buf_.erase(0, sent - base_);
  base_ = sent;
}

void Rewriter::on_event(const ParseEvent& ev, std::string_view octets, std::vector<Piece>& out) {
  using K = ParseEvent::Kind;
  if (ev.kind == K::heartbeat) {
    if (dir_ == Direction::from_broker && faults_.has(Fault::suppress_heartbeats)) {
      note(Fault::suppress_heartbeats, "heart-beat dropped");
      return;
    }
    if (dir_ == Direction::from_client && faults_.has(Fault::client_suppress_heartbeats)) {
      note(Fault::client_suppress_heartbeats, "heart-beat dropped");
      return;
    }
    if (dir_ == Direction::from_broker && faults_.has(Fault::delay_heartbeats)) {
      // Late enough to be late under any sane tolerance, and the first gap
      // after CONNECTED grows by all of it: 3x the interval, at least 2 s.
      const Millis d = std::max(Millis(2000), 3 * facts_.broker_beat());
      note(Fault::delay_heartbeats, "heart-beat held back " + std::to_string(d.count()) + " ms");
      out.push_back({std::string(octets), false, d});
      return;
    }
    out.push_back({std::string(octets)});
    return;
  }
  if (ev.kind == K::malformed) {
    out.push_back({std::string(octets)});
    return;
  }
  observe(ev.frame);
  std::string bytes(octets);
  if (!rewrite_frame(ev.frame, bytes)) return;  // dropped
  place_frame(ev.frame, std::move(bytes), out);
}

void Rewriter::observe(const Frame& f) {
  if (f.command == "CONNECT" || f.command == "STOMP") {
    parse_beat(f.find("heart-beat"), facts_.cx, facts_.cy);
  } else if (f.command == "CONNECTED") {
    const std::string* v = f.find("version");
    facts_.version = v ? parse_version(*v).value_or(Version::v1_2) : Version::v1_0;
    facts_.connected = true;
    parse_beat(f.find("heart-beat"), facts_.sx, facts_.sy);
  } else if (f.command == "ERROR" && dir_ == Direction::from_broker) {
    facts_.error_to_client = true;
  }
}

// Edits the frame for the faults on; false when it is to be dropped.
bool Rewriter::rewrite_frame(const Frame& f, std::string& octets) {
  auto raw = RawFrame::split(octets);
  if (!raw) return true;  // the parser's frame always splits; be safe anyway
  const std::string& cmd = f.command;
  bool changed = false;
  auto strip = [&](Fault fault, const char* header) {
    if (faults_.has(fault) && raw->remove(header)) {
      note(fault, cmd + " " + short_id(*raw) + ": " + header + " removed");
      changed = true;
    }
  };
  if (dir_ == Direction::from_broker) {
    if (cmd == "RECEIPT" && faults_.has(Fault::drop_receipt)) {
      note(Fault::drop_receipt, "RECEIPT " + short_id(*raw) + " dropped");
      return false;
    }
    if (cmd == "MESSAGE") {
      strip(Fault::strip_message_id, "message-id");
      strip(Fault::strip_subscription, "subscription");
      strip(Fault::strip_ack, "ack");
    }
    if ((cmd == "MESSAGE" || cmd == "RECEIPT" || cmd == "ERROR") && faults_.has(Fault::unescape_headers) &&
        raw->unescape_headers()) {
      note(Fault::unescape_headers, cmd + ": escapes undone");
      changed = true;
    }
    if ((cmd == "MESSAGE" || cmd == "ERROR") && faults_.has(Fault::wrong_content_length)) {
      break_length(*raw);
      note(Fault::wrong_content_length, cmd + " " + short_id(*raw) + ": content-length " + *raw->value("content-length") +
                                            " for " + std::to_string(raw->body.size()) + " octets");
      changed = true;
    }
    if (cmd == "CONNECTED" && faults_.has(Fault::downgrade_version)) {
      const auto v = raw->value("version");
      if (v && *v == "1.2") raw->set("version", "1.1");
      else if (v && *v == "1.1") raw->set("version", "1.0");
      else raw->remove("version");
      note(Fault::downgrade_version, "CONNECTED version " + v.value_or("(none)") + " -> " + raw->value("version").value_or("(none)"));
      changed = true;
    }
  } else {
    if (cmd == "SUBSCRIBE" || cmd == "UNSUBSCRIBE") strip(Fault::client_strip_subscribe_id, "id");
    if (cmd == "ACK" || cmd == "NACK") {
      strip(Fault::client_strip_ack_id, "id");
      strip(Fault::client_strip_ack_id, "message-id");
    }
    if (cmd == "DISCONNECT") strip(Fault::client_drop_disconnect_receipt, "receipt");
    if (cmd == "CONNECT" || cmd == "STOMP") strip(Fault::client_downgrade_version, "accept-version");
    if (cmd != "CONNECT" && cmd != "STOMP" && faults_.has(Fault::client_unescape_headers) && raw->unescape_headers()) {
      note(Fault::client_unescape_headers, cmd + ": escapes undone");
      changed = true;
    }
    if (cmd == "SEND" && faults_.has(Fault::client_wrong_content_length)) {
      break_length(*raw);
      note(Fault::client_wrong_content_length, "SEND: content-length " + *raw->value("content-length") + " for " +
                                                   std::to_string(raw->body.size()) + " octets");
      changed = true;
    }
  }
  if (changed) octets = raw->join();
  return true;
}

// duplicate-message and reorder-message decide when a MESSAGE goes out.
void Rewriter::place_frame(const Frame& f, std::string octets, std::vector<Piece>& out) {
  const bool message = dir_ == Direction::from_broker && f.command == "MESSAGE";
  if (message && faults_.has(Fault::reorder_message)) {
    if (held_ == 0) {
      held_ = ++next_hold_;
      note(Fault::reorder_message, "MESSAGE held back for the next one");
      out.push_back({std::move(octets), true, kReorderWait, held_});
      return;
    }
    out.push_back({std::move(octets)});
    out.push_back({{}, false, Millis(0), 0, held_});
    note(Fault::reorder_message, "MESSAGE sent before the one held back");
    held_ = 0;
    return;
  }
  if (message && faults_.has(Fault::duplicate_message)) {
    note(Fault::duplicate_message, "MESSAGE sent twice");
    out.push_back({octets});
    out.push_back({std::move(octets), true});
    return;
  }
  out.push_back({std::move(octets)});
}

}  // namespace stompspec::proxy
