// Checks for SEND, MESSAGE, subscriptions, acknowledgement and transactions.
#include <algorithm>

#include "fault_check_helpers.hpp"
#include "fault_checks.hpp"

namespace stompspec::testing::checks {
namespace {

// One message through /queue/<name> with the given SEND headers and body.
std::optional<Frame> round_trip(FakeBroker& b, const std::string& name, std::vector<Header> headers,
                                std::string body = "x") {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/" + name)) return std::nullopt;
  send(*c, "/queue/" + name, std::move(body), std::move(headers));
  return c->receive();
}

std::string joined(const std::vector<Frame>& frames) {
  std::string out;
  for (const auto& f : frames) out += (out.empty() ? "" : ",") + f.body;
  return out;
}

// What a fresh subscriber to `dest` is given after `setup` ran on a client that was then dropped.
template <class Setup>
std::string left_behind(FakeBroker& b, const std::string& dest, Setup setup) {
  {
    auto c = open(b);
    if (!c) return "<no CONNECTED>";
    setup(*c);
  }
  auto next = open(b);
  if (!next || !sub(*next, "n", dest)) return "<setup failed>";
  return joined(drain(*next));
}

}  // namespace

std::string send_without_destination_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("SEND", {{"receipt", "r"}}, "nowhere"));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string user_header_is_carried(FakeBroker& b) {
  const auto m = round_trip(b, "user", {{"colour", "red"}});
  return header_or(m, "colour") == "red" ? "" : "user header lost";
}

std::string content_type_is_carried(FakeBroker& b) {
  const auto m = round_trip(b, "type", {{"content-type", "text/plain;charset=utf-8"}});
  return header_or(m, "content-type") == "text/plain;charset=utf-8" ? "" : "content-type lost";
}

std::string repeated_headers_keep_first_value(FakeBroker& b) {
  const auto m = round_trip(b, "repeat", {{"foo", "1"}, {"foo", "2"}});
  if (!m) return "no MESSAGE";
  const auto n = std::count_if(m->headers.begin(), m->headers.end(), [](const Header& h) { return h.name == "foo"; });
  if (header_or(m, "foo") != "1") return "first foo is '" + header_or(m, "foo") + "'";
  return n == 2 ? "" : std::to_string(n) + " foo entries instead of 2";
}

std::string header_values_are_not_trimmed(FakeBroker& b) {
  const auto m = round_trip(b, "pad", {{"pad", "  x  "}});
  return header_or(m, "pad") == "  x  " ? "" : "value trimmed to '" + header_or(m, "pad") + "'";
}

std::string body_with_nul_arrives_whole(FakeBroker& b) {
  const std::string body("a\0b", 3);
  const auto m = round_trip(b, "nul", {{"content-type", "application/octet-stream"}}, body);
  if (!m) return "no MESSAGE";
  if (m->command != "MESSAGE") return "malformed MESSAGE";
  return m->body == body ? "" : "body arrived as " + std::to_string(m->body.size()) + " octets";
}

std::string oversize_frame_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  send(*c, "/queue/big", std::string(4096, 'x'));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string message_has_required_headers(FakeBroker& b) {
  const auto m = round_trip(b, "req", {});
  if (!m) return "no MESSAGE";
  for (const char* name : {"destination", "message-id", "subscription"}) {
    if (!m->has(name)) return std::string("MESSAGE without ") + name;
  }
  return header_or(m, "subscription") == "s" ? "" : "subscription does not match";
}

std::string message_ids_are_unique(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/ids")) return "setup failed";
  send(*c, "/queue/ids", "1");
  send(*c, "/queue/ids", "2");
  const auto frames = drain(*c);
  if (frames.size() != 2) return std::to_string(frames.size()) + " messages instead of 2";
  const auto a = frames[0].find("message-id");
  const auto z = frames[1].find("message-id");
  return a && z && *a != *z ? "" : "duplicate message-id";
}

std::string client_mode_message_has_ack_header(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/ackh", "client")) return "setup failed";
  send(*c, "/queue/ackh", "x");
  const auto m = c->receive();
  return m && m->has("ack") ? "" : "MESSAGE without ack";
}

