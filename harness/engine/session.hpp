#pragma once
// One named client of a case: a transport, a strict parser over what it
// receives, the heart-beats it owes, and the wire log of everything.
#include <memory>
#include <string>
#include <vector>

#include "codec/parser.hpp"
#include "report/result.hpp"
#include "transport/transport.hpp"

namespace stompspec {

// The wire log of one case, shared by its sessions.
class Recorder {
 public:
  explicit Recorder(std::vector<TranscriptEntry>& out) : out_(out), start_(Clock::now()) {}
  void sent(const std::string& client, std::string_view octets) { add(client, TranscriptEntry::Kind::sent, octets); }
  void received(const std::string& client, std::string_view octets) { add(client, TranscriptEntry::Kind::received, octets); }
  void event(const std::string& client, std::string_view text) { add(client, TranscriptEntry::Kind::event, text); }
  double elapsed_ms() const;

 private:
  void add(const std::string& client, TranscriptEntry::Kind kind, std::string_view data);
  std::vector<TranscriptEntry>& out_;
  Clock::time_point start_;
  std::size_t bytes_ = 0;
  bool truncated_ = false;
};

// What a session observed next.
struct Observation {
  enum class Kind { frame, heartbeat, malformed, closed, timeout };
  Kind kind = Kind::timeout;
  ParseEvent event;     // frame / heartbeat / malformed
  std::string detail;   // closed: why
  std::string describe() const;  // "ERROR (message: 'x')", "the connection closed (EOF)"
};

class Session {
 public:
  Session(std::string name, Url url, TransportOptions opt, Limits limits, Version v, Recorder& rec);

  const std::string& name() const { return name_; }
  bool opened() const { return transport_ != nullptr; }
  bool closed() const { return closed_; }

  std::error_code open(Millis timeout);
  std::error_code write(std::string_view octets, Millis timeout);
  // The next observation, waiting at most until `deadline`. While it waits it
  // sends the heart-beats this client owes.
  Observation next(Clock::time_point deadline);
  // Reads without consuming, so heart-beats flow and nothing is lost.
  void pump(Clock::time_point deadline);
  void close(Millis timeout);

  void set_version(Version v) { parser_.set_version(v); }
  Version version() const { return parser_.version(); }
  void set_heartbeat(Millis every);
  std::string subprotocol() const { return transport_ ? transport_->subprotocol() : std::string{}; }

 private:
  bool read_once(Clock::time_point deadline);  // false when nothing more can come
  void beat_if_due();

  std::string name_;
  Url url_;
  TransportOptions opt_;
  Recorder& rec_;
  Parser parser_;
  std::unique_ptr<Transport> transport_;
  bool closed_ = false;
  std::string close_detail_;
  Millis beat_every_{0};
  Clock::time_point last_write_{};
};

}  // namespace stompspec
