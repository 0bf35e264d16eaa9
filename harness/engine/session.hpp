#pragma once
// One named client of a case: a wire::Connection (transport, strict parser,
// the case's wire log) and what the engine adds on top: the heart-beats the
// client owes, the frame audit, and the receipt-less barrier's hidden marker
// subscriptions with what it read meanwhile held for the case.
#include <deque>
#include <set>
#include <string>

#include "codec/parser.hpp"
#include "engine/audit.hpp"
#include "core/result.hpp"
#include "transport/transport.hpp"
#include "wire/connection.hpp"
#include "wire/transcript.hpp"

namespace stompspec {

// The wire log of one case, shared by its sessions (wire/transcript.hpp):
// 20,000 entries or 4 MiB per case.
using Recorder = wire::Transcript;

// What a session observed next.
struct Observation {
  enum class Kind { frame, heartbeat, malformed, closed, timeout };
  Kind kind = Kind::timeout;
  ParseEvent event;     // frame / heartbeat / malformed
  std::string detail;   // closed: why
  CloseHow how = CloseHow::reset;  // closed: orderly, or abrupt (frames may have been lost)
  std::string describe() const;  // "ERROR (message: 'x')", "the connection closed (EOF)"
};

class Session {
 public:
  Session(std::string name, Url url, TransportOptions opt, Limits limits, Version v, Recorder& rec);

  const std::string& name() const { return conn_.name(); }
  bool opened() const { return conn_.opened(); }
  bool closed() const { return conn_.closed(); }

  std::error_code open(Millis timeout) { return conn_.open(timeout); }
  // Why open() failed, with the transport's detail (a TLS verification error).
  const std::string& open_failure() const { return conn_.close_detail(); }
  // A write that fails because the broker has gone leaves the read side
  // alone: what the broker sent before it closed (an ERROR, typically) is
  // still read, and the close is observed by the next expectation. Later
  // writes fail at once with the same error.
  std::error_code write(std::string_view octets, Millis timeout) { return conn_.write(octets, timeout); }
  std::error_code write_error() const { return conn_.write_error(); }
  // Whether an expectation has been handed the close of this connection.
  bool close_observed() const { return close_observed_; }
  // The next observation, waiting at most until `deadline`. While it waits it
  // sends the heart-beats this client owes.
  Observation next(Clock::time_point deadline);
  // Reads without consuming, so heart-beats flow and nothing is lost.
  void pump(Clock::time_point deadline);

  // The receipt-less barrier (engine.cpp): MESSAGEs of this subscription id or
  // destination are the harness's own markers, never shown to next().
  void hide_messages(const std::string& subscription, const std::string& destination);
  enum class MarkerEnd { arrived, error, closed, timeout };
  // Reads until a marker MESSAGE carrying `token` in header `stompspec-marker`
  // arrives. Everything else read meanwhile (heart-beats aside) is kept, in
  // order, for next(); an ERROR or a close ends the wait early so that the
  // case's own expectations judge them.
  MarkerEnd await_marker(const std::string& token, Clock::time_point deadline);
  void close(Millis timeout) { conn_.close(timeout); }

  // After CONNECTED: the agreed version rules every later frame, ERRORs included.
  void set_version(Version v) { conn_.set_version(v); }
  // Every frame this session reads is also checked here (shared by a case's sessions).
  void set_audit(FrameAudit* audit) { audit_ = audit; }
  Version version() const { return conn_.version(); }
  // Octets received that no event has consumed yet: a frame still unfinished.
  std::size_t unfinished_octets() const { return conn_.buffered(); }
  void set_heartbeat(Millis every);
  std::string subprotocol() const { return conn_.subprotocol(); }

 private:
  bool read_once(Clock::time_point deadline);  // false when nothing more can come
  Observation read_next(Clock::time_point deadline);  // next() without held frames or hiding
  bool hidden(const Observation& o) const;
  void beat_if_due();

  wire::Connection conn_;  // the engine's reading: lenient ERRORs until CONNECTED, set_version after it
  FrameAudit* audit_ = nullptr;
  bool close_observed_ = false;
  Millis beat_every_{0};
  std::deque<Observation> held_;  // read during a barrier, not yet handed to next()
  std::set<std::string> hidden_subscriptions_, hidden_destinations_;
};

}  // namespace stompspec