std::string subscribe_without_id_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("SUBSCRIBE", {{"destination", "/queue/noid"}, {"receipt", "r"}}));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string client_ack_is_cumulative(FakeBroker& b) {
  const std::string left = left_behind(b, "/queue/cum", [](TestClient& c) {
    if (!sub(c, "s", "/queue/cum", "client")) return;
    for (const char* body : {"1", "2", "3"}) send(c, "/queue/cum", body);
    std::vector<Frame> got;
    while (got.size() < 3) {
      auto m = c.receive();
      if (!m) return;
      got.push_back(*m);
    }
    c.send(make_frame("ACK", {{"id", header_or(got[1], "ack")}, {"receipt", "r"}}));
    c.receive();
  });
  return left == "3" ? "" : "redelivered after ACK of 2: " + left;
}

std::string unsubscribe_stops_delivery(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "u", "/topic/u")) return "setup failed";
  c->send(make_frame("UNSUBSCRIBE", {{"id", "u"}, {"receipt", "gone"}}));
  if (const auto r = c->receive(); !r || r->command != "RECEIPT") return "no RECEIPT for UNSUBSCRIBE";
  send(*c, "/topic/u", "late");
  return drain(*c).empty() ? "" : "MESSAGE after UNSUBSCRIBE";
}

std::string unsubscribe_without_id_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "u", "/topic/u")) return "setup failed";
  c->send(make_frame("UNSUBSCRIBE", {{"receipt", "r"}}));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string acked_message_is_not_redelivered(FakeBroker& b) {
  const std::string left = left_behind(b, "/queue/acked", [](TestClient& c) {
    if (!sub(c, "s", "/queue/acked", "client-individual")) return;
    send(c, "/queue/acked", "m");
    const auto m = c.receive();
    c.send(make_frame("ACK", {{"id", header_or(m, "ack")}, {"receipt", "r"}}));
    c.receive();
  });
  return left.empty() ? "" : "acked message redelivered";
}

std::string unacked_message_is_redelivered(FakeBroker& b) {
  const std::string left = left_behind(b, "/queue/unacked", [](TestClient& c) {
    if (!sub(c, "s", "/queue/unacked", "client-individual")) return;
    send(c, "/queue/unacked", "m");
    c.receive();
  });
  return left == "m" ? "" : "unacked message lost";
}

std::string nacked_message_is_redelivered(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/nacked", "client-individual")) return "setup failed";
  send(*c, "/queue/nacked", "m");
  const auto m = c->receive();
  if (!m) return "no MESSAGE";
  c->send(make_frame("NACK", {{"id", header_or(m, "ack")}}));
  const auto again = c->receive(1s);
  return again && again->body == "m" ? "" : "NACKed message not redelivered";
}

std::string nack_in_1_0_is_error(FakeBroker& b) {
  auto c = open(b, "1.0");
  if (!c) return "no CONNECTED";
  c->send(make_frame("NACK", {{"message-id", "m"}}));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string transactional_send_waits_for_commit(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/tx")) return "setup failed";
  c->send(make_frame("BEGIN", {{"transaction", "t"}}));
  send(*c, "/queue/tx", "held", {{"transaction", "t"}});
  return drain(*c).empty() ? "" : "delivered before COMMIT";
}

std::string commit_delivers(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/tx")) return "setup failed";
  c->send(make_frame("BEGIN", {{"transaction", "t"}}));
  send(*c, "/queue/tx", "held", {{"transaction", "t"}});
  c->send(make_frame("COMMIT", {{"transaction", "t"}}));
  return joined(drain(*c)) == "held" ? "" : "nothing delivered at COMMIT";
}

std::string abort_discards(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/tx")) return "setup failed";
  c->send(make_frame("BEGIN", {{"transaction", "t"}}));
  send(*c, "/queue/tx", "held", {{"transaction", "t"}});
  c->send(make_frame("ABORT", {{"transaction", "t"}}));
  return drain(*c).empty() ? "" : "delivered despite ABORT";
}

std::string unknown_transaction_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  send(*c, "/queue/tx", "x", {{"transaction", "nope"}, {"receipt", "r"}});
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string begin_without_transaction_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("BEGIN", {{"receipt", "r"}}));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string disconnect_aborts_transactions(FakeBroker& b) {
  const std::string left = left_behind(b, "/queue/txd", [](TestClient& c) {
    c.send(make_frame("BEGIN", {{"transaction", "t"}}));
    send(c, "/queue/txd", "orphan", {{"transaction", "t"}, {"receipt", "r"}});
    c.receive();
  });
  return left.empty() ? "" : "transaction committed at disconnect";
}

}  // namespace stompspec::testing::checks
