#pragma once
// Fake run results for the report tests and the sample page: one case of
// every status, with the wire details that make reports hard (NUL, CRLF,
// non-UTF-8 octets, markup, a real-looking passcode).
#include <string>

#include "core/result.hpp"

namespace stompspec::test {

// A passcode no report may ever show.
inline constexpr const char* kSecret = "s3cr3t-Pa55";

inline TranscriptEntry entry(double t, TranscriptEntry::Kind k, std::string data,
                             std::string client = "c1") {
  return TranscriptEntry{t, std::move(client), k, std::move(data)};
}

inline CaseResult make_case(std::string id, Status status, std::string title) {
  CaseResult c;
  c.instance = id + "@1.2";
  c.id = std::move(id);
  c.title = std::move(title);
  c.version = "1.2";
  c.transport = "tcp";
  c.status = status;
  c.duration_ms = 12;
  return c;
}

inline RunReport sample_report() {
  using K = TranscriptEntry::Kind;
  RunReport r;
  r.tool_version = "0.1.0";
  r.target = "tcp://127.0.0.1:61613";
  r.profile = "rabbitmq";
  r.started_at = "2024-05-01T10:00:00Z";
  r.duration_ms = 1234;

  auto connect = make_case("stomp12/connect/1", Status::pass, "CONNECT is answered with CONNECTED");
  connect.refs = {{"1.2", "CONNECT", "MUST", "the broker answers a valid CONNECT with CONNECTED"}};
  connect.transcript = {
      entry(0, K::event, "connected to 127.0.0.1:61613"),
      entry(0.4, K::sent,
            std::string("CONNECT\r\naccept-version:1.2\r\nhost:/\r\nlogin:guest\r\npasscode:") +
                kSecret + "\r\n\r\n" + std::string(1, '\0')),
      entry(3.1, K::received,
            std::string("CONNECTED\nversion:1.2\nserver:RabbitMQ/3.13\nheart-beat:0,0\n\n") +
                std::string(1, '\0') + "\n")};
  r.cases.push_back(connect);

  auto send = make_case("stomp12/send/1", Status::fail, "SEND without destination is rejected");
  send.level = "MUST";
  send.refs = {{"1.2", "SEND", "MUST", "a SEND frame without destination is an error"}};
  send.requirements = {"send.destination.required"};
  send.message = "the broker accepted a SEND without destination";
  send.expected = "an ERROR frame, then the connection closes";
  send.actual = "RECEIPT receipt-id:77\nthe connection stayed open";
  send.transcript = {
      entry(0.2, K::sent, std::string("SEND\nreceipt:77\n\n<script>alert(1)</script>") +
                              std::string(1, '\0')),
      entry(5.5, K::received, std::string("RECEIPT\nreceipt-id:77\n\n") + std::string(1, '\0'))};
  r.cases.push_back(send);

  auto warn = make_case("stomp12/send/2", Status::warn, "content-length is honoured");
  warn.level = "SHOULD";
  warn.refs = {{"1.2", "SEND", "SHOULD", "the broker should add content-length on MESSAGE"}};
  warn.message = "MESSAGE has no content-length header";
  warn.expected = "content-length:5";
  warn.actual = "no content-length header";
  r.cases.push_back(warn);

  auto info = make_case("stomp11/heartbeat/1", Status::info, "heart-beating is offered");
  info.instance = "stomp11/heartbeat/1@1.1";
  info.version = "1.1";
  info.transport = "ws";
  info.level = "MAY";
  info.message = "the broker does not offer heart-beats";
  r.cases.push_back(info);

  auto skip = make_case("stomp12/subscribe/1", Status::skip, "client-individual ack");
  skip.reason = "profile does not offer ack:client-individual";
  r.cases.push_back(skip);

  auto error = make_case("stomp12/ack/1", Status::error, "ACK of an unknown message");
  error.message = "connection refused by 127.0.0.1:61613";
  error.transcript = {entry(0, K::event, "connect failed: Connection refused")};
  r.cases.push_back(error);

  auto xfail = make_case("stomp12/nack/1", Status::xfail, "NACK requeues");
  xfail.reason = "known deviation: NACK drops the message (issue 12)";
  r.cases.push_back(xfail);

  auto xpass = make_case("stomp12/receipt/3", Status::xpass, "RECEIPT for DISCONNECT");
  xpass.reason = "known deviation: no RECEIPT for DISCONNECT";
  r.cases.push_back(xpass);
  return r;
}

}  // namespace stompspec::test
