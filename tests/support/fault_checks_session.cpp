// Checks for connecting, heart-beating, receipts, errors and framing.
#include <algorithm>

#include "fault_check_helpers.hpp"
#include "fault_checks.hpp"

namespace stompspec::testing::checks {

std::string connected_names_offered_version(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect("1.1,1.2");
  if (r.command != "CONNECTED") return "no CONNECTED";
  const std::string* v = r.find("version");
  if (v == nullptr) return "CONNECTED without version";
  if (*v != "1.2") return "CONNECTED names version " + *v;
  return {};
}

std::string version_mismatch_is_error_then_close(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect("2.0");
  if (r.command != "ERROR") return r.command + " instead of ERROR";
  if (!r.has("version")) return "ERROR without version";
  if (!c->wait_closed()) return "connection left open";
  return {};
}

std::string wrong_passcode_is_refused(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect({{"accept-version", "1.2"}, {"login", "guest"}, {"passcode", "wrong"}});
  if (r.command != "ERROR") return r.command + " for a wrong passcode";
  return c->wait_closed() ? "" : "connection left open";
}

std::string connect_is_answered(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  c->send(make_frame("CONNECT", {{"accept-version", "1.2"}, {"host", "/"}}));
  const auto r = c->receive(1s);
  return r && r->command == "CONNECTED" ? "" : "no answer to CONNECT";
}

std::string connected_values_are_not_escaped(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect("1.2");
  const std::string server = r.find("server") ? *r.find("server") : "<absent>";
  return server == kServerWithBackslash ? "" : "server header arrived as '" + server + "'";
}

std::string connect_values_are_not_unescaped(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  // A literal backslash-t: in CONNECT it is two octets, not an escape.
  const Frame r = c->connect({{"accept-version", "1.2"}, {"host", "a\\tb"}});
  return r.command == "CONNECTED" ? "" : r.command + " for a backslash in a CONNECT value";
}

std::string broker_beats_as_negotiated(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect({{"accept-version", "1.2"}, {"heart-beat", "0,200"}});
  const std::string hb = r.find("heart-beat") ? *r.find("heart-beat") : "0,0";
  if (hb.starts_with("0,")) return "CONNECTED offers no heart-beats (" + hb + ")";
  const auto start = std::chrono::steady_clock::now();
  c->wait_closed(1200ms);
  const auto& beats = c->heartbeat_times();
  if (beats.size() < 4) return "only " + std::to_string(beats.size()) + " heart-beats in 1.2 s";
  auto previous = start;
  for (auto t : beats) {
    // 200 ms were agreed; twice that is a loose bound for a loaded machine.
    if (t - previous > 400ms) return "a heart-beat gap over 400 ms";
    previous = t;
  }
  return {};
}

std::string silent_client_is_dropped(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  const Frame r = c->connect({{"accept-version", "1.2"}, {"heart-beat", "150,0"}});
  const std::string hb = r.find("heart-beat") ? *r.find("heart-beat") : "0,0";
  if (hb.ends_with(",0")) return "CONNECTED wants no heart-beats (" + hb + ")";
  return c->wait_closed(1500ms) ? "" : "a silent client was kept";
}

std::string beating_client_is_kept(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  if (c->connect({{"accept-version", "1.2"}, {"heart-beat", "150,0"}}).command != "CONNECTED") return "no CONNECTED";
  for (int i = 0; i < 10; ++i) {
    c->send_raw("\n");
    if (c->wait_closed(100ms)) return "a client beating every 100 ms was dropped";
  }
  return {};
}

std::string nothing_after_disconnect_receipt(FakeBroker& b) {
  auto c = open(b);
  auto other = open(b);
  if (!c || !other || !sub(*c, "d", "/topic/d")) return "setup failed";
  c->send(make_frame("DISCONNECT", {{"receipt", "bye"}}));
  const auto r = c->receive();
  if (!r || r->command != "RECEIPT") return "no RECEIPT for DISCONNECT";
  send(*other, "/topic/d", "late");
  for (const Frame& f : drain(*c)) {
    if (f.command == "MESSAGE") return "MESSAGE after the DISCONNECT receipt";
  }
  return {};
}

std::string disconnect_gets_receipt(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("DISCONNECT", {{"receipt", "bye"}}));
  const auto r = c->receive(1s);
  return r && r->command == "RECEIPT" ? "" : "no RECEIPT for DISCONNECT";
}

std::string receipt_id_matches(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("BEGIN", {{"transaction", "t"}, {"receipt", "r-1"}}));
  const auto r = c->receive(1s);
  if (!r || r->command != "RECEIPT") return "no RECEIPT";
  const std::string id = header_or(r, "receipt-id");
  return id == "r-1" ? "" : "receipt-id '" + id + "' for receipt 'r-1'";
}

std::string error_closes_connection(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("SEND", {}, "nowhere"));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string error_has_message_header(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("SEND", {}, "nowhere"));
  const auto e = c->receive();
  if (!e || e->command != "ERROR") return "no ERROR";
  return e->has("message") ? "" : "ERROR without message";
}

std::string error_has_receipt_id(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send(make_frame("SEND", {{"receipt", "r9"}}, "nowhere"));
  const auto e = c->receive();
  if (!e || e->command != "ERROR") return "no ERROR";
  return header_or(e, "receipt-id") == "r9" ? "" : "ERROR without receipt-id r9";
}

std::string malformed_frame_is_error(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send_raw(std::string("SEND\ndestination:/queue/m\nbad:\\t\n\nx") + '\0');
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string frame_before_connect_is_error(FakeBroker& b) {
  auto c = TestClient::tcp(b.port());
  c->send(make_frame("SEND", {{"destination", "/queue/early"}, {"receipt", "r"}}, "early"));
  const std::string r = error_then_close(*c);
  return r == "ERROR" ? "" : r;
}

std::string special_octets_round_trip(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/odd")) return "setup failed";
  const std::string odd = "a:b\nc\\d";
  send(*c, "/queue/odd", "x", {{"odd", odd}});
  const auto m = c->receive();
  if (!m || m->command != "MESSAGE") return m ? "malformed MESSAGE" : "no MESSAGE";
  const std::string got = header_or(m, "odd");
  return got == odd ? "" : "odd header arrived as '" + got + "'";
}

std::string no_escaping_in_1_0(FakeBroker& b) {
  auto c = open(b, "1.0");
  if (!c || !sub(*c, "s", "/queue/ten")) return "setup failed";
  send(*c, "/queue/ten", "x", {{"path", "a\\b"}});
  const auto m = c->receive();
  if (!m || m->command != "MESSAGE") return "no MESSAGE";
  const std::string got = header_or(m, "path");
  return got == "a\\b" ? "" : "1.0 header arrived as '" + got + "'";
}

std::string crlf_is_accepted_in_1_2(FakeBroker& b) {
  auto c = open(b);
  if (!c) return "no CONNECTED";
  c->send_raw(std::string("BEGIN\r\ntransaction:t\r\nreceipt:crlf\r\n\r\n") + '\0');
  const auto r = c->receive();
  if (!r) return "no answer to a CRLF frame";
  return r->command == "RECEIPT" ? "" : r->command + " for a CRLF frame";
}

std::string messages_are_well_formed(FakeBroker& b) {
  auto c = open(b);
  if (!c || !sub(*c, "s", "/queue/wf")) return "setup failed";
  send(*c, "/queue/wf", "body");
  const auto m = c->receive();
  if (!m) return "no MESSAGE";
  return m->command == "MESSAGE" ? "" : "malformed MESSAGE";
}

}  // namespace stompspec::testing::checks
